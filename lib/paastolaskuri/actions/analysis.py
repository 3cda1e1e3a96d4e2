"""One partner-year's actions: the ranked table, the combined plan, the assumptions and the commitment.

This is what the CLI, the report section and the what-if notebook share. All figures are estimates
from the catalogue's assumptions (listed with their sources) applied to the partner's own lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from paastolaskuri.accounting.factors import DEFAULT_GWP, FactorSet
from paastolaskuri.actions.catalogue import ActionCatalogue, Parameter, catalogue_for
from paastolaskuri.actions.engine import combined_plan, evaluate_catalogues
from paastolaskuri.actions.transforms import UNCOSTED
from paastolaskuri.core.i18n import text, text_or
from paastolaskuri.core.numformat import format_number

PRICE_PARAMS = {
    "d_electricity_mwh": "electricity_eur_per_kwh",
    "d_district_heat_mwh": "district_heat_eur_per_mwh",
    "d_fuel_oil_mwh": "fuel_oil_eur_per_mwh",
    "d_gas_mwh": "gas_eur_per_mwh",
}
COMMON_FOR = {  # the common (price) parameters each costed action's figures rest on
    "indoor_temperature": ["district_heat_eur_per_mwh", "fuel_oil_eur_per_mwh", "gas_eur_per_mwh"],
    "led_lighting": ["electricity_eur_per_kwh"],
    "ventilation_control": ["district_heat_eur_per_mwh", "electricity_eur_per_kwh"],
    "heat_pump_ground": ["fuel_oil_eur_per_mwh", "gas_eur_per_mwh", "electricity_eur_per_kwh"],
    "heat_pump_air_water": ["fuel_oil_eur_per_mwh", "gas_eur_per_mwh", "electricity_eur_per_kwh"],
    "oil_to_district_heat": ["fuel_oil_eur_per_mwh", "district_heat_eur_per_mwh"],
    "solar_pv": ["electricity_eur_per_kwh"],
    "cars_to_electric": ["electricity_eur_per_kwh", "petrol_eur_per_l", "diesel_eur_per_l"],
}


@dataclass(frozen=True)
class CommitmentGap:
    """How far a set of actions goes toward the partner's required reduction (None: no commitment)."""

    required_kg: float | None
    avoided_kg: float

    @property
    def share(self) -> float | None:
        """Avoided ÷ required (may exceed 1); None without a commitment, 1 when nothing is required."""
        if self.required_kg is None:
            return None
        if self.required_kg <= 0:
            return 1.0
        return self.avoided_kg / self.required_kg

    def text(self, lang: str) -> str:
        """One sentence for the reader."""
        if self.required_kg is None:
            return text("actions.gap.none", lang)
        if self.required_kg <= 0:
            return text("actions.gap.met", lang)
        pct = format_number(100 * (self.share or 0.0), lang, 0)
        t_req, t_av = (
            format_number(self.required_kg / 1000, lang, 1),
            format_number(self.avoided_kg / 1000, lang, 1),
        )
        return text("actions.gap.covers", lang, pct=pct, avoided=t_av, required=t_req)


def commitment_gap(required_reduction_kg: float | None, avoided_kg: float) -> CommitmentGap:
    """The share of a required reduction (kg CO2e a year, or None) that `avoided_kg` closes.

    Parameters
    ----------
    required_reduction_kg
        The reduction still needed (kg CO2e a year), or None when there is no absolute target.
    avoided_kg
        What the plan avoids (kg CO2e a year).

    Returns
    -------
    CommitmentGap
        The required and avoided kg and the share closed (None without a requirement).

    Examples
    --------
    >>> commitment_gap(1000.0, 250.0).share
    0.25
    """
    req = (
        None if required_reduction_kg is None or _nan(required_reduction_kg) else float(required_reduction_kg)
    )
    return CommitmentGap(req, float(avoided_kg))


def _nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def parameters_used(catalogue: ActionCatalogue, action_id: str) -> list[Parameter]:
    """An action's own parameters and the common ones its figures rest on."""
    own = list(catalogue[action_id].parameters)
    names = (
        ["discount_rate", "vat_rate", "prices_include_vat", *COMMON_FOR.get(action_id, [])]
        if action_id not in UNCOSTED
        else []
    )
    return own + [p for p in catalogue.common if p.name in names]


