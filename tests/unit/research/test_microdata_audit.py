"""`research.microdata_audit`: the noisy microdata's figures in the audit's model, and whom to withhold."""

from __future__ import annotations

import pandas as pd

from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.audit import Figure, Target
from paastolaskuri.research.microdata_audit import (
    NOISE_SIDES,
    PublicModel,
    factor_name,
    noisy_figures,
    withhold_next,
    year_item,
)
from paastolaskuri.research.tables import ResearchTables

YEAR = 2024


def _item(item: str) -> str:
    return year_item(YEAR, item)


def test_the_sides_a_factor_must_reach_are_each_more_than_p_percent_and_a_rounding_step_from_one():
    """Knowing a partner's side gives its figures within ±5 %; not knowing it leaves both sides, each
    of which is more than p % from the truth even after rounding (lowering NOISE_MIN fails here)."""
    step = 0.5 * 10.0 ** (1 - rules.SIGNIFICANT_DIGITS)  # the largest relative rounding step
    above, below = 1 / NOISE_SIDES[0] - 1, 1 - 1 / NOISE_SIDES[1]  # f = 1 + d and f = 1 - d
    assert above > rules.P_PERCENT / 100 + step and below > rules.P_PERCENT / 100 + step


def _model() -> PublicModel:
    # a: Scope 1 mobile 100, Scope 3 c1 200 and c5 300 (printed merged as s3_other), Scope 2 location 50
    truth = {
        ("a", _item("market:s1_mobile")): 100.0,
        ("a", _item("market:s3_c1")): 200.0,
        ("a", _item("market:s3_c5")): 300.0,
        ("a", _item("location:s2_electricity")): 50.0,
        ("b", _item("market:s1_mobile")): 900.0,
    }
    scope_of = {YEAR: {"s1_mobile": 1, "s3_c1": 3, "s3_c5": 3, "s2_electricity": 2}}
    return PublicModel(truth=truth, figures=[], scope_of=scope_of, targets={})


def _tables() -> ResearchTables:
    py = pd.DataFrame(
        [
            {
                "pseudonym": "P-a",
                "year": YEAR,
                "t_scope1": 0.115,
                "t_scope2_market": float("nan"),
                "t_scope2_location": 0.0575,
                "t_scope3": 0.575,
                "t_total_market": 0.69,
                "t_total_location": 0.748,
            }
        ]
    )
    cy = pd.DataFrame(
        [
            {
                "pseudonym": "P-a",
                "year": YEAR,
                "scope": 1,
                "category": "s1_mobile",
                "t_co2e_market": 0.115,
                "t_co2e_location": 0.115,
            },
            {
                "pseudonym": "P-a",
                "year": YEAR,
                "scope": 3,
                "category": "s3_other",
                "t_co2e_market": 0.575,
                "t_co2e_location": 0.575,
            },
        ]
    )
    return ResearchTables(py, cy, None, {}, {"P-a": "a"})


def test_each_released_figure_adds_up_the_partners_own_items_of_its_year():
    figures = {f.name: f for f in noisy_figures(_tables(), _model())}
    s1, s3 = _item("market:s1_mobile"), {_item("market:s3_c1"), _item("market:s3_c5")}
    location = _item("location:s2_electricity")
    assert figures[f"{YEAR} t_scope1"].items == {s1}
    assert figures[f"{YEAR} t_scope3"].items == s3
    assert figures[f"{YEAR} t_total_market"].items == {s1} | s3
    assert figures[f"{YEAR} t_scope2_location"].items == {location}
    assert figures[f"{YEAR} t_total_location"].items == {s1, location} | s3
    # the merged row holds both of a's Scope 3 categories; Scope 1 and 3 rows count once (market)
    assert figures[f"{YEAR} s3_other market"].items == s3
    assert f"{YEAR} s3_other location" not in figures
    assert f"{YEAR} t_scope2_market" not in figures  # NaN: not printed
    assert {f.partner for f in figures.values()} == {"a"}
    assert {f.factor for f in figures.values()} == {factor_name("a")}
    assert figures[f"{YEAR} t_total_market"].value == 690.0  # printed t -> kg


def test_whom_to_withhold():
    model = _model()
    model.figures = [Figure("s1", frozenset({"a", "b", "c"}), frozenset({_item("market:s1_mobile")}), 1000.0)]
    target = Target("c total", "c", frozenset({_item("market:s1_mobile")}))
    # a factor whose side is known: that partner
    assert withhold_next("g:a noise side", model, {"a", "b"}, {}) == "a"
    # c (left out) narrowed: the largest microdata partner of the cells holding c's amounts (b: 900)
    assert withhold_next("c total", model, {"a", "b"}, {"c total": target}) == "b"
    assert withhold_next("c total", model, {"a"}, {"c total": target}) == "a"
    # no microdata partner in those cells: nothing to withhold would help
    assert withhold_next("c total", model, set(), {"c total": target}) is None
