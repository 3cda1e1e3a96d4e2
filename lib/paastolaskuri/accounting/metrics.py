"""Intensities: the one definition of which exist, their units and how each is computed.

t CO2e per employee (FTE), kg CO2e per m² floor area, t CO2e per million euros of revenue, each
only where the organisation gives the denominator (and it is above zero).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Intensity:
    """One intensity: its metric key, the organisation field it divides by, its column and unit."""

    metric: str  # per_fte | per_m2 | per_meur (as in a commitment's metric)
    size_field: str  # the organisation field of the denominator
    column: str  # the column in processed tables
    unit: str
    kg_per_unit_numerator: float  # 1000 when the numerator is tonnes
    denominator_scale: float  # 1e6 when the denominator is millions


INTENSITIES: tuple[Intensity, ...] = (
    Intensity("per_fte", "employees_fte", "t_per_fte", "t CO2e/FTE", 1000.0, 1.0),
    Intensity("per_m2", "floor_area_m2", "kg_per_m2", "kg CO2e/m²", 1.0, 1.0),
    Intensity("per_meur", "revenue_eur", "t_per_meur", "t CO2e/M€", 1000.0, 1e6),
)
BY_METRIC = {i.metric: i for i in INTENSITIES}


def intensity_value(total_kg: float, sizes: dict, metric: str) -> float | None:
    """One intensity of ``total_kg`` with the organisation's ``sizes``; None without a positive denominator."""
    spec = BY_METRIC[metric]
    size = sizes.get(spec.size_field)
    if size is None or size != size or size <= 0:
        return None
    return (total_kg / spec.kg_per_unit_numerator) / (float(size) / spec.denominator_scale)


def intensities(total_kg: float, sizes: dict) -> dict[str, float | None]:
    """Every intensity by its column name (t_per_fte, kg_per_m2, t_per_meur)."""
    return {spec.column: intensity_value(total_kg, sizes, spec.metric) for spec in INTENSITIES}
