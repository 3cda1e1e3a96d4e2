"""Intensities: which exist and how each is computed (the peer comparison is disclosure.peers).

t CO2e per employee (FTE), kg CO2e per m² floor area, t CO2e per million euros of revenue, each
only where the organisation gives the denominator (and it is above zero).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Intensity:
    """One intensity: its metric key, the organisation field it divides by, its column and unit."""

    metric: str  # per_fte | per_m2 | per_meur (as in a commitment's metric)
    size_field: str  # the organisation field of the denominator
    column: str  # the column in processed tables
    unit: str
    kg_per_unit_numerator: float  # 1000 when the numerator is tonnes
    denominator_scale: float  # 1e6 when the denominator is millions
    decimals: int  # decimals a table shows: 2 for tonnes per FTE or M€ (often under 1), 1 for kg/m²


INTENSITIES: tuple[Intensity, ...] = (
    Intensity("per_fte", "employees_fte", "t_per_fte", "t CO2e/FTE", 1000.0, 1.0, 2),
    Intensity("per_m2", "floor_area_m2", "kg_per_m2", "kg CO2e/m²", 1.0, 1.0, 1),
    Intensity("per_meur", "revenue_eur", "t_per_meur", "t CO2e/M€", 1000.0, 1e6, 2),
)
BY_METRIC = {i.metric: i for i in INTENSITIES}
INTENSITY_COLUMNS = tuple(i.column for i in INTENSITIES)  # t_per_fte, kg_per_m2, t_per_meur
SIZE_FIELDS = tuple(i.size_field for i in INTENSITIES)  # employees_fte, floor_area_m2, revenue_eur


def _ratio(total_kg, size, spec: Intensity):
    """The one formula: numerator in the intensity's unit over the denominator in its scale."""
    return (total_kg / spec.kg_per_unit_numerator) / (size / spec.denominator_scale)


def intensity_value(total_kg: float, sizes: dict, metric: str) -> float | None:
    """One intensity of ``total_kg`` with the organisation's ``sizes``; None without a positive denominator."""
    spec = BY_METRIC[metric]
    size = sizes.get(spec.size_field)
    if size is None or size != size or size <= 0:
        return None
    return _ratio(total_kg, float(size), spec)


def intensity_array(total_kg, size, metric: str) -> np.ndarray:
    """`intensity_value` over arrays (or Series): NaN where the denominator is missing or not above zero."""
    spec = BY_METRIC[metric]
    kg = np.asarray(total_kg, dtype="float64")
    size = np.asarray(size, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(size > 0, _ratio(kg, size, spec), np.nan)


def intensities(total_kg: float, sizes: dict) -> dict[str, float | None]:
    """Every intensity by its column name (t_per_fte, kg_per_m2, t_per_meur)."""
    return {spec.column: intensity_value(total_kg, sizes, spec.metric) for spec in INTENSITIES}
