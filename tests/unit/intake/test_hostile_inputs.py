"""Hostile and broken inputs, every one generated here (no binary file is committed).

For each case `paastolaskuri check` runs through the CLI's entry point and must end with the documented
exit code (0 valid, 1 errors), print exactly the expected located lines and no warning, never a
traceback. The bombs run as a subprocess each, within the 10 s safety net, and must stay under 500 MB of
resident memory (the peak of that one process, from os.wait4 in a small launcher; see run_measured). Wall-clock time is not asserted beyond the net.
The slow tests run `paastolaskuri run` with real notebook kernels on a workspace holding a hostile
file next to a good demo partner.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html.parser
import io
import itertools
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

from helpers import VENV_BIN, build_template, set_cells
from paastolaskuri.intake import reader
from paastolaskuri.intake.file_safety import (
    MAX_ENTRIES,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    MAX_XML_TEXT_BYTES,
    OLE_MAGIC,
    ContainerReport,
    inspect_container,
    sheet_parts,
)
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.messages import count_summary
from paastolaskuri.workspace import Workspace, partner_slug

PAASTOLASKURI = str(VENV_BIN / "paastolaskuri")
TIMEOUT = 10  # seconds: a safety net, not a performance assertion
BOMB_MEMORY_MB = 500
SUMMARY = re.compile(r"^(\d+) virhettä, (\d+) varoitusta$")
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

# --- building blocks ---------------------------------------------------------------------------------

TWO_DIESEL = [
    {"activity": "diesel", "quantity": 100, "unit": "l", "quality": "measured"},
    {"activity": "electricity", "quantity": 5000, "unit": "kWh", "quality": "measured"},
]
SAME_TWICE = [
    {"activity": "diesel", "quantity": 100, "unit": "l", "site": "Piha"},
    {"activity": "diesel", "quantity": 100, "unit": "l", "site": "Piha"},
]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def template(folder: Path, name: str, *, lines=None, organisation=None) -> Path:
    return build_template(folder, lines=lines, organisation=organisation, name=name)


def rezip(
    path: Path, *, replace: dict | None = None, add: dict | None = None, infos: list | None = None
) -> Path:
    """Rewrite a zip: `replace` maps a part name to new bytes or to a function of the old bytes."""
    replace = replace or {}
    with zipfile.ZipFile(path) as zin:
        parts = [(i.filename, zin.read(i)) for i in zin.infolist()]
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts:
            if name in replace:
                r = replace[name]
                data = r(data) if callable(r) else r
            zout.writestr(name, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
        for info, data in infos or ():
            zout.writestr(info, data)
    os.replace(tmp, path)
    return path


def part_of(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return {v: k for k, v in sheet_parts(zf).items()}[sheet]


def edit_sheet_xml(path: Path, sheet: str, edit: Callable[[str], str]) -> Path:
    part = part_of(path, sheet)
    return rezip(path, replace={part: lambda b: edit(b.decode("utf-8")).encode("utf-8")})


def set_cell_xml(path: Path, sheet: str, ref: str, cell_xml: str) -> Path:
    """Replace one <c> element (which must exist) with raw XML: values openpyxl would never write."""

    def edit(text):
        new, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', cell_xml, text, count=1, flags=re.S)
        assert n == 1, f"no cell {ref}"
        return new

    return edit_sheet_xml(path, sheet, edit)


def content_types(add: str, replace: tuple[str, str] | None = None):
    def edit(data: bytes) -> bytes:
        text = data.decode("utf-8")
        if replace:
            text = text.replace(*replace)
        return text.replace("</Types>", add + "</Types>").encode("utf-8")

    return edit


def add_workbook_rel(xml_rel: str):
    return lambda data: (
        data.decode("utf-8").replace("</Relationships>", xml_rel + "</Relationships>").encode("utf-8")
    )


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


# --- the corpus: one builder per case ----------------------------------------------------------------


@dataclass
class Case:
    name: str
    suffix: str
    build: Callable[[Path], None]
    exit: int
    lines: list[str]  # every stdout line but the summary; "{f}" is the file name
    bomb: bool = False
    run: bool = False  # also part of the `paastolaskuri run` subset (slow)
    run_ok: bool = False  # ... where the partner is valid (a hostile but usable ID or name)
    slug: str = ""  # the valid partner's file-name slug in `run`

    @property
    def file(self) -> str:
        return f"{self.name}{self.suffix}"


CASES: list[Case] = []


def case(name, exit, lines, suffix=".xlsx", **kw):
    def register(fn):
        CASES.append(Case(name, suffix, fn, exit, lines, **kw))
        return fn

    return register


def file_line(text: str) -> str:
    return "{f}: " + text


NOT_XLSX = file_line(
    "ei ole Excel-työkirja (.xlsx): tallenna tiedosto Excelissä tai LibreOfficessa muodossa .xlsx"
)
OLD_XLS = file_line(
    "vanha .xls-muoto tai salasanalla suojattu työkirja: poista salasana ja tallenna muodossa .xlsx"
)
VALID_1 = "{f}: kunnossa (rivejä 1)"
VALID_2 = "{f}: kunnossa (rivejä 2)"


# file as a whole


@case("not_a_zip", 1, [NOT_XLSX])
def _(p):
    p.write_bytes(b"GIF89a\x01\x00\x01\x00" + bytes(range(256)) * 4)


@case(
    "truncated",
    1,
    [file_line("työkirja on vioittunut tai keskeneräinen (BadZipFile): tallenna se uudelleen Excelissä")],
)
def _(p):
    template(p.parent, p.name)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) * 2 // 3])


@case("old_binary_xls", 1, [OLD_XLS], suffix=".xls")
def _(p):
    p.write_bytes(OLE_MAGIC + b"\x00" * 4096)


@case("csv_renamed", 1, [NOT_XLSX])
def _(p):
    p.write_text("site,activity,quantity,unit\nPiha,diesel,100,l\n", encoding="utf-8")


@case(
    "password_protected",
    1,
    [
        file_line(
            "työkirja on suojattu salasanalla: poista salasana (Tiedosto > Tiedot > Suojaa työkirja) ja tallenna muodossa .xlsx"
        )
    ],
)
def _(p):
    # an encrypted OOXML file is an OLE compound file whose directory names the stream EncryptedPackage
    body = bytearray(OLE_MAGIC + b"\x00" * 4088)
    body += "EncryptedInfo".encode("utf-16-le") + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")
    body += os.urandom(2048)
    p.write_bytes(bytes(body))


@case(
    "empty_workbook",
    1,
    [
        file_line(
            "välilehti Organisaatio / Organisation puuttuu: käytä Päästölaskurin pohjaa (paastolaskuri template)"
        ),
        file_line(
            "välilehti Toiminta / Activities puuttuu: käytä Päästölaskurin pohjaa (paastolaskuri template)"
        ),
    ],
)
def _(p):
    openpyxl.Workbook().save(p)


@case("zip_of_other_things", 1, [NOT_XLSX])
def _(p):
    write_zip(p, {"hello.txt": b"not a workbook", "[Content_Types].xml": b"<Types/>"})


# sheets and headers


@case(
    "no_organisation_sheet",
    1,
    [
        file_line(
            "välilehti Organisaatio / Organisation puuttuu: käytä Päästölaskurin pohjaa (paastolaskuri template)"
        )
    ],
)
def _(p):
    template(p.parent, p.name)
    wb = openpyxl.load_workbook(p)
    del wb["Organisaatio"]
    wb.save(p)


@case(
    "no_activity_sheet",
    1,
    [
        file_line(
            "välilehti Toiminta / Activities puuttuu: käytä Päästölaskurin pohjaa (paastolaskuri template)"
        )
    ],
)
def _(p):
    template(p.parent, p.name)
    wb = openpyxl.load_workbook(p)
    del wb["Toiminta"]
    wb.save(p)


@case("renamed_required_header", 1, ["{f}: Toiminta!A6: sarake Määrä / Quantity puuttuu otsikkoriviltä"])
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Toiminta": {"C6": "Paljous"}})


@case("moved_headers", 0, [VALID_2])
def _(p):
    template(p.parent, p.name, lines=TWO_DIESEL)
    wb = openpyxl.load_workbook(p)
    ws = wb["Toiminta"]
    ws.insert_rows(1, amount=3)  # the header row is now row 9, the lines 10 and 11
    for row in (9, 10, 11):  # quantity and unit swap places
        ws[f"C{row}"].value, ws[f"D{row}"].value = ws[f"D{row}"].value, ws[f"C{row}"].value
    wb.save(p)


@case("extra_columns", 0, [VALID_2])
def _(p):
    template(p.parent, p.name, lines=TWO_DIESEL)
    wb = openpyxl.load_workbook(p)
    ws = wb["Toiminta"]
    ws.insert_cols(1)  # everything moves one column right
    ws["A6"], ws["A7"], ws["A8"] = "Oma sarake", "x", "y"
    ws["M6"], ws["M7"] = "Lisätieto", 42
    wb.save(p)


@case(
    "merged_cells_in_table",
    1,
    [
        "{f}: Toiminta!B7: yhdistettyjä soluja (B7:B8) taulukossa: pura yhdistäminen",
        "{f}: Toiminta!B8: toiminto puuttuu: valitse toiminto pudotusvalikosta",
    ],
)
def _(p):
    template(
        p.parent,
        p.name,
        lines=[
            {"activity": "diesel", "quantity": 100, "unit": "l"},
            {"activity": "diesel", "quantity": 200, "unit": "l"},
        ],
    )
    wb = openpyxl.load_workbook(p)
    wb["Toiminta"].merge_cells("B7:B8")
    wb.save(p)


@case(
    "merged_whole_column",
    1,
    [file_line("työkirja on vioittunut tai keskeneräinen (TypeError): tallenna se uudelleen Excelissä")],
)
def _(p):
    # a whole-column merged range has no row bounds (Excel never writes one): openpyxl refuses the sheet
    template(p.parent, p.name, lines=TWO_DIESEL)
    wb = openpyxl.load_workbook(p)
    wb["Toiminta"].merge_cells("B7:C8")
    wb.save(p)
    edit_sheet_xml(p, "Toiminta", lambda text: text.replace('ref="B7:C8"', 'ref="B:C"'))


@case("hidden_row", 0, ["{f}: Toiminta!B8: varoitus: rivi on piilotettu, mutta se luetaan mukaan", VALID_2])
def _(p):
    template(p.parent, p.name, lines=TWO_DIESEL)
    wb = openpyxl.load_workbook(p)
    wb["Toiminta"].row_dimensions[8].hidden = True
    wb.save(p)


# quantities


@case("quantity_text", 1, ['{f}: Toiminta!C7: määrä "paljon" ei ole luku'])
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Toiminta": {"C7": "paljon"}})


@case(
    "quantity_negative", 1, ["{f}: Toiminta!C7: määrä -5 on negatiivinen: anna nolla tai positiivinen luku"]
)
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Toiminta": {"C7": -5}})


@case("quantity_nan_text", 1, ['{f}: Toiminta!C7: määrä "NaN" ei ole äärellinen luku'])
def _(p):
    template(p.parent, p.name)  # how a NaN arrives in practice: pasted from a program's output
    set_cells(p, {"Toiminta": {"C7": "NaN"}})


@case("quantity_nan_error_cell", 1, ['{f}: Toiminta!C7: määrä "#NUM!" ei ole luku'])
def _(p):
    template(p.parent, p.name)  # what Excel stores for a result that is not a number
    set_cell_xml(p, "Toiminta", "C7", '<c r="C7" t="e"><v>#NUM!</v></c>')


@case(
    "quantity_nan_in_number_cell",
    1,
    [file_line("työkirja on vioittunut tai keskeneräinen (ValueError): tallenna se uudelleen Excelissä")],
)
def _(p):
    template(p.parent, p.name)  # no program writes this: a number cell that is not a number
    set_cell_xml(p, "Toiminta", "C7", '<c r="C7" t="n"><v>NaN</v></c>')


@case("quantity_infinite", 1, ['{f}: Toiminta!C7: määrä "inf" ei ole äärellinen luku'])
def _(p):
    template(p.parent, p.name)
    set_cell_xml(p, "Toiminta", "C7", '<c r="C7"><v>1e999</v></c>')


@case(
    "quantity_1e300",
    1,
    [
        "{f}: Toiminta!C7: määrä 1E300 on epäuskottavan suuri (yli 1\u00a0000\u00a0000\u00a0000\u00a0000): tarkista yksikkö"
    ],
)
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Toiminta": {"C7": 1e300}})


@case(
    "quantity_date",
    1,
    ["{f}: Toiminta!C7: määrä on päivämäärä (2024-03-01 00:00:00), ei luku: muuta solun muodoksi luku"],
)
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Toiminta": {"C7": dt.datetime(2024, 3, 1)}})


# activities, units, duplicates


@case(
    "unknown_activity",
    1,
    ['{f}: Toiminta!B7: tuntematon toiminto "Lentävä matto": valitse toiminto pudotusvalikosta'],
)
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Toiminta": {"B7": "Lentävä matto"}})


@case(
    "unit_does_not_fit",
    1,
    [
        "{f}: Toiminta!D7: yksikkö km ei käy toiminnolle Kevyt polttoöljy: sallitut yksiköt ovat l m3 kg t kWh MWh GJ"
    ],
)
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Toiminta": {"D7": "km"}})


@case(
    "duplicate_lines",
    0,
    [
        "{f}: Toiminta!B8: varoitus: sama rivi kuin rivi 7: tarkista, ettei kulutusta ole kirjattu kahdesti",
        VALID_2,
    ],
)
def _(p):
    template(p.parent, p.name, lines=SAME_TWICE)


# formulas, macros, links


@case(
    "formula_without_value",
    1,
    ["{f}: Toiminta!C7: kaavalla ei ole tallennettua tulosta: avaa ja tallenna tiedosto Excelissä"],
)
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Toiminta": {"C7": "=1+1"}})


@case("formula_with_value", 0, [VALID_1])
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Toiminta": {"C7": "=1+1"}})
    edit_sheet_xml(p, "Toiminta", lambda t: t.replace("<f>1+1</f><v />", "<f>1+1</f><v>2</v>", 1))


@case(
    "macros",
    0,
    [file_line("varoitus: työkirjassa on makroja: niitä ei koskaan ajeta, vain arvot luetaan"), VALID_1],
    suffix=".xlsm",
)
def _(p):
    template(p.parent, p.name)
    rezip(
        p,
        replace={
            "[Content_Types].xml": content_types(
                '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
                (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ),
            ),
            "xl/_rels/workbook.xml.rels": add_workbook_rel(
                '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                'Target="vbaProject.bin"/>'
            ),
        },
        add={
            "xl/vbaProject.bin": OLE_MAGIC
            + b'Attribute VB_Name = "Module1"\nSub Auto_Open()\nShell "calc"\nEnd Sub\n'
        },
    )


@case(
    "external_links",
    0,
    [
        file_line("varoitus: työkirjassa on linkkejä toisiin tiedostoihin: vain tallennetut arvot luetaan"),
        VALID_1,
    ],
)
def _(p):
    template(p.parent, p.name)
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rezip(
        p,
        replace={
            "[Content_Types].xml": content_types(
                '<Override PartName="/xl/externalLinks/externalLink1.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
            ),
            "xl/_rels/workbook.xml.rels": add_workbook_rel(
                f'<Relationship Id="rIdExt1" Type="{rel_ns}/externalLink" Target="externalLinks/externalLink1.xml"/>'
            ),
        },
        add={
            "xl/externalLinks/externalLink1.xml": (
                f'<externalLink xmlns="{SHEET_NS}" xmlns:r="{rel_ns}"><externalBook r:id="rId1"><sheetNames>'
                '<sheetName val="Salaiset"/></sheetNames></externalBook></externalLink>'
            ).encode(),
            "xl/externalLinks/_rels/externalLink1.xml.rels": (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{rel_ns}/externalLinkPath" Target="file:///C:/salaiset/palkat.xlsx" '
                'TargetMode="External"/></Relationships>'
            ).encode(),
        },
    )


# size limits


def _stream_sheet(zf: zipfile.ZipFile, part: str, rows) -> None:
    with zf.open(part, "w", force_zip64=True) as fh:
        fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}"><sheetData>'.encode())
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 50_000:
                fh.write("".join(batch).encode())
                batch = []
        fh.write("".join(batch).encode())
        fh.write(b"</sheetData></worksheet>")


def _with_sheet(p: Path, sheet: str, rows) -> None:
    """The template with one sheet's XML replaced by generated rows (written straight into the zip)."""
    template(p.parent, "base-" + p.name)
    src = p.parent / ("base-" + p.name)
    part = part_of(src, sheet)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename == part:
                _stream_sheet(zout, part, rows)
            else:
                zout.writestr(info.filename, zin.read(info))
    src.unlink()


