"""Restatement over a workspace: which sets to compare, the lines to restate, the threshold in force.

The old set of a year is the one recorded in its processed data (the set its reports used), or
`--from`; the new set is the one pinned now. When the processed data already uses the pinned set
(the year was rerun after the pin changed), the old set is the previous revision of the same set
(fi-2022-r1 before fi-2022-r2), so the restatement stays visible after a rerun.

The lines are rebuilt from the processed emission lines (data/processed/<year>/partners/<slug>/), so
a partner's earlier years are restated exactly as they were reported, without re-reading templates.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from paastolaskuri.accounting.calculation import calculate_emissions, summarise_totals
from paastolaskuri.accounting.factors import (
    DEFAULT_GWP,
    FactorSet,
    FactorSetError,
    available_sets,
    find_factor_set,
    pinned_sets,
)
from paastolaskuri.accounting.restatement import (
    DEFAULT_THRESHOLD,
    RESTATED_KEYS,
    Significance,
    YearRestatement,
    combine,
    lines_from_emissions,
    restate_lines,
    significance,
)
from paastolaskuri.core.workspace import Workspace, partner_slug

SETTINGS_FILE = Path("data") / "restatement.json"  # {"significance_threshold_percent": 5}
_REVISION = re.compile(r"^(?P<id>.+)-r(?P<n>\d+)$")


@dataclass
class PartnerRestatement:
    """Every processed year of one partner (or of the network) up to a year, restated, and the base-year rule."""

    partner_id: str
    year: int
    years: list[YearRestatement] = field(default_factory=list)
    base_year: int | None = None
    significance: Significance | None = None

    @property
    def changed(self) -> bool:
        """True when any year's totals differ between its old and new set."""
        return any(y.changed for y in self.years)


def significance_threshold(workspace) -> float:
    """The workspace's threshold (data/restatement.json, in per cent), else 5 %."""
    path = Workspace.at(workspace).root / SETTINGS_FILE
    if path.is_file():
        try:
            value = float(json.loads(path.read_text(encoding="utf-8"))["significance_threshold_percent"])
        except (ValueError, KeyError, TypeError) as exc:
            raise FactorSetError(f"{path}: significance_threshold_percent must be a number ({exc})") from exc
        if not 0 < value < 100:
            raise FactorSetError(f"{path}: significance_threshold_percent must be between 0 and 100")
        return value / 100.0
    return DEFAULT_THRESHOLD


def previous_revision(name: str, workspace=None) -> str | None:
    """The highest revision of the same set below `name` (fi-2022-r1 for fi-2022-r2), or None."""
    m = _REVISION.match(name)
    if not m:
        return None
    earlier = []
    for other in available_sets(workspace):
        o = _REVISION.match(other)
        if o and o["id"] == m["id"] and int(o["n"]) < int(m["n"]):
            earlier.append((int(o["n"]), other))
    return max(earlier)[1] if earlier else None


def _from_option(from_set: str, new_name: str, workspace) -> str | None:
    """`--from r1` names each year's own revision; a full set name applies to the years of the same set id."""
    if re.fullmatch(r"r\d+", from_set):
        m = _REVISION.match(new_name)
        return f"{m['id']}-{from_set}" if m else None
    m, n = _REVISION.match(from_set), _REVISION.match(new_name)
    if m and n and m["id"] != n["id"]:
        return None
    return from_set


def sets_for_year(recorded: str, year: int, workspace=None, from_set: str | None = None) -> tuple[str, str]:
    """(old set, new set) for a year whose processed data records `recorded`."""
    new = pinned_sets(workspace).get(int(year)) or recorded
    old = _from_option(from_set, new, workspace) if from_set else None
    if old is None:
        old = recorded if recorded and recorded != new else (previous_revision(new, workspace) or new)
    return old, new


def _processed(ws: Workspace, year: int, slug: str) -> tuple[dict, pd.DataFrame] | None:
    d = ws.partner_processed_dir(year, slug)
    if not (d / "totals.json").is_file() or not (d / "emissions.csv").is_file():
        return None
    totals = json.loads((d / "totals.json").read_text(encoding="utf-8"))
    emissions = pd.read_csv(d / "emissions.csv", keep_default_na=False, na_values=[""])
    return totals, emissions


