"""The template's commitments sheet: written from the schema, read back identically; older files still read."""

from __future__ import annotations

import openpyxl
import pytest

from helpers import build_template
from paastolaskuri.intake.commitment_schema import Action, Target
from paastolaskuri.intake.reader import read_submission

TARGET = Target(
    "testi-oy",
    "T1",
    "scope12_market",
    "per_fte",
    2022,
    2030,
    50.0,
    milestones=((2026, 25.0),),
    compensated_t=3.5,
    description="Puolitetaan",
)
ACTION = Action(
    "testi-oy",
    "A1",
    "Luovutaan öljystä",
    "planned",
    due=2027,
    link_activity="light_fuel_oil",
    link_rule="zero",
    link_from=2027,
)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_commitments_round_trip_through_the_template(tmp_path, lang):
    path = build_template(tmp_path, lang=lang)
    from paastolaskuri.intake.template import write_template

    write_template(
        path,
        lang=lang,
        organisation={"partner_id": "testi-oy", "name": "Testi Oy", "year": 2024},
        lines=[{"activity": "light_fuel_oil", "quantity": 100, "unit": "l", "quality": "measured"}],
        commitments=[TARGET, ACTION],
    )
    sub = read_submission(path)
    assert [p.code for p in sub.problems if p.sheet in ("Sitoumukset", "Commitments")] == []
    assert sub.commitments == [TARGET, ACTION]
    assert sub.commitments[0].origin.row == 5


def test_a_template_without_the_sheet_reads_as_no_commitments(tmp_path):
    path = build_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    del wb["Sitoumukset"]
    wb.save(path)
    sub = read_submission(path)
    assert sub.ok
    assert sub.commitments == []


def test_a_bad_row_in_the_sheet_is_an_error_of_the_file(tmp_path):
    path = build_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Sitoumukset"]
    ws["A5"], ws["B5"], ws["C5"], ws["F5"], ws["G5"], ws["H5"] = "T1", "tavoite", "Scope 1", 2024, 2024, 40
    wb.save(path)
    sub = read_submission(path, display="f.xlsx")
    assert not sub.ok
    assert [p.format("fi") for p in sub.errors] == [
        "f.xlsx: Sitoumukset!G5: tavoitevuosi 2024 ei ole perusvuoden 2024 jälkeen: tavoitevuoden pitää olla myöhempi"
    ]
