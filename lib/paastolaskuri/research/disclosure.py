"""Disclosure control: quasi-identifiers generalised step by step until every combination holds k partners.

Quasi-identifiers (what an outsider may know of a partner): TOL section, FTE, floor-area and revenue
bands, base year, and the pattern of years the partner appears in (the panel itself shows it). Each
partner has one set of released values for the whole export (taken from its last exported year), so
linking its rows across years narrows nothing. Partners in a combination held by fewer than k
partners climb a ladder of generalisations (period, merged band, wide sector group, "all"); those
still alone at the top are suppressed and counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

UNKNOWN = "unknown"
ALL = "all"
QI_COLUMNS = ("sector_group", "fte_band", "floor_area_band", "revenue_band", "base_year_group")

# (upper bound, fine label, coarse label): the bands of each size attribute
FTE_BANDS = (
    (10, "0-9", "0-49"),
    (50, "10-49", "0-49"),
    (250, "50-249", "50+"),
    (float("inf"), "250+", "50+"),
)
AREA_BANDS = (
    (1000, "0-999", "0-4999"),
    (5000, "1000-4999", "0-4999"),
    (20000, "5000-19999", "5000+"),
    (float("inf"), "20000+", "5000+"),
)
REVENUE_BANDS = (
    (2e6, "0-2M", "0-10M"),
    (10e6, "2M-10M", "0-10M"),
    (50e6, "10M-50M", "10M+"),
    (float("inf"), "50M+", "10M+"),
)
SECTOR_GROUPS = {"A-F": "ABCDEF", "G-I": "GHI", "J-N": "JKLMN", "O-Q": "OPQ", "R-U": "RSTU"}

# the order in which attributes are generalised: (attribute, level); level 2 is always "all"
LADDER = (
    ("base_year", 1),
    ("revenue", 1),
    ("floor_area", 1),
    ("fte", 1),
    ("base_year", 2),
    ("revenue", 2),
    ("floor_area", 2),
    ("sector", 1),
    ("fte", 2),
    ("sector", 2),
)
ATTRIBUTES = {
    "sector": "sector_group",
    "fte": "fte_band",
    "floor_area": "floor_area_band",
    "revenue": "revenue_band",
    "base_year": "base_year_group",
}


def band(value, bands, level: int) -> str:
    """The band label of a size at a level (0 fine, 1 merged, 2 'all'); 'unknown' for a missing value."""
    if level >= 2:
        return ALL
    if value is None or pd.isna(value):
        return UNKNOWN
    for upper, fine, coarse in bands:
        if float(value) < upper:
            return fine if level == 0 else coarse
    return ALL  # unreachable: the last band is unbounded


def sector_group(section: str | None, level: int) -> str:
    """A TOL section letter (level 0), its wide group such as 'A-F' (level 1), or 'all' (level 2)."""
    if level >= 2:
        return ALL
    if not section or not isinstance(section, str):
        return UNKNOWN
    if level == 0:
        return section
    for group, letters in SECTOR_GROUPS.items():
        if section in letters:
            return group
    return UNKNOWN


def base_year_group(year, level: int) -> str:
    """The base year (level 0), its five-year period such as '2015-2019' (level 1), or 'all' (level 2)."""
    if level >= 2:
        return ALL
    if year is None or pd.isna(year):
        return UNKNOWN
    y = int(year)
    if level == 0:
        return str(y)
    start = y - (y % 5)
    return f"{start}-{start + 4}"


def released_values(row, levels: dict[str, int]) -> tuple[str, ...]:
    """The released quasi-identifiers of one partner at the given generalisation levels."""
    return (
        sector_group(row["section"], levels["sector"]),
        band(row["employees_fte"], FTE_BANDS, levels["fte"]),
        band(row["floor_area_m2"], AREA_BANDS, levels["floor_area"]),
        band(row["revenue_eur"], REVENUE_BANDS, levels["revenue"]),
        base_year_group(row["base_year"], levels["base_year"]),
    )


def levels_at(step: int) -> dict[str, int]:
    """The generalisation level of each attribute after `step` rungs of the ladder."""
    levels = dict.fromkeys(ATTRIBUTES, 0)
    for attribute, level in LADDER[:step]:
        levels[attribute] = max(levels[attribute], level)
    return levels


@dataclass
class Generalised:
    """The released quasi-identifiers per pseudonym, who was suppressed, and how far each partner climbed."""

    released: pd.DataFrame  # index pseudonym; columns QI_COLUMNS
    suppressed: list[str] = field(default_factory=list)
    steps: dict[str, int] = field(default_factory=dict)  # pseudonym -> ladder rungs climbed


def generalise(partners: pd.DataFrame, k: int) -> Generalised:
    """K-anonymise one row per partner (index pseudonym; section, sizes, base_year, presence).

    `presence` is the tuple of years the partner appears in: part of every combination, never
    generalised. A partner whose combination holds fewer than k partners climbs one rung; a
    partner still short of k at the top is suppressed.
    """
    step = dict.fromkeys(partners.index, 0)
    suppressed: set[str] = set()
    rows = partners.to_dict(orient="index")
    while True:
        keys = {
            p: (*released_values(rows[p], levels_at(step[p])), rows[p]["presence"])
            for p in rows
            if p not in suppressed
        }
        sizes = pd.Series(list(keys.values()), dtype=object).value_counts()
        small = [p for p, key in keys.items() if sizes[key] < k]
        if not small:
            break
        for p in small:
            if step[p] >= len(LADDER):
                suppressed.add(p)
            else:
                step[p] += 1
    kept = [p for p in partners.index if p not in suppressed]
    released = pd.DataFrame(
        [released_values(rows[p], levels_at(step[p])) for p in kept],
        index=pd.Index(kept, name="pseudonym"),
        columns=list(QI_COLUMNS),
    )
    return Generalised(released, sorted(suppressed), {p: step[p] for p in kept})


def smallest_group(partner_years: pd.DataFrame) -> int:
    """The fewest partners sharing one combination of released quasi-identifiers in any year (0 if empty)."""
    if partner_years.empty:
        return 0
    return int(partner_years.groupby(["year", *QI_COLUMNS]).size().min())
