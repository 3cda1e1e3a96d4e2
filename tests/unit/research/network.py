"""A processed network written in code for the research tests: every figure chosen by hand.

`partner(...)` describes one partner-year by its lines (scope, category, basis, kg); `write_year`
writes data/processed/<year>/partners and emissions (CSV and Parquet) with the totals those lines
give, as the runner would.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paastolaskuri.core.outputs import write_csv
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.reporting.processed_schema import EMISSIONS_COLUMNS, PARTNERS_COLUMNS, write_parquet


def standard_lines(x: float) -> list[tuple[int, str, str, float]]:
    """A partner of size x (kg): Scope 1 x, Scope 2 market x and location x/2, Scope 3 x."""
    return [
        (1, "s1_mobile", "direct", x),
        (2, "s2_electricity", "market", x),
        (2, "s2_electricity", "location", x / 2),
        (3, "s3_c1", "direct", x),
    ]


def partner(pid: str, section: str = "C", fte: float = 20.0, lines=None, x: float = 1000.0, **extra) -> dict:
    """One partner-year: its ID, TOL section, FTE, lines (default `standard_lines(x)`) and other fields."""
    return {"id": pid, "section": section, "fte": fte, "lines": lines or standard_lines(x), **extra}


def _totals(lines) -> dict[str, float]:
    kg = {"scope1": 0.0, "scope2_location": 0.0, "scope2_market": 0.0, "scope3": 0.0}
    for scope, _cat, basis, value in lines:
        key = f"scope{scope}" if scope != 2 else f"scope2_{basis}"
        kg[key] += value
    kg["total_location"] = kg["scope1"] + kg["scope2_location"] + kg["scope3"]
    kg["total_market"] = kg["scope1"] + kg["scope2_market"] + kg["scope3"]
    return kg


def write_year(root: Path, year: int, partners: list[dict]) -> Workspace:
    """Processed tables of `year` for `partners` under root (research_use defaults to True)."""
    ws = Workspace.at(root)
    rows, emissions = [], []
    for p in partners:
        kg = _totals(p["lines"])
        rows.append(
            {
                "partner_id": p["id"],
                "slug": p["id"],
                "name": f"Yritys {p['id']} Oy",
                "sector": p["section"],
                "section": p["section"],
                "year": year,
                "base_year": p.get("base_year", 2022),
                "employees_fte": p["fte"],
                "floor_area_m2": p.get("floor_area_m2", 800.0),
                "revenue_eur": p.get("revenue_eur", 1.5e6),
                "research_use": p.get("research_use", True),
                "factor_set": "fi-2024-r1",
                "gwp_set": "AR5",
                **{f"kg_{k}": v for k, v in kg.items()},
                "kg_biogenic_co2": p.get("biogenic", 0.0),
                "t_per_fte": kg["total_market"] / 1000 / p["fte"],
                "kg_per_m2": kg["total_market"] / p.get("floor_area_m2", 800.0),
                "t_per_meur": kg["total_market"] / 1000 / (p.get("revenue_eur", 1.5e6) / 1e6),
                "lines": len({(s, c) for s, c, _b, _v in p["lines"]}),
                "share_estimated": 0.0,
                "unverified_factors": 0,
                "own_factors": 0,
            }
        )
        for n, (scope, cat, basis, value) in enumerate(p["lines"], start=7):
            emissions.append(
                {
                    "partner_id": p["id"],
                    "row": n,
                    "site": "Salainen toimipiste",
                    "activity": cat,
                    "label": cat,
                    "scope": scope,
                    "category": cat,
                    "basis": basis,
                    "quantity": value / 2.0,
                    "unit": "kWh",
                    "kg_co2e": value,
                    "kg_co2_biogenic": 0.0,
                    "confidence": "seen-in-source",
                    "own_factor_used": False,
                    "quality": "measured",
                    "note": "salainen muistiinpano",
                    "factor_set": "fi-2024-r1",
                    "gwp_set": "AR5",
                }
            )
    d = ws.processed_dir(year)
    frame = pd.DataFrame(rows).reindex(columns=list(PARTNERS_COLUMNS))
    lines = pd.DataFrame(emissions).reindex(columns=list(EMISSIONS_COLUMNS))
    write_csv(d / "partners.csv", frame)
    write_parquet(d / "partners.parquet", frame, "partners")
    write_csv(d / "emissions.csv", lines)
    write_parquet(d / "emissions.parquet", lines, "emissions")
    return ws
