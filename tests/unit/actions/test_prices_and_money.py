"""The yearly price table, one VAT basis, money lines through the accounting's money step, the payback
flag, the ranges across the assumptions and the MACC's axis (issue 21), each computed by hand.

Rates used (data/factors/fi-2024-r2/exchange_rates.csv, ECB 2024 annual averages): 1 EUR = 1.08238 USD
= 11.43252 SEK. VAT 2024: 24.5 % (the months' mean of 24 % and 25.5 %).
"""

from __future__ import annotations

import csv
import math
import re

import pytest

from paastolaskuri.accounting.factors import find_factor_set
from paastolaskuri.actions.analysis import analyse, macc_data
from paastolaskuri.actions.catalogue import (
    DATA_DIR,
    catalogue_for,
    load_action_catalogue,
    parameter_value_text,
    price_year_for,
    vat_basis_for_sector,
)
from paastolaskuri.actions.costs import payback_exceeds_lifetime
from paastolaskuri.actions.engine import evaluate_actions
from paastolaskuri.cli import main

SAWMILL, HOUSING = "16101", "68202"  # a sawmill deducts VAT; a housing company cannot
EL_MARKET = 0.55490 + 0.01853  # fi-2024-r1 residual mix + T&D losses per kWh


@pytest.fixture(scope="module")
def fs_r2():
    """The 2024 r2 set: it has the money tables (exchange rates, price indices, spend bases)."""
    return find_factor_set("fi-2024-r2")


def row(r, col):
    """One result's value as a plain Python value (numpy booleans and NaN made comparable)."""
    v = r[col]
    return None if v is None else v.item() if hasattr(v, "item") else v


def test_price_year_follows_the_report_year():
    assert price_year_for(2024) == 2024
    assert price_year_for(2023) == 2023
    assert price_year_for(2026) == 2024  # a later year takes the latest table
    assert price_year_for(2019) == 2022  # an earlier year takes the first
    assert price_year_for(None) == 2024
    el = {p.name: p for p in catalogue_for(2023).common}["electricity_eur_per_kwh"]
    assert (el.value, el.price_year, el.confidence, el.publisher) == (
        0.089,
        2023,
        "seen-in-source",
        "Eurostat",
    )
    el22 = {p.name: p for p in catalogue_for(2022).common}["electricity_eur_per_kwh"]
    assert el22.value == 0.108  # (0.08 + 0.1365) / 2, the two halves of 2022
    go = {p.name: p for p in catalogue_for(2023)["green_electricity"].parameters}["premium_eur_per_mwh"]
    assert go.value == 6.066 and "Wholesale" in go.note