@case(
    "million_rows",
    1,
    [f"{{f}}: Toiminta: liikaa rivejä (yli {MAX_SHEET_ROWS}): jaa tiedot tai poista tyhjät rivit"],
    bomb=True,
)
def _(p):
    header = (
        '<row r="6"><c r="B6" t="inlineStr"><is><t>Toiminto</t></is></c><c r="C6" t="inlineStr"><is><t>Määrä'
        '</t></is></c><c r="D6" t="inlineStr"><is><t>Yksikkö</t></is></c></row>'
    )
    body = (f'<row r="{r}"><c r="C{r}"><v>{r}</v></c></row>' for r in range(7, 1_000_007))
    _with_sheet(p, "Toiminta", itertools.chain([header], body))


@case(
    "too_many_cells",
    1,
    [
        f"{{f}}: Luettelot: liikaa soluja (yli {MAX_SHEET_CELLS}): poista tyhjät rivit ja sarakkeet "
        "tai jaa tiedot"
    ],
    bomb=True,
)
def _(p):
    per_row = 200
    letters = [openpyxl.utils.get_column_letter(c) for c in range(1, per_row + 1)]
    rows = (
        "".join([f'<row r="{r}">', *(f'<c r="{L}{r}"><v>1</v></c>' for L in letters), "</row>"])
        for r in range(1, MAX_SHEET_CELLS // per_row + 100)
    )
    _with_sheet(p, "Luettelot", rows)


@case(
    "cell_32767_chars",
    1,
    [
        "{f}: Organisaatio!B4: teksti on liian pitkä (32767 merkkiä, enintään 300): lyhennä",
        "{f}: Toiminta!I7: teksti on liian pitkä (32767 merkkiä, enintään 2000): lyhennä",
    ],
)
def _(p):
    template(p.parent, p.name)
    set_cells(p, {"Organisaatio": {"B4": "Ä" * 32767}, "Toiminta": {"I7": "x" * 32767}})


@case(
    "cell_text_of_2_mb",
    1,
    [
        f"{{f}}: Toiminta: työkirjassa on liian pitkä teksti (yli {MAX_XML_TEXT_BYTES} tavua yhdessä solussa): "
        "tiedostoa ei käsitellä"
    ],
    bomb=True,
)
def _(p):
    template(p.parent, p.name)
    set_cell_xml(p, "Toiminta", "I7", '<c r="I7" t="inlineStr"><is><t>' + "ab" * (1 << 20) + "</t></is></c>")


def _shared_strings(p: Path, sst: bytes) -> None:
    """The template, its note cell I7 pointing at a sharedStrings.xml part with the given content."""
    template(p.parent, p.name)
    set_cell_xml(p, "Toiminta", "I7", '<c r="I7" t="s"><v>0</v></c>')
    rezip(
        p,
        replace={
            "[Content_Types].xml": content_types(
                '<Override PartName="/xl/sharedStrings.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            ),
            "xl/_rels/workbook.xml.rels": add_workbook_rel(
                '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'sharedStrings" Target="sharedStrings.xml"/>'
            ),
        },
        add={"xl/sharedStrings.xml": sst},
    )


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE sst [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + f']>\n<sst xmlns="{SHEET_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)
XML_UNSAFE_SST = file_line(
    "työkirjassa on kiellettyjä XML-rakenteita (xl/sharedStrings.xml: <!DOCTYPE>): tallenna se uudelleen Excelissä"
)


@case("xml_bomb", 1, [XML_UNSAFE_SST], bomb=True, run=True)
def _(p):
    _shared_strings(p, BILLION_LAUGHS.encode())


@case("xml_bomb_after_long_comment", 1, [XML_UNSAFE_SST], bomb=True)
def _(p):
    head, rest = BILLION_LAUGHS.split("\n", 1)
    _shared_strings(p, (head + "<!--" + "x" * 200_000 + "-->\n" + rest).encode())


@case(
    "xml_utf16_part",
    1,
    [
        file_line(
            "työkirjassa on kiellettyjä XML-rakenteita (xl/sharedStrings.xml: UTF-16): tallenna se uudelleen Excelissä"
        )
    ],
    bomb=True,
)
def _(p):
    _shared_strings(p, BILLION_LAUGHS.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))


ZIP_BOMB_MB = 1040  # 65 chunks of 16 MiB: over 1 GB, deflates to about 1 MB


def build_zip_bomb(p: Path) -> None:
    template(p.parent, "base-" + p.name)
    src = p.parent / ("base-" + p.name)
    part = part_of(src, "Luettelot")
    zeros = bytes(16 << 20)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == part:
                with zout.open(part, "w", force_zip64=True) as fh:
                    fh.write(f'<worksheet xmlns="{SHEET_NS}"><sheetData>'.encode())
                    for _ in range(ZIP_BOMB_MB // 16):
                        fh.write(zeros)
            else:
                zout.writestr(info.filename, zin.read(info))
    src.unlink()


ZIP_BOMB_LINE = file_line(
    f"työkirja purkautuu liian suureksi ({ZIP_BOMB_MB:.1f} Mt, enintään 200.0 Mt): tiedostoa ei käsitellä"
)
CASES.append(Case("zip_bomb", ".xlsx", build_zip_bomb, 1, [ZIP_BOMB_LINE], bomb=True, run=True))


@case(
    "zip_lying_sizes",
    1,
    [file_line("työkirja on vioittunut tai keskeneräinen (BadZipFile): tallenna se uudelleen Excelissä")],
    bomb=True,
)
def _(p):
    """A part whose zip headers declare 1,000 bytes but which inflates to 256 MB: zipfile stops at the
    declared size and fails the CRC, so neither the scan nor openpyxl ever holds the real amount."""
    template(p.parent, "base-" + p.name)
    src = p.parent / ("base-" + p.name)
    part = part_of(src, "Luettelot")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename == part:
                with zout.open(part, "w", force_zip64=False) as fh:
                    fh.write(f'<worksheet xmlns="{SHEET_NS}"><sheetData>'.encode())
                    for _ in range(16):
                        fh.write(bytes(16 << 20))
            else:
                zout.writestr(info.filename, zin.read(info))
    src.unlink()
    data = bytearray(p.read_bytes())
    name = part.encode()
    with zipfile.ZipFile(p) as zf:
        local = zf.getinfo(part).header_offset
    data[local + 22 : local + 26] = (1000).to_bytes(4, "little")  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    while central != -1:
        length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + length] == name:
            data[central + 24 : central + 28] = (1000).to_bytes(4, "little")  # central directory: the same
        central = data.find(b"PK\x01\x02", central + 4)
    p.write_bytes(bytes(data))


@case(
    "zip_too_many_parts",
    1,
    [
        file_line(
            f"työkirjassa on liikaa sisäisiä osia ({MAX_ENTRIES + 500}, enintään {MAX_ENTRIES}): tiedostoa ei käsitellä"
        )
    ],
    bomb=True,
)
def _(p):
    template(p.parent, p.name)
    with zipfile.ZipFile(p) as zf:
        present = len(zf.infolist())
    rezip(p, add={f"xl/media/empty{i}.xml": b"" for i in range(MAX_ENTRIES + 500 - present)})


@case(
    "zip_slip_entry",
    1,
    [file_line("työkirjassa on vaarallinen sisäinen tiedostonimi (../../evil.txt): tiedostoa ei käsitellä")],
    run=True,
)
def _(p):
    template(p.parent, p.name)
    rezip(p, infos=[(zipfile.ZipInfo("../../evil.txt"), b"pwned")])


@case(
    "zip_absolute_entry",
    1,
    [file_line("työkirjassa on vaarallinen sisäinen tiedostonimi (/tmp/evil.txt): tiedostoa ei käsitellä")],
)
def _(p):
    template(p.parent, p.name)
    info = zipfile.ZipInfo("x")
    info.filename = "/tmp/evil.txt"  # ZipInfo() strips a leading slash; a hostile writer does not
    rezip(p, infos=[(info, b"pwned")])


@case(
    "zip_duplicate_entry",
    1,
    [file_line("työkirjassa on vaarallinen sisäinen tiedostonimi (xl/workbook.xml): tiedostoa ei käsitellä")],
)
def _(p):
    template(p.parent, p.name)
    with pytest.warns(UserWarning, match="Duplicate name"):
        rezip(p, infos=[(zipfile.ZipInfo("xl/workbook.xml"), b"<workbook/>")])


# partner IDs and names: the reader keeps a usable ID as written; file names use its slug

HOSTILE_IDS = {
    "../../../../tmp/paastolaskuri-evil": "tmp-paastolaskuri-evil",
    "..\\..\\..\\windows\\evil": "windows-evil",
    "/etc/passwd": "etc-passwd",
    "CON": "partner-con",
    "nul.txt": "nul-txt",
    "Pyhäselän Öljy & Åke": "pyhaselan-oljy-ake",
    "..": "",
    "/": "",
    "\\": "",
    "äöå": "aoa",
    "a\x00b": "a-b",
    SCRIPT: "script-alert-1-script",  # the ID also titles the report's HTML page
    'x"; open("pwned", "w") #': "x-open-pwned-w",  # and is a papermill parameter: code, if not escaped
    "x" * 300: "x" * 64,
}


def _id_case(name, partner_id, exit, lines, **kw):
    def build(p):
        template(p.parent, p.name, organisation={"partner_id": partner_id})

    CASES.append(Case(name, ".xlsx", build, exit, lines, **kw))


_id_case(
    "id_dotdot_slashes",
    "../../../../tmp/paastolaskuri-evil",
    0,
    [VALID_1],
    run=True,
    run_ok=True,
    slug="tmp-paastolaskuri-evil",
)
_id_case("id_backslashes", "..\\..\\..\\windows\\evil", 0, [VALID_1])
_id_case("id_reserved_con", "CON", 0, [VALID_1])
_id_case("id_finnish_letters", "Pyhäselän Öljy & Åke", 0, [VALID_1])
_id_case(
    "id_only_dots",
    "..",
    1,
    ['{f}: Organisaatio!B3: kumppanin tunnus ".." ei kelpaa: käytä kirjaimia, numeroita ja väliviivoja'],
    run=True,
)
_id_case(
    "id_only_slash",
    "/",
    1,
    ['{f}: Organisaatio!B3: kumppanin tunnus "/" ei kelpaa: käytä kirjaimia, numeroita ja väliviivoja'],
)
_id_case(
    "id_only_backslash",
    "\\",
    1,
    ['{f}: Organisaatio!B3: kumppanin tunnus "\\" ei kelpaa: käytä kirjaimia, numeroita ja väliviivoja'],
)
_id_case(
    "id_bidi_override",
    "abc\u202egpj.exe",
    1,
    [
        '{f}: Organisaatio!B3: kumppanin tunnus "abc\\u202egpj.exe" ei kelpaa: käytä kirjaimia, numeroita ja väliviivoja'
    ],
)
_id_case(
    "id_300_chars",
    "x" * 300,
    1,
    ["{f}: Organisaatio!B3: teksti on liian pitkä (300 merkkiä, enintään 100): lyhennä"],
)


@case(
    "id_with_nul",
    1,
    [file_line("työkirja on vioittunut tai keskeneräinen (ParseError): tallenna se uudelleen Excelissä")],
)
def _(p):
    # XML 1.0 cannot hold NUL, so no spreadsheet program writes one; a hostile writer can try
    template(p.parent, p.name)
    set_cell_xml(p, "Organisaatio", "B3", '<c r="B3" t="inlineStr"><is><t>a&#0;b</t></is></c>')


@case("name_with_script", 0, [VALID_1], run=True, run_ok=True, slug="skripti")
def _(p):
    template(p.parent, p.name, organisation={"partner_id": "skripti", "name": SCRIPT + IMG})


# CSV input


@case(
    "csv_terminal_escapes", 1, ['{f}: csv!B2: määrä "\\x1b[2J\\x1b[31mPWNED\\x07" ei ole luku'], suffix=".csv"
)
def _(p):
    p.write_text("activity,quantity,unit\ndiesel,\x1b[2J\x1b[31mPWNED\x07,l\n", encoding="utf-8")


@case(
    "csv_million_lines",
    1,
    [f"{{f}}: csv: liikaa rivejä (yli {MAX_SHEET_ROWS}): jaa tiedot tai poista tyhjät rivit"],
    suffix=".csv",
    bomb=True,
)
def _(p):
    p.write_text("activity,quantity,unit\n" + "diesel,1,l\n" * 1_000_000, encoding="utf-8")


@case(
    "csv_required_column_missing",
    1,
    ["{f}: csv!A1: sarake Yksikkö / Unit puuttuu otsikkoriviltä"],
    suffix=".csv",
)
def _(p):
    # two of the three required headers are enough to find the header row; the unit column is missing
    p.write_text("Toiminto,Määrä\ndiesel,100\n", encoding="utf-8")


assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)


# --- running the command: exit code, output, time, peak memory of that one child ---------------------


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float
    timed_out: bool = False
    lines: list[str] = field(default_factory=list)


# A child's ru_maxrss also counts the memory of the process that forked it (Linux records the old address
# space's peak at exec), so a child forked straight from pytest would inherit pytest's size. A tiny
# Python starts the command instead and reports that command's own peak, from os.wait4.
_MEASURE = """
import os, sys
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as fh:
    fh.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(args: list[str], cwd: Path, timeout: float = TIMEOUT) -> Result:
    """Run a command (killed after `timeout` s) and measure its peak resident memory."""
    env = {k: v for k, v in os.environ.items() if k != "PAASTOLASKURI_LANG"}
    env["PYTHONWARNINGS"] = "default"  # a leaked warning must show, and then fail the empty-stderr check
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
    ):
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _MEASURE, rss.name, *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            env=env,
            start_new_session=True,
        )
        try:
            proc.wait(timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the measuring parent and the command share a session
            proc.wait()
            timed_out = True
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        peak = rss.read().strip()
    rss_mb = int(peak or 0) / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Result(proc.returncode, stdout, stderr, seconds, rss_mb, timed_out, stdout.splitlines())


def run_in_process(args: list[str], cwd: Path) -> Result:
    """Run the command through its entry point in this process: stdout, stderr, warnings and exit code.

    A warning is printed to the captured stderr (as PYTHONWARNINGS=default does in a child), so a
    leaked warning fails the empty-stderr check exactly as it would from a subprocess.
    """
    from paastolaskuri.cli import main

    out, err = io.StringIO(), io.StringIO()
    lang = os.environ.pop("PAASTOLASKURI_LANG", None)
    start = time.monotonic()
    try:
        with (
            contextlib.chdir(cwd),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")
            try:
                code = main(args)
            except SystemExit as exc:  # argparse exits; the command itself returns its code
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        if lang is not None:
            os.environ["PAASTOLASKURI_LANG"] = lang
    for w in caught:
        err.write(warnings.formatwarning(w.message, w.category, w.filename, w.lineno))
    stdout = out.getvalue()
    return Result(code, stdout, err.getvalue(), time.monotonic() - start, 0.0, False, stdout.splitlines())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Every case built in one folder and checked. The bombs run as their own process (their peak memory
    is what is tested, and a child can be killed); the 1 GB bomb deflates in a thread meanwhile (zlib
    releases the GIL). Every other case runs `check` in this process through the CLI's entry point."""
    folder = tmp_path_factory.mktemp("corpus")

    def check_measured(c: Case) -> Result:
        c.build(folder / c.file) if c.name == "zip_bomb" else None
        return run_measured(
            [PAASTOLASKURI, "check", c.file, "--lang", "fi", "--workspace", str(folder)], folder
        )

    futures, results = {}, {}
    with ThreadPoolExecutor(1) as bomb_pool:
        for c in CASES:
            if c.name != "zip_bomb":
                c.build(folder / c.file)  # builders run one at a time, in this thread
        for c in CASES:
            if c.bomb:
                futures[c.name] = bomb_pool.submit(check_measured, c)
        for c in CASES:
            if not c.bomb:
                args = ["check", c.file, "--lang", "fi", "--workspace", str(folder)]
                results[c.name] = run_in_process(args, folder)
        results.update({name: f.result() for name, f in futures.items()})
    return {"folder": folder, "results": results}


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_check_reports_each_case_exactly(corpus, c):
    res = corpus["results"][c.name]
    assert not res.timed_out, f"{c.name}: no answer within {TIMEOUT} s"
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-2000:]
    assert res.stderr == "", res.stderr[-2000:]
    expected = [line.format(f=c.file) for line in c.lines]
    errors = sum(1 for line in expected if ": varoitus: " not in line and ": kunnossa (rivejä " not in line)
    warnings = sum(1 for line in expected if ": varoitus: " in line)
    assert res.lines == [*expected, count_summary(errors, warnings, "fi")]
    assert res.returncode == c.exit


