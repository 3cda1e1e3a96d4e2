"""The template's look: cell help (input messages, error texts), column widths, header heights, printing.

Layout only: nothing here moves a cell the reader relies on (organisation labels in column A, the
activity header on row 6, lines from row 7).
"""

from __future__ import annotations

import math

from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from paastolaskuri.core.i18n import text
from paastolaskuri.intake.template_text import (
    COLUMN_HELP,
    ERROR_LIMIT,
    FIELD_ERRORS,
    PROMPT_LIMIT,
    TITLE_LIMIT,
    CellHelp,
)

ERROR_TITLE = text("app.name", "fi")  # the product's name, the same in every language
LINE_HEIGHT = 15.0  # points per text line at the template's 11 pt font
# average character widths in column-width units (the width of a "0"): text is mostly narrower letters
PLAIN_CHAR = 0.92
BOLD_CHAR = 1.0


def with_help(dv: DataValidation, help_: CellHelp, *, show_error: bool = True) -> DataValidation:
    """`dv` showing `help_` as its input message, and its error text when a value is refused."""
    dv.promptTitle = help_.title[:TITLE_LIMIT]
    dv.prompt = help_.prompt[:PROMPT_LIMIT]
    dv.showInputMessage = True
    if help_.error and show_error:
        dv.errorTitle = ERROR_TITLE
        dv.error = help_.error[:ERROR_LIMIT]
        dv.errorStyle = "stop"
        dv.showErrorMessage = True
    else:
        dv.showErrorMessage = False
    return dv


def _rule(kind: str, formula: str | None) -> DataValidation:
    if kind == "number":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    if kind == "year":
        return DataValidation(
            type="whole", operator="between", formula1="1990", formula2="2100", allow_blank=True
        )
    if kind == "list":
        return DataValidation(type="list", formula1=formula, allow_blank=True)
    return DataValidation(allow_blank=True)  # any value: the input message only


def column_validation(key: str, lang: str, kind: str, formula: str | None = None) -> DataValidation:
    """The validation of an activity column: its rule (`number`, `list` of `formula`, or `any`) and its help."""
    return with_help(_rule(kind, formula), COLUMN_HELP[key][lang])


def field_validation(field, lang: str, formula: str | None = None) -> DataValidation:
    """The validation of an organisation field: rule by the field's kind, its help text as the prompt."""
    kind = {"number": "number", "int": "year", "sector": "list", "consent": "list"}.get(field.kind, "any")
    error = FIELD_ERRORS.get(field.kind, {}).get(lang, "")
    help_ = CellHelp(field.label_fi if lang == "fi" else field.label_en, field.help(lang), error)
    # a numeric TOL code (16101) is welcome too: the sector list only suggests
    return with_help(_rule(kind, formula), help_, show_error=field.kind != "sector")


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """How many lines `text` takes when wrapped at word boundaries in a column `width` units wide."""
    room = width - 1.5  # cell padding
    factor = BOLD_CHAR if bold else PLAIN_CHAR
    lines, used = 1, 0.0
    for word in str(text).split():
        need = len(word) * factor
        if used and used + factor + need > room:
            lines, used = lines + 1, need
        else:
            used += (factor if used else 0.0) + need
        lines += max(0, math.ceil(need / room) - 1)  # a word longer than the column breaks
    return lines


def row_height(texts_and_widths: list[tuple[str, float]], bold: bool = False) -> float:
    """A row height (points) that shows every wrapped text of the row in full."""
    lines = max((wrapped_lines(t, w, bold) for t, w in texts_and_widths), default=1)
    return lines * LINE_HEIGHT + 3


def print_setup(ws, *, landscape: bool, title_rows: str | None = None) -> None:
    """A4, one page wide (as many pages tall as needed), narrow margins, optional repeated header rows.

    No fixed print area: the used range is printed, so lines a partner adds later are printed too.
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
