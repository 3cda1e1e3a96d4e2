"""The teacher's answer key, computed with the package's own engine (so key and workbench agree).

Each exercise has its expected value, the tolerance, and the values that typical mistakes give,
each with the hint that names the mistake (see hints.py).
"""

from __future__ import annotations

import functools
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from paastolaskuri.accounting.calculation import lines_on_basis
from paastolaskuri.coursework.case import Case, make_case
from paastolaskuri.coursework.constants import VAT_RATE, VAT_RATE_BEFORE
from paastolaskuri.coursework.exercise import Exercise, factor_set_of, how_to, row_of
from paastolaskuri.coursework.files import BROKEN_FILE, CASE_FILE, write_broken_template, write_case_template
from paastolaskuri.coursework.key_actions import action_exercises
from paastolaskuri.footprint import Footprint, compute_footprint


@dataclass(frozen=True)
class AnswerKey:
    """Every exercise of every assignment for one student, and the engine's totals they rest on."""

    student_id: str
    partner_id: str
    factor_set: str
    totals: dict
    exercises: dict[str, Exercise] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The JSON the teacher keeps (answer_key.json)."""
        return {
            "student_id": self.student_id,
            "partner_id": self.partner_id,
            "factor_set": self.factor_set,
            "totals_kg_co2e": self.totals,
            "exercises": {k: _plain(asdict(v)) for k, v in self.exercises.items()},
        }


def _plain(obj):
    """Numpy numbers as Python numbers, tuples as lists (for JSON)."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    return obj.item() if hasattr(obj, "item") else obj


def _prop(fp: Footprint, activity: str, name: str) -> float:
    return factor_set_of(fp).properties_for(activity)[name]


def _factor(fp: Footprint, factor_id: str) -> float:
    f = factor_set_of(fp).factors
    return float(f.loc[f["factor_id"] == factor_id, "value"].iloc[0])


def scope12_exercises(case: Case, fp: Footprint) -> dict[str, Exercise]:
    """Assignment 01: light fuel oil by hand (litres, GJ, kg CO2), diesel, electricity on both bases."""
    litres = case.facts["oil_litres"]
    ncv = _prop(fp, "light_fuel_oil", "ncv_mass")
    gj = row_of(fp, "light_fuel_oil")["converted_quantity"]
    co2 = row_of(fp, "light_fuel_oil")["kg_co2"]
    lfo_co2 = _factor(fp, "lfo.co2")
    el_loc = row_of(fp, "electricity", "location")["kg_co2e"]
    el_mkt = row_of(fp, "electricity", "market")["kg_co2e"]
    t = fp.totals
    return {
        "01.oil_litres": Exercise("number", litres, "l", thousand="m3_l", how=how_to("01.oil_litres")),
        "01.oil_energy_gj": Exercise(
            "number",
            gj,
            "GJ",
            ((litres * ncv / 1000, "density"),),
            "mj_gj",
            how_to("01.oil_energy_gj"),
        ),
        "01.oil_kg_co2": Exercise(
            "number",
            co2,
            "kg CO2",
            ((litres * lfo_co2, "litres_energy"), (litres * ncv / 1000 * lfo_co2, "density")),
            "mj_gj",
            how_to("01.oil_kg_co2"),
        ),
        "01.diesel_kg_co2": Exercise(
            "number",
            row_of(fp, "diesel")["kg_co2"],
            "kg CO2",
            thousand="m3_l",
            how=how_to("01.diesel_kg_co2"),
        ),
        "01.electricity_location_kg": Exercise(
            "number",
            el_loc,
            "kg CO2e",
            ((el_mkt, "scope2_basis"),),
            "kwh_mwh",
            how_to("01.electricity_location_kg"),
        ),
        "01.electricity_market_kg": Exercise(
            "number",
            el_mkt,
            "kg CO2e",
            ((el_loc, "scope2_basis"),),
            "kwh_mwh",
            how_to("01.electricity_market_kg"),
        ),
        "01.scope2_location_kg": Exercise(
            "number",
            t["scope2_location"],
            "kg CO2e",
            ((t["scope2_market"], "scope2_basis"),),
            "kwh_mwh",
            how_to("01.scope2_location_kg"),
        ),
        "01.scope2_market_kg": Exercise(
            "number",
            t["scope2_market"],
            "kg CO2e",
            ((t["scope2_location"], "scope2_basis"),),
            "kwh_mwh",
            how_to("01.scope2_market_kg"),
        ),
        "01.scope1_kg": Exercise(
            "number",
            t["scope1"],
            "kg CO2e",
            (
                (t["scope1"] + t["biogenic_co2"], "biogenic_added"),
                (_scope_sum(fp, 1, "kg_co2"), "co2_only"),
            ),
            thousand="result_unit",
            how=how_to("01.scope1_kg"),
        ),
        "01.biogenic_co2_kg": Exercise(
            "number",
            t["biogenic_co2"],
            "kg CO2",
            ((row_of(fp, "wood_pellets")["kg_co2e"], "biogenic_co2e"),),
            "kwh_mwh",
            how_to("01.biogenic_co2_kg"),
        ),
    }


