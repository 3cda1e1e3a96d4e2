"""The template: written from the catalogue, read back by the reader to the same rows, with drop-downs."""

from __future__ import annotations

import datetime as dt
import math
import re

import openpyxl
import pytest

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.units import UNITS
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.intake.template_layout import SHEETS

CATALOGUE = load_catalogue()

FIVE_LINES = [
    {
        "site": "Joensuu",
        "activity": "light_fuel_oil",
        "quantity": 1000,
        "unit": "l",
        "quality": "measured",
        "note": "lasku 2024",
    },
    {
        "site": "Joensuu",
        "activity": "electricity",
        "quantity": 52000.5,
        "unit": "kWh",
        "quality": "measured",
        "contract": "go",
    },
    {"site": "Lieksa", "activity": "district_heat", "quantity": 120, "unit": "MWh", "quality": "estimated"},
    {"activity": "refrigerant_r404a", "quantity": 2.5, "unit": "kg", "quality": "estimated"},
    {"activity": "spend_electronics", "quantity": 12, "unit": "kEUR", "note": "kannettavat"},
]

ORG = {"partner_id": "testi-oy", "name": "Testi Oy", "sector": "C", "year": 2024, "employees_fte": 10}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_round_trip_five_lines(make_template, lang):
    sub = read_submission(make_template(lines=FIVE_LINES, lang=lang), display="f.xlsx")
    assert sub.problems == []
    assert sub.lang == lang
    got = sub.lines
    assert got["row"].tolist() == [7, 8, 9, 10, 11]
    assert got["activity"].tolist() == [ln["activity"] for ln in FIVE_LINES]
    assert got["quantity"].tolist() == [1000.0, 52000.5, 120.0, 2.5, 12.0]
    assert got["unit"].tolist() == ["l", "kWh", "MWh", "kg", "kEUR"]
    assert got["quality"].tolist() == ["measured", "measured", "estimated", "estimated", ""]
    assert got["contract"].tolist() == ["", "go", "", "", ""]
    assert got["site"].tolist() == ["Joensuu", "Joensuu", "Lieksa", "", ""]
    assert got["note"].tolist() == ["lasku 2024", "", "", "", "kannettavat"]
    assert all(math.isnan(x) for x in got["own_factor"])


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_round_trip_organisation(make_template, lang):
    sub = read_submission(make_template(lang=lang), display="f.xlsx")
    org = sub.organisation
    assert {k: org[k] for k in ORG} == {**ORG, "employees_fte": 10.0}
    assert org["floor_area_m2"] is None and org["base_year"] is None


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_round_trip_own_factor(make_template, lang):
    lines = [
        {
            "activity": "district_heat",
            "quantity": 120,
            "unit": "MWh",
            "own_factor": 150.5,
            "own_factor_source": "Lämpö Oy: päästökerroin 2024",
        },
        {
            "activity": "refrigerant_other",
            "quantity": 2,
            "unit": "kg",
            "own_factor": 1300,
            "own_factor_source": "käyttöturvallisuustiedote",
        },
    ]
    sub = read_submission(make_template(lines=lines, lang=lang), display="f.xlsx")
    assert [p.format() for p in sub.problems] == []
    assert sub.lines["own_factor"].tolist() == [150.5, 1300.0]
    assert sub.lines["own_factor_source"].tolist() == [
        "Lämpö Oy: päästökerroin 2024",
        "käyttöturvallisuustiedote",
    ]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_sheets_and_hidden_lists(make_template, lang):
    wb = openpyxl.load_workbook(make_template(lang=lang))
    commitments = "Sitoumukset" if lang == "fi" else "Commitments"
    prices = "Hinnat" if lang == "fi" else "Prices"
    names = [SHEETS[role][lang] for role in ("instructions", "organisation", "activities")]
    boundary = "Rajaus" if lang == "fi" else "Boundary"
    names += [commitments, prices, boundary, SHEETS["lists"][lang]]
    assert wb.sheetnames == names
    if lang == "fi":
        assert wb.sheetnames == [
            "Ohjeet", "Organisaatio", "Toiminta", "Sitoumukset", "Hinnat", "Rajaus", "Luettelot"
        ]  # fmt: skip
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    assert states == {n: ("hidden" if n == names[-1] else "visible") for n in names}