def test_every_price_row_is_sourced_with_a_range_inside_the_parameters_limits():
    with (DATA_DIR / "prices.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    params = {p.key: p for p in load_action_catalogue().all_parameters()}
    keys_by_year: dict[str, set[str]] = {}
    for r in rows:
        assert r["publisher"] and r["document"] and r["note"] and r["note_fi"], r["key"]
        assert r["confidence"] in ("seen-in-source", "derived-from-seen", "unverified"), r["key"]
        low, value, high = float(r["low"]), float(r["value"]), float(r["high"])
        assert low <= value <= high, (r["year"], r["key"])
        p = params[r["key"]]
        assert p.minimum <= low and high <= p.maximum, (r["year"], r["key"])
        keys_by_year.setdefault(r["year"], set()).add(r["key"])
    assert set(keys_by_year) == {"2022", "2023", "2024"}
    assert len({frozenset(k) for k in keys_by_year.values()}) == 1  # every year prices the same things


def test_vat_basis_from_the_sector_and_its_override():
    assert vat_basis_for_sector(HOUSING) == "incl"
    assert vat_basis_for_sector("94999") == "incl"  # an association
    assert vat_basis_for_sector(SAWMILL) == "excl"
    assert vat_basis_for_sector(None) == "excl"
    firm, housing = catalogue_for(2024, SAWMILL), catalogue_for(2024, HOUSING)
    # electricity is published excluding VAT, the heat-pump price including it (a house system)
    assert firm.values("heat_pump_ground")["electricity_eur_per_kwh"] == pytest.approx(0.0939)
    assert housing.values("heat_pump_ground")["electricity_eur_per_kwh"] == pytest.approx(0.0939 * 1.245)
    assert firm.values("heat_pump_ground")["investment_eur_per_mwh"] == pytest.approx(1250 / 1.245)
    assert housing.values("heat_pump_ground")["investment_eur_per_mwh"] == pytest.approx(1250)
    assert (firm.spend_to_basis, housing.spend_to_basis) == (pytest.approx(1 / 1.245), 1.0)
    told = catalogue_for(2024, HOUSING, ["common.prices_include_vat=0"])
    assert told.vat_basis == "excl"
    assert told.values("heat_pump_ground")["electricity_eur_per_kwh"] == pytest.approx(0.0939)


@pytest.mark.parametrize(("currency", "per_eur"), [("USD", 1.08238), ("SEK", 11.43252)])
def test_equipment_lifetime_prices_usd_and_sek_lines_through_the_money_step(
    lines_frame, fs_r2, currency, per_eur
):
    lines = lines_frame([{"activity": "spend_electronics", "quantity": 10_000, "unit": currency}])
    r = evaluate_actions(
        lines, fs_r2, catalogue_for(2024, SAWMILL), actions=["equipment_lifetime"], year=2024
    )
    r = r.iloc[0]
    euros = 10_000 / per_eur  # USD: 9 238.90 EUR; SEK: 874.69 EUR (2024 reporting-year euros)
    saving = euros * (1 - 4 / 6) / 1.245  # a third less bought, the template's VAT-inclusive spend to VAT 0 %
    assert r.cost_eur_per_year == pytest.approx(-saving)  # USD: -2 473.60 EUR; SEK: -234.19 EUR
    assert r.cost_eur_per_year != 0 and r.avoided_market_kg > 0
    assert r.eur_per_t == pytest.approx(-saving / (r.avoided_market_kg / 1000))
    # the same spend entered in euros gives the same tonnes and the same saving
    same = lines_frame([{"activity": "spend_electronics", "quantity": euros, "unit": "EUR"}])
    e = evaluate_actions(same, fs_r2, catalogue_for(2024, SAWMILL), actions=["equipment_lifetime"], year=2024)
    assert r.avoided_market_kg == pytest.approx(e.iloc[0].avoided_market_kg)
    assert r.cost_eur_per_year == pytest.approx(e.iloc[0].cost_eur_per_year)
    # a housing company sees the saving including VAT (the spend as entered)
    h = evaluate_actions(
        lines, fs_r2, catalogue_for(2024, HOUSING), actions=["equipment_lifetime"], year=2024
    )
    assert h.iloc[0].cost_eur_per_year == pytest.approx(-euros / 3)


@pytest.mark.parametrize(("currency", "per_eur"), [("USD", 1.08238), ("SEK", 11.43252)])
def test_purchases_to_services_usd_and_sek_lines_as_their_euros(lines_frame, fs_r2, currency, per_eur):
    lines = lines_frame([{"activity": "spend_furniture", "quantity": 5_000, "unit": currency}])
    same = lines_frame([{"activity": "spend_furniture", "quantity": 5_000 / per_eur, "unit": "EUR"}])
    cat = catalogue_for(2024, SAWMILL)
    r = evaluate_actions(lines, fs_r2, cat, actions=["purchases_to_services"], year=2024).iloc[0]
    e = evaluate_actions(same, fs_r2, cat, actions=["purchases_to_services"], year=2024).iloc[0]
    assert r.avoided_market_kg > 0
    assert r.avoided_market_kg == pytest.approx(e.avoided_market_kg)
    assert r.cost_eur_per_year == 0  # the same euros move to services: no cost change


def test_a_line_without_an_exchange_rate_is_not_estimated_never_zero(lines_frame, fs2024):
    # the r1 set has no exchange rates: the USD line cannot be priced, so neither can the saving
    lines = lines_frame(
        [
            {"activity": "spend_electronics", "quantity": 10_000, "unit": "USD"},
            {"activity": "spend_furniture", "quantity": 1_000, "unit": "EUR"},
        ]
    )
    r = evaluate_actions(
        lines, fs2024, catalogue_for(2024, SAWMILL), actions=["equipment_lifetime"], year=2024
    )
    assert math.isnan(r.iloc[0].cost_eur_per_year) and math.isnan(r.iloc[0].eur_per_t)


def test_payback_exceeds_lifetime_by_hand():
    # 100 / 10 = 10 years > 5; no investment; a cost instead of a saving; not estimated
    flags = payback_exceeds_lifetime([100, 0, 100, 100], [-10, -10, 5, float("nan")], [5, 5, 5, 5])
    assert flags == [True, None, True, None]
    assert payback_exceeds_lifetime([100], [-50], [5]) == [False]  # 2 years


def test_heat_pump_that_does_not_pay_back_within_its_lifetime(lines_frame, fs2024):
    oil = lines_frame([{"activity": "light_fuel_oil", "quantity": 10_000, "unit": "l"}])
    cat = catalogue_for(2024, SAWMILL, ["heat_pump_ground.investment_eur_per_mwh=3000"])
    r = evaluate_actions(oil, fs2024, cat, actions=["heat_pump_ground"], year=2024).iloc[0]
    heat_mwh = 10_000 * 0.845 * 42.5 / 3.6 * 0.85 / 1000  # 84.79 MWh of heat
    investment = heat_mwh * 3000  # the user's own value, taken as given: 254 380.21 EUR
    operating = -heat_mwh / 0.85 * 97 + heat_mwh / 3.5 * 93.9  # -9 676.42 + 2 274.89 = -7 401.54
    assert r.payback_years == pytest.approx(investment / -operating)  # 34.4 years
    assert row(r, "payback_exceeds_lifetime") is True  # 34.4 > 20 years
    dear = catalogue_for(2024, SAWMILL, ["common.electricity_eur_per_kwh=0.5"])
    d = evaluate_actions(oil, fs2024, dear, actions=["heat_pump_ground"], year=2024).iloc[0]
    assert math.isnan(d.payback_years)  # electricity dearer than the oil saved: no saving at all
    assert row(d, "payback_exceeds_lifetime") is True


def test_lighting_range_low_central_high(lines_frame, fs2024):
    el = lines_frame([{"activity": "electricity", "quantity": 100, "unit": "MWh"}])
    a = analyse(el, fs2024, catalogue=catalogue_for(2024, SAWMILL), year=2024)
    led = a.ranked("en").set_index("action_id").loc["led_lighting"]
    # lighting share 5 % / 15 % / 30 % of 100 MWh, LED saving 50 %: 2 500 / 7 500 / 15 000 kWh
    assert led.t_avoided_market == pytest.approx(7_500 * EL_MARKET / 1000)  # 4.30 t
    assert led.t_avoided_market_low == pytest.approx(2_500 * EL_MARKET / 1000)  # 1.43 t
    assert led.t_avoided_market_high == pytest.approx(15_000 * EL_MARKET / 1000)  # 8.60 t
    go = a.ranked("en").set_index("action_id").loc["green_electricity"]
    # guarantees of origin 4.8 / 5.3 / 5.8 EUR/MWh on 100 MWh avoiding 55.49 t: 8.65 / 9.55 / 10.45 EUR/t
    assert (go.eur_per_t_low, go.eur_per_t_high) == (pytest.approx(480 / 55.49), pytest.approx(580 / 55.49))


def test_macc_axis_ends_at_the_plan_total_and_alternatives_are_not_stacked(lines_frame, fs2024):
    lines = lines_frame(
        [
            {"activity": "light_fuel_oil", "quantity": 10_000, "unit": "l"},
            {"activity": "electricity", "quantity": 100, "unit": "MWh"},
        ]
    )
    a = analyse(lines, fs2024, catalogue=catalogue_for(2024, SAWMILL), year=2024)
    data = macc_data(a, "en")
    alone = a.ranked("en").set_index("action_id")["t_avoided_market"]
    heating = ["heat_pump_ground", "heat_pump_air_water", "oil_to_district_heat"]
    assert alone[heating].sum() > alone["heat_pump_ground"]  # stacking them would count the oil thrice
    assert data.total_t == pytest.approx(a.plan_avoided_kg / 1000)
    assert sum(b.t_avoided for b in data.bars) == pytest.approx(data.total_t)
    drawn = [b.action_id for b in data.bars]
    assert [h for h in heating if h in drawn] == ["heat_pump_ground"]  # the plan's choice only
    number = {x: i + 1 for i, x in enumerate(a.effective("en")["action_id"])}
    others = tuple(n for action, n in number.items() if action in heating[1:])  # in ranked order
    assert data.alternatives == ((number["heat_pump_ground"], others),)
    costed = [b.eur_per_t for b in data.bars if b.eur_per_t is not None]
    assert costed == sorted(costed)  # cheapest per tonne first


def test_parameter_values_are_formatted_for_the_reader():
    assert parameter_value_text(0.04, "1/a", "fi") == "4 % vuodessa"
    assert parameter_value_text(0.04, "1/a", "en") == "4 % a year"
    assert parameter_value_text(1, "share", "en") == "100 %"
    assert parameter_value_text(0.089, "EUR/kWh", "fi") == "0,089 €/kWh"
    assert parameter_value_text(1250, "EUR per MWh/a heat", "en") == "1,250 € per MWh of heat a year"
    assert parameter_value_text(None, "EUR", "fi") == "–"
    assert parameter_value_text(0.2 / 1.245, "EUR/l", "fi") == "0,1606 €/l"  # not 0,160643: 4 digits


def test_cli_text_in_finnish_formats_every_number_and_translates_marks(capsys, tmp_path):
    f = tmp_path / "lines.csv"
    f.write_text("activity,quantity,unit\nlight_fuel_oil,10000,l\nelectricity,100,MWh\n", encoding="utf-8")
    code = main(["actions", str(f), "--year", "2024", "--workspace", str(tmp_path), "--lang", "fi"])
    assert code == 0
    out = capsys.readouterr().out
    assert "Hinnat: vuoden 2024 hintataulukko, kaikki rahamäärät ilman arvonlisäveroa" in out
    assert "common.electricity_eur_per_kwh = 0,0939 €/kWh" in out
    assert "common.discount_rate = 4 % vuodessa" in out
    assert "[skenaariovalinta]" in out and "[choice]" not in out and "[unverified]" not in out
    assert " 1 share" not in out and " 1/a" not in out
    # the plan table: every step in order, on both bases, and its total
    assert "Vaihe vältti t (markkinaperusteinen)" in out and "Vaihe vältti t (sijaintiperusteinen)" in out
    assert "(lähtötaso)" in out and "Yhteensä" in out
    table = out.split("Oletukset ja lähteet:")[0]
    assert re.search(r"\d\.\d", table) is None  # no "1 975.6": decimal commas throughout


def test_default_plan_takes_one_boiler_alternative_and_no_increase():
    import pandas as pd

    from paastolaskuri.actions.analysis import default_plan

    results = pd.DataFrame(
        {
            "action_id": ["heat_pump_air_water", "heat_pump_ground", "oil_to_district_heat", "waste_sorting"],
            "avoided_market_kg": [13_370.7, 18_927.5, 14_469.7, -22.0],
        }
    )
    # the ground-source pump avoids the most of the three; waste sorting raises emissions
    assert default_plan(results, catalogue_for(2024)) == ["heat_pump_ground"]


def test_a_range_reads_with_negative_ends_and_collapses_when_its_ends_print_alike():
    from paastolaskuri.reporting.actions_section import _range

    def r(*args) -> str:  # digit groups are no-break spaces
        return _range(*args).replace("\u00a0", " ").replace("\u202f", " ")

    assert r(-1463.2, -1445.0, "fi") in ("-1 463,2 … -1 445,0", "−1 463,2 … −1 445,0")
    assert r(-43.0, 65.0, "en") in ("-43.0 … 65.0", "−43.0 … 65.0")
    assert r(1438.91, 1438.94, "fi") == "1 438,9"
    assert r(None, 3.0, "fi") == "–"
