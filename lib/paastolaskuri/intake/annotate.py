"""An annotated copy of a checked workbook: problem cells filled, commented, and listed on a first sheet.

Every problem cell is filled (red: error, yellow: warning) and commented with its message, and a first
sheet "Tarkistus" / "Check" lists every message. The partner's file is never written: the copy goes to
`out`, atomically. A file that is not safe to open (not a workbook, a bomb, unsafe XML: anything the
container scan refuses) is not opened at all; its copy is then a new workbook holding only the list of
messages. openpyxl rewrites the workbook it copies, so macros, external links, images and charts are not
carried over: values, formulas, styles, drop-downs and comments are.

Formula injection: every cell this module writes (the check sheet, a CSV's fields) passes
`outputs.neutralise_formula`. The partner's own cells in a copied workbook are left as the partner
wrote them (their text stays text, their formulas stay formulas): the copy is the file they are asked
to correct and send again, and it exposes nothing their original does not.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from paastolaskuri.core.errors import PaastolaskuriError
from paastolaskuri.core.i18n import per_lang, raw
from paastolaskuri.core.outputs import atomic_path, neutralise_formula
from paastolaskuri.intake.file_safety import MAX_FILE_BYTES, MAX_SHEET_ROWS, inspect_container
from paastolaskuri.messages import Problem, count_summary

ERROR_COLOUR = "FFC7CE"  # light red, as Excel's own "bad" style
WARNING_COLOUR = "FFEB9C"  # light yellow, as Excel's "neutral" style
AUTHOR = raw("app.name", "fi")  # the product's name, the same in every language
TEXT = per_lang("annotate")  # the check sheet's name (check_sheet), title, counts and severities
# the columns of the check sheet: severity, sheet, cell, message
COLUMN_HEADS = {lang: tuple(heads.values()) for lang, heads in per_lang("annotate.column").items()}


class AnnotateError(PaastolaskuriError, ValueError):
    """The annotated copy cannot be written as asked (for example over the checked file itself)."""


def annotate_workbook(
    src: Path | str, problems: Iterable[Problem], out: Path | str, lang: str = "fi"
) -> Path:
    """Write a copy of `src` to `out` with each problem marked on its cell and listed on a first sheet."""
    # openpyxl is imported on use: `paastolaskuri --help` and a CSV check start without it
    from openpyxl.styles import PatternFill

    src, out = Path(src), Path(out)
    lang = lang if lang in TEXT else "fi"
    if out.exists() and src.exists() and out.resolve() == src.resolve():
        raise AnnotateError(f"{out}: the annotated copy must not replace the checked file")
    problems = list(problems)
    wb = _open_copy(src)
    fills = {
        "error": PatternFill("solid", fgColor=ERROR_COLOUR),
        "warning": PatternFill("solid", fgColor=WARNING_COLOUR),
    }
    placed = _mark_cells(wb, problems, fills, lang)
    ws = _check_sheet(wb, src.name, problems, placed, fills, lang)
    for sheet in wb.worksheets:  # one selected tab only, or Excel opens the sheets grouped
        sheet.sheet_view.tabSelected = sheet is ws
    wb.active = 0
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out


def _mark_cells(wb, problems: list[Problem], fills: dict, lang: str) -> dict[int, tuple[str, str]]:
    """Fill and comment each problem's cell; problem index -> (sheet, cell) for those found in `wb`."""
    # openpyxl is imported on use: `paastolaskuri --help` and a CSV check start without it
    from openpyxl.comments import Comment

    by_cell: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    placed: dict[int, tuple[str, str]] = {}
    for i, p in enumerate(problems):
        target = _target(wb, p)
        if target is not None:
            by_cell[target].append(p)
            placed[i] = target
    for (sheet, ref), group in by_cell.items():
        cell = wb[sheet][ref]
        severity = "error" if any(p.is_error for p in group) else "warning"
        text = "\n".join(p.message(lang) for p in group)
        old = cell.comment.text if cell.comment is not None else ""
        if old and not old.startswith(text):  # a help comment of the template stays, below the message
            text += "\n\n" + old
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, min(600, 40 + 18 * (text.count("\n") + 1 + len(text) // 45))
        cell.comment = comment
        cell.fill = fills[severity]
    return placed


def _check_sheet(wb, file_name: str, problems: list[Problem], placed: dict, fills: dict, lang: str):
    """The first sheet, "Tarkistus" / "Check": the count, then one row per problem linking to its cell."""
    # openpyxl is imported on use: `paastolaskuri --help` and a CSV check start without it
    from openpyxl.styles import Font

    t = TEXT[lang]
    ws = wb.create_sheet(_free_name(wb, t["check_sheet"]), 0)
    errors = sum(p.is_error for p in problems)
    _put(ws, 1, 1, t["title"].format(file=file_name)).font = Font(bold=True, size=13)
    _put(ws, 2, 1, count_summary(errors, len(problems) - errors, lang) if problems else t["none"])
    for col, head in enumerate(COLUMN_HEADS[lang], start=1):
        _put(ws, 4, col, head).font = Font(bold=True)
    for row, (i, p) in enumerate(enumerate(problems), start=5):
        severity = "error" if p.is_error else "warning"
        _put(ws, row, 1, t[severity]).fill = fills[severity]
        _put(ws, row, 2, p.sheet or None)
        link = _put(ws, row, 3, p.cell or None)
        _put(ws, row, 4, p.message(lang))
        if i in placed:
            sheet, ref = placed[i]
            link.value = ref
            link.hyperlink = "#'{}'!{}".format(sheet.replace("'", "''"), ref)
            link.style = "Hyperlink"
    for letter, width in zip("ABCD", (12, 16, 8, 110), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    return ws


def _put(ws, row: int, column: int, value):
    """Write one cell of the check sheet: file and sheet names are the sender's text, never a formula."""
    return ws.cell(row=row, column=column, value=neutralise_formula(value))


def _open_copy(src: Path):
    """The workbook to annotate: a copy of `src` when it is safe to open, else a new empty workbook."""
    # openpyxl is imported on use: `paastolaskuri --help` and a CSV check start without it
    from openpyxl import Workbook, load_workbook

    wb = None
    try:
        if src.suffix.lower() == ".csv":
            wb = _csv_workbook(src)
        elif src.is_file() and not inspect_container(src).fatal:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = load_workbook(src, keep_vba=False, keep_links=False, rich_text=False)
    except Exception:
        wb = None
    if wb is None:
        wb = Workbook()
        wb.remove(wb.worksheets[0])  # a new workbook's one empty sheet
    return wb


def _csv_workbook(src: Path):
    """A CSV as one sheet named "csv", every field as text, so the problems' cells (csv!C3) exist."""
    # openpyxl is imported on use: `paastolaskuri --help` and a CSV check start without it
    from openpyxl import Workbook

    if src.stat().st_size > MAX_FILE_BYTES:
        return None
    text = src.read_bytes().decode("utf-8-sig")
    if text.count("\n") > MAX_SHEET_ROWS:
        return None
    sample = text[:4096]
    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook's one empty sheet
    ws.title = "csv"
    for row in csv.reader(io.StringIO(text), dialect):
        ws.append([neutralise_formula(_xml_safe(v)) for v in row])  # openpyxl would store "=..." as a formula
    return wb


def _xml_safe(value: str) -> str:
    """`value` with the characters an XML file cannot hold replaced by �."""
    # openpyxl is imported on use: `paastolaskuri --help` and a CSV check start without it
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)


def _target(wb, p: Problem) -> tuple[str, str] | None:
    """(sheet, cell) of a problem in this workbook; a merged cell's problems go to the range's first cell."""
    # openpyxl is imported on use: `paastolaskuri --help` and a CSV check start without it
    from openpyxl.cell.cell import MergedCell
    from openpyxl.utils.cell import coordinate_from_string

    if not (p.sheet and p.cell) or p.sheet not in wb.sheetnames:
        return None
    try:
        coordinate_from_string(p.cell)
        ws = wb[p.sheet]
        cell = ws[p.cell]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if cell.coordinate in rng:
                return p.sheet, ws.cell(rng.min_row, rng.min_col).coordinate
        return None
    return p.sheet, cell.coordinate


def _free_name(wb, name: str) -> str:
    taken = {n.casefold() for n in wb.sheetnames}
    if name.casefold() not in taken:
        return name
    i = 2
    while f"{name} ({i})".casefold() in taken:
        i += 1
    return f"{name} ({i})"
