"""Reading a partner's template (or a CSV of activity lines) into typed rows, collecting every problem.

Nothing here raises on bad input: every problem becomes a `Problem` naming file, sheet and cell.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from paastolaskuri.accounting.calculation import LINE_COLUMNS
from paastolaskuri.accounting.catalogue import Catalogue, load_catalogue
from paastolaskuri.accounting.energy import RENEWABLE_SHARE
from paastolaskuri.intake.activity_line import CSV_SHEET, RowContext, parse_line
from paastolaskuri.intake.boundary import find_boundary_sheet, read_boundary_sheet
from paastolaskuri.intake.cells import column_letter, fold, is_blank, label_matches, parse_number
from paastolaskuri.intake.commitment_schema import COMMITMENT_SHEETS
from paastolaskuri.intake.commitments import read_commitment_sheet
from paastolaskuri.intake.file_safety import MAX_FILE_BYTES, MAX_SHEET_ROWS, SheetScan, inspect_container
from paastolaskuri.intake.organisation import ORG_SCAN_ROWS, read_organisation
from paastolaskuri.intake.price_sheet import MAX_PRICE_ROWS, PRICE_SHEETS, read_price_sheet
from paastolaskuri.intake.template_layout import ACTIVITY_COLUMNS, ORGANISATION_FIELDS, SHEETS
from paastolaskuri.messages import Problem

MAX_LINES = 20_000  # activity lines in one template
MAX_EMPTY_RUN = 10_000  # consecutive empty rows after which reading stops
# the engine's line columns and the energy balance's optional one (the engine does not read it)
READ_LINE_COLUMNS = [*LINE_COLUMNS, RENEWABLE_SHARE]
HEADER_SCAN_ROWS = 30  # rows of the activity sheet searched for the header row
MAX_COMMITMENT_ROWS = 500  # a commitments sheet is short; rows past this are not read


@dataclass
class Submission:
    """What one input file says: the organisation, its activity lines, and every problem found."""

    path: Path
    display: str
    organisation: dict = field(default_factory=dict)
    lines: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LINE_COLUMNS))
    problems: list[Problem] = field(default_factory=list)
    sheets: dict[str, str] = field(default_factory=dict)  # role -> the sheet's name in this file
    lang: str = "fi"
    commitments: list = field(default_factory=list)  # Target and Action records of the commitments sheet
    prices: list = field(default_factory=list)  # PartnerPrice records of the optional prices sheet
    boundary: list = field(default_factory=list)  # BoundaryEntry records of the boundary sheet (v2)

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors (not warnings)."""
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        """True when the file has no errors (warnings allowed)."""
        return not self.errors


def read_submission(
    path: Path | str,
    display: str | None = None,
    catalogue: Catalogue | None = None,
    year: int | None = None,
    partner_id: str | None = None,
) -> Submission:
    """Read a template (.xlsx/.xlsm) or a CSV of activity lines. Never raises on bad content."""
    path = Path(path)
    display = display or str(path)
    catalogue = catalogue or load_catalogue()
    sub = Submission(path=path, display=display)
    if not path.is_file():
        sub.problems.append(Problem(display, "file_missing"))
        return sub
    if path.suffix.lower() == ".csv":
        return _read_csv(sub, catalogue, year, partner_id)
    return _read_workbook(sub, catalogue)


def _read_workbook(sub: Submission, catalogue: Catalogue) -> Submission:
    """A template workbook: the container scanned first, then its sheets read by role."""
    report = inspect_container(sub.path)
    for code, params, sheet in report.warnings:
        sub.problems.append(Problem(sub.display, code, sheet, params=params, severity="warning"))
    if report.fatal:
        for code, params, sheet in report.fatal:
            sub.problems.append(Problem(sub.display, code, sheet, params=params))
        return sub
    import openpyxl  # imported here: `paastolaskuri --help` stays fast

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(sub.path, read_only=True, data_only=True, keep_links=False)
            formulas = (
                openpyxl.load_workbook(sub.path, read_only=True, data_only=False, keep_links=False)
                if report.has_formulas
                else None
            )
    except Exception as exc:
        sub.problems.append(_parser_failure(sub.display, exc))
        return sub
    try:
        _read_sheets(sub, wb, formulas, catalogue, report.sheets)
    except Exception as exc:
        sub.problems.append(_parser_failure(sub.display, exc))
    finally:
        wb.close()
        if formulas is not None:
            formulas.close()
    return sub


