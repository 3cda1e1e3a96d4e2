"""Synthetic processed year tables (partners, emissions) for tests and the export benchmark.

Written straight in the processed schema, not through the engine or notebooks, so that a network
of thousands of partners over six years takes seconds. Clearly fictional: names say "synthetic".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from paastolaskuri.accounting.calculation import basis_totals, scope_masks
from paastolaskuri.accounting.factors import DEFAULT_GWP
from paastolaskuri.accounting.metrics import INTENSITIES, intensity_array
from paastolaskuri.core.outputs import write_csv
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.intake.template_layout import tol_section
from paastolaskuri.reporting.processed_schema import EMISSIONS_COLUMNS, PARTNERS_COLUMNS, write_parquet

SECTORS = ["16101", "62010", "85", "68202", "47111", "94999", "41000", "56101", "86210", "49410"]
# (activity, scope, category, basis, unit, kg CO2e per unit)
ACTIVITIES = [
    ("electricity", 2, "s2_electricity", "location", "MWh", 70.0),
    ("electricity", 2, "s2_electricity", "market", "MWh", 120.0),
    ("district_heat", 2, "s2_heat", "location", "MWh", 130.0),
    ("district_heat", 2, "s2_heat", "market", "MWh", 130.0),
    ("diesel", 1, "s1_mobile", "direct", "l", 2.6),
    ("commute_car", 3, "s3_c7", "direct", "km", 0.15),
    ("spend_other", 3, "s3_c1", "direct", "EUR", 0.3),
]


def synthetic_partners(n: int, years: list[int], seed: int = 1) -> pd.DataFrame:
    """One row per partner and year in the processed `partners` schema."""
    rng = np.random.default_rng(seed)
    base = pd.DataFrame(
        {
            "partner_id": [f"synthetic-{i:05d}" for i in range(n)],
            "sector": rng.choice(SECTORS, n),
            "employees_fte": np.round(rng.lognormal(3.0, 1.2, n), 1),
            "floor_area_m2": np.round(rng.lognormal(7.0, 1.0, n)),
            "revenue_eur": np.round(rng.lognormal(15.0, 1.3, n)),
            "research_use": rng.random(n) < 0.85,
            "scale": rng.lognormal(0, 0.8, n),
        }
    )
    frames = []
    for k, year in enumerate(years):
        f = base.copy()
        f["year"] = year
        f["scale"] = f["scale"] * 0.97**k * rng.uniform(0.9, 1.1, n)
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    out["slug"] = out["partner_id"]
    out["name"] = "Synthetic partner " + out["partner_id"]
    out["section"] = out["sector"].map(_section)
    out["base_year"] = years[0]
    out["factor_set"] = "fi-2024-r1"
    out["gwp_set"] = DEFAULT_GWP
    return out


def _section(code: str) -> str:

    return tol_section(code) or ""


def synthetic_emissions(partners: pd.DataFrame, seed: int = 2) -> pd.DataFrame:
    """Emission rows (line x basis) for each partner-year, in the processed `emissions` schema."""
    rng = np.random.default_rng(seed)
    n = len(partners)
    rows = []
    for row_no, (activity, scope, category, basis, unit, factor) in enumerate(ACTIVITIES, start=7):
        qty = np.round(partners["scale"].to_numpy() * rng.uniform(50, 500, n), 1)
        rows.append(
            pd.DataFrame(
                {
                    "partner_id": partners["partner_id"].to_numpy(),
                    "year": partners["year"].to_numpy(),
                    "row": row_no if scope != 2 else 7 + ["electricity", "district_heat"].index(activity),
                    "site": "Synthetic site",
                    "activity": activity,
                    "label": activity,
                    "scope": scope,
                    "category": category,
                    "basis": basis,
                    "quantity": qty,
                    "unit": unit,
                    "kg_co2e": qty * factor,
                    "kg_co2_biogenic": 0.0,
                    "confidence": np.where(rng.random(n) < 0.1, "unverified", "seen-in-source"),
                    "own_factor_used": False,
                    "quality": np.where(rng.random(n) < 0.3, "estimated", "measured"),
                    "note": "synthetic note",
                    "factor_set": "fi-2024-r1",
                    "gwp_set": DEFAULT_GWP,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _totals(partners: pd.DataFrame, emissions: pd.DataFrame) -> pd.DataFrame:
    em = emissions

    def total(mask) -> pd.Series:
        return em[mask].groupby(["partner_id", "year"])["kg_co2e"].sum()

    t = pd.DataFrame({key: total(mask) for key, mask in scope_masks(em).items()}).fillna(0.0)
    t["biogenic_co2"] = 0.0
    t = t.assign(**basis_totals(t)).add_prefix("kg_")
    out = partners.join(t, on=["partner_id", "year"])
    for spec in INTENSITIES:
        out[spec.column] = intensity_array(out["kg_total_market"], out[spec.size_field], spec.metric)
    out["lines"] = len({a[0] for a in ACTIVITIES})
    out["share_estimated"] = 0.3
    out["unverified_factors"] = 0
    out["own_factors"] = 0
    return out


def write_synthetic_network(workspace: Path | str, n: int, years: list[int], seed: int = 1) -> Workspace:
    """Write processed partners and emissions tables (CSV and Parquet) for `n` partners over `years`."""
    ws = Workspace.at(workspace)
    partners = synthetic_partners(n, years, seed)
    emissions = synthetic_emissions(partners, seed + 1)
    partners = _totals(partners, emissions)
    for year in years:
        d = ws.processed_dir(year)
        p = partners[partners["year"] == year].reindex(columns=list(PARTNERS_COLUMNS))
        e = emissions[emissions["year"] == year].reindex(columns=list(EMISSIONS_COLUMNS))
        write_csv(d / "partners.csv", p)
        write_parquet(d / "partners.parquet", p, "partners")
        write_csv(d / "emissions.csv", e)
        write_parquet(d / "emissions.parquet", e, "emissions")
    return ws
