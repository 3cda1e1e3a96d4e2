"""Consent to research use: the newest template a partner has sent decides, valid or not, run or not."""

import openpyxl
import pandas as pd
import pytest
from network import partner, write_year

from helpers import build_template, set_cells
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.intake.consent import read_consent
from paastolaskuri.reporting.processed import partner_row
from paastolaskuri.research.package import export_research
from paastolaskuri.research.pseudonyms import load_or_create_key, pseudonym


def _consent_cell(path) -> str:
    ws = openpyxl.load_workbook(path)["Organisaatio"]
    row = next(r for r in range(1, 40) if ws.cell(r, 1).value == "Tutkimuskäyttö / Research use")
    return f"B{row}"


@pytest.mark.parametrize(
    ("value", "consents"),
    [
        ("kyllä / yes", True),
        ("Kyllä", True),
        ("yes", True),
        ("ei / no", False),
        (None, False),
        ("ehkä", False),
    ],
)
def test_read_consent_yes_only_for_a_yes(tmp_path, value, consents):
    path = build_template(tmp_path, organisation={"research_use": value, "partner_id": "saha-oy"})
    statement = read_consent(path)
    assert (statement.partner_id, statement.consents) == ("saha-oy", consents)


def test_a_formula_without_a_value_and_an_unreadable_file_read_as_no(tmp_path):
    path = build_template(tmp_path, organisation={"research_use": "yes", "partner_id": "saha-oy"})
    set_cells(path, {"Organisaatio": {_consent_cell(path): '=IF(1=1,"kyllä / yes","ei")'}})
    assert read_consent(path).consents is False  # saved without a cached result: nothing to read
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert (read_consent(broken).partner_id, read_consent(broken).consents) == (None, False)


@pytest.mark.parametrize(("value", "stored"), [("yes", True), ("no", False), (None, False)])
def test_a_no_or_empty_consent_is_stored_as_no(tmp_path, value, stored):
    path = build_template(tmp_path, organisation={"research_use": value})
    row = partner_row(compute_footprint(path), "testi-oy")
    assert row["research_use"] is stored


def _network(tmp_path) -> Workspace:
    """Three partners with processed 2023 and 2024 (all said yes) and their 2024 templates, also yes."""
    root = tmp_path / "ws"
    ws = Workspace.at(root)
    for year in (2023, 2024):
        write_year(root, year, [partner(p, x=x) for p, x in (("a-oy", 1e4), ("b-oy", 2e4), ("c-oy", 3e4))])
    for pid in ("a-oy", "b-oy", "c-oy"):
        build_template(
            ws.raw_dir(2024), organisation={"partner_id": pid, "research_use": "yes"}, name=f"{pid}.xlsx"
        )
    return ws


def _released(ws: Workspace, out) -> set[str]:
    export_research(ws.root, [2023, 2024], out, microdata=True, agreement="T-1")
    key, _ = load_or_create_key(ws.root)
    ids = {pseudonym(key, p): p for p in ("a-oy", "b-oy", "c-oy")}
    return {ids[p] for p in pd.read_csv(out / "partner_years.csv")["pseudonym"]}


def test_withdrawal_in_an_invalid_template_not_yet_run_removes_every_year(tmp_path):
    ws = _network(tmp_path)
    assert _released(ws, tmp_path / "before") == {"a-oy", "b-oy", "c-oy"}
    # 2025: b-oy sends a template that fails validation (an unknown activity) and says no; never run
    build_template(
        ws.raw_dir(2025),
        organisation={"partner_id": "b-oy", "year": 2025, "research_use": "ei / no"},
        lines=[{"activity": "no_such_activity", "quantity": 1, "unit": "l"}],
        name="b-oy.xlsx",
    )
    assert not compute_footprint(ws.raw_dir(2025) / "b-oy.xlsx").ok
    assert _released(ws, tmp_path / "after") == set()  # two left share a combination: under k
    export_research(ws.root, [2023, 2024], tmp_path / "agg")
    groups = pd.read_csv(tmp_path / "agg" / "group_totals.csv")
    assert groups[["partners", "t_scope3", "t_total_market"]].isna().all().all()  # 2023 too


def test_a_newest_template_that_cannot_be_read_counts_as_no(tmp_path):
    ws = _network(tmp_path)
    (ws.raw_dir(2025)).mkdir(parents=True)
    (ws.raw_dir(2025) / "c-oy.xlsx").write_bytes(b"PK\x03\x04 broken")  # attributed by its file name
    export_research(ws.root, [2023, 2024], tmp_path / "agg")
    groups = pd.read_csv(tmp_path / "agg" / "group_totals.csv")
    total = groups[groups["sector_group"] == "all"]
    assert total["t_scope3"].isna().all()  # two partners left: nothing may be published


def test_a_yes_in_the_same_year_template_overrides_the_run_and_a_no_withdraws(tmp_path):
    ws = _network(tmp_path)
    path = ws.raw_dir(2024) / "a-oy.xlsx"
    set_cells(path, {"Organisaatio": {_consent_cell(path): "ei / no"}})  # changed after the run
    export_research(ws.root, [2024], tmp_path / "agg")
    # a-oy left: b-oy and c-oy alone are not published, and the year is withheld whole (the public
    # report's figures minus the research ones would be a-oy's own)
    assert pd.read_csv(tmp_path / "agg" / "group_totals.csv").empty


def test_a_template_changed_in_place_is_read_again(tmp_path):
    """read_consent keeps each version of a file once; a withdrawal saved over it is read anew."""
    path = build_template(tmp_path, organisation={"research_use": "kyllä / yes", "partner_id": "saha-oy"})
    assert read_consent(path).consents is True
    assert read_consent(path) is read_consent(path)  # one parse per version
    set_cells(path, {"Organisaatio": {_consent_cell(path): "ei / no"}})
    assert read_consent(path).consents is False
