"""Issue 23: the commitments sheet a small business can fill: drop-downs of names, 0-100, bilingual headers."""

from __future__ import annotations

import openpyxl

from helpers import build_template
from paastolaskuri.intake.commitment_schema import COMMITMENT_FIRST_ROW, COMMITMENT_HEADER_ROW, Target
from paastolaskuri.intake.commitments import category_codes
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.intake.template import write_template
from paastolaskuri.intake.template_layout import TEMPLATE_VERSION


def _validation_of(ws, cell: str):
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, cell
    return found[0]


def _headers(ws) -> dict[str, str]:
    """Header text -> column letter of the commitments sheet."""
    return {c.value: c.column_letter for c in ws[COMMITMENT_HEADER_ROW] if c.value}


def test_headers_bilingual_and_drop_downs_for_categories_and_the_linked_activity(tmp_path):
    path = build_template(tmp_path, lang="en")
    wb = openpyxl.load_workbook(path)
    ws = wb["Commitments"]
    headers = _headers(ws)
    assert "Luokat / Categories" in headers and "Seurattava toiminto / Linked activity" in headers
    assert "Vähennys (%) / Reduction (%)" in headers
    cats = _validation_of(ws, f"{headers['Luokat / Categories']}{COMMITMENT_FIRST_ROW}")
    assert cats.type == "list" and cats.errorStyle == "warning"  # several names may be typed
    sheet, cells = cats.formula1.split("!")
    listed = [c.value for c in wb[sheet.strip("'")][cells.replace("$", "")] for c in c]
    assert "Purchased electricity" in listed and "s2_electricity" not in listed  # names, not keys
    link = _validation_of(ws, f"{headers['Seurattava toiminto / Linked activity']}{COMMITMENT_FIRST_ROW}")
    sheet, cells = link.formula1.split("!")
    listed = [c.value for c in wb[sheet.strip("'")][cells.replace("$", "")] for c in c]
    assert "Light fuel oil" in listed and "light_fuel_oil" not in listed
    pct = _validation_of(ws, f"{headers['Vähennys (%) / Reduction (%)']}{COMMITMENT_FIRST_ROW}")
    assert (pct.type, pct.operator, pct.formula1, pct.formula2) == ("decimal", "between", "0", "100")
    share = _validation_of(ws, f"{headers['Osuus (%) / Share (%)']}{COMMITMENT_FIRST_ROW}")
    assert (share.formula1, share.formula2) == ("0", "100")
    assert f"v{TEMPLATE_VERSION} " in wb.properties.keywords and TEMPLATE_VERSION == "2"


def test_the_instructions_name_the_commitments_sheet(tmp_path):
    wb = openpyxl.load_workbook(build_template(tmp_path, lang="fi"))
    lines = [c.value or "" for c in wb.worksheets[0]["A"]]
    assert any(line.startswith("5. Välilehti Sitoumukset") for line in lines)


def test_category_names_keys_and_an_older_sheets_comma_list_all_read():
    assert category_codes("Ostosähkö; Purchased heat (district heat)") == (("s2_electricity", "s2_heat"), [])
    assert category_codes("s1_stationary, s2_heat") == (("s1_stationary", "s2_heat"), [])
    assert category_codes("Ostosähkö; Sähköauto") == (("s2_electricity",), ["Sähköauto"])


def test_a_target_on_named_categories_round_trips_and_a_bad_name_points_to_the_drop_down(tmp_path):
    target = Target(
        "t", "T1", "categories", "absolute", 2022, 2030, 40.0, categories=("s2_electricity", "s2_heat")
    )
    path = tmp_path / "pohja.xlsx"
    write_template(
        path, lang="fi", organisation={"partner_id": "t", "name": "T", "year": 2024}, commitments=[target]
    )
    ws = openpyxl.load_workbook(path)["Sitoumukset"]
    cell = f"{_headers(ws)['Luokat / Categories']}{COMMITMENT_FIRST_ROW}"
    assert ws[cell].value == "Ostosähkö; Ostolämpö (kaukolämpö)"
    assert read_submission(path).commitments[0].categories == ("s2_electricity", "s2_heat")
    wb = openpyxl.load_workbook(path)
    wb["Sitoumukset"][cell] = "Ostosähkö; Sähköauto"
    wb.save(path)
    problems = [p for p in read_submission(path).problems if p.code == "commitment_unknown_category"]
    assert [p.format("fi") for p in problems] == [
        f"{path}: Sitoumukset!{cell}: tuntemattomia luokkia: Sähköauto: valitse luokka Luokat-sarakkeen "
        "pudotusvalikosta; useamman luokan nimet erotetaan puolipisteellä (;)"
    ]


def test_the_coordinators_csv_keeps_keys_and_names_the_command():
    from paastolaskuri.intake.commitments import RawRow, parse_commitment_rows

    values = {
        "commitment_id": "T1",
        "kind": "tavoite",
        "coverage": "valitut luokat",
        "categories": "s2_electricity; lämpö",
        "base_year": 2022,
        "target_year": 2030,
        "reduction_pct": 40,
    }
    _, problems = parse_commitment_rows([RawRow(2, values, {"categories": "D2"}, "p")], "c.csv", "csv")
    assert [p.format("en") for p in problems] == [
        "c.csv: csv!D2: unknown categories: lämpö (category keys and names: paastolaskuri activities)"
    ]
