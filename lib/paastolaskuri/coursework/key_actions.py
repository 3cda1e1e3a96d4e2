"""Assignment 04's key: the actions feature and the commitment pathway, on the engine's own figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paastolaskuri.actions import analyse
from paastolaskuri.commitments.tracking import committed_pathway, pathway_at
from paastolaskuri.coursework.exercise import Exercise, factor_set_of, how_to, row_of
from paastolaskuri.intake.commitment_schema import Target

if TYPE_CHECKING:
    import pandas as pd

    from paastolaskuri.coursework.case import Case
    from paastolaskuri.footprint import Footprint


def case_target(case: Case) -> Target:
    """The case partner's commitment: Scope 1+2+3 (market-based), absolute, from the case year."""
    return Target(
        partner_id=case.partner_id,
        commitment_id="kurssi-1",
        coverage="scope123",
        metric="absolute",
        base_year=case.year,
        target_year=int(case.facts["target_year"]),
        reduction_pct=float(case.facts["target_pct"]),
    )


def pathway_value(case: Case, base_t: float) -> float:
    """The committed pathway's value (t CO2e) in the case's check year."""
    return pathway_at(committed_pathway(case_target(case), base_t), int(case.facts["check_year"]))


def action_results(fp: Footprint) -> pd.DataFrame:
    """The actions feature on a footprint's lines (one row per action)."""
    return analyse(fp.submission.lines, factor_set_of(fp), gwp_set=fp.gwp_set).results


def avoided_by_action(results: pd.DataFrame) -> dict[str, float]:
    """Action ID -> kg avoided (market-based), from `action_results`."""
    return dict(zip(results["action_id"], results["avoided_market_kg"], strict=True))


def action_exercises(case: Case, fp: Footprint, flights: Footprint) -> dict[str, Exercise]:
    """Top action, two actions by hand (green electricity, remote meetings), the pathway.

    `fp` is the case template's footprint (what the 04 notebook computes); `flights` the engine on
    the flights alone, which the template leaves out (2.4 asks for their pkm): 4.3 acts on them.
    """
    results = action_results(fp)
    ranked = results.sort_values("avoided_market_kg", ascending=False, kind="stable")
    avoided = avoided_by_action(results)
    el_loc = float(row_of(fp, "electricity", "location")["kg_co2e"])
    flight = float(row_of(flights, "flight_domestic")["kg_co2e"])
    base_t = fp.totals["total_market"] / 1000
    base_loc_t = fp.totals["total_location"] / 1000
    pct = float(case.facts["target_pct"]) / 100
    wrong_top = tuple((a, "wrong_action") for a in ranked["action_id"].iloc[1:4])
    return {
        "04.top_action": Exercise("text", str(ranked["action_id"].iloc[0]), mistakes=wrong_top),
        "04.green_electricity_avoided_kg": Exercise(
            "number",
            float(avoided["green_electricity"]),
            "kg CO2e",
            ((el_loc, "scope2_basis"),),
            "kwh_mwh",
            how_to("04.green_electricity_avoided_kg"),
        ),
        "04.remote_meetings_avoided_kg": Exercise(
            "number",
            avoided_by_action(action_results(flights))["remote_meetings"],
            "kg CO2e",
            ((flight * 0.75, "remaining_vs_avoided"),),
            how=how_to("04.remote_meetings_avoided_kg"),
        ),
        "04.target_t": Exercise(
            "number",
            base_t * (1 - pct),
            "t CO2e",
            ((base_loc_t * (1 - pct), "scope2_basis"),),
            how=how_to("04.target_t"),
        ),
        "04.pathway_t": Exercise(
            "number",
            pathway_value(case, base_t),
            "t CO2e",
            ((pathway_value(case, base_loc_t), "scope2_basis"),),
            how=how_to("04.pathway_t"),
        ),
    }
