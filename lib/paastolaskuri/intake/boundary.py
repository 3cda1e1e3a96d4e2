"""The template's "Rajaus / Boundary" sheet: which Scope 3 categories a partner includes, and why not.

One row per Scope 3 category (column A its label, B the status, C the reason). The sheet is
optional: templates from before version 2 have none, and then nothing is stated (the JSON and
the report derive what they can from the lines). An exclusion needs a reason (`check` says so, with
the cell); `template --next-year` carries the answers forward.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.core.i18n import pair, pairs, text
from paastolaskuri.core.outputs import neutralise_formula
from paastolaskuri.intake.cells import fold, is_blank
from paastolaskuri.intake.template_format import print_setup
from paastolaskuri.messages import Problem, Translated

BOUNDARY_SHEETS = pair("boundary.sheet.name")  # (fi, en): the reader accepts either
STATUSES = pairs("boundary.status")  # measured, estimated, excluded, not_relevant
INCLUDED = ("measured", "estimated")
HEADER_ROW = 4
FIRST_ROW = 5
LIST_COLUMN = 30  # column AD of the hidden lists sheet holds the status labels
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")

#: Scope 3 categories usually material for a TOL 2008 section. Unverified: this project's reading of
#: the GHG Protocol Scope 3 Standard (2011) ch. 6 relevance criteria (size, influence, sector
#: guidance), not a published per-sector list; a report flags, never fails, on it.
USUALLY_MATERIAL = {
    "A": ("s3_c1", "s3_c4"),
    "C": ("s3_c1", "s3_c4", "s3_c9", "s3_c11", "s3_c12"),
    "F": ("s3_c1", "s3_c2", "s3_c4"),
    "G": ("s3_c1", "s3_c4", "s3_c9"),
    "H": ("s3_c1", "s3_c3"),
    "I": ("s3_c1", "s3_c5"),
    "J": ("s3_c1", "s3_c6", "s3_c7"),
    "M": ("s3_c1", "s3_c6", "s3_c7"),
    "P": ("s3_c1", "s3_c7"),
    "Q": ("s3_c1", "s3_c5"),
    "S": ("s3_c1", "s3_c7"),
}
MATERIALITY_SOURCE = {
    "publisher": "WRI / WBCSD",
    "document": "GHG Protocol Corporate Value Chain (Scope 3) Standard (2011), ch. 6 (setting the boundary)",
    "year": 2011,
    "confidence": "unverified",
    "note": "the per-sector lists are this project's judgement from the standard's relevance criteria",
}


@dataclass(frozen=True)
class BoundaryEntry:
    """One Scope 3 category's boundary answer: status (a STATUSES key or None when blank) and reason."""

    category: str  # catalogue code, e.g. s3_c6
    status: str | None
    reason: str = ""

    def as_dict(self) -> dict:
        """The JSON form: category, status, reason."""
        return asdict(self)


def scope3_categories() -> list[str]:
    """The catalogue's Scope 3 category codes in GHG Protocol order (s3_c1 ... s3_c15)."""
    cats = [c for c in load_catalogue().categories.values() if c.scope == 3]
    return [c.code for c in sorted(cats, key=lambda c: int(c.ghg_category or 0))]


def status_label(key: str, lang: str) -> str:
    """A status in the template's language (the drop-down text)."""
    fi, en = STATUSES[key]
    return fi if lang == "fi" else en


def _status_key(value: object) -> str | None:
    """The status key of a cell (Finnish or English label, or the key itself); None if unknown."""
    wanted = fold(str(value))
    for key, (fi, en) in STATUSES.items():
        if wanted in (fold(fi), fold(en), fold(key)):
            return key
    return None


