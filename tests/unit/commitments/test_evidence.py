"""Action evidence from emission lines: zero and guarantees-of-origin share links."""

from __future__ import annotations

import pandas as pd

from paastolaskuri.commitments.evidence import action_evidence
from paastolaskuri.intake.commitment_schema import Action


def action(**kw) -> Action:
    base = dict(partner_id="p", commitment_id="A1", description="x", status="in_progress")
    base.update(kw)
    return Action(**base)


SCOPES = {"light_fuel_oil": 1, "electricity": 2}  # as the engine books them


def lines(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(
        rows, columns=["row", "activity", "basis", "quantity", "unit", "converted_quantity", "factor_id"]
    )
    return df.assign(scope=df["activity"].map(SCOPES))


def test_zero_link_contradicted_by_remaining_litres_counted_once_per_line():
    em = lines(
        [
            (7, "light_fuel_oil", "both", 12_000.0, "l", 120_000.0, "f1"),
            (8, "electricity", "location", 5.0, "MWh", 5000.0, "e"),
        ]
    )
    ev = action_evidence(action(link_activity="light_fuel_oil", link_rule="zero", link_from=2024), 2024, em)
    assert ev.status == "contradicted"
    assert ev.quantities == (("l", 12_000.0),)


def test_zero_link_consistent_and_not_yet_before_its_year():
    em = lines([(8, "electricity", "location", 5.0, "MWh", 5000.0, "e")])
    a = action(link_activity="light_fuel_oil", link_rule="zero", link_from=2025)
    assert action_evidence(a, 2025, em).status == "consistent"
    assert action_evidence(a, 2024, em).status == "not_yet"
    assert action_evidence(a, 2025, None).status == "no_data"


def test_go_share_measured_on_market_basis():
    em = lines(
        [
            (7, "electricity", "location", 60_000.0, "kWh", 60_000.0, "loc"),
            (7, "electricity", "market", 60_000.0, "kWh", 60_000.0, "contract:go"),
            (8, "electricity", "location", 40.0, "MWh", 40_000.0, "loc"),
            (8, "electricity", "market", 40.0, "MWh", 40_000.0, "residual"),
        ]
    )
    a = action(link_activity="electricity", link_rule="go_share", link_value=100.0, link_from=2024)
    ev = action_evidence(a, 2024, em)
    assert ev.status == "contradicted"
    assert ev.share_pct == 60.0  # 60 000 of 100 000 kWh
    ok = action_evidence(action(link_activity="electricity", link_rule="go_share", link_value=60.0), 2024, em)
    assert ok.status == "consistent"


def test_action_without_link():
    assert action_evidence(action(), 2024, None).status == "no_link"
