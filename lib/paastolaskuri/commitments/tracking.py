"""Tracking a target against the measured footprints: pure functions, no file access.

The rules (also in docs/method.md, "Commitments"):

- the covered value of a year is the sum of the target's coverage (Scope 2 on the basis the
  coverage names; selected categories with Scope 2 on the market basis), in t CO2e, or an intensity
  with that year's own denominator;
- the committed pathway runs straight from the base-year value through each milestone to the
  target value (base x (1 - reduction)); before the base year it is the base value, after the target
  year the target value;
- the gap is the latest value minus the pathway's value that year (positive: behind), in the
  metric's unit and in % of the base-year value;
- the required reduction is what is left to the target spread evenly over the years left
  (latest year to target year), in units a year and in % of the latest value a year;
- the trend year is where a least-squares line through the measured years (base year onward, at
  least two) reaches the target value;
- status: no data (no base-year value, or nothing measured after it), achieved (latest <= target),
  on track (latest <= pathway), else behind;
- the 1.5 degC reference pathway (for reference only) falls by 4.2 % of the base-year value a year.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from paastolaskuri.accounting.calculation import basis_totals
from paastolaskuri.accounting.metrics import INTENSITIES, SIZE_FIELDS, intensity_value
from paastolaskuri.intake.commitment_schema import Target

#: the 1.5 degC-aligned linear annual reduction, as a share of base-year emissions
REFERENCE_RATE = 0.042
REFERENCE_SOURCE = {
    "publisher": "Science Based Targets initiative (SBTi)",
    "document": "Pathways to Net-Zero: SBTi Technical Summary, version 1.0 (cross-sector absolute contraction, "
    "minimum 1.5 °C ambition: 4.2 % of base-year emissions a year)",
    "year": 2021,
    "confidence": "unverified",
    "note": "the 4.2 % figure was seen in a secondary source quoting SBTi; the primary PDF was not read. "
    "The SBTi revised the method on 29 April 2026 (rate from base year and net-zero year, 4.2 % a year as "
    "the floor, Scope 2 net zero by 2040); its formula was not read, so this is the pre-revision fixed rate",
}

STATUSES = ("achieved", "on_track", "behind", "no_data")
UNITS = {"absolute": "t CO2e", **{spec.metric: spec.unit for spec in INTENSITIES}}


@dataclass(frozen=True)
class YearFootprint:
    """What tracking needs of one partner-year: totals in kg, kg per category (market basis), sizes."""

    year: int
    scope1: float
    scope2_location: float
    scope2_market: float
    scope3: float
    categories: dict[str, float] = field(default_factory=dict)
    employees_fte: float | None = None
    floor_area_m2: float | None = None
    revenue_eur: float | None = None
    factor_set: str = ""


@dataclass(frozen=True)
class TargetTracking:
    """A target against the measured years: values in the target's metric unit (see :data:`UNITS`)."""

    partner_id: str
    target_id: str
    coverage: str
    kind: str
    unit: str
    base_year: int
    base_value: float | None
    latest_year: int | None
    latest_value: float | None
    target_year: int
    target_value: float | None
    reduction_pct: float
    pathway_value_latest: float | None
    gap: float | None
    gap_pct: float | None
    required_per_year: float | None
    required_pct_per_year: float | None
    trend_year: int | None
    reference_value_latest: float | None
    status: str
    compensated_t: float | None = None
    series: tuple[tuple[int, float], ...] = ()
    pathway: tuple[tuple[int, float], ...] = ()
    reason: str = ""
    categories: tuple[str, ...] = ()  # coverage "categories": the category codes it covers

    def as_dict(self) -> dict:
        """A JSON-friendly dict (the CLI's json and csv formats; `categories` left out, as before issue 25)."""
        skip = ("series", "pathway", "categories")
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k not in skip}
        out["series"] = [list(p) for p in self.series]
        out["pathway"] = [list(p) for p in self.pathway]
        return out


def covered_kg(fp: YearFootprint, target: Target) -> float:
    """Kg CO2e of the year that the target covers."""
    if target.coverage == "scope1":
        return fp.scope1
    if target.coverage == "scope12_market":
        return fp.scope1 + fp.scope2_market
    if target.coverage == "scope12_location":
        return fp.scope1 + fp.scope2_location
    if target.coverage == "scope123":
        return basis_totals(vars(fp))["total_market"]
    return sum(fp.categories.get(code, 0.0) for code in target.categories)


def metric_value(fp: YearFootprint, target: Target) -> float | None:
    """The covered emissions in the target's metric: t CO2e, or an intensity (None without its denominator)."""
    kg = covered_kg(fp, target)
    if target.metric == "absolute":
        return kg / 1000.0
    sizes = {name: getattr(fp, name) for name in SIZE_FIELDS}
    return intensity_value(kg, sizes, target.metric)