@pytest.mark.parametrize("c", [c for c in CASES if c.bomb], ids=[c.name for c in CASES if c.bomb])
def test_bombs_stay_small(corpus, c):
    res = corpus["results"][c.name]
    assert res.max_rss_mb < BOMB_MEMORY_MB, f"{c.name}: peak {res.max_rss_mb:.0f} MB"


def test_corpus_is_generated_and_check_never_touches_it(corpus):
    folder = corpus["folder"]
    names = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    assert names == {c.file for c in CASES}  # check wrote nothing beside the inputs
    assert (folder / "zip_bomb.xlsx").stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(folder / "zip_bomb.xlsx") as zf:
        assert max(i.file_size for i in zf.infolist()) > 1024**3


def test_located_lines_name_the_cell_or_the_file(corpus):
    """The documented shape: FILE: SHEET!CELL: message, or FILE: SHEET: message, or FILE: message."""
    shape = re.compile(
        r"^(?P<file>[\w.-]+): "
        r"(?:(?P<sheet>Organisaatio|Toiminta|Luettelot|csv)(?:!(?P<cell>[A-Z]{1,3}\d+))?: )?\S"
    )
    for c in CASES:
        for line in corpus["results"][c.name].lines[:-1]:
            m = shape.match(line)
            assert m and m.group("file") == c.file, line


