"""Restatement: the same activity lines under an old and a new factor set, and the base-year rule.

Pure functions over an activity-lines frame and two `FactorSet`s (no files read here). When a year's
pinned set changes (fi-2022-r1 -> fi-2022-r2), each earlier year's totals are recomputed under both
sets; the difference is attributed to the factors that changed, largest contribution first.

The GHG Protocol Corporate Standard (chapter 5) asks for the base year to be recalculated when a change
in calculation methodology or in emission factors changes the base-year emissions significantly; the
significance threshold is the reporter's to state. Here it is 5 % of the base-year total unless
configured, judged on both Scope 2 bases: a change of at least the threshold in either total means the
base year must be recalculated.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from paastolaskuri.accounting.calculation import (
    CONTRACT_GO,
    GO_FACTOR_ID,
    LINE_COLUMNS,
    OWN_FACTOR_ID,
    calculate_emissions,
    summarise_totals,
)
from paastolaskuri.accounting.catalogue import Catalogue, load_catalogue
from paastolaskuri.accounting.change import CompensatedSum
from paastolaskuri.accounting.factors import DEFAULT_GWP, FactorSet

DEFAULT_THRESHOLD = 0.05  # 5 % of the base-year total
RESTATED_KEYS = ("scope1", "scope2_location", "scope2_market", "scope3", "total_location", "total_market")
SIGNIFICANCE_KEYS = ("total_location", "total_market")
_TINY = 1e-9  # kg: a contribution below this is rounding, not a change
_RELATIVE_NOISE = 1e-12  # a relative change this close to the threshold counts as reaching it


@dataclass(frozen=True)
class FactorChange:
    """One cause of a restatement: lines of one activity and basis whose factor changed between the sets."""

    activity: str
    basis: str
    scope: int
    old_factor_id: str  # '' when the old set had no factor on this basis (a new row, e.g. HVO well-to-tank)
    new_factor_id: str  # '' when the new set dropped it (e.g. UK T&D losses)
    old_factor_text: str
    new_factor_text: str
    lines: int
    kg_co2e_difference: float
    unit: str = ""  # the lines' unit; the per-unit values below are kg CO2e per that unit
    old_kg_per_unit: float = (
        0.0  # includes unit conversions (e.g. a spend line's exchange rate and price year)
    )
    new_kg_per_unit: float = 0.0


@dataclass(frozen=True)
class YearRestatement:
    """One year's totals (kg CO2e) under the old and the new set, with the causes of the difference."""

    year: int
    old_set: str
    new_set: str
    old: dict[str, float]
    new: dict[str, float]
    causes: list[FactorChange] = field(default_factory=list)
    recorded_set: str = ""  # the set the year's reported figures were computed with ('' = old_set)

    @property
    def stale(self) -> bool:
        """True when the year's reported figures were computed with a set other than the new (pinned) one."""
        return (self.recorded_set or self.old_set) != self.new_set

    @property
    def changed(self) -> bool:
        """True when the sets differ and at least one total moved."""
        return self.old_set != self.new_set and any(abs(self.difference(k)) > _TINY for k in RESTATED_KEYS)

    def difference(self, key: str) -> float:
        """New minus old, kg CO2e."""
        return float(self.new.get(key, 0.0)) - float(self.old.get(key, 0.0))

    def relative(self, key: str) -> float | None:
        """(new - old) / old; None when the old total is zero."""
        return relative_change(self.old.get(key, 0.0), self.new.get(key, 0.0))


@dataclass(frozen=True)
class Significance:
    """The base-year recalculation rule applied to one restated base year."""

    base_year: int
    threshold: float  # a fraction: 0.05 = 5 %
    changes: dict[str, float | None]  # relative change of each total judged (SIGNIFICANCE_KEYS)
    must_recalculate: bool
    already_recalculated: bool = False  # the base year's figures already use the pinned set


def relative_change(old: float, new: float) -> float | None:
    """(new - old) / old, or None when old is zero (then any new emissions are a change of unknown size)."""
    old, new = float(old), float(new)
    if old == 0.0:
        return None if new == 0.0 else float("inf") * np.sign(new)
    return (new - old) / old


