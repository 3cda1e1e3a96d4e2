"""Reading one cell: numbers written as numbers or as text, drop-down choices, bilingual labels, safe text.

Pure functions of a cell's value, shared by the template, CSV and commitments readers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from paastolaskuri.core.outputs import is_formula_text
from paastolaskuri.core.workspace import partner_slug

MAX_TEXT = {  # the longest text kept in each text field (characters)
    "site": 200,
    "note": 2000,
    "own_factor_source": 500,
    "name": 300,
    "partner_id": 100,
    "contact": 300,
    "sector": 200,
}

_NUMBER_TEXT = re.compile(r"^[+-]?(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+)([.,]\d+)?$")
_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # controls, bidi/zero-width marks, surrogates, line separators
_NOT_FINITE = ("nan", "inf", "-inf", "+inf", "infinity", "-infinity")


def fold(value) -> str:
    """`value` as text with runs of white space made single and case folded, for comparing labels."""
    return " ".join(str(value).split()).casefold()


def is_blank(value) -> bool:
    """True when a cell is empty: None or text of white space only."""
    return value is None or (isinstance(value, str) and not value.strip())


def label_matches(cell_value, names: tuple[str, ...]) -> bool:
    """True when a cell holds one of `names`, either half of a "fi / en" label, ignoring case and spacing."""
    if cell_value is None:
        return False
    text = fold(cell_value)
    wanted = {fold(n) for n in names}
    if text in wanted:
        return True
    # bilingual labels are "fi / en"; a label itself may hold a "/" (kg CO2e/unit)
    return any(part.strip() in wanted for sep in (" / ", "/") for part in text.split(sep))


def parse_number(value) -> tuple[float | None, str | None]:
    """(number, problem code or None). Codes: missing, bool, date, text, text_read (a warning), not_finite."""
    if is_blank(value):
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
    if fold(text) in _NOT_FINITE:
        return None, "not_finite"
    if _NUMBER_TEXT.match(text):
        cleaned = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
        try:
            return float(cleaned), "text_read"
        except ValueError:
            pass
    return None, "text"


def visible(text: str) -> str:
    r"""Text safe to print on a terminal: control and bidi characters shown as escapes (\x1b, \u202e)."""
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


def short(value, limit: int = 60) -> str:
    """A cell's value for a message: printable, cut to `limit` characters with "…"."""
    text = visible(str(value)[: limit * 2])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def choice(raw, options: dict[str, tuple[str, str]]) -> str:
    """The key of a drop-down choice given as its key, Finnish or English word, or the "fi / en" label; "" if none."""
    folded = fold(raw)
    for key, (fi, en) in options.items():
        if folded in (key, fi, en, fold(f"{fi} / {en}")):
            return key
    return ""


def partner_id_usable(text: str) -> bool:
    """A partner ID is kept as written when it has a non-empty file-name slug and no control or bidi characters.

    File names never use the ID itself: workspace.partner_slug turns it into one (`../x` → `x`). An ID
    a spreadsheet would run as a formula (`=x`, `@x`: `outputs.is_formula_text`) is refused too, so the
    CSVs never neutralise an ID and it joins the same across CSV, JSON and templates.
    """
    return (
        bool(partner_slug(text))
        and not any(unicodedata.category(ch) in _UNPRINTABLE for ch in text)
        and not is_formula_text(text)
    )


def column_letter(col: int) -> str:
    """The spreadsheet letter of a 1-based column number (1 → A, 28 → AB)."""
    from openpyxl.utils import get_column_letter  # imported here: `paastolaskuri --help` stays fast

    return get_column_letter(col)
