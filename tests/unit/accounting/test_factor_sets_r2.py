"""Factor sets r2 (2022-2024): one Scope 2 basis, sourced rows, and hand-computed totals next to r1.

Lines used below (AR5 unless said otherwise):
  light fuel oil 1000 l = 1000 x 0.845 kg/l x 42.5 MJ/kg = 35.9125 GJ
      CO2 73.5 x 35.9125 = 2639.56875; CH4 0.010 x 35.9125 = 0.359125 kg; N2O 0.0006 x 35.9125 = 0.0215475 kg
      AR5: 2639.56875 + 0.359125 x 28 + 0.0215475 x 265 = 2655.3343375
      AR6, r2 (fossil CH4 29.8): 2639.56875 + 10.701925 + 5.8824675 = 2656.1531425
      AR6, r1 (CH4 27.9):        2639.56875 + 10.0195875 + 5.8824675 = 2655.4708050
      well-to-tank 1000 x 0.62665 = 626.65
  electricity 10 MWh: 2024 location 10 000 x 0.07225 = 722.5; residual mix 10 000 x 0.5549 = 5549;
      r1 T&D 10 000 x 0.01853 = 185.3 (left out in r2); 2023 r2 location 10 000 x 0.08201 = 820.1
  mixed waste to incineration 2 t: r1 2 x 506 = 1012; r2 (cut-off) 2 x 4.68568 = 9.37136
  HVO 100 l: Scope 1 100 x 0.03558 = 3.558; r2 well-to-tank 100 x 0.56439 = 56.439
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from paastolaskuri.accounting.calculation import calculate_emissions, summarise_totals
from paastolaskuri.accounting.factors import (
    SHIPPED_FACTORS_DIR,
    find_factor_set,
    gas_column,
    gwp_of,
    pinned_sets,
    scope2_basis_text,
)

R2 = ["fi-2022-r2", "fi-2023-r2", "fi-2024-r2"]
R1 = ["fi-2022-r1", "fi-2023-r1", "fi-2024-r1"]
SCOPE2_ACTIVITIES = {"electricity", "district_heat"}


def raw(name: str) -> pd.DataFrame:
    return pd.read_csv(SHIPPED_FACTORS_DIR / name / "factors.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("name", R2)
def test_every_r2_row_has_publisher_document_year_confidence(name):
    f = raw(name)
    for col in ("publisher", "document", "year", "confidence"):
        assert f.loc[f[col].str.strip() == "", "factor_id"].tolist() == [], col
    assert f.loc[~f["year"].str.fullmatch(r"\d{4}"), "factor_id"].tolist() == []


@pytest.mark.parametrize("name", R2)
def test_location_and_market_scope2_use_the_same_stated_basis(name):
    fs = find_factor_set(name)
    assert fs.meta["scope2_basis"]["code"] == "direct_co2"
    f = fs.factors
    s2 = f[f["basis"].isin(["location", "market"])]
    assert set(s2["activity"]) == SCOPE2_ACTIVITIES
    # every location- and market-based row is direct CO2: no CO2e, no lifecycle row on either basis
    assert s2["gas"].unique().tolist() == ["CO2"]
    el = f[f["activity"] == "electricity"].set_index("basis")
    assert el.loc["location", "gas"] == el.loc["market", "gas"] == "CO2"
    assert scope2_basis_text(fs, "en").startswith("direct CO2")
    assert scope2_basis_text(fs, "fi").startswith("suora CO2")


@pytest.mark.parametrize("name", R2)
def test_r2_drops_uk_td_losses_and_adds_hvo_wtt_and_peat_gases(name):
    f = raw(name).set_index("factor_id")
    assert "el.td_loss" not in f.index
    assert f.loc["hvo.wtt", "value"] == "0.56439" and f.loc["hvo.wtt", "basis"] == "wtt"
    assert (f.loc["peat.ch4", "gas"], f.loc["peat.n2o", "gas"]) == ("CH4-fossil", "N2O")
    assert f.loc["peat.ch4", "confidence"] == f.loc["peat.n2o", "confidence"] == "unverified"
    fossil = {"lfo.ch4", "hfo.ch4", "ng.ch4", "lpg.ch4", "peat.ch4"}
    assert set(f.index[f["gas"] == "CH4-fossil"]) >= fossil
    assert set(f.loc[["chips.ch4", "pellets.ch4", "biogas.ch4"], "gas"]) == {"CH4"}  # biogenic stays CH4
    assert "JulesProject" not in " ".join(f["url"])  # DESNZ rows cite the gov.uk publication
    assert "hyödynjakomenetelmä" in f.loc["dh.location", "document"]


def test_fossil_methane_gwp_and_column():
    assert gwp_of("CH4-fossil", "AR6") == 29.8 and gwp_of("CH4", "AR6") == 27.9
    assert gwp_of("CH4-fossil", "AR5") == 28.0
    assert gas_column("CH4-fossil") == "ch4" and gas_column("R-404A") == "other"


def test_residual_mix_per_year_and_stand_ins_marked():
    rows = {n: raw(n).set_index("factor_id").loc["el.residual"] for n in R2}
    assert rows["fi-2023-r2"]["confidence"] == "seen-in-source"
    assert rows["fi-2022-r2"]["confidence"] == rows["fi-2024-r2"]["confidence"] == "unverified"
    assert "2022 residual mix is not in the reference" in rows["fi-2022-r2"]["note"]
    location = {n: raw(n).set_index("factor_id").loc["el.location"] for n in R2}
    assert [location[n]["value"] for n in R2] == ["0.13042", "0.08201", "0.07225"]
    assert {location[n]["confidence"] for n in R2} == {
        "unverified"
    }  # lifecycle figure standing in for direct CO2


def totals(lines_frame, name: str, gwp: str = "AR5") -> dict:
    lines = lines_frame(
        [
            {"activity": "light_fuel_oil", "quantity": 1000, "unit": "l"},
            {"activity": "electricity", "quantity": 10, "unit": "MWh"},
            {"activity": "waste_mixed_incineration", "quantity": 2, "unit": "t"},
            {"activity": "hvo", "quantity": 100, "unit": "l"},
        ]
    )
    return summarise_totals(calculate_emissions(lines, find_factor_set(name), gwp))


def test_r1_still_loads_and_reproduces_its_totals(lines_frame):
    for name in R1:
        assert find_factor_set(name).revision == "r1"
    t = totals(lines_frame, "fi-2024-r1")
    assert t["scope1"] == pytest.approx(2655.3343375 + 3.558)
    assert t["scope2_location"] == pytest.approx(722.5)
    assert t["scope2_market"] == pytest.approx(5549.0)
    assert t["scope3"] == pytest.approx(626.65 + 185.3 + 1012.0)
    assert totals(lines_frame, "fi-2024-r1", "AR6")["scope1"] == pytest.approx(2655.4708050 + 3.558)


def test_r2_totals(lines_frame):
    t = totals(lines_frame, "fi-2024-r2")
    assert t["scope1"] == pytest.approx(2655.3343375 + 3.558)  # AR5: fossil CH4 keeps 28
    assert t["scope2_location"] == pytest.approx(722.5)
    assert t["scope2_market"] == pytest.approx(5549.0)
    assert t["scope3"] == pytest.approx(626.65 + 9.37136 + 56.439)
    assert totals(lines_frame, "fi-2024-r2", "AR6")["scope1"] == pytest.approx(2656.1531425 + 3.558)
    assert totals(lines_frame, "fi-2023-r2")["scope2_location"] == pytest.approx(820.1)


def test_years_2022_to_2024_pin_the_newest_revision():
    pins = pinned_sets()
    assert {y: pins[y] for y in (2022, 2023, 2024)} == {
        2022: "fi-2022-r3",
        2023: "fi-2023-r2",
        2024: "fi-2024-r2",
    }
    for name in R2:
        meta = json.loads((SHIPPED_FACTORS_DIR / name / "set.json").read_text(encoding="utf-8"))
        assert meta["revision"] == "r2" and meta["name"] == name
        assert "td_losses" in meta["method"] and "benefit-sharing" in meta["method"]["district_heat"]