def is_significant(old: float, new: float, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """True when the total moved by at least `threshold` of the old total (either direction)."""
    change = relative_change(old, new)
    if change is None:
        return False
    if not np.isfinite(change):
        return True  # emissions where the old set gave none
    # the unrounded change against the threshold (4.995 % is under 5 %); the tolerance only absorbs
    # float noise in an exact 5.00 % (1050 / 1000 - 1 may come out a hair under 0.05)
    return abs(change) >= threshold - _RELATIVE_NOISE


def significance(base: YearRestatement, threshold: float = DEFAULT_THRESHOLD) -> Significance:
    """Must the base year be recalculated? Judged on the location- and the market-based total.

    Only a base year whose reported figures were computed with a set other than the pinned one must
    be: once it has been rerun with the pinned set, the change to the earlier revision is history.
    """
    changes = {k: base.relative(k) for k in SIGNIFICANCE_KEYS}
    significant = base.old_set != base.new_set and any(
        is_significant(base.old.get(k, 0.0), base.new.get(k, 0.0), threshold) for k in SIGNIFICANCE_KEYS
    )
    return Significance(
        base.year, threshold, changes, significant and base.stale, significant and not base.stale
    )


def restate_lines(
    lines: pd.DataFrame,
    old_set: FactorSet,
    new_set: FactorSet,
    year: int,
    gwp_set: str = DEFAULT_GWP,
    catalogue: Catalogue | None = None,
) -> YearRestatement:
    """The lines' totals under both sets and the factor changes behind the difference."""
    catalogue = _subset(catalogue or load_catalogue(), lines)
    old_em = calculate_emissions(lines, old_set, gwp_set, catalogue)
    new_em = old_em if old_set is new_set else calculate_emissions(lines, new_set, gwp_set, catalogue)
    return YearRestatement(
        year=int(year),
        old_set=old_set.name,
        new_set=new_set.name,
        old=_totals(old_em),
        new=_totals(new_em),
        causes=attribute_changes(old_em, new_em),
    )


# Catalogues restricted to the activities of some lines: building a set's coefficients for a few
# activities instead of the whole catalogue. Kept alive here, because the engine caches by id().
_SUBSETS: dict[tuple[int, frozenset], Catalogue] = {}


def _subset(catalogue: Catalogue, lines: pd.DataFrame) -> Catalogue:
    keys = frozenset(lines["activity"].astype(str))
    cache_key = (id(catalogue), keys)
    if cache_key not in _SUBSETS:
        wanted = [a for a in catalogue if a.key in keys]
        _SUBSETS[cache_key] = Catalogue(list(catalogue.categories.values()), wanted)
    return _SUBSETS[cache_key]


def _totals(emissions: pd.DataFrame) -> dict[str, float]:
    totals = summarise_totals(emissions)
    return {k: float(totals[k]) for k in RESTATED_KEYS}


def attribute_changes(old_em: pd.DataFrame, new_em: pd.DataFrame) -> list[FactorChange]:
    """Differences per (activity, basis, old factor, new factor), largest absolute contribution first.

    Emission lines are matched on (line, basis); a basis only one set has counts in full (added or
    dropped). Lines whose own factor replaced the set's on both sides do not change and are not listed.
    """
    old, new = _by_line_and_basis(old_em), _by_line_and_basis(new_em)
    groups: dict[tuple, _Cause] = {}
    # matched in (line, basis) order, and each cause's figures taken from its first line in that order
    for key in sorted(old.keys() | new.keys()):
        o, n = old.get(key), new.get(key)
        either = n if n is not None else o
        assert either is not None  # the key came from one of the two
        group = (
            either.activity,
            key[1],
            either.scope,
            o.factor_id if o else "",
            n.factor_id if n else "",
            o.factor_text if o else "",
            n.factor_text if n else "",
            either.unit,
        )
        cause = groups.get(group)
        if cause is None:
            cause = groups[group] = _Cause(o.per_unit if o else 0.0, n.per_unit if n else 0.0)
        cause.lines.add(key[0])
        cause.difference.add((n.kg if n else 0.0) - (o.kg if o else 0.0))
    found = [(g, c) for g, c in groups.items() if abs(c.difference.total) > _TINY]
    found.sort(
        key=lambda item: -abs(item[1].difference.total)
    )  # stable: ties keep the order of first appearance
    return [
        FactorChange(
            activity=activity,
            basis=basis,
            scope=scope,
            old_factor_id=old_id,
            new_factor_id=new_id,
            old_factor_text=old_text,
            new_factor_text=new_text,
            lines=len(cause.lines),
            kg_co2e_difference=cause.difference.total,
            unit=unit,
            old_kg_per_unit=cause.old_per_unit,
            new_kg_per_unit=cause.new_per_unit,
        )
        for (activity, basis, scope, old_id, new_id, old_text, new_text, unit), cause in found
    ]


@dataclass(frozen=True)
class _Line:
    """One emission line's part in a restatement."""

    activity: str
    scope: int
    unit: str
    factor_id: str
    factor_text: str
    per_unit: float
    kg: float


@dataclass
class _Cause:
    """One cause's figures while the lines are matched: its first line's factors, its lines and sum."""

    old_per_unit: float
    new_per_unit: float
    lines: set = field(default_factory=set)
    difference: CompensatedSum = field(default_factory=CompensatedSum)  # summed as pandas sums a group


def _by_line_and_basis(em: pd.DataFrame) -> dict[tuple[int, str], _Line]:
    """An engine result's lines keyed by (line, basis), missing figures as 0 and missing factor texts as "".

    A line without an activity, unit or basis cannot be attributed and is left out.
    """
    columns = [em[c].tolist() for c in ("line_index", "basis", "activity", "scope", "unit")]
    factors = [em[c].tolist() for c in ("factor_id", "factor_text", "kg_co2e_per_unit", "kg_co2e")]
    out = {}
    for line, basis, act, scope, unit, fid, text, pu, kg in zip(*columns, *factors, strict=True):
        if _missing(basis) or _missing(act) or _missing(unit):
            continue
        out[(int(line), str(basis))] = _Line(
            str(act),
            int(scope),
            str(unit),
            "" if _missing(fid) else str(fid),
            "" if _missing(text) else str(text),
            0.0 if _missing(pu) else float(pu),
            0.0 if _missing(kg) else float(kg),
        )
    return out


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def combine(restatements: list[YearRestatement], year: int) -> YearRestatement:
    """Several partners' restatements of one year summed into one (the network view); causes merged."""
    old = {k: sum(r.old.get(k, 0.0) for r in restatements) for k in RESTATED_KEYS}
    new = {k: sum(r.new.get(k, 0.0) for r in restatements) for k in RESTATED_KEYS}
    merged: dict[tuple, FactorChange] = {}
    for r in restatements:
        for c in r.causes:
            key = (
                c.activity,
                c.basis,
                c.scope,
                c.old_factor_id,
                c.new_factor_id,
                c.old_factor_text,
                c.new_factor_text,
                c.unit,
            )
            prev = merged.get(key)
            merged[key] = (
                c
                if prev is None
                else replace(
                    prev,
                    lines=prev.lines + c.lines,
                    kg_co2e_difference=prev.kg_co2e_difference + c.kg_co2e_difference,
                )
            )
    causes = sorted(merged.values(), key=lambda c: -abs(c.kg_co2e_difference))
    old_sets = sorted({r.old_set for r in restatements})
    new_sets = sorted({r.new_set for r in restatements})
    recorded = sorted({r.recorded_set or r.old_set for r in restatements})
    return YearRestatement(
        int(year), ", ".join(old_sets), ", ".join(new_sets), old, new, causes, ", ".join(recorded)
    )


def lines_from_emissions(emissions: pd.DataFrame) -> pd.DataFrame:
    """The activity lines behind processed emission lines (one per `row`): quantity, unit, own factor, contract.

    Each line's columns are those of its first emission line; the own factor and its source those of
    its first line with the own-factor marker; the contract is guarantees of origin when any of its
    lines carries that marker.
    """
    em = emissions[emissions["row"].notna()].reset_index(drop=True)
    first = em[~em["row"].duplicated()].sort_values("row", kind="stable")
    rows = first["row"].to_numpy()
    fid = em["factor_id"].astype(str)
    own = em[fid == OWN_FACTOR_ID]
    own = own[~own["row"].duplicated()].set_index("row")
    go_rows = set(em.loc[fid == GO_FACTOR_ID, "row"])
    columns: dict[str, object] = {}
    for c in LINE_COLUMNS:
        values = first[c].to_numpy(dtype=object) if c in first.columns else [""] * len(first)
        if c == "own_factor":
            values = own["kg_co2e_per_unit"].astype(float).reindex(rows).to_numpy()
        elif c == "own_factor_source":
            found = own["source"].reindex(rows)
            values = [str(v) if r in own.index else "" for r, v in zip(rows, found, strict=True)]
        elif c == "contract":
            values = [CONTRACT_GO if r in go_rows else "" for r in rows]
        columns[c] = values
    lines = pd.DataFrame(columns, columns=LINE_COLUMNS)
    for c in LINE_COLUMNS:
        if c in ("quantity", "own_factor"):
            lines[c] = lines[c].astype(float)
        elif c == "row":
            lines[c] = lines[c].astype("int64")
        else:
            lines[c] = lines[c].map(_text)
    return lines


def _text(v) -> str:
    """A line's text cell: empty for a missing value, else its text."""
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)
