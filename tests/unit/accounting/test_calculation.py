"""The engine against hand-computed numbers (factor set fi-2024-r1, GWP AR5 unless said otherwise).

Factors used below (data/factors/fi-2024-r1): light fuel oil 73.5 kg CO2/GJ, 0.010 kg CH4/GJ, 0.0006 kg N2O/GJ,
density 0.845 kg/l, NCV 42.5 MJ/kg, WTT 0.62665 kg CO2e/l; natural gas 55.0 kg CO2/GJ, 0.005 CH4, 0.0001 N2O,
36 MJ/m3, WTT 0.03347 kg CO2e/kWh; wood chips 2880 MJ/m3, 0.35 kg biogenic CO2/kWh, 0.300 kg CH4/GJ,
0.004 kg N2O/GJ, WTT 0.014 kg CO2e/kWh; electricity location 0.07225, residual mix 0.55490 kg CO2/kWh,
T&D 0.01853 kg CO2e/kWh; district heat 0.183 kg CO2/kWh; GWP AR5 CH4 28, N2O 265, R-404A 3943;
AR6 CH4 27.9, N2O 273, R-404A 4728.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from paastolaskuri.accounting.calculation import (
    TOTAL_KEYS,
    calculate_emissions,
    summarise_totals,
    totals_by_category,
)


def one(out: pd.DataFrame, basis: str) -> pd.Series:
    rows = out[out["basis"] == basis]
    assert len(rows) == 1, f"expected one {basis} line, got {len(rows)}"
    return rows.iloc[0]


def test_light_fuel_oil_litres(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame([{"activity": "light_fuel_oil", "quantity": 1000, "unit": "l"}]), fs2024
    )
    assert sorted(out["basis"]) == ["direct", "wtt"]
    direct = one(out, "direct")
    # 1000 l × 0.845 kg/l × 42.5 MJ/kg = 35 912.5 MJ = 35.9125 GJ
    assert direct["converted_quantity"] == pytest.approx(35.9125, rel=1e-12)
    assert direct["factor_unit"] == "GJ"
    assert direct["kg_co2"] == pytest.approx(2639.56875, rel=1e-12)  # 35.9125 × 73.5
    assert direct["kg_ch4"] == pytest.approx(0.359125, rel=1e-12)  # 35.9125 × 0.010
    assert direct["kg_n2o"] == pytest.approx(0.0215475, rel=1e-12)  # 35.9125 × 0.0006
    # 2639.56875 + 0.359125 × 28 + 0.0215475 × 265 = 2639.56875 + 10.0555 + 5.7100875 = 2655.3343375
    assert direct["kg_co2e"] == pytest.approx(2655.3343375, rel=1e-12)
    assert (direct["scope"], direct["category"]) == (1, "s1_stationary")
    assert direct["factor_id"] == "lfo.co2+lfo.ch4+lfo.n2o"
    assert direct["confidence"] == "unverified"  # the CH4/N2O defaults are recalled, so the line is flagged
    wtt = one(out, "wtt")
    # well-to-tank: 1000 l × 0.62665 kg CO2e/l = 626.65, Scope 3 category 3
    assert wtt["kg_co2e"] == pytest.approx(626.65, rel=1e-12)
    assert (wtt["scope"], wtt["category"]) == (3, "s3_c3")
    assert wtt["kg_co2"] == 0 and wtt["kg_co2e_unsplit"] == pytest.approx(626.65, rel=1e-12)


def test_natural_gas_m3(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame([{"activity": "natural_gas", "quantity": 1000, "unit": "m3"}]), fs2024
    )
    direct = one(out, "direct")
    # 1000 m3 × 36 MJ/m3 = 36 GJ = 10 000 kWh
    assert direct["kg_co2"] == pytest.approx(1980.0, rel=1e-12)  # 36 × 55.0
    assert direct["kg_ch4"] == pytest.approx(0.18, rel=1e-12)  # 36 × 0.005
    assert direct["kg_n2o"] == pytest.approx(0.0036, rel=1e-12)  # 36 × 0.0001
    # 1980 + 0.18 × 28 + 0.0036 × 265 = 1980 + 5.04 + 0.954 = 1985.994
    assert direct["kg_co2e"] == pytest.approx(1985.994, rel=1e-12)
    # WTT per kWh: 10 000 kWh × 0.03347 = 334.7
    assert one(out, "wtt")["kg_co2e"] == pytest.approx(334.7, rel=1e-12)


def test_wood_chips_biogenic_apart(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame([{"activity": "wood_chips", "quantity": 100, "unit": "m3"}]), fs2024
    )
    direct = one(out, "direct")
    # 100 m3 × 2880 MJ/m3 = 288 GJ = 80 000 kWh
    assert direct["kg_co2_biogenic"] == pytest.approx(28000.0, rel=1e-12)  # 80 000 × 0.35
    assert direct["kg_co2"] == 0.0
    assert direct["kg_ch4"] == pytest.approx(86.4, rel=1e-12)  # 288 × 0.300
    assert direct["kg_n2o"] == pytest.approx(1.152, rel=1e-12)  # 288 × 0.004
    # only CH4 and N2O count: 86.4 × 28 + 1.152 × 265 = 2419.2 + 305.28 = 2724.48 (Scope 1)
    assert direct["kg_co2e"] == pytest.approx(2724.48, rel=1e-12)
    assert direct["scope"] == 1
    assert one(out, "wtt")["kg_co2e"] == pytest.approx(1120.0, rel=1e-12)  # 80 000 kWh × 0.014
    totals = summarise_totals(out)
    assert totals["biogenic_co2"] == pytest.approx(28000.0, rel=1e-12)
    assert totals["scope1"] == pytest.approx(2724.48, rel=1e-12)  # biogenic CO2 is not in Scope 1
    assert totals["total_market"] == pytest.approx(2724.48 + 1120.0, rel=1e-12)


def test_electricity_residual_mix_and_location(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame([{"activity": "electricity", "quantity": 10, "unit": "MWh"}]), fs2024
    )
    assert sorted(out["basis"]) == ["location", "market", "td_loss"]
    # 10 MWh = 10 000 kWh
    loc, mkt, td = one(out, "location"), one(out, "market"), one(out, "td_loss")
    assert loc["kg_co2e"] == pytest.approx(722.5, rel=1e-12)  # 10 000 × 0.07225 (grid average)
    assert mkt["kg_co2e"] == pytest.approx(5549.0, rel=1e-12)  # 10 000 × 0.55490 (residual mix)
    assert mkt["factor_id"] == "el.residual"
    assert td["kg_co2e"] == pytest.approx(185.3, rel=1e-12)  # 10 000 × 0.01853
    assert (loc["scope"], mkt["scope"], td["scope"]) == (2, 2, 3)
    assert td["category"] == "s3_c3"
    totals = summarise_totals(out)
    assert totals["scope2_location"] == pytest.approx(722.5, rel=1e-12)
    assert totals["scope2_market"] == pytest.approx(5549.0, rel=1e-12)
    assert totals["scope3"] == pytest.approx(185.3, rel=1e-12)
    assert totals["total_location"] == pytest.approx(722.5 + 185.3, rel=1e-12)
    assert totals["total_market"] == pytest.approx(5549.0 + 185.3, rel=1e-12)


def test_electricity_guarantees_of_origin_market_zero(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame([{"activity": "electricity", "quantity": 10000, "unit": "kWh", "contract": "go"}]), fs2024
    )
    mkt = one(out, "market")
    assert mkt["kg_co2e"] == 0.0 and mkt["kg_co2"] == 0.0
    assert mkt["factor_id"] == "contract:go"
    assert bool(mkt["own_factor_used"]) is True
    # the contract changes only the market basis
    assert one(out, "location")["kg_co2e"] == pytest.approx(722.5, rel=1e-12)
    assert one(out, "td_loss")["kg_co2e"] == pytest.approx(185.3, rel=1e-12)
    assert bool(one(out, "location")["own_factor_used"]) is False


def test_electricity_own_supplier_factor(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame(
            [
                {
                    "activity": "electricity",
                    "quantity": 10000,
                    "unit": "kWh",
                    "own_factor": 0.1,
                    "own_factor_source": "Sähkö Oy: jäännösjakauma 2024",
                }
            ]
        ),
        fs2024,
    )
    mkt = one(out, "market")
    assert mkt["kg_co2e"] == pytest.approx(1000.0, rel=1e-12)  # 10 000 kWh × 0.1 kg CO2e/kWh
    assert mkt["factor_id"] == "own"
    assert mkt["source"] == "Sähkö Oy: jäännösjakauma 2024"
    assert mkt["confidence"] == "own factor"
    assert one(out, "location")["kg_co2e"] == pytest.approx(722.5, rel=1e-12)  # location unchanged
    assert one(out, "location")["factor_id"] == "el.location"


def test_own_factor_beats_guarantees_of_origin(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame(
            [
                {
                    "activity": "electricity",
                    "quantity": 2000,
                    "unit": "kWh",
                    "contract": "go",
                    "own_factor": 0.02,
                    "own_factor_source": "myyjä",
                }
            ]
        ),
        fs2024,
    )
    assert one(out, "market")["kg_co2e"] == pytest.approx(40.0, rel=1e-12)  # 2000 × 0.02


def test_district_heat_market_falls_back_to_location(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame([{"activity": "district_heat", "quantity": 20, "unit": "MWh"}]), fs2024
    )
    assert sorted(out["basis"]) == ["location", "market", "wtt"]
    # well-to-tank of district heat: 20 000 kWh × 0.03341 = 668.2 kg CO2e in Scope 3 category 3
    assert one(out, "wtt")["kg_co2e"] == pytest.approx(668.2, rel=1e-12)
    assert one(out, "wtt")["scope"] == 3
    # 20 MWh = 20 000 kWh × 0.183 = 3660 on both bases (no residual mix for heat)
    assert one(out, "location")["kg_co2e"] == pytest.approx(3660.0, rel=1e-12)
    assert one(out, "market")["kg_co2e"] == pytest.approx(3660.0, rel=1e-12)
    assert "market=location" in one(out, "market")["gwp_note"]


def test_district_heat_own_factor_only_changes_market(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame(
            [
                {
                    "activity": "district_heat",
                    "quantity": 20000,
                    "unit": "kWh",
                    "own_factor": 0.0505,
                    "own_factor_source": "Lämpö Oy 2024",
                }
            ]
        ),
        fs2024,
    )
    assert one(out, "market")["kg_co2e"] == pytest.approx(1010.0, rel=1e-12)  # 20 000 × 0.0505
    assert one(out, "location")["kg_co2e"] == pytest.approx(3660.0, rel=1e-12)  # 20 000 × 0.183


def test_diesel_own_factor_replaces_direct_keeps_wtt(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame(
            [
                {
                    "activity": "diesel",
                    "quantity": 100,
                    "unit": "l",
                    "own_factor": 2.7,
                    "own_factor_source": "toimittaja",
                }
            ]
        ),
        fs2024,
    )
    assert one(out, "direct")["kg_co2e"] == pytest.approx(270.0, rel=1e-12)  # 100 l × 2.7
    assert one(out, "direct")["kg_co2"] == 0.0  # own factor is CO2e, unsplit
    assert one(out, "wtt")["kg_co2e"] == pytest.approx(61.101, rel=1e-12)  # 100 l × 0.61101


def test_refrigerant_r404a_ar5_and_ar6(lines_frame, fs2024):
    frame = lines_frame([{"activity": "refrigerant_r404a", "quantity": 2, "unit": "kg"}])
    ar5 = one(calculate_emissions(frame, fs2024, "AR5"), "direct")
    ar6 = one(calculate_emissions(frame, fs2024, "AR6"), "direct")
    assert ar5["kg_co2e"] == pytest.approx(2 * 3943, rel=1e-12)  # 7886
    assert ar6["kg_co2e"] == pytest.approx(2 * 4728, rel=1e-12)  # 9456
    assert ar5["kg_other_gas"] == pytest.approx(2.0) and ar5["other_gas"] == "R-404A"
    assert (ar5["scope"], ar5["category"]) == (1, "s1_refrigerants")


def test_process_ch4_ar6_over_ar5_ratio(lines_frame, fs2024):
    frame = lines_frame([{"activity": "process_ch4", "quantity": 10, "unit": "kg"}])
    ar5 = one(calculate_emissions(frame, fs2024, "AR5"), "direct")["kg_co2e"]
    ar6 = one(calculate_emissions(frame, fs2024, "AR6"), "direct")["kg_co2e"]
    assert ar5 == pytest.approx(280.0, rel=1e-12)  # 10 kg × 28
    assert ar6 == pytest.approx(279.0, rel=1e-12)  # 10 kg × 27.9
    assert ar6 / ar5 == pytest.approx(27.9 / 28, rel=1e-12)


def test_process_ch4_in_tonnes(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame([{"activity": "process_ch4", "quantity": 0.5, "unit": "t"}]), fs2024
    )
    assert one(out, "direct")["kg_ch4"] == pytest.approx(500.0)  # 0.5 t = 500 kg
    assert one(out, "direct")["kg_co2e"] == pytest.approx(14000.0, rel=1e-12)  # 500 × 28


def test_spend_line_in_keur(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame([{"activity": "spend_electronics", "quantity": 5, "unit": "kEUR"}]), fs2024
    )
    line = one(out, "direct")
    # 5 k€ = 5000 € × 0.89 kg CO2e/€ = 4450
    assert line["kg_co2e"] == pytest.approx(4450.0, rel=1e-12)
    assert (line["scope"], line["category"]) == (3, "s3_c1")
    assert len(out) == 1


def test_flight_line(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame([{"activity": "flight_short_haul_rf", "quantity": 2000, "unit": "pkm"}]), fs2024
    )
    line = one(out, "direct")
    assert line["kg_co2e"] == pytest.approx(255.72, rel=1e-12)  # 2000 pkm × 0.12786
    assert (line["scope"], line["category"]) == (3, "s3_c6")


MIXED = [
    {"activity": "light_fuel_oil", "quantity": 1000, "unit": "l"},  # S1 2655.3343375, S3 626.65
    {"activity": "wood_chips", "quantity": 100, "unit": "m3"},  # S1 2724.48, S3 1120, bio 28 000
    {"activity": "electricity", "quantity": 10, "unit": "MWh"},  # S2 loc 722.5 / mkt 5549, S3 185.3
    {"activity": "district_heat", "quantity": 20, "unit": "MWh"},  # S2 3660 both
    {"activity": "refrigerant_r404a", "quantity": 2, "unit": "kg"},  # S1 7886
    {"activity": "spend_electronics", "quantity": 5, "unit": "kEUR"},  # S3 4450
    {"activity": "flight_short_haul_rf", "quantity": 2000, "unit": "pkm"},  # S3 255.72
]


def test_totals_are_sums_of_lines(lines_frame, fs2024):
    out = calculate_emissions(lines_frame(MIXED), fs2024)
    totals = summarise_totals(out)
    assert set(totals) == set(TOTAL_KEYS)
    scope1 = 2655.3343375 + 2724.48 + 7886  # 13 265.8143375
    s2l = 722.5 + 3660  # 4382.5
    s2m = 5549 + 3660  # 9209
    scope3 = 626.65 + 1120 + 185.3 + 668.2 + 4450 + 255.72  # 7305.87 (668.2: district-heat WTT)
    assert totals["scope1"] == pytest.approx(scope1, rel=1e-12)
    assert totals["scope2_location"] == pytest.approx(s2l, rel=1e-12)
    assert totals["scope2_market"] == pytest.approx(s2m, rel=1e-12)
    assert totals["scope3"] == pytest.approx(scope3, rel=1e-12)
    assert totals["biogenic_co2"] == pytest.approx(28000, rel=1e-12)
    assert totals["total_market"] == pytest.approx(
        totals["scope1"] + totals["scope2_market"] + totals["scope3"]
    )
    assert totals["total_location"] == pytest.approx(
        totals["scope1"] + totals["scope2_location"] + totals["scope3"]
    )
    assert totals["total_market"] == pytest.approx(scope1 + s2m + scope3, rel=1e-12)  # 29 112.4843375
    # each line counted once per basis: the market total is every line except the location-based ones
    assert totals["total_market"] == pytest.approx(
        out.loc[out["basis"] != "location", "kg_co2e"].sum(), rel=1e-12
    )
    assert totals["total_location"] == pytest.approx(
        out.loc[out["basis"] != "market", "kg_co2e"].sum(), rel=1e-12
    )


def test_totals_by_category_matches_market_total(lines_frame, fs2024):
    out = calculate_emissions(lines_frame(MIXED), fs2024)
    by_cat = totals_by_category(out, "market").set_index("category")["kg_co2e"]
    assert by_cat["s2_electricity"] == pytest.approx(5549.0, rel=1e-12)
    assert by_cat["s3_c3"] == pytest.approx(626.65 + 1120 + 185.3 + 668.2, rel=1e-12)
    assert by_cat.sum() == pytest.approx(summarise_totals(out)["total_market"], rel=1e-12)
    by_loc = totals_by_category(out, "location").set_index("category")["kg_co2e"]
    assert by_loc["s2_electricity"] == pytest.approx(722.5, rel=1e-12)


@pytest.mark.parametrize("gwp", ["AR5", "AR6"])
def test_one_gwp_set_per_result(lines_frame, fs2024, gwp):
    out = calculate_emissions(lines_frame(MIXED), fs2024, gwp)
    assert out["gwp_set"].unique().tolist() == [gwp]
    assert out["factor_set"].unique().tolist() == ["fi-2024-r1"]


def test_fixed_co2e_factor_in_other_gwp_set_is_flagged(lines_frame, fs2024):
    # HVO's Scope 1 factor is a fixed CO2e value computed with AR5: an AR6 result must say so on that line
    frame = lines_frame([{"activity": "hvo", "quantity": 1000, "unit": "l"}])
    ar6 = one(calculate_emissions(frame, fs2024, "AR6"), "direct")
    assert ar6["kg_co2e"] == pytest.approx(35.58, rel=1e-12)  # 1000 l × 0.03558
    assert ar6["kg_co2_biogenic"] == pytest.approx(2430.0, rel=1e-12)  # 1000 l × 2.43, outside the scopes
    assert "hvo.ghg: CO2e in AR5" in ar6["gwp_note"]
    ar5 = one(calculate_emissions(frame, fs2024, "AR5"), "direct")
    assert ar5["gwp_note"] == ""


def test_every_line_keeps_its_row_and_site(lines_frame, fs2024):
    frame = lines_frame(
        [
            {"activity": "spend_other", "quantity": 100, "unit": "EUR", "site": "Joensuu", "row": 12},
            {"activity": "spend_other", "quantity": 300, "unit": "EUR", "site": "Lieksa", "row": 13},
        ]
    )
    out = calculate_emissions(frame, fs2024)
    assert out[["row", "site"]].to_numpy().tolist() == [[12, "Joensuu"], [13, "Lieksa"]]
    assert out["kg_co2e"].tolist() == pytest.approx([24.0, 72.0], rel=1e-12)  # 100 × 0.24, 300 × 0.24


def test_own_factor_only_activity_is_computed(lines_frame, fs2024):
    out = calculate_emissions(
        lines_frame(
            [
                {
                    "activity": "refrigerant_other",
                    "quantity": 2,
                    "unit": "kg",
                    "own_factor": 1300,
                    "own_factor_source": "GWP from the SDS",
                }
            ]
        ),
        fs2024,
    )
    assert len(out) == 1
    line = out.iloc[0]
    assert line["kg_co2e"] == pytest.approx(2600.0, rel=1e-12)  # 2 kg × 1300 kg CO2e/kg
    assert (line["scope"], line["basis"], line["factor_id"]) == (1, "direct", "own")
    assert summarise_totals(out)["scope1"] == pytest.approx(2600.0, rel=1e-12)


def test_empty_lines_give_zero_totals(lines_frame, fs2024):
    from paastolaskuri.accounting.calculation import empty_lines

    out = calculate_emissions(empty_lines(), fs2024)
    assert len(out) == 0
    assert all(v == 0 for v in summarise_totals(out).values())
    assert not math.isnan(summarise_totals(out)["total_market"])