# --- units of the same rules, in process ----------------------------------------------------------------


@pytest.mark.parametrize("partner_id,slug", HOSTILE_IDS.items(), ids=[repr(k)[:20] for k in HOSTILE_IDS])
def test_hostile_ids_slug_to_safe_file_names(tmp_path, partner_id, slug):
    assert partner_slug(partner_id) == slug
    s = partner_slug(partner_id)
    assert not any(bad in s for bad in ("/", "\\", "..", "\x00")) and len(s) <= 64
    if s:
        ws = Workspace.at(tmp_path)
        for target in (
            ws.partner_report(2024, s, ".html"),
            ws.partner_processed_dir(2024, s) / "totals.json",
        ):
            assert ws.inside(target) and target.resolve().parent.name in ("partners", s)


def test_openpyxl_uses_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_entity_expansion_is_refused_even_past_our_scan(tmp_path, monkeypatch):
    """Defence in depth: openpyxl itself (through defusedxml) refuses the bomb our container scan stops first."""
    import defusedxml

    p = tmp_path / "bomb.xlsx"
    _shared_strings(p, BILLION_LAUGHS.encode())
    with pytest.raises(ValueError) as info:
        openpyxl.load_workbook(p, read_only=True)
    assert isinstance(info.value.__cause__ or info.value.__context__, defusedxml.EntitiesForbidden)
    assert [f[0] for f in inspect_container(p).fatal] == ["xml_unsafe"]
    # and the reader names it so when the scan is skipped
    monkeypatch.setattr(reader, "inspect_container", lambda path: ContainerReport())
    assert [x.format() for x in read_submission(p, display="bomb.xlsx").problems] == [
        "bomb.xlsx: työkirjassa on kiellettyjä XML-rakenteita (EntitiesForbidden): tallenna se uudelleen Excelissä"
    ]


