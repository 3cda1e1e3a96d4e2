"""Bands for the microdata figures that must not be precise: intensities, line counts, biogenic CO2, quantities.

A figure is put in a band of a 1-2-5 series (…, 10-20, 20-50, 50-100, …; zero is its own band
'0'). Within one call (the caller passes one year's values), a band held by fewer than k values
is merged with its smaller neighbour until every band holds at least k, so no band value is a
unique identifier: the only partner with biogenic CO2 shares the band '0-200' with k - 1 partners
without any.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pandas as pd

STEPS = (1, 2, 5)
LOWEST_EXPONENT, HIGHEST_EXPONENT = -3, 10  # edges from 0.001 to 5e10


def _edges() -> list[float]:
    return [m * 10.0**e for e in range(LOWEST_EXPONENT, HIGHEST_EXPONENT + 1) for m in STEPS]


EDGES = _edges()


@dataclass
class _Interval:
    low: float
    high: float
    count: int


def _interval(x: float) -> tuple[float, float]:
    """The 1-2-5 band holding x >= 0 ((0, 0) for zero; the lowest and highest bands are open-ended)."""
    if x == 0:
        return 0.0, 0.0
    for low, high in itertools.pairwise(EDGES):
        if x < high:
            return (0.0 if low == EDGES[0] and x < low else low), high
    return EDGES[-2], EDGES[-1]


def _text(x: float) -> str:
    return format(x, "f").rstrip("0").rstrip(".") if not float(x).is_integer() else str(int(x))


def label(low: float, high: float) -> str:
    """The band's label: '0' for zero, else 'low-high'."""
    return "0" if high == 0 else f"{_text(low)}-{_text(high)}"


def coarse_bands(values: pd.Series, k: int) -> pd.Series:
    """Each value's band label, bands merged until each holds at least `k` values (NaN stays missing).

    Negative values are banded by their size (emissions here are never negative; a credit would be).
    """
    x = pd.to_numeric(values, errors="coerce").abs()
    present = x.dropna()
    if present.empty:
        return pd.Series(None, index=values.index, dtype=object)
    bins = present.map(_interval)
    intervals = [_Interval(lo, hi, int(n)) for (lo, hi), n in sorted(bins.value_counts().items())]
    while len(intervals) > 1 and min(i.count for i in intervals) < k:
        i = min(range(len(intervals)), key=lambda j: (intervals[j].count, j))
        neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(intervals)]
        j = min(neighbours, key=lambda j: intervals[j].count)
        a, b = sorted((i, j))
        intervals[a : b + 1] = [
            _Interval(intervals[a].low, intervals[b].high, intervals[a].count + intervals[b].count)
        ]
    out = pd.Series(None, index=values.index, dtype=object)
    for idx, (lo, hi) in bins.items():
        home = next(i for i in intervals if i.low <= lo and hi <= i.high)
        out[idx] = label(home.low, home.high)
    return out


def banded_by(frame: pd.DataFrame, column: str, by: list[str], k: int) -> pd.Series:
    """`coarse_bands` of `column` within each group of `by` (e.g. per year)."""
    out = pd.Series(None, index=frame.index, dtype=object)
    for _, part in frame.groupby(by, sort=False):
        out.loc[part.index] = coarse_bands(part[column], k)
    return out
