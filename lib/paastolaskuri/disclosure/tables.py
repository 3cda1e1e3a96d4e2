"""Disclosed tables: which groups of a sum over partners a public reader may see.

Every public table (scopes, sectors, categories, actions) is a set of groups, each a sum over
partners, and is built by `disclose_groups`; a figure outside any table (biogenic CO2, the
location-based total) by `disclose_value`. Both apply `rules.publishable` (the threshold per cell
AND the p %-rule dominance) to the per-partner amounts of each cell:

1. **primary suppression**: a group whose amounts are not publishable is merged into one row,
   "other", so the rows still add up to the table's total (nothing vanishes silently);
2. **secondary suppression**: the "other" row is a published cell too, and the total minus the
   published rows gives it back, so it must itself be publishable: the published group with the
   fewest contributors (then the smallest amount) is merged into it, again and again, until it is;
3. a table whose total is not publishable is withheld as a whole.

`rounded` then gives a table's magnitudes to `rules.SIGNIFICANT_DIGITS` significant digits, as
every public output prints them. Whether the published figures of a whole output still hide every
partner within ±p % is proven by `disclosure.audit`, not here.

The coordinator's audience (`public=False`) gets the same tables with every group shown, exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import pandas as pd

from paastolaskuri.core.i18n import text
from paastolaskuri.disclosure import rules

OTHER = "__other__"  # the group key of the merged row


def other_label(lang: str) -> str:
    """The label of the merged row of groups that may not stand alone, in the report's language."""
    return text("report.suppression.other", lang, min=rules.MIN_CONTRIBUTORS)


def withheld_text(lang: str) -> str:
    """What a withheld figure shows instead of a number (no unit follows it)."""
    return text("report.suppression.withheld", lang, min=rules.MIN_CONTRIBUTORS)


def merged_label(items: list[str], lang: str) -> str:
    """The label of a merged row that names what it holds (the scopes: "Scope 1 + Scope 3 (merged …)")."""
    return text("report.suppression.merged", lang, items=" + ".join(items), min=rules.MIN_CONTRIBUTORS)


@dataclass(frozen=True)
class GroupTable:
    """A disclosed table: `rows` has columns group, members, contributors, kg (merged row last).

    `members` counts the partners in the group, `contributors` those with a non-zero amount (the
    threshold's count). `withheld` is True when even the total may not be published; `rows` is then
    empty. `merged` lists the original groups inside the OTHER row (all groups when withheld).
    """

    rows: pd.DataFrame
    total_kg: float
    withheld: bool = False
    merged: tuple = ()

    @property
    def has_other(self) -> bool:
        """True when the table has a merged row (or is withheld), i.e. some group is not shown alone."""
        return bool(len(self.merged))


@dataclass
class Cell:
    """One group of a table while it is being disclosed: each member partner's amount."""

    amounts: dict = field(default_factory=dict)

    @property
    def kg(self) -> float:
        """The cell's sum."""
        return float(sum(self.amounts.values()))

    @property
    def contributors(self) -> int:
        """Partners with a non-zero amount."""
        return rules.contributors(self.amounts.values())

    @property
    def size(self) -> float:
        """The cell's size, for choosing the cheapest group to merge (|sum|)."""
        return abs(self.kg)

    def publishable(self) -> bool:
        """The rules' verdict on this cell's per-partner amounts (threshold and dominance)."""
        return rules.publishable(self.amounts.values())

    def absorb(self, other: Cell) -> None:
        """Add `other`'s amounts partner by partner (a merge of two groups)."""
        for partner, kg in other.amounts.items():
            self.amounts[partner] = self.amounts.get(partner, 0.0) + kg


def cells(contrib: pd.DataFrame) -> dict:
    """{group: Cell} from a frame with columns group, partner, kg (any number of rows each; NaN = 0)."""
    out: dict = {}
    kg = pd.to_numeric(contrib["kg"], errors="coerce").fillna(0.0)
    for g, partner, v in zip(contrib["group"], contrib["partner"], kg, strict=True):
        cell = out.setdefault(g, Cell())
        cell.amounts[partner] = cell.amounts.get(partner, 0.0) + float(v)
    return out


def _frame(groups: dict, other: Cell | None) -> pd.DataFrame:
    records = [
        {"group": g, "members": len(c.amounts), "contributors": c.contributors, "kg": c.kg}
        for g, c in groups.items()
    ]
    records.sort(key=lambda r: (-r["kg"], str(r["group"])))
    if other is not None:
        records.append(
            {
                "group": OTHER,
                "members": len(other.amounts),
                "contributors": other.contributors,
                "kg": other.kg,
            }
        )
    return pd.DataFrame(records, columns=["group", "members", "contributors", "kg"])


class Mergeable(Protocol):
    """What secondary suppression needs of a cell: the rules' verdict, its contributors and size, a merge."""

    @property
    def contributors(self) -> int:
        """Partners with a non-zero amount."""
        ...

    @property
    def size(self) -> float:
        """How much the cell holds, for choosing the cheapest group to merge."""
        ...

    def publishable(self) -> bool:
        """The rules' verdict on the cell."""
        ...

    def absorb(self, other: Any) -> None:
        """Add `other` into this cell."""
        ...


