"""The rule for cells of signed contributions (a change and its effects), by hand."""

from __future__ import annotations

from paastolaskuri.disclosure.rules import (
    dominance_sensitive,
    insider_sensitive,
    publishable,
    publishable_signed,
)


def test_cancelling_contributions_give_the_largest_away_to_an_insider():
    # magnitudes 100, 80 | 50 + 45 + 5 = 100 >= 10 % of 100: the p %-rule passes
    cell = [100.0, -80.0, 50.0, -45.0, -5.0]
    assert publishable(cell) and not dominance_sensitive(cell)
    # but the cell is 20: the partner of -80 computes 20 - (-80) = 100, the largest exactly
    assert insider_sensitive(cell)
    assert not publishable_signed(cell)


def test_positive_contributions_passing_the_p_rule_pass_the_insider_rule():
    cell = [100.0, 80.0, 50.0]  # 230: 230 - 80 = 150 vs 100, 230 - 100 = 130 vs 80, 230 - 100 = 130 vs 50
    assert not insider_sensitive(cell)
    assert publishable_signed(cell)


def test_the_insider_rule_uses_p_percent():
    # cell 89: the partner of -20 computes 89 + 20 = 109 for the partner of 100: 9 % off
    assert insider_sensitive([100.0, 40.0, -31.0, -20.0])
    # cell 91: 91 + 20 = 111, 11 % off; every other insider and target is further off
    assert not insider_sensitive([100.0, 40.0, -29.0, -20.0])
