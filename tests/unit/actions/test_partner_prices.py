"""A partner's own prices (the template's prices sheet) override the year's table for that partner,
marked `partner` with its comment as the source, on the partner's VAT basis; `--set` still wins.

VAT 2024: 24.5 % (prices.csv). Table 2024: electricity 0.0939 €/kWh, GO premium 5.3 €/MWh, both excl. VAT.
"""

from __future__ import annotations

import json

import pytest

from helpers import build_template, set_cells
from paastolaskuri.actions.analysis import analyse, parameters_used
from paastolaskuri.actions.catalogue import (
    CARRIER_PARAMETERS,
    ParameterError,
    catalogue_for,
    load_action_catalogue,
)
from paastolaskuri.actions.engine import evaluate_actions
from paastolaskuri.cli import main
from paastolaskuri.intake.price_sheet import CARRIERS, PartnerPrice

SAWMILL, HOUSING = "16101", "68202"
GO_12_INCL = PartnerPrice("go_premium", 12.0, True, "Sähkö Oy tarjous 2024", "Hinnat!B4")
EL_120_EXCL = PartnerPrice("electricity", 120.0, False, "", "Hinnat!B5")


def test_every_carrier_of_the_sheet_sets_a_price_parameter():
    keys = {p.key for p in load_action_catalogue().all_parameters()}
    assert set(CARRIER_PARAMETERS) == set(CARRIERS)
    assert all(k in keys for k in CARRIER_PARAMETERS.values())


def test_partner_price_replaces_the_table_on_the_partners_vat_basis():
    firm = catalogue_for(2024, SAWMILL, partner_prices=[GO_12_INCL, EL_120_EXCL])
    housing = catalogue_for(2024, HOUSING, partner_prices=[GO_12_INCL, EL_120_EXCL])
    # 12 €/MWh incl. VAT: a firm that deducts VAT pays 12 / 1.245; a housing company pays 12
    assert firm.values("green_electricity")["premium_eur_per_mwh"] == pytest.approx(12 / 1.245)
    assert housing.values("green_electricity")["premium_eur_per_mwh"] == pytest.approx(12.0)
    # 120 €/MWh excl. VAT -> 0.12 €/kWh, the parameter's unit; incl. VAT for the housing company
    assert firm.values("heat_pump_ground")["electricity_eur_per_kwh"] == pytest.approx(0.12)
    assert housing.values("heat_pump_ground")["electricity_eur_per_kwh"] == pytest.approx(0.12 * 1.245)
    # an untouched price keeps the table's value and source
    assert firm.values("oil_to_district_heat")["district_heat_eur_per_mwh"] == pytest.approx(79.4)


def test_go_premium_override_changes_the_cost_by_hand(lines_frame, fs2024):
    lines = lines_frame([{"activity": "electricity", "quantity": 100, "unit": "MWh"}])
    table = catalogue_for(2024, SAWMILL)
    own = catalogue_for(2024, SAWMILL, partner_prices=[GO_12_INCL])
    t = evaluate_actions(lines, fs2024, table, actions=["green_electricity"], year=2024).iloc[0]
    o = evaluate_actions(lines, fs2024, own, actions=["green_electricity"], year=2024).iloc[0]
    assert t.cost_eur_per_year == pytest.approx(100 * 5.3)  # 530 € a year at the table's premium
    assert o.cost_eur_per_year == pytest.approx(100 * 12 / 1.245)  # 963.86 € a year at the partner's
    assert o.avoided_market_kg == pytest.approx(t.avoided_market_kg)  # the price moves money, not tonnes


def test_set_wins_over_the_partners_price(lines_frame, fs2024):
    cat = catalogue_for(2024, SAWMILL, ["green_electricity.premium_eur_per_mwh=2"], [GO_12_INCL])
    p = {q.name: q for q in cat["green_electricity"].parameters}["premium_eur_per_mwh"]
    assert (p.value, p.overridden) == (2.0, True)
    assert cat.values("green_electricity")["premium_eur_per_mwh"] == 2.0  # a --set value is taken as given


