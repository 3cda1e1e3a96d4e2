"""The checks the assignments call: compare with the student's own answer key, fail with a named hint.

A failed check raises AssertionError with two lines (Finnish, then English) naming the likely
mistake: kWh vs MWh, litres vs energy, the Scope 2 basis, VAT, the category, ... never only "wrong".

Two places call them. In a student's notebook (``check_answer``) they check a *practice* case at
once; a graded case's answer is only recorded there, since its key needs the course secret. The
teacher's grader (grade.py) calls ``judge`` in its own process on the answers read out of the
executed notebook as data: nothing a submission defines can change a grade.
"""

from __future__ import annotations

import math
from pathlib import Path

from paastolaskuri.core.i18n import pair
from paastolaskuri.core.numformat import format_plain
from paastolaskuri.coursework.exercise import Exercise
from paastolaskuri.coursework.files import has_broken_marker
from paastolaskuri.coursework.hints import hint_lines
from paastolaskuri.coursework.key import AnswerKey, answer_key
from paastolaskuri.coursework.student_files import find_case_folder, read_marker
from paastolaskuri.footprint import compute_footprint

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
        if _close(value, float(wrong), ex.tolerance()):
            return hint_lines(exercise, hint)
    expected = float(ex.expected)
    if expected and (_close(value / expected, 1000, 0.01) or _close(value / expected, 0.001, 0.01)):
        return hint_lines(exercise, ex.thousand)
    if _close(value, expected, CLOSE):
        return hint_lines(exercise, "close", tol=f"{ex.tolerance() * 100:.2g} %")
    shown = (format_plain(round(value, 3), "fi"), format_plain(round(value, 3), "en"))
    return hint_lines(exercise, "generic", value=shown, unit=ex.unit, how=ex.how)


def _check_value(exercise: str, ex: Exercise, value) -> None:
    if ex.kind == "number":
        number = _as_number(exercise, value)
        if not _close(number, float(ex.expected), ex.tolerance()):
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


def judge(key: AnswerKey, exercise: str, value) -> str | None:
    """None when `value` answers `exercise` of the case of `key`, else the two-line hint (pure)."""
    if exercise not in key.exercises:
        raise KeyError(f"unknown exercise {exercise!r}; known: {', '.join(key.exercises)}")
    if value is None:
        return hint_lines(exercise, "missing")
    try:
        _check_value(exercise, key.exercises[exercise], value)
    except AssertionError as wrong:
        return str(wrong)
    except (TypeError, ValueError):  # a value of an odd type (a dict for a list of cells): not an answer
        return hint_lines(exercise, "not_number")
    return None


def check_answer(exercise: str, student_id: str, value) -> None:
    """In the notebook: check a practice case's answer at once; a graded case's is only recorded.

    Raises AssertionError with the hint when a practice answer is wrong (or any answer is missing).
    """
    if value is None:
        raise AssertionError(hint_lines(exercise, "missing"))
    if is_graded_case(student_id):
        print(_recorded(exercise))
        return
    wrong = judge(answer_key(str(student_id).strip()), exercise, value)
    if wrong:
        raise AssertionError(wrong)
    print(_correct(exercise))


def _recorded(exercise: str) -> str:
    fi, en = pair("coursework.check.recorded")
    return f"• {exercise}: {fi} / {en}"


def is_graded_case(student_id: str, cwd: Path | None = None) -> bool:
    """True when the student's case folder next to the notebook is a graded case (from the teacher)."""
    folder = find_case_folder(student_id, Path(cwd or Path.cwd()))
    return bool(folder and read_marker(folder).get("graded"))


def judge_fixed_file(key: AnswerKey, path: Path | str) -> str | None:
    """Assignment 03: None when the corrected template is the broken one fixed, else the hint.

    Right means: `check` finds no errors, the totals are the case's, and the file keeps the broken
    copy's marker (so handing in case.xlsx, or any other copy, is not a fix).
    """
    exercise = "03.fixed_file"
    path = Path(path)
    if not path.is_file():
        return hint_lines(exercise, "fixed_file", detail=_both("coursework.check.no_file", path=path.name))
    fp = compute_footprint(path, display=path.name)
    errors = [p for p in fp.problems if p.is_error]
    if errors:
        return hint_lines(exercise, "fixed_file", detail=(errors[0].format("fi"), errors[0].format("en")))
    if not has_broken_marker(path, key.partner_id):
        return hint_lines(exercise, "fixed_file", detail=_both("coursework.check.not_from_broken"))
    for total in ("scope1", "scope2_location", "scope2_market", "scope3"):
        if not _close(fp.totals[total], key.totals[total], 1e-6):
            detail = _both("coursework.check.total_differs", total=total, got=f"{fp.totals[total]:.1f}")
            return hint_lines(exercise, "fixed_file", detail=detail)
    return None


def check_fixed_file(student_id: str, path: Path | str) -> None:
    """In the notebook: the practice case's corrected template checked at once (a graded one recorded)."""
    if is_graded_case(student_id):
        print(_recorded("03.fixed_file"))
        return
    wrong = judge_fixed_file(answer_key(str(student_id).strip()), path)
    if wrong:
        raise AssertionError(wrong)
    print(_correct("03.fixed_file"))