def restate_partner_year(
    ws: Workspace, year: int, slug: str, from_set: str | None = None
) -> YearRestatement | None:
    """One partner-year restated from its processed lines; None when the year was not processed."""
    data = _processed(ws, year, slug)
    if data is None:
        return None
    totals, emissions = data
    old, new = sets_for_year(totals.get("factor_set", ""), year, ws.root, from_set)
    lines = lines_from_emissions(emissions)
    restated = restate_lines(
        lines,
        find_factor_set(old, ws.root),
        find_factor_set(new, ws.root),
        year,
        totals.get("gwp_set", DEFAULT_GWP),
    )
    return replace(restated, recorded_set=totals.get("factor_set", "") or old)


def restate_partner(
    workspace, partner_id: str, year: int, from_set: str | None = None, threshold: float | None = None
) -> PartnerRestatement:
    """Every processed year of a partner up to `year`, restated, with the base-year rule applied."""
    ws = Workspace.at(workspace)
    slug = partner_slug(partner_id)
    result = PartnerRestatement(str(partner_id), int(year))
    for y in ws.processed_years():
        if y <= int(year):
            r = restate_partner_year(ws, y, slug, from_set)
            if r is not None:
                result.years.append(r)
    result.base_year = _base_year(ws, slug, int(year), result.years)
    _apply_rule(result, ws, threshold)
    return result


def restate_network(workspace, year: int, from_set: str | None = None, threshold: float | None = None):
    """Every partner's years summed per year (the coordinator's view); base year = the first year."""
    ws = Workspace.at(workspace)
    result = PartnerRestatement("", int(year))
    for y in ws.processed_years():
        if y > int(year) or not (ws.processed_dir(y) / "partners").is_dir():
            continue
        found = [
            restate_partner_year(ws, y, p.name, from_set)
            for p in sorted((ws.processed_dir(y) / "partners").iterdir())
        ]
        parts = [p for p in found if p is not None]
        if parts:
            result.years.append(combine(parts, y))
    result.base_year = result.years[0].year if result.years else None
    _apply_rule(result, ws, threshold)
    return result


def _apply_rule(result: PartnerRestatement, ws: Workspace, threshold: float | None) -> None:
    base = next((r for r in result.years if r.year == result.base_year), None)
    if base is not None:
        result.significance = significance(
            base, significance_threshold(ws.root) if threshold is None else threshold
        )


def _base_year(ws: Workspace, slug: str, year: int, years: list[YearRestatement]) -> int | None:
    """The partner's stated base year (its organisation sheet), else its first processed year."""
    org = ws.partner_processed_dir(year, slug) / "organisation.json"
    stated = None
    if org.is_file():
        stated = json.loads(org.read_text(encoding="utf-8")).get("base_year")
    computed = [r.year for r in years]
    if stated is not None and int(stated) in computed:
        return int(stated)
    return computed[0] if computed else None


def restated_totals(workspace, partner_id: str, year: int, factor_set: str | FactorSet) -> dict[str, float]:
    """A partner's totals for `year` (kg CO2e) recomputed under `factor_set` (e.g. the base year under r2).

    What commitment tracking reads for a restated base year. Raises FactorSetError when the year was
    not processed for this partner.
    """
    ws = Workspace.at(workspace)
    data = _processed(ws, int(year), partner_slug(partner_id))
    if data is None:
        raise FactorSetError(f"{partner_id} {year}: no processed data to restate (run the year first)")
    totals, emissions = data
    fs = factor_set if isinstance(factor_set, FactorSet) else find_factor_set(factor_set, ws.root)
    em = calculate_emissions(lines_from_emissions(emissions), fs, totals.get("gwp_set", DEFAULT_GWP))
    out = summarise_totals(em)
    return {k: float(out[k]) for k in (*RESTATED_KEYS, "biogenic_co2")}
