"""The public disclosure rule: the one place that decides what a public output may show.

Every figure in a public output (HTML, Excel, the executed notebook) is a sum over partners, and
every public table is built by `disclose_groups` or `disclose_value` below:

1. A figure is published only when at least `MIN_GROUP` (3) partners contribute a non-zero amount
   to it (or it is zero and its group has at least `MIN_GROUP` partners). With fewer, the figure
   would be one partner's own number, or the other partner's number once one of two subtracts its
   own.
2. In a table, the groups under `MIN_GROUP` are merged into one row, "muut (alle 3 kumppanin
   ryhmät)" / "other (groups under 3 partners)", so the rows still add up to the total they sit
   under (nothing vanishes silently).
3. When that merged row itself has fewer than `MIN_GROUP` contributors, it would be a small group's
   figure, and the total minus the published rows would reveal it: the published group with the
   fewest contributors (then the smallest amount) is merged into it as well, again and again, until
   the merged row has `MIN_GROUP` contributors (secondary suppression).
4. When even the table's total has fewer than `MIN_GROUP` contributors, the whole table is withheld.
5. A single figure outside any table (biogenic CO2) from fewer than `MIN_GROUP` partners is withheld
   and shown as "ei julkaista (alle 3 kumppania)" / "not published (under 3 partners)", with no unit.

The coordinator's audience (`public=False`) gets the same tables with every group shown.
The partner reports' comparison groups (`processed.network_stats`) use the same threshold via
`enough`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from paastolaskuri.i18n import text

MIN_GROUP = 3  # fewest partners behind any public figure or comparison group
OTHER = "__other__"  # the group key of the merged row


def enough(n: int) -> bool:
    """True when `n` partners are enough to publish a figure about them or to compare with them."""
    return int(n) >= MIN_GROUP


def other_label(lang: str) -> str:
    """The label of the merged row of small groups, in the report's language."""
    return text("report.suppression.other", lang, min=MIN_GROUP)


def withheld_text(lang: str) -> str:
    """What a withheld figure shows instead of a number (no unit follows it)."""
    return text("report.suppression.withheld", lang, min=MIN_GROUP)


def merged_label(items: list[str], lang: str) -> str:
    """The label of a merged row that names what it holds (the scopes: "Scope 1 + Scope 3 (merged …)")."""
    return text("report.suppression.merged", lang, items=" + ".join(items), min=MIN_GROUP)


@dataclass(frozen=True)
class GroupTable:
    """A disclosed table: `rows` has columns group, members, contributors, kg (merged row last).

    `members` counts the partners in the group, `contributors` those with a non-zero amount (the
    rule's count). `withheld` is True when even the total may not be published; `rows` is then empty.
    `merged` lists the original groups inside the OTHER row.
    """

    rows: pd.DataFrame
    total_kg: float
    withheld: bool = False
    merged: tuple = ()

    @property
    def has_other(self) -> bool:
        """True when the table has a merged row of small groups."""
        return bool(len(self.merged))


@dataclass
class _Group:
    members: set
    contributors: set
    kg: float


def _groups(contrib: pd.DataFrame) -> dict:
    """{group: _Group} from a frame with columns group, partner, kg (any number of rows each)."""
    out: dict = {}
    for g, partner, kg in contrib[["group", "partner", "kg"]].itertuples(index=False):
        kg = 0.0 if kg != kg else float(kg)
        grp = out.setdefault(g, _Group(set(), set(), 0.0))
        grp.members.add(partner)
        grp.kg += kg
    for g, partner, kg in (
        contrib.groupby(["group", "partner"], sort=False)["kg"].sum().reset_index().itertuples(index=False)
    ):
        if kg == kg and kg != 0:
            out[g].contributors.add(partner)
    return out


def _frame(groups: dict, other: _Group | None) -> pd.DataFrame:
    records = [
        {"group": g, "members": len(v.members), "contributors": len(v.contributors), "kg": v.kg}
        for g, v in groups.items()
    ]
    records.sort(key=lambda r: (-r["kg"], str(r["group"])))
    if other is not None:
        records.append(
            {
                "group": OTHER,
                "members": len(other.members),
                "contributors": len(other.contributors),
                "kg": other.kg,
            }
        )
    return pd.DataFrame(records, columns=["group", "members", "contributors", "kg"])


def disclose_groups(contrib: pd.DataFrame, public: bool) -> GroupTable:
    """The table of groups a reader may see; `contrib` has one row per (group, partner) amount.

    Columns of `contrib`: group (any hashable key), partner (an ID), kg. The rows of the result
    always add up to `total_kg` unless the whole table is withheld.
    """
    groups = _groups(contrib)
    total = float(sum(g.kg for g in groups.values()))
    if not public:
        return GroupTable(_frame(groups, None), total)
    everyone = set().union(*(g.contributors for g in groups.values())) if groups else set()
    if everyone and not enough(len(everyone)):
        return GroupTable(_frame({}, None), total, withheld=True, merged=tuple(groups))
    published = {k: v for k, v in groups.items() if _publishable(v)}
    small = [k for k in groups if k not in published]
    if not small:
        return GroupTable(_frame(published, None), total)
    other = _Group(set(), set(), 0.0)
    for k in small:
        _merge(other, groups[k])
    while not _publishable(other) and published:
        k = min(published, key=lambda k: (len(published[k].contributors), abs(published[k].kg), str(k)))
        _merge(other, published.pop(k))
        small.append(k)
    return GroupTable(_frame(published, other), total, merged=tuple(small))


def _publishable(group: _Group) -> bool:
    if group.contributors:
        return enough(len(group.contributors))
    return enough(len(group.members))


def _merge(into: _Group, group: _Group) -> None:
    into.members |= group.members
    into.contributors |= group.contributors
    into.kg += group.kg


def disclose_value(values: pd.Series, public: bool) -> float | None:
    """The sum of one figure over partners (one value per partner), or None when it is withheld."""
    v = pd.to_numeric(values, errors="coerce").fillna(0.0)
    n = int((v != 0).sum())
    if public and n > 0 and not enough(n):
        return None
    return float(v.sum())
