"""Peer comparison in partner reports: what one partner may learn of the other partners' intensities.

Every partner's report reads the year's ``network_stats.json``, so whatever it holds is seen by every
partner (and by anyone a partner passes its report to). The rule, from `rules`:

- **the group** (`peer_group`): the partner's TOL section when at least `rules.MIN_CONTRIBUTORS`
  partners there give the intensity, else the whole network when it has that many, else no
  comparison;
- **network_stats.json** (`network_stats`) holds each group's size and, only for a group of at
  least `rules.MIN_FOR_ORDER_STATISTICS` values, its quartiles rounded to `QUARTILE_DIGITS`
  significant digits. In a smaller group a quartile is, or interpolates between, individual
  partners' values (of 5 values, q1, median and q3 are the 2nd, 3rd and 4th exactly; of 3, all
  three can be solved for), so none is written. No mean either: the section's mean and the
  network's mean, times their sizes, differ by the sum of the partners outside the section, which
  is one partner's value when one partner is outside;
- **the partner's own position** (`peer_positions`): in which third of its group (by rank) its
  value lies, computed here on the coordinator's side from everyone's values and written only into
  that partner's own processed folder (`PEER_POSITION_JSON`). A rank says who is above whom, never
  by how much, so no value can be estimated from it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from paastolaskuri.accounting.metrics import INTENSITY_COLUMNS
from paastolaskuri.disclosure import rules

QUARTILE_DIGITS = 2  # quartiles of a group of 10+ are published this coarsely, never exactly
POSITIONS = ("lower", "middle", "upper")  # thirds of a group by rank, lowest intensities first
PEER_POSITION_JSON = "peer_position.json"  # in the partner's own processed folder only
QUARTILE_KEYS = ("q1", "median", "q3")


@dataclass(frozen=True)
class Quartiles:
    """A large group's quartiles, rounded to `QUARTILE_DIGITS` significant digits."""

    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class PeerGroup:
    """The group a partner is compared with for one intensity, as every partner may see it."""

    column: str  # the intensity's column (t_per_fte, kg_per_m2, t_per_meur)
    section: str  # the TOL section letter, or "" for the whole network
    n: int  # partners in the group with this intensity
    quartiles: Quartiles | None  # only for a group of at least MIN_FOR_ORDER_STATISTICS


@dataclass(frozen=True)
class PeerPosition:
    """Where one partner's own value lies in its group: one of `POSITIONS`."""

    column: str
    section: str
    n: int
    position: str


def _finite(values: Iterable) -> list[float]:
    """The given numbers as floats (None, NaN and infinities left out)."""
    out = []
    for v in values:
        if v is None:
            continue
        x = float(v)
        if math.isfinite(x):
            out.append(x)
    return out


def group_stats(values: Iterable) -> dict | None:
    """{"n"} of one group's values, with "q1", "median", "q3" only when order statistics are allowed.

    None when the group is under the threshold (it is then no comparison group at all). Quartiles are
    rounded to `QUARTILE_DIGITS` significant digits, so none is an exact order statistic.
    """
    v = _finite(values)
    if not rules.passes_threshold(len(v)):
        return None
    out: dict = {"n": len(v)}
    if rules.order_statistics_allowed(len(v)):
        for key, q in zip(QUARTILE_KEYS, np.percentile(v, [25, 50, 75]), strict=True):
            out[key] = rules.round_published(float(q), QUARTILE_DIGITS)
    return out


def network_stats(partners: pd.DataFrame) -> dict:
    """What every partner report may read of the network: each group's size, quartiles of large groups.

    `partners` has one row per partner: "section" and the intensity columns. Groups are the whole
    network ("overall") and each TOL section ("sections"), per intensity, where `group_stats` allows.
    """
    overall: dict[str, dict] = {}
    sections: dict[str, dict] = {}
    stats = {
        "min_group": rules.MIN_CONTRIBUTORS,
        "min_for_quartiles": rules.MIN_FOR_ORDER_STATISTICS,
        "quartile_digits": QUARTILE_DIGITS,
        "overall": overall,
        "sections": sections,
    }
    if partners.empty:
        return stats
    for col in (c for c in INTENSITY_COLUMNS if c in partners):
        group = group_stats(partners[col])
        if group:
            overall[col] = group
        for section, members in partners.groupby("section"):
            group = group_stats(members[col]) if section else None
            if group:
                sections.setdefault(str(section), {})[col] = group
    return stats


