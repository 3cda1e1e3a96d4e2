"""The "Rajaus / Boundary" sheet (intake/boundary.py): read, checked, carried to next year, JSON form."""

from __future__ import annotations

import openpyxl
import pandas as pd

from paastolaskuri.intake.boundary import (
    BoundaryEntry,
    boundary_records,
    find_boundary_sheet,
    material_gaps,
    scope3_categories,
)
from paastolaskuri.intake.next_year import write_next_year_templates
from paastolaskuri.intake.reader import read_submission


def test_a_new_template_has_the_sheet_with_every_scope3_category(make_template):
    path = make_template()
    wb = openpyxl.load_workbook(path)
    assert find_boundary_sheet(wb.sheetnames) == "Rajaus"
    ws = wb["Rajaus"]
    assert ws["A5"].value == "3.1 Ostetut tuotteet ja palvelut"
    assert ws["A19"].value == "3.15 Sijoitukset"
    assert "paastolaskuri-template v2" in wb.properties.keywords
    assert read_submission(path).boundary == [BoundaryEntry(c, None, "") for c in scope3_categories()]


def test_an_exclusion_needs_a_reason_located_in_both_languages(make_template, edit_cells):
    path = make_template()
    edit_cells(
        path,
        {"Rajaus": {"B10": "rajattu pois", "B11": "excluded", "C11": "ei tietoja", "B5": "mukana, mitattu"}},
    )
    sub = read_submission(path)
    problems = [p for p in sub.problems if p.code.startswith("boundary")]
    assert len(problems) == 1
    p = problems[0]
    assert (p.sheet, p.cell, p.is_error) == ("Rajaus", "C10", True)
    assert p.format("fi").endswith(
        "Rajaus!C10: luokka 3.6 Työmatkat (liikematkat) on rajattu pois ilman perustelua: kirjoita perustelu sarakkeeseen C"
    )
    assert p.format("en").endswith(
        "Rajaus!C10: category 3.6 Business travel is excluded without a reason: write the reason in column C"
    )
    by_cat = {e.category: e for e in sub.boundary}
    assert by_cat["s3_c1"].status == "measured"
    assert by_cat["s3_c7"] == BoundaryEntry("s3_c7", "excluded", "ei tietoja")


def test_an_unknown_status_is_an_error_at_its_cell(make_template, edit_cells):
    path = make_template()
    edit_cells(path, {"Rajaus": {"B6": "ehkä"}})
    p = next(p for p in read_submission(path).problems if p.code == "boundary_status_unknown")
    assert (p.sheet, p.cell) == ("Rajaus", "B6")
    assert p.format("fi").endswith(
        "Rajaus!B6: tuntematon tila ehkä: valitse pudotusvalikosta "
        "(mukana, mitattu; mukana, arvioitu; rajattu pois; ei koske meitä)"
    )
    assert "(included, measured; included, estimated; excluded; not relevant)" in p.format("en")


def test_a_version_1_template_without_the_sheet_stays_readable(make_template):
    path = make_template()
    wb = openpyxl.load_workbook(path)
    del wb["Rajaus"]
    wb.save(path)
    sub = read_submission(path)
    assert sub.ok and sub.boundary == []


def test_next_year_carries_the_boundary(tmp_path, make_template, edit_cells):
    raw = tmp_path / "ws" / "data" / "raw" / "2023"
    raw.mkdir(parents=True)
    path = make_template(organisation={"year": 2023}, name="ws/data/raw/2023/p.xlsx")
    edit_cells(path, {"Rajaus": {"B11": "rajattu pois", "C11": "ei tietoja"}})
    result = write_next_year_templates(tmp_path / "ws", 2024, tmp_path / "out")
    sub = read_submission(result.written[0])
    assert BoundaryEntry("s3_c7", "excluded", "ei tietoja") in sub.boundary


def test_records_derive_a_blank_answer_from_the_lines_and_gaps_follow_the_sector():
    emissions = pd.DataFrame(
        {"category": ["s3_c1", "s3_c1", "s3_c6"], "quality": ["measured", "estimated", "measured"]}
    )
    records = boundary_records([BoundaryEntry("s3_c4", "excluded", "pieni")], emissions)
    status = {r["category"]: r["status"] for r in records}
    assert len(records) == 15
    assert (status["s3_c1"], status["s3_c6"], status["s3_c4"], status["s3_c2"]) == (
        "estimated",
        "measured",
        "excluded",
        None,
    )
    # manufacturing (C): 3.1 included, 3.4 excluded, 3.9, 3.11 and 3.12 unstated
    assert material_gaps(records, "C") == ["s3_c4", "s3_c9", "s3_c11", "s3_c12"]
    assert material_gaps(records, "X") == []
