"""Reading a partner's template (or a CSV of activity lines) into typed rows, collecting every problem.

Nothing here raises on bad input: every problem becomes a `Problem` naming file, sheet and cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from paastolaskuri.accounting.calculation import LINE_COLUMNS
from paastolaskuri.accounting.catalogue import Catalogue, load_catalogue
from paastolaskuri.accounting.units import normalise_unit
from paastolaskuri.intake.file_safety import MAX_FILE_BYTES, MAX_SHEET_ROWS, SheetScan, inspect_container
from paastolaskuri.intake.template_layout import (
    ACTIVITY_COLUMNS,
    CONSENT_VALUES,
    CONTRACT_VALUES,
    ORGANISATION_FIELDS,
    QUALITY_VALUES,
    SHEETS,
    tol_section,
)
from paastolaskuri.messages import Problem
from paastolaskuri.workspace import partner_slug

MAX_LINES = 20_000  # activity lines in one template
MAX_EMPTY_RUN = 10_000  # consecutive empty rows after which reading stops
MAX_QUANTITY = 1e12
MAX_TEXT = {
    "site": 200,
    "note": 2000,
    "own_factor_source": 500,
    "name": 300,
    "partner_id": 100,
    "contact": 300,
    "sector": 200,
}
ORG_SCAN_ROWS = 60
HEADER_SCAN_ROWS = 30
YEAR_LOW = 1990
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

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def _fold(value) -> str:
    return " ".join(str(value).split()).casefold()


def _label_matches(cell_value, names: tuple[str, ...]) -> bool:
    if cell_value is None:
        return False
    text = _fold(cell_value)
    wanted = {_fold(n) for n in names}
    if text in wanted:
        return True
    # bilingual labels are "fi / en"; a label itself may hold a "/" (kg CO2e/unit)
    return any(part.strip() in wanted for sep in (" / ", "/") for part in text.split(sep))


_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+)([.,]\d+)?$")


def parse_number(value) -> tuple[float | None, str | None]:
    """(number, problem code or None). Codes: missing, bool, date, text, text_read (a warning), not_finite."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "missing"
    if isinstance(value, bool):
        return None, "bool"
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return None, "date"
    if isinstance(value, (int, float)):
        x = float(value)
        if math.isnan(x) or math.isinf(x):
            return None, "not_finite"
        return x, None
    text = str(value).strip()
    if _fold(text) in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity"):
        return None, "not_finite"
    if _NUMBER_TEXT.match(text):
        cleaned = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
        try:
            return float(cleaned), "text_read"
        except ValueError:
            pass
    return None, "text"


_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # controls, bidi/zero-width marks, surrogates, line separators


def _visible(text: str) -> str:
    """Text safe to print on a terminal: control and bidi characters shown as escapes (\\x1b, \\u202e)."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\n\r\t":
            out.append(" ")
        elif unicodedata.category(ch) in _UNPRINTABLE:
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _short(value, limit: int = 60) -> str:
    text = _visible(str(value)[: limit * 2])
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        roles = _find_sheets(wb.sheetnames)
        sub.lang = "en" if roles.get("activities", "") == SHEETS["activities"]["en"] else "fi"
        for role in ("organisation", "activities"):
            if role not in roles:
                sub.problems.append(
                    Problem(
                        sub.display,
                        "sheet_missing",
                        params={"sheet": f"{SHEETS[role]['fi']} / {SHEETS[role]['en']}"},
                    )
                )
        sub.sheets = roles
        if "organisation" in roles:
            _read_organisation(
                sub, wb[roles["organisation"]], formulas[roles["organisation"]] if formulas else None
            )
        if "activities" in roles:
            _read_activities(
                sub,
                wb[roles["activities"]],
                formulas[roles["activities"]] if formulas else None,
                catalogue,
                report.sheets.get(roles["activities"]),
            )
        _read_commitments(sub, wb)
    except Exception as exc:
        sub.problems.append(_parser_failure(sub.display, exc))
    finally:
        wb.close()
        if formulas is not None:
            formulas.close()
    return sub


def _read_commitments(sub: Submission, wb) -> None:
    """The optional commitments sheet (templates from before it was added have none: no commitments)."""
    # imported here: intake.commitments uses this module's parse_number
    from paastolaskuri.intake.commitment_schema import COMMITMENT_SHEETS
    from paastolaskuri.intake.commitments import read_commitment_sheet

    name = next((n for n in wb.sheetnames if n in COMMITMENT_SHEETS), None)
    if name is None:
        return
    rows = [list(r) for r in wb[name].iter_rows(values_only=True, max_row=MAX_COMMITMENT_ROWS)]
    partner_id = str(sub.organisation.get("partner_id") or "")
    items, problems = read_commitment_sheet(rows, sub.display, name, partner_id)
    sub.commitments = items
    sub.problems.extend(problems)


def _parser_failure(display: str, exc: Exception) -> Problem:
    """A parser exception as a file-level problem: defusedxml's refusals are unsafe XML, the rest damage."""
    cause, seen = exc, 0
    while cause is not None and seen < 10:  # openpyxl wraps the refusal in a ValueError
        if "defusedxml" in type(cause).__module__:
            return Problem(display, "xml_unsafe", params={"detail": type(cause).__name__})
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return Problem(display, "corrupt_xlsx", params={"detail": type(exc).__name__})