def _read_sheets(sub: Submission, wb, formulas, catalogue: Catalogue, scans: dict[str, SheetScan]) -> None:
    """The organisation, activity and commitments sheets of an open workbook (`formulas`: its formula view)."""
    roles = find_sheets(wb.sheetnames)
    sub.lang = "en" if roles.get("activities", "") == SHEETS["activities"]["en"] else "fi"
    for role in ("organisation", "activities"):
        if role not in roles:
            sheet_names = f"{SHEETS[role]['fi']} / {SHEETS[role]['en']}"
            sub.problems.append(Problem(sub.display, "sheet_missing", params={"sheet": sheet_names}))
    sub.sheets = roles
    if "organisation" in roles:
        name = roles["organisation"]
        formula_cells = _formula_cells(formulas[name] if formulas else None, ORG_SCAN_ROWS, 4)
        sub.organisation, problems = read_organisation(sub.display, wb[name], formula_cells)
        sub.problems.extend(problems)
    if "activities" in roles:
        name = roles["activities"]
        _read_activities(sub, wb[name], formulas[name] if formulas else None, catalogue, scans.get(name))
    _read_commitments(sub, wb)
    _read_prices(sub, wb)
    _read_boundary(sub, wb)


def _read_boundary(sub: Submission, wb) -> None:
    """The optional boundary sheet (templates before version 2 have none: nothing stated)."""
    name = find_boundary_sheet(wb.sheetnames)
    if name is not None:
        sub.boundary, problems = read_boundary_sheet(wb[name], sub.display)
        sub.problems.extend(problems)


def _read_commitments(sub: Submission, wb) -> None:
    """The optional commitments sheet (templates from before it was added have none: no commitments)."""
    name = next((n for n in wb.sheetnames if n in COMMITMENT_SHEETS), None)
    if name is None:
        return
    rows = [list(r) for r in wb[name].iter_rows(values_only=True, max_row=MAX_COMMITMENT_ROWS)]
    partner_id = str(sub.organisation.get("partner_id") or "")
    items, problems = read_commitment_sheet(rows, sub.display, name, partner_id)
    sub.commitments = items
    sub.problems.extend(problems)


def _read_prices(sub: Submission, wb) -> None:
    """The optional prices sheet (template version 2; older templates have none: no own prices)."""
    name = next((n for n in wb.sheetnames if fold(n) in {fold(s) for s in PRICE_SHEETS}), None)
    if name is None:
        return
    rows = [list(r) for r in wb[name].iter_rows(values_only=True, max_row=MAX_PRICE_ROWS)]
    sub.prices, problems = read_price_sheet(rows, sub.display, name)
    sub.problems.extend(problems)


def _parser_failure(display: str, exc: Exception) -> Problem:
    """A parser exception as a file-level problem: defusedxml's refusals are unsafe XML, the rest damage."""
    cause: BaseException | None = exc
    seen = 0
    while cause is not None and seen < 10:  # openpyxl wraps the refusal in a ValueError
        if "defusedxml" in type(cause).__module__:
            return Problem(display, "xml_unsafe", params={"detail": type(cause).__name__})
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return Problem(display, "corrupt_xlsx", params={"detail": type(exc).__name__})


def find_sheets(names: list[str]) -> dict[str, str]:
    """Sheet role (organisation, activities, ...) -> the sheet's name in this file, Finnish or English."""
    roles = {}
    for role, langs in SHEETS.items():
        wanted = {fold(n) for n in langs.values()}
        for name in names:
            if fold(name) in wanted:
                roles[role] = name
                break
    return roles


def _formula_cells(ws_formulas, max_row: int | None, max_col: int) -> set[tuple[int, int]]:
    """(row, column) of every cell holding a formula in the formula view of a sheet (none without one)."""
    cells: set[tuple[int, int]] = set()
    if ws_formulas is None:
        return cells
    for r, row in enumerate(
        ws_formulas.iter_rows(max_row=max_row, max_col=max_col, values_only=True), start=1
    ):
        for c, v in enumerate(row, start=1):
            if isinstance(v, str) and v.startswith("="):
                cells.add((r, c))
        if max_row is None and r > MAX_LINES + HEADER_SCAN_ROWS + MAX_EMPTY_RUN:
            break
    return cells