def _scope_sum(fp: Footprint, scope: int, column: str) -> float:
    """A scope's sum of one gas column on the direct basis (Scope 1 as CO2 alone: a typical slip)."""
    e = fp.emissions
    return float(e.loc[(e["scope"] == scope) & (e["basis"] == "direct"), column].sum())


def scope3_exercises(
    case: Case, fp: Footprint, paper_activity_kg: float, spend: pd.Series, flight: pd.Series
) -> dict[str, Exercise]:
    """Assignment 02: VAT, spend- and activity-based paper, travel, commuting, waste, categories.

    The paper and the flights are not in the case template (their figures would be 2.1's and 2.4's
    answers): `spend` and `flight` are the engine's lines of each computed on its own.
    """
    f = case.facts
    incl = spend["quantity"]
    ratio = spend["converted_quantity"] / spend["quantity"]
    per_eur = float(spend["kg_co2e"]) / float(spend["converted_quantity"])
    return {
        "02.paper_spend_incl_vat_eur": Exercise(
            "number",
            incl,
            "EUR",
            (
                (f["paper_excl_vat"], "vat_missing"),
                (incl * (1 + VAT_RATE.value), "vat_extra"),
                (f["paper_excl_vat"] * (1 + VAT_RATE_BEFORE.value), "vat_old"),
            ),
            how=how_to("02.paper_spend_incl_vat_eur"),
        ),
        "02.paper_spend_kg": Exercise(
            "number",
            spend["kg_co2e"],
            "kg CO2e",
            (
                (f["paper_excl_vat"] * ratio * per_eur, "vat_missing"),
                (incl * per_eur, "price_year"),
                (f["paper_excl_vat"] * per_eur, "vat_missing"),
            ),
            how=how_to("02.paper_spend_kg"),
        ),
        "02.paper_activity_kg": Exercise(
            "number",
            paper_activity_kg,
            "kg CO2e",
            thousand="kg_t",
            how=how_to("02.paper_activity_kg"),
        ),
        "02.flight_pkm": Exercise(
            "number",
            flight["quantity"],
            "pkm",
            ((f["trips"] * f["one_way_km"], "return_trip"),),
            how=how_to("02.flight_pkm"),
        ),
        "02.flight_kg": Exercise(
            "number",
            flight["kg_co2e"],
            "kg CO2e",
            ((flight["kg_co2e"] / 2, "return_trip"),),
            how=how_to("02.flight_kg"),
        ),
        "02.commute_kg": Exercise(
            "number",
            row_of(fp, "commute_car")["kg_co2e"],
            "kg CO2e",
            how=how_to("02.commute_kg"),
        ),
        "02.waste_kg": Exercise(
            "number",
            row_of(fp, "waste_mixed_incineration")["kg_co2e"],
            "kg CO2e",
            thousand="kg_t",
            how=how_to("02.waste_kg"),
        ),
        "02.category_paper": Exercise("category", 1, mistakes=((2, "category_purchases"),)),
        "02.category_flight": Exercise("category", 6, mistakes=((7, "category_6_7"),)),
        "02.category_commute": Exercise("category", 7, mistakes=((6, "category_6_7"),)),
        "02.category_waste": Exercise("category", 5, mistakes=((12, "category_waste"),)),
    }


