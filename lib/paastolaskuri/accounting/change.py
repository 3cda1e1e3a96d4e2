"""Why a footprint changed: an exact additive split into activity, factor and membership effects.

Method: the Shapley two-factor split (docs/decisions.md, "h25"). Each emission line's kg CO2e is
quantity × factor. Lines are grouped by a *line key* (activity, unit, basis, scope, category), with
q the summed quantity and f = kg / q the group's effective factor. Between year 0 and year 1:

    activity effect = (q1 - q0) × (f0 + f1) / 2
    factor effect   = (f1 - f0) × (q0 + q1) / 2

and the two add up to e1 - e0 exactly (the factor effect is taken as the remainder, so rounding
cannot open a gap). A group that appears (q0 = 0) takes f0 = f1, a group that vanishes f1 = f0: the
whole change of a new or dropped line is activity, which is what it is. LMDI-I needs ln(e1/e0) and
breaks on such lines; that is why Shapley was chosen.

For the network a partner present in one year only adds a *membership effect* (its year-1 kg
minus its year-0 kg); continuing partners are split as above and summed, so network effects add
up to the network's change exactly.

A factor effect holds every change of kg per unit: factor values and revisions, a new own factor or
contract, and a changed mix of sites or own factors within one line key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from paastolaskuri.accounting.calculation import SCOPE2_BASES, TOTAL_KEYS, on_basis, scope_masks

METHOD = "shapley-2"  # the name `calc --format json` gives the method
LINE_KEY = ["activity", "unit", "basis", "scope", "category"]
EFFECTS = ("activity_effect", "factor_effect", "membership_effect")
_VALUE = {"kg_co2e": "kg_co2e", "biogenic_co2": "kg_co2_biogenic"}


@dataclass(frozen=True)
class TotalChange:
    """One total's change from year 0 to year 1 (kg CO2e) and its effects, which add up to it."""

    key: str
    from_value: float
    to_value: float
    activity_effect: float
    factor_effect: float
    membership_effect: float = 0.0

    @property
    def change(self) -> float:
        """to_value - from_value."""
        return self.to_value - self.from_value

    def as_dict(self, network: bool = False) -> dict:
        """The JSON form: change, activity_effect, factor_effect, method (and membership_effect for a network)."""
        out = {
            "from": self.from_value,
            "to": self.to_value,
            "change": self.change,
            "activity_effect": self.activity_effect,
            "factor_effect": self.factor_effect,
            "method": METHOD,
        }
        if network:
            out["membership_effect"] = self.membership_effect
        return out


@dataclass(frozen=True)
class Decomposition:
    """A year-over-year change split into effects: per total and per (Scope 2 basis, scope, category)."""

    from_year: int | None
    to_year: int | None
    totals: dict[str, TotalChange]
    categories: pd.DataFrame  # basis, scope, category, from, to, change, activity/factor/membership effect
    method: str = METHOD
    network: bool = False
    joined: list[str] = field(default_factory=list)  # partners only in year 1 (network)
    left: list[str] = field(default_factory=list)  # partners only in year 0 (network)

    def as_dict(self) -> dict:
        """The JSON form `calc --format json` prints under `change`: from_year, method and one entry per total."""
        out: dict = {"from_year": self.from_year, "method": self.method}
        for key, tc in self.totals.items():
            out[key] = tc.as_dict(self.network)
        return out


def shapley_effects(q0, e0, q1, e1) -> tuple[np.ndarray, np.ndarray]:
    """(activity effect, factor effect) per group from quantities and kg of both years (arrays).

    The factor effect is e1 - e0 - activity effect, so the two add up to the change exactly (to 1e-12
    of the kg: float noise is set to 0).
    """
    q0, e0, q1, e1 = (np.asarray(x, dtype="float64") for x in (q0, e0, q1, e1))
    with np.errstate(divide="ignore", invalid="ignore"):
        f0 = np.where(q0 != 0, e0 / q0, np.nan)
        f1 = np.where(q1 != 0, e1 / q1, np.nan)
    # a group present in one year only: its factor is taken as unchanged, so its change is activity
    f0 = np.where(np.isnan(f0), f1, f0)
    f1 = np.where(np.isnan(f1), f0, f1)
    f0, f1 = np.nan_to_num(f0), np.nan_to_num(f1)
    activity = (q1 - q0) * (f0 + f1) / 2.0
    factor = (e1 - e0) - activity
    # a remainder of float noise (1e-12 of the kg) is no factor effect: shown as 0, not +0.000000000006
    factor = np.where(np.abs(factor) <= 1e-12 * (np.abs(e0) + np.abs(e1)), 0.0, factor)
    return activity, factor