_RANGE = re.compile(r"^'(?P<sheet>[^']+)'!\$(?P<c1>[A-Z]+)\$(?P<r1>\d+):\$(?P<c2>[A-Z]+)\$(?P<r2>\d+)$")


def _list_values(wb, formula: str) -> list:
    m = _RANGE.match(formula)
    assert m, formula
    ws = wb[m["sheet"]]
    assert m["c1"] == m["c2"]
    return [ws[f"{m['c1']}{r}"].value for r in range(int(m["r1"]), int(m["r2"]) + 1)]


def _validation_for(ws, column: str):
    found = [
        dv
        for dv in ws.data_validations.dataValidation
        if any(str(rng).startswith(column) for rng in dv.sqref.ranges)
    ]
    assert len(found) == 1, f"expected one validation on column {column}, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_dropdowns_point_at_hidden_lists(make_template, lang):
    wb = openpyxl.load_workbook(make_template(lang=lang))
    ws = wb[SHEETS["activities"][lang]]
    lists = SHEETS["lists"][lang]

    activity_dv = _validation_for(ws, "B")
    assert activity_dv.type == "list"
    assert activity_dv.formula1.startswith(f"'{lists}'!")
    assert str(activity_dv.sqref) == "B7:B206"  # the 200 prepared rows
    labels = _list_values(wb, activity_dv.formula1)
    # every catalogue activity (in the template's language) is in the drop-down list, and nothing else
    assert labels == [a.label(lang) for a in CATALOGUE]
    assert len(labels) == len(CATALOGUE)

    unit_dv = _validation_for(ws, "D")
    assert unit_dv.type == "list"
    assert unit_dv.formula1.startswith(f"'{lists}'!")
    assert _list_values(wb, unit_dv.formula1) == list(UNITS)

    quantity_dv = _validation_for(ws, "C")
    assert (quantity_dv.type, quantity_dv.operator, quantity_dv.formula1) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
    )


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_activity_label_is_readable_back(make_template, lang):
    # every label offered in the drop-down is one the reader accepts, with each activity's first unit
    lines = [
        {"activity": a.key, "quantity": 1, "unit": a.units[0]} for a in CATALOGUE if not a.own_factor_required
    ]
    sub = read_submission(make_template(lines=lines, lang=lang), display="f.xlsx")
    assert [p.format() for p in sub.errors] == []
    assert sub.lines["activity"].tolist() == [ln["activity"] for ln in lines]


def test_activity_headers_sit_on_row_6(make_template):
    ws = openpyxl.load_workbook(make_template())["Toiminta"]
    assert ws["B6"].value == "Toiminto / Activity"
    assert ws["C6"].value == "Määrä / Quantity"
    assert ws["D6"].value == "Yksikkö / Unit"
    assert ws["B7"].value == "Kevyt polttoöljy"  # the pre-filled line shows the label, not the key


def test_blank_template_reads_with_only_a_warning(make_template):
    sub = read_submission(make_template(lines=[]), display="f.xlsx")
    assert [p.format() for p in sub.problems] == [
        "f.xlsx: Toiminta!A7: varoitus: toimintorivejä ei ole: täytä vähintään yksi rivi"
    ]
    assert sub.ok


def test_write_leaves_no_temporary_files(tmp_path, make_template):
    make_template(name="a.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_template_modified_stamp_is_fixed(make_template):
    wb = openpyxl.load_workbook(make_template())
    assert wb.properties.created == dt.datetime(2020, 1, 1)
    assert wb.properties.modified == dt.datetime(2020, 1, 1)
