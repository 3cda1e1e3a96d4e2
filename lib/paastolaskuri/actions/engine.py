"""Actions on many partner-years at once: transform, recompute with the same factor set, compare.

Lines carry `_group` (one partner-year). Every case (the baseline, each action, each plan step) is
stacked into one frame and calculated by the ordinary engine in a single call, so 2,000 partner-years
times 19 actions cost a few engine seconds rather than 40,000 small calls.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paastolaskuri.accounting.calculation import LINE_COLUMNS, basis_totals, calculate_emissions, scope_masks
from paastolaskuri.accounting.factors import DEFAULT_GWP, FactorSet
from paastolaskuri.actions.catalogue import Action, ActionCatalogue, catalogue_for
from paastolaskuri.actions.costs import (
    payback_exceeds_lifetime,
    payback_years,
    per_tonne,
    price_costs,
    quantities_frame,
)
from paastolaskuri.actions.line_ops import GROUP, Context
from paastolaskuri.actions.transforms import TRANSFORMS, UNCOSTED, applicable

CASE = "_case"


def prepare_lines(lines: pd.DataFrame, group=0) -> pd.DataFrame:
    """Engine line columns plus `_group` (kept if present), with clean dtypes for the transformations."""
    out = lines.copy()
    if GROUP not in out:
        out[GROUP] = group
    for col in LINE_COLUMNS:
        if col not in out:
            out[col] = np.nan if col in ("quantity", "own_factor") else ("" if col != "row" else 0)
    out["quantity"] = out["quantity"].astype("float64")
    out["own_factor"] = pd.to_numeric(out["own_factor"], errors="coerce").astype("float64")
    for col in ("site", "own_factor_source", "contract", "quality", "note"):
        out[col] = out[col].fillna("").astype(str)
    return out[[*LINE_COLUMNS, GROUP]].reset_index(drop=True)


def case_totals(frames: list[pd.DataFrame], factor_set: FactorSet, gwp_set: str) -> pd.DataFrame:
    """Totals (kg CO2e) per (_case, _group) of the stacked frames, the case of `frames[i]` being i."""
    stacked = pd.concat(frames, ignore_index=True)
    case_of_line = np.repeat(np.arange(len(frames), dtype="int64"), [len(f) for f in frames])
    em = calculate_emissions(stacked, factor_set, gwp_set)
    line = em["line_index"].to_numpy()
    kg = em["kg_co2e"].to_numpy(dtype="float64")
    df = pd.DataFrame({key: np.where(mask, kg, 0.0) for key, mask in scope_masks(em).items()})
    df[CASE] = case_of_line[line]
    df[GROUP] = em[GROUP].to_numpy()
    totals = df.groupby([CASE, GROUP], sort=False).sum()
    return totals.assign(**basis_totals(totals))


class _Lookup:
    """A case's totals by group from `case_totals`, read by position (0 where a group has none)."""

    def __init__(self, totals: pd.DataFrame) -> None:
        keys = totals.index.to_list()
        self.position = {key: i for i, key in enumerate(keys)}
        # a last row of 0: where a (case, group) is missing, as `reindex(...).fillna(0.0)` gives
        self.values = {col: _zero_nan_then_zero(totals[col]) for col in ("total_market", "total_location")}

    def get(self, case: int, groups) -> dict[str, np.ndarray]:
        """{"total_market", "total_location"}: arrays in the order of `groups`."""
        missing = len(self.values["total_market"]) - 1
        pos = np.array([self.position.get((case, g), missing) for g in groups], dtype=np.int64)
        return {col: v[pos] for col, v in self.values.items()}


def _zero_nan_then_zero(values: pd.Series) -> np.ndarray:
    """The values with NaN as 0, and one more 0 at the end (what a missing key reads)."""
    v = values.to_numpy(dtype="float64")
    return np.append(np.where(np.isnan(v), 0.0, v), 0.0)


_ABSENT = object()  # a parameter a transformation asked for with `.get` and did not find


class _Reads(dict):
    """An action's parameter values that remember which of them its transformation read."""

    def __init__(self, values: dict) -> None:
        super().__init__(values)
        self.read: dict = {}

    def __getitem__(self, key):
        value = super().__getitem__(key)
        self.read[key] = value
        return value

    def get(self, key, default=None):
        """`dict.get`, remembered (an absent key too)."""
        self.read[key] = super().get(key, _ABSENT)
        return super().get(key, default)


def _reads_same(read: dict, values: dict) -> bool:
    """Whether `values` holds every value a transformation read, of the same type and equal."""
    return all(type(v) is type(w := values.get(k, _ABSENT)) and v == w for k, v in read.items())


def _transform(lines, action, values: dict, ctx, n_groups: int):
    """(new lines, quantities per group, the values read) for the groups the action applies to, or None.

    `n_groups` is how many groups `lines` holds: when the action applies to all of them the lines
    are passed as they are (a transformation never changes its input).
    """
    groups = pd.unique(lines.loc[applicable(lines, action), GROUP])
    if len(groups) == 0:
        return None
    sub = lines if len(groups) == n_groups else lines[lines[GROUP].isin(groups)]
    reads = _Reads(values)
    new, q = TRANSFORMS[action.action_id](sub, reads, ctx)
    return new, quantities_frame(q, groups), reads.read