def _grouped(emissions: pd.DataFrame | None, value: str, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Quantity and kg (`value` column) summed per line key (after the `by` columns, e.g. partner_id)."""
    keys = [*by, *LINE_KEY]
    if emissions is None or emissions.empty:
        return pd.DataFrame({**{k: pd.Series(dtype=object) for k in keys}, "q": [], "e": []}).astype(
            {"scope": "int64"}
        )
    df = pd.DataFrame(
        {
            **{k: emissions[k].astype(str).to_numpy() for k in by},
            "activity": emissions["activity"].astype(str).to_numpy(),
            "unit": emissions["unit"].astype(str).to_numpy(),
            "basis": emissions["basis"].astype(str).to_numpy(),
            "scope": emissions["scope"].to_numpy().astype(int),
            "category": emissions["category"].astype(str).to_numpy(),
            "q": emissions["quantity"].to_numpy(dtype="float64"),
            "e": emissions[value].to_numpy(dtype="float64"),
        }
    )
    return df.groupby(keys, as_index=False, sort=True)[["q", "e"]].sum()


def line_effects(
    old: pd.DataFrame | None, new: pd.DataFrame | None, value: str = "kg_co2e", by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Per line key (after `by`): q0, e0, q1, e1 and the effects (kg of the `value` column).

    One row per key found in either year, in key order; a key missing from a year has 0 there.
    """
    keys = [*by, *LINE_KEY]
    sums0, sums1 = _key_sums(old, value, by), _key_sums(new, value, by)
    if not sums0 and not sums1:
        return _line_effects_frame(_grouped(old, value, by), _grouped(new, value, by), keys)
    order = sorted(sums0.keys() | sums1.keys())
    zero = _KeySum()
    columns: dict[str, object] = {k: [key[i] for key in order] for i, k in enumerate(keys)}
    for suffix, sums in (("0", sums0), ("1", sums1)):
        columns[f"q{suffix}"] = np.array([sums.get(key, zero).q.total for key in order], dtype="float64")
        columns[f"e{suffix}"] = np.array([sums.get(key, zero).e.total for key in order], dtype="float64")
    both = pd.DataFrame(columns)[[*keys, "q0", "e0", "q1", "e1"]]
    both["scope"] = both["scope"].astype(int)
    return _with_effects(both)


def _line_effects_frame(grouped0: pd.DataFrame, grouped1: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """`line_effects` of two grouped years when neither has a line (the typed empty frame)."""
    both = grouped0.merge(grouped1, on=keys, how="outer", suffixes=("0", "1"))
    for c in ("q0", "e0", "q1", "e1"):
        both[c] = both[c].astype("float64").fillna(0.0)
    both["scope"] = both["scope"].astype(int)
    return _with_effects(both)


def _with_effects(both: pd.DataFrame) -> pd.DataFrame:
    act, fac = shapley_effects(both["q0"], both["e0"], both["q1"], both["e1"])
    both["activity_effect"] = act
    both["factor_effect"] = fac
    both["membership_effect"] = 0.0
    return both


class CompensatedSum:
    """A compensated (Kahan) sum, added to in the lines' order: the sum pandas' groupby gives, float for float.

    For summing a few lines per key in plain Python, where a pandas groupby costs more than the sums.
    """

    __slots__ = ("carry", "total")

    def __init__(self) -> None:
        self.total = 0.0
        self.carry = 0.0

    def add(self, value: float) -> None:
        """Add `value` to the total."""
        y = value - self.carry
        t = self.total + y
        self.carry = (t - self.total) - y
        self.total = t


class _KeySum:
    """Quantity and kg summed for one line key."""

    __slots__ = ("e", "q")

    def __init__(self) -> None:
        self.q = CompensatedSum()
        self.e = CompensatedSum()


def _key_sums(emissions: pd.DataFrame | None, value: str, by: tuple[str, ...]) -> dict[tuple, _KeySum]:
    """Quantity and `value` summed per line key (after `by`).

    A line with a missing key is left out, as pandas' groupby leaves it out; a missing number adds nothing.
    """
    if emissions is None or emissions.empty:
        return {}
    texts = [emissions[k].astype(str).tolist() for k in (*by, "activity", "unit", "basis")]
    scope = emissions["scope"].to_numpy().astype(int).tolist()
    category = emissions["category"].astype(str).tolist()
    q = emissions["quantity"].to_numpy(dtype="float64").tolist()
    e = emissions[value].to_numpy(dtype="float64").tolist()
    sums: dict[tuple, _KeySum] = {}
    for *text, s, cat, qi, ei in zip(*texts, scope, category, q, e, strict=True):
        key = (*text, s, cat)
        if any(not isinstance(t, str) for t in (*text, cat)):
            continue
        ks = sums.get(key)
        if ks is None:
            ks = sums[key] = _KeySum()
        if qi == qi:
            ks.q.add(qi)
        if ei == ei:
            ks.e.add(ei)
    return sums


def _total_masks(effects: pd.DataFrame) -> dict[str, np.ndarray]:
    """Which line-key rows each total (TOTAL_KEYS without biogenic CO2) sums."""
    masks = scope_masks(effects)
    out = dict(masks)
    for b in SCOPE2_BASES:
        out[f"total_{b}"] = masks["scope1"] | masks[f"scope2_{b}"] | masks["scope3"]
    return out


def _total(key: str, rows: pd.DataFrame) -> TotalChange:
    """Sum one total's rows into a TotalChange."""
    return TotalChange(
        key,
        float(rows["e0"].sum()),
        float(rows["e1"].sum()),
        float(rows["activity_effect"].sum()),
        float(rows["factor_effect"].sum()),
        float(rows["membership_effect"].sum()),
    )


def summarise(effects: pd.DataFrame, biogenic: pd.DataFrame) -> dict[str, TotalChange]:
    """TotalChange per key of TOTAL_KEYS from line-key effects (kg CO2e) and biogenic-CO2 effects."""
    out: dict[str, TotalChange] = {}
    masks = _total_masks(effects)
    for key in TOTAL_KEYS:
        if key == "biogenic_co2":
            out[key] = _total(key, biogenic)
        else:
            out[key] = _total(key, effects[masks[key]])
    return out


def category_table(effects: pd.DataFrame) -> pd.DataFrame:
    """Effects per (Scope 2 basis, scope, category): every line outside Scope 2 counts on both bases."""
    cols = ["e0", "e1", *EFFECTS]
    frames = []
    for b in SCOPE2_BASES:
        rows = effects[on_basis(effects, b)] if not effects.empty else effects
        g = rows.groupby(["scope", "category"], as_index=False)[cols].sum()
        g.insert(0, "basis", b)
        frames.append(g)
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    table = table.rename(columns={"e0": "from", "e1": "to"})
    table.insert(5, "change", table["to"] - table["from"])
    return table


def decompose_partner(
    old: pd.DataFrame | None,
    new: pd.DataFrame | None,
    from_year: int | None = None,
    to_year: int | None = None,
) -> Decomposition:
    """One partner's change between two years' emission lines (calculation.calculate_emissions frames)."""
    effects = line_effects(old, new)
    biogenic = line_effects(old, new, _VALUE["biogenic_co2"])
    return Decomposition(from_year, to_year, summarise(effects, biogenic), category_table(effects))


def _network_effects(old: pd.DataFrame, new: pd.DataFrame, value: str) -> pd.DataFrame:
    """Line effects per partner and line key; a partner in one year only is all membership effect."""
    both = line_effects(old, new, value, by=("partner_id",))
    in_old = both["partner_id"].isin(set(_partners(old)))
    in_new = both["partner_id"].isin(set(_partners(new)))
    member = (in_old != in_new).to_numpy()
    change = (both["e1"] - both["e0"]).to_numpy()
    both["membership_effect"] = np.where(member, change, 0.0)
    for c in ("activity_effect", "factor_effect"):
        both[c] = np.where(member, 0.0, both[c].to_numpy())
    return both


def _partners(emissions: pd.DataFrame | None) -> list[str]:
    """The partner ids of a network frame."""
    if emissions is None or emissions.empty:
        return []
    return [str(p) for p in pd.unique(emissions["partner_id"].astype(str))]


def network_frame(by_partner: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Partner id -> emission lines, stacked into one frame with a `partner_id` column."""
    frames = [
        df.assign(partner_id=str(pid)) for pid, df in by_partner.items() if df is not None and not df.empty
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def decompose_network(
    old: pd.DataFrame | Mapping[str, pd.DataFrame],
    new: pd.DataFrame | Mapping[str, pd.DataFrame],
    from_year: int | None = None,
    to_year: int | None = None,
) -> Decomposition:
    """The network's change: continuing partners split into activity and factor, the others membership.

    `old` and `new` are a year's emission lines with a `partner_id` column (data/processed/<year>/
    emissions.parquet), or a mapping partner id -> that partner's lines. All partners are grouped in
    one pass, so 2 000 partner-years take well under a second.
    """
    old_df = network_frame(old) if isinstance(old, Mapping) else old
    new_df = network_frame(new) if isinstance(new, Mapping) else new
    effects = _network_effects(old_df, new_df, "kg_co2e")
    biogenic = _network_effects(old_df, new_df, "kg_co2_biogenic")
    before, after = set(_partners(old_df)), set(_partners(new_df))
    return Decomposition(
        from_year,
        to_year,
        summarise(effects, biogenic),
        category_table(effects),
        network=True,
        joined=sorted(after - before),
        left=sorted(before - after),
    )