def _find_sheets(names: list[str]) -> dict[str, str]:
    roles = {}
    for role, langs in SHEETS.items():
        wanted = {_fold(n) for n in langs.values()}
        for name in names:
            if _fold(name) in wanted:
                roles[role] = name
                break
    return roles


def _formula_cells(ws_formulas, max_row: int | None, max_col: int) -> set[tuple[int, int]]:
    cells = set()
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


def _read_organisation(sub: Submission, ws, ws_formulas) -> None:
    sheet = ws.title
    rows = list(ws.iter_rows(min_row=1, max_row=ORG_SCAN_ROWS, max_col=4, values_only=True))
    formula_cells = _formula_cells(ws_formulas, ORG_SCAN_ROWS, 4)
    org: dict = {}
    found: dict[str, tuple[int, object]] = {}
    for r, row in enumerate(rows, start=1):
        if not row:
            continue
        for f in ORGANISATION_FIELDS:
            if f.key not in found and _label_matches(row[0], (f.label_fi, f.label_en, f.key)):
                found[f.key] = (r, row[1] if len(row) > 1 else None)
    for f in ORGANISATION_FIELDS:
        if f.key not in found:
            if f.required:
                sub.problems.append(Problem(sub.display, "field_missing", sheet, "", {"field": f.key}))
            org[f.key] = None
            continue
        r, value = found[f.key]
        cell = f"B{r}"
        if value is None and (r, 2) in formula_cells:
            sub.problems.append(Problem(sub.display, "formula_no_value", sheet, cell))
            org[f.key] = None
            continue
        org[f.key] = _organisation_value(sub, f, value, sheet, cell)
    sub.organisation = org


def _organisation_value(sub, f, value, sheet, cell):
    problems = sub.problems
    if value is None or (isinstance(value, str) and not value.strip()):
        if f.required:
            problems.append(Problem(sub.display, "field_missing", sheet, cell, {"field": f.key}))
        elif f.key == "sector":
            problems.append(Problem(sub.display, "sector_missing", sheet, cell, severity="warning"))
        return None
    if f.kind == "consent":  # research use: "yes" / "no"; anything else is a warning and counts as no
        key = _choice(value, CONSENT_VALUES)
        if not key:
            problems.append(
                Problem(sub.display, "research_use_invalid", sheet, cell, {"value": _short(value)}, "warning")
            )
        return key or None
    if f.kind in ("text", "sector"):
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        limit = MAX_TEXT.get(f.key, 300)
        if len(text) > limit:
            problems.append(
                Problem(sub.display, "text_too_long", sheet, cell, {"length": len(text), "limit": limit})
            )
            return None
        if f.key == "partner_id" and not partner_id_usable(text):
            problems.append(Problem(sub.display, "partner_id_invalid", sheet, cell, {"value": _short(text)}))
            return None
        if f.kind == "sector":
            if tol_section(text) is None:
                problems.append(Problem(sub.display, "sector_invalid", sheet, cell, {"value": _short(text)}))
                return None
        return text
    number, code = parse_number(value)
    if f.kind == "int":
        high = dt.date.today().year + 1
        code_name = "year_invalid" if f.key == "year" else "base_year_invalid"
        if number is None or not float(number).is_integer() or not (YEAR_LOW <= number <= high):
            problems.append(
                Problem(
                    sub.display,
                    code_name,
                    sheet,
                    cell,
                    {"value": _short(value), "low": YEAR_LOW, "high": high},
                )
            )
            return None
        return int(number)
    if number is None:
        problems.append(
            Problem(sub.display, "number_invalid", sheet, cell, {"field": f.key, "value": _short(value)})
        )
        return None
    if number < 0:
        problems.append(
            Problem(sub.display, "number_negative", sheet, cell, {"field": f.key, "value": float(number)})
        )
        return None
    return number


