"""The template's "Sitoumukset / Commitments" sheet, written from the commitment schema.

Older templates have no such sheet: the reader treats a missing sheet as "no commitments".
"""

from __future__ import annotations

from dataclasses import asdict

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.i18n import text
from paastolaskuri.intake.commitment_schema import (
    COLUMNS,
    COMMITMENT_BLANK_ROWS,
    COMMITMENT_FIRST_ROW,
    COMMITMENT_HEADER_ROW,
    Commitment,
    Target,
)
from paastolaskuri.outputs import neutralise_formula

LIST_FIRST_COLUMN = 12  # column L of the hidden lists sheet onward holds the commitment choices
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")


def sheet_name(lang: str) -> str:
    """The sheet's name in the template's language."""
    return text("commitment.sheet.name", lang)


def _row_values(item: Commitment | dict, lang: str) -> dict[str, object]:
    """Cell values of one commitment (choices as their label in the template's language)."""
    d = dict(item) if isinstance(item, dict) else asdict(item)
    if not isinstance(item, dict):
        d["kind"] = "target" if isinstance(item, Target) else "action"
    d.pop("origin", None)
    d.pop("partner_id", None)
    if isinstance(d.get("categories"), (list, tuple)):
        d["categories"] = ", ".join(d["categories"])
    if isinstance(d.get("milestones"), (list, tuple)):
        d["milestones"] = "; ".join(f"{y}: {p:g}" for y, p in d["milestones"])
    if d.get("link_activity"):
        activity = load_catalogue().activities.get(str(d["link_activity"]))
        d["link_activity"] = activity.label(lang) if activity else d["link_activity"]
    out: dict[str, object] = {}
    for column in COLUMNS:
        value = d.get(column.key)
        if value in (None, "", ()):
            continue
        if column.choices and value in column.choices:
            fi, en = column.choices[str(value)]
            value = fi if lang == "fi" else en
        out[column.key] = value
    return out


def _choice_lists(lists, lang: str) -> dict[str, str]:
    """Write each choice column's labels into the hidden lists sheet; return the range formula per key."""
    formulas = {}
    col = LIST_FIRST_COLUMN
    for column in COLUMNS:
        if not column.choices:
            continue
        letter = get_column_letter(col)
        lists.cell(row=1, column=col, value=f"commitment_{column.key}")
        labels = [fi if lang == "fi" else en for fi, en in column.choices.values()]
        for i, label in enumerate(labels, start=2):
            lists.cell(row=i, column=col, value=label)
        formulas[column.key] = f"'{lists.title}'!${letter}$2:${letter}${len(labels) + 1}"
        col += 1
    return formulas


def add_commitment_sheet(wb, lang: str, items: list[Commitment | dict] | None, lists_sheet: str) -> None:
    """Append the commitments sheet to a template workbook, pre-filled with ``items``."""
    ws = wb.create_sheet(sheet_name(lang))
    title, intro = text("commitment.sheet.title", lang), text("commitment.sheet.intro", lang)
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=intro).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=10)
    ws.row_dimensions[2].height = 45
    formulas = _choice_lists(wb[lists_sheet], lang)
    last_row = COMMITMENT_FIRST_ROW + max(COMMITMENT_BLANK_ROWS, len(items or [])) - 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=COMMITMENT_HEADER_ROW, column=index, value=column.label(lang))
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = column.width
        if column.kind == "choice":
            dv = DataValidation(type="list", formula1=formulas[column.key], allow_blank=True)
        elif column.kind == "int":
            dv = DataValidation(
                type="whole", operator="between", formula1="1990", formula2="2100", allow_blank=True
            )
        elif column.kind == "number":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        else:
            dv = DataValidation(
                type="textLength", operator="lessThanOrEqual", formula1="500", allow_blank=True
            )
        dv.promptTitle = column.label(lang)[:32]
        dv.prompt = column.help(lang)[:255]
        dv.error = column.help(lang)[:255]
        dv.errorTitle = column.label(lang)[:32]
        dv.showInputMessage = dv.showErrorMessage = True
        dv.add(f"{letter}{COMMITMENT_FIRST_ROW}:{letter}{last_row}")
        ws.add_data_validation(dv)
    ws.row_dimensions[COMMITMENT_HEADER_ROW].height = 45
    ws.freeze_panes = ws.cell(row=COMMITMENT_FIRST_ROW, column=3)
    keys = [c.key for c in COLUMNS]
    for offset, item in enumerate(items or []):
        for key, value in _row_values(item, lang).items():
            value = neutralise_formula(value)  # the partner's own text, never a formula
            ws.cell(row=COMMITMENT_FIRST_ROW + offset, column=keys.index(key) + 1, value=value)
    for row in range(COMMITMENT_FIRST_ROW, last_row + 1):
        for index in range(1, len(COLUMNS) + 1):
            ws.cell(row=row, column=index).fill = _INPUT_FILL
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{COMMITMENT_HEADER_ROW}:{COMMITMENT_HEADER_ROW}"
