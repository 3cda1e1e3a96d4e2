"""Sheet layout for the Excel summaries: title block, formatted tables, widths and print set-up.

Workbooks are built with openpyxl cell by cell (not `DataFrame.to_excel`) so that every table has
translated headers, number formats, column widths, a frozen header row and a page set-up that fits
the page width; `save` writes them byte-reproducibly (`outputs.reproducible_excel`).
"""

from __future__ import annotations

import datetime
import io
import math
import stat
import time
import zipfile
from copy import copy
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast
from weakref import WeakKeyDictionary

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from pandas.core.dtypes.cast import maybe_box_native

from paastolaskuri.core.i18n import text
from paastolaskuri.core.outputs import neutralise_formula, reproducible_excel

TONNES = "#,##0.0"  # t CO2e: one decimal, like the HTML reports
TONNES_FINE = "#,##0.00"  # intensities
KG = "#,##0.0"
FACTOR = "#,##0.00###"  # kg CO2e per unit: 2 to 5 decimals
PERCENT = "0.0"
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
YEAR = "0"  # a year is never grouped: 2024, not 2 024
TEXT = "@"

# A number format carries the workbook's language as a locale tag (catalogue `excel.format_locale`:
# [$-40B] Finnish, [$-809] English), so LibreOffice shows 1 975,6 in a Finnish workbook whatever the
# viewer's own locale; Excel takes its separators from the viewer's system settings whatever the tag
# (docs/decisions.md: "h23").

_TITLE = Font(bold=True, size=14)
_HEADING = Font(bold=True, size=12)
_BOLD = Font(bold=True)
_GREY = Font(color="555555", italic=True)
_HEAD_FILL = PatternFill("solid", fgColor="DCE9E2")
_TOTAL_BORDER = Border(top=Side(style="thin"))
_HEAD_BORDER = Border(bottom=Side(style="thin"))
LINE_HEIGHT = 14.5  # points per line of 11 pt text


def text_lines(value, width: float) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide (an estimate).

    Neither openpyxl nor LibreOffice's import sizes rows to wrapped text reliably, so the writer
    sets each row's height from this.
    """
    if value is None or isinstance(value, (int, float)):
        return 1
    per_line = max(width - 2, 1.0)  # LibreOffice's substitute fonts are wider than Calibri
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))


@dataclass(frozen=True)
class Column:
    """One table column: header text, width (characters), number format, wrapped text."""

    header: str
    width: float = 12
    number_format: str | None = None
    wrap: bool = False
    align: str | None = None  # "center" or "right"; numbers default to right, text to left

    def horizontal(self) -> str | None:
        """The column's horizontal alignment (headers follow their values)."""
        return self.align or ("right" if self.number_format and self.number_format != TEXT else None)


@dataclass
class Table:
    """Rows under translated headers; `total` is an optional last row set in bold."""

    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None


def records(frame: pd.DataFrame, columns) -> list[dict]:
    """The frame's rows as dicts of those of `columns` it has: what a table's rows are built from.

    The same values as `frame[those].to_dict(orient="records")` (Python scalars; an object column's
    numpy scalars boxed), without its selection and per-row tuples: a sheet reads a few columns of
    wide frames, and `to_dict` costs per column.
    """
    names = [c for c in dict.fromkeys(columns) if c in frame]
    values = [
        list(map(maybe_box_native, frame[c])) if frame[c].dtype == object else list(frame[c]) for c in names
    ]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def put(ws: Worksheet, row: int, col: int, value, number_format: str | None = None):
    """Write one cell; text is always stored as text, never as a formula (template text is untrusted).

    Formula-like text also gets the apostrophe of `outputs.neutralise_formula`, so it stays text when
    someone edits the cell or saves the sheet as CSV.
    """
    cell = _put_value(ws, row, col, value)
    fmt = _value_format(cell.value, number_format)
    if fmt:
        cell.number_format = fmt
    return cell


