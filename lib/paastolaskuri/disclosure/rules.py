"""The disclosure rules, stated once: who may be behind a published figure, and how precise it is.

As official statistics apply them to business data (Hundepool et al., *Statistical Disclosure
Control*, Wiley 2012, ch. 4 "Magnitude tabular data"; Eurostat/ESSnet *Handbook on Statistical
Disclosure Control* 2010, §4.2):

- **threshold**: a published cell has at least `MIN_CONTRIBUTORS` contributors (partners with a
  non-zero amount), counted for that cell and that year;
- **dominance, the p %-rule** (`P_PERCENT`): a cell is sensitive when the contributions other than
  the two largest add up to less than p % of the largest. The second largest contributor knows its
  own amount; subtracting it from the cell leaves the largest plus the rest, so the rest must be at
  least p % of the largest for the largest to stay hidden within ±p %;
- **rounding**: a published magnitude has `SIGNIFICANT_DIGITS` significant digits;
- **order statistics**: a quantile of fewer than `MIN_FOR_ORDER_STATISTICS` values is, or lies
  between, individual values, so none is published for smaller groups;
- **no count of 1**: a count of partners is shown only when it is 0 or at least `MIN_CONTRIBUTORS`.

Each constant is used through the functions below, never copied; tests lower each by one and
expect an attack to succeed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

MIN_CONTRIBUTORS = 3  # fewest partners behind any published cell, per cell and year
P_PERCENT = 10.0  # the p of the p %-rule: no contributor estimates another within ±p %
SIGNIFICANT_DIGITS = 3  # precision of every published magnitude
MIN_FOR_ORDER_STATISTICS = 10  # fewest values behind a published median or quartile


def _amounts(values: Iterable) -> list[float]:
    """The non-zero, finite amounts among `values`, as absolute values (NaN and None left out)."""
    out = []
    for v in values:
        if v is None:
            continue
        x = float(v)
        if math.isfinite(x) and x != 0.0:
            out.append(abs(x))
    return out


def contributors(values: Iterable) -> int:
    """The number of non-zero contributions (one value per partner)."""
    return len(_amounts(values))


def passes_threshold(n: int) -> bool:
    """True when `n` contributors are enough to publish a cell or to form a comparison group."""
    return int(n) >= MIN_CONTRIBUTORS


def dominance_sensitive(values: Iterable, p: float = P_PERCENT) -> bool:
    """True when the p %-rule calls the cell sensitive (one value per partner; signs ignored).

    A cell of x1 >= x2 >= ... is sensitive when x3 + x4 + ... < p/100 * x1. With two contributors
    or fewer the rest is empty, so any cell with a non-zero amount is sensitive.
    """
    amounts = sorted(_amounts(values), reverse=True)
    if not amounts:
        return False
    rest = sum(amounts[2:])
    return rest < p / 100.0 * amounts[0]


def publishable(values: Iterable) -> bool:
    """True when a cell with these contributions (one per partner) passes threshold and dominance.

    A cell where every contribution is zero is publishable as zero only with enough partners.
    """
    values = list(values)
    n = contributors(values)
    if n == 0:
        return passes_threshold(len(values))
    return passes_threshold(n) and not dominance_sensitive(values)


def _signed_amounts(values: Iterable) -> list[float]:
    """The non-zero, finite amounts among `values`, with their signs."""
    out = []
    for v in values:
        if v is not None and math.isfinite(float(v)) and float(v) != 0.0:
            out.append(float(v))
    return out


def insider_sensitive(values: Iterable, p: float = P_PERCENT) -> bool:
    """True when one contributor, subtracting its own amount from the cell, gets another's within ±p %.

    For signed contributions (a change and its effects): the p %-rule on absolute values assumes
    the rest adds up, but signed amounts can cancel, so that the cell minus one contributor's amount
    is another's. Each contributor j and insider i != j: sensitive when |cell - x_i - x_j| < p % of
    |x_j|. With positive amounts this never holds where the p %-rule passes.
    """
    amounts = _signed_amounts(values)
    cell = sum(amounts)
    for j, xj in enumerate(amounts):
        for i, xi in enumerate(amounts):
            if i != j and abs(cell - xi - xj) < p / 100.0 * abs(xj):
                return True
    return False


def publishable_signed(values: Iterable) -> bool:
    """publishable() for a cell of signed contributions (one per partner): also not insider_sensitive."""
    values = list(values)
    return publishable(values) and not insider_sensitive(values)


def round_published(x: float | None, digits: int = SIGNIFICANT_DIGITS) -> float | None:
    """`x` rounded to `digits` significant digits (None and NaN stay as they are)."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x) or x == 0.0:
        return x
    magnitude = math.floor(math.log10(abs(x)))
    return round(x, digits - 1 - magnitude)


def published_decimals(x: float | None, digits: int = SIGNIFICANT_DIGITS) -> int:
    """The decimals that show a published (rounded) `x` with exactly its significant digits, no more.

    1 980 -> 0 decimals, 15.7 -> 1, 0.523 -> 3: a published figure is printed as precise as it is,
    never with a trailing decimal that looks more precise than the rounding.
    """
    if x is None or not math.isfinite(float(x)) or float(x) == 0.0:
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(float(x)))))


def order_statistics_allowed(n: int) -> bool:
    """True when a median or quartile of `n` values may be published."""
    return int(n) >= MIN_FOR_ORDER_STATISTICS


def count_shown(n: int) -> bool:
    """True when a count of `n` partners may be shown (0, or at least the threshold)."""
    return int(n) == 0 or passes_threshold(n)
