"""disclosure.audit: the interval audit finds what a merged row or a dominated figure gives away.

The hand-built network NEEDS_SECONDARY (below) passes the audit with secondary suppression and
fails it without; the public output path then withholds instead of publishing. The demo and a
generated 40-partner network pass with every target checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from paastolaskuri.disclosure import tables
from paastolaskuri.disclosure.audit import Figure, Target, audit, consistent, half_unit
from paastolaskuri.reporting import network_audit
from paastolaskuri.reporting.network_tables import network_figures, public_figures, rounded_figures

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from disclosure_checks import write_network


def test_half_unit_of_three_significant_digits():
    assert half_unit(12_300.0) == 50.0
    assert half_unit(999.0) == 0.5
    assert half_unit(0.0123) == pytest.approx(0.00005)
    assert half_unit(12_345.0, exact=True) == 0.0


def _fig(name, partners, items, value, exact=False):
    return Figure(name, frozenset(partners), frozenset(items), value, exact)


def test_an_exact_total_with_a_dominant_partner_is_caught():
    # x 1000, y 50, z 5, total printed exactly: y knows x + z = 1055 - 50 = 1005, z >= 0, so x lies
    # in [0, 1005]: the top is 0.5 % above x, under x + 10 % = 1100: a violation
    truth = {("x", "kg"): 1000.0, ("y", "kg"): 50.0, ("z", "kg"): 5.0}
    figures = [_fig("total", "xyz", ["kg"], 1055.0, exact=True)]
    result = audit(truth, figures, [Target("x", "x", frozenset(["kg"]))])
    assert not result.passed
    (v,) = [v for v in result.violations if v.attacker == "y"]
    assert (v.true, v.low, v.high) == (1000.0, 0.0, 1005.0)
    # y 120, z 110 (the rest after the two largest, 110, is 11 % of x): y gets x <= 1110, z gets
    # x <= 1120, both above 1100: no violation
    truth.update({("y", "kg"): 120.0, ("z", "kg"): 110.0})
    figures = [_fig("total", "xyz", ["kg"], 1230.0, exact=True)]
    assert audit(truth, figures, [Target("x", "x", frozenset(["kg"]))]).passed


def test_rounding_widens_the_interval():
    # the same dominated cell printed as 1060 (3 significant digits, ± 5): y gets x in [0, 1015]
    truth = {("x", "kg"): 1000.0, ("y", "kg"): 50.0, ("z", "kg"): 5.0}
    result = audit(truth, [_fig("total", "xyz", ["kg"], 1060.0)], [Target("x", "x", frozenset(["kg"]))])
    assert [round(v.high, 6) for v in result.violations if v.attacker == "y"] == [1015.0]


def test_an_earlier_publication_that_today_contradicts_is_found():
    truth = {("x", "kg"): 100.0, ("y", "kg"): 100.0, ("z", "kg"): 100.0}
    assert consistent(truth, [_fig("total", "xyz", ["kg"], 300.0)])
    assert not consistent(truth, [_fig("total", "xyz", ["kg"], 350.0)])
    # a partner dropped since: its amount is a free unknown, so any total >= today's agrees
    assert consistent(truth, [_fig("total", "xyzw", ["kg"], 350.0)])


# Sector J has three balanced partners; sector C one partner (c1) and sector G one (g1). Merging C
# and G gives "other" two partners, so secondary suppression merges J too. Without it the report
# would print J and "other" = c1 + g1, and g1 (knowing its own figure) would read c1's total.
NEEDS_SECONDARY = [
    {"id": "j1", "section": "J", "cats": {"s2_electricity": 400_000.0, "s3_c1": 100_000.0}},
    {"id": "j2", "section": "J", "cats": {"s2_electricity": 410_000.0, "s3_c1": 110_000.0}},
    {"id": "j3", "section": "J", "cats": {"s2_electricity": 420_000.0, "s3_c1": 120_000.0}},
    {"id": "c1", "section": "C", "cats": {"s2_electricity": 380_000.0, "s3_c1": 90_000.0}},
    {"id": "g1", "section": "G", "cats": {"s2_electricity": 390_000.0, "s3_c1": 95_000.0}},
]


def _audit_of(partners, emissions):
    f = rounded_figures(network_figures(partners, emissions, True))
    truth, scope_of = network_audit.truth(partners, emissions)
    figures = network_audit.published_figures(partners, scope_of, f)
    return f, audit(truth, figures, network_audit.sensitive_targets(partners, truth, scope_of, f))


def test_the_audit_passes_with_secondary_suppression(tmp_path):
    partners, emissions = write_network(tmp_path, NEEDS_SECONDARY)
    f, result = _audit_of(partners, emissions)
    assert list(f.sectors.rows["group"]) == [tables.OTHER]  # J merged into "other" as well
    assert result.passed and result.targets == 2 * len(NEEDS_SECONDARY)  # total, Scope 2 location


def test_the_audit_fails_without_secondary_suppression(tmp_path, monkeypatch):
    partners, emissions = write_network(tmp_path, NEEDS_SECONDARY)
    monkeypatch.setattr(tables, "complete_other", lambda other, published, merged: None)
    f, result = _audit_of(partners, emissions)
    assert list(f.sectors.rows["group"]) == ["J", tables.OTHER]
    assert not result.passed
    found = {(v.target, v.attacker) for v in result.violations}
    assert ("c1 total market-based", "g1") in found and ("g1 total market-based", "c1") in found
    # the public output path does not print what fails: it withholds the sector table
    published = public_figures(partners, emissions)
    assert published.sectors.withheld and published.audit is not None and published.audit.passed
    assert published.total_market == 2_520_000.0  # 2 515 000 kg to 3 significant digits


CATEGORIES = (
    [f"s1_c{i}" for i in range(4)] + ["s2_electricity", "s2_heat"] + [f"s3_c{i}" for i in range(1, 16)]
)


def generated_network(n: int = 40, seed: int = 3) -> list[dict]:
    """n partners over 6 sections and 21 categories; some categories rare (one or two partners)."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        share = [0.04 if c in ("s3_c9", "s3_c14") else 0.45 for c in CATEGORIES]
        cats = {
            c: float(np.round(rng.lognormal(10, 1.5), 1))
            for c, s in zip(CATEGORIES, share, strict=True)
            if rng.random() < s
        }
        out.append(
            {"id": f"p{i:02d}", "section": str(rng.choice(list("CGJPSM"))), "cats": cats or {"s3_c1": 1000.0}}
        )
    out[0]["biogenic"] = 5_000_000.0  # one sawmill: biogenic CO2 must be withheld
    return out


def test_a_generated_40_partner_network_passes_with_every_target_audited(tmp_path):
    partners, emissions = write_network(tmp_path, generated_network())
    f = public_figures(partners, emissions)
    assert f.audit is not None and f.audit.passed
    assert f.biogenic_co2 is None
    assert not f.sectors.withheld and not f.categories.withheld  # nothing withheld beyond the tables' rules
    assert f.categories.merged  # the rare categories merged
    # every partner's total and location-based Scope 2 (biogenic: one partner) at least
    assert f.audit.targets >= 2 * 40 + 1


def test_the_demo_passes(tmp_path):
    from helpers import processed_demo
    from paastolaskuri.core.workspace import Workspace
    from paastolaskuri.reporting.network_report import public_year_figures

    processed_demo(tmp_path)
    f = public_year_figures(Workspace.at(tmp_path), 2024)
    assert f.audit is not None and f.audit.passed and f.audit.targets >= 6 * 2
    assert f.total_market is not None
