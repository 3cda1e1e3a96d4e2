"""Writing outputs so that a crash never leaves a half-written file at a final path."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)


@contextlib.contextmanager
def atomic_path(final: Path):
    """Yield a temporary path beside `final`; on success it replaces `final` in one rename."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=f".tmp{final.suffix}", dir=final.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs get the permissions of any new file
    try:
        yield Path(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(final: Path, text: str) -> Path:
    """Write `text` (UTF-8) to `final` atomically: readers see the old file or the whole new one."""
    with atomic_path(final) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(final)


def write_bytes(final: Path, data: bytes) -> Path:
    """Write `data` to `final` atomically."""
    with atomic_path(final) as tmp:
        tmp.write_bytes(data)
    return Path(final)


def write_json(final: Path, data) -> Path:
    """Write `data` as indented UTF-8 JSON to `final` atomically (values JSON lacks written as text)."""
    return write_text(
        final, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str) + "\n"
    )


def write_csv(final: Path, frame) -> Path:
    """Write a DataFrame as CSV (no index, LF line ends) to `final` atomically."""
    with atomic_path(final) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n")
    return Path(final)


def reproducible_xlsx(data: bytes) -> bytes:
    """An .xlsx with fixed zip entry times and modification stamp: the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                for tag in (rb"dcterms:modified", rb"dcterms:created"):
                    part = re.sub(
                        rb"<" + tag + rb"([^>]*)>[^<]*</" + tag + rb">",
                        rb"<" + tag + rb"\1>2020-01-01T00:00:00Z</" + tag + rb">",
                        part,
                    )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, part)
    return out.getvalue()


@contextlib.contextmanager
def reproducible_excel(final: Path):
    """Yield a BytesIO for pandas.ExcelWriter; on exit write it, made reproducible, atomically to `final`."""
    buf = io.BytesIO()
    yield buf
    write_bytes(final, reproducible_xlsx(buf.getvalue()))
