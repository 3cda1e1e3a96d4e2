"""Checks that need more than one cell: the lines against the year's factor set, the file against its folder."""

from __future__ import annotations

from paastolaskuri.accounting.calculation import build_coefficients
from paastolaskuri.accounting.catalogue import Catalogue, load_catalogue
from paastolaskuri.accounting.factors import DEFAULT_GWP, FactorSet
from paastolaskuri.accounting.units import display_unit
from paastolaskuri.core.numformat import significant
from paastolaskuri.intake.reader import Submission
from paastolaskuri.intake.scope3_checks import double_cover_problems
from paastolaskuri.intake.template_layout import ACTIVITY_COLUMNS
from paastolaskuri.messages import Problem

IMPLAUSIBLE_RATIO = 20  # an own factor this many times off the set's value is usually a kWh/MWh mix-up


_LETTER = {c.key: c.letter for c in ACTIVITY_COLUMNS}  # the template's column letters


def validate_against_factor_set(
    sub: Submission, factor_set: FactorSet, gwp_set: str = DEFAULT_GWP, catalogue: Catalogue | None = None
) -> list[Problem]:
    """Problems with lines the factor set cannot compute: no factor for the activity, or no unit conversion."""
    catalogue = catalogue or load_catalogue()
    if sub.lines.empty:
        return []
    coef = build_coefficients(factor_set, gwp_set, catalogue)
    computable = set(zip(coef["activity"], coef["unit"], strict=True))
    with_factor = set(coef.loc[coef["factor_id"] != "", "activity"])
    sheet = sub.sheets.get("activities", "")
    factors_units = factor_set.factors.groupby("activity")["unit"].first().to_dict()
    reference = _reference_factors(coef)
    problems = []
    for rec in sub.lines.itertuples():
        has_own = rec.own_factor == rec.own_factor  # not NaN
        ref = reference.get((rec.activity, rec.unit))
        if has_own and ref:
            problems.extend(_implausible_own_factor(sub.display, sheet, rec, ref))
        if rec.activity not in with_factor:
            if not has_own:
                params = {"factor_set": factor_set.name, "activity": rec.activity}
                cell = f"{_LETTER['activity']}{rec.row}"
                problems.append(Problem(sub.display, "no_factor", sheet, cell, params))
            continue
        if (rec.activity, rec.unit) not in computable:
            params = {
                "value": rec.unit,
                "to": factors_units.get(rec.activity, "?"),
                "activity": rec.activity,
                "factor_set": factor_set.name,
            }
            cell = f"{_LETTER['unit']}{rec.row}"
            problems.append(Problem(sub.display, "unit_not_convertible", sheet, cell, params))
    problems.extend(
        double_cover_problems(sub.display, sheet, _LETTER["activity"], sub.lines, coef, catalogue)
    )
    return problems


def _reference_factors(coef) -> dict[tuple[str, str], float]:
    """(activity, unit) -> the set's kg CO2e per input unit on the basis an own factor replaces (market for Scope 2)."""
    reference: dict[tuple[str, str], float] = {}
    for r in coef.itertuples():
        if r.factor_id and r.basis in ("direct", "location") and r.co2e > 0:
            reference.setdefault((r.activity, r.unit), r.co2e)
    return reference


def _implausible_own_factor(display: str, sheet: str, rec, ref: float) -> list[Problem]:
    """A warning when a line's own factor is over IMPLAUSIBLE_RATIO times off the set's value `ref`."""
    if not (rec.own_factor > 0 and max(rec.own_factor / ref, ref / rec.own_factor) > IMPLAUSIBLE_RATIO):
        return []
    params = {
        "value": float(rec.own_factor),
        "unit": display_unit(rec.unit),
        "reference": significant(ref, 4),
        "ratio": significant(rec.own_factor / ref, 3),
    }
    cell = f"{_LETTER['own_factor']}{rec.row}"
    return [Problem(display, "own_factor_implausible", sheet, cell, params, "warning")]
