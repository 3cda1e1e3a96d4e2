"""The organisation sheet: each field found by its label in column A, its value in column B checked by kind.

Every problem becomes a `Problem` naming the cell; a field with a problem reads as None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from paastolaskuri.intake.cells import (
    MAX_TEXT,
    choice,
    is_blank,
    label_matches,
    parse_number,
    partner_id_usable,
    short,
)
from paastolaskuri.intake.template_layout import CONSENT_VALUES, ORGANISATION_FIELDS, Field, tol_section
from paastolaskuri.messages import Problem

ORG_SCAN_ROWS = 60  # rows of the organisation sheet searched for the field labels
YEAR_LOW = 1990  # the earliest reporting or base year accepted


@dataclass
class _FieldCell:
    """Where one organisation field's value is, and the list its problems go to."""

    display: str
    sheet: str
    cell: str
    problems: list[Problem]

    def add(self, code: str, params: dict | None = None, severity: str = "error") -> None:
        self.problems.append(Problem(self.display, code, self.sheet, self.cell, params or {}, severity))


def read_organisation(display: str, ws, formula_cells: set[tuple[int, int]]) -> tuple[dict, list[Problem]]:
    """(field key -> value or None, problems) from an organisation worksheet (`formula_cells`: (row, column))."""
    sheet = ws.title
    rows = list(ws.iter_rows(min_row=1, max_row=ORG_SCAN_ROWS, max_col=4, values_only=True))
    found = find_fields(rows)
    problems: list[Problem] = []
    org: dict = {}
    for f in ORGANISATION_FIELDS:
        org[f.key] = None
        if f.key not in found:
            if f.required:
                problems.append(Problem(display, "field_missing", sheet, "", {"field": f.key}))
            continue
        r, value = found[f.key]
        place = _FieldCell(display, sheet, f"B{r}", problems)
        if value is None and (r, 2) in formula_cells:
            place.add("formula_no_value")
            continue
        org[f.key] = field_value(place, f, value)
    return org, problems


def find_fields(rows: list[tuple]) -> dict[str, tuple[int, object]]:
    """Field key -> (row number, value in column B) for the first row whose column A is the field's label."""
    found: dict[str, tuple[int, object]] = {}
    for r, row in enumerate(rows, start=1):
        if not row:
            continue
        for f in ORGANISATION_FIELDS:
            if f.key not in found and label_matches(row[0], (f.label_fi, f.label_en, f.key)):
                found[f.key] = (r, row[1] if len(row) > 1 else None)
    return found


def field_value(place: _FieldCell, f: Field, value):
    """The checked value of organisation field `f` (text, year, number or consent key); None on a problem."""
    if is_blank(value):
        if f.required:
            place.add("field_missing", {"field": f.key})
        elif f.key == "sector":
            place.add("sector_missing", severity="warning")
        return None
    if f.kind == "consent":
        return _consent_value(place, value)
    if f.kind in ("text", "sector"):
        return _text_value(place, f, value)
    if f.kind == "int":
        return _year_value(place, f, value)
    return _number_value(place, f, value)


def _consent_value(place: _FieldCell, value) -> str | None:
    """Research use: "yes" / "no"; anything else is a warning and counts as no."""
    key = choice(value, CONSENT_VALUES)
    if not key:
        place.add("research_use_invalid", {"value": short(value)}, "warning")
    return key or None


def _text_value(place: _FieldCell, f: Field, value) -> str | None:
    """A text field within its length; a partner ID usable as a file name; a sector a TOL 2008 code."""
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    limit = MAX_TEXT.get(f.key, 300)
    if len(text) > limit:
        place.add("text_too_long", {"length": len(text), "limit": limit})
        return None
    if f.key == "partner_id" and not partner_id_usable(text):
        place.add("partner_id_invalid", {"value": short(text)})
        return None
    if f.kind == "sector" and tol_section(text) is None:
        place.add("sector_invalid", {"value": short(text)})
        return None
    return text


def _year_value(place: _FieldCell, f: Field, value) -> int | None:
    """A reporting or base year: a whole number from YEAR_LOW to next year."""
    number, _code = parse_number(value)
    high = dt.date.today().year + 1
    if number is None or not number.is_integer() or not (YEAR_LOW <= number <= high):
        code = "year_invalid" if f.key == "year" else "base_year_invalid"
        place.add(code, {"value": short(value), "low": YEAR_LOW, "high": high})
        return None
    return int(number)


def _number_value(place: _FieldCell, f: Field, value) -> float | None:
    """A size figure (employees, floor area, revenue): a number ≥ 0."""
    number, _code = parse_number(value)
    if number is None:
        place.add("number_invalid", {"field": f.key, "value": short(value)})
        return None
    if number < 0:
        place.add("number_negative", {"field": f.key, "value": float(number)})
        return None
    return number
