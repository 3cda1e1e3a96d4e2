"""The optional "Hinnat / Prices" sheet (template version 2): round trip, an old version-1 file still
readable, every problem located in both languages, and carried forward by `template --next-year`."""

from __future__ import annotations

import openpyxl
import pytest

from helpers import build_template, set_cells
from paastolaskuri.intake.next_year import write_next_year_templates
from paastolaskuri.intake.price_sheet import PartnerPrice, prices_to_json, read_price_sheet, read_prices_json
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.intake.template import write_template

ORG = {"partner_id": "saha", "name": "Saha Oy", "sector": "16101", "year": 2024}
LINES = [{"activity": "electricity", "quantity": 100, "unit": "MWh", "quality": "measured"}]


def test_prices_round_trip_in_the_neutral_unit(tmp_path):
    prices = [
        PartnerPrice("electricity", 95.0, False, "sopimus 2024"),
        PartnerPrice("go_premium", 12.0, True, ""),
    ]
    out = write_template(tmp_path / "f.xlsx", organisation=ORG, lines=LINES, prices=prices)
    sub = read_submission(out, display="f.xlsx")
    assert sub.problems == []
    assert sub.prices == [
        PartnerPrice("electricity", 95.0, False, "sopimus 2024", "Hinnat!B4"),
        PartnerPrice("go_premium", 12.0, True, "", "Hinnat!B5"),
    ]
    wb = openpyxl.load_workbook(out)
    assert wb.properties.keywords == "paastolaskuri-template v2 lang=fi"


def test_a_price_in_euro_per_kwh_is_read_per_mwh(tmp_path):
    out = build_template(tmp_path, organisation=ORG, lines=LINES)
    set_cells(out, {"Hinnat": {"A4": "sähkö", "B4": 0.121, "C4": "€/kWh", "D4": "no", "E4": "lasku"}})
    sub = read_submission(out, display="f.xlsx")
    assert sub.problems == []
    assert sub.prices == [PartnerPrice("electricity", pytest.approx(121.0), False, "lasku", "Hinnat!B4")]


def test_a_version_1_file_without_the_sheet_stays_readable(tmp_path):
    out = build_template(tmp_path, organisation=ORG, lines=LINES)
    wb = openpyxl.load_workbook(out)
    del wb["Hinnat"]  # what version 1 wrote: no prices sheet
    wb.properties.keywords = "paastolaskuri-template v1 lang=fi"
    wb.save(out)
    sub = read_submission(out, display="old.xlsx")
    assert sub.problems == []
    assert sub.prices == []
    assert sub.lines["quantity"].tolist() == [100.0]


BAD_ROWS = {
    "A4": "sähkö / electricity",  # row 4 valid: 90 €/MWh excl. VAT
    "B4": 90,
    "C4": "€/MWh",
    "D4": "ei / no",
    "A5": "hiili",  # row 5: not a carrier
    "B5": 10,
    "A6": "kaukolämpö / district heat",  # row 6: price below zero
    "B6": -5,
    "C6": "€/MWh",
    "D6": "kyllä",
    "A7": "kevyt polttoöljy / light fuel oil",  # row 7: a litre price for an energy carrier
    "B7": 100,
    "C7": "€/l",
    "D7": "ei",
    "A8": "maakaasu / natural gas",  # row 8: VAT neither yes nor no
    "B8": 50,
    "C8": "€/MWh",
    "D8": "ehkä",
    "A9": "electricity",  # row 9: a second electricity price
    "B9": 0.1,
    "C9": "€/kWh",
    "D9": "yes",
    "A10": "diesel",  # row 10: no price (next year's carried row not filled in): a warning
    "C10": "€/l",
}


@pytest.fixture
def bad_prices(tmp_path):
    out = build_template(tmp_path, organisation=ORG, lines=LINES)
    return read_submission(set_cells(out, {"Hinnat": BAD_ROWS}), display="f.xlsx")


