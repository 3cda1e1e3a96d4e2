"""The template's "Sitoumukset / Commitments" sheet, written from the commitment schema.

Older templates have no such sheet: the reader treats a missing sheet as "no commitments".
"""

from __future__ import annotations

from dataclasses import asdict

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.core.i18n import text
from paastolaskuri.core.outputs import neutralise_formula
from paastolaskuri.intake.commitment_schema import (
    CATEGORY_SEPARATOR,
    COLUMNS,
    COMMITMENT_BLANK_ROWS,
    COMMITMENT_FIRST_ROW,
    COMMITMENT_HEADER_ROW,
    PERCENT_COLUMNS,
    PERCENT_MAX,
    PERCENT_MIN,
    Column,
    Commitment,
    Target,
)
from paastolaskuri.intake.template_format import row_height

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
        d["categories"] = category_names(d["categories"], lang)
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


def category_names(codes, lang: str) -> str:
    """Categories as the sheet shows them: their names in `lang`, separated by semicolons."""
    categories = load_catalogue().categories
    return f"{CATEGORY_SEPARATOR} ".join(categories[c].label(lang) if c in categories else c for c in codes)


def _drop_down_labels(lang: str) -> dict[str, list[str]]:
    """The labels of each drop-down column in `lang`: the choices, the category names, the activities."""
    labels = {
        column.key: [fi if lang == "fi" else en for fi, en in column.choices.values()]
        for column in COLUMNS
        if column.choices
    }
    catalogue = load_catalogue()
    labels["categories"] = [c.label(lang) for c in catalogue.categories.values()]
    labels["link_activity"] = [a.label(lang) for a in catalogue]
    return labels


def _choice_lists(lists, lang: str) -> dict[str, str]:
    """Write each drop-down column's labels into the hidden lists sheet; return the range formula per key."""
    formulas = {}
    for col, (key, labels) in enumerate(_drop_down_labels(lang).items(), start=LIST_FIRST_COLUMN):
        letter = get_column_letter(col)
        lists.cell(row=1, column=col, value=f"commitment_{key}")
        for i, label in enumerate(labels, start=2):
            lists.cell(row=i, column=col, value=label)
        formulas[key] = f"'{lists.title}'!${letter}$2:${letter}${len(labels) + 1}"
    return formulas


def header(column: Column) -> str:
    """A column's header: bilingual "fi / en", as on the other sheets (the reader accepts either half)."""
    return f"{column.label_fi} / {column.label_en}"


def _validation(column: Column, formulas: dict[str, str]) -> DataValidation:
    """The rule of one column: a drop-down, a year, a percentage 0-100, a number >= 0, or a text length."""
    if column.key in formulas:
        dv = DataValidation(type="list", formula1=formulas[column.key], allow_blank=True)
        if column.key == "categories":
            dv.errorStyle = "warning"  # several names separated by semicolons are typed, not chosen
        return dv
    if column.kind == "int":
        return DataValidation(
            type="whole", operator="between", formula1="1990", formula2="2100", allow_blank=True
        )
    if column.key in PERCENT_COLUMNS:
        low, high = f"{PERCENT_MIN:g}", f"{PERCENT_MAX:g}"
        return DataValidation(
            type="decimal", operator="between", formula1=low, formula2=high, allow_blank=True
        )
    if column.kind == "number":
        return DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    return DataValidation(type="textLength", operator="lessThanOrEqual", formula1="500", allow_blank=True)


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
        cell = ws.cell(row=COMMITMENT_HEADER_ROW, column=index, value=header(column))
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = column.width
        dv = _validation(column, formulas)
        dv.promptTitle = column.label(lang)[:32]
        dv.prompt = column.help(lang)[:255]
        dv.error = column.help(lang)[:255]
        dv.errorTitle = column.label(lang)[:32]
        dv.showInputMessage = dv.showErrorMessage = True
        dv.add(f"{letter}{COMMITMENT_FIRST_ROW}:{letter}{last_row}")
        ws.add_data_validation(dv)
    ws.row_dimensions[COMMITMENT_HEADER_ROW].height = row_height(
        [(header(c), c.width) for c in COLUMNS], bold=True
    )
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
