"""The checks the assignments call: compare with the student's own answer key, fail with a named hint.

A failed check raises AssertionError with two lines (Finnish, then English) naming the likely
mistake: kWh vs MWh, litres vs energy, the Scope 2 basis, VAT, the category, ... never only "wrong".
"""

from __future__ import annotations

import math
from pathlib import Path

from paastolaskuri.coursework.case import case_slug
from paastolaskuri.coursework.exercise import Exercise
from paastolaskuri.coursework.hints import hint_lines
from paastolaskuri.coursework.key import answer_key
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.i18n import pair
from paastolaskuri.numformat import format_plain

CLOSE = 0.05  # within 5 %: "close, did you round?"
SHEET_ALIASES = {
    "toiminta": "Toiminta",
    "activities": "Toiminta",
    "organisaatio": "Organisaatio",
    "organisation": "Organisaatio",
}


def _correct(exercise: str) -> str:
    fi, en = pair("coursework.check.correct")
    return f"✓ {exercise}: {fi} / {en}"


def _both(key: str, **params) -> tuple[str, str]:
    fi, en = pair(key)
    return fi.format(**params), en.format(**params)


def _close(a: float, b: float, rel: float) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


def _as_number(exercise: str, value) -> float:
    if isinstance(value, bool) or (not isinstance(value, int | float) and not hasattr(value, "item")):
        raise AssertionError(hint_lines(exercise, "not_number"))
    number = float(value)
    if math.isnan(number):
        raise AssertionError(hint_lines(exercise, "missing"))
    return number


def _number_hint(exercise: str, ex: Exercise, value: float) -> str:
    for wrong, hint in ex.mistakes:
        if _close(value, float(wrong), ex.rel_tol):
            return hint_lines(exercise, hint)
    expected = float(ex.expected)
    if expected and (_close(value / expected, 1000, 0.01) or _close(value / expected, 0.001, 0.01)):
        return hint_lines(exercise, ex.thousand)
    if _close(value, expected, CLOSE):
        return hint_lines(exercise, "close", tol=f"{ex.rel_tol * 100:g} %")
    shown = (format_plain(round(value, 3), "fi"), format_plain(round(value, 3), "en"))
    return hint_lines(exercise, "generic", value=shown, unit=ex.unit, how=ex.how)


def _check_value(exercise: str, ex: Exercise, value) -> None:
    if ex.kind == "number":
        number = _as_number(exercise, value)
        if not _close(number, float(ex.expected), ex.rel_tol):
            raise AssertionError(_number_hint(exercise, ex, number))
    elif ex.kind in ("category", "count"):
        number = _as_number(exercise, value)
        if round(number) != int(ex.expected):
            hints = dict(ex.mistakes)
            if ex.kind == "count":
                key = "errors_too_few" if number < int(ex.expected) else "errors_too_many"
            else:
                key = hints.get(round(number), "category_other")
            raise AssertionError(hint_lines(exercise, key))
    elif ex.kind == "text":
        if str(value).strip().lower() != str(ex.expected).lower():
            raise AssertionError(
                hint_lines(exercise, dict(ex.mistakes).get(str(value).strip(), "wrong_action"))
            )
    elif ex.kind == "cells":
        _check_cells(exercise, ex, value)


def normalise_cell(text: str) -> str:
    """'toiminta!c9' or 'Activities!C9' -> 'Toiminta!C9' (the key names the Finnish sheets)."""
    sheet, _, cell = str(text).strip().partition("!")
    sheet = SHEET_ALIASES.get(sheet.strip().lower(), sheet.strip())
    return f"{sheet}!{cell.strip().upper()}" if cell else sheet.upper()


def _check_cells(exercise: str, ex: Exercise, value) -> None:
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").split(",") if v.strip()]
    given = {normalise_cell(v) for v in value}
    expected = set(ex.expected)
    if given != expected:
        extra = ", ".join(sorted(given - expected)) or "–"
        raise AssertionError(hint_lines(exercise, "cells", missing=len(expected - given), extra=extra))


def check_answer(exercise: str, student_id: str, value) -> None:
    """Compare an answer with the student's own case; raise AssertionError with a hint when wrong."""
    check_student(student_id)  # under autograde: the submitter's own case only
    key = answer_key(str(student_id).strip())
    if exercise not in key.exercises:
        raise KeyError(f"unknown exercise {exercise!r}; known: {', '.join(key.exercises)}")
    if value is None:
        raise AssertionError(hint_lines(exercise, "missing"))
    _check_value(exercise, key.exercises[exercise], value)
    print(_correct(exercise))


def check_fixed_file(student_id: str, path: Path | str) -> None:
    """Assignment 03: the corrected template passes `check` and gives the case's own totals."""
    exercise = "03.fixed_file"
    check_student(student_id)
    if not Path(path).is_file():
        detail = _both("coursework.check.no_file", path=path)
        raise AssertionError(hint_lines(exercise, "fixed_file", detail=detail))
    fp = compute_footprint(path, display=Path(path).name)
    errors = [p for p in fp.problems if p.is_error]
    if errors:
        detail = (errors[0].format("fi"), errors[0].format("en"))
        raise AssertionError(hint_lines(exercise, "fixed_file", detail=detail))
    key = answer_key(str(student_id).strip())
    for total in ("scope1", "scope2_location", "scope2_market", "scope3"):
        if not _close(fp.totals[total], key.totals[total], 1e-6):
            got, expected = f"{fp.totals[total]:.1f}", f"{key.totals[total]:.1f}"
            detail = _both("coursework.check.total_differs", total=total, got=got, expected=expected)
            raise AssertionError(hint_lines(exercise, "fixed_file", detail=detail))
    print(_correct(exercise))


def check_student(student_id: str, cwd: Path | None = None) -> None:
    """Under nbgrader autograde (cwd autograded/<student>/<assignment>): STUDENT_ID is the submitter's own."""
    cwd = Path(cwd or Path.cwd())
    if cwd.parent.parent.name != "autograded":
        return None
    if case_slug(cwd.parent.name) != case_slug(student_id):
        fi, en = _both("coursework.check.not_submitter", student=repr(student_id), submitter=cwd.parent.name)
        raise AssertionError(f"STUDENT_ID: {fi}\nSTUDENT_ID: {en}")
    return None
