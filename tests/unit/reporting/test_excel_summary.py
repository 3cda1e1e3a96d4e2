"""The partner's and the network's Excel summaries: titled, translated, formatted, printable, reproducible."""

from __future__ import annotations

import hashlib

import openpyxl
import pandas as pd
import pytest

from disclosure_checks import write_network
from paastolaskuri.reporting.excel_summary import write_network_excel, write_partner_excel

TOTALS = {
    "partner_id": "saha-oy",
    "year": 2024,
    "factor_set": "fi-2024-r1",
    "gwp_set": "AR5",
    "totals": {
        "scope1": 304_641.3340894125,
        "scope2_location": 190_306.5,
        "scope2_market": 1_461_606.6,
        "scope3": 323_978.31026,
        "biogenic_co2": 1_701_700.0,
        "total_location": 818_926.1443494125,
        "total_market": 2_090_226.2443494124,
    },
    "summary": {
        "partner_id": "saha-oy",
        "name": "Saha Oy",
        "sector": "16101",
        "t_per_fte": 43.546380,
        "lines": 2,
    },
}
LINES = pd.DataFrame(
    [
        {
            "row": 7,
            "site": "Pääsaha",
            "activity": "light_fuel_oil",
            "label": "Kevyt polttoöljy",
            "scope": 1,
            "category": "s1_stationary",
            "basis": "direct",
            "quantity": 13699,
            "unit": "l",
            "conversion": "l → GJ × 0.0359125",
            "factor_text": "73.5 kg CO2/GJ",
            "kg_co2e_per_unit": 2.6553343375,
            "kg_co2e": 36_375.4250894125,
            "kg_co2_biogenic": 0.0,
            "source": '=HYPERLINK("http://x")',
            "confidence": "unverified",
            "own_factor_used": False,
            "gwp_note": None,
            "quality": "measured",
            "note": None,
        },
        {
            "row": 8,
            "site": "Pääsaha",
            "activity": "electricity",
            "label": "Ostosähkö",
            "scope": 2,
            "category": "s2_electricity",
            "basis": "market",
            "quantity": 2634.5,
            "unit": "MWh",
            "conversion": "MWh → kWh × 1000",
            "factor_text": "0.5549 kg CO2/kWh",
            "kg_co2e_per_unit": 554.9,
            "kg_co2e": 1_461_606.6,
            "kg_co2_biogenic": 0.0,
            "source": "Energiavirasto",
            "confidence": "seen-in-source",
            "own_factor_used": False,
            "gwp_note": None,
            "quality": "estimated",
            "note": None,
        },
    ]
)


@pytest.fixture
def partner_book(tmp_path):
    path = write_partner_excel(tmp_path / "saha.xlsx", TOTALS, LINES, "fi")
    return path, openpyxl.load_workbook(path)


def test_summary_sheet_is_titled_and_in_tonnes(partner_book):
    _, wb = partner_book
    assert wb.sheetnames == ["Yhteenveto", "Luokat", "Rivit"]
    ws = wb["Yhteenveto"]
    assert ws["A1"].value == "Saha Oy – Kasvihuonekaasupäästöt 2024"
    pairs = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 12)}
    assert pairs["Kumppani"] == "Saha Oy"
    assert pairs["Raportointivuosi"] == 2024
    assert pairs["Kerroinsarja"] == "fi-2024-r1"
    assert pairs["GWP-arvot (100 v)"] == "AR5"
    assert pairs["Toimiala"] == "16101 Teollisuus"
    rows = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1)}
    assert rows["Scope 1"].value == pytest.approx(304.641334)  # kg / 1000, not kg with ten decimals
    assert (
        rows["Scope 1"].number_format == "[$-40B]#,##0.0"
    )  # Finnish separators whatever the viewer's locale
    assert rows["Yhteensä (markkinaperusteinen)"].value == pytest.approx(2090.226244)
    assert rows["Biogeeninen CO2 (scopejen ulkopuolella)"].value == pytest.approx(1701.7)
    assert ws.cell(rows["Biogeeninen CO2 (scopejen ulkopuolella)"].row, 3).value == "t CO2"
    # no text (factor set, GWP) in a t CO2e column
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "t CO2e")
    for r in range(head + 1, head + 5):
        assert isinstance(ws.cell(r, 2).value, float)
    assert "scope1" not in {c.value for row in ws.iter_rows() for c in row}


