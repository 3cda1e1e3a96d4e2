"""The report sections on a processed demo workspace: the partner's own actions, the network's potentials."""

from __future__ import annotations

import re

from paastolaskuri.actions.catalogue import load_action_catalogue
from paastolaskuri.actions.inputs import lines_from_workspace
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.tables import other_label
from paastolaskuri.reporting.actions_section import (
    network_actions,
    network_potentials,
    partner_actions,
    partner_block,
)


def test_partner_section_lists_actions_macc_commitment_and_every_assumption(demo_workspace):
    root, _ = demo_workspace
    html = partner_actions(root, "demo-koodi", 2024, "en").html
    assert "<h2>Most effective actions</h2>" in html
    assert html.count("<img") == 1  # the MACC
    assert "<p>No commitment recorded.</p>" in html
    assert "Estimates:" in html
    cat = load_action_catalogue()
    shown = [a for a in cat.ids() if f"<td>{cat[a].label('en')}</td>" in html]
    lines = lines_from_workspace(root, 2024, "demo-koodi").lines
    acts = set(lines["activity"])
    assert not acts & {"light_fuel_oil", "heavy_fuel_oil", "natural_gas", "lpg"}
    assert "heat_pump_ground" not in shown  # no boiler fuel: no heat-pump action
    not_green = ((lines["activity"] == "electricity") & (lines["contract"] != "go")).any()
    assert ("green_electricity" in shown) == bool(not_green)
    assert "district_heat" in acts and "district_heat_low_emission" in shown
    for action in shown:
        for p in cat[action].parameters:
            assert f"({p.key})" in html, p.key  # every assumption listed with its source


def test_network_section_public_names_nobody_and_merges_small_groups(demo_workspace):
    root, orgs = demo_workspace
    pot = network_potentials(root, 2024)
    positive = pot[pot["avoided_market_kg"] > 0]
    amounts = positive.groupby(["action_id", "partner_id"])["avoided_market_kg"].sum()
    # an action stands alone when its partners' amounts pass threshold and dominance
    alone = {a: rules.publishable(amounts[a]) for a in positive["action_id"].unique()}
    public = network_actions(root, 2024, "en", "public").html
    coordinator = network_actions(root, 2024, "en", "coordinator").html
    for org in orgs:
        assert org["partner_id"] not in public and org["name"] not in public
        assert org["partner_id"] not in coordinator and org["name"] not in coordinator
    cat = load_action_catalogue()
    for action, publishable in alone.items():
        label = cat[action].label("en")
        # a failing action never stands alone; a passing one may still join "other" (secondary)
        assert publishable or label not in public, action
        assert label in coordinator
    assert not all(alone.values())  # the demo has actions that must merge
    assert other_label("en") in public
    counts = [int(x) for x in re.findall(r"<td class='pl-num'>(\d+)</td><td class='pl-num'>", public)]
    assert counts and min(counts) >= rules.MIN_CONTRIBUTORS
    # public tonnes have 3 significant digits: "378.0" but never "378.4"
    tonnes = re.findall(r"<td class='pl-num'>\d+</td><td class='pl-num'>([\d,.]+)</td>", public)
    assert tonnes and all(_significant(t) <= rules.SIGNIFICANT_DIGITS for t in tonnes)


def _significant(shown: str) -> int:
    """Significant digits of a printed number ("1,230.0" -> 3, "378.4" -> 4)."""
    return len(shown.replace(",", "").replace(".", "").strip("0"))


def test_sawmill_section_prices_increasing_actions_apart_and_the_plan_step_by_step(demo_workspace):
    from paastolaskuri.actions.analysis import analyse
    from paastolaskuri.actions.catalogue import catalogue_for

    root, _ = demo_workspace
    loaded = lines_from_workspace(root, 2024, "demo-saha")
    a = analyse(loaded.lines, loaded.factor_set, catalogue=catalogue_for(2024, loaded.sector), year=2024)
    html = partner_block(a, "en").html
    assert "Prices: the 2024 price table, every amount excluding VAT (the organisation deducts it)" in html
    ranked_part, _, rest = html.partition("<h3>Marginal abatement cost curve")
    for x in a.increasing("en").itertuples():  # listed apart with the reason, never among the ranked
        assert x.avoided_market_kg < 0
        assert f"<td>{x.label}</td>" not in ranked_part.split("<h3>Actions that raise emissions</h3>")[0]
        assert "would raise the market-based emissions" in ranked_part
    assert a.plan["action_id"].tolist()[1:] == [x for x in a.plan["action_id"] if x != "(baseline)"]
    assert not set(a.increasing("en")["action_id"]) & set(a.plan["action_id"])  # not in the default plan
    for s in a.plan.itertuples():  # each step's label in the plan table, in order
        if s.step:
            assert f"<td class='pl-num'>{s.step}</td><td>{a.catalogue[s.action_id].label('en')}</td>" in rest
    for x in a.effective("en").itertuples():
        if x.investment_eur != x.investment_eur or x.investment_eur == 0:
            assert x.payback_years != x.payback_years  # no investment: payback "–", never 0.0
