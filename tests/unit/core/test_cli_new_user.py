"""Issue 23: what a new user hit on the command line, each fixed and pinned down."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from helpers import build_template
from paastolaskuri.accounting.factors import find_factor_set, scope2_basis_code, scope2_basis_text
from paastolaskuri.cli import main
from paastolaskuri.commitments.command import _table
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.run.command import print_summary

NB = "\u00a0"


def test_lang_before_the_subcommand_works_for_help_and_commands(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--lang", "en", "--help"])  # before: "invalid choice: 'en'"
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: paastolaskuri") and "show this help message and exit" in out
    assert main(["--lang", "en", "activities"]) == 0
    assert capsys.readouterr().out.split()[:2] == ["Key", "Name"]
    assert main(["--lang", "en", "activities", "--lang", "fi"]) == 0  # the last one wins, as for --help
    assert capsys.readouterr().out.split()[:2] == ["Tunnus", "Nimi"]


def _target(**kw) -> dict:
    base = {
        "partner_id": "koulu",
        "target_id": "T1",
        "coverage": "scope123",
        "base_year": 2021,
        "base_value": None,
        "latest_year": None,
        "latest_value": None,
        "target_year": 2030,
        "target_value": None,
        "pathway_value_latest": None,
        "unit": "t CO2e",
        "status_text": "ei tietoa",
        "sentence": "…",
    }
    return base | kw


def test_commitments_says_no_data_in_words_and_explains_its_columns():
    out = _table({"targets": [_target()], "actions": []}, "fi")
    row = out.splitlines()[1]
    assert (
        "2021: ei tietoa" in row and "2030: ei tietoa" in row and "–" not in row
    )  # before: "2019: –   –: –"
    assert out.splitlines()[2].startswith("Sarakkeet: Perusvuosi ja Viimeisin = vuosi: päästöt;")
    assert "Polku = taso, jolla kumppani olisi viimeisimpänä vuonna" in out
    out = _table({"targets": [_target(latest_year=2024, latest_value=1975.64)], "actions": []}, "en")
    assert "2024: 1,975.6" in out and "2021: no data" in out and "Pathway = the level" in out


def test_a_csv_unknown_activity_names_the_closest_keys_not_a_drop_down(tmp_path):
    path = tmp_path / "rivit.csv"
    path.write_text(
        "activity,quantity,unit,quality\nlight fule oil,100,l,measured\nxyzzy,5,l,measured\n", "utf-8"
    )
    sub = read_submission(path, year=2024, partner_id="x")
    assert [p.format("fi") for p in sub.problems] == [
        f'{path}: csv!A2: tuntematon toiminto "light fule oil": lähimmät nimet ovat light_fuel_oil '
        "(Kevyt polttoöljy), heavy_fuel_oil (Raskas polttoöljy), leased_light_fuel_oil (Vuokratut tilat: "
        "kevyt polttoöljy) (kaikki nimet: paastolaskuri activities)",
        f'{path}: csv!A3: tuntematon toiminto "xyzzy": kirjoita toiminnon tunnus tai nimi niin kuin '
        "paastolaskuri activities sen näyttää",
    ]
    assert "drop-down" not in sub.problems[0].format("en") and "light_fuel_oil (Light fuel oil)" in (
        sub.problems[0].format("en")
    )


def test_calc_json_gives_scope2_basis_as_a_code_and_its_words_apart(tmp_path):
    assert scope2_basis_code(find_factor_set("fi-2024-r2")) == "direct_co2"
    assert scope2_basis_code(find_factor_set("fi-2024-r1")) == "unstated"  # r1 states none
    fp = compute_footprint(build_template(tmp_path), factor_set_name="fi-2024-r2")
    data = fp.as_dict("fi")
    assert data["scope2_basis"] == "direct_co2"
    assert data["scope2_basis_text"] == scope2_basis_text(fp.factor_set, "fi")
    assert data["scope2_basis_text"].startswith("suora CO2")


def test_run_summary_prints_seconds_in_the_readers_format(capsys):
    partner = SimpleNamespace(
        key="saha", messages=[], total_market_kg=1_975_640.0, status="ok", seconds=15.72
    )
    year = SimpleNamespace(
        year=2024, partners=[partner], network={"status": "ok", "seconds": 5.66}, failed=[], notes=[]
    )
    print_summary([year], "fi")
    lines = capsys.readouterr().out.splitlines()
    cells = [c for c in lines[1].split(" ") if c]  # the number keeps its non-breaking space
    assert cells == ["2024", "saha", "valmis", "15,7", f"1{NB}975,6"]  # before: 15.7 beside 1 975,6
    assert lines[2].split()[-1] == "5,7"
    print_summary([year], "en")
    assert capsys.readouterr().out.splitlines()[1].split()[3:5] == ["15.7", "1,975.6"]
