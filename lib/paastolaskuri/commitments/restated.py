"""Tracking on the restated base: a year computed with another factor set than the one pinned now.

When a year's figures in ``data/processed/<year>/`` were computed with a set other than the one
``data/factors/years.csv`` pins for that year now (the base year was run with fi-2022-r1, then r2 was
pinned without rerunning), comparing it with a later year computed with the pinned set mixes a
factor change into the partner's own reduction. Tracking therefore uses that year's processed lines
recomputed with the pinned set (the GHG Protocol's base-year recalculation, done on the fly) and says
so; where it cannot (the pinned set cannot be read, or the year's lines are missing), it keeps the
recorded figures and warns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from paastolaskuri.accounting.calculation import calculate_emissions, summarise_totals, totals_by_category
from paastolaskuri.accounting.factors import DEFAULT_GWP, FactorSetError, find_factor_set
from paastolaskuri.accounting.restatement import lines_from_emissions


@dataclass(frozen=True)
class YearBasis:
    """Which factor set a tracked year's figures come from, when it differs from the one pinned now.

    ``restated`` is True when the year was recomputed with ``pinned_set``; False when it could not be
    (then the figures are still ``recorded_set``'s and ``detail`` says why).
    """

    year: int
    recorded_set: str
    pinned_set: str
    restated: bool
    detail: str = ""


@dataclass(frozen=True)
class RestatedTotals:
    """A year's totals (kg CO2e) and market-based kg per Scope 3 category, recomputed with another set."""

    totals: dict[str, float]
    categories: dict[str, float]


def needs_restating(recorded_set: str, pinned_set: str | None) -> bool:
    """True when a year was computed with a known set other than the one pinned for it now."""
    return bool(recorded_set) and bool(pinned_set) and recorded_set != pinned_set


def restate_processed_year(partner_dir: Path, pinned_set: str, workspace: Path) -> RestatedTotals:
    """A processed partner-year (``totals.json`` and ``emissions.csv``) recomputed with ``pinned_set``.

    Raises FactorSetError (with a readable reason) when the set or the year's files cannot be read.
    """
    emissions, totals = partner_dir / "emissions.csv", partner_dir / "totals.json"
    if not emissions.is_file() or not totals.is_file():
        raise FactorSetError(f"{partner_dir}: no emission lines to recompute (run the year again)")
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in (emissions, totals))
    return _restated(str(partner_dir), pinned_set, str(workspace), stamp)


@lru_cache(maxsize=256)
def _restated(partner_dir: str, pinned_set: str, workspace: str, _stamp: tuple) -> RestatedTotals:
    # cached per file version: a network report tracks every partner, and each report section again
    d = Path(partner_dir)
    gwp = json.loads((d / "totals.json").read_text(encoding="utf-8")).get("gwp_set", DEFAULT_GWP)
    lines = lines_from_emissions(pd.read_csv(d / "emissions.csv", keep_default_na=False, na_values=[""]))
    factor_set = find_factor_set(pinned_set, Path(workspace))
    try:
        em = calculate_emissions(lines, factor_set, gwp)
    except (KeyError, ValueError) as exc:  # an activity or unit the pinned set does not carry
        raise FactorSetError(f"{pinned_set}: {exc}") from exc
    totals = summarise_totals(em)
    by_cat = totals_by_category(em, basis="market")
    categories = {str(c): float(kg) for c, kg in zip(by_cat["category"], by_cat["kg_co2e"], strict=True)}
    return RestatedTotals(totals, categories)
