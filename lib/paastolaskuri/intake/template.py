"""The partner's Excel template: written from the catalogue, so drop-downs always match the validator."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.units import UNITS
from paastolaskuri.core.i18n import pair, text
from paastolaskuri.core.outputs import atomic_path, neutralise_formula, reproducible_xlsx
from paastolaskuri.intake.boundary import add_boundary_sheet
from paastolaskuri.intake.commitment_sheet import add_commitment_sheet
from paastolaskuri.intake.price_sheet import add_price_sheet
from paastolaskuri.intake.template_format import (
    BOLD_CHAR,
    column_validation,
    field_validation,
    print_setup,
    row_height,
)
from paastolaskuri.intake.template_layout import (
    ACTIVITY_COLUMNS,
    ACTIVITY_FIRST_ROW,
    ACTIVITY_HEADER_ROW,
    BLANK_ROWS,
    CONSENT_VALUES,
    CONTRACT_VALUES,
    ORG_FIRST_ROW,
    ORG_HEADER_ROW,
    ORGANISATION_FIELDS,
    QUALITY_VALUES,
    REFERENCE_COLUMNS,
    SHEETS,
    TEMPLATE_VERSION,
    TOL_SECTIONS,
    consent_label,
    contract_label,
    quality_label,
    tol_label,
)
from paastolaskuri.intake.template_text import ACTIVITY_HINTS, INSTRUCTION_HEADINGS, INSTRUCTIONS

TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_ONLY = Alignment(wrap_text=True)
TOP = Alignment(vertical="top")
PRODUCT = text("app.name", "fi")  # the same in every language


def write_template(
    out: Path,
    *,
    lang: str = "fi",
    organisation: dict | None = None,
    lines: list[dict] | None = None,
    commitments: list | None = None,
    prices: list | None = None,
    carry_prices_forward: bool = False,
    boundary: list | None = None,
) -> Path:
    """Write a template to `out` (atomically). `organisation` and `lines` pre-fill it (demo data, next year).

    Each line is a dict with keys of ACTIVITY_COLUMNS (activity as catalogue key, unit as our symbol).
    `prices` pre-fill the prices sheet; `carry_prices_forward` moves each price to its "last year" column.
    """
    catalogue = load_catalogue()
    wb = Workbook()
    # fixed timestamps: the same content gives the same bytes
    stamp = dt.datetime(2020, 1, 1)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = PRODUCT
    wb.properties.title = f"{PRODUCT} template"  # file metadata, as the keywords below
    wb.properties.keywords = f"paastolaskuri-template v{TEMPLATE_VERSION} lang={lang}"

    _instructions_sheet(wb.active, lang)

    lists = wb.create_sheet(SHEETS["lists"][lang])
    activities = list(catalogue)
    lists["A1"], lists["B1"], lists["C1"] = "activity", "key", "units"
    for i, a in enumerate(activities, start=2):
        lists.cell(row=i, column=1, value=a.label(lang))
        lists.cell(row=i, column=2, value=a.key)
        lists.cell(row=i, column=3, value=" ".join(a.units))
    units = list(UNITS)
    lists["D1"] = "unit"
    for i, u in enumerate(units, start=2):
        lists.cell(row=i, column=4, value=u)
    lists["E1"] = "quality"
    for i, k in enumerate(QUALITY_VALUES, start=2):
        lists.cell(row=i, column=5, value=quality_label(k))
    lists["F1"] = "contract"
    for i, k in enumerate(CONTRACT_VALUES, start=2):
        lists.cell(row=i, column=6, value=contract_label(k))
    lists["G1"] = "sector"
    for i, s in enumerate(TOL_SECTIONS, start=2):
        lists.cell(row=i, column=7, value=f"{s[0]} {tol_label(s[0], lang)}")
    lists["H1"] = "research_use"
    for i, k in enumerate(CONSENT_VALUES, start=2):
        lists.cell(row=i, column=8, value=consent_label(k))
    lists.sheet_state = "hidden"
    ln = SHEETS["lists"][lang]

    _organisation_sheet(wb, lang, organisation or {}, ln)
    _activity_sheet(wb, lang, lines or [], ln, len(activities), len(units))
    add_commitment_sheet(wb, lang, commitments, ln)
    add_price_sheet(wb, lang, prices, ln, carry_forward=carry_prices_forward)
    add_boundary_sheet(wb, lang, boundary, ln)
    wb.move_sheet(ln, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(ln))  # visible sheets first
    wb.active = 1
    with atomic_path(Path(out)) as tmp:
        tmp.write_bytes(_reproducible_xlsx(wb))
    return Path(out)


def _instructions_sheet(ws, lang):
    ws.title = SHEETS["instructions"][lang]
    width = 72  # fits a portrait A4 page unscaled, also where Calibri is replaced by a wider font
    ws.column_dimensions["A"].width = width
    for i, line in enumerate(INSTRUCTIONS[lang], start=1):
        cell = ws.cell(row=i, column=1, value=line or None)
        cell.font = TITLE if i == 1 else BOLD if i in INSTRUCTION_HEADINGS else Font()
        cell.alignment = WRAP
        if line and i > 1:
            ws.row_dimensions[i].height = row_height([(line, width)], bold=i in INSTRUCTION_HEADINGS)
    print_setup(ws, landscape=False)


def _reproducible_xlsx(wb) -> bytes:
    raw = io.BytesIO()
    wb.save(raw)
    return reproducible_xlsx(raw.getvalue())


def _organisation_sheet(wb, lang, organisation, lists_name):
    ws = wb.create_sheet(SHEETS["organisation"][lang])
    ws["A1"] = text("template.organisation_title", lang)
    ws["A1"].font = TITLE
    for col, head in zip("ABC", ("field", "value", "help"), strict=True):
        c = ws[f"{col}{ORG_HEADER_ROW}"]
        c.value, c.font, c.fill = " / ".join(pair(f"template.org_header.{head}")), BOLD, HEADER_FILL
    list_formulas = {
        "sector": f"'{lists_name}'!$G$2:$G${len(TOL_SECTIONS) + 1}",
        "consent": f"'{lists_name}'!$H$2:$H${len(CONSENT_VALUES) + 1}",
    }
    for i, f in enumerate(ORGANISATION_FIELDS):
        row = ORG_FIRST_ROW + i
        label = ws.cell(row=row, column=1, value=f.label(lang))
        label.font, label.alignment = BOLD, TOP
        value = organisation.get(f.key)
        if f.kind == "consent" and value in CONSENT_VALUES:
            value = consent_label(value)
        cell = ws.cell(row=row, column=2, value=neutralise_formula(value))  # last year's text is untrusted
        cell.fill, cell.alignment = INPUT_FILL, TOP
        ws.cell(row=row, column=3, value=f.help(lang)).alignment = WRAP
        dv = field_validation(f, lang, list_formulas.get(f.kind))
        dv.add(cell.coordinate)
        ws.add_data_validation(dv)
    _organisation_layout(ws, lang)


def _organisation_layout(ws, lang):
    """Column A as wide as its longest (bold) label, help wrapped in C, printed landscape on one page."""
    labels = [f.label(lang) for f in ORGANISATION_FIELDS]
    ws.column_dimensions["A"].width = round(max(len(t) for t in labels) * BOLD_CHAR * 1.1) + 2
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 60
    for i, f in enumerate(ORGANISATION_FIELDS):
        ws.row_dimensions[ORG_FIRST_ROW + i].height = row_height([(f.help(lang), 60)])
    print_setup(ws, landscape=True)


def _activity_sheet(wb, lang, lines, lists_name, n_activities, n_units):
    """The activity sheet: hints, the header row, a drop-down or number check per column, and the lines."""
    ws = wb.create_sheet(SHEETS["activities"][lang])
    ws["A1"] = text("template.activities_title", lang)
    ws["A1"].font = TITLE
    hints = ACTIVITY_HINTS[lang]
    for i, hint in enumerate(hints, start=2):
        ws.cell(row=i, column=1, value=hint)
    for col in ACTIVITY_COLUMNS:
        c = ws[f"{col.letter}{ACTIVITY_HEADER_ROW}"]
        c.value, c.font, c.fill, c.alignment = col.label(), BOLD, HEADER_FILL, WRAP
        ws.column_dimensions[col.letter].width = col.width
    ws.row_dimensions[ACTIVITY_HEADER_ROW].height = row_height(
        [(col.label(), col.width) for col in ACTIVITY_COLUMNS], bold=True
    )
    ws.freeze_panes = f"A{ACTIVITY_FIRST_ROW}"
    last = ACTIVITY_FIRST_ROW + max(BLANK_ROWS, len(lines) + 50) - 1
    lists = {
        "activity": f"'{lists_name}'!$A$2:$A${n_activities + 1}",
        "unit": f"'{lists_name}'!$D$2:$D${n_units + 1}",
        "quality": f"'{lists_name}'!$E$2:$E${len(QUALITY_VALUES) + 1}",
        "contract": f"'{lists_name}'!$F$2:$F${len(CONTRACT_VALUES) + 1}",
    }
    numbers = ("quantity", "own_factor", "renewable_share")
    for col in ACTIVITY_COLUMNS:
        kind = "list" if col.key in lists else "number" if col.key in numbers else "any"
        dv = column_validation(col.key, lang, kind, lists.get(col.key))
        dv.add(f"{col.letter}{ACTIVITY_FIRST_ROW}:{col.letter}{last}")
        ws.add_data_validation(dv)
    print_setup(ws, landscape=True, title_rows=f"{ACTIVITY_HEADER_ROW}:{ACTIVITY_HEADER_ROW}")
    _write_lines(ws, lines, lang)
    for col in range(1, len(ACTIVITY_COLUMNS) + 1):
        ws.cell(row=ACTIVITY_HEADER_ROW, column=col).alignment = WRAP


def _write_lines(ws, lines: list[dict], lang: str) -> None:
    """Pre-filled lines from the first activity row on: input cells shaded, activities by their label."""
    catalogue = load_catalogue()
    first = ACTIVITY_FIRST_ROW
    for row in range(first, first + len(lines)):
        for col in ACTIVITY_COLUMNS:
            if col.key not in REFERENCE_COLUMNS:
                ws[f"{col.letter}{row}"].fill = INPUT_FILL
    for row, line in enumerate(lines, start=first):
        activity = catalogue.activities.get(line.get("activity", ""))
        values = _line_cells(line, activity, lang)
        for col in ACTIVITY_COLUMNS:
            value = values[col.key]
            if value is not None and value != "":
                ws[f"{col.letter}{row}"] = neutralise_formula(value)  # a partner's text, never a formula
        ws[f"B{row}"].alignment = WRAP_ONLY  # a long activity label shows in full
        if activity is not None and line.get("with_help"):
            ws[f"B{row}"].comment = Comment(activity.help(lang), PRODUCT)


def _line_cells(line: dict, activity, lang: str) -> dict:
    """Column key -> the cell value of one pre-filled line (drop-down keys as their "fi / en" labels)."""
    quality, contract = line.get("quality"), line.get("contract")
    return {
        "site": line.get("site"),
        "activity": activity.label(lang) if activity else line.get("activity"),
        "quantity": line.get("quantity"),
        "unit": line.get("unit"),
        "quality": quality_label(quality) if quality in QUALITY_VALUES else quality,
        "own_factor": line.get("own_factor"),
        "own_factor_source": line.get("own_factor_source"),
        "contract": contract_label(contract) if contract in CONTRACT_VALUES else contract,
        "note": line.get("note"),
        "last_year": line.get("last_year"),
        "renewable_share": line.get("renewable_share"),
    }
