"""Writing outputs so that a crash never leaves a half-written file at a final path.

Every CSV and spreadsheet cell we write passes `neutralise_formula`: text that a spreadsheet would
run as a formula (partner text beginning with =, +, -, @, tab or carriage return) gets a leading
apostrophe, as OWASP's "CSV Injection" page advises, so Excel and LibreOffice show it as text.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)

# what a spreadsheet reads as the start of a formula (OWASP "CSV Injection"): =, +, -, @, tab, CR
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"
# a number written as text ("-12,5", "+1 234.5 %", "-∞", a lone "-"): digits, separators and spaces
# only, so no function, reference or DDE command can hide in it; it stays as written
_NUMBER_TEXT = re.compile(
    r"[+-]?(?:[0-9 .,\u00a0\u202f]*[0-9][0-9 .,\u00a0\u202f]*(?:[eE][+-]?[0-9]+)? ?%?|∞)?"
)


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


def is_formula_text(value) -> bool:
    """True for text a spreadsheet would run as a formula: it begins with a trigger and is not a number."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and _NUMBER_TEXT.fullmatch(value) is None
    )


def neutralise_formula(value):
    """`value` safe for a CSV field or spreadsheet cell: formula-like text gets a leading apostrophe.

    Only text changes; numbers (a negative number too), None and dates are returned as they are.
    Text that already begins with the apostrophe is not a trigger, so neutralising twice changes nothing.
    """
    return FORMULA_ESCAPE + value if is_formula_text(value) else value


def csv_field(value):
    r"""`value` as a CSV field: `neutralise_formula`, then every line end in a text as LF.

    Python's csv module (and pandas) quote a field holding the line terminator LF but not one holding a
    lone CR, which a spreadsheet then takes for a new row: "Saha\r=1+1" would put =1+1 at the start of
    a row of its own. As LF the field is quoted and stays one cell.
    """
    value = neutralise_formula(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def neutralise_frame(frame):
    """A copy of DataFrame `frame` with every text cell and column name passed through `neutralise_formula`."""
    return _map_text(frame, neutralise_formula)


def _map_text(frame, func):
    """A copy of `frame` with `func` applied to its column names and to every cell of its text columns."""
    import pandas as pd  # here, not at the top: the CLI imports this module and starts without pandas

    out = frame.rename(columns=func)
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if isinstance(column.dtype, pd.CategoricalDtype):  # renamed categories could collide: as text
            out.isetitem(i, column.astype(object).map(func))
        elif pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            out.isetitem(i, column.map(func))
    return out


def csv_text(frame) -> str:
    """A DataFrame as CSV text (no index, LF line ends), every text cell a `csv_field`.

    The one way the package turns a table into CSV: files (`write_csv`) and `--format csv` output alike.
    """
    return _map_text(frame, csv_field).to_csv(index=False, lineterminator="\n")


def records_csv_text(fieldnames: list[str], records) -> str:
    """CSV text (LF line ends) of `records` (dicts by field name), every value a `csv_field`.

    For the writers that must not import pandas (a cheap command's start-up path).
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_field(v) for k, v in r.items()} for r in records)
    return out.getvalue()


def write_csv(final: Path, frame) -> Path:
    """Write a DataFrame as CSV (`csv_text`: no index, LF line ends, formulas neutralised) to `final` atomically."""
    return write_text(final, csv_text(frame))


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