@dataclass
class MultiCell:
    """One group of a table with several measures (Scope 1, Scope 2, ...): a `Cell` per measure.

    It is publishable only when every measure's cell is: a row prints all its measures.
    """

    parts: dict = field(default_factory=dict)  # {measure: Cell}

    @classmethod
    def of(cls, measures: Iterable[str]) -> MultiCell:
        """An empty cell with the given measures."""
        return cls({m: Cell() for m in measures})

    @property
    def contributors(self) -> int:
        """Partners with a non-zero amount in any measure."""
        totals: dict = {}
        for cell in self.parts.values():
            for partner, kg in cell.amounts.items():
                totals[partner] = totals.get(partner, 0.0) + abs(kg)
        return rules.contributors(totals.values())

    @property
    def size(self) -> float:
        """The sum of every amount's size over the measures."""
        return float(sum(abs(kg) for cell in self.parts.values() for kg in cell.amounts.values()))

    def publishable(self) -> bool:
        """True when every measure passes the rules (threshold and dominance)."""
        return all(cell.publishable() for cell in self.parts.values())

    def absorb(self, other: MultiCell) -> None:
        """Add `other`'s amounts measure by measure and partner by partner."""
        for measure, cell in other.parts.items():
            self.parts.setdefault(measure, Cell()).absorb(cell)


def complete_other(other: Mergeable, published: dict, merged: list) -> None:
    """Secondary suppression: merge published groups into `other` until it is publishable itself.

    The group with the fewest contributors, then the smallest size, goes first: it costs the
    reader the least. `published` and `merged` are updated in place. One loop for every table
    with a merged row: the public network tables (`Cell`) and the research aggregates
    (`MultiCell`). (Tests switch this step off to show that the audit then finds the merged
    groups recoverable.)
    """
    while not other.publishable() and published:
        key = min(published, key=lambda k: (published[k].contributors, published[k].size, str(k)))
        other.absorb(published.pop(key))
        merged.append(key)


def split_publishable(groups: dict, empty: Mergeable) -> tuple[list, list]:
    """(groups shown alone, groups merged into "other"): primary, then secondary suppression.

    `groups` maps each key to its cell (`Cell` or `MultiCell`), `empty` is a fresh cell to build
    the merged row in. The shown keys keep the order of `groups`.
    """
    published = {k: c for k, c in groups.items() if c.publishable()}
    merged = [k for k in groups if k not in published]
    if merged:
        for k in merged:
            empty.absorb(groups[k])
        complete_other(empty, published, merged)
    return list(published), merged


def disclose_groups(contrib: pd.DataFrame, public: bool) -> GroupTable:
    """The table of groups a reader may see; `contrib` has one row per (group, partner) amount.

    Columns of `contrib`: group (any hashable key), partner (an ID), kg. The rows of the result
    always add up to `total_kg` unless the whole table is withheld.
    """
    groups = cells(contrib)
    whole = Cell()
    for cell in groups.values():
        whole.absorb(cell)
    total = whole.kg
    if not public:
        return GroupTable(_frame(groups, None), total)
    if groups and not whole.publishable():
        return GroupTable(_frame({}, None), total, withheld=True, merged=tuple(groups))
    other = Cell()
    shown, merged = split_publishable(groups, other)
    published = {k: groups[k] for k in shown}
    if not merged:
        return GroupTable(_frame(published, None), total)
    return GroupTable(_frame(published, other), total, merged=tuple(merged))


def disclose_value(values: pd.Series, public: bool) -> float | None:
    """The sum of one figure over partners (one value per partner), or None when it is withheld.

    A sum of zeros is published (nothing to hide); otherwise the rules decide on the amounts.
    """
    v = pd.to_numeric(values, errors="coerce").fillna(0.0)
    if public and (v != 0).any() and not rules.publishable(v):
        return None
    return float(v.sum())


def round_or_none(kg: float | None) -> float | None:
    """A published magnitude as every public output prints it (`rules.round_published`)."""
    return rules.round_published(kg)


def rounded(table: GroupTable) -> GroupTable:
    """`table` with its kg and total to `rules.SIGNIFICANT_DIGITS` significant digits (public outputs).

    Each row is rounded on its own, so the rows add up to the total only within their rounding.
    """
    rows = table.rows.assign(kg=[rules.round_published(float(v)) for v in table.rows["kg"]])
    return replace(table, rows=rows, total_kg=float(rules.round_published(table.total_kg) or 0.0))


__all__ = [
    "OTHER",
    "Cell",
    "GroupTable",
    "Mergeable",
    "MultiCell",
    "cells",
    "complete_other",
    "disclose_groups",
    "disclose_value",
    "merged_label",
    "other_label",
    "round_or_none",
    "rounded",
    "split_publishable",
    "withheld_text",
]