def test_partner_price_is_shown_as_the_partners_with_its_comment(lines_frame, fs2024):
    lines = lines_frame([{"activity": "electricity", "quantity": 100, "unit": "MWh"}])
    cat = catalogue_for(2024, SAWMILL, partner_prices=[GO_12_INCL, EL_120_EXCL])
    a = analyse(lines, fs2024, catalogue=cat, plan=["green_electricity"], year=2024)
    rows = a.assumptions("fi").set_index("parameter")
    go = rows.loc["green_electricity.premium_eur_per_mwh"]
    assert go.confidence == "partner"
    assert go.source == "Kumppanin oma hinta: Sähkö Oy tarjous 2024"
    assert go.note == "Kumppanin pohjasta, solu Hinnat!B4; hinta sisältää arvonlisäveron."
    assert go.value == pytest.approx(12 / 1.245)
    el = {p.name: p for p in cat.common}["electricity_eur_per_kwh"]
    assert el.source_text("en") == "The partner's own price: no source given"
    assert el.note_text("en") == "From the partner's template, cell Hinnat!B5; the price excludes VAT."
    assert (el.low, el.high) == (None, None)  # the partner's own figure is not varied by the ranges

    def unverified(catalogue):
        return [
            p.key for p in parameters_used(catalogue, "green_electricity") if p.confidence == "unverified"
        ]

    # the table's 2024 premium is a forecast (unverified); the partner's own premium is not
    assert unverified(catalogue_for(2024, SAWMILL)) == [
        "green_electricity.premium_eur_per_mwh",
        "common.discount_rate",
    ]
    assert unverified(cat) == ["common.discount_rate"]


def test_actions_command_uses_the_templates_prices(capsys, tmp_path):
    f = build_template(
        tmp_path,
        organisation={"partner_id": "saha", "sector": SAWMILL, "year": 2024},
        lines=[{"activity": "electricity", "quantity": 100, "unit": "MWh", "quality": "measured"}],
    )
    set_cells(f, {"Hinnat": {"A4": "alkuperätakuun lisähinta", "B4": 12, "C4": "€/MWh", "D4": "kyllä"}})
    code = main(["actions", str(f), "--workspace", str(tmp_path), "--format", "json", "--lang", "en"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    go = next(a for a in out["actions"] if a["action_id"] == "green_electricity")
    assert go["cost_eur_per_year"] == pytest.approx(100 * 12 / 1.245)
    source = next(s for s in go["sources"] if s["parameter"] == "green_electricity.premium_eur_per_mwh")
    assert source["confidence"] == "partner"
    assert source["note"] == "From the partner's template, cell Hinnat!B4; the price includes VAT."


def test_a_partner_price_outside_the_parameters_range_is_refused_with_its_cell():
    dear_heat = PartnerPrice("district_heat", 600.0, False, "", "Hinnat!B6")  # the range is 0 … 500 EUR/MWh
    with pytest.raises(ParameterError) as err:
        catalogue_for(2024, SAWMILL, partner_prices=[dear_heat])
    assert err.value.message("en") == (
        "Hinnat!B6: the partner's price 600 (common.district_heat_eur_per_mwh) is outside the allowed "
        "range 0 … 500 €/MWh"
    )


def test_the_report_section_names_an_out_of_range_partner_price_instead_of_failing(monkeypatch):
    from types import SimpleNamespace

    from paastolaskuri.reporting import actions_section, partner_results

    dear_heat = PartnerPrice("district_heat", 600.0, False, "", "Hinnat!B6")
    loaded = SimpleNamespace(sector=SAWMILL, prices=[dear_heat])
    # the section computes through partner_results when the run stored nothing (here: no workspace)
    monkeypatch.setattr(partner_results, "lines_from_workspace", lambda *a: loaded)
    html = actions_section.partner_actions("ws", "demo-saha", 2024, "en").html
    assert "Most effective actions" in html
    assert "Hinnat!B6: the partner&#x27;s price 600 (common.district_heat_eur_per_mwh) is outside" in html
    assert "<table" not in html  # no ranking on prices the partner did not give