def partner_id_usable(text: str) -> bool:
    """A partner ID is kept as written when it has a non-empty file-name slug and no control or bidi characters.

    File names never use the ID itself: workspace.partner_slug turns it into one (`../x` → `x`).
    """
    return bool(partner_slug(text)) and not any(unicodedata.category(ch) in _UNPRINTABLE for ch in text)


def _header_map(rows: list[tuple]) -> tuple[int | None, dict[str, int]]:
    """(header row number, column key -> 1-based column index) from the first rows of the activity sheet."""
    best = (None, {})
    for r, row in enumerate(rows, start=1):
        mapping = {}
        for c, value in enumerate(row or (), start=1):
            for col in ACTIVITY_COLUMNS:
                if col.key not in mapping and _label_matches(value, (col.label_fi, col.label_en, col.key)):
                    mapping[col.key] = c
                    break
        if len(mapping) > len(best[1]):
            best = (r, mapping)
    if sum(1 for c in ACTIVITY_COLUMNS if c.required and c.key in best[1]) >= 2:
        return best
    return None, {}


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _read_activities(
    sub: Submission, ws, ws_formulas, catalogue: Catalogue, scan: SheetScan | None = None
) -> None:
    sheet = ws.title
    head = list(ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True))
    header_row, cols = _header_map(head)
    required = [c for c in ACTIVITY_COLUMNS if c.required]
    if header_row is None:
        sub.problems.append(
            Problem(
                sub.display, "header_missing", sheet, "", {"columns": ", ".join(c.label() for c in required)}
            )
        )
        return
    for c in required:
        if c.key not in cols:
            sub.problems.append(
                Problem(sub.display, "column_missing", sheet, f"A{header_row}", {"column": c.label()})
            )
    if any(c.key not in cols for c in required):
        return
    max_col = max(cols.values())
    _check_merged(sub, sheet, scan, header_row, max_col)
    hidden = scan.hidden_rows if scan is not None else set()
    formula_cells = _formula_cells(ws_formulas, None, max_col) if ws_formulas is not None else set()
    records = []
    empty_run = 0
    for r, row in enumerate(
        ws.iter_rows(min_row=header_row + 1, max_col=max_col, values_only=True), start=header_row + 1
    ):
        values = {k: (row[c - 1] if c - 1 < len(row) else None) for k, c in cols.items() if k != "last_year"}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()) and not any(
            (r, c) in formula_cells for k, c in cols.items() if k != "last_year"
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
            sub.problems.append(
                Problem(
                    sub.display, "hidden_row", sheet, f"{_letter(cols['activity'])}{r}", severity="warning"
                )
            )
        records.append(_parse_line(sub, sheet, r, values, cols, formula_cells, catalogue))
    rows = [rec for rec in records if rec is not None]
    sub.lines = (
        pd.DataFrame.from_records(rows, columns=LINE_COLUMNS) if rows else pd.DataFrame(columns=LINE_COLUMNS)
    )
    if not records:
        sub.problems.append(Problem(sub.display, "no_lines", sheet, f"A{header_row + 1}", severity="warning"))
    _check_duplicates(sub, sheet, cols)


def _check_merged(sub: Submission, sheet: str, scan: SheetScan | None, header_row: int, max_col: int) -> None:
    """Merged cells in the header row or below it, within the table's columns, are an error naming the range.

    (openpyxl's read-only mode shows a merged range as a value in its first cell and empty cells elsewhere,
    so a merged activity would silently vanish from the rows below; the container scan saw the ranges.)
    """
    if scan is None:
        return
    from openpyxl.utils.cell import range_boundaries

    for ref in scan.merged:
        try:
            min_col, min_row, max_c, max_r = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if max_r >= header_row and min_col <= max_col and (min_col, min_row) != (max_c, max_r):
            sub.problems.append(
                Problem(sub.display, "merged_cells", sheet, f"{_letter(min_col)}{min_row}", {"ref": ref})
            )


def _parse_line(sub, sheet, r, values, cols, formula_cells, catalogue) -> dict | None:
    """One typed activity line, or None when the row has errors (each one recorded)."""
    before = len(sub.errors)
    cell = lambda key: f"{_letter(cols[key])}{r}" if key in cols else f"A{r}"  # noqa: E731

    def add(code, key, severity="error", **params):
        sub.problems.append(Problem(sub.display, code, sheet, cell(key), params, severity))

    for key in ("activity", "quantity", "unit", "quality", "own_factor", "own_factor_source", "contract"):
        if key in cols and values.get(key) is None and (r, cols[key]) in formula_cells:
            add("formula_no_value", key)
    texts = {}
    for key in ("site", "note", "own_factor_source"):
        v = values.get(key)
        text = "" if v is None else str(v).strip()
        if len(text) > MAX_TEXT[key]:
            add("text_too_long", key, length=len(text), limit=MAX_TEXT[key])
            text = ""
        texts[key] = text

    activity = None
    raw_activity = values.get("activity")
    if raw_activity is None or not str(raw_activity).strip():
        if (r, cols["activity"]) not in formula_cells:
            add("activity_missing", "activity")
    else:
        activity = catalogue.find(str(raw_activity))
        if activity is None:
            add("activity_unknown", "activity", value=_short(raw_activity))

    quantity, code = parse_number(values.get("quantity"))
    raw_q = values.get("quantity")
    if code == "missing":
        if (r, cols["quantity"]) not in formula_cells:
            add("quantity_missing", "quantity")
    elif code == "text":
        add("quantity_text", "quantity", value=_short(raw_q))
    elif code == "bool":
        add("quantity_bool", "quantity", value=raw_q)
    elif code == "date":
        add("quantity_date", "quantity", value=_short(raw_q))
    elif code == "not_finite":
        add("quantity_not_finite", "quantity", value=_short(raw_q))
    elif code == "text_read":
        add("quantity_text_read", "quantity", "warning", value=_short(raw_q), number=float(quantity))
    if quantity is not None:
        if quantity < 0:
            add("quantity_negative", "quantity", value=float(quantity))
            quantity = None
        elif quantity > MAX_QUANTITY:
            add("quantity_too_large", "quantity", value=float(quantity), limit=float(MAX_QUANTITY))
            quantity = None

    unit = None
    raw_unit = values.get("unit")
    allowed = " ".join(activity.units) if activity else ""
    if raw_unit is None or not str(raw_unit).strip():
        if (r, cols["unit"]) not in formula_cells:
            add("unit_missing", "unit", allowed=allowed or "—")
    else:
        unit = normalise_unit(raw_unit)
        if unit is None:
            add("unit_unknown", "unit", value=_short(raw_unit), allowed=allowed or "—")
        elif activity is not None and unit not in activity.units:
            add("unit_not_allowed", "unit", value=unit, activity=activity.key, allowed=allowed)
            unit = None

    quality = ""
    raw_quality = values.get("quality")
    if raw_quality is not None and str(raw_quality).strip():
        quality = _choice(raw_quality, QUALITY_VALUES)
        if not quality:
            add("quality_invalid", "quality", value=_short(raw_quality))

    own_factor = math.nan
    raw_own = values.get("own_factor")
    if raw_own is not None and not (isinstance(raw_own, str) and not raw_own.strip()):
        number, ocode = parse_number(raw_own)
        if number is None:
            add("own_factor_invalid", "own_factor", value=_short(raw_own))
        elif number < 0:
            add("own_factor_negative", "own_factor", value=float(number))
        else:
            own_factor = number
            if not texts["own_factor_source"]:
                source_col = cols.get("own_factor_source")
                add(
                    "own_factor_no_source",
                    "own_factor",
                    column=_letter(source_col) if source_col else ACTIVITY_COLUMNS[6].label(),
                )
    if activity is not None and activity.own_factor_required and math.isnan(own_factor) and raw_own is None:
        add("own_factor_required", "own_factor", activity=activity.key)

    contract = ""
    raw_contract = values.get("contract")
    if raw_contract is not None and str(raw_contract).strip():
        contract = _choice(raw_contract, CONTRACT_VALUES)
        if not contract:
            allowed_c = ", ".join(f"{fi} / {en}" for fi, en in CONTRACT_VALUES.values())
            add("contract_invalid", "contract", value=_short(raw_contract), allowed=allowed_c)
        elif activity is not None and activity.scope != 2:
            add("contract_ignored", "contract", "warning")
            contract = ""

    if len(sub.errors) > before or activity is None or quantity is None or unit is None:
        return None
    return {
        "row": r,
        "site": texts["site"],
        "activity": activity.key,
        "quantity": quantity,
        "unit": unit,
        "own_factor": own_factor,
        "own_factor_source": texts["own_factor_source"],
        "contract": contract,
        "quality": quality,
        "note": texts["note"],
    }


def _choice(raw, options: dict[str, tuple[str, str]]) -> str:
    """The key of a drop-down choice given as its key, Finnish or English word, or the "fi / en" label; "" if none."""
    folded = _fold(raw)
    for key, (fi, en) in options.items():
        if folded in (key, fi, en, _fold(f"{fi} / {en}")):
            return key
    return ""


def _check_duplicates(sub: Submission, sheet: str, cols: dict[str, int]) -> None:
    if sub.lines.empty:
        return
    seen: dict[tuple, int] = {}
    for rec in sub.lines.itertuples():
        key = (rec.site, rec.activity, rec.quantity, rec.unit)
        if key in seen:
            sub.problems.append(
                Problem(
                    sub.display,
                    "duplicate_line",
                    sheet,
                    f"{_letter(cols['activity'])}{rec.row}",
                    {"other": seen[key]},
                    "warning",
                )
            )
        else:
            seen[key] = rec.row


def _read_csv(sub: Submission, catalogue: Catalogue, year: int | None, partner_id: str | None) -> Submission:
    """A CSV with the activity sheet's columns (header row first). Cells are named as a spreadsheet shows them."""
    if sub.path.stat().st_size > MAX_FILE_BYTES:
        sub.problems.append(
            Problem(
                sub.display,
                "file_too_big",
                params={
                    "size": round(sub.path.stat().st_size / 1048576, 1),
                    "limit": round(MAX_FILE_BYTES / 1048576, 1),
                },
            )
        )
        return sub
    try:
        text = sub.path.read_bytes().decode("utf-8-sig")
        if text.count("\n") > MAX_SHEET_ROWS:
            sub.problems.append(Problem(sub.display, "too_many_rows", "csv", "", {"limit": MAX_SHEET_ROWS}))
            return sub
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
        rows = list(csv.reader(io.StringIO(text), dialect))
    except (UnicodeDecodeError, csv.Error) as exc:
        sub.problems.append(Problem(sub.display, "csv_unreadable", params={"detail": type(exc).__name__}))
        return sub
    sheet = "csv"
    header_row, cols = _header_map(rows[:HEADER_SCAN_ROWS])
    if header_row is None:
        sub.problems.append(
            Problem(
                sub.display,
                "header_missing",
                sheet,
                "A1",
                {"columns": ", ".join(c.label() for c in ACTIVITY_COLUMNS if c.required)},
            )
        )
        return sub
    records = []
    for r, row in enumerate(rows[header_row:], start=header_row + 1):
        values = {}
        for k, c in cols.items():
            v = row[c - 1] if c - 1 < len(row) else None
            values[k] = None if v is None or not str(v).strip() else v
        values.pop("last_year", None)
        if all(v is None for v in values.values()):
            continue
        if len(records) >= MAX_LINES:
            sub.problems.append(Problem(sub.display, "too_many_rows", sheet, f"A{r}", {"limit": MAX_LINES}))
            return sub
        # a CSV has no number cells: its numbers are text by nature, so no "stored as text" warning
        for key in ("quantity", "own_factor"):
            number, code = parse_number(values.get(key))
            if code == "text_read" and re.fullmatch(
                r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?", str(values[key]).strip()
            ):
                values[key] = number
            elif values.get(key) is not None and re.fullmatch(
                r"[+-]?\d+(\.\d+)?[eE][+-]?\d+", str(values[key]).strip()
            ):
                values[key] = float(values[key])
        records.append(_parse_line(sub, sheet, r, values, cols, set(), catalogue))
    rows_ok = [rec for rec in records if rec is not None]
    sub.lines = (
        pd.DataFrame.from_records(rows_ok, columns=LINE_COLUMNS)
        if rows_ok
        else pd.DataFrame(columns=LINE_COLUMNS)
    )
    sub.organisation = {f.key: None for f in ORGANISATION_FIELDS}
    sub.organisation.update(
        {"partner_id": partner_id or sub.path.stem, "name": partner_id or sub.path.stem, "year": year}
    )
    sub.sheets = {"activities": sheet}
    _check_duplicates(sub, sheet, cols)
    return sub