def test_container_scan_sees_merges_and_hidden_rows(tmp_path):
    p = template(tmp_path, "f.xlsx", lines=TWO_DIESEL)
    wb = openpyxl.load_workbook(p)
    ws = wb["Toiminta"]
    ws.merge_cells("A1:D1")  # a merged title above the table is fine
    ws.row_dimensions[8].hidden = True
    wb.save(p)
    scan = inspect_container(p).sheets["Toiminta"]
    assert scan.merged == ["A1:D1"] and scan.hidden_rows == {8} and scan.rows > 6
    assert [x.format() for x in read_submission(p, display="f.xlsx").problems] == [
        "f.xlsx: Toiminta!B8: varoitus: rivi on piilotettu, mutta se luetaan mukaan"
    ]


def test_english_messages_for_new_codes(tmp_path):
    p = tmp_path / "f.xlsx"
    CASES[[c.name for c in CASES].index("password_protected")].build(p)
    assert [x.format("en") for x in read_submission(p, display="f.xlsx").problems] == [
        "f.xlsx: the workbook is password-protected: remove the password (File > Info > Protect Workbook) "
        "and save as .xlsx"
    ]


# --- `paastolaskuri run` with a hostile file beside a good partner (notebook kernels: slow) ----------


def _listing(folder: Path, skip: Path) -> set[str]:
    out = set()
    for p in folder.rglob("*"):
        if skip == p or skip in p.parents:
            continue
        out.add(p.relative_to(folder).as_posix())
    return out


