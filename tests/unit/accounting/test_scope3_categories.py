"""Every GHG Protocol Scope 3 category in the catalogue, with hand-computed lines for the new ones."""

from __future__ import annotations

import pytest

from helpers import make_lines_frame
from paastolaskuri.accounting.calculation import calculate_emissions, totals_by_category
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.factors import find_factor_set

CATALOGUE = load_catalogue()
FS = find_factor_set("fi-2024-r2")


def lines(*rows: dict):
    return calculate_emissions(make_lines_frame(list(rows)), FS)


def test_all_fifteen_categories_each_with_an_own_factor_activity():
    scope3 = {c.code: c for c in CATALOGUE.categories.values() if c.scope == 3}
    assert sorted(int(c.ghg_category) for c in scope3.values()) == list(range(1, 16))
    for code, cat in scope3.items():
        assert cat.code == f"s3_c{cat.ghg_category}"
        assert cat.label_en.startswith(f"3.{cat.ghg_category} ")
        members = [a for a in CATALOGUE if a.category.code == code]
        own = [a for a in members if a.own_factor_required]
        assert own, f"category {cat.ghg_category} has no 'other, own factor' activity"
        assert any(a.key.endswith("_other") or a.key.startswith("c3_") for a in own)


def test_wastewater_is_category_5_and_old_key_still_works():
    a = CATALOGUE.find("wastewater")
    assert a.category.code == "s3_c5"
    assert CATALOGUE.find("Jätevesi") is a and CATALOGUE.find("Wastewater treatment") is a
    # DESNZ 2025 water treatment 0.17088 kg CO2e/m3: 100 m3 = 17.088 kg in category 5
    out = lines({"activity": "wastewater", "quantity": 100, "unit": "m3"})
    assert out.iloc[0]["category"] == "s3_c5" and out.iloc[0]["kg_co2e"] == pytest.approx(17.088, rel=1e-12)


def test_capital_goods_by_mass_and_by_spend():
    # concrete 2 t x 118.79306 = 237.58612 kg; 1000 EUR of machinery (appliances 0.68 kg/EUR of 2013)
    # x CPI 107.9/133.1014 = 0.8106601 -> 551.2489 kg
    out = lines(
        {"activity": "capital_concrete", "quantity": 2, "unit": "t"},
        {"activity": "capital_spend_machinery", "quantity": 1000, "unit": "EUR"},
    )
    assert list(out["category"]) == ["s3_c2", "s3_c2"]
    assert out["kg_co2e"].tolist() == pytest.approx([237.58612, 551.2489], rel=1e-6)


def test_category3_manual_line_takes_its_own_factor():
    # 10 000 kWh x own 0.005 kg/kWh = 50 kg, booked to category 3 (direct basis of the manual line)
    out = lines(
        {
            "activity": "c3_td_loss",
            "quantity": 10000,
            "unit": "kWh",
            "own_factor": 0.005,
            "own_factor_source": "Grid operator",
        }
    )
    assert (out.iloc[0]["category"], out.iloc[0]["kg_co2e"]) == ("s3_c3", pytest.approx(50.0))


@pytest.mark.parametrize(
    ("key", "category"), [("freight_fuel_diesel", "s3_c4"), ("down_fuel_diesel", "s3_c9")]
)
def test_fuel_burned_by_a_carrier_with_its_well_to_tank(key, category):
    # the carrier's 100 l of diesel: the set's own diesel rows, both booked to the transport category
    own = lines({"activity": "diesel", "quantity": 100, "unit": "l"}).set_index("basis")["kg_co2e"]
    out = lines({"activity": key, "quantity": 100, "unit": "l"}).set_index("basis")
    assert set(out.index) == {"direct", "wtt"} and set(out["category"]) == {category}
    assert out.at["direct", "kg_co2e"] == pytest.approx(own["direct"], rel=1e-12)
    assert out.at["wtt", "kg_co2e"] == pytest.approx(own["wtt"], rel=1e-12)


def test_hvo_burned_by_a_carrier_carries_the_sets_hvo_rows():
    own = lines({"activity": "hvo", "quantity": 100, "unit": "l"})
    out = lines({"activity": "freight_fuel_hvo", "quantity": 100, "unit": "l"})
    assert sorted(out["basis"]) == sorted(own["basis"])
    assert out["kg_co2e"].sum() == pytest.approx(own["kg_co2e"].sum(), rel=1e-12)
    assert set(out["category"]) == {"s3_c4"}


def test_leased_premises_use_the_grid_factor_and_refrigerants_their_gwp():
    # leased electricity: the location-based (grid) factor as its direct factor, no market or T&D line
    grid = lines({"activity": "electricity", "quantity": 1000, "unit": "kWh"}).set_index("basis")
    out = lines(
        {"activity": "leased_electricity", "quantity": 1000, "unit": "kWh"},
        {"activity": "leased_refrigerant_r410a", "quantity": 2, "unit": "kg"},
    )
    assert list(out["basis"]) == ["direct", "direct"] and set(out["category"]) == {"s3_c8"}
    assert out.iloc[0]["kg_co2e"] == pytest.approx(grid.at["location", "kg_co2e"], rel=1e-12)
    # 2 kg R-410A x GWP 1924 (AR5) = 3848 kg
    assert out.iloc[1]["kg_co2e"] == pytest.approx(3848.0, rel=1e-12)


@pytest.mark.parametrize(
    ("key", "source", "category"),
    [
        ("down_freight_hgv", "freight_hgv", "s3_c9"),
        ("processing_district_heat", "district_heat", "s3_c10"),
        ("use_diesel", "diesel", "s3_c11"),
        ("leased_out_electricity", "electricity", "s3_c13"),
        ("franchise_electricity", "electricity", "s3_c14"),
    ],
)
def test_reused_factors_book_to_their_own_category(key, source, category):
    unit = CATALOGUE[key].units[0]
    src = lines({"activity": source, "quantity": 1000, "unit": unit}).set_index("basis")["kg_co2e"]
    out = lines({"activity": key, "quantity": 1000, "unit": unit}).set_index("basis")
    assert set(out["category"]) == {category}
    expected_direct = src.get("direct", src.get("location"))
    assert out.at["direct", "kg_co2e"] == pytest.approx(expected_direct, rel=1e-12)


def test_end_of_life_and_investments_by_hand():
    # paper and board to landfill 0.5 t x 1164.4894 = 582.2447 kg; WEEE 1 t x 4.68568;
    # investments: 3 t CO2e share = 3000 kg
    out = lines(
        {"activity": "eol_paper_landfill", "quantity": 0.5, "unit": "t"},
        {"activity": "eol_weee_recycling", "quantity": 1000, "unit": "kg"},
        {"activity": "investment_emissions_share", "quantity": 3, "unit": "t"},
    )
    assert list(out["category"]) == ["s3_c12", "s3_c12", "s3_c15"]
    assert out["kg_co2e"].tolist() == pytest.approx([582.2447, 4.68568, 3000.0], rel=1e-12)


def test_other_own_factor_lines_in_every_category_sum_by_category():
    rows = [
        {"activity": a.key, "quantity": 10, "unit": a.units[0], "own_factor": 2.0, "own_factor_source": "S"}
        for a in CATALOGUE
        if a.scope == 3 and a.own_factor_required and not a.covers
    ]
    by_cat = totals_by_category(calculate_emissions(make_lines_frame(rows), FS)).set_index("category")
    assert len(by_cat) == 15
    # one line of 10 x 2 = 20 kg per category
    assert by_cat["kg_co2e"].tolist() == pytest.approx([20.0] * 15)