def _put_value(ws: Worksheet, row: int, col: int, value) -> Cell:
    """The cell at (row, col) holding `value` as :func:`put` stores it, its look not yet set."""
    if value is not None and isinstance(value, float) and value != value:
        value = None
    value = neutralise_formula(value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _value_format(value, number_format: str | None) -> str | None:
    """The number format a written value takes: a number's own, nothing for text or an empty cell."""
    if number_format and isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_format
    return None


# A workbook's cell looks by name: the openpyxl style array (indices into the workbook's lists of
# fonts, fills, borders, alignments and number formats) that a look's setters gave the first cell.
# Building Font and Alignment objects for every cell and finding them again in those lists took a
# quarter of a partner summary's CPU; a later cell of the same look gets a copy of the array. The first
# cell of each look still goes through openpyxl's setters in the same order, so the workbook's style
# lists, and so its bytes, are those of setting every cell one by one.
_LOOKS: WeakKeyDictionary[Workbook, dict[tuple, object]] = WeakKeyDictionary()


def _looks(ws: Worksheet) -> dict[tuple, object]:
    """The cell looks set so far in the sheet's workbook (:func:`_set_look`)."""
    wb = cast(Workbook, ws.parent)
    looks = _LOOKS.get(wb)
    if looks is None:
        looks = _LOOKS[wb] = {}
    return looks


def _style_array(cell) -> Any:
    """The cell's openpyxl style array (`StyleableObject._style`: its indices into the workbook's lists)."""
    return cast(Any, cell)._style


def _set_look(cell: Cell, looks: dict[tuple, object], key: tuple) -> None:
    """Give a fresh cell the look `key` names (:func:`_apply_look`), set once per workbook (`looks`)."""
    if cell.has_style:  # a cell already styled: its look is not the one `key` names
        _apply_look(cell, key)
        return
    style = looks.get(key)
    if style is None:
        _apply_look(cell, key)
        looks[key] = copy(_style_array(cell))
    else:
        cast(Any, cell)._style = copy(style)  # each cell its own array: a later setter changes it in place


def _apply_look(cell: Cell, key: tuple) -> None:
    """Set a table cell's look through openpyxl's setters, from its key.

    ("head", horizontal, indent): bold on the header fill, a line below, wrapped at the bottom.
    ("value", number format, wrap, horizontal, indent, total): a value, at the top; a total bold
    with a line above.
    """
    if key[0] == "head":
        _, horizontal, indent = key
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.border = _HEAD_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="bottom", horizontal=horizontal, indent=indent)
        return
    _, fmt, wrap, horizontal, indent, total = key
    if fmt:
        cell.number_format = fmt
    cell.alignment = Alignment(wrap_text=wrap, vertical="top", horizontal=horizontal, indent=indent)
    if total:
        cell.font = _BOLD
        cell.border = _TOTAL_BORDER


def title_block(ws: Worksheet, title: str, lines: list[str], pairs: list[tuple[str, object]]) -> int:
    """A title, grey sub-lines and label/value pairs from A1 down; returns the next free row."""
    put(ws, 1, 1, title).font = _TITLE
    r = 2
    for line in lines:
        put(ws, r, 1, line).font = _GREY
        r += 1
    for label, value in pairs:
        put(ws, r, 1, label).font = _BOLD
        cell = put(ws, r, 2, value)
        cell.alignment = Alignment(horizontal="left")
        r += 1
    return r + 1


def heading(ws: Worksheet, text: str, row: int = 1) -> None:
    """A sheet's heading line (bold, larger) above its table."""
    put(ws, row, 1, text).font = _HEADING