def test_line_sheet_is_readable(partner_book):
    _, wb = partner_book
    ws = wb["Rivit"]
    headers = [c.value for c in ws[1]]
    assert headers == [
        "Rivi",
        "Toimipaikka",
        "Toiminto",
        "Scope",
        "Luokka",
        "Peruste",
        "Määrä",
        "Yksikkö",
        "Muunnos",
        "Kerroin",
        "kg CO2e / yksikkö",
        "kg CO2e",
        "Lähde",
        "Luotettavuus",
        "Tiedon laatu",
        "Oma kerroin",
    ]  # empty optional columns (biogenic, GWP note, note) left out
    row = {h: c for h, c in zip(headers, ws[2], strict=True)}
    assert row["Toiminto"].value == "Kevyt polttoöljy"
    assert row["Peruste"].value == "suora"
    assert row["Luotettavuus"].value == "TARKISTAMATON"
    assert row["Kerroin"].value == "73,5 kg CO2/GJ"
    assert row["kg CO2e"].number_format == "[$-40B]#,##0.0"
    assert row["Määrä"].number_format == "[$-40B]#,##0"
    assert ws.cell(3, headers.index("Määrä") + 1).number_format == "[$-40B]#,##0.00"
    # template text stays text, never a formula, with the apostrophe OWASP advises (outputs.neutralise_formula)
    assert row["Lähde"].value == '\'=HYPERLINK("http://x")' and row["Lähde"].data_type == "s"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:P3"


def test_every_sheet_fits_the_page_width(partner_book):
    _, wb = partner_book
    for ws in wb.worksheets:
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, ws.title
        wide = 1 if ws.title != "Rivit" else 2  # 16 columns: two landscape pages wide, still readable
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (wide, 0), ws.title
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert all(d.width and d.width >= 5 for d in ws.column_dimensions.values()), ws.title
    assert wb["Rivit"].page_setup.orientation == "landscape"
    # every printed page of the lines repeats the header row and the row number to the activity
    assert (wb["Rivit"].print_title_rows, wb["Rivit"].print_title_cols) == ("$1:$1", "$A:$C")
    assert wb["Luokat"].freeze_panes == "A4" and wb["Luokat"].print_title_rows == "$3:$3"


def test_english_headers(tmp_path):
    wb = openpyxl.load_workbook(write_partner_excel(tmp_path / "en.xlsx", TOTALS, LINES, "en"))
    assert wb.sheetnames == ["Summary", "Categories", "Lines"]
    assert wb["Summary"]["A1"].value == "Saha Oy – Greenhouse-gas emissions 2024"
    assert [c.value for c in wb["Lines"][1]][:6] == ["Row", "Site", "Activity", "Scope", "Category", "Basis"]
    assert [c.value for c in wb["Categories"][3]] == ["Scope", "Category", "t CO2e", "Share %"]


def test_byte_reproducible(tmp_path, partner_book):
    first, _ = partner_book
    second = write_partner_excel(tmp_path / "again.xlsx", TOTALS, LINES, "fi")
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


def test_network_workbook_is_titled_and_translated(tmp_path):
    partners, emissions = write_network(
        tmp_path,
        [
            {"id": f"p{i}", "section": "J", "cats": {"s2_electricity": 1000.0 * i, "s3_c1": 100.0 * i}}
            for i in range(1, 4)
        ],
    )
    coordinator = openpyxl.load_workbook(
        write_network_excel(tmp_path / "n.xlsx", partners, emissions, False, "fi")
    )
    assert coordinator.sheetnames == ["Yhteenveto", "Toimialat", "Luokat", "Kumppanit"]
    assert coordinator["Yhteenveto"]["A1"].value == "Ilmastokumppaniverkoston päästöt 2024"
    assert [c.value for c in coordinator["Toimialat"][3]] == [
        "Toimiala (TOL 2008)",
        "Kumppaneita",
        "t CO2e",
        "Osuus %",
    ]
    assert [c.value for c in coordinator["Toimialat"][4]] == ["J Informaatio ja viestintä", 3, 6.6, 100.0]
    assert coordinator["Kumppanit"]["A4"].value == "Yritys p3 Oy"
    public = openpyxl.load_workbook(write_network_excel(tmp_path / "p.xlsx", partners, emissions, True, "en"))
    assert public.sheetnames == ["Summary", "Sectors", "Categories"]
    assert public["Summary"]["A2"].value == "public version"
