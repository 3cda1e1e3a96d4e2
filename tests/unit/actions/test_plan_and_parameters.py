"""The combined plan (no double counting), parameter messages, the catalogue's sources, inputs."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from paastolaskuri.accounting.calculation import calculate_emissions
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.actions.analysis import commitment_gap
from paastolaskuri.actions.catalogue import (
    CONFIDENCE_MARKS,
    ParameterError,
    apply_overrides,
    load_action_catalogue,
)
from paastolaskuri.actions.engine import combined_plan, evaluate_actions
from paastolaskuri.actions.inputs import lines_from_emissions
from paastolaskuri.actions.transforms import TRANSFORMS
from paastolaskuri.cli import main

RICH = [
    {"activity": "light_fuel_oil", "quantity": 10_000, "unit": "l"},
    {"activity": "electricity", "quantity": 100, "unit": "MWh"},
    {"activity": "district_heat", "quantity": 80, "unit": "MWh"},
    {"activity": "diesel", "quantity": 2000, "unit": "l"},
    {"activity": "car_diesel_km", "quantity": 15_000, "unit": "km"},
    {"activity": "flight_domestic", "quantity": 9000, "unit": "pkm"},
    {"activity": "flight_short_haul", "quantity": 20_000, "unit": "pkm"},
    {"activity": "commute_car", "quantity": 50_000, "unit": "km"},
    {"activity": "waste_mixed_incineration", "quantity": 12, "unit": "t"},
    {"activity": "refrigerant_r410a", "quantity": 3, "unit": "kg"},
    {"activity": "spend_electronics", "quantity": 20_000, "unit": "EUR"},
]
# a supply action greens (or, for solar, is sized by) all the energy bought at its step, so after an
# action that adds such energy it covers that energy too: the one documented synergy
SUPPLY = {"green_electricity", "solar_pv", "district_heat_low_emission"}
ADDS_SUPPLY = {"heat_pump_ground", "heat_pump_air_water", "cars_to_electric", "oil_to_district_heat"}
TRIPLES = [
    ("indoor_temperature", "heat_pump_ground", "oil_to_district_heat"),
    ("diesel_to_hvo", "refrigerant_natural", "refrigerant_leak_control"),
    ("flights_to_train", "remote_meetings", "commute_mode_shift"),
    ("led_lighting", "ventilation_control", "green_electricity"),
    ("equipment_lifetime", "purchases_to_services", "waste_sorting"),
]


def test_plan_counts_the_same_oil_once(lines_frame, fs2024):
    lines = lines_frame([{"activity": "light_fuel_oil", "quantity": 10_000, "unit": "l"}])
    plan = combined_plan(lines, fs2024, ["heat_pump_ground", "oil_to_district_heat", "heat_pump_air_water"])
    alone = evaluate_actions(lines, fs2024).set_index("action_id")["avoided_market_kg"]
    assert list(plan["step_avoided_market_kg"]) == pytest.approx([0, alone["heat_pump_ground"], 0, 0])
    assert plan["cumulative_avoided_market_kg"].iloc[-1] < alone.sum()


def test_plan_never_avoids_more_than_its_parts_nor_the_footprint(lines_frame, fs2024):
    lines = lines_frame(RICH)
    alone = evaluate_actions(lines, fs2024).set_index("action_id")
    cat = load_action_catalogue()
    ids = [a for a in cat.ids() if a in alone.index]
    adds = {"electricity", "district_heat"}  # what electrification and oil -> district heat add
    pairs = [
        (a, b)
        for a, b in itertools.combinations(ids, 2)
        # only actions touching the same activities can overlap; disjoint pairs simply add up
        if set(cat[a].applies_to) & (set(cat[b].applies_to) | (adds if b in ADDS_SUPPLY else set()))
        or set(cat[b].applies_to) & (adds if a in ADDS_SUPPLY else set())
    ]
    assert len(pairs) > 20
    for combo in [*pairs, *TRIPLES]:
        if set(combo) & SUPPLY and set(combo) & ADDS_SUPPLY:
            continue  # the documented synergy, tested below
        plan = combined_plan(lines, fs2024, list(combo))
        for basis in ("market", "location"):
            total = plan[f"cumulative_avoided_{basis}_kg"].iloc[-1]
            assert total <= alone.loc[list(combo), f"avoided_{basis}_kg"].sum() + 1e-6, (combo, basis)
            assert total <= plan[f"{basis}_kg"].iloc[0] + 1e-6
            assert plan[f"{basis}_kg"].iloc[-1] >= -1e-6


def test_whole_plan_stays_within_the_footprint(lines_frame, fs2024):
    plan = combined_plan(lines_frame(RICH), fs2024, load_action_catalogue().ids())
    for basis in ("market", "location"):
        assert 0 <= plan[f"cumulative_avoided_{basis}_kg"].iloc[-1] <= plan[f"{basis}_kg"].iloc[0]


def test_green_electricity_first_makes_the_heat_pumps_electricity_green(lines_frame, fs2024):
    # documented synergy: guarantees of origin cover the electricity the heat pump adds, so the plan
    # avoids exactly that electricity's residual-mix emissions more than the two actions alone
    lines = lines_frame(RICH[:2])
    alone = evaluate_actions(lines, fs2024).set_index("action_id")["avoided_market_kg"]
    plan = combined_plan(lines, fs2024, ["green_electricity", "heat_pump_ground"])
    pump_kwh = 10_000 * 0.845 * 42.5 / 3.6 * 0.85 / 3.5  # 24 226.69 kWh
    expected = alone["green_electricity"] + alone["heat_pump_ground"] + pump_kwh * 0.55490
    assert plan["cumulative_avoided_market_kg"].iloc[-1] == pytest.approx(expected)


def test_plan_synergy_with_district_heat_product(lines_frame, fs2024):
    # oil -> district heat, then the low-emission product also covers the new district heat
    lines = lines_frame([RICH[0], RICH[2]])
    alone = evaluate_actions(lines, fs2024).set_index("action_id")["avoided_market_kg"]
    plan = combined_plan(lines, fs2024, ["oil_to_district_heat", "district_heat_low_emission"])
    new_heat_kwh = 10_000 * 0.845 * 42.5 / 3.6 * 0.85  # 84 793.40 kWh
    expected = alone["oil_to_district_heat"] + alone["district_heat_low_emission"] + new_heat_kwh * 0.183
    assert plan["cumulative_avoided_market_kg"].iloc[-1] == pytest.approx(expected)


def test_out_of_range_message_fi_and_en():
    with pytest.raises(ParameterError) as err:
        apply_overrides(load_action_catalogue(), ["solar_pv.share_of_electricity=0.9"])
    assert err.value.message("fi") == "--set solar_pv.share_of_electricity=0.9: sallittu väli on 0 … 60 %"
    assert err.value.message("en") == "--set solar_pv.share_of_electricity=0.9: the allowed range is 0 … 60 %"


def test_unknown_parameter_and_syntax_messages():
    cat = load_action_catalogue()
    with pytest.raises(ParameterError) as err:
        apply_overrides(cat, ["diesel_to_hvo.price=1"])
    assert err.value.message("en") == (
        '--set "diesel_to_hvo.price=1": action diesel_to_hvo has no parameter "price"; parameters: share, premium_eur_per_l'
    )
    with pytest.raises(ParameterError) as err:
        apply_overrides(cat, ["solar_pv.yield_kwh_per_kwp=paljon"])
    assert err.value.message("fi") == '--set "solar_pv.yield_kwh_per_kwp=paljon": arvo "paljon" ei ole luku'
    with pytest.raises(ParameterError) as err:
        apply_overrides(cat, ["solar"])
    assert err.value.message("en") == '--set "solar": give it as ACTION.PARAM=VALUE'


def test_cli_unknown_action_exits_2_with_one_line(capsys, tmp_path):
    code = main(
        [
            "actions",
            "--workspace",
            str(tmp_path),
            "--partner",
            "x",
            "--year",
            "2024",
            "--set",
            "wind.kw=3",
            "--lang",
            "en",
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1
    assert err[0].startswith(
        '--set "wind.kw=3": unknown action "wind"; actions: common, indoor_temperature, '
    )


def test_cli_out_of_range_exits_2(capsys, tmp_path):
    code = main(
        [
            "actions",
            "--workspace",
            str(tmp_path),
            "--partner",
            "x",
            "--year",
            "2024",
            "--set",
            "common.discount_rate=0.5",
        ]
    )
    assert code == 2
    assert capsys.readouterr().err == "--set common.discount_rate=0.5: sallittu väli on 0 … 20 % vuodessa\n"


def test_cli_no_processed_data_exits_1(capsys, tmp_path):
    code = main(["actions", "--workspace", str(tmp_path), "--partner", "x", "--year", "2024", "--lang", "en"])
    assert code == 1
    assert "no computed data for partner x in 2024" in capsys.readouterr().err


def test_every_parameter_is_sourced_and_in_range():
    cat = load_action_catalogue()
    for p in cat.all_parameters():
        assert p.publisher and p.document and p.year, p.key
        assert p.confidence in CONFIDENCE_MARKS, p.key
        if p.confidence == "unverified":
            assert p.note, p.key  # says why
        if p.value is not None:
            assert p.minimum <= p.value <= p.maximum, p.key
        else:
            assert p.kind == "cost", p.key  # only a cost may be "not estimated"


def test_every_action_has_a_transformation_and_known_activities():
    activities = {a.key for a in load_catalogue()}
    for action in load_action_catalogue().actions:
        assert action.action_id in TRANSFORMS
        assert set(action.applies_to) <= activities, action.action_id
        assert action.label_fi and action.label_en and action.description_fi and action.description_en


def test_lines_rebuilt_from_processed_emissions(lines_frame, fs2024):
    lines = lines_frame(
        [
            {
                "activity": "electricity",
                "quantity": 95_000,
                "unit": "kWh",
                "contract": "go",
                "quality": "measured",
            },
            {
                "activity": "district_heat",
                "quantity": 110,
                "unit": "MWh",
                "own_factor": 120.0,
                "own_factor_source": "Supplier X",
            },
            {"activity": "diesel", "quantity": 1000, "unit": "l"},
        ]
    )
    rebuilt = lines_from_emissions(calculate_emissions(lines, fs2024))
    pd.testing.assert_frame_equal(rebuilt.reset_index(drop=True), lines, check_dtype=False)


def test_commitment_gap():
    assert commitment_gap(None, 5000).share is None
    assert commitment_gap(None, 5000).text("en") == "No commitment recorded."
    assert commitment_gap(None, 5000).text("fi") == "Sitoumusta ei ole kirjattu."
    gap = commitment_gap(20_000, 5000)
    assert gap.share == 0.25
    assert (
        gap.text("en")
        == "The actions cover an estimated 25 % of the reduction the commitment requires (5.0 of 20.0 t CO2e)."
    )
    assert commitment_gap(0, 10).share == 1.0


def test_every_note_in_finnish_and_english():
    for p in load_action_catalogue().all_parameters():
        assert bool(p.note) == bool(p.note_fi), p.key
        assert p.note_text("fi") == p.note_fi and p.note_text("en") == p.note


def test_cli_json_from_a_csv_file(capsys, tmp_path):
    f = tmp_path / "lines.csv"
    f.write_text("activity,quantity,unit\nlight_fuel_oil,10000,l\nelectricity,100,MWh\n", encoding="utf-8")
    code = main(["actions", str(f), "--year", "2024", "--format", "json", "--workspace", str(tmp_path)])
    assert code == 0
    data = __import__("json").loads(capsys.readouterr().out)
    assert data["estimate"] is True
    assert data["commitment"]["text"] == "Sitoumusta ei ole kirjattu."
    first = data["actions"][0]
    for key in (
        "action_id",
        "parameters",
        "t_avoided_market",
        "t_avoided_location",
        "cost_eur_per_year",
        "eur_per_t",
        "payback_years",
        "sources",
    ):
        assert key in first, key
    assert {s["parameter"] for s in first["sources"]} == set(first["parameters"])
    assert all(s["publisher"] and s["document"] and s["year"] and s["confidence"] for s in first["sources"])
    assert {a["action_id"] for a in data["actions"]} == {
        "indoor_temperature",
        "led_lighting",
        "ventilation_control",
        "heat_pump_ground",
        "heat_pump_air_water",
        "oil_to_district_heat",
        "green_electricity",
        "solar_pv",
    }