def quality_exercises(case: Case, fp: Footprint, broken: Footprint) -> dict[str, Exercise]:
    """Assignment 03: the errors `check` finds in case_broken.xlsx and the estimated share."""
    errors = [p for p in broken.problems if p.is_error]
    cells = sorted({f"{p.sheet}!{p.cell}" for p in errors if p.sheet and p.cell})
    e = lines_on_basis(fp.emissions, "market")  # the market-based total's lines
    share = 100 * e.loc[e["quality"] == "estimated", "kg_co2e"].sum() / fp.totals["total_market"]
    return {
        "03.error_count": Exercise("count", len(errors)),
        "03.error_cells": Exercise("cells", cells),
        "03.estimated_share_pct": Exercise(
            "number",
            share,
            "%",
            ((share / 100, "percent"),),
            how=how_to("03.estimated_share_pct"),
        ),
    }


def one_line_footprint(
    case: Case, folder: Path, activity: str, quantity: float, unit: str, workspace: Path | None = None
) -> Footprint:
    """The engine on one line of the case's year (the paper or the flights: not in the case template)."""
    csv = Path(folder) / f"{activity}.csv"
    csv.write_text(f"activity,quantity,unit\n{activity},{quantity},{unit}\n", encoding="utf-8")
    return compute_footprint(csv, year=case.year, partner_id=case.partner_id, workspace=workspace)


def paper_spend_incl_vat(case: Case) -> float:
    """The paper purchases including VAT (the facts give them excluding VAT)."""
    return round(case.facts["paper_excl_vat"] * (1 + VAT_RATE.value), 2)


def paper_spend_row(case: Case, folder: Path, workspace: Path | None = None) -> pd.Series:
    """The engine's line of the paper spend (incl. VAT, converted to the factor's price level)."""
    fp = one_line_footprint(case, folder, "spend_paper_print", paper_spend_incl_vat(case), "EUR", workspace)
    return row_of(fp, "spend_paper_print")


def flight_pkm(case: Case) -> float:
    """The flights' passenger-km: the facts give return trips and the one-way distance."""
    return case.facts["trips"] * 2 * case.facts["one_way_km"]


def flight_footprint(case: Case, folder: Path, workspace: Path | None = None) -> Footprint:
    """The engine on the flights alone (the case template leaves them out: 2.4 asks for their pkm)."""
    return one_line_footprint(case, folder, "flight_domestic", flight_pkm(case), "pkm", workspace)


def _paper_activity_kg(case: Case, folder: Path, workspace: Path | None) -> float:
    fp = one_line_footprint(case, folder, "material_paper", case.facts["paper_kg"], "kg", workspace)
    return float(fp.totals["total_market"])


def build_key(case: Case, workspace: Path | None = None) -> AnswerKey:
    """Compute the whole key for a case (writes its templates into a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="paastolaskuri-key-") as tmp:
        folder = Path(tmp)
        fp = compute_footprint(write_case_template(case, folder / CASE_FILE), workspace=workspace)
        if not fp.ok:
            raise RuntimeError("; ".join(p.format("en") for p in fp.problems))
        broken = compute_footprint(
            write_broken_template(case, folder / BROKEN_FILE),
            workspace=workspace,
            display=BROKEN_FILE,
        )
        paper = _paper_activity_kg(case, folder, workspace)
        spend = paper_spend_row(case, folder, workspace)
        flights = flight_footprint(case, folder, workspace)
    flight = row_of(flights, "flight_domestic")
    exercises = scope12_exercises(case, fp) | scope3_exercises(case, fp, paper, spend, flight)
    exercises |= quality_exercises(case, fp, broken) | action_exercises(case, fp, flights)
    return AnswerKey(case.student_id, case.partner_id, factor_set_of(fp).name, dict(fp.totals), exercises)


@functools.lru_cache(maxsize=512)
def answer_key(student_id: str, secret: bytes | None = None) -> AnswerKey:
    """The answer key of a student's case (cached: the checks call it once per exercise).

    With the course secret: the graded case's key (only the teacher's grader has it); without: the
    practice case's key (what a student's notebook checks its practice answers against).
    """
    return build_key(make_case(student_id, secret))
