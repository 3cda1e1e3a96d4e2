"""One hand-computed example per action, on the 2024 factor set (AR5), arithmetic written out.

Prices are the 2024 table's (prices.csv), on the basis of a partner that deducts VAT (VAT 0 %):
electricity 0.0939 EUR/kWh (Eurostat, first half of 2024), light fuel oil 97, district heat 79.4, guarantees of origin 5.3 EUR/MWh,
petrol 1.561 EUR/l; VAT rate 24.5 %, so a price published including VAT is divided by 1.245.

Factor values used (data/factors/fi-2024-r1): light fuel oil 0.845 kg/l, 42.5 MJ/kg, CO2 73.5 kg/GJ,
CH4 0.010 kg/GJ (GWP 28), N2O 0.0006 kg/GJ (GWP 265), WTT 0.62665 kg/l; electricity location
0.07225, market (residual mix) 0.55490, T&D 0.01853 kg/kWh; district heat 0.183 + WTT 0.03341 kg/kWh
(market = location); diesel 2.607 + WTT 0.61101 kg/l; HVO 0.03558 kg/l.
"""

from __future__ import annotations

import pytest

from paastolaskuri.actions.catalogue import catalogue_for
from paastolaskuri.actions.engine import evaluate_actions

EL_MARKET = 0.55490 + 0.01853  # residual mix + T&D losses (Scope 3) per kWh
EL_LOCATION = 0.07225 + 0.01853
DH = 0.183 + 0.03341  # location = market, + WTT

# 10 000 l light fuel oil
OIL_L = 10_000
OIL_GJ = OIL_L * 0.845 * 42.5 / 1000  # 359.125 GJ
OIL_KWH = OIL_GJ * 1000 / 3.6  # 99 756.94 kWh of fuel energy
OIL_KG = OIL_GJ * (73.5 + 0.010 * 28 + 0.0006 * 265) + OIL_L * 0.62665  # 26 553.34 + 6 266.5 = 32 819.84 kg
HEAT_KWH = OIL_KWH * 0.85  # boiler efficiency: 84 793.40 kWh of heat


def flag(value):
    """A yes/no/None result as a plain bool or None (the frame holds numpy booleans)."""
    return None if value is None else bool(value)


def one(lines_frame, fs, action, rows, overrides=None):
    cat = catalogue_for(2024, "16101", overrides or [])  # a sawmill: deducts VAT
    r = evaluate_actions(lines_frame(rows), fs, cat, actions=[action], year=2024)
    assert list(r["action_id"]) == [action]
    return r.iloc[0]


OIL = [{"activity": "light_fuel_oil", "quantity": OIL_L, "unit": "l"}]


def test_oil_footprint_as_written(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "oil_to_district_heat", OIL)
    assert r.baseline_market_kg == pytest.approx(32_819.84, abs=0.01)
    assert r.baseline_location_kg == pytest.approx(OIL_KG)


def test_heat_pump_ground_10000_l_oil(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "heat_pump_ground", OIL)
    el_kwh = HEAT_KWH / 3.5  # SPF 3.5: 24 226.69 kWh
    assert el_kwh == pytest.approx(24_226.69, abs=0.01)
    assert r.avoided_market_kg == pytest.approx(
        OIL_KG - el_kwh * EL_MARKET
    )  # 32 819.84 - 13 892.31 = 18 927.53
    assert r.avoided_market_kg == pytest.approx(18_927.53, abs=0.01)
    assert r.avoided_location_kg == pytest.approx(OIL_KG - el_kwh * EL_LOCATION)  # 30 620.54
    assert r.avoided_location_kg == pytest.approx(30_620.54, abs=0.01)
    investment = HEAT_KWH / 1000 * 1250 / 1.245  # 1 250 EUR/MWh of heat incl. VAT: 85 133.94 EUR
    assert investment == pytest.approx(85_133.94, abs=0.01)
    crf = 0.04 / (1 - 1.04**-20)  # 0.0735818
    operating = -OIL_KWH / 1000 * 97 + el_kwh / 1000 * 93.9  # -9 676.42 + 2 274.89 = -7 401.54
    assert r.investment_eur == pytest.approx(investment)
    assert r.operating_eur_per_year == pytest.approx(operating)
    assert r.cost_eur_per_year == pytest.approx(
        investment * crf + operating
    )  # 6 264.30 - 7 401.54 = -1 137.23
    assert r.eur_per_t == pytest.approx(
        (investment * crf + operating) / (r.avoided_market_kg / 1000)
    )  # -60.1
    assert r.payback_years == pytest.approx(investment / -operating)  # 11.5 years
    assert r.payback_years == pytest.approx(11.50, abs=0.01)
    assert flag(r.payback_exceeds_lifetime) is False  # 11.5 < 20 years
    assert r.price_year == 2024


