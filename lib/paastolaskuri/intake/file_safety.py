"""Checks on a workbook's container before any spreadsheet library parses it.

openpyxl parses XML with defusedxml when it is installed (it is a pinned dependency), and the checks
here refuse what a parser should never see: wrong formats, zip bombs, path tricks, entity declarations,
sheets too large to read quickly. Every XML part is streamed once, in chunks, so a check costs little
memory whatever the file holds. The same pass notes, per worksheet, what openpyxl's read-only mode does
not show: merged ranges, hidden rows, formulas.

Every limit below is a module constant; docs/security.md quotes them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml.ElementTree import fromstring

MAX_FILE_BYTES = 20 * 1024 * 1024  # a real template is well under 1 MB
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all parts together, decompressed
MAX_PART_RATIO = 200  # decompressed/compressed of one large part
MAX_ENTRIES = 2000
MAX_SHEET_ROWS = 100_000  # <row> elements in one worksheet (Excel allows 1,048,576)
MAX_SHEET_CELLS = 1_000_000  # <c> elements in one worksheet
MAX_SHARED_STRINGS = 1_000_000  # <si> elements in sharedStrings.xml
MAX_XML_TEXT_BYTES = 1024 * 1024  # one text run between two tags (Excel's cell limit is 32,767 characters)
MAX_NOTED = 1000  # merged ranges / hidden rows remembered per sheet
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted (password-protected) .xlsx
ENCRYPTED_MARK = "EncryptedPackage".encode(
    "utf-16-le"
)  # the stream an encrypted OOXML file keeps in its OLE container
_SCAN_BYTES = 4096
_CHUNK = 1 << 20

_UNSAFE_XML = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([^\"]{1,40})\"")
_SI_TAG = re.compile(rb"<(?:\w+:)?si[\s>/]")
_ROW_NUMBER = re.compile(rb"\br=\"(\d{1,7})\"")
_HIDDEN = re.compile(rb"\bhidden=\"(?:1|true)\"")
_LONG_TEXT = re.compile(rb"<[^<]{%d}" % MAX_XML_TEXT_BYTES)  # from a '<' only: linear, even for runs of '>'
_MAX_WORKBOOK_XML = 5 * 1024 * 1024
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class SheetScan:
    """What the container pass saw in one worksheet part."""

    part: str
    rows: int = 0
    cells: int = 0
    has_formulas: bool = False
    merged: list[str] = field(default_factory=list)  # "B7:B8", in file order
    hidden_rows: set[int] = field(default_factory=set)


@dataclass
class ContainerReport:
    """What the scan of a workbook's zip found: refusals (fatal), warnings, formulas, and each sheet's scan."""

    fatal: list[tuple[str, dict, str]] = field(default_factory=list)  # (message code, params, sheet or "")
    warnings: list[tuple[str, dict, str]] = field(default_factory=list)
    has_formulas: bool = False
    sheets: dict[str, SheetScan] = field(default_factory=dict)  # sheet name -> scan of its part


class _Refused(Exception):
    def __init__(self, code: str, params: dict, sheet: str = ""):
        super().__init__(code)
        self.finding = (code, params, sheet)


def inspect_container(path: Path) -> ContainerReport:
    """Refuse what must not be parsed; note what the reader must know. Never raises on bad content."""
    report = ContainerReport()
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        report.fatal.append(("file_too_big", {"size": _mb(size), "limit": _mb(MAX_FILE_BYTES)}, ""))
        return report
    with path.open("rb") as fh:
        head = fh.read(8)
        if head.startswith(OLE_MAGIC):
            fh.seek(0)
            encrypted = ENCRYPTED_MARK in fh.read(MAX_FILE_BYTES)
            report.fatal.append(("encrypted" if encrypted else "old_xls", {}, ""))
            return report
    if not head.startswith(b"PK"):
        report.fatal.append(("not_xlsx", {}, ""))
        return report
    try:
        with zipfile.ZipFile(path) as zf:
            _inspect_zip(zf, report)
    except _Refused as refused:
        report.fatal.append(refused.finding)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        KeyError,
    ) as exc:
        report.fatal.append(("corrupt_xlsx", {"detail": type(exc).__name__}, ""))
    return report


def _inspect_zip(zf: zipfile.ZipFile, report: ContainerReport) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _Refused("zip_too_many_entries", {"count": len(infos), "limit": MAX_ENTRIES})
    total = 0
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if (
            name.startswith(("/", "\\"))
            or ".." in re.split(r"[\\/]", name)
            or ":" in name
            or "\x00" in name
            or name.casefold() in seen
        ):
            raise _Refused("zip_unsafe", {"name": _printable(name[:80])})
        seen.add(name.casefold())
        total += info.file_size
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1):
            raise _Refused("zip_bomb", {"size": _mb(info.file_size), "limit": _mb(MAX_UNCOMPRESSED_BYTES)})
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _Refused("zip_bomb", {"size": _mb(total), "limit": _mb(MAX_UNCOMPRESSED_BYTES)})
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
        raise _Refused("not_xlsx", {})
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        report.warnings.append(("macros_ignored", {}, ""))
    if any(n.startswith("xl/externalLinks/") for n in names):
        report.warnings.append(("external_links", {}, ""))
    # every XML part: no DTD, no entity, whole-file scan (not just the first bytes)
    worksheet_parts = {
        i.filename for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
    }
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")) and info.filename not in worksheet_parts:
            _scan_part(zf, info, None, report)
    names_by_part = sheet_parts(zf)
    for info in infos:
        if info.filename in worksheet_parts:
            sheet = names_by_part.get(info.filename, "")
            scan = SheetScan(info.filename)
            _scan_part(zf, info, scan, report, sheet)
            if sheet:
                report.sheets[sheet] = scan
            report.has_formulas = report.has_formulas or scan.has_formulas


def _scan_part(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    scan: SheetScan | None,
    report: ContainerReport,
    sheet: str = "",
) -> None:
    """Stream one XML part. Each piece handed to the regexes ends just before a '<', so no tag is ever cut."""
    name = info.filename
    shared_strings = name.endswith("sharedStrings.xml")
    strings = 0
    carry = b""
    with zf.open(info) as part:
        first = True
        while True:
            chunk = part.read(_CHUNK)
            if first:
                first = False
                if chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:4]:
                    # Excel writes UTF-8 only; a UTF-16/32 part would hide a DTD from this byte scan
                    raise _Refused("xml_unsafe", {"detail": f"{_printable(name[:60])}: UTF-16"})
            buf = carry + chunk
            if chunk:
                cut = buf.rfind(b"<")
                if cut <= 0:
                    cut = len(buf) if len(buf) > MAX_XML_TEXT_BYTES + 2 else 0
                piece, carry = buf[:cut], buf[cut:]
            else:
                piece, carry = buf, b""
            if piece:
                if _UNSAFE_XML.search(piece):
                    raise _Refused("xml_unsafe", {"detail": f"{_printable(name[:60])}: <!DOCTYPE>"})
                if (scan is not None or shared_strings) and _too_long(piece, carry):
                    raise _Refused("xml_text_too_long", {"limit": MAX_XML_TEXT_BYTES}, sheet)
                if scan is not None:
                    _note_sheet(piece, scan, sheet)
                elif shared_strings:
                    strings += len(_SI_TAG.findall(piece))
                    if strings > MAX_SHARED_STRINGS:
                        raise _Refused("too_many_cells", {"limit": MAX_SHARED_STRINGS}, "")
            if not chunk:
                break


def _too_long(piece: bytes, carry: bytes) -> bool:
    """A text run over MAX_XML_TEXT_BYTES: in the piece, still open in the carry, or a piece without any tag."""
    limit = MAX_XML_TEXT_BYTES + 2
    return bool(_LONG_TEXT.search(piece)) or len(carry) > limit or (len(piece) > limit and b"<" not in piece)


def _note_sheet(piece: bytes, scan: SheetScan, sheet: str) -> None:
    rows = _ROW_TAG.findall(piece)
    scan.rows += len(rows)
    if scan.rows > MAX_SHEET_ROWS:
        raise _Refused("too_many_rows", {"limit": MAX_SHEET_ROWS}, sheet)
    scan.cells += len(_CELL_TAG.findall(piece))
    if scan.cells > MAX_SHEET_CELLS:
        raise _Refused("too_many_cells", {"limit": MAX_SHEET_CELLS}, sheet)
    if not scan.has_formulas and _FORMULA_TAG.search(piece):
        scan.has_formulas = True
    if b"hidden" in piece and len(scan.hidden_rows) < MAX_NOTED:
        for attrs in rows:
            if _HIDDEN.search(attrs):
                number = _ROW_NUMBER.search(attrs)
                if number and len(scan.hidden_rows) < MAX_NOTED:
                    scan.hidden_rows.add(int(number.group(1)))
    if b"mergeCell" in piece:
        for ref in _MERGE_TAG.findall(piece):
            if len(scan.merged) < MAX_NOTED:
                scan.merged.append(ref.decode("ascii", "replace"))


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet name, from xl/workbook.xml and its relationships (already scanned: no DTD)."""
    try:
        sizes = (zf.getinfo(n).file_size for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"))
        if max(sizes) > _MAX_WORKBOOK_XML:
            return {}
        workbook = fromstring(zf.read("xl/workbook.xml"))
        rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except Exception:
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target") or ""
        part = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
        targets[rel.get("Id")] = part
    parts = {}
    for el in workbook.iter():
        if el.tag.rsplit("}", 1)[-1] == "sheet":
            rid = el.get(f"{{{_REL_NS}}}id")
            if rid in targets and el.get("name"):
                parts[targets[rid]] = el.get("name")
    return parts


def _printable(text: str) -> str:
    return "".join(
        ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
        for ch in text
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"
