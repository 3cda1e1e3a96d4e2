"""Restatement against hand-computed numbers: a few lines under two small in-memory factor sets.

Old set: diesel 2.6 kg CO2/l + WTT 0.6 kg CO2e/l; electricity location 0.10, residual mix 0.50 kg CO2/kWh,
T&D losses 0.02 kg CO2e/kWh. New set: the same diesel; electricity location 0.08, residual mix 0.55; no T&D.
Lines: 1000 l diesel, 10 000 kWh electricity.

Old: Scope 1 2600; Scope 2 location 1000, market 5000; Scope 3 600 + 200 = 800;
     total location 4400, total market 8400.
New: Scope 1 2600; Scope 2 location 800, market 5500; Scope 3 600; total location 4000, total market 8700.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from paastolaskuri.accounting.factors import FACTOR_COLUMNS, PROPERTY_COLUMNS, FactorSet
from paastolaskuri.accounting.restatement import (
    DEFAULT_THRESHOLD,
    YearRestatement,
    combine,
    is_significant,
    relative_change,
    restate_lines,
    significance,
)

SOURCE = dict(
    value_gwp="AR5",
    publisher="Test",
    document="Test set",
    year="2024",
    url="",
    confidence="definition",
    note="",
)


def small_set(name: str, rows: list[tuple]) -> FactorSet:
    records = [
        dict(zip(("factor_id", "activity", "basis", "unit", "gas", "value"), r, strict=True), **SOURCE)
        for r in rows
    ]
    factors = pd.DataFrame.from_records(records, columns=FACTOR_COLUMNS)
    factors["value"] = factors["value"].astype(float)
    return FactorSet(
        name=name,
        set_id=name.rsplit("-", 1)[0],
        revision=name.rsplit("-", 1)[1],
        reporting_year=2024,
        description="",
        path=Path("/nonexistent"),
        factors=factors,
        properties=pd.DataFrame(columns=PROPERTY_COLUMNS),
        digest=name,
    )


OLD = small_set(
    "test-restate-r1",
    [
        ("diesel.co2", "diesel", "direct", "l", "CO2", 2.6),
        ("diesel.wtt", "diesel", "wtt", "l", "CO2e", 0.6),
        ("el.location", "electricity", "location", "kWh", "CO2", 0.10),
        ("el.residual", "electricity", "market", "kWh", "CO2", 0.50),
        ("el.td_loss", "electricity", "td_loss", "kWh", "CO2e", 0.02),
    ],
)
NEW = small_set(
    "test-restate-r2",
    [
        ("diesel.co2", "diesel", "direct", "l", "CO2", 2.6),
        ("diesel.wtt", "diesel", "wtt", "l", "CO2e", 0.6),
        ("el.location", "electricity", "location", "kWh", "CO2", 0.08),
        ("el.residual", "electricity", "market", "kWh", "CO2", 0.55),
    ],
)


@pytest.fixture
def lines(lines_frame):
    return lines_frame(
        [
            {"activity": "diesel", "quantity": 1000, "unit": "l"},
            {"activity": "electricity", "quantity": 10000, "unit": "kWh"},
        ]
    )


def test_totals_under_both_sets(lines):
    r = restate_lines(lines, OLD, NEW, 2022)
    assert (r.year, r.old_set, r.new_set) == (2022, "test-restate-r1", "test-restate-r2")
    assert r.old == pytest.approx(
        dict(
            scope1=2600,
            scope2_location=1000,
            scope2_market=5000,
            scope3=800,
            total_location=4400,
            total_market=8400,
        )
    )
    assert r.new == pytest.approx(
        dict(
            scope1=2600,
            scope2_location=800,
            scope2_market=5500,
            scope3=600,
            total_location=4000,
            total_market=8700,
        )
    )
    assert r.difference("total_market") == pytest.approx(300.0)
    assert r.difference("total_location") == pytest.approx(-400.0)
    assert r.relative("total_market") == pytest.approx(300 / 8400)  # +3.571 %
    assert r.relative("total_location") == pytest.approx(-400 / 4400)  # -9.091 %
    assert r.changed


def test_causes_largest_first_with_added_and_dropped_factors(lines):
    causes = restate_lines(lines, OLD, NEW, 2022).causes
    assert causes[0].activity == "electricity" and causes[0].basis == "market"
    assert (causes[0].old_factor_id, causes[0].new_factor_id) == ("el.residual", "el.residual")
    assert causes[0].kg_co2e_difference == pytest.approx(500.0)  # 10 000 kWh x (0.55 - 0.50)
    rest = {(c.basis, c.old_factor_id, c.new_factor_id): round(c.kg_co2e_difference, 6) for c in causes[1:]}
    # location 10 000 x (0.08 - 0.10) = -200; T&D losses dropped: -200 (10 000 x 0.02), booked to Scope 3
    assert rest == {("location", "el.location", "el.location"): -200.0, ("td_loss", "el.td_loss", ""): -200.0}
    assert [c.scope for c in causes] == [2, 2, 3] or [c.scope for c in causes] == [2, 3, 2]
    assert all(c.lines == 1 for c in causes)
    # diesel did not change: not a cause
    assert not any(c.activity == "diesel" for c in causes)


def test_own_supplier_factor_keeps_market_and_restates_location(lines_frame):
    own = lines_frame(
        [
            {
                "activity": "electricity",
                "quantity": 1000,
                "unit": "kWh",
                "own_factor": 0.2,
                "own_factor_source": "Supplier",
            }
        ]
    )
    r = restate_lines(own, OLD, NEW, 2023)
    assert r.old["scope2_market"] == pytest.approx(200.0) and r.new["scope2_market"] == pytest.approx(200.0)
    assert r.old["scope2_location"] == pytest.approx(100.0) and r.new["scope2_location"] == pytest.approx(
        80.0
    )
    assert [(c.basis, round(c.kg_co2e_difference, 6)) for c in r.causes] == [
        ("location", -20.0),
        ("td_loss", -20.0),
    ]


def test_same_set_is_no_restatement(lines):
    r = restate_lines(lines, OLD, OLD, 2022)
    assert r.causes == [] and not r.changed
    assert significance(r).must_recalculate is False


def _base(old_total: float, new_total: float) -> YearRestatement:
    def totals(t: float) -> dict[str, float]:
        return dict(
            scope1=t, scope2_location=0.0, scope2_market=0.0, scope3=0.0, total_location=t, total_market=t
        )

    return YearRestatement(2022, "a-r1", "a-r2", totals(old_total), totals(new_total))


def test_significance_threshold_4_9_and_5_1_percent():
    assert DEFAULT_THRESHOLD == 0.05
    below = significance(_base(1000.0, 1049.0))  # +4.9 %
    above = significance(_base(1000.0, 1051.0))  # +5.1 %
    assert below.must_recalculate is False and below.changes["total_market"] == pytest.approx(0.049)
    assert above.must_recalculate is True and above.changes["total_market"] == pytest.approx(0.051)
    assert significance(_base(1000.0, 949.0)).must_recalculate is True  # -5.1 %: either direction
    assert significance(_base(1000.0, 951.0)).must_recalculate is False  # -4.9 %
    assert significance(_base(1000.0, 1051.0), threshold=0.10).must_recalculate is False  # configured 10 %


def test_significance_on_either_scope2_basis(lines):
    # market +3.57 % alone would not count, location -9.09 % does
    sig = significance(restate_lines(lines, OLD, NEW, 2022))
    assert sig.must_recalculate is True and sig.base_year == 2022
    assert sig.changes["total_market"] == pytest.approx(300 / 8400)
    assert sig.changes["total_location"] == pytest.approx(-400 / 4400)


def test_exactly_five_percent_is_significant_and_zero_base():
    assert is_significant(1000.0, 1050.0) is True
    assert is_significant(0.0, 0.0) is False and relative_change(0.0, 0.0) is None
    assert is_significant(0.0, 10.0) is True


def test_combine_sums_partners_and_merges_causes(lines, lines_frame):
    a = restate_lines(lines, OLD, NEW, 2022)
    b = restate_lines(
        lines_frame([{"activity": "electricity", "quantity": 2000, "unit": "kWh"}]), OLD, NEW, 2022
    )
    net = combine([a, b], 2022)
    assert net.old["total_market"] == pytest.approx(8400 + 1000 + 40)  # b: 2000 x 0.50 + 2000 x 0.02
    assert net.new["total_market"] == pytest.approx(8700 + 1100)
    top = net.causes[0]
    assert (top.basis, top.lines, round(top.kg_co2e_difference, 6)) == ("market", 2, 600.0)


def test_the_five_percent_rule_on_unrounded_values():
    assert is_significant(1000.0, 1049.95) is False  # 4.995 %: rounded to hundredths it would be 5.00 %
    assert is_significant(1000.0, 950.05) is False  # -4.995 %
    assert is_significant(1000.1, 1050.105) is True  # exactly 5 % whatever the float noise


def test_a_base_year_already_computed_with_the_pinned_set_need_not_be_recalculated():
    from dataclasses import replace

    stale = _base(1000.0, 1100.0)  # reported with a-r1, a-r2 pinned: +10 %
    assert stale.stale and significance(stale).must_recalculate is True
    rerun = replace(
        stale, recorded_set="a-r2"
    )  # the year was rerun with a-r2; compared with a-r1 for history
    assert not rerun.stale
    sig = significance(rerun)
    assert sig.must_recalculate is False and sig.already_recalculated is True
