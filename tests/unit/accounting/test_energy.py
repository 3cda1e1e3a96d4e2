"""The energy balance: MWh by carrier through the set's calorific values, renewable and not, by hand."""

from __future__ import annotations

import pytest

from helpers import make_lines_frame
from paastolaskuri.accounting.energy import energy_balance, renewable_fraction
from paastolaskuri.accounting.factors import find_factor_set

FS = find_factor_set("fi-2024-r2")

LINES = [
    # 1000 l x 0.845 kg/l x 42.5 MJ/kg = 35 912.5 MJ = 9.975694 MWh (properties.csv, hake.fi)
    {"activity": "light_fuel_oil", "quantity": 1000, "unit": "l"},
    # 100 loose m3 x 2 880 MJ/m3 = 288 000 MJ = 80 MWh, renewable (wood)
    {"activity": "wood_chips", "quantity": 100, "unit": "m3"},
    # 50 000 kWh with guarantees of origin = 50 MWh renewable; 20 MWh without = non-renewable
    {"activity": "electricity", "quantity": 50000, "unit": "kWh", "contract": "go"},
    {"activity": "electricity", "quantity": 20, "unit": "MWh"},
    # 432 GJ / 3.6 = 120 MWh, non-renewable (no renewable share known)
    {"activity": "district_heat", "quantity": 432, "unit": "GJ"},
    # a car by km: no energy without a consumption figure -> listed, not guessed
    {"activity": "car_petrol_km", "quantity": 1000, "unit": "km"},
    # not energy: ignored
    {"activity": "water_supply", "quantity": 100, "unit": "m3"},
]


def test_hand_computed_balance():
    balance = energy_balance(make_lines_frame(LINES), FS)
    by = {c.carrier: c for c in balance.by_carrier}
    assert list(by) == ["light_fuel_oil", "wood_chips", "electricity", "district_heat"]
    assert by["light_fuel_oil"].mwh == pytest.approx(35912.5 / 3600)
    assert by["light_fuel_oil"].renewable_mwh == 0
    assert by["wood_chips"].mwh == pytest.approx(80.0)
    assert by["wood_chips"].renewable_mwh == pytest.approx(80.0)
    assert by["electricity"].mwh == pytest.approx(70.0)
    assert by["electricity"].renewable_mwh == pytest.approx(50.0)
    assert by["electricity"].non_renewable_mwh == pytest.approx(20.0)
    assert by["district_heat"].mwh == pytest.approx(120.0)
    assert balance.total_mwh == pytest.approx(279.9756944, abs=1e-6)
    assert balance.renewable_mwh == pytest.approx(130.0)
    assert balance.non_renewable_mwh == pytest.approx(149.9756944, abs=1e-6)
    assert balance.group_mwh("fuel") == pytest.approx(89.9756944, abs=1e-6)
    assert balance.group_mwh("fuel", renewable=False) == pytest.approx(9.9756944, abs=1e-6)
    assert [(u.row, u.activity, u.unit) for u in balance.unconverted] == [(12, "car_petrol_km", "km")]
    assert not balance.complete


def test_json_shape():
    data = energy_balance(make_lines_frame(LINES[:4]), FS).as_dict()
    assert data["unit"] == "MWh"
    assert data["total_mwh"] == pytest.approx(159.9756944, abs=1e-6)
    assert data["renewable_mwh"] == pytest.approx(130.0)
    assert data["non_renewable_mwh"] == pytest.approx(29.9756944, abs=1e-6)
    assert [c["carrier"] for c in data["by_carrier"]] == ["light_fuel_oil", "wood_chips", "electricity"]
    assert data["unconverted"] == []
    assert data["factor_set"] == "fi-2024-r2"


@pytest.mark.parametrize(
    "activity, group, contract, share",
    [
        ("wood_pellets", "fuel", "", 1.0),
        ("hvo", "fuel", "", 1.0),
        ("milled_peat", "fuel", "", 0.0),  # peat is not renewable
        ("diesel", "fuel", "go", 0.0),  # a contract does not make a fossil fuel renewable
        ("district_heat", "heat", "go", 1.0),
        ("electricity", "electricity", "", 0.0),
    ],
)
def test_renewable_rule(activity, group, contract, share):
    assert renewable_fraction(activity, group, contract) == share
