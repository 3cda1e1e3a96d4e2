"""Own renewable production consumed on site: no emissions, its own renewable row of the energy balance.

By hand (fi-2024-r2): own solar electricity 12 000 kWh = 12 MWh and own solar heat 3.6 GJ / 3.6 =
1 MWh, both renewable own production (13 MWh); 20 MWh of electricity bought without guarantees of
origin is non-renewable. Total 33 MWh, renewable 13 MWh, non-renewable 20 MWh.
"""

from __future__ import annotations

import pytest

from helpers import make_lines_frame
from paastolaskuri.accounting.calculation import calculate_emissions, summarise_totals
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.coefficients import NO_EMISSION_FACTOR_ID
from paastolaskuri.accounting.energy import OWN_PRODUCTION, energy_balance
from paastolaskuri.accounting.factors import find_factor_set
from paastolaskuri.reporting.vsme import vsme_b3

FS = find_factor_set("fi-2024-r2")
LINES = [
    {"activity": "own_solar_electricity", "quantity": 12000, "unit": "kWh"},
    {"activity": "own_solar_heat", "quantity": 3.6, "unit": "GJ"},
    {"activity": "electricity", "quantity": 20, "unit": "MWh"},
]


def test_catalogue_marks_own_production_as_no_emissions():
    catalogue = load_catalogue()
    assert catalogue["own_solar_electricity"].no_emissions
    assert catalogue["own_solar_heat"].no_emissions
    assert not catalogue["electricity"].no_emissions
    assert (
        catalogue["own_solar_electricity"].label("en") == "Own solar electricity (produced and used on site)"
    )


def test_own_production_has_zero_emissions_sourced_to_the_rule():
    emissions = calculate_emissions(make_lines_frame(LINES), FS)
    own = emissions[emissions["activity"].isin(["own_solar_electricity", "own_solar_heat"])]
    assert list(own["row"]) == [7, 8]  # one direct line each, no Scope 2 bases
    assert set(own["basis"]) == {"direct"} and set(own["scope"]) == {1}
    assert list(own["kg_co2e"]) == [0.0, 0.0]
    assert set(own["factor_id"]) == {NO_EMISSION_FACTOR_ID}
    assert set(own["confidence"]) == {"definition"}
    assert "Scope 2 Guidance" in own["source"].iloc[0]
    assert summarise_totals(emissions)["scope1"] == 0.0


def test_energy_balance_separates_own_production():
    balance = energy_balance(make_lines_frame(LINES), FS)
    by = {c.carrier: c for c in balance.by_carrier}
    assert list(by) == ["own_solar_electricity", "own_solar_heat", "electricity"]
    assert by["own_solar_electricity"].group == OWN_PRODUCTION
    assert by["own_solar_electricity"].mwh == pytest.approx(12.0)
    assert by["own_solar_electricity"].renewable_mwh == pytest.approx(12.0)
    assert by["own_solar_heat"].renewable_mwh == pytest.approx(1.0)
    assert balance.own_production_mwh == pytest.approx(13.0)
    assert balance.total_mwh == pytest.approx(33.0)
    assert balance.renewable_mwh == pytest.approx(13.0)
    assert balance.group_mwh("fuel") == 0  # solar is not a fuel although its category is stationary
    data = balance.as_dict()
    assert data["own_production_mwh"] == pytest.approx(13.0)
    assert data["non_renewable_mwh"] == pytest.approx(20.0)


def test_b3_own_production_row_outside_electricity_billings():
    lines = make_lines_frame(LINES)
    emissions = calculate_emissions(lines, FS)
    totals = summarise_totals(emissions)
    b3 = vsme_b3({"partner_id": "x", "year": 2024, "revenue_eur": 1e6}, totals, emissions, lines, FS, "AR5")
    assert b3.value("own_production_total") == pytest.approx(13.0)
    assert b3.value("electricity_total") == pytest.approx(20.0)  # as reflected in utility billings
    assert b3.value("electricity_renewable") == 0
    assert b3.value("energy_total") == pytest.approx(33.0)
    assert b3.value("energy_renewable") == pytest.approx(13.0)
    points = {d.code: d for d in b3.datapoints}
    assert not points["own_production_total"].required
    assert points["own_production_total"].check == "not-in-B3"
    assert "rows 7, 8" in points["own_production_total"].origin["en"]
    assert b3.value("scope1") == 0.0
