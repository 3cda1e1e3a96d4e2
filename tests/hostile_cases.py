"""Hostile and broken input files, every one generated in code (no binary file is committed), and the
runner that measures one command's exit code, output and peak memory.

`tests/unit/intake/test_hostile_inputs.py` checks each case with `paastolaskuri check`;
`tests/integration/test_hostile_run.py` runs the yearly run (real kernels) over them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest

from helpers import VENV_BIN, build_template, set_cells
from paastolaskuri.intake.file_safety import (
    MAX_ENTRIES,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    MAX_XML_TEXT_BYTES,
    OLE_MAGIC,
    sheet_parts,
)

PAASTOLASKURI = str(VENV_BIN / "paastolaskuri")
TIMEOUT = 10  # seconds: a safety net, not a performance assertion
BOMB_MEMORY_MB = 500
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