def add_boundary_sheet(wb, lang: str, entries: list[BoundaryEntry] | None, lists_sheet: str) -> None:
    """Append the boundary sheet to a template workbook, pre-filled with `entries` (next year's answers)."""
    ws = wb.create_sheet(text("boundary.sheet.name", lang))
    ws.cell(row=1, column=1, value=text("boundary.sheet.title", lang)).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=text("boundary.sheet.intro", lang)).alignment = Alignment(
        wrap_text=True, vertical="top"
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=3)
    ws.row_dimensions[2].height = 45
    lists = wb[lists_sheet]
    lists.cell(row=1, column=LIST_COLUMN, value="boundary_status")
    for i, key in enumerate(STATUSES, start=2):
        lists.cell(row=i, column=LIST_COLUMN, value=status_label(key, lang))
    letter = lists.cell(row=1, column=LIST_COLUMN).column_letter
    for col, (key, width) in enumerate((("category", 55), ("status", 22), ("reason", 60)), start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text(f"boundary.column.{key}", lang))
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        ws.column_dimensions[cell.column_letter].width = width
    catalogue = load_catalogue()
    known = {e.category: e for e in entries or []}
    codes = scope3_categories()
    for offset, code in enumerate(codes):
        row = FIRST_ROW + offset
        ws.cell(row=row, column=1, value=catalogue.categories[code].label(lang))
        entry = known.get(code)
        if entry and entry.status:
            ws.cell(row=row, column=2, value=status_label(entry.status, lang))
        if entry and entry.reason:
            ws.cell(row=row, column=3, value=neutralise_formula(entry.reason))  # the partner's text
        for col in (2, 3):
            ws.cell(row=row, column=col).fill = _INPUT_FILL
    dv = DataValidation(
        type="list", formula1=f"'{lists.title}'!${letter}$2:${letter}${len(STATUSES) + 1}", allow_blank=True
    )
    dv.add(f"B{FIRST_ROW}:B{FIRST_ROW + len(codes) - 1}")
    ws.add_data_validation(dv)
    print_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")  # one page wide when printed


def _category_of(label: object, codes: list[str]) -> str | None:
    """The category code of a column-A label ("3.6 Työmatkat", "3.6 Business travel", "s3_c6")."""
    s = str(label).strip()
    if s in codes:
        return s
    m = re.match(r"\s*3\.(\d{1,2})\b", s)
    code = f"s3_c{int(m.group(1))}" if m else None
    return code if code in codes else None


def read_boundary_sheet(ws, display: str) -> tuple[list[BoundaryEntry], list[Problem]]:
    """The entries of a boundary sheet and its problems (unknown status; exclusion without a reason)."""
    codes = scope3_categories()
    catalogue = load_catalogue()
    entries, problems = [], []
    for row_no, row in enumerate(
        ws.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + 40, max_col=3, values_only=True), start=FIRST_ROW
    ):
        label, status_cell, reason_cell = [*row, None, None, None][:3]
        code = _category_of(label, codes) if not is_blank(label) else None
        if code is None:
            continue
        reason = "" if is_blank(reason_cell) else str(reason_cell).strip()
        status = None
        if not is_blank(status_cell):
            status = _status_key(status_cell)
            if status is None:
                choices = Translated(*("; ".join(pair[i] for pair in STATUSES.values()) for i in (0, 1)))
                problems.append(
                    Problem(
                        display,
                        "boundary_status_unknown",
                        ws.title,
                        f"B{row_no}",
                        {"value": status_cell, "choices": choices},
                    )
                )
        if status == "excluded" and not reason:
            label_text = Translated.of(catalogue.categories[code].label)
            problems.append(
                Problem(display, "boundary_reason_missing", ws.title, f"C{row_no}", {"category": label_text})
            )
        entries.append(BoundaryEntry(code, status, reason))
    return entries, problems


def find_boundary_sheet(names: list[str]) -> str | None:
    """The boundary sheet's name in a workbook, Finnish or English; None for an older template."""
    wanted = {fold(n) for n in BOUNDARY_SHEETS}
    return next((n for n in names if fold(n) in wanted), None)


def boundary_records(entries: list[BoundaryEntry], emissions: pd.DataFrame | None = None) -> list[dict]:
    """One JSON entry per Scope 3 category: the stated answer, else derived from the lines.

    A category without an answer but with lines is `measured` when every line of it is measured, else
    `estimated`; without lines it stays unstated (status None).
    """
    stated = {e.category: e for e in entries}
    derived = _derived_status(emissions)
    out = []
    for code in scope3_categories():
        e = stated.get(code)
        if e is not None and e.status:
            out.append(e.as_dict())
        else:
            out.append(BoundaryEntry(code, derived.get(code), e.reason if e else "").as_dict())
    return out


def _derived_status(emissions) -> dict[str, str]:
    """Category -> measured / estimated from the emission lines' quality (what a blank answer implies)."""
    if emissions is None or len(emissions) == 0:
        return {}
    df = pd.DataFrame(
        {
            "category": emissions["category"].astype(str).to_numpy(),
            "quality": emissions["quality"].astype(str).to_numpy(),
        }
    )
    out = {}
    for cat, qualities in df.groupby("category")["quality"]:
        out[str(cat)] = "measured" if (qualities == "measured").all() else "estimated"
    return out


def material_gaps(records: list[dict], section: str | None) -> list[str]:
    """Categories usually material for the TOL section that the boundary leaves out (or does not state)."""
    usual = USUALLY_MATERIAL.get(str(section or ""), ())
    status = {r["category"]: r["status"] for r in records}
    return [c for c in usual if status.get(c) not in INCLUDED]