def _shown_length(value, number_format: str | None) -> int:
    """About how many characters a cell's value takes on screen (a number with its groups and decimals)."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return max((len(part) for part in str(value).split("\n")), default=0)
    decimals = len(number_format.split(".")[1].rstrip("#")) if number_format and "." in number_format else 0
    digits = len(f"{abs(float(value)):.{decimals}f}")
    groups = 0 if number_format in (None, YEAR) or "," not in number_format else digits // 4
    return digits + groups + (1 if value < 0 else 0)


def fitted(table: Table, room: float = 2.0, widest: float = 60.0) -> Table:
    """The table with each column as wide as its content: the header's longest word and the longest value.

    A wrapped column is at most its declared width (its text wraps); a column is never narrower than
    its header's longest word, so two headers never run together ("ArvoYksikkö").
    """
    columns = []
    for j, col in enumerate(table.columns):
        values = [row[j] for row in [*table.rows, *([table.total] if table.total else [])] if j < len(row)]
        head = max((len(w) for w in str(col.header).split()), default=0)
        longest = max((_shown_length(v, col.number_format) for v in values), default=0)
        word = max((len(w) for v in values if isinstance(v, str) for w in v.split()), default=0)
        # a wrapped column breaks between words, never inside one ("markkinaperusteine|n")
        content = max(min(longest, col.width), min(word, widest)) if col.wrap else min(longest, widest)
        numeric = col.horizontal() == "right"  # a right-aligned number needs a gap to the text after it
        columns.append(replace(col, width=max(head, content, 4) + room + (2 if numeric else 0)))
    return Table(columns, table.rows, table.total)


def write_table(ws: Worksheet, top: int, table: Table) -> int:
    """Headers on row `top`, then the rows and the total row; returns the row after the table."""
    looks = _looks(ws)
    for j, col in enumerate(table.columns, start=1):
        indent = 1 if col.horizontal() is None and j > 1 else 0  # as the values below it
        # an indent counts only with an explicit left alignment (LibreOffice ignores it otherwise)
        horizontal = col.horizontal() or ("left" if indent else None)
        _set_look(_put_value(ws, top, j, col.header), looks, ("head", horizontal, indent))
    _fit_height(ws, top, [(c.header, c.width) for c in table.columns])
    r = top + 1
    for values in table.rows:
        _write_row(ws, looks, r, table.columns, values)
        r += 1
    if table.total is not None:
        _write_row(ws, looks, r, table.columns, table.total, total=True)
        r += 1
    return r


def _write_row(
    ws: Worksheet, looks: dict, r: int, columns: list[Column], values: list, total: bool = False
) -> None:
    for j, (col, value) in enumerate(zip(columns, values, strict=True), start=1):
        fmt = col.number_format
        if fmt == "auto":  # quantities: whole numbers without decimals
            is_int = isinstance(value, (int, float)) and float(value).is_integer()
            fmt = INTEGER if is_int else DECIMAL
        cell = _put_value(ws, r, j, value)
        fmt = _value_format(cell.value, fmt)
        indent = 1 if isinstance(value, str) and col.horizontal() is None and j > 1 else 0
        horizontal = col.align or ("left" if indent else None)  # LibreOffice indents only a left-aligned cell
        _set_look(cell, looks, ("value", fmt, col.wrap, horizontal, indent, total))
    _fit_height(ws, r, [(v, c.width) for v, c in zip(values, columns, strict=True) if c.wrap])


def _fit_height(ws: Worksheet, r: int, texts: list[tuple[object, float]]) -> None:
    lines = max((text_lines(v, w) for v, w in texts), default=1)
    if lines > 1:
        ws.row_dimensions[r].height = LINE_HEIGHT * lines + 2


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    """Column widths in characters, from column A."""
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width


PAGE_WIDTH = {True: 170.0, False: 115.0}  # column-width units printed readably across an A4 (landscape?)


def pages_wide(widths: list[float], landscape: bool) -> int:
    """How many A4 pages wide a sheet of `widths` is printed so its text stays readable (about 90 %)."""
    return max(1, math.ceil(sum(widths) / PAGE_WIDTH[landscape]))


def page_setup(
    ws: Worksheet,
    header_row: int | None,
    landscape: bool,
    footer: str,
    wide: int = 1,
    title_columns: str | None = None,
) -> None:
    """A4, fitted to `wide` pages wide, the header row (and `title_columns`) repeated on each page, a footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = wide
    if title_columns and wide > 1:
        ws.print_title_cols = title_columns  # each page says which line it continues
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.8
    ws.page_margins.footer = 0.35
    if header_row:
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1).coordinate
        ws.print_title_rows = f"{header_row}:{header_row}"
    odd = ws.oddFooter
    if odd is not None and odd.left is not None and odd.right is not None:
        odd.left.text = footer.replace("&", "&&")
        odd.right.text = "&P / &N"


