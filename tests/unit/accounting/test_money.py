"""Spend lines in other currencies and in reporting-year euros: the rate step and the price-year step."""

from __future__ import annotations

import pytest

from helpers import make_lines_frame
from paastolaskuri.accounting.calculation import calculate_emissions
from paastolaskuri.accounting.factors import find_factor_set
from paastolaskuri.accounting.money import (
    MoneyTables,
    currency_of,
    load_money_tables,
    money_conversion,
    parse_money_tables,
)
from paastolaskuri.accounting.units import ConversionError, normalise_unit

SRC = {"publisher": "P", "document": "D", "url": "", "confidence": "seen-in-source", "note": ""}
TABLES = parse_money_tables(
    [{"currency": "USD", "year": "2024", "per_eur": "2.0", **SRC}],
    [
        {"series": "CPI", "year": "2013", "value": "100", "base": "", **SRC},
        {"series": "CPI", "year": "2024", "value": "125", "base": "", **SRC},
    ],
    [{"factor_id": "spend.x", "price_year": "2013", "vat_basis": "incl", "series": "CPI", **SRC}],
)


def test_currency_units_are_read_and_kept_apart_from_euros():
    assert [normalise_unit(t) for t in ("usd", "$", "£", "Sek", "NOK", "dkk", "CHF")] == [
        "USD",
        "USD",
        "GBP",
        "SEK",
        "NOK",
        "DKK",
        "CHF",
    ]
    assert currency_of("EUR") == ("EUR", 1.0) and currency_of("kEUR") == ("EUR", 1000.0)
    assert currency_of("USD") == ("USD", 1.0) and currency_of("kg") is None


def test_rate_then_price_year_by_hand():
    # 1 USD = 1/2.0 EUR = 0.5 EUR of 2024; x 100/125 = 0.4 EUR of 2013
    conv = money_conversion("USD", "EUR", "spend.x", 2024, TABLES)
    assert conv.factor == pytest.approx(0.4, rel=1e-12)
    assert conv.steps[0].startswith(
        "USD → EUR × 0.5 (ECB reference rate, 2024 annual average: 1 EUR = 2 USD;"
    )
    assert conv.steps[1].startswith("€ 2024 → € 2013 prices × 0.8 (CPI: 100 (2013) / 125 (2024); P: D [")


def test_kilo_euros_and_a_factor_without_spend_basis():
    # kEUR: x 1000, then x 0.8; a factor with no spend basis takes current euros (no deflation)
    assert money_conversion("kEUR", "EUR", "spend.x", 2024, TABLES).factor == pytest.approx(800.0)
    plain = money_conversion("EUR", "EUR", "other.factor", 2024, TABLES)
    assert plain.factor == 1.0 and plain.steps == ()


def test_missing_rate_or_index_is_an_error_never_a_guess():
    with pytest.raises(ConversionError, match="no exchange rate for USD in 2023"):
        money_conversion("USD", "EUR", "spend.x", 2023, TABLES)
    with pytest.raises(ConversionError, match="no CPI price index for 2023"):
        money_conversion("EUR", "EUR", "spend.x", 2023, TABLES)
    with pytest.raises(ConversionError):
        money_conversion("GBP", "EUR", "spend.x", 2024, MoneyTables())


def test_vat_basis_must_be_known():
    with pytest.raises(ValueError, match="VAT basis"):
        parse_money_tables(
            [], [], [{"factor_id": "a", "price_year": "2013", "vat_basis": "x", "series": "s", **SRC}]
        )


FS = find_factor_set("fi-2024-r2")


def test_r2_usd_spend_line_by_hand():
    # 1000 USD of electronics in 2024: / 1.08238 USD/EUR (ECB 2024) = 923.88995 EUR of 2024;
    # x CPI 107.9 (2013) / 133.1014 (2024) = 0.8106601 -> 748.9607 EUR of 2013; x 0.89 kg/EUR = 666.5751 kg
    out = calculate_emissions(
        make_lines_frame([{"activity": "spend_electronics", "quantity": 1000, "unit": "USD"}]), FS
    )
    line = out.iloc[0]
    assert line["kg_co2e"] == pytest.approx(666.5751, rel=1e-6)
    assert line["converted_quantity"] == pytest.approx(748.9607, rel=1e-6)
    assert (
        "1 EUR = 1.08238 USD" in line["conversion"] and "107.9 (2013) / 133.101 (2024)" in line["conversion"]
    )


def test_r2_euro_spend_line_is_deflated_to_2013():
    # 1000 EUR of 2024 clothes: x 0.8106601 = 810.6601 EUR of 2013; x 0.47 kg/EUR = 381.0103 kg
    out = calculate_emissions(
        make_lines_frame([{"activity": "spend_clothes", "quantity": 1000, "unit": "EUR"}]), FS
    )
    assert out.iloc[0]["kg_co2e"] == pytest.approx(381.0103, rel=1e-6)


def test_own_factor_is_per_the_lines_currency_as_entered():
    # 200 USD x own 0.5 kg CO2e/USD = 100 kg: no rate, no deflation
    frame = make_lines_frame(
        [
            {
                "activity": "spend_other",
                "quantity": 200,
                "unit": "USD",
                "own_factor": 0.5,
                "own_factor_source": "S",
            }
        ]
    )
    line = calculate_emissions(frame, FS).iloc[0]
    assert line["kg_co2e"] == pytest.approx(100.0, rel=1e-12) and line["factor_unit"] == "USD"


def test_every_r2_spend_factor_has_price_year_vat_basis_and_indices():
    for year in (2022, 2023, 2024):
        fs = find_factor_set(f"fi-{year}-r2")
        tables = load_money_tables(fs.path)
        spend = set(fs.factors.loc[fs.factors["unit"].isin(["EUR", "kEUR"]), "factor_id"])
        assert spend and spend == set(tables.bases)
        for basis in tables.bases.values():
            assert basis.vat_basis == "incl" and basis.price_year == 2013
            assert (basis.series, year) in tables.indices and (basis.series, 2013) in tables.indices
        assert {c for c, y in tables.rates if y == year} == {"USD", "GBP", "SEK", "NOK", "DKK", "CHF"}