def test_heat_pump_ground_on_green_electricity_contract(lines_frame, fs2024):
    # the partner's electricity is all on guarantees of origin: the pump's electricity follows the contract
    rows = [*OIL, {"activity": "electricity", "quantity": 50, "unit": "MWh", "contract": "go"}]
    r = one(lines_frame, fs2024, "heat_pump_ground", rows)
    el_kwh = HEAT_KWH / 3.5
    assert r.avoided_market_kg == pytest.approx(
        OIL_KG - el_kwh * 0.01853
    )  # only T&D losses remain: 32 370.92
    assert r.avoided_location_kg == pytest.approx(OIL_KG - el_kwh * EL_LOCATION)


def test_heat_pump_air_water(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "heat_pump_air_water", OIL)
    el_kwh = HEAT_KWH / 2.5  # 33 917.36 kWh
    assert r.avoided_market_kg == pytest.approx(OIL_KG - el_kwh * EL_MARKET)  # 13 370.71
    assert r.avoided_location_kg == pytest.approx(OIL_KG - el_kwh * EL_LOCATION)


def test_oil_to_district_heat(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "oil_to_district_heat", OIL)
    assert r.avoided_market_kg == pytest.approx(OIL_KG - HEAT_KWH * DH)  # 32 819.84 - 18 350.14 = 14 469.70
    assert r.avoided_location_kg == pytest.approx(14_469.70, abs=0.01)
    assert r.cost_eur_per_year != r.cost_eur_per_year  # no sourced connection cost: not estimated (NaN)


EL = [{"activity": "electricity", "quantity": 100, "unit": "MWh"}]


def test_green_electricity(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "green_electricity", EL)
    assert r.avoided_market_kg == pytest.approx(100_000 * 0.55490)  # 55 490 kg; T&D losses stay
    assert r.avoided_location_kg == 0
    assert r.cost_eur_per_year == pytest.approx(100 * 5.3)  # 100 MWh x 5.3 EUR/MWh (2024 wholesale GO)
    assert r.eur_per_t == pytest.approx(530 / 55.49)  # 9.55 EUR/t
    assert r.payback_years != r.payback_years  # no investment: no payback ("–")
    assert r.payback_exceeds_lifetime is None
    part = one(lines_frame, fs2024, "green_electricity", EL, ["green_electricity.share=0.4"])
    assert part.avoided_market_kg == pytest.approx(0.4 * 55_490)


def test_solar_pv(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "solar_pv", EL)
    produced = 0.15 * 100_000  # 15 000 kWh = 18.75 kWp x 800 kWh/kWp
    assert r.kwp == pytest.approx(18.75)
    assert r.avoided_market_kg == pytest.approx(produced * EL_MARKET)  # 8 601.45
    assert r.avoided_location_kg == pytest.approx(produced * EL_LOCATION)  # 1 361.70
    investment = 18.75 * 1200  # 22 500 EUR
    saving = 15 * 93.9  # 15 MWh x 93.9 EUR/MWh = 1 408.50 EUR a year
    assert r.investment_eur == pytest.approx(investment)  # FinSolar's price is VAT 0 %: unchanged
    assert r.cost_eur_per_year == pytest.approx(investment * 0.04 / (1 - 1.04**-25) - saving)  # 31.77
    assert r.payback_years == pytest.approx(investment / saving)  # 15.97 years
    assert flag(r.payback_exceeds_lifetime) is False  # 16.0 < 25 years