@dataclass
class ActionAnalysis:
    """A partner-year's ranked actions, combined plan and assumptions (all estimates)."""

    results: pd.DataFrame  # one row per applicable action, ranked by t avoided (market-based)
    plan: pd.DataFrame  # one row per plan step
    baseline: dict  # total_market, total_location (kg)
    catalogue: ActionCatalogue
    factor_set: str
    gwp_set: str
    required_reduction_kg: float | None = None
    meta: dict = field(default_factory=dict)

    @property
    def plan_avoided_kg(self) -> float:
        """What the whole plan avoids a year (market-based kg)."""
        return float(self.plan["cumulative_avoided_market_kg"].iloc[-1]) if len(self.plan) else 0.0

    def commitment(self) -> CommitmentGap:
        """How far the combined plan goes toward the commitment's required reduction."""
        return commitment_gap(self.required_reduction_kg, self.plan_avoided_kg)

    def parameters_used(self, action_id: str) -> list[Parameter]:
        """The action's own parameters and the common ones its figures rest on."""
        return parameters_used(self.catalogue, action_id)

    def rests_on_unverified(self, action_id: str) -> bool:
        """Whether a value the action's figures use is unverified (and not the user's own)."""
        return any(
            p.confidence == "unverified" and not p.overridden and p.value is not None
            for p in self.parameters_used(action_id)
        )

    def ranked(self, lang: str = "fi") -> pd.DataFrame:
        """The results with labels, t, % of footprint and flags, best first."""
        r = self.results.copy()
        total = self.baseline.get("total_market") or 0.0
        r["label"] = [self.catalogue[a].label(lang) for a in r["action_id"]]
        r["t_avoided_market"] = r["avoided_market_kg"] / 1000.0
        r["t_avoided_location"] = r["avoided_location_kg"] / 1000.0
        r["share_of_footprint_pct"] = 100 * r["avoided_market_kg"] / total if total else float("nan")
        r["increases_location"] = r["avoided_location_kg"] < 0
        r["increases_market"] = increases_emissions(r)
        r["cost_estimated"] = r["cost_eur_per_year"].notna()
        r["rests_on_unverified"] = [self.rests_on_unverified(a) for a in r["action_id"]]
        return r.reset_index(drop=True)

    def effective(self, lang: str = "fi") -> pd.DataFrame:
        """The ranked actions that reduce emissions (market-based), best first: the "most effective"."""
        r = self.ranked(lang)
        return r[~r["increases_market"]].reset_index(drop=True)

    def increasing(self, lang: str = "fi") -> pd.DataFrame:
        """Actions that would raise the market-based footprint: never ranked, listed apart with the reason."""
        r = self.ranked(lang)
        return r[r["increases_market"]].reset_index(drop=True)

    @property
    def vat_basis(self) -> str:
        """The VAT basis ("excl" or "incl") every price, saving and investment is on."""
        return self.catalogue.vat_basis

    @property
    def price_year(self) -> int | None:
        """The year of the price table the costs use."""
        return self.catalogue.price_year

    def assumptions(self, lang: str = "fi") -> pd.DataFrame:
        """Every parameter the shown actions rest on, with its value, unit and source."""
        rows, seen = [], set()
        for action_id in self.results["action_id"]:
            for p in self.parameters_used(action_id):
                if p.key in seen:
                    continue
                seen.add(p.key)
                rows.append(
                    {
                        "parameter": p.key,
                        "label": p.label(lang),
                        "value": self.catalogue.on_basis(p),
                        "unit": p.unit,
                        "source": p.source_text(lang),
                        "url": p.url,
                        "confidence": "user" if p.overridden else p.confidence,
                        "note": p.note_text(lang),
                    }
                )
        return pd.DataFrame(
            rows, columns=["parameter", "label", "value", "unit", "source", "url", "confidence", "note"]
        )

    def as_dict(self, lang: str = "fi") -> dict:
        """The JSON the CLI prints.

        Per action at least action_id, parameters, t avoided on both bases, cost a year, €/t,
        payback and sources.
        """
        actions = [
            _action_json(r, self.parameters_used(r["action_id"]), lang)
            for r in self.effective(lang).to_dict(orient="records")
        ]
        increasing = [
            {
                **_action_json(r, self.parameters_used(r["action_id"]), lang),
                "reason": text("actions.increase_reason", lang),
            }
            for r in self.increasing(lang).to_dict(orient="records")
        ]
        gap = self.commitment()
        return _clean(
            {
                **self.meta,
                "factor_set": self.factor_set,
                "gwp_set": self.gwp_set,
                "estimate": True,
                "price_year": self.price_year,
                "vat_basis": self.vat_basis,
                "baseline_t_market": self.baseline.get("total_market", 0.0) / 1000.0,
                "baseline_t_location": self.baseline.get("total_location", 0.0) / 1000.0,
                "actions": actions,
                "actions_increasing_emissions": increasing,
                "plan": [
                    {
                        "step": int(s.step),
                        "action_id": s.action_id,
                        "t_after_market": s.market_kg / 1000.0,
                        "t_after_location": s.location_kg / 1000.0,
                        "t_step_avoided_market": s.step_avoided_market_kg / 1000.0,
                        "t_step_avoided_location": s.step_avoided_location_kg / 1000.0,
                    }
                    for s in self.plan.itertuples()
                ],
                "commitment": {
                    "required_t": None if gap.required_kg is None else gap.required_kg / 1000.0,
                    "share_closed": gap.share,
                    "text": gap.text(lang),
                },
            }
        )