def _demo_workspace(root: Path) -> Path:
    ws = root / "ws"
    res = run_measured(
        [PAASTOLASKURI, "demo", "--workspace", str(ws), "--partners", "1", "--years", "2024"],
        root,
        timeout=60,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    return ws


def _run(ws: Path, *extra) -> Result:
    return run_measured(
        [
            PAASTOLASKURI,
            "run",
            "--workspace",
            str(ws),
            "--year",
            "2024",
            "--jobs",
            "2",
            "--no-progress",
            *extra,
        ],
        ws.parent,
        timeout=300,
    )


RUN_CASES = [c for c in CASES if c.run]


@pytest.mark.slow
def test_run_with_every_hostile_file_beside_a_good_partner(tmp_path):
    # one run over all the hostile files at once (one kernel run, not one per case): each fails or
    # runs on its own, the good partner gets its report, nothing is written outside the workspace
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "neighbour.txt").write_text("must stay alone")
    ws = _demo_workspace(root)
    raw = ws / "data" / "raw" / "2024"
    for c in RUN_CASES:
        c.build(raw / c.file)
    for leftover in raw.glob("*.tmp"):
        leftover.unlink()
    before_outside = _listing(tmp_path, ws)
    before_raw = {p.name: p.read_bytes() for p in raw.iterdir()}

    res = _run(ws)

    assert not res.timed_out
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-3000:]
    assert res.returncode == 1, res.stdout + res.stderr  # some files fail, the others run
    assert _listing(tmp_path, ws) == before_outside  # nothing created beside the workspace
    assert not Path("/tmp/paastolaskuri-evil").exists()
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before_raw  # inputs untouched
    ran = {c.slug for c in RUN_CASES if c.run_ok}
    assert ran == {"tmp-paastolaskuri-evil", "skripti"}  # the cases this test expects to run
    partners, processed = ws / "reports/2024/partners", ws / "data/processed/2024/partners"
    assert sorted(p.name for p in processed.iterdir()) == sorted({"demo-saha"} | ran)
    assert {p.stem for p in partners.iterdir()} == {"demo-saha"} | ran
    assert all((partners / f"{slug}.html").is_file() for slug in {"demo-saha"} | ran)
    assert {p.stem for p in (ws / "reports/2024/logs").iterdir()} <= {"demo-saha", "network"} | ran
    for c in RUN_CASES:
        if not c.run_ok:
            expected = [line.format(f=f"data/raw/2024/{c.file}") for line in c.lines]
            assert set(expected) <= set(res.lines), (c.name, res.stdout)
    for p in ws.rglob("*"):  # every output lies inside the workspace, under a slugged name
        assert p.resolve().is_relative_to(ws.resolve())
        assert "\x00" not in p.name and "\\" not in p.name


