"""The research aggregate tables against the public network report of the same year (issue 18, h18).

The two publications partition the same partners differently (research: wide sector group × FTE
band; public: TOL section). In NETWORK the public sector C holds a, b, c and d, and the research
group A-F / 10-49 holds a, b and c (d has 60 FTE): the public row minus the research row is d's
total. `attacks.cross_difference` subtracts every printed public figure from every printed research
figure (and back); the joint interval audit (`research.joint_audit`) must leave it nothing, and
without it the attack recovers d (the test bites).
"""

from __future__ import annotations

import pandas as pd
import pytest
from attacks import Printed, cross_difference

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure.audit import half_unit
from paastolaskuri.reporting.network_audit import market_item
from paastolaskuri.reporting.network_report import public_year_figures
from paastolaskuri.research import joint_audit
from paastolaskuri.research.aggregate import ALL, OTHER, group_key
from paastolaskuri.research.package import export_research
from unit.research.network import partner, write_year

YEAR = 2024
NETWORK = [
    partner("a", "C", x=10_000),
    partner("b", "C", x=11_000),
    partner("c", "C", x=12_000),
    partner("d", "C", fte=60.0, x=13_000),
    partner("g1", "G", x=20_000),
    partner("g2", "G", x=21_000),
    partner("g3", "G", x=22_000),
    partner("j1", "J", x=5_000),
    partner("j2", "J", x=6_000),
    partner("j3", "J", x=7_000),
]
SCOPES = {"t_scope1": {1}, "t_scope2_market": {2}, "t_scope3": {3}, "t_total_market": {1, 2, 3}}


def _truth(network) -> tuple[dict, dict]:
    values, scope_of = {}, {}
    for p in network:
        for scope, cat, basis, kg in p["lines"]:
            if basis != "location":
                values[(p["id"], market_item(cat))] = values.get((p["id"], market_item(cat)), 0.0) + kg
                scope_of[cat] = scope
    return values, scope_of


def _research_printed(groups: pd.DataFrame, network, scope_of: dict) -> list[Printed]:
    """The attacker's reading of group_totals.csv: each row's members (it knows who is in which group)."""
    rows = pd.DataFrame(
        [{"partner_id": p["id"], "section": p["section"], "employees_fte": p["fte"]} for p in network]
    )
    keys = {r["partner_id"]: group_key(r) for _, r in rows.iterrows()}
    shown = {(r.sector_group, r.fte_band) for r in groups.itertuples()}
    out = []
    for r in groups.itertuples():
        key = (r.sector_group, r.fte_band)
        if key == (ALL, ALL):
            members = set(keys)
        elif key == (OTHER, OTHER):
            members = {p for p, k in keys.items() if k not in shown}
        else:
            members = {p for p, k in keys.items() if k == key}
        for column, scopes in SCOPES.items():
            value = getattr(r, column)
            if pd.isna(value):
                continue
            items = {market_item(c) for c, s in scope_of.items() if s in scopes}
            kg, h = float(value) * 1000.0, half_unit(float(value) * 1000.0)
            out.append(
                Printed(
                    f"research {key} {column}",
                    frozenset((p, i) for p in members for i in items),
                    kg - h,
                    kg + h,
                )
            )
    return out


def _public_printed(ws: Workspace) -> list[Printed]:
    figures = public_year_figures(ws, YEAR).publication.figures
    return [Printed(f"public {f.name}", f.terms, *f.bounds) for f in figures]


def _attack(tmp_path) -> list:
    ws = write_year(tmp_path / "ws", YEAR, NETWORK)
    export_research(ws.root, [YEAR], tmp_path / "pkg")
    groups = pd.read_csv(tmp_path / "pkg" / "group_totals.csv", dtype={"sector_group": str, "fte_band": str})
    truth, scope_of = _truth(NETWORK)
    return cross_difference(_public_printed(ws), _research_printed(groups, NETWORK, scope_of), truth, YEAR)


def test_public_sector_rows_minus_research_groups_reveal_no_partner(tmp_path):
    assert _attack(tmp_path) == []
    # the groups gave d away, so the year keeps only its totals, and the package says so
    readme = (tmp_path / "pkg" / "README.md").read_text(encoding="utf-8")
    assert "(no categories, then only the year's totals, then nothing):\n  2024: year totals only." in readme


def test_without_the_joint_audit_the_difference_gives_d_total(tmp_path, monkeypatch):
    monkeypatch.setattr(joint_audit, "audit_year", lambda *args: (0, None))
    found = _attack(tmp_path)
    assert {(r.partner, r.true) for r in found} >= {("d", 13_000.0 * 3)}  # d's market total: 3 x 13 t


@pytest.mark.parametrize("level", range(len(joint_audit.LEVELS)))
def test_withholding_levels_keep_less_and_less(level):
    groups = pd.DataFrame(
        {"year": [YEAR] * 3, "sector_group": ["A-F", OTHER, ALL], "fte_band": ["10-49", OTHER, ALL]}
    )
    categories = pd.DataFrame({"year": [YEAR] * 2, "scope": [1, 1], "category": ["s1_mobile", ALL]})
    g, c = joint_audit.withhold_level(groups, categories, level)
    assert (len(g), len(c)) == [(3, 2), (3, 1), (1, 1), (0, 0)][level]
