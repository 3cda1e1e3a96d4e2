"""The demo network of 40 partners over 2019-2024 changes believably from year to year.

Computed in memory: each partner-year's lines (`demo.partner_year`, what `write_demo` writes into
its template) through the engine with the factor set the demo pins for that year. Writing and
reading 240 templates would add a minute and test nothing more here: the template round trip is
tested in tests/unit/intake, and the demo's totals through real templates by the README replay.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import make_lines_frame
from paastolaskuri.accounting.calculation import calculate_emissions, summarise_totals
from paastolaskuri.accounting.factors import FactorSet, factor_set_for_year
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.demo.network import demo_partner, parse_years, partner_year, pin_early_years

YEARS = parse_years("2019-2024")
PARTNERS = 40
SEED = 2024  # write_demo's default


def _year_lines(year: int) -> tuple[pd.DataFrame, dict[str, bool]]:
    """Every demo partner's lines of `year` in one frame (site = partner id), and each one's consent."""
    lines, consent = [], {}
    for index in range(PARTNERS):
        org, own = partner_year(demo_partner(index, SEED), year, min(YEARS), SEED)
        lines += [dict(line, site=org["partner_id"]) for line in own]
        consent[org["partner_id"]] = org.get("research_use") == "yes"  # processed.partner_row's rule
    return make_lines_frame(lines), consent


@pytest.fixture(scope="module")
def factor_sets(tmp_path_factory) -> dict[int, FactorSet]:
    """The factor set of each demo year: 2019-2021 on the earliest shipped set, as write_demo pins them."""
    ws = Workspace.at(tmp_path_factory.mktemp("demo-pins"))
    pin_early_years(ws, YEARS)
    return {year: factor_set_for_year(year, ws.root) for year in YEARS}


@pytest.fixture(scope="module")
def demo_totals(factor_sets) -> pd.DataFrame:
    """One row per partner-year: partner_id, year, kg_total_market, research_use (as partners.csv has them).

    One engine call per year on every partner's lines (0.15 s a call), split by the site column.
    """
    rows = []
    for year in YEARS:
        lines, consent = _year_lines(year)
        emissions = calculate_emissions(lines, factor_sets[year])
        for pid, own in emissions.groupby("site"):
            total = summarise_totals(own)["total_market"]
            rows.append(
                {"partner_id": pid, "year": year, "kg_total_market": total, "research_use": consent[pid]}
            )
    return pd.DataFrame(rows).sort_values(["partner_id", "year"])


def test_one_call_per_year_gives_each_partner_its_own_total(demo_totals, factor_sets):
    org, lines = partner_year(demo_partner(0, SEED), 2024, min(YEARS), SEED)  # the sawmill
    alone = summarise_totals(calculate_emissions(make_lines_frame(lines), factor_sets[2024]))
    row = demo_totals[(demo_totals["partner_id"] == org["partner_id"]) & (demo_totals["year"] == 2024)]
    assert row["kg_total_market"].tolist() == [pytest.approx(alone["total_market"], rel=1e-12)]


def test_demo_network_changes_believably(demo_totals):
    partners = demo_totals
    assert partners["partner_id"].nunique() == PARTNERS
    change = partners.groupby("partner_id")["kg_total_market"].pct_change().dropna() * 100
    assert len(change) == 40 * 5
    assert -10 < change.median() < 0  # a slow decline overall
    assert 3 < change.std() < 25  # partners differ, no jumps of orders of magnitude
    assert change.abs().max() < 60
    assert int(partners.groupby("year")["research_use"].sum().iloc[-1]) == 32  # 5 say no, 3 leave it empty
