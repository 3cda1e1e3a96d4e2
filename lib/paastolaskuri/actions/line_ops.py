"""Small pure operations on activity-line frames that the action transformations are made of.

A frame holds the engine's line columns plus `_group` (one partner-year); every function returns a
new frame and never changes its input. Lines an action creates carry `row` 0 and a note naming the
action, so an explanation can tell them from the partner's own lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from paastolaskuri.accounting.factors import FactorSet
from paastolaskuri.accounting.money import MoneyTables, euro_step, is_money, load_money_tables
from paastolaskuri.accounting.units import ConversionError, convert_unit

GROUP = "_group"
SMALL = 1000  # up to this many lines, a Python loop over the values beats a pandas call's overhead
ACTION_NOTE = "toimi / action: {action}"


_PROPERTIES: dict[tuple, dict[str, float]] = {}


def _properties(factor_set: FactorSet, activity: str) -> dict[str, float]:
    """The set's fuel properties of an activity, cached per set (reading them is slow)."""
    key = (factor_set.name, factor_set.digest, activity)
    if key not in _PROPERTIES:
        _PROPERTIES[key] = factor_set.properties_for(activity)
    return _PROPERTIES[key]


@dataclass
class Context:
    """What a transformation may need besides the lines.

    The factor set's fuel properties, and the reporting year with the set's exchange rates for money lines.
    """

    factor_set: FactorSet
    year: int | None = None
    _cache: dict = field(default_factory=dict)

    @property
    def money(self) -> MoneyTables:
        """The factor set's money tables (exchange rates); empty for a set without them."""
        if "_money" not in self._cache:
            path = getattr(self.factor_set, "path", None)
            self._cache["_money"] = load_money_tables(path) if path is not None else MoneyTables()
        return self._cache["_money"]

    def euro_factor(self, unit: str) -> float:
        """Reporting-year euros per one `unit` through the accounting's money step (NaN: cannot convert).

        The euros are the partner's own spending of the year, so they are not deflated: a saving is
        counted in the money the partner pays.
        """
        key = ("_eur", unit)
        if key not in self._cache:
            try:
                self._cache[key] = (
                    euro_step(unit, self.year, self.money)[0] if is_money(unit) else float("nan")
                )
            except ConversionError:
                self._cache[key] = float("nan")
        return self._cache[key]

    def euros(self, lines: pd.DataFrame) -> np.ndarray:
        """Each line's amount in reporting-year euros (NaN where its currency has no rate for the year)."""
        factors = np.array([self.euro_factor(str(u)) for u in lines["unit"]], dtype="float64")
        return lines["quantity"].to_numpy(dtype="float64") * factors

    def unit_factor(self, activity: str, unit: str, to_unit: str) -> float:
        """Multiply a quantity of `activity` in `unit` by this to get `to_unit` (NaN if impossible)."""
        key = (activity, unit, to_unit)
        if key not in self._cache:
            if activity not in self._cache:
                self._cache[activity] = _properties(self.factor_set, activity)
            try:
                self._cache[key] = convert_unit(unit, to_unit, self._cache[activity]).factor
            except ConversionError:
                self._cache[key] = float("nan")
        return self._cache[key]

    def to_unit(self, lines: pd.DataFrame, to_unit: str) -> np.ndarray:
        """Each line's quantity in `to_unit` (NaN where its unit cannot be converted)."""
        if lines.empty:
            return np.zeros(0)
        if len(lines) <= SMALL:
            pairs = zip(lines["activity"].to_numpy(), lines["unit"].to_numpy(), strict=True)
            factors = np.array([self.unit_factor(str(a), str(u), to_unit) for a, u in pairs], dtype="float64")
            return lines["quantity"].to_numpy(dtype="float64") * factors
        a_codes, a_names = pd.factorize(lines["activity"])
        u_codes, u_names = pd.factorize(lines["unit"])
        pair = a_codes.astype(np.int64) * max(len(u_names), 1) + u_codes
        uniq, inverse = np.unique(pair, return_inverse=True)
        factors = np.array(
            [
                self.unit_factor(str(a_names[k // len(u_names)]), str(u_names[k % len(u_names)]), to_unit)
                for k in uniq
            ],
            dtype="float64",
        )
        return lines["quantity"].to_numpy(dtype="float64") * factors[inverse]


def values_in(values: pd.Series, allowed) -> np.ndarray:
    """Whether each value is one of `allowed` (``Series.isin``, faster on a few values)."""
    if len(values) > SMALL:
        return values.isin(list(allowed)).to_numpy()
    wanted = set(allowed)
    return np.array([v in wanted for v in values.to_numpy()], dtype=bool)


def activity_in(lines: pd.DataFrame, activities) -> np.ndarray:
    """Whether each line's activity is one of `activities`."""
    return values_in(lines["activity"], activities)


def eligible(lines: pd.DataFrame, activities) -> pd.Series:
    """Lines of these activities with a positive quantity."""
    positive = lines["quantity"].to_numpy(dtype="float64") > 0
    return pd.Series(activity_in(lines, activities) & positive, index=lines.index)


def scale(lines: pd.DataFrame, mask, factor) -> pd.DataFrame:
    """A copy with the quantity of the masked lines multiplied by `factor` (a number or an array)."""
    mask = np.asarray(mask, dtype=bool)
    q = lines["quantity"].to_numpy(dtype="float64").copy()
    f = np.broadcast_to(np.asarray(factor, dtype="float64"), q.shape)
    q[mask] = q[mask] * f[mask]
    return lines.assign(quantity=q)


def derived(
    lines: pd.DataFrame, mask, quantity, action: str, *, activity=None, unit=None, clear_own=True
) -> pd.DataFrame:
    """New lines made from the masked ones: same site and group, new activity/unit/quantity."""
    mask = np.asarray(mask, dtype=bool)
    new: dict = {
        "quantity": np.asarray(quantity, dtype="float64")[mask] if np.ndim(quantity) else float(quantity)
    }
    if activity is not None:
        new["activity"] = activity
    if unit is not None:
        new["unit"] = unit
    if clear_own:
        new.update(own_factor=np.nan, own_factor_source="", contract="")
    new.update(row=0, note=ACTION_NOTE.format(action=action))
    return lines.loc[mask].assign(**new)  # one copy, every column set in it


def add_supply(
    lines: pd.DataFrame, activity: str, kwh_by_group: pd.Series, action: str, ctx: Context
) -> pd.DataFrame:
    """Lines buying `kwh_by_group` more of an energy supply (electricity, district heat).

    The new energy follows the group's present supply of that activity in proportion (the same
    contracts, own factors and units); a group without one buys it at the set's factors, in kWh.
    """
    kwh_by_group = kwh_by_group[kwh_by_group > 0]
    if kwh_by_group.empty:
        return lines.iloc[0:0].copy()
    present = lines[activity_in(lines, (activity,)) & values_in(lines[GROUP], kwh_by_group.index)]
    kwh = ctx.to_unit(present, "kWh")
    present, kwh = present[kwh > 0], kwh[kwh > 0]
    groups = present[GROUP].to_numpy()
    total = pd.Series(kwh).groupby(groups).transform("sum").to_numpy()
    new_kwh = kwh_by_group.reindex(groups).to_numpy() * (kwh / total)
    per_kwh = kwh / present["quantity"].to_numpy(dtype="float64")
    template = present.assign(quantity=new_kwh / per_kwh, row=0, note=ACTION_NOTE.format(action=action))
    missing = kwh_by_group[~kwh_by_group.index.isin(groups)]
    if missing.empty:
        return template.reset_index(drop=True)
    fresh = pd.DataFrame(
        {
            GROUP: missing.index,
            "row": 0,
            "site": "",
            "activity": activity,
            "quantity": missing.to_numpy(dtype="float64"),
            "unit": "kWh",
            "own_factor": np.nan,
            "own_factor_source": "",
            "contract": "",
            "quality": "estimated",
            "note": ACTION_NOTE.format(action=action),
        }
    )
    frames = [f for f in (template, fresh) if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else lines.iloc[0:0].copy()


def by_group(lines: pd.DataFrame, values, mask=None, *, skipna: bool = True) -> pd.Series:
    """Sum of `values` per group over the masked lines (0 for groups without any).

    With `skipna=False` a group with any NaN sums to NaN ("not estimated", never a silent 0).
    """
    values = np.broadcast_to(np.asarray(values, dtype="float64"), (len(lines),))
    groups = lines[GROUP].to_numpy()
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        values, groups = values[mask], groups[mask]
    values = pd.Series(values)
    total = values.groupby(groups).sum()
    if not skipna:
        total[values.isna().groupby(groups).any()] = np.nan
    return total


def combine(*frames: pd.DataFrame) -> pd.DataFrame:
    """The frames stacked in order (empty ones skipped)."""
    kept = [f for f in frames if len(f)]
    return pd.concat(kept, ignore_index=True) if kept else frames[0].iloc[0:0].copy()