@pytest.mark.slow
def test_run_hostile_ids_create_nothing_outside_the_workspace(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    ws = _demo_workspace(root)
    raw = ws / "data" / "raw" / "2024"
    for i, partner_id in enumerate(HOSTILE_IDS):
        if "\x00" in partner_id:
            continue  # a NUL cannot be stored in a workbook (see the id_with_nul case)
        template(raw, f"hostile{i}.xlsx", organisation={"partner_id": partner_id})
    before = _listing(tmp_path, ws)
    res = _run(ws)
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-3000:]
    assert res.returncode == 1  # the unusable IDs fail, the others run
    assert _listing(tmp_path, ws) == before
    assert not Path("/tmp/paastolaskuri-evil").exists() and not Path("/etc/passwd.html").exists()
    assert not list(tmp_path.rglob("pwned*"))
    assert (ws / "reports/2024/partners/demo-saha.html").is_file()
    for report in (ws / "reports/2024/partners").glob("*.html"):
        parsed = _markup(report)
        assert not any("alert(1)" in s for s in parsed.scripts) and not parsed.handlers, report.name
    usable = {s for k, s in HOSTILE_IDS.items() if s and "\x00" not in k and len(k) <= 100}
    assert {p.name for p in (ws / "data/processed/2024/partners").iterdir()} == usable | {"demo-saha"}
    assert {p.stem for p in (ws / "reports/2024/partners").iterdir()} == usable | {"demo-saha"}
    for p in ws.rglob("*"):
        assert p.resolve().is_relative_to(ws.resolve())


