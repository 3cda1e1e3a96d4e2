"""disclosure.tables: primary suppression by threshold and p %-rule, secondary suppression, withheld totals.

Every expected table is worked out by hand in the test's comment. Lowering rules.MIN_CONTRIBUTORS
or rules.P_PERCENT, or switching secondary suppression off, fails a test here.
"""

from __future__ import annotations

import pandas as pd
import pytest

from paastolaskuri.disclosure import rules, tables
from paastolaskuri.disclosure.tables import OTHER, disclose_groups, disclose_value, rounded


def frame(cells: dict[str, dict[str, float]]) -> pd.DataFrame:
    """{group: {partner: kg}} as the (group, partner, kg) rows `disclose_groups` takes."""
    rows = [(g, p, kg) for g, amounts in cells.items() for p, kg in amounts.items()]
    return pd.DataFrame(rows, columns=["group", "partner", "kg"])


BALANCED = {"a1": 300.0, "a2": 300.0, "a3": 300.0}


def test_dominance_merges_a_cell_whose_rest_is_under_p_percent_of_the_largest():
    # D: 100, 50 and 9.9: the rest after the two largest (9.9) is under 10 % of 100, so the second
    # largest would know the largest within 9.9 %: D merges. E: 100, 50, 10 passes (rest = 10 %),
    # but "other" = D alone would fail again, so E (3 contributors like A, and smaller) joins it.
    table = disclose_groups(
        frame(
            {
                "A": BALANCED,
                "D": {"d1": 100.0, "d2": 50.0, "d3": 9.9},
                "E": {"e1": 100.0, "e2": 50.0, "e3": 10.0},
            }
        ),
        public=True,
    )
    assert table.merged == ("D", "E") and list(table.rows["group"]) == ["A", OTHER]
    assert rules.dominance_sensitive([100.0, 50.0, 9.9]) and not rules.dominance_sensitive(
        [100.0, 50.0, 10.0]
    )


def test_threshold_counts_partners_per_cell_even_for_zeros():
    # a group of two partners who both have 0 would tell each that the other has none: it merges;
    # three partners at 0 may be published as 0
    table = disclose_groups(
        frame({"A": BALANCED, "B": {"b1": 100.0, "b2": 110.0, "b3": 120.0}, "Z": {"z1": 0.0, "z2": 0.0}}),
        public=True,
    )
    assert table.merged[0] == "Z"
    zeros = disclose_groups(frame({"A": BALANCED, "Z": {"z1": 0.0, "z2": 0.0, "z3": 0.0}}), public=True)
    assert list(zeros.rows["group"]) == ["A", "Z"] and zeros.merged == ()
    assert not rules.count_shown(2) and not rules.count_shown(1) and rules.count_shown(3)


# C: one partner (1000); D: two partners (1 + 1). Merged, "other" has three contributors but the
# rest after the two largest (1) is far under 10 % of 1000: it would still give x's 1000 within
# 0.1 %. Secondary suppression merges the published group with the fewest contributors, A (3;
# B has 4), and then "other" = 1000, 300, 300, 300, 1, 1: rest 602 >= 100, publishable.
SECONDARY = {
    "A": BALANCED,
    "B": {"b1": 100.0, "b2": 100.0, "b3": 100.0, "b4": 100.0},
    "C": {"x": 1000.0},
    "D": {"y": 1.0, "z": 1.0},
}


def test_secondary_suppression_makes_the_merged_row_publishable_itself():
    table = disclose_groups(frame(SECONDARY), public=True)
    assert list(table.rows["group"]) == ["B", OTHER]
    assert list(table.rows["kg"]) == [400.0, 1902.0]
    assert list(table.rows["contributors"]) == [4, 6]
    assert sorted(table.merged) == ["A", "C", "D"]
    assert table.rows["kg"].sum() == table.total_kg == 2302.0


def test_without_secondary_suppression_the_merged_row_would_be_dominated(monkeypatch):
    monkeypatch.setattr(tables, "complete_other", lambda other, published, merged: None)
    table = disclose_groups(frame(SECONDARY), public=True)
    other = table.rows[table.rows["group"] == OTHER]
    assert list(other["kg"]) == [1002.0]  # x's 1000 to within 0.2 %
    assert not rules.publishable([1000.0, 1.0, 1.0])


def test_a_table_whose_total_fails_is_withheld():
    # everyone: 1000, 1, 1 over two groups: the total itself gives the largest within 0.2 %
    table = disclose_groups(frame({"A": {"x": 1000.0, "y": 1.0}, "B": {"z": 1.0}}), public=True)
    assert table.withheld and table.rows.empty and sorted(table.merged) == ["A", "B"]
    coordinator = disclose_groups(frame({"A": {"x": 1000.0, "y": 1.0}, "B": {"z": 1.0}}), public=False)
    assert list(coordinator.rows["kg"]) == [1001.0, 1.0] and not coordinator.withheld


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([100.0, 100.0, 100.0], 300.0),
        ([1000.0, 1.0, 1.0], None),  # three partners, but one dominates
        ([500.0, 400.0], None),  # two: each knows the other's
        ([0.0, 0.0], 0.0),  # nothing to hide
    ],
)
def test_disclose_value(values, expected):
    assert disclose_value(pd.Series(values), public=True) == expected
    assert disclose_value(pd.Series(values), public=False) == sum(values)


def test_rounded_gives_three_significant_digits():
    table = disclose_groups(frame({"A": {"a": 123_456.0, "b": 98_765.4, "c": 45_678.9}}), public=True)
    shown = rounded(table)
    assert list(shown.rows["kg"]) == [268_000.0] and shown.total_kg == 268_000.0
    assert table.total_kg == pytest.approx(267_900.3)  # the table itself stays exact


def test_labels_name_the_threshold():
    assert tables.other_label("en") == "other (groups under 3 partners or with one dominant partner)"
    assert tables.withheld_text("fi") == "ei julkaista (alle 3 kumppania tai yksi hallitsee)"


@pytest.mark.parametrize(
    "x,decimals", [(1980.0, 0), (15.7, 1), (8.5, 2), (0.523, 3), (0.0, 0), (None, 0), (-42.1, 1)]
)
def test_a_published_figure_is_printed_with_its_significant_digits_only(x, decimals):
    assert rules.published_decimals(x) == decimals
