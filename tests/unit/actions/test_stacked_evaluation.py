"""Issue 20: the analysis evaluates its central figures and both range ends in one engine call.

`evaluate_catalogues` must give, table for table, exactly what `evaluate_actions` gives on each
catalogue alone (the same columns, dtypes and values float for float), here on three hand-made
partner-years that share some actions and not others.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.actions.analysis import _range_catalogue
from paastolaskuri.actions.catalogue import catalogue_for
from paastolaskuri.actions.engine import evaluate_actions, evaluate_catalogues

GROUPS = [
    [  # electricity and an oil boiler
        {"activity": "electricity", "quantity": 100_000, "unit": "kWh"},
        {"activity": "light_fuel_oil", "quantity": 10_000, "unit": "l"},
    ],
    [  # district heat and vans
        {"activity": "district_heat", "quantity": 200_000, "unit": "kWh"},
        {"activity": "diesel", "quantity": 2_000, "unit": "l"},
    ],
    [  # electricity already on guarantees of origin, and a gas boiler
        {"activity": "electricity", "quantity": 50_000, "unit": "kWh", "contract": "go"},
        {"activity": "natural_gas", "quantity": 80_000, "unit": "kWh"},
    ],
]
RANGED = ["led_lighting", "heat_pump_ground", "solar_pv", "green_electricity"]


def three_groups(lines_frame) -> pd.DataFrame:
    """The three partner-years stacked, each with its `_group`."""
    return pd.concat([lines_frame(rows).assign(_group=g) for g, rows in enumerate(GROUPS)], ignore_index=True)


def avoided(table: pd.DataFrame, group: int, action: str) -> float:
    """One group's market-based kg avoided by one action."""
    hit = table[(table["_group"] == group) & (table["action_id"] == action)]
    return float(hit["avoided_market_kg"].item())


def test_one_call_gives_each_catalogue_its_own_table(lines_frame, fs2024):
    lines = three_groups(lines_frame)
    cat = catalogue_for(2024, "16101")
    sets = [(cat, None), (_range_catalogue(cat, "low"), RANGED), (_range_catalogue(cat, "high"), RANGED)]
    together = evaluate_catalogues(lines, fs2024, sets, year=2024)
    assert len(together) == 3
    for (catalogue, actions), table in zip(sets, together, strict=True):
        alone = evaluate_actions(lines, fs2024, catalogue, actions=actions, year=2024)
        pd.testing.assert_frame_equal(table, alone, check_exact=True)
    central, low, high = together
    assert set(central["_group"]) == {0, 1, 2}
    # green electricity applies to group 0 only: group 2's electricity is already on guarantees of origin
    assert set(low.loc[low["action_id"] == "green_electricity", "_group"]) == {0}
    # the ends really are other figures: the LED saving at its low and high end brackets the central one
    led = [avoided(t, 0, "led_lighting") for t in (low, central, high)]
    assert led[0] < led[1] < led[2]
