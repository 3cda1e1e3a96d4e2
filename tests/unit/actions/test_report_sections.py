"""The report sections on a processed demo workspace: the partner's own actions, the network's potentials."""

from __future__ import annotations

import re

from paastolaskuri.actions.catalogue import load_action_catalogue
from paastolaskuri.actions.inputs import lines_from_workspace
from paastolaskuri.reporting.actions_section import network_actions, network_potentials, partner_actions
from paastolaskuri.reporting.suppression import MIN_GROUP


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
    partners_per_action = pot[pot["avoided_market_kg"] > 0].groupby("action_id")["partner_id"].nunique()
    public = network_actions(root, 2024, "en", "public").html
    coordinator = network_actions(root, 2024, "en", "coordinator").html
    for org in orgs:
        assert org["partner_id"] not in public and org["name"] not in public
        assert org["partner_id"] not in coordinator and org["name"] not in coordinator
    cat = load_action_catalogue()
    for action, n in partners_per_action.items():
        label = cat[action].label("en")
        assert (label in public) == (n >= MIN_GROUP), action
        assert label in coordinator
    if (partners_per_action < MIN_GROUP).any():
        assert "other (groups under 3 partners)" in public
    counts = [int(x) for x in re.findall(r"<td class='pl-num'>(\d+)</td><td class='pl-num'>", public)]
    assert counts and min(counts) >= MIN_GROUP