def _header_map(rows: Sequence[Sequence]) -> tuple[int | None, dict[str, int]]:
    """(header row number, column key -> 1-based column index) from the first rows of the activity sheet."""
    best_row: int | None = None
    best: dict[str, int] = {}
    for r, row in enumerate(rows, start=1):
        mapping: dict[str, int] = {}
        for c, value in enumerate(row or (), start=1):
            for col in ACTIVITY_COLUMNS:
                if col.key not in mapping and label_matches(value, (col.label_fi, col.label_en, col.key)):
                    mapping[col.key] = c
                    break
        if len(mapping) > len(best):
            best_row, best = r, mapping
    if sum(1 for c in ACTIVITY_COLUMNS if c.required and c.key in best) >= 2:
        return best_row, best
    return None, {}


def _header_missing(sub: Submission, sheet: str, cell: str) -> None:
    """No row of the first HEADER_SCAN_ROWS has the required column headers: an error listing them."""
    columns = ", ".join(c.label() for c in ACTIVITY_COLUMNS if c.required)
    sub.problems.append(Problem(sub.display, "header_missing", sheet, cell, {"columns": columns}))


def _columns_found(sub: Submission, sheet: str, header_row: int, cols: dict[str, int]) -> bool:
    """True when the header row has every required column; otherwise each missing one is an error."""
    missing = [c for c in ACTIVITY_COLUMNS if c.required and c.key not in cols]
    for c in missing:
        sub.problems.append(
            Problem(sub.display, "column_missing", sheet, f"A{header_row}", {"column": c.label()})
        )
    return not missing


def _read_activities(
    sub: Submission, ws, ws_formulas, catalogue: Catalogue, scan: SheetScan | None = None
) -> None:
    """The activity sheet: header row found, then every non-empty row below it read as a line."""
    sheet = ws.title
    header_row, cols = _header_map(list(ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True)))
    if header_row is None:
        _header_missing(sub, sheet, "")
        return
    if not _columns_found(sub, sheet, header_row, cols):
        return
    max_col = max(cols.values())
    _check_merged(sub, sheet, scan, header_row, max_col)
    hidden = scan.hidden_rows if scan is not None else set()
    formula_cells = _formula_cells(ws_formulas, None, max_col) if ws_formulas is not None else set()
    line_cols = {k: c for k, c in cols.items() if k != "last_year"}
    records: list[dict | None] = []
    empty_run = 0
    for r, row in enumerate(
        ws.iter_rows(min_row=header_row + 1, max_col=max_col, values_only=True), start=header_row + 1
    ):
        values = {k: (row[c - 1] if c - 1 < len(row) else None) for k, c in line_cols.items()}
        if all(is_blank(v) for v in values.values()) and not any(
            (r, c) in formula_cells for c in line_cols.values()
        ):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        if len(records) >= MAX_LINES:
            sub.problems.append(Problem(sub.display, "too_many_rows", sheet, f"A{r}", {"limit": MAX_LINES}))
            return
        if r in hidden:
            cell = f"{column_letter(cols['activity'])}{r}"
            sub.problems.append(Problem(sub.display, "hidden_row", sheet, cell, severity="warning"))
        ctx = RowContext(sub.display, sheet, r, values, cols, formula_cells, sub.problems)
        records.append(parse_line(ctx, catalogue))
    _set_lines(sub, records)
    if not records:
        sub.problems.append(Problem(sub.display, "no_lines", sheet, f"A{header_row + 1}", severity="warning"))
    _check_duplicates(sub, sheet, cols)


def _set_lines(sub: Submission, records: list[dict | None]) -> None:
    """The submission's lines: the rows read without errors, as a frame with the line columns."""
    rows = [rec for rec in records if rec is not None]
    sub.lines = (
        pd.DataFrame.from_records(rows, columns=READ_LINE_COLUMNS)
        if rows
        else pd.DataFrame(columns=READ_LINE_COLUMNS)
    )


def _check_merged(sub: Submission, sheet: str, scan: SheetScan | None, header_row: int, max_col: int) -> None:
    """Merged cells in the header row or below it, within the table's columns, are an error naming the range.

    (openpyxl's read-only mode shows a merged range as a value in its first cell and empty cells elsewhere,
    so a merged activity would silently vanish from the rows below; the container scan saw the ranges.)
    """
    if scan is None:
        return
    # openpyxl is imported on use: `paastolaskuri --help` and a CSV check start without it
    from openpyxl.utils.cell import range_boundaries

    for ref in scan.merged:
        try:
            min_col, min_row, max_c, max_r = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if min_col is None or min_row is None or max_r is None:
            continue  # "B:C" or "7:8": openpyxl refuses the sheet when it reads its rows (a damaged file)
        if max_r >= header_row and min_col <= max_col and (min_col, min_row) != (max_c, max_r):
            cell = f"{column_letter(min_col)}{min_row}"
            sub.problems.append(Problem(sub.display, "merged_cells", sheet, cell, {"ref": ref}))