DHEAT = [{"activity": "district_heat", "quantity": 100, "unit": "MWh"}]


def test_district_heat_low_emission(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "district_heat_low_emission", DHEAT)
    assert r.avoided_market_kg == pytest.approx(100_000 * 0.183)  # product 0 kg/MWh; WTT stays
    assert r.avoided_location_kg == 0  # the grid-average (location) figure does not change
    assert r.cost_eur_per_year == pytest.approx(100 * 3.0)


def test_indoor_temperature(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "indoor_temperature", DHEAT)
    saved = 100_000 * 1 * 0.05  # 1 degree x 5 % = 5 000 kWh
    assert r.avoided_market_kg == pytest.approx(saved * DH)  # 1 082.05
    assert r.avoided_location_kg == pytest.approx(saved * DH)
    assert r.operating_eur_per_year == pytest.approx(-5 * 79.4)  # -397 EUR
    assert r.payback_years != r.payback_years  # a saving without an investment: no payback ("–")
    assert r.payback_exceeds_lifetime is None


def test_led_lighting(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "led_lighting", EL)
    saved = 100_000 * 0.15 * 0.5  # non-residential lighting share 15 %: 7 500 kWh
    assert r.avoided_market_kg == pytest.approx(saved * EL_MARKET)  # 4 300.73
    assert r.avoided_location_kg == pytest.approx(saved * EL_LOCATION)  # 680.85
    assert r.cost_eur_per_year != r.cost_eur_per_year  # investment not sourced: not estimated
    given = one(lines_frame, fs2024, "led_lighting", EL, ["led_lighting.investment_eur_per_mwh_saved=1000"])
    assert given.investment_eur == pytest.approx(7.5 * 1000)  # the user's value is taken as given


def test_ventilation_control(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "ventilation_control", [*DHEAT, *EL])
    heat, el = 100_000 * 0.05, 100_000 * 0.03  # 5 000 kWh heat, 3 000 kWh electricity
    assert r.avoided_market_kg == pytest.approx(heat * DH + el * EL_MARKET)  # 1 082.05 + 1 720.29
    assert r.avoided_location_kg == pytest.approx(heat * DH + el * EL_LOCATION)  # 1 082.05 + 272.34


def test_diesel_to_hvo(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "diesel_to_hvo", [{"activity": "diesel", "quantity": 1000, "unit": "l"}])
    before = 1000 * (2.607 + 0.61101)  # 3 218.01 kg
    after = 1000 * 0.03558  # HVO litre for litre: 35.58 kg (its biogenic CO2 is outside the scopes)
    assert r.avoided_market_kg == pytest.approx(before - after)  # 3 182.43
    assert r.avoided_location_kg == pytest.approx(before - after)
    assert r.cost_eur_per_year == pytest.approx(1000 * 0.2 / 1.245)  # HVO premium 0.2 EUR/l incl. VAT: 160.64
    assert r.eur_per_t == pytest.approx(1000 * 0.2 / 1.245 / 3.18243)


def test_cars_to_electric(lines_frame, fs2024):
    rows = [
        {"activity": "car_petrol_km", "quantity": 20_000, "unit": "km"},
        {"activity": "travel_car_petrol", "quantity": 1000, "unit": "km"},
    ]
    r = one(lines_frame, fs2024, "cars_to_electric", rows)
    own_before = 20_000 * (0.16204 + 1.2857143e-05 * 28 + 1.207547e-06 * 265)  # 0.16272 kg/km: 3 254.40
    el_kwh = 20_000 * 0.2  # 4 000 kWh on the set's electricity factors (no electricity line yet)
    private = 1000 * (0.169 - 0.04047)  # business km in an electric private car: 128.53
    assert r.avoided_market_kg == pytest.approx(own_before - el_kwh * EL_MARKET + private)  # 960.68 + 128.53
    assert r.avoided_location_kg == pytest.approx(own_before - el_kwh * EL_LOCATION + private)
    fuel = 20_000 * 7.8 / 100 * 1.561  # 1 560 l x 1.561 EUR/l (petrol car 7.8 l/100 km)
    assert r.operating_eur_per_year == pytest.approx(-fuel + 4 * 93.9)
    diesel = one(lines_frame, fs2024, "cars_to_electric", [{**rows[0], "activity": "car_diesel_km"}])
    assert diesel.operating_eur_per_year == pytest.approx(
        -20_000 * 6.4 / 100 * 1.478 + 4 * 93.9
    )  # 6.4 l/100 km