def _quartiles(entry: dict) -> Quartiles | None:
    """A group's quartiles as they may be shown: only for a large group, rounded (whatever the file says).

    A network_stats.json written before this rule may hold exact quartiles of a small group; they
    are never passed on.
    """
    if not rules.order_statistics_allowed(int(entry.get("n", 0))):
        return None
    if any(entry.get(k) is None for k in QUARTILE_KEYS):
        return None
    q1, median, q3 = (rules.round_published(float(entry[k]), QUARTILE_DIGITS) for k in QUARTILE_KEYS)
    return Quartiles(q1, median, q3)  # type: ignore[arg-type]


def peer_group(stats: dict, section: str, column: str) -> PeerGroup | None:
    """The comparison group of a partner in TOL section `section` for the intensity `column`.

    The one rule: the partner's own section when it has enough partners with the intensity
    (`rules.passes_threshold`), else the whole network when that has enough, else None. `stats` is
    the year's ``network_stats.json``.
    """
    stats = stats or {}
    own = (stats.get("sections") or {}).get(section, {}).get(column) if section else None
    if own and rules.passes_threshold(int(own.get("n", 0))):
        return PeerGroup(column, section, int(own["n"]), _quartiles(own))
    overall = (stats.get("overall") or {}).get(column)
    if overall and rules.passes_threshold(int(overall.get("n", 0))):
        return PeerGroup(column, "", int(overall["n"]), _quartiles(overall))
    return None


def position_in_group(mine: float, values: Iterable) -> str:
    """The third of the group (by mid-rank, lowest first) that `mine` lies in: one of `POSITIONS`.

    `values` are the group's values including `mine`. With rank r (ties share their mean rank) of n,
    the position is (r - 1/2) / n: under 1/3 "lower", over 2/3 "upper", else "middle". Of 3 values:
    lower, middle, upper; of 5: lower, lower, middle, upper, upper. Integers only, so a boundary is
    exact.
    """
    v = _finite(values)
    below = sum(x < mine for x in v)
    equal = max(sum(x == mine for x in v), 1)
    twice_rank_less_half = 2 * below + equal  # 2 (r - 1/2) with r = below + (equal + 1) / 2
    n = max(len(v), 1)
    if 3 * twice_rank_less_half < 2 * n:
        return POSITIONS[0]
    if 3 * twice_rank_less_half > 4 * n:
        return POSITIONS[2]
    return POSITIONS[1]


def peer_positions(partners: pd.DataFrame, stats: dict) -> dict[str, dict[str, dict]]:
    """Each partner's own position in its peer group per intensity: {slug: {column: position}}.

    Computed on the coordinator's side (it sees every value) and meant only for the partner's own
    folder. Every partner in `partners` gets an entry, empty when it has no comparison, so a
    position from an earlier run never lingers. Each position is `PeerPosition` as a dict.
    """
    out: dict[str, dict[str, dict]] = {str(slug): {} for slug in partners.get("slug", [])}
    for col in (c for c in INTENSITY_COLUMNS if c in partners):
        for row in partners.itertuples(index=False):
            mine = _finite([getattr(row, col)])
            section = str(row.section) if isinstance(row.section, str) else ""
            group = peer_group(stats, section, col)
            if not mine or group is None:
                continue
            members = partners if not group.section else partners[partners["section"] == group.section]
            position = position_in_group(mine[0], members[col])
            out[str(row.slug)][col] = vars(PeerPosition(col, group.section, group.n, position))
    return out


def own_position(positions: dict, group: PeerGroup) -> str | None:
    """The partner's position for `group` from its own `PEER_POSITION_JSON`, when it is for that group.

    None when the file has none, or one for another group (a file older than the year's
    network_stats.json).
    """
    entry = (positions or {}).get(group.column) or {}
    if entry.get("section", "") != group.section or int(entry.get("n", -1)) != group.n:
        return None
    position = entry.get("position")
    return position if position in POSITIONS else None
