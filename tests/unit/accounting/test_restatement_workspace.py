"""Restatement over a workspace: processed years recorded under r1, restated under the pinned r2.

One partner, lines: light fuel oil 1000 l, electricity 10 MWh, mixed waste to incineration 2 t (AR5).
2022 under fi-2022-r1: Scope 1 2655.3343375 (see test_factor_sets_r2); Scope 2 location 10 000 x 0.13042
= 1304.2, market 10 000 x 0.5549 = 5549; Scope 3 626.65 (WTT) + 185.3 (UK T&D) + 1012 (waste) = 1823.95;
total market 10 028.2843375.
2022 under fi-2022-r2: Scope 3 626.65 + 9.37136 = 636.02136 (no T&D, cut-off waste); location and market
unchanged; total market 8840.3557075.
2022 under fi-2022-r3 (pinned now): as r2 with the 2022 residual mix, market 10 000 x 0.47127 = 4712.7; total
market 2655.3343375 + 4712.7 + 636.02136 = 8004.0556975; difference -2024.22864 = -20.185 % of the market-based
and -1187.92864 = -20.540 % of the location-based total (5783.4843375): at 5 % the base year must be
recalculated, at 25 % it need not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run_cli
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.reporting.processed import write_partner
from paastolaskuri.reporting.restatement_data import (
    lines_from_emissions,
    previous_revision,
    restate_partner,
    restated_totals,
    sets_for_year,
)

LINES = (
    "site,activity,quantity,unit,quality,own_factor,own_factor_source,contract,note\n"
    ",light_fuel_oil,1000,l,measured,,,,\n"
    ",electricity,10,MWh,measured,,,,\n"
    ",waste_mixed_incineration,2,t,measured,,,,\n"
)


def processed_workspace(tmp_path: Path, sets: dict[int, str], lines: str = LINES) -> Path:
    ws = Workspace.at(tmp_path / "ws")
    for year, name in sets.items():
        csv_path = tmp_path / f"lines{year}.csv"
        csv_path.write_text(lines, encoding="utf-8")
        fp = compute_footprint(csv_path, year=year, partner_id="p1", factor_set_name=name)
        assert fp.ok, [p.format("en") for p in fp.problems]
        write_partner(ws, year, "p1", fp, "en")
    return ws.root


def test_sets_as_run_against_pinned_and_previous_revision():
    assert sets_for_year("fi-2022-r1", 2022) == ("fi-2022-r1", "fi-2022-r3")
    assert sets_for_year("fi-2022-r2", 2022) == ("fi-2022-r2", "fi-2022-r3")
    # rerun after the pin changed: the processed data already says r3, the old set is the revision before it
    assert sets_for_year("fi-2022-r3", 2022) == ("fi-2022-r2", "fi-2022-r3")
    assert sets_for_year("fi-2024-r2", 2024, from_set="r1") == ("fi-2024-r1", "fi-2024-r2")
    assert sets_for_year("fi-2024-r2", 2024, from_set="fi-2024-r1") == ("fi-2024-r1", "fi-2024-r2")
    assert previous_revision("fi-2022-r1") is None


def test_restated_base_year_hand_computed(tmp_path):
    root = processed_workspace(tmp_path, {2022: "fi-2022-r1", 2024: "fi-2024-r1"})
    result = restate_partner(root, "p1", 2024)
    assert [(r.year, r.old_set, r.new_set) for r in result.years] == [
        (2022, "fi-2022-r1", "fi-2022-r3"),
        (2024, "fi-2024-r1", "fi-2024-r2"),
    ]
    base = result.years[0]
    assert base.old["scope3"] == pytest.approx(1823.95)
    assert base.new["scope3"] == pytest.approx(636.02136)
    assert base.old["total_market"] == pytest.approx(10028.2843375)
    assert base.new["total_market"] == pytest.approx(8004.0556975)
    assert base.new["scope2_market"] == pytest.approx(4712.7)
    assert base.old["scope2_location"] == base.new["scope2_location"] == pytest.approx(1304.2)
    # waste -1002.6, the 2022 residual mix -836.3, T&D -185.3
    assert [c.new_factor_id for c in base.causes] == ["waste.mixed_inc", "el.residual", ""]
    assert base.causes[0].kg_co2e_difference == pytest.approx(2 * 4.68568 - 1012.0)
    assert base.causes[1].kg_co2e_difference == pytest.approx(10_000 * (0.47127 - 0.5549))
    assert base.causes[2].kg_co2e_difference == pytest.approx(-185.3)
    assert result.base_year == 2022
    assert result.significance.must_recalculate is True
    assert result.significance.changes["total_market"] == pytest.approx(-2024.22864 / 10028.2843375)
    assert result.significance.changes["total_location"] == pytest.approx(-1187.92864 / 5783.4843375)


def test_restated_totals_for_commitments(tmp_path):
    root = processed_workspace(tmp_path, {2022: "fi-2022-r1"})
    totals = restated_totals(root, "p1", 2022, "fi-2022-r2")
    assert totals["scope3"] == pytest.approx(636.02136)
    assert totals["total_market"] == pytest.approx(8840.3557075)
    assert restated_totals(root, "p1", 2022, "fi-2022-r1")["total_market"] == pytest.approx(10028.2843375)


def test_lines_rebuilt_from_processed_emissions_keep_own_factor_and_contract(tmp_path):
    lines = (
        "site,activity,quantity,unit,quality,own_factor,own_factor_source,contract,note\n"
        "Office,electricity,95000,kWh,measured,,,go,\n"
        "Office,district_heat,110,MWh,measured,120,Supplier X 2024,,\n"
    )
    root = processed_workspace(tmp_path, {2024: "fi-2024-r1"}, lines)
    d = Workspace.at(root).partner_processed_dir(2024, "p1")
    import pandas as pd

    rebuilt = lines_from_emissions(pd.read_csv(d / "emissions.csv", keep_default_na=False, na_values=[""]))
    records = rebuilt[["activity", "quantity", "unit", "own_factor", "own_factor_source", "contract", "site"]]
    assert records.iloc[0].tolist()[:3] == ["electricity", 95000.0, "kWh"]
    assert (
        records.iloc[0]["contract"] == "go" and records.iloc[0]["own_factor"] != records.iloc[0]["own_factor"]
    )
    assert records.iloc[1].tolist() == ["district_heat", 110.0, "MWh", 120.0, "Supplier X 2024", "", "Office"]
    # the rebuilt lines give back the recorded totals
    recorded = json.loads((d / "totals.json").read_text(encoding="utf-8"))["totals"]
    again = restated_totals(root, "p1", 2024, "fi-2024-r1")
    assert again["total_market"] == pytest.approx(recorded["total_market"])
    assert again["total_location"] == pytest.approx(recorded["total_location"])


def test_restate_command_json_and_unknown_partner(tmp_path):
    root = processed_workspace(tmp_path, {2022: "fi-2022-r1"})
    cmd = ["restate", "--workspace", str(root), "--year", "2024"]
    proc = run_cli([*cmd, "--partner", "p1", "--format", "json"])
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["years"][0]["old_set"] == "fi-2022-r1" and data["years"][0]["new_set"] == "fi-2022-r3"
    assert data["significance"]["must_recalculate"] is True
    assert data["significance"]["threshold_percent"] == pytest.approx(5.0)
    proc = run_cli([*cmd, "--partner", "p1", "--threshold", "25", "--lang", "en"])
    assert proc.returncode == 0 and "Base year 2022 need not be recalculated" in proc.stdout
    assert "threshold of 25.0 %" in proc.stdout
    proc = run_cli([*cmd, "--partner", "nobody", "--lang", "en"])
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"paastolaskuri restate: partner nobody has no computed years up to 2024 ({root}); run the year first"
    )


def test_a_fresh_workspace_run_with_the_pinned_set_gets_no_recalculation_warning(tmp_path):
    # every year ran with r3 (pinned): the box still compares with r2 for history, but nothing is to be done
    root = processed_workspace(tmp_path, {2022: "fi-2022-r3"})
    result = restate_partner(root, "p1", 2022)
    (year,) = result.years
    assert (year.old_set, year.new_set, year.recorded_set) == ("fi-2022-r2", "fi-2022-r3", "fi-2022-r3")
    assert result.significance.must_recalculate is False
    assert result.significance.already_recalculated is True