def confidence_text(mark: str, lang: str) -> str:
    """A confidence mark in the reader's words (choice, user, seen in source ...)."""
    return text_or(f"report.actions_confidence.{mark}", lang, text_or(f"label.confidence.{mark}", lang, mark))


def plan_table(analysis: ActionAnalysis, lang: str) -> pd.DataFrame:
    """The combined plan in order: each step's t avoided and the t left, on both bases."""
    cat = analysis.catalogue

    def h(key: str) -> str:
        return text(f"actions.plan_header.{key}", lang)

    rows = []
    for s in analysis.plan.itertuples():
        label = h("baseline") if s.step == 0 else cat[s.action_id].label(lang)
        rows.append(
            [
                str(int(s.step)) if s.step else "",
                label,
                "" if s.step == 0 else _fmt(s.step_avoided_market_kg / 1000.0, lang),
                "" if s.step == 0 else _fmt(s.step_avoided_location_kg / 1000.0, lang),
                _fmt(s.market_kg / 1000.0, lang),
                _fmt(s.location_kg / 1000.0, lang),
            ]
        )
    if len(analysis.plan) > 1:
        last = analysis.plan.iloc[-1]
        rows.append(
            [
                "",
                h("total"),
                _fmt(last.cumulative_avoided_market_kg / 1000.0, lang),
                _fmt(last.cumulative_avoided_location_kg / 1000.0, lang),
                "",
                "",
            ]
        )
    keys = ("step", "action", "market", "location", "after_market", "after_location")
    return pd.DataFrame(rows, columns=[h(k) for k in keys])


def prices_line(analysis: ActionAnalysis, lang: str) -> str:
    """Which year's prices, and on which VAT basis, every amount is."""
    basis = text(f"actions.vat_basis.{analysis.vat_basis}", lang)
    return text("actions.prices_line", lang, year=analysis.price_year or "–", basis=basis)


def _fmt(x, lang: str, digits: int = 1) -> str:
    return format_number(x, lang, digits)


ALTERNATIVE_GROUPS = ("heating",)  # catalogue groups whose actions replace the same boiler: one of them


@dataclass(frozen=True)
class MaccBar:
    """One bar of the cost curve: the action's number in the ranked table, its width and height."""

    no: int
    action_id: str
    t_avoided: float  # the action's step in the combined plan (market-based), so widths add up
    eur_per_t: float | None  # the action alone; None: cost not estimated (drawn grey at 0)


@dataclass(frozen=True)
class MaccData:
    """What the MACC draws: the plan's steps as bars, the alternatives left out, the axis end."""

    bars: tuple[MaccBar, ...]  # costed bars cheapest first, then the uncosted ones
    alternatives: tuple[tuple[int, tuple[int, ...]], ...]  # (chosen no, the alternatives' nos)
    total_t: float  # the combined plan's total: where the cumulative axis ends