def committed_pathway(target: Target, base_value: float) -> tuple[tuple[int, float], ...]:
    """The pathway's corner points: base year, each milestone, target year.

    Parameters
    ----------
    target
        The target: base and target year, reduction, milestones.
    base_value
        The metric's value in the base year.

    Returns
    -------
    tuple of (int, float)
        ``(year, value)`` points, base year first.

    Examples
    --------
    >>> t = Target(partner_id="p", commitment_id="c", coverage="scope123", metric="absolute",
    ...            base_year=2020, target_year=2030, reduction_pct=50.0)
    >>> committed_pathway(t, 100.0)
    ((2020, 100.0), (2030, 50.0))
    """
    points = [(target.base_year, base_value)]
    points += [(year, base_value * (1 - pct / 100.0)) for year, pct in target.milestones]
    points.append((target.target_year, base_value * (1 - target.reduction_pct / 100.0)))
    return tuple(points)


def pathway_at(points: tuple[tuple[int, float], ...], year: int) -> float:
    """The pathway's value in a year: straight lines between corner points, flat outside them.

    Parameters
    ----------
    points
        The pathway's corner points (``committed_pathway``).
    year
        Any year.

    Returns
    -------
    float
        The value on the pathway.

    Examples
    --------
    >>> pathway_at(((2020, 100.0), (2030, 50.0)), 2025)
    75.0
    >>> pathway_at(((2020, 100.0), (2030, 50.0)), 2035)
    50.0
    """
    if year <= points[0][0]:
        return points[0][1]
    for (y0, v0), (y1, v1) in itertools.pairwise(points):
        if year <= y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    return points[-1][1]


def reference_at(base_value: float, base_year: int, year: int) -> float:
    """The 1.5 degC reference: 4.2 % of the base-year value less each year, never below zero."""
    return max(0.0, base_value * (1 - REFERENCE_RATE * (year - base_year)))


def trend_year(series: list[tuple[int, float]], target_value: float) -> int | None:
    """First whole year in which a least-squares line through the series reaches the target (None if it never does)."""
    if len(series) < 2:
        return None
    n = len(series)
    mean_x = sum(y for y, _ in series) / n
    mean_v = sum(v for _, v in series) / n
    sxx = sum((y - mean_x) ** 2 for y, _ in series)
    slope = sum((y - mean_x) * (v - mean_v) for y, v in series) / sxx
    if slope >= 0:
        return None
    year = mean_x + (target_value - mean_v) / slope
    return max(math.ceil(year - 1e-9), series[0][0])


def _status(latest: float, target_value: float, pathway_value: float) -> str:
    if latest <= target_value + 1e-9:
        return "achieved"
    if latest <= pathway_value + 1e-9:
        return "on_track"
    return "behind"


def _no_data(target: Target, unit: str, base_value: float | None, series, reason: str) -> TargetTracking:
    target_value = None if base_value is None else base_value * (1 - target.reduction_pct / 100.0)
    return TargetTracking(
        target.partner_id, target.commitment_id, target.coverage, target.metric, unit, target.base_year,
        base_value, None, None, target.target_year, target_value, target.reduction_pct, None, None, None,
        None, None, None, None, "no_data", target.compensated_t, tuple(series), (), reason,
    )  # fmt: skip


def track_target(target: Target, footprints: dict[int, YearFootprint]) -> TargetTracking:
    """Where a partner stands against one target, from its measured years (see the module docstring).

    Parameters
    ----------
    target
        The target (``intake.commitment_schema.Target``).
    footprints
        The partner's measured years (``store.year_footprints``).

    Returns
    -------
    TargetTracking
        The series, the pathway, the latest value and the status ("no data" when the base year
        or every later year is missing).

    Examples
    --------
    >>> tracking = track_target(target, year_footprints(Workspace.at("demo"), "demo-saha"))
    >>> (tracking.partner_id, tracking.base_year, tracking.target_year)
    ('demo-saha', 2024, 2030)
    """
    unit = UNITS[target.metric]
    series = sorted(
        (year, value)
        for year, fp in footprints.items()
        if year >= target.base_year and (value := metric_value(fp, target)) is not None
    )
    base_value = dict(series).get(target.base_year)
    if base_value is None:
        return _no_data(target, unit, None, series, "base_year_missing")
    later = [(y, v) for y, v in series if y > target.base_year]
    if not later:
        return _no_data(target, unit, base_value, series, "no_later_year")
    latest_year, latest = later[-1]
    points = committed_pathway(target, base_value)
    target_value = points[-1][1]
    on_path = pathway_at(points, latest_year)
    years_left = target.target_year - latest_year
    remaining = max(0.0, latest - target_value)
    per_year = remaining / years_left if years_left > 0 else None
    return TargetTracking(
        partner_id=target.partner_id,
        target_id=target.commitment_id,
        coverage=target.coverage,
        kind=target.metric,
        unit=unit,
        base_year=target.base_year,
        base_value=base_value,
        latest_year=latest_year,
        latest_value=latest,
        target_year=target.target_year,
        target_value=target_value,
        reduction_pct=target.reduction_pct,
        pathway_value_latest=on_path,
        gap=latest - on_path,
        gap_pct=(latest - on_path) / base_value * 100.0 if base_value else None,
        required_per_year=per_year,
        required_pct_per_year=per_year / latest * 100.0 if per_year is not None and latest else None,
        trend_year=latest_year if latest <= target_value else trend_year(series, target_value),
        reference_value_latest=reference_at(base_value, target.base_year, latest_year),
        status=_status(latest, target_value, on_path),
        compensated_t=target.compensated_t,
        series=tuple(series),
        pathway=points,
    )
