"""Monte Carlo uncertainty (accounting/uncertainty.py): shared factors, the analytic linear case, defaults."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paastolaskuri.accounting.calculation import TOTAL_KEYS
from paastolaskuri.accounting.uncertainty import (
    FACTOR_UNCERTAINTY,
    PartYear,
    UncertainLines,
    build_lines,
    change_interval,
    exceeds,
    factor_half_width,
    interval,
    intervals_95,
    partner_interval,
    set_uncertainties,
    sigma,
    simulate,
    top_contributors,
)

S1 = TOTAL_KEYS.index("scope1")


def em(rows: list[dict]) -> pd.DataFrame:
    """Emission lines with the columns the simulation reads; defaults: Scope 1, direct, unverified factor f."""
    base = {
        "row": 7,
        "line_index": 0,
        "activity": "diesel",
        "scope": 1,
        "basis": "direct",
        "factor_id": "f",
        "confidence": "unverified",
        "quality": "measured",
        "kg_co2e": 1000.0,
        "kg_co2_biogenic": 0.0,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def test_shared_factor_lognormal_interval_matches_the_analytic_value():
    # two partners, 1000 kg each, one shared factor of ±50 % and exact quantities: the total is
    # 2000 × F with F lognormal, median 1, so its 95 % interval is 2000 × [1/1.5, 1.5]
    values = np.zeros((2, len(TOTAL_KEYS)))
    values[:, S1] = 1000.0
    shared = UncertainLines(values, np.array([0, 0]), sigma([0.5]), np.array([0, 1]), np.zeros(2))
    low, high = interval(simulate(shared))[S1]
    assert low == pytest.approx(2000 / 1.5, rel=0.02)
    assert high == pytest.approx(2000 * 1.5, rel=0.02)
    # independent factors: sd of the sum is sqrt(2) × one partner's, not 2 ×
    indep = UncertainLines(values, np.array([0, 1]), sigma([0.5, 0.5]), np.array([0, 1]), np.zeros(2))
    s = float(sigma(0.5))
    one_sd = 1000 * np.sqrt((np.exp(s**2) - 1) * np.exp(s**2))  # sd of 1000 × lognormal(0, s)
    assert simulate(shared)[:, S1].std() == pytest.approx(2 * one_sd, rel=0.04)
    assert simulate(indep)[:, S1].std() == pytest.approx(np.sqrt(2) * one_sd, rel=0.04)


def test_network_with_shared_factors_is_wider_than_with_independent_ones():
    shared = [PartYear(p, em([{"factor_id": "grid"}])) for p in "abcd"]
    independent = [PartYear(p, em([{"factor_id": f"grid-{p}"}])) for p in "abcd"]
    ws = intervals_95(shared)["scope1"]
    wi = intervals_95(independent)["scope1"]
    assert ws[1] - ws[0] > 1.5 * (wi[1] - wi[0])
    lines = build_lines(shared)
    assert len(lines.factor_sigma) == 1 and len(lines.activity_sigma) == 4


def test_partner_interval_brackets_the_total_and_has_every_total_key():
    out = partner_interval(em([{}]))
    assert list(out) == list(TOTAL_KEYS)
    low, high = out["total_market"]
    assert low < 1000 < high
    assert out["biogenic_co2"] == [0.0, 0.0]


def test_simulation_is_seeded():
    parts = [PartYear("a", em([{}]))]
    assert intervals_95(parts) == intervals_95(parts)


def test_unchanged_factor_cancels_in_the_change():
    # the same factor id in both years: only the quantities' ±5 % remain in the change's interval
    old, new = em([{"kg_co2e": 1000.0}]), em([{"kg_co2e": 800.0}])
    low, high = change_interval(old, new)["scope1"]
    assert low < -200 < high
    assert high < 0  # a 20 % fall is larger than the measured quantities' uncertainty
    assert exceeds(-200.0, (low, high))
    assert not exceeds(-200.0, (-300.0, 50.0))


def test_defaults_by_confidence_spend_and_the_sets_own_column():
    lines = em(
        [
            {"confidence": "seen-in-source"},
            {"confidence": "own factor"},
            {"activity": "spend_furniture", "confidence": "seen-in-source"},
            {"factor_id": "a+b", "confidence": "seen-in-source"},
        ]
    )
    hw = factor_half_width(lines, {"a": 0.02, "b": 0.07})
    assert list(hw) == [FACTOR_UNCERTAINTY["seen-in-source"], FACTOR_UNCERTAINTY["own factor"], 1.0, 0.07]
    factors = pd.DataFrame({"factor_id": ["a", "b"], "uncertainty": ["2", ""]})
    assert set_uncertainties(factors) == {"a": 0.02}
    assert set_uncertainties(factors.drop(columns="uncertainty")) == {}


def test_top_contributors_rank_lines_by_variance():
    lines = em([{"row": 7, "kg_co2e": 100.0}, {"row": 8, "line_index": 1, "kg_co2e": 900.0}])
    top = top_contributors(lines, "scope1")
    assert list(top["row"]) == [8, 7]
    # equal relative widths: shares go with kg squared, 900² : 100² = 81 : 1
    assert top["share"].iloc[0] == pytest.approx(81 / 82)


def test_a_set_may_carry_an_uncertainty_column(tmp_path):
    import shutil

    from paastolaskuri.accounting.factors import SHIPPED_FACTORS_DIR, FactorSetError, load_factor_set

    d = tmp_path / "fi-2024-x"
    shutil.copytree(SHIPPED_FACTORS_DIR / "fi-2024-r2", d)
    factors = pd.read_csv(d / "factors.csv", dtype=str, keep_default_na=False)
    factors["uncertainty"] = ""
    factors.loc[0, "uncertainty"] = "3"
    factors.to_csv(d / "factors.csv", index=False)
    fs = load_factor_set(d)
    assert set_uncertainties(fs.factors) == {factors.loc[0, "factor_id"]: 0.03}
    factors.loc[1, "uncertainty"] = "paljon"
    factors.to_csv(d / "factors.csv", index=False)
    with pytest.raises(
        FactorSetError, match=r"uncertainty is not a percentage >= 0 for \['" + factors.loc[1, "factor_id"]
    ):
        load_factor_set(d)
