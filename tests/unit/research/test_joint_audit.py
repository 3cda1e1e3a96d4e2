"""The joint model of the research tables and the public report (research.joint_audit), piece by piece."""

import pandas as pd

from paastolaskuri.disclosure.audit import Figure
from paastolaskuri.reporting.network_audit import LOCATION
from paastolaskuri.research import joint_audit
from paastolaskuri.research.aggregate import ALL

SCOPE_OF = {"s1_mobile": 1, "s2_electricity": 2, "s2_heat": 2, "s3_c1": 3}


def test_the_public_location_figure_becomes_the_sum_of_its_scope_2_categories():
    public = Figure("Scope 2 location-based", frozenset({"a", "b"}), frozenset({LOCATION}), 1000.0)
    (split,) = joint_audit.split_location([public], SCOPE_OF)
    assert split.items == {"location:s2_electricity", "location:s2_heat"}
    assert split.partners == public.partners and split.value == 1000.0


def test_category_rows_become_figures_over_the_research_partners():
    partners = pd.DataFrame({"partner_id": ["a", "b", "c"]})
    rows = pd.DataFrame(
        {
            "scope": [2, 2, 2],
            "category": ["s2_electricity", "s2_other", ALL],
            "t_co2e_location": [1.5, 0.25, 1.75],
            "t_co2e_market": [3.0, None, 4.0],
        }
    )
    figures = {f.name: f for f in joint_audit.category_figures(rows, partners, SCOPE_OF)}
    assert figures["research 2 s2_other location"].items == {"location:s2_heat"}  # the one not shown
    assert figures["research 2 all market"].items == {"market:s2_electricity", "market:s2_heat"}
    assert figures["research 2 s2_electricity location"].value == 1500.0  # t -> kg
    assert "research 2 s2_other market" not in figures  # a withheld cell is no figure
    assert joint_audit.merged_categories(rows, SCOPE_OF) == {"s2_heat"}


def test_a_partner_with_one_scope_has_one_target_for_its_total_and_that_scope():
    truth = {("a", "market:s1_mobile"): 5.0, ("b", "market:s1_mobile"): 1.0, ("b", "market:s3_c1"): 2.0}
    names = [t.name for t in joint_audit.joint_targets(["a", "b"], truth, SCOPE_OF, {"s3_c1"})]
    # a's Scope 1 is its total; b's category s3_c1 is its Scope 3; no location-based Scope 2 at all
    # (biogenic CO2 stays a target: the audit skips a target whose true value is zero)
    assert names == [
        "a total market-based",
        "a biogenic CO2",
        "b total market-based",
        "b biogenic CO2",
        "b scope1",
        "b scope3",
    ]
