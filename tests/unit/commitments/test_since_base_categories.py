"""A "selected categories" target's change since its base year, split into activity and factors, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from paastolaskuri.accounting.change import decompose_partner
from paastolaskuri.commitments.since_base import coverage_change


def _line(activity: str, scope: int, category: str, basis: str, quantity: float, kg: float) -> dict:
    return {"activity": activity, "unit": "x", "basis": basis, "scope": scope, "category": category,
            "quantity": quantity, "kg_co2e": kg, "kg_co2_biogenic": 0.0}  # fmt: skip


def test_a_categories_target_is_split_over_its_categories_on_the_market_basis():
    base = pd.DataFrame(
        [
            _line("diesel", 1, "s1_mobile", "direct", 1000, 2500.0),  # 2.5 kg/l
            _line("el", 2, "s2_electricity", "market", 100, 5000.0),  # 50 kg/MWh
            _line("el", 2, "s2_electricity", "location", 100, 7000.0),  # not the tracked basis
            _line("waste", 3, "s3_c5", "direct", 10, 100.0),  # not covered
        ]
    )
    now = pd.DataFrame(
        [
            _line("diesel", 1, "s1_mobile", "direct", 800, 2000.0),  # 200 l less, same factor
            _line("el", 2, "s2_electricity", "market", 100, 4000.0),  # same MWh, 40 kg/MWh
            _line("el", 2, "s2_electricity", "location", 120, 8400.0),
            _line("waste", 3, "s3_c5", "direct", 20, 200.0),
        ]
    )
    d = decompose_partner(base, now, 2020, 2024)
    bc = coverage_change(d, "categories", ("s1_mobile", "s2_electricity"))
    # diesel: -200 l x 2.5 = -500 kg activity; electricity: 100 MWh x -10 kg/MWh = -1 000 kg factors
    assert (bc.base_year, bc.year) == (2020, 2024)
    assert bc.change_t == pytest.approx(-1.5)
    assert bc.activity_t == pytest.approx(-0.5)
    assert bc.factor_t == pytest.approx(-1.0)
    # a categories target naming no category is not split; scope 1 alone still is
    assert coverage_change(d, "categories", ()) is None
    assert coverage_change(d, "scope1").activity_t == pytest.approx(-0.5)