def _check_duplicates(sub: Submission, sheet: str, cols: dict[str, int]) -> None:
    """Two lines with the same site, activity, quantity and unit: a warning naming the earlier row."""
    if sub.lines.empty:
        return
    seen: dict[tuple, int] = {}
    for rec in sub.lines.itertuples():
        key = (rec.site, rec.activity, rec.quantity, rec.unit)
        if key in seen:
            cell = f"{column_letter(cols['activity'])}{rec.row}"
            sub.problems.append(
                Problem(sub.display, "duplicate_line", sheet, cell, {"other": seen[key]}, "warning")
            )
        else:
            seen[key] = int(rec.row)


def _read_csv(sub: Submission, catalogue: Catalogue, year: int | None, partner_id: str | None) -> Submission:
    """A CSV with the activity sheet's columns (header row first). Cells are named as a spreadsheet shows them."""
    rows = _csv_rows(sub)
    if rows is None:
        return sub
    sheet = CSV_SHEET
    header_row, cols = _header_map(rows[:HEADER_SCAN_ROWS])
    if header_row is None:
        _header_missing(sub, sheet, "A1")
        return sub
    if not _columns_found(sub, sheet, header_row, cols):
        return sub
    records: list[dict | None] = []
    for r, row in enumerate(rows[header_row:], start=header_row + 1):
        values = _csv_values(row, cols)
        if all(v is None for v in values.values()):
            continue
        if len(records) >= MAX_LINES:
            sub.problems.append(Problem(sub.display, "too_many_rows", sheet, f"A{r}", {"limit": MAX_LINES}))
            return sub
        ctx = RowContext(sub.display, sheet, r, values, cols, set(), sub.problems)
        records.append(parse_line(ctx, catalogue))
    _set_lines(sub, records)
    sub.organisation = {f.key: None for f in ORGANISATION_FIELDS}
    sub.organisation.update(
        {"partner_id": partner_id or sub.path.stem, "name": partner_id or sub.path.stem, "year": year}
    )
    sub.sheets = {"activities": sheet}
    _check_duplicates(sub, sheet, cols)
    return sub


def _csv_rows(sub: Submission) -> list[list[str]] | None:
    """The CSV's rows (delimiter sniffed, UTF-8 with or without BOM); None, with the problem, if unreadable."""
    size = sub.path.stat().st_size
    if size > MAX_FILE_BYTES:
        params = {"size": round(size / 1048576, 1), "limit": round(MAX_FILE_BYTES / 1048576, 1)}
        sub.problems.append(Problem(sub.display, "file_too_big", params=params))
        return None
    try:
        text = sub.path.read_bytes().decode("utf-8-sig")
        if text.count("\n") > MAX_SHEET_ROWS:
            sub.problems.append(Problem(sub.display, "too_many_rows", "csv", "", {"limit": MAX_SHEET_ROWS}))
            return None
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
        return list(csv.reader(io.StringIO(text), dialect))
    except (UnicodeDecodeError, csv.Error) as exc:
        sub.problems.append(Problem(sub.display, "csv_unreadable", params={"detail": type(exc).__name__}))
        return None


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")
_EXPONENT_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")


def _csv_values(row: list[str], cols: dict[str, int]) -> dict[str, object]:
    """A CSV row's cells by column key (blank cells None); plain numbers as floats.

    A CSV has no number cells: its numbers are text by nature, so they give no "stored as text" warning.
    """
    values: dict[str, object] = {}
    for k, c in cols.items():
        v = row[c - 1] if c - 1 < len(row) else None
        values[k] = None if v is None or not str(v).strip() else v
    values.pop("last_year", None)
    for key in ("quantity", "own_factor", RENEWABLE_SHARE):
        raw = values.get(key)
        number, code = parse_number(raw)
        if code == "text_read" and _PLAIN_NUMBER.fullmatch(str(raw).strip()):
            values[key] = number
        elif raw is not None and _EXPONENT_NUMBER.fullmatch(str(raw).strip()):
            values[key] = float(str(raw))
    return values
