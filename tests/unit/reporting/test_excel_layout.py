"""Issue 20: the Excel layout's shortcuts (looks set once per workbook, sheets written in memory, rows
from a frame's columns) give exactly what openpyxl's cell-by-cell setters and `Workbook.save` give."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from paastolaskuri.core.outputs import reproducible_xlsx
from paastolaskuri.reporting.excel_layout import (
    DECIMAL,
    INTEGER,
    TONNES,
    Column,
    Table,
    localise_formats,
    new_workbook,
    records,
    write_table,
    write_xlsx,
)


def _table() -> Table:
    """Text, a wrapped text, a centred scope, tonnes and an "auto" quantity; a total row."""
    return Table(
        [
            Column("Nimi", 12),
            Column("Selite", 10, None, True),
            Column("Scope", 6, None, False, align="center"),
            Column("t CO2e", 10, TONNES),
            Column("Määrä", 8, "auto"),
        ],
        [
            ["a", "pitkä selite joka rivittyy", 1, 1.25, 3.0],
            ["b", "=1+1", 2, 2.5, 2.5],
            ["c", None, 3, float("nan"), "–"],
        ],
        total=["Yhteensä", "", "", 3.75, 5.5],
    )


def _looks(ws) -> list[tuple]:
    """Every written cell's value and look, as openpyxl reads them back."""
    return [
        (
            c.coordinate,
            c.value,
            c.data_type,
            c.number_format,
            *map(repr, (c.font, c.fill, c.border, c.alignment)),
        )
        for row in ws.iter_rows()
        for c in row
    ]


