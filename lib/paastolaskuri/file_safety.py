"""Checks on a workbook's container before any spreadsheet library parses it.

openpyxl parses XML with defusedxml when it is installed (it is a pinned dependency), and the checks
here refuse what a parser should never see: wrong formats, zip bombs, path tricks, entity declarations.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024          # a real template is well under 1 MB
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all parts together, decompressed
MAX_PART_RATIO = 200                        # decompressed/compressed of one large part
MAX_ENTRIES = 2000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted (password-protected) .xlsx
_SCAN_BYTES = 4096


@dataclass
class ContainerReport:
    fatal: list[tuple[str, dict]] = field(default_factory=list)  # (message code, params)
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    has_formulas: bool = False


def inspect_container(path: Path) -> ContainerReport:
    report = ContainerReport()
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        report.fatal.append(("file_too_big", {"size": _mb(size), "limit": _mb(MAX_FILE_BYTES)}))
        return report
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE_MAGIC):
        report.fatal.append(("old_xls", {}))
        return report
    if not head.startswith(b"PK"):
        report.fatal.append(("not_xlsx", {}))
        return report
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                report.fatal.append(("zip_bomb", {"size": "?", "limit": _mb(MAX_UNCOMPRESSED_BYTES)}))
                return report
            total = 0
            for info in infos:
                name = info.filename
                if name.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", name) or ":" in name or "\x00" in name:
                    report.fatal.append(("zip_unsafe", {"name": name[:80]}))
                    return report
                total += info.file_size
                if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1):
                    report.fatal.append(("zip_bomb", {"size": _mb(info.file_size), "limit": _mb(MAX_UNCOMPRESSED_BYTES)}))
                    return report
            if total > MAX_UNCOMPRESSED_BYTES:
                report.fatal.append(("zip_bomb", {"size": _mb(total), "limit": _mb(MAX_UNCOMPRESSED_BYTES)}))
                return report
            names = {i.filename for i in infos}
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
                report.fatal.append(("not_xlsx", {}))
                return report
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                report.warnings.append(("macros_ignored", {}))
            if any(n.startswith("xl/externalLinks/") for n in names):
                report.warnings.append(("external_links", {}))
            for info in infos:
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(info) as part:
                    start = part.read(_SCAN_BYTES)
                    if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                        report.fatal.append(("xml_unsafe", {"detail": f"DOCTYPE/ENTITY in {info.filename[:60]}"}))
                        return report
                    if info.filename.startswith("xl/worksheets/") and not report.has_formulas:
                        chunk = start
                        while True:
                            if b"<f>" in chunk or b"<f " in chunk or b"<f/>" in chunk:
                                report.has_formulas = True
                                break
                            more = part.read(1 << 20)
                            if not more:
                                break
                            chunk = chunk[-4:] + more
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        report.fatal.append(("corrupt_xlsx", {"detail": type(exc).__name__}))
    return report


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"