def test_every_bad_price_is_a_located_error_in_finnish(bad_prices):
    got = [p.format("fi") for p in bad_prices.problems]
    assert got == [
        "f.xlsx: Hinnat!A5: energialaji 'hiili' ei ole luettelossa: valitse jokin näistä: sähkö, kaukolämpö, "
        "kevyt polttoöljy, maakaasu, diesel, bensiini, alkuperätakuun lisähinta",
        "f.xlsx: Hinnat!B6: hinnan '-5' pitää olla luku, joka on suurempi kuin 0",
        "f.xlsx: Hinnat!C7: yksikkö '€/l' ei sovi tälle energialajille: käytä €/MWh, €/kWh",
        "f.xlsx: Hinnat!D8: kerro, sisältääkö hinta arvonlisäveron: kyllä tai ei (nyt 'ehkä')",
        "f.xlsx: Hinnat!A9: energialajille on jo hinta rivillä 4: anna yksi hinta energialajia kohden",
        "f.xlsx: Hinnat!B10: varoitus: hinta puuttuu (diesel): rivi ohitetaan ja käytetään vuoden taulukkohintaa",
    ]
    assert [p.is_error for p in bad_prices.problems] == [True] * 5 + [False]
    assert bad_prices.prices == [PartnerPrice("electricity", 90.0, False, "", "Hinnat!B4")]


def test_every_bad_price_is_a_located_error_in_english(bad_prices):
    got = [p.format("en") for p in bad_prices.problems]
    assert got[0] == (
        "f.xlsx: Hinnat!A5: carrier 'hiili' is not in the list: choose one of electricity, district heat, "
        "light fuel oil, natural gas, diesel, petrol, guarantee-of-origin premium"
    )
    assert got[2] == "f.xlsx: Hinnat!C7: unit '€/l' does not fit this carrier: use €/MWh, €/kWh"
    assert got[3] == "f.xlsx: Hinnat!D8: say whether the price includes VAT: yes or no (now 'ehkä')"
    assert (
        got[4] == "f.xlsx: Hinnat!A9: this carrier already has a price on row 4: give one price per carrier"
    )


def test_a_sheet_without_its_header_row_says_so():
    prices, problems = read_price_sheet([["Hinnat"], ["x", "y"]], "f.xlsx", "Hinnat")
    assert prices == []
    assert [p.format("en") for p in problems] == [
        "f.xlsx: Hinnat!A3: the Prices sheet's header row was not found (columns Energialaji / Carrier, "
        "Hinta / Price): do not delete or rename the headers"
    ]


def test_prices_json_round_trip_and_absent_file(tmp_path):
    prices = [PartnerPrice("district_heat", 80.5, True, "Lämpö Oy 2024", "Hinnat!B4")]
    f = tmp_path / "prices.json"
    f.write_text(__import__("json").dumps(prices_to_json(prices)), encoding="utf-8")
    assert read_prices_json(f) == prices
    assert read_prices_json(tmp_path / "missing.json") == []  # computed before the sheet existed


def test_next_year_carries_the_sheet_with_last_years_price_aside(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    raw = tmp_path / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    src = build_template(raw, name="saha.xlsx", organisation=ORG, lines=LINES)
    set_cells(
        src, {"Hinnat": {"A4": "kaukolämpö", "B4": 80.5, "C4": "€/MWh", "D4": "kyllä", "E4": "Lämpö Oy"}}
    )
    result = write_next_year_templates(tmp_path, 2025, tmp_path / "templates" / "2025")
    (out,) = result.written
    ws = openpyxl.load_workbook(out)["Hinnat"]
    row = [ws.cell(row=4, column=c).value for c in range(1, 7)]
    assert row == ["kaukolämpö / district heat", None, "€/MWh", "kyllä / yes", "Lämpö Oy", 80.5]
    set_cells(out, {"Hinnat": {"B4": 84}})  # the partner fills this year's price in
    assert read_submission(out).prices == [PartnerPrice("district_heat", 84.0, True, "Lämpö Oy", "Hinnat!B4")]


def test_a_price_per_kwh_above_one_euro_is_a_unit_slip(tmp_path):
    out = build_template(tmp_path, organisation=ORG, lines=LINES)
    set_cells(out, {"Hinnat": {"A4": "sähkö", "B4": 120, "C4": "€/kWh", "D4": "ei"}})
    sub = read_submission(out, display="f.xlsx")
    assert [p.format("en") for p in sub.problems] == [
        "f.xlsx: Hinnat!B4: the price 120 €/kWh is above 1 €/kWh (1 000 €/MWh): did you mean €/MWh?"
    ]
    assert sub.prices == []
