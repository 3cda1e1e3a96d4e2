"""Costs of an action from the quantities its transformation reports: yearly cost, €/t, payback.

cost a year = investment × capital recovery factor(discount rate, lifetime) + operating change,
operating change = Σ energy bought more (+) or less (−) × its price + other yearly euros (premiums,
spend avoided). Negative costs are savings. A cost that rests on a parameter with no value is NaN
("not estimated"), never a guess.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PRICES = {
    "d_electricity_mwh": ("electricity_eur_per_kwh", 1000.0),
    "d_district_heat_mwh": ("district_heat_eur_per_mwh", 1.0),
    "d_fuel_oil_mwh": ("fuel_oil_eur_per_mwh", 1.0),
    "d_gas_mwh": ("gas_eur_per_mwh", 1.0),
    "d_diesel_l": ("diesel_eur_per_l", 1.0),
    "d_petrol_l": ("petrol_eur_per_l", 1.0),
}
COST_COLUMNS = [
    "investment_eur",
    "lifetime_years",
    "annualised_investment_eur",
    "operating_eur_per_year",
    "cost_eur_per_year",
]


def capital_recovery_factor(rate: float, years: float) -> float:
    """The share of an investment paid back each year over `years` at `rate` (1/years at rate 0)."""
    if years <= 0:
        return float("nan")
    if rate == 0:
        return 1.0 / years
    return rate / (1.0 - (1.0 + rate) ** -years)


def quantities_frame(q: dict, groups) -> pd.DataFrame:
    """The transformation's quantities as one row per group (scalars broadcast).

    A group the transformation reports nothing for gets 0 (it has none of that energy); a NaN the
    transformation reports (a line it could not price) stays NaN: "not estimated", never a silent 0.
    """
    index = pd.Index(groups)
    columns = {key: _on_groups(key, value, index) for key, value in q.items()}
    out = pd.DataFrame(columns, index=index)
    if "investment_eur" in out and out["investment_eur"].dtype != "float64":  # None -> NaN
        out["investment_eur"] = out["investment_eur"].where(out["investment_eur"].notna(), np.nan)
    return out


def _on_groups(key: str, value, index: pd.Index):
    """One quantity in the order of `index`: a scalar as it is, a series 0 where a group is absent."""
    if not isinstance(value, pd.Series):
        return value
    if value.index.equals(index):
        return value.to_numpy()
    # 0 only for the groups absent from the series; a NaN it holds stays NaN
    return value.reindex(index, fill_value=0.0) if key != "investment_eur" else value.reindex(index)


def price_costs(q: pd.DataFrame, values: dict, costed: bool) -> pd.DataFrame:
    """Investment, annualised investment, operating change and total cost a year, per group."""
    if not costed:
        return pd.DataFrame({col: np.nan for col in COST_COLUMNS}, index=q.index)
    operating = np.zeros(len(q))
    for col, (price, per) in PRICES.items():
        if col in q:
            operating = operating + q[col].to_numpy() * float(values[price]) * per
    if "extra_eur" in q:
        operating = operating + q["extra_eur"].to_numpy()
    invest = q["investment_eur"] if "investment_eur" in q else pd.Series(0.0, index=q.index)
    life = q["lifetime_years"] if "lifetime_years" in q else pd.Series(1.0, index=q.index)
    crf = np.array([capital_recovery_factor(float(values["discount_rate"]), float(n)) for n in life])
    annual = invest.to_numpy(dtype=float) * crf
    return pd.DataFrame(
        {
            "investment_eur": invest,
            "lifetime_years": life,
            "annualised_investment_eur": annual,
            "operating_eur_per_year": operating,
            "cost_eur_per_year": annual + operating,
        },
        index=q.index,
    )


def per_tonne(cost_eur_per_year, avoided_kg):
    """€ per tonne avoided a year; NaN where nothing is avoided or the cost is not estimated."""
    cost = np.asarray(cost_eur_per_year, dtype=float)
    t = np.asarray(avoided_kg, dtype=float) / 1000.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(t > 0, cost / t, np.nan)


def payback_years(investment_eur, operating_eur_per_year):
    """Investment ÷ yearly saving; NaN (shown "–") without an investment or without a saving."""
    inv = np.asarray(investment_eur, dtype=float)
    saving = -np.asarray(operating_eur_per_year, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((saving > 0) & (inv > 0), inv / saving, np.nan)


def payback_exceeds_lifetime(investment_eur, operating_eur_per_year, lifetime_years) -> list[bool | None]:
    """Whether an investment does not pay back within its lifetime (one flag per action).

    True when the payback is longer than the lifetime or there is no saving at all; None without an
    investment or a cost estimate.
    """
    out: list[bool | None] = []
    for inv, op, life in zip(
        np.asarray(investment_eur, dtype=float),
        np.asarray(operating_eur_per_year, dtype=float),
        np.asarray(lifetime_years, dtype=float),
        strict=True,
    ):
        if not (inv > 0) or np.isnan(op) or np.isnan(life):
            out.append(None)
        else:
            out.append(bool(op >= 0 or inv / -op > life))
    return out