def macc_data(analysis: ActionAnalysis, lang: str = "fi") -> MaccData:
    """The cost curve of the combined plan: only actions that can be combined are stacked.

    Each bar's width is what the action's step avoids in the plan (so the widths end at the plan's
    total and alternatives are not stacked: a boiler already replaced leaves nothing to its
    alternatives); its height is the action's own €/t. Alternatives of one group not taken by the plan
    are returned beside the one chosen.
    """
    ranked = analysis.effective(lang)
    number = {a: i + 1 for i, a in enumerate(ranked["action_id"])}
    per_t = dict(zip(ranked["action_id"], ranked["eur_per_t"], strict=True))
    steps = analysis.plan[analysis.plan["step"] > 0]
    bars = [
        MaccBar(
            number[s.action_id],
            s.action_id,
            s.step_avoided_market_kg / 1000.0,
            None if per_t.get(s.action_id) != per_t.get(s.action_id) else float(per_t[s.action_id]),
        )
        for s in steps.itertuples()
        if s.action_id in number and s.step_avoided_market_kg > 0
    ]
    costed = sorted((b for b in bars if b.eur_per_t is not None), key=lambda b: b.eur_per_t or 0.0)
    uncosted = [b for b in bars if b.eur_per_t is None]
    drawn = {b.action_id for b in bars}
    alternatives = []
    for group in ALTERNATIVE_GROUPS:
        members = [a for a in ranked["action_id"] if analysis.catalogue[a].group == group]
        chosen = [a for a in members if a in drawn]
        others = tuple(number[a] for a in members if a not in drawn)
        if chosen and others:
            alternatives.append((number[chosen[0]], others))
    return MaccData(tuple(costed + uncosted), tuple(alternatives), analysis.plan_avoided_kg / 1000.0)


RANKED_KEYS = (  # columns of the ranked table copied to each action's JSON, in this order
    "t_avoided_market",
    "t_avoided_location",
    "share_of_footprint_pct",
    "investment_eur",
    "operating_eur_per_year",
    "cost_eur_per_year",
    "eur_per_t",
    "payback_years",
    "payback_exceeds_lifetime",
    "price_year",
    "t_avoided_market_low",
    "t_avoided_market_high",
    "eur_per_t_low",
    "eur_per_t_high",
    "cost_estimated",
    "increases_location",
    "rests_on_unverified",
)


def _action_json(r: dict, params, lang: str) -> dict:
    """One ranked action as JSON: its parameters, t avoided on both bases, costs and every source."""
    return {
        "action_id": r["action_id"],
        "label": r["label"],
        "parameters": {p.key: p.value for p in params},
        **{key: r[key] for key in RANKED_KEYS},
        "sources": [_source_json(p, lang) for p in params],
    }


def _source_json(p, lang: str) -> dict:
    """Where a parameter's value comes from (a `--set` value is the user's)."""
    return {
        "parameter": p.key,
        "value": p.value,
        "unit": p.unit,
        "publisher": p.publisher if not p.overridden else "user",
        "document": p.document if not p.overridden else "--set",
        "year": p.year,
        "url": p.url,
        "confidence": p.confidence if not p.overridden else "user",
        "note": p.note_text(lang),
    }


def _clean(obj):
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item"):
        obj = obj.item()
    if isinstance(obj, float) and math.isnan(obj):
        return None
    return obj


def increases_emissions(results: pd.DataFrame) -> pd.Series:
    """Actions that raise the market-based footprint (the ranking's basis): listed apart, never ranked."""
    return results["avoided_market_kg"] < 0


def _range_catalogue(catalogue: ActionCatalogue, end: str) -> ActionCatalogue:
    """The catalogue with every parameter that has an uncertainty range at its `end` ("low" or "high")."""

    def moved(p: Parameter) -> Parameter:
        value = getattr(p, end)
        return p if value is None or p.overridden else replace(p, value=value)

    return replace(
        catalogue,
        actions=tuple(
            replace(a, parameters=tuple(moved(p) for p in a.parameters)) for a in catalogue.actions
        ),
        common=tuple(moved(p) for p in catalogue.common),
    )


def _has_range(catalogue: ActionCatalogue, action_id: str) -> bool:
    """Whether the action rests on a parameter with an uncertainty range (not set by the user)."""
    return any(p.low is not None and not p.overridden for p in parameters_used(catalogue, action_id))