# --- escaping: template text never becomes markup in the HTML reports -----------------------------------


class _Markup(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str, str]] = []
        self.images: list[dict] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name, value or ""))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def _markup(path: Path) -> _Markup:
    parser = _Markup()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.slow
def test_template_text_is_escaped_in_html_reports(tmp_path):
    ws = _demo_workspace(tmp_path)
    src = ws / "data/raw/2024/demo-saha.xlsx"
    wb = openpyxl.load_workbook(src)
    wb["Organisaatio"]["B4"] = f"Saha {SCRIPT} {IMG}"
    acts = wb["Toiminta"]
    acts["I7"] = f"huom {SCRIPT}"
    acts["F7"], acts["G7"] = 0.01, f"lähde {IMG} {SCRIPT}"
    acts["A8"] = f"{IMG}"
    wb.save(src)
    res = _run(ws)
    assert res.returncode == 0, res.stdout + res.stderr
    for report in (ws / "reports/2024/partners/demo-saha.html", ws / "reports/2024/network.html"):
        text = report.read_text(encoding="utf-8")
        parsed = _markup(report)
        assert not any("alert(1)" in s for s in parsed.scripts), report.name
        assert not any("alert(1)" in v for _, _, v in parsed.handlers), report.name
        assert not any(img.get("src") == "x" for img in parsed.images), report.name
        assert SCRIPT not in text and IMG not in text
    # the name did reach the partner's report, as text
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in (ws / "reports/2024/partners/demo-saha.html").read_text()
    )