def evaluate_actions(
    lines: pd.DataFrame,
    factor_set: FactorSet,
    catalogue: ActionCatalogue | None = None,
    gwp_set: str = DEFAULT_GWP,
    actions: list[str] | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """One row per (group, applicable action): avoided kg on both bases, costs, €/t and payback.

    Parameters
    ----------
    lines
        Activity lines (``LINE_COLUMNS``), of one or many partner-years (a ``group`` column).
    factor_set
        The factor set the lines are computed with.
    catalogue
        The action catalogue (default: the year's prices, ``catalogue_for(year)``).
    gwp_set
        ``"AR5"`` or ``"AR6"``.
    actions
        Only these action IDs (default: every action of the catalogue).
    year
        The reporting year (default: the factor set's): money lines are converted at its exchange
        rates, and without a ``catalogue`` its price table is used.

    Returns
    -------
    pandas.DataFrame
        One row per group and applicable action.

    Examples
    --------
    >>> pl = lines_from_workspace("demo", 2024, "demo-saha")
    >>> table = evaluate_actions(pl.lines, pl.factor_set)
    >>> {"avoided_market_kg", "avoided_location_kg"} <= set(table.columns)
    True
    """
    year = year if year is not None else getattr(factor_set, "reporting_year", None)
    catalogue = catalogue or catalogue_for(year)
    return evaluate_catalogues(lines, factor_set, [(catalogue, actions)], gwp_set, year)[0]


def evaluate_catalogues(
    lines: pd.DataFrame,
    factor_set: FactorSet,
    catalogues: list[tuple[ActionCatalogue, list[str] | None]],
    gwp_set: str = DEFAULT_GWP,
    year: int | None = None,
) -> list[pd.DataFrame]:
    """`evaluate_actions` for several catalogues at once: one table per (catalogue, actions) pair.

    The lines are prepared once and every catalogue's cases go through one engine call, so the
    actions analysis gets its central figures and both ends of the assumptions' ranges for the price
    of one calculation. Each table equals ``evaluate_actions(lines, factor_set, catalogue, gwp_set,
    actions, year)``.

    Parameters
    ----------
    lines
        Activity lines (``LINE_COLUMNS``), of one or many partner-years (a ``group`` column).
    factor_set
        The factor set the lines are computed with.
    catalogues
        (catalogue, action IDs or None for every action of the catalogue) pairs.
    gwp_set
        ``"AR5"`` or ``"AR6"``.
    year
        The reporting year (default: the factor set's).

    Returns
    -------
    list of pandas.DataFrame
        One table per pair, in order, as ``evaluate_actions`` returns it.

    Examples
    --------
    >>> pl = lines_from_workspace("demo", 2024, "demo-saha")
    >>> cat = catalogue_for(2024)
    >>> central, leds = evaluate_catalogues(pl.lines, pl.factor_set, [(cat, None), (cat, ["led_lighting"])])
    >>> set(leds["action_id"]) <= {"led_lighting"}
    True
    """
    year = year if year is not None else getattr(factor_set, "reporting_year", None)
    lines = prepare_lines(lines)
    ctx = Context(factor_set, year)
    n_groups = len(pd.unique(lines[GROUP]))
    frames = [lines]
    cases: list[list[tuple[int, Action, pd.DataFrame]]] = []
    # a transformation is a pure function of the lines and the values it reads: an action whose
    # values read are the same in an earlier catalogue (a range that moves only prices) has its lines
    # and quantities already; only its costs are priced again
    seen: dict[tuple, list[tuple[dict, int, pd.DataFrame]]] = {}
    for catalogue, actions in catalogues:
        mine = []
        for action in (catalogue[a] for a in (actions or catalogue.ids())):
            values = catalogue.values(action.action_id)
            key = (action.action_id, action.applies_to)
            earlier = [(case, q) for read, case, q in seen.get(key, []) if _reads_same(read, values)]
            if earlier:
                mine.append((earlier[0][0], action, earlier[0][1]))
                continue
            done = _transform(lines, action, values, ctx, n_groups)
            if done is None:
                continue
            new, q, read = done
            seen.setdefault(key, []).append((read, len(frames), q))
            mine.append((len(frames), action, q))
            frames.append(new)
        cases.append(mine)
    totals = _Lookup(case_totals(frames, factor_set, gwp_set))
    return [
        _finish([_action_rows(totals, case, action, q, catalogue) for case, action, q in mine])
        for (catalogue, _), mine in zip(catalogues, cases, strict=True)
    ]


def _action_rows(totals: _Lookup, case: int, action: Action, q: pd.DataFrame, catalogue) -> pd.DataFrame:
    """One action's rows (one per group it applies to): before and after, avoided, costs, €/t, payback.

    Case 0 is the lines before any action.
    """
    after = totals.get(case, q.index)
    before = totals.get(0, q.index)
    cost = price_costs(q, catalogue.values(action.action_id), action.action_id not in UNCOSTED)
    columns = {
        GROUP: q.index,
        "action_id": action.action_id,
        "baseline_market_kg": before["total_market"],
        "baseline_location_kg": before["total_location"],
        "after_market_kg": after["total_market"],
        "after_location_kg": after["total_location"],
    }
    avoided = {b: columns[f"baseline_{b}_kg"] - columns[f"after_{b}_kg"] for b in ("market", "location")}
    columns.update({f"avoided_{b}_kg": avoided[b] for b in ("market", "location")})
    columns.update({col: cost[col].to_numpy() for col in cost.columns})
    columns["eur_per_t"] = per_tonne(columns["cost_eur_per_year"], avoided["market"])
    columns["payback_years"] = payback_years(columns["investment_eur"], columns["operating_eur_per_year"])
    columns["payback_exceeds_lifetime"] = payback_exceeds_lifetime(
        columns["investment_eur"], columns["operating_eur_per_year"], columns["lifetime_years"]
    )
    columns["price_year"] = catalogue.price_year
    columns.update({col: q[col].to_numpy() for col in ("kwp", "heat_mwh", "go_mwh", "hvo_l") if col in q})
    # rounding noise (1e-12 kg) is not an increase (the €/t above is of the unrounded figure)
    columns.update({f"avoided_{b}_kg": np.where(np.abs(v) < 1e-6, 0.0, v) for b, v in avoided.items()})
    return pd.DataFrame(columns)


def _finish(rows: list[pd.DataFrame]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=[GROUP, "action_id", "avoided_market_kg", "avoided_location_kg"])
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values([GROUP, "avoided_market_kg"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )


def combined_plan(
    lines: pd.DataFrame,
    factor_set: FactorSet,
    plan: list[str],
    catalogue: ActionCatalogue | None = None,
    gwp_set: str = DEFAULT_GWP,
    year: int | None = None,
) -> pd.DataFrame:
    """The plan's actions applied in order, each on the lines the previous steps left.

    One row per (group, step): the footprint after the step and what the step itself avoided.

    Parameters
    ----------
    lines
        Activity lines (``LINE_COLUMNS``), of one or many partner-years (a ``group`` column).
    factor_set
        The factor set the lines are computed with.
    plan
        Action IDs in the order they are applied.
    catalogue
        The action catalogue (default: the year's prices, ``catalogue_for(year)``).
    gwp_set
        ``"AR5"`` or ``"AR6"``.
    year
        The reporting year (default: the factor set's): money lines are converted at its exchange
        rates, and without a ``catalogue`` its price table is used.

    Returns
    -------
    pandas.DataFrame
        One row per group and step.

    Examples
    --------
    >>> pl = lines_from_workspace("demo", 2024, "demo-saha")
    >>> steps = combined_plan(pl.lines, pl.factor_set, ["led_lighting"])
    >>> len(steps) >= 1
    True
    """
    year = year if year is not None else getattr(factor_set, "reporting_year", None)
    catalogue = catalogue or catalogue_for(year)
    current = prepare_lines(lines)
    ctx = Context(factor_set, year)
    n_groups = len(pd.unique(current[GROUP]))  # an action keeps every group's lines: the count stays
    frames = [current]
    for action_id in plan:
        done = _transform(current, catalogue[action_id], catalogue.values(action_id), ctx, n_groups)
        if done is not None:
            new, _, _ = done
            if len(pd.unique(new[GROUP])) == n_groups:  # every group changed: nothing of before is kept
                current = new.reset_index(drop=True)
            else:
                current = pd.concat([current[~current[GROUP].isin(new[GROUP])], new], ignore_index=True)
        frames.append(current)
    totals = case_totals(frames, factor_set, gwp_set).reset_index()
    totals = totals.sort_values([GROUP, CASE], kind="stable")
    out = totals.rename(columns={CASE: "step", "total_market": "market_kg", "total_location": "location_kg"})
    out["action_id"] = ["(baseline)" if s == 0 else plan[s - 1] for s in out["step"]]
    for basis in ("market", "location"):
        prev = out.groupby(GROUP)[f"{basis}_kg"].shift(1)
        out[f"step_avoided_{basis}_kg"] = (prev - out[f"{basis}_kg"]).fillna(0.0)
        first = out.groupby(GROUP)[f"{basis}_kg"].transform("first")
        out[f"cumulative_avoided_{basis}_kg"] = first - out[f"{basis}_kg"]
    return out[
        [
            GROUP,
            "step",
            "action_id",
            "market_kg",
            "location_kg",
            "step_avoided_market_kg",
            "step_avoided_location_kg",
            "cumulative_avoided_market_kg",
            "cumulative_avoided_location_kg",
        ]
    ].reset_index(drop=True)
