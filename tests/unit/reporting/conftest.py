"""A small processed workspace for the section tests, written by the package's own writers (no kernel).

Three partners in 2024 (Alfa Oy and Beta Oy in TOL section C, Gamma ry in S) and Alfa alone in 2023.
Every line's factor is easy to follow by hand (fi-2023-r2 / fi-2024-r2 hold the same two):
  light fuel oil: the partner's own factor 2.5 kg CO2e/l (Scope 1) + well-to-tank 0.62665 kg/l (Scope 3.3)
  electricity 2024: location-based 72.25 kg/MWh, market-based (residual mix) 554.9 kg/MWh (Scope 2)
  electricity 2023: market-based 554.9 kg/MWh as in 2024
Alfa 2024: 1000 l → 2500 + 626.65; 100 MWh → 55 490 (market) / 7225 (location)
           total market 58 616.65 kg, location 10 351.65 kg
Beta 2024:  400 l → 1000 + 250.66;  50 MWh → 27 745 / 3612.5 → total market 28 995.66 kg
Gamma 2024: 2000 l → 5000 + 1253.3; 10 MWh → 5549 / 722.5 → total market 11 802.3 kg
Alfa 2023: 2000 l → 5000 + 1253.3; 100 MWh → 55 490 → total market 61 743.3 kg
run_status.json names one failed partner (delta-oy) and one that did not report (epsilon-oy).
"""

from __future__ import annotations

import json

import pytest

from helpers import build_template
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.reporting.processed import write_partner, write_year_tables


def _lines(oil_l: float, electricity_mwh: float) -> list[dict]:
    return [
        {
            "activity": "light_fuel_oil",
            "quantity": oil_l,
            "unit": "l",
            "quality": "measured",
            "own_factor": 2.5,
            "own_factor_source": "Toimittajan tuoteseloste 2024",
        },
        {"activity": "electricity", "quantity": electricity_mwh, "unit": "MWh", "quality": "estimated"},
    ]


PARTNERS = {
    2023: [
        (
            {"partner_id": "alfa", "name": "Alfa Oy", "sector": "C", "employees_fte": 10, "year": 2023},
            _lines(2000, 100),
        ),
    ],
    2024: [
        (
            {
                "partner_id": "alfa",
                "name": "Alfa Oy",
                "sector": "C",
                "employees_fte": 10,
                "floor_area_m2": 1000,
                "revenue_eur": 2_000_000,
                "year": 2024,
            },
            _lines(1000, 100),
        ),
        (
            {"partner_id": "beta", "name": "Beta Oy", "sector": "C", "employees_fte": 5, "year": 2024},
            _lines(400, 50),
        ),
        (
            {"partner_id": "gamma", "name": "Gamma ry", "sector": "S", "employees_fte": 20, "year": 2024},
            _lines(2000, 10),
        ),
    ],
}
STATUS = {
    "failed": [{"partner": "delta-oy", "messages": ['d.xlsx: Toiminta!C7: määrä "12 0OO" ei ole luku']}],
    "missing": ["epsilon-oy"],
    "registered": 5,
}


def build_processed(root) -> Workspace:
    """Templates → footprints → the processed files, exactly as the run writes them."""
    ws = Workspace.at(root)
    for year, partners in PARTNERS.items():
        rows = []
        for org, lines in partners:
            path = build_template(
                root, organisation=org, lines=lines, name=f"{org['partner_id']}-{year}.xlsx"
            )
            fp = compute_footprint(path, workspace=root, display=path.name)
            assert not [p for p in fp.problems if p.severity == "error"], fp.problems
            rows.append(write_partner(ws, year, partner_slug(org["partner_id"]), fp, "fi"))
        write_year_tables(ws, year, rows, "fi")
    (ws.processed_dir(2024) / "run_status.json").write_text(json.dumps(STATUS), encoding="utf-8")
    return ws


@pytest.fixture(scope="package")
def processed_ws(tmp_path_factory):
    """The processed workspace above (built once for the package's tests)."""
    return build_processed(tmp_path_factory.mktemp("sections"))