FLIGHTS = [{"activity": "flight_domestic", "quantity": 10_000, "unit": "pkm"}]


def test_flights_to_train(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "flights_to_train", FLIGHTS)
    assert r.avoided_market_kg == pytest.approx(5000 * (0.13552 - 0.001))  # half by train: 672.60


def test_remote_meetings(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "remote_meetings", FLIGHTS)
    assert r.avoided_market_kg == pytest.approx(2500 * 0.13552)  # a quarter not flown: 338.80


def test_commute_mode_shift(lines_frame, fs2024):
    r = one(
        lines_frame,
        fs2024,
        "commute_mode_shift",
        [{"activity": "commute_car", "quantity": 10_000, "unit": "km"}],
    )
    after = 8000 * 0.167 + 1000 * 0.068 + 1000 * 0  # car 80 %, bus 10 % (pkm), bike 10 %
    assert r.avoided_market_kg == pytest.approx(10_000 * 0.167 - after)  # 1 670 - 1 404 = 266


def test_waste_sorting(lines_frame, fs2024):
    r = one(
        lines_frame,
        fs2024,
        "waste_sorting",
        [{"activity": "waste_mixed_incineration", "quantity": 10, "unit": "t"}],
    )
    bio, board = 10 * 0.7 * 0.3, 10 * 0.7 * 0.1  # 2.1 t and 0.7 t collected separately
    after = (10 - bio - board) * 506 + bio * 8.98311 + board * 4.68568  # 3 643.2 + 18.86 + 3.28
    assert r.avoided_market_kg == pytest.approx(10 * 506 - after)  # 1 394.66


REFR = [{"activity": "refrigerant_r404a", "quantity": 2, "unit": "kg"}]


def test_refrigerant_natural(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "refrigerant_natural", REFR)
    assert r.avoided_market_kg == pytest.approx(2 * 3943 - 2 * 1)  # R-404A GWP 3943 -> R-744 GWP 1: 7 884


def test_refrigerant_leak_control(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "refrigerant_leak_control", REFR)
    assert r.avoided_market_kg == pytest.approx(2 * 0.5 * 3943)  # half the leaks: 3 943


SPEND = [{"activity": "spend_electronics", "quantity": 10_000, "unit": "EUR"}]


def test_equipment_lifetime(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "equipment_lifetime", SPEND)
    avoided_spend = 10_000 * (1 - 4 / 6)  # 3 333.33 EUR a year less, entered including VAT
    assert r.avoided_market_kg == pytest.approx(avoided_spend * 0.89)  # 2 966.67
    assert r.cost_eur_per_year == pytest.approx(-avoided_spend / 1.245)  # VAT 0 %: -2 677.38
    assert r.eur_per_t == pytest.approx(-avoided_spend / 1.245 / (avoided_spend * 0.89 / 1000))  # -902.5


def test_purchases_to_services(lines_frame, fs2024):
    r = one(lines_frame, fs2024, "purchases_to_services", SPEND)
    assert r.avoided_market_kg == pytest.approx(2000 * (0.89 - 0.24))  # 20 % to 'other consumption': 1 300
    assert r.cost_eur_per_year == 0


def test_no_action_for_activities_the_partner_does_not_have(lines_frame, fs2024):
    r = evaluate_actions(lines_frame(EL), fs2024)
    assert set(r["action_id"]) == {"green_electricity", "solar_pv", "led_lighting", "ventilation_control"}
