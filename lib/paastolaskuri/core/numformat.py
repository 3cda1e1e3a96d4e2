"""The one number formatter: every number a reader sees goes through Babel (fi: 1 234,5; en: 1,234.5).

A core module, so intake (messages), accounting-facing texts and reporting all format the same way.
Finnish groups thousands with a non-breaking space (U+00A0), so a number never breaks across lines.
Rounding is half up (2,5 → 3), as a reader rounds by hand, not Python's binary or half-even rounding.
"""

from __future__ import annotations

import functools
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_decimal, format_scientific

LOCALES = {"fi": "fi_FI", "en": "en"}
NBSP = "\u00a0"
MISSING = "–"  # shown for a missing number (None or NaN)
SIGNIFICANT = 6  # digits kept by format_plain: a factor or a typed quantity as written
LARGEST_PLAIN = Decimal("1e15")  # from here on numbers are written 1E300 (no digit groups)


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["fi"])


def is_missing(x) -> bool:
    """True for a number that is not there: None, NaN or something that is not a number."""
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


# a report formats the same figures and axis ticks many times (matplotlib formats each tick at every
# layout pass), and Babel takes ~0.1 ms a number; equal Decimals (1.0, 1.00) give the same text here
# because the pattern fixes the decimals
@functools.lru_cache(maxsize=8192)
def _babel(value: Decimal, lang: str, decimals: int) -> str:
    if value == 0:
        value = abs(value)  # never "-0,0"
    if abs(value) >= LARGEST_PLAIN:  # beyond Decimal's default precision: 1E300, not a crash
        return format_scientific(value, format="0.###E0", locale=_locale(lang))
    return format_decimal(value, format=_pattern(decimals), locale=_locale(lang))


def format_number(x, lang: str = "fi", decimals: int = 1) -> str:
    """`x` with exactly `decimals` decimals in the reader's language; "–" when missing."""
    if is_missing(x):
        return MISSING
    if math.isinf(float(x)):
        return "∞" if float(x) > 0 else "-∞"
    value = Decimal(repr(float(x)))
    if abs(value) >= LARGEST_PLAIN:
        return _babel(value, lang, decimals)
    q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return _babel(q, lang, decimals)


def format_plain(x, lang: str = "fi", significant: int = SIGNIFICANT) -> str:
    """`x` as written, without trailing zeros, to `significant` digits: 0,18; 1 200,5; 73,5; 0,0000128571."""
    if is_missing(x):
        return MISSING
    if math.isinf(float(x)):
        return "∞" if float(x) > 0 else "-∞"
    return format_token(f"{float(x):.{significant}g}", lang)


def format_token(token: str, lang: str = "fi") -> str:
    """A number written in engine notation ("1199.73", "1e-05", "3943") with the same digits, localised."""
    try:
        value = Decimal(token)
    except InvalidOperation:
        return token
    if not value.is_finite():
        return token
    exponent = value.normalize().as_tuple().exponent if value != 0 else 0
    decimals = max(0, -int(exponent)) if isinstance(exponent, int) else 0
    return _babel(value, lang, decimals)


# a number in engine notation, not part of a word such as CO2, R-404A, AR5 or HFC-134a
_ENGINE_NUMBER = re.compile(r"(?<![\w.,-])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])")


def _is_year(token: str) -> bool:
    return len(token) == 4 and token.isdigit() and 1900 <= int(token) <= 2100


def localise_numbers(text: str, lang: str = "fi", keep_years: bool = False) -> str:
    """Every free-standing number in an engine text rewritten by `format_token`.

    With `keep_years`, a four-digit integer 1900-2100 is a year (a price year, an exchange rate's
    year) and is left as written: a year is never grouped ("2024", not "2 024").
    """
    if not isinstance(text, str):
        return text

    def repl(match: re.Match) -> str:
        token = match.group(0)
        return token if keep_years and _is_year(token) else format_token(token, lang)

    return _ENGINE_NUMBER.sub(repl, text)


def significant(x: float, digits: int) -> float:
    """`x` rounded to `digits` significant digits (for a message that shows a ratio or a reference)."""
    return float(f"{float(x):.{digits}g}")