def with_ranges(results: pd.DataFrame, ends: list[pd.DataFrame]) -> pd.DataFrame:
    """The results with the low and high t avoided and €/t across the assumptions' ranges.

    `ends` are the results with every ranged parameter at its low and at its high end; each column's
    low/high is the smallest/largest of the central figure and the two ends (an end does not say
    which way a result moves: a low price raises the €/t of a saving).
    """
    out = results.copy()
    for col, name in (("avoided_market_kg", "t_avoided_market"), ("eur_per_t", "eur_per_t")):
        scale = 1000.0 if col == "avoided_market_kg" else 1.0
        frames = [out.set_index("action_id")[col]] + [e.set_index("action_id")[col] for e in ends]
        table = pd.concat(frames, axis=1).reindex(out["action_id"]) / scale
        # an action no range touches is absent from the ends: its range is its central figure
        out[f"{name}_low"] = table.min(axis=1).to_numpy()
        out[f"{name}_high"] = table.max(axis=1).to_numpy()
    return out


def default_plan(results: pd.DataFrame, catalogue: ActionCatalogue) -> list[str]:
    """The plan when none is given: every applicable action that does not raise emissions.

    In catalogue order, with one action of each alternative group: the one that avoids the most
    (market-based).
    """
    if not len(results):
        return []
    ok = results[~increases_emissions(results)]
    present = set(ok["action_id"])
    for group in ALTERNATIVE_GROUPS:
        members = ok[[catalogue[a].group == group for a in ok["action_id"]]]
        if len(members) > 1:
            best = members.sort_values("avoided_market_kg", ascending=False, kind="stable")["action_id"].iloc[
                0
            ]
            present -= set(members["action_id"]) - {best}
    return [a for a in catalogue.ids() if a in present]


def analyse(
    lines: pd.DataFrame,
    factor_set: FactorSet,
    *,
    catalogue: ActionCatalogue | None = None,
    plan: list[str] | None = None,
    gwp_set: str = DEFAULT_GWP,
    required_reduction_kg: float | None = None,
    meta: dict | None = None,
    year: int | None = None,
) -> ActionAnalysis:
    """Rank every applicable action and run the combined plan on one partner-year's lines.

    The default plan is `default_plan`: no action that raises emissions, one of each alternative group.
    Each action's t avoided and €/t are also given across its assumptions' uncertainty ranges.

    Parameters
    ----------
    lines
        The partner-year's activity lines (``accounting.calculation.LINE_COLUMNS``), e.g.
        ``lines_from_workspace(...).lines`` or ``compute_footprint(...).submission.lines``.
    factor_set
        The factor set the lines are computed with.
    catalogue
        The action catalogue (default: the shipped one; see ``apply_overrides``).
    plan
        Action IDs in the order the combined plan applies them.
    gwp_set
        ``"AR5"`` or ``"AR6"``.
    required_reduction_kg
        The reduction the partner's commitment still needs (kg CO2e a year; ``required_reduction``).
    meta
        Partner and year, carried into the result for its tables.
    year
        The reporting year: its exchange rates and, without a ``catalogue``, its prices.

    Returns
    -------
    ActionAnalysis
        ``results`` (one row per applicable action: avoided kg on both bases, costs, EUR/t,
        payback), ``plan`` (the combined plan step by step) and the commitment gap.

    Examples
    --------
    >>> pl = lines_from_workspace("demo", 2024, "demo-saha")
    >>> analysis = analyse(pl.lines, pl.factor_set, gwp_set=pl.gwp_set)
    >>> "avoided_market_kg" in analysis.results.columns
    True
    """
    year = year if year is not None else getattr(factor_set, "reporting_year", None)
    catalogue = catalogue or catalogue_for(year)
    # only actions resting on a parameter with a range are evaluated again, at each end; whether an
    # action applies does not depend on its parameters, so all three go through one engine call
    ranged = [a for a in catalogue.ids() if _has_range(catalogue, a)]
    at_ends = [(_range_catalogue(catalogue, end), ranged) for end in ("low", "high")] if ranged else []
    central, *ends = evaluate_catalogues(lines, factor_set, [(catalogue, None), *at_ends], gwp_set, year)
    if not set(central["action_id"]) & set(ranged):
        ends = []
    results = with_ranges(central, ends) if len(central) else central
    if plan is None:
        plan = default_plan(results, catalogue)
    steps = combined_plan(lines, factor_set, plan, catalogue, gwp_set, year=year)
    first = steps.iloc[0] if len(steps) else None
    baseline = {
        "total_market": float(first.market_kg) if first is not None else 0.0,
        "total_location": float(first.location_kg) if first is not None else 0.0,
    }
    return ActionAnalysis(
        results.drop(columns="_group"),
        steps.drop(columns="_group"),
        baseline,
        catalogue,
        factor_set.name,
        gwp_set,
        required_reduction_kg,
        meta or {},
    )