def new_workbook(title: str) -> Workbook:
    """An empty workbook (its default sheet removed) with fixed document properties."""
    wb = Workbook()
    for sheet in list(wb.worksheets):
        wb.remove(sheet)
    wb.properties.title = title
    wb.properties.creator = "Päästölaskuri"
    return wb


def localise_formats(wb: Workbook, lang: str) -> None:
    """Every number format of the workbook tagged with `lang`'s locale (catalogue `excel.format_locale`)."""
    tag = text("excel.format_locale", lang)
    # a cell's format is an index into the workbook's formats: each index is tagged once, the same way
    # (the setter adds the tagged format to the workbook's list where the cell-by-cell loop first did)
    tagged: dict[int, int] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not cell.has_style:
                    continue  # "General"
                old = _style_array(cell).numFmtId
                new = tagged.get(old)
                if new is None:
                    fmt = cell.number_format
                    if fmt not in ("General", TEXT) and not fmt.startswith("[$"):
                        cell.number_format = tag + fmt
                    new = tagged[old] = _style_array(cell).numFmtId
                else:
                    _style_array(cell).numFmtId = new


def save(wb: Workbook, path: Path, lang: str | None = None) -> Path:
    """Write the workbook atomically with fixed timestamps (the same content gives the same bytes).

    With `lang`, its number formats are fixed to that language's separators (:func:`localise_formats`).
    """
    if lang is not None:
        localise_formats(wb, lang)
    with reproducible_excel(Path(path)) as buf:
        # stored, not compressed: the reproducible copy compresses every part again anyway
        write_xlsx(wb, buf, zipfile.ZIP_STORED)
    return Path(path)


# the mode openpyxl's own save gives a worksheet's zip entry: that of the temporary file it writes
# the sheet to (mkstemp: a regular file, 0600); the reproducible copy keeps each entry's mode
_SHEET_ENTRY_MODE = (stat.S_IFREG | 0o600) << 16


class _InMemoryWriter(ExcelWriter):
    """openpyxl's workbook writer, each worksheet's XML built in memory instead of in a temporary file.

    `Workbook.save` writes every sheet to a temporary file, reads it back and deletes it: creating
    and deleting the files took about a tenth of the CPU of saving a partner summary's six sheets.
    """

    def write_worksheet(self, ws) -> None:
        """As `ExcelWriter.write_worksheet` (openpyxl 3.1) with a BytesIO for the temporary file."""
        if self.workbook.write_only:
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = cast(Any, writer)._rels
        archive: zipfile.ZipFile = cast(Any, self)._archive
        entry = zipfile.ZipInfo(ws.path[1:], date_time=time.localtime()[:6])
        entry.compress_type = archive.compression
        entry.external_attr = _SHEET_ENTRY_MODE
        archive.writestr(entry, writer.read())
        self.manifest.append(ws)


def write_xlsx(wb: Workbook, out, compression: int = zipfile.ZIP_DEFLATED) -> None:
    """`wb.save(out)` for a file object `out`, without openpyxl's temporary file per worksheet.

    The workbook's parts and their order are those of `Workbook.save` (tests compare the two);
    `compression` is the zip's (openpyxl's own is ZIP_DEFLATED).
    """
    if wb.read_only or wb.write_only:
        wb.save(out)
        return
    archive = zipfile.ZipFile(out, "w", compression, allowZip64=True)
    wb.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    _InMemoryWriter(wb, archive).save()
