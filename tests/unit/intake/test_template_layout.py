"""The template's layout (issue 8, defect 8): per-column help and errors, headers that show in full,
labels that fit, one-page-wide printing, and instructions that end with "send it to the coordinator".

The reader's anchors do not move: activity header on row 6, lines from row 7, labels in column A.
"""

from __future__ import annotations

import openpyxl
import pytest

from paastolaskuri.intake.template_format import wrapped_lines
from paastolaskuri.intake.template_layout import ACTIVITY_COLUMNS, ORGANISATION_FIELDS, SHEETS
from paastolaskuri.intake.template_text import (
    COLUMN_HELP,
    ERROR_LIMIT,
    FIELD_ERRORS,
    PROMPT_LIMIT,
    TITLE_LIMIT,
)


def _validations(ws) -> dict[str, object]:
    """Column letter (or cell) -> its one data validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            key = rng.coord.split(":")[0].rstrip("0123456789") if ":" in rng.coord else rng.coord
            assert key not in out, f"two validations on {key}"
            out[key] = dv
    return out


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_activity_column_has_its_own_help_and_error(make_template, lang):
    ws = openpyxl.load_workbook(make_template(lang=lang))[SHEETS["activities"][lang]]
    dvs = _validations(ws)
    assert sorted(dvs) == list("ABCDEFGHIJK")
    for col in ACTIVITY_COLUMNS:
        dv = dvs[col.letter]
        assert str(dv.sqref) == f"{col.letter}7:{col.letter}206"
        assert dv.showInputMessage and dv.prompt == COLUMN_HELP[col.key][lang].prompt
    errors = {c: dvs[c].error for c in "BCDEFH"}
    assert all(dvs[c].showErrorMessage for c in "BCDEFH")
    assert len(set(errors.values())) == 6  # no two columns share an error text
    assert not any(dvs[c].showErrorMessage for c in "AGIJ")  # free text: help only
    if lang == "fi":
        assert errors["C"] == (
            "Määrän pitää olla luku, joka on vähintään 0, ilman yksikköä tai muuta tekstiä (esim. 12500 tai 2,5)."
        )
        assert dvs["C"].promptTitle == "Määrä"
        assert errors["D"] == (
            "Yksikkö ei ole luettelossa. Valitse yksikkö pudotusvalikosta, esim. kWh, MWh, l, kg, km tai EUR."
        )
    else:
        assert errors["E"] == "Choose measured or estimated from the drop-down list."


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_organisation_fields_have_their_own_help(make_template, lang):
    ws = openpyxl.load_workbook(make_template(lang=lang))[SHEETS["organisation"][lang]]
    dvs = _validations(ws)
    for i, f in enumerate(ORGANISATION_FIELDS):
        dv = dvs[f"B{3 + i}"]
        assert dv.prompt == (f.help_fi if lang == "fi" else f.help_en)
        assert dv.promptTitle == (f.label_fi if lang == "fi" else f.label_en)
    year = dvs["B9"]
    assert (year.type, year.formula1, year.formula2) == ("whole", "1990", "2100")
    assert year.error == (
        "Anna vuosi neljällä numerolla (esim. 2024)."
        if lang == "fi"
        else ("Give the year in four digits (e.g. 2024).")
    )
    assert not dvs["B5"].showErrorMessage  # sector: the list suggests, a numeric code is welcome too


def test_help_texts_fit_excels_limits():
    texts = [h for per_lang in COLUMN_HELP.values() for h in per_lang.values()]
    for h in texts:
        assert len(h.title) <= TITLE_LIMIT, h.title
        assert len(h.prompt) <= PROMPT_LIMIT, h.prompt
        assert len(h.error) <= ERROR_LIMIT, h.error
    for f in ORGANISATION_FIELDS:
        assert len(f.label_fi) <= TITLE_LIMIT and len(f.label_en) <= TITLE_LIMIT
        assert len(f.help_fi) <= PROMPT_LIMIT and len(f.help_en) <= PROMPT_LIMIT
    assert all(len(t) <= ERROR_LIMIT for e in FIELD_ERRORS.values() for t in e.values())


def test_activity_headers_wrap_in_a_row_tall_enough(make_template):
    ws = openpyxl.load_workbook(make_template())["Toiminta"]
    for col in ACTIVITY_COLUMNS:
        cell = ws[f"{col.letter}6"]
        assert cell.value == col.label()  # the reader's anchor is unchanged
        assert cell.alignment.wrap_text
    # "Oma kerroin (kg CO2e/yksikkö) / Own factor (kg CO2e/unit)" in 17 units: 4 lines of 15 pt
    assert ws.column_dimensions["F"].width == 17
    assert wrapped_lines("Oma kerroin (kg CO2e/yksikkö) / Own factor (kg CO2e/unit)", 17, bold=True) == 4
    assert ws.row_dimensions[6].height >= 4 * 15
    assert ws.freeze_panes == "A7"


def test_wrapped_lines_counts_word_wrapping():
    assert wrapped_lines("Määrä / Quantity", 13) == 2  # "Määrä /" + "Quantity"
    assert wrapped_lines("abc", 10) == 1
    assert wrapped_lines("x" * 30, 11.5) == 3  # a word longer than the column breaks


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_organisation_labels_fit_column_a(make_template, lang):
    ws = openpyxl.load_workbook(make_template(lang=lang))[SHEETS["organisation"][lang]]
    width = ws.column_dimensions["A"].width
    for i, f in enumerate(ORGANISATION_FIELDS):
        label = ws[f"A{3 + i}"].value
        assert label == f.label(lang)
        assert len(label) * 1.05 <= width, label  # bold "Toimiala (TOL 2008) / Sector (TOL 2008)" too


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_print_setup_one_page_wide(make_template, lang):
    wb = openpyxl.load_workbook(make_template(lang=lang))
    expected = {"instructions": "portrait", "organisation": "landscape", "activities": "landscape"}
    for role, orientation in expected.items():
        ws = wb[SHEETS[role][lang]]
        assert ws.sheet_properties.pageSetUpPr.fitToPage, role
        setup = ws.page_setup
        assert (setup.fitToWidth, setup.fitToHeight, setup.paperSize, setup.orientation) == (
            1,
            0,
            9,  # A4
            orientation,
        ), role
    assert wb[SHEETS["activities"][lang]].print_title_rows == "$6:$6"
    # the instructions fit a portrait page even unscaled (LibreOffice does not scale one column)
    assert wb[SHEETS["instructions"][lang]].column_dimensions["A"].width <= 75


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [("fi", "lähetä se verkoston koordinaattorille"), ("en", "send it to the network's coordinator")],
)
def test_instructions_end_with_sending_the_file_to_the_coordinator(make_template, lang, phrase):
    ws = openpyxl.load_workbook(make_template(lang=lang))[SHEETS["instructions"][lang]]
    texts = [c.value for c in ws["A"] if c.value]
    assert not any("paastolaskuri check" in t for t in texts)  # no command line for a small business
    assert any(phrase in t for t in texts)
    assert all(ws[f"A{r}"].alignment.wrap_text for r in range(1, len(texts) + 1))


def test_template_is_byte_reproducible(tmp_path, make_template):
    a = make_template(name="a.xlsx").read_bytes()
    b = make_template(name="b.xlsx").read_bytes()
    assert a == b
