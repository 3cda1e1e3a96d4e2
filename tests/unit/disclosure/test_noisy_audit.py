"""`disclosure.audit.noisy_audit`: exact published figures beside noisy microdata (one factor g = 1/f per partner).

Every expected interval is computed by hand from the figures (3 significant digits: ± half a unit of
the last digit) and the noise hull g in [1/1.22, 1/0.78] = [0.8197, 1.2821].
"""

from __future__ import annotations

import pytest

from paastolaskuri.disclosure.audit import Factor, Figure, NoisyFigure, Target, noisy_audit

HULL = (1 / 1.22, 1 / 0.78)
SIDES = (1 / 1.11, 1 / 0.89)  # g <= 0.9009 (f = 1 + d) and g >= 1.1236 (f = 1 - d) must both stay feasible
X = frozenset({"x"})


def _factor(p: str, f: float) -> Factor:
    return Factor(f"g:{p}", HULL, 1 / f, *SIDES)


def _noisy(p: str, value: float) -> NoisyFigure:
    return NoisyFigure(f"{p} x", p, X, value, f"g:{p}")


def _total(partners: str, value: float) -> Figure:
    return Figure("total", frozenset(partners), X, value)


def test_a_figure_of_one_partner_gives_its_factor():
    # b's true 50 printed 50.0 (± 0.05); its noisy 60.0 (± 0.05): g in [49.95 / 60.05, 50.05 / 59.95]
    result = noisy_audit(
        {("b", "x"): 50.0}, [_total("b", 50.0)], [_noisy("b", 60.0)], [_factor("b", 1.2)], []
    )
    (v,) = result.violations
    assert v.target == "g:b noise side" and v.attacker == "researcher"
    assert v.low == pytest.approx(49.95 / 60.05) and v.high == pytest.approx(50.05 / 59.95)


def test_three_noisy_partners_under_one_total_keep_both_sides():
    # 120 g_a + 85 g_b + 115 g_c = 300 (± 0.5); g_a reaches (300 - 200 x 0.8197) / 120 = 1.134 >= 1.1236
    # and the hull's 0.8197 <= 0.9009; g_b up to 1.263, g_c up to 1.148: every side stays feasible
    truth = {(p, "x"): 100.0 for p in "abc"}
    factors = [_factor("a", 1.2), _factor("b", 0.85), _factor("c", 1.15)]
    noisy = [_noisy("a", 120.0), _noisy("b", 85.0), _noisy("c", 115.0)]
    result = noisy_audit(truth, [_total("abc", 300.0)], noisy, factors, [])
    assert result.passed and result.targets == 3


def test_a_partner_left_out_is_the_total_minus_the_others_noisy_figures():
    # a (no microdata) = 1000 (± 5) - b - c, with b in [84.95, 85.05] g_b and c in [114.5, 115.5] g_c
    # (half a unit of each printed last digit), g in the hull: a in [995 - 200.55 x 1.2821,
    # 1005 - 199.45 x 0.8197] = [737.9, 841.5], narrower than 800 ± 10 % = [720, 880]: given away
    truth = {("a", "x"): 800.0, ("b", "x"): 100.0, ("c", "x"): 100.0}
    factors = [_factor("b", 0.85), _factor("c", 1.15)]
    result = noisy_audit(
        truth,
        [_total("abc", 1000.0)],
        [_noisy("b", 85.0), _noisy("c", 115.0)],
        factors,
        [Target("a total", "a", X)],
    )
    (v,) = [v for v in result.violations if v.target == "a total"]
    assert v.low == pytest.approx(995 - (85.05 + 115.5) * HULL[1])
    assert v.high == pytest.approx(1005 - (84.95 + 114.5) * HULL[0])


def test_a_small_partner_left_out_keeps_its_interval():
    # a = 300 - 85 g_b - 115 g_c in [43.6, 136.1]: wider than 100 ± 10 %
    truth = {("a", "x"): 100.0, ("b", "x"): 100.0, ("c", "x"): 100.0}
    result = noisy_audit(
        truth,
        [_total("abc", 300.0)],
        [_noisy("b", 85.0), _noisy("c", 115.0)],
        [_factor("b", 0.85), _factor("c", 1.15)],
        [Target("a total", "a", X)],
    )
    assert result.passed


def test_the_limit_stops_after_that_many_violations():
    truth = {("a", "x"): 50.0, ("b", "y"): 70.0}
    figures = [_total("a", 50.0), Figure("b", frozenset("b"), frozenset({"y"}), 70.0)]
    noisy = [_noisy("a", 60.0), NoisyFigure("b y", "b", frozenset({"y"}), 60.0, "g:b")]
    factors = [_factor("a", 1.2), _factor("b", 60 / 70)]
    assert len(noisy_audit(truth, figures, noisy, factors, []).violations) == 2
    assert len(noisy_audit(truth, figures, noisy, factors, [], limit=1).violations) == 1
