"""One partner-year's actions: the ranked table, the combined plan, the assumptions and the commitment.

This is what the CLI, the report section and the what-if notebook share. All figures are estimates
from the catalogue's assumptions (listed with their sources) applied to the partner's own lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from paastolaskuri.accounting.factors import DEFAULT_GWP, FactorSet
from paastolaskuri.actions.catalogue import ActionCatalogue, Parameter, load_action_catalogue
from paastolaskuri.actions.engine import combined_plan, evaluate_actions
from paastolaskuri.actions.transforms import UNCOSTED
from paastolaskuri.i18n import text
from paastolaskuri.numformat import format_number

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
        own = list(self.catalogue[action_id].parameters)
        names = ["discount_rate", *COMMON_FOR.get(action_id, [])] if action_id not in UNCOSTED else []
        common = [p for p in self.catalogue.common if p.name in names]
        return own + common

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
        r["increases_market"] = r["avoided_market_kg"] < 0
        r["cost_estimated"] = r["cost_eur_per_year"].notna()
        r["rests_on_unverified"] = [self.rests_on_unverified(a) for a in r["action_id"]]
        return r.reset_index(drop=True)

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
                        "value": p.value,
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
            for r in self.ranked(lang).to_dict(orient="records")
        ]
        gap = self.commitment()
        return _clean(
            {
                **self.meta,
                "factor_set": self.factor_set,
                "gwp_set": self.gwp_set,
                "estimate": True,
                "baseline_t_market": self.baseline.get("total_market", 0.0) / 1000.0,
                "baseline_t_location": self.baseline.get("total_location", 0.0) / 1000.0,
                "actions": actions,
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


RANKED_KEYS = (  # columns of the ranked table copied to each action's JSON, in this order
    "t_avoided_market",
    "t_avoided_location",
    "share_of_footprint_pct",
    "investment_eur",
    "operating_eur_per_year",
    "cost_eur_per_year",
    "eur_per_t",
    "payback_years",
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


def analyse(
    lines: pd.DataFrame,
    factor_set: FactorSet,
    *,
    catalogue: ActionCatalogue | None = None,
    plan: list[str] | None = None,
    gwp_set: str = DEFAULT_GWP,
    required_reduction_kg: float | None = None,
    meta: dict | None = None,
) -> ActionAnalysis:
    """Rank every applicable action and run the combined plan on one partner-year's lines.

    The default plan is every applicable action in catalogue order.

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
    catalogue = catalogue or load_action_catalogue()
    results = evaluate_actions(lines, factor_set, catalogue, gwp_set)
    if plan is None:
        present = set(results["action_id"])
        plan = [a for a in catalogue.ids() if a in present]
    steps = combined_plan(lines, factor_set, plan, catalogue, gwp_set)
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
