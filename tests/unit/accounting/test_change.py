"""Change decomposition (accounting/change.py): hand-computed effects and the exact-sum property."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import examples
from paastolaskuri.accounting.calculation import TOTAL_KEYS
from paastolaskuri.accounting.change import (
    CompensatedSum,
    decompose_network,
    decompose_partner,
    line_effects,
    shapley_effects,
)


def em(rows: list[tuple]) -> pd.DataFrame:
    """Emission lines from (activity, unit, basis, scope, category, quantity, kg_co2e[, biogenic])."""
    recs = []
    for r in rows:
        a, u, b, s, c, q, kg = r[:7]
        recs.append(
            {
                "activity": a,
                "unit": u,
                "basis": b,
                "scope": s,
                "category": c,
                "quantity": q,
                "kg_co2e": kg,
                "kg_co2_biogenic": r[7] if len(r) > 7 else 0.0,
            }
        )
    return pd.DataFrame(recs)


ELEC0 = ("electricity", "kWh", "location", 2, "2", 10_000.0, 1_000.0)  # 0.10 kg/kWh
ELEC1 = ("electricity", "kWh", "location", 2, "2", 8_000.0, 1_200.0)  # 0.15 kg/kWh
DIESEL0 = ("diesel", "l", "direct", 1, "1.2", 100.0, 250.0)  # dropped in year 1
OIL1 = ("light_fuel_oil", "l", "direct", 1, "1.1", 50.0, 130.0)  # new in year 1


def test_two_line_example_by_hand():
    d = decompose_partner(em([ELEC0, DIESEL0]), em([ELEC1, OIL1]), 2023, 2024)
    s2 = d.totals["scope2_location"]
    # activity (8000 - 10000) × (0.10 + 0.15) / 2 = -250; factor (0.15 - 0.10) × (10000 + 8000) / 2 = 450
    assert s2.activity_effect == pytest.approx(-250.0)
    assert s2.factor_effect == pytest.approx(450.0)
    assert s2.change == pytest.approx(200.0)
    s1 = d.totals["scope1"]
    # diesel vanishes (-250) and oil appears (+130): all activity, no factor effect
    assert (s1.from_value, s1.to_value) == (250.0, 130.0)
    assert s1.activity_effect == pytest.approx(-120.0)
    assert s1.factor_effect == pytest.approx(0.0)
    tot = d.totals["total_location"]
    assert tot.activity_effect == pytest.approx(-370.0)
    assert tot.factor_effect == pytest.approx(450.0)
    assert tot.change == pytest.approx(80.0)
    # no market-based Scope 2 line in either year: nothing on that basis
    assert d.totals["scope2_market"].change == 0.0
    assert d.totals["total_market"].change == pytest.approx(-120.0)
    out = d.as_dict()
    assert out["from_year"] == 2023 and out["method"] == "shapley-2"
    assert out["total_location"]["factor_effect"] == pytest.approx(450.0)
    assert "membership_effect" not in out["total_location"]


def test_category_table_on_both_bases():
    d = decompose_partner(em([ELEC0, DIESEL0]), em([ELEC1, OIL1]))
    t = d.categories
    loc = t[(t["basis"] == "location") & (t["category"] == "2")].iloc[0]
    assert (loc["activity_effect"], loc["factor_effect"]) == pytest.approx((-250.0, 450.0))
    # the location-based electricity line is not in the market-based table
    assert t[(t["basis"] == "market") & (t["category"] == "2")].empty
    # Scope 1 categories appear on both bases
    assert len(t[t["category"] == "1.2"]) == 2


def test_network_membership_effect():
    old = {"a": em([ELEC0]), "b": em([DIESEL0])}
    new = {"a": em([ELEC1]), "c": em([OIL1])}
    d = decompose_network(old, new, 2023, 2024)
    tot = d.totals["total_location"]
    # a continues (-250 activity, +450 factor); b left (-250) and c joined (+130): membership -120
    assert tot.membership_effect == pytest.approx(-120.0)
    assert tot.activity_effect == pytest.approx(-250.0)
    assert tot.factor_effect == pytest.approx(450.0)
    assert tot.change == pytest.approx(80.0)
    assert (d.joined, d.left) == (["c"], ["b"])
    assert d.as_dict()["total_location"]["membership_effect"] == pytest.approx(-120.0)


def test_biogenic_co2_is_decomposed_on_its_own_column():
    old = em([("wood_chips", "kWh", "direct", 1, "1.1", 1000.0, 5.0, 350.0)])
    new = em([("wood_chips", "kWh", "direct", 1, "1.1", 2000.0, 10.0, 700.0)])
    bio = decompose_partner(old, new).totals["biogenic_co2"]
    assert (bio.change, bio.activity_effect, bio.factor_effect) == pytest.approx((350.0, 350.0, 0.0))


def test_a_line_that_appears_is_all_activity():
    act, fac = shapley_effects([0.0], [0.0], [10.0], [25.0])
    assert (act[0], fac[0]) == (25.0, 0.0)


_line = st.tuples(
    st.sampled_from(["electricity", "diesel", "spend_furniture"]),
    st.sampled_from(["location", "market", "direct"]),
    st.floats(0, 1e6),
    st.floats(0, 10),
)


def _frame(lines) -> pd.DataFrame:
    rows = []
    for activity, basis, q, f in lines:
        scope = 2 if activity == "electricity" else (1 if activity == "diesel" else 3)
        basis = basis if scope == 2 else "direct"
        rows.append((activity, "u", basis, scope, str(scope), q, q * f))
    return em(rows) if rows else em([])


@settings(max_examples=examples(15))
@given(
    old=st.dictionaries(st.sampled_from("abc"), st.lists(_line, max_size=4), max_size=3),
    new=st.dictionaries(st.sampled_from("abc"), st.lists(_line, max_size=4), max_size=3),
)
def test_effects_add_up_to_the_change(old, new):
    d = decompose_network({k: _frame(v) for k, v in old.items()}, {k: _frame(v) for k, v in new.items()})
    for key in TOTAL_KEYS:
        t = d.totals[key]
        total = t.activity_effect + t.factor_effect + t.membership_effect
        assert total == pytest.approx(t.change, rel=1e-9, abs=1e-6)
    table = d.categories
    if not table.empty:
        sums = table["activity_effect"] + table["factor_effect"] + table["membership_effect"]
        assert np.allclose(sums, table["change"], rtol=1e-9, atol=1e-6)


def test_compensated_sum_is_pandas_groupby_sum_not_the_naive_sum():
    # ten times 0.1: a naive float sum gives 0.9999999999999999, pandas' groupby (Kahan) gives 1.0

    s = CompensatedSum()
    for _ in range(10):
        s.add(0.1)
    assert s.total == 1.0
    assert sum([0.1] * 10) == 0.9999999999999999
    grouped = pd.DataFrame({"k": ["a"] * 10, "v": [0.1] * 10}).groupby("k")["v"].sum()
    assert grouped["a"] == s.total


def test_line_effects_sum_each_key_and_order_the_keys():
    # two lines of one key in 2023 (0.1 kg ten times would drift; here 3 + 4 kWh), one key only in 2024
    def lines(rows):
        return pd.DataFrame(
            rows, columns=["activity", "unit", "basis", "scope", "category", "quantity", "kg_co2e"]
        )

    old = lines(
        [
            ("electricity", "kWh", "location", 2, "s2", 3.0, 0.3),
            ("electricity", "kWh", "location", 2, "s2", 4.0, 0.4),
            ("diesel", "l", "direct", 1, "s1_mobile", 10.0, 26.0),
        ]
    )
    new = lines([("electricity", "kWh", "location", 2, "s2", 10.0, 0.5)])
    eff = line_effects(old, new)
    assert eff[["activity", "q0", "e0", "q1", "e1"]].to_dict("records") == [
        {"activity": "diesel", "q0": 10.0, "e0": 26.0, "q1": 0.0, "e1": 0.0},
        {"activity": "electricity", "q0": 7.0, "e0": 0.7, "q1": 10.0, "e1": 0.5},
    ]
    # electricity: factor 0.1 -> 0.05 kg/kWh; activity effect (10 - 7) x (0.1 + 0.05) / 2 = 0.225 kg
    assert eff["activity_effect"].iloc[1] == pytest.approx(0.225)
    assert eff["factor_effect"].iloc[1] == pytest.approx(-0.2 - 0.225)
    assert eff["activity_effect"].iloc[0] == pytest.approx(-26.0)  # gone: all activity