def _by_hand(ws, top: int, table: Table) -> None:
    """The table written the way the layout did before issue 20: every setter on every cell."""
    bold = Font(bold=True)
    for j, col in enumerate(table.columns, start=1):
        cell = ws.cell(row=top, column=j, value=col.header)
        indent = 1 if col.horizontal() is None and j > 1 else 0
        cell.font, cell.fill = bold, PatternFill("solid", fgColor="DCE9E2")
        cell.border = Border(bottom=Side(style="thin"))
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="bottom",
            horizontal=col.horizontal() or ("left" if indent else None),
            indent=indent,
        )
    rows = [*table.rows, table.total]
    for k, values in enumerate(rows, start=1):
        for j, (col, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            value = None if isinstance(value, float) and value != value else value
            value = "'=1+1" if value == "=1+1" else value
            cell = ws.cell(row=top + k, column=j, value=value)
            fmt = col.number_format
            if fmt == "auto":
                fmt = INTEGER if isinstance(value, float) and value.is_integer() else DECIMAL
            if fmt and isinstance(value, (int, float)):
                cell.number_format = fmt
            indent = 1 if isinstance(value, str) and col.horizontal() is None and j > 1 else 0
            cell.alignment = Alignment(
                wrap_text=col.wrap,
                vertical="top",
                horizontal=col.align or ("left" if indent else None),
                indent=indent,
            )
            if k == len(rows):
                cell.font, cell.border = bold, Border(top=Side(style="thin"))


def test_table_looks_equal_those_set_cell_by_cell():
    fast, slow = new_workbook("t"), new_workbook("t")
    write_table(fast.create_sheet("S"), 2, _table())
    _by_hand(slow.create_sheet("S"), 2, _table())
    assert _looks(fast["S"]) == _looks(slow["S"])
    assert fast["S"]["D6"].font.b and fast["S"]["D6"].border.top.style == "thin"  # the total
    assert fast["S"]["E3"].number_format == INTEGER and fast["S"]["E4"].number_format == DECIMAL
    assert fast["S"]["B4"].value == "'=1+1" and fast["S"]["B4"].data_type == "s"
    # the workbooks' style lists are the same, in the same order (so the same bytes)
    assert fast._alignments == slow._alignments and list(fast._number_formats) == list(slow._number_formats)


def test_a_cell_changed_later_keeps_its_neighbours_look():
    wb = new_workbook("t")
    ws = wb.create_sheet("S")
    write_table(ws, 1, _table())
    ws["C3"].number_format = "0.000"  # C2, C3 and C4 were given the same look (C3 and C4 copied)
    assert ws["C3"].number_format == "0.000"
    assert ws["C2"].number_format == ws["C4"].number_format == "General"


def test_localise_formats_tags_each_format_once_and_leaves_text_and_tags():
    wb = new_workbook("t")
    ws = wb.create_sheet("S")
    write_table(ws, 1, _table())
    ws["A8"].number_format = "@"
    ws["A9"].value, ws["A9"].number_format = 1.0, "[$-809]0.0"
    localise_formats(wb, "fi")
    assert ws["D2"].number_format == ws["D3"].number_format == "[$-40B]" + TONNES
    assert ws["E2"].number_format == "[$-40B]" + INTEGER and ws["E3"].number_format == "[$-40B]" + DECIMAL
    assert ws["A8"].number_format == "@" and ws["A9"].number_format == "[$-809]0.0"
    assert ws["A2"].number_format == "General"


def _full_workbook() -> openpyxl.Workbook:
    """Two sheets with merged cells, a frozen pane, a filter, a validation, a defined name and print set-up."""
    wb = new_workbook("Koe")
    ws = wb.create_sheet("Eka")
    write_table(ws, 3, _table())
    ws.merge_cells("A1:E1")
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = "A3:E7"
    dv = DataValidation(type="list", formula1='"kyllä,ei"')
    dv.add("F4")
    ws.add_data_validation(dv)
    ws.print_title_rows = "3:3"
    wb.defined_names["summa"] = DefinedName("summa", attr_text="Eka!$D$7")
    write_table(wb.create_sheet("Toka"), 1, _table())
    localise_formats(wb, "en")
    return wb


def test_write_xlsx_writes_what_workbook_save_writes():
    plain, fast = io.BytesIO(), io.BytesIO()
    _full_workbook().save(plain)
    write_xlsx(_full_workbook(), fast)
    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(fast) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        assert "xl/worksheets/sheet2.xml" in a.namelist()
        assert [i.external_attr for i in a.infolist()] == [i.external_attr for i in b.infolist()]
        for name in a.namelist():
            if name != "docProps/core.xml":  # its modified stamp is the clock's (fixed by reproducible_xlsx)
                assert a.read(name) == b.read(name), name
    assert reproducible_xlsx(plain.getvalue()) == reproducible_xlsx(fast.getvalue())
    stored = io.BytesIO()  # what `save` writes before making it reproducible: the same once compressed
    write_xlsx(_full_workbook(), stored, zipfile.ZIP_STORED)
    with zipfile.ZipFile(stored) as c:
        assert {i.compress_type for i in c.infolist()} == {zipfile.ZIP_STORED}
    assert reproducible_xlsx(stored.getvalue()) == reproducible_xlsx(plain.getvalue())
    ws = openpyxl.load_workbook(io.BytesIO(fast.getvalue()))["Eka"]
    assert ws.freeze_panes == "A4" and [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"]


def test_records_are_to_dicts_rows_of_the_named_columns():
    frame = pd.DataFrame(
        {
            "n": [1, 2],
            "x": [1.5, np.nan],
            "s": ["a", None],
            "o": pd.Series([np.float64(2.5), "t"], dtype=object),
            "b": [True, False],
            "unused": [0, 0],
        }
    )
    got = records(frame, ["s", "n", "x", "o", "b", "missing", "s"])
    want = frame[["s", "n", "x", "o", "b"]].to_dict(orient="records")
    assert [list(r) for r in got] == [["s", "n", "x", "o", "b"]] * 2
    assert [[(type(v), v) for v in r.values() if v == v] for r in got] == [
        [(type(v), v) for v in r.values() if v == v] for r in want
    ]
    assert type(got[0]["n"]) is int and type(got[0]["o"]) is float and got[1]["x"] != got[1]["x"]
    assert records(frame.iloc[:0], ["n"]) == []
