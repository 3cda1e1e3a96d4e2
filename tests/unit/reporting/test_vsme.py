"""EFRAG VSME B3 from the processed workspace (conftest): the figures equal the partner report's.

Alfa 2024 by hand: light fuel oil 1000 l x 0.845 kg/l x 42.5 MJ/kg = 35 912.5 MJ = 9.975694 MWh
(fi-2024-r2 properties), electricity 100 MWh without guarantees of origin: 109.975694 MWh, none
renewable. Scope 1 2.5 t, Scope 2 7.225 t location / 55.49 t market, Scope 3 0.62665 t; turnover
2 000 000 EUR: (2.5 + 7.225) / 2e6 = 4.8625e-6 and (2.5 + 55.49) / 2e6 = 2.8995e-5 t CO2e per euro.
Beta and Gamma gave no turnover: their B3 is not complete.
"""

from __future__ import annotations

import json

import openpyxl
import pytest

from paastolaskuri.cli import main
from paastolaskuri.reporting.network_report import NetworkReport
from paastolaskuri.reporting.partner_report import PartnerReport
from paastolaskuri.reporting.processed import ENERGY_JSON
from paastolaskuri.reporting.vsme_export import processed_b3

ENERGY_MWH = 35912.5 / 3600 + 100


def test_b3_hand_computed_and_equal_to_the_report(processed_ws):
    b3 = processed_b3(processed_ws.root, 2024, "alfa")
    energy = json.loads((processed_ws.partner_processed_dir(2024, "alfa") / ENERGY_JSON).read_text())
    totals = json.loads((processed_ws.partner_processed_dir(2024, "alfa") / "totals.json").read_text())[
        "totals"
    ]
    assert b3.value("energy_total") == pytest.approx(ENERGY_MWH)
    assert b3.value("energy_total") == pytest.approx(energy["total_mwh"])  # what the report shows
    assert b3.value("energy_renewable") == 0 == energy["renewable_mwh"]
    assert b3.value("electricity_total") == pytest.approx(100.0)
    assert b3.value("fuels_non_renewable") == pytest.approx(35912.5 / 3600)
    assert b3.value("heat_total") == 0
    assert b3.value("scope1") == pytest.approx(2.5) == pytest.approx(totals["scope1"] / 1000)
    assert b3.value("scope2_location") == pytest.approx(7.225)
    assert b3.value("scope2_market") == pytest.approx(55.49)
    assert b3.value("scope3") == pytest.approx(0.62665)
    assert b3.value("intensity_location") == pytest.approx(4.8625e-6)
    assert b3.value("intensity_market") == pytest.approx(2.8995e-5)
    assert b3.complete
    origin = {d.code: d.origin["en"] for d in b3.datapoints}
    assert origin["fuels_total"].startswith("Energy balance: 1 line(s) (rows 7), factor set fi-2024-r2")
    assert "KTM energy statistics / VTT Energia (via hake.fi) 2009" in origin["fuels_total"]
    assert origin["scope1"] == (
        "Calculation total scope1: 1 emission line(s) (rows 7), factor set fi-2024-r2, GWP AR5"
    )
    assert (
        origin["intensity_location"]
        == "(2.5 + 7.225) t CO2e ÷ turnover 2,000,000 € (organisation sheet, revenue_eur)"
    )


def test_b3_without_turnover_is_not_complete(processed_ws):
    b3 = processed_b3(processed_ws.root, 2024, "beta")
    assert b3.value("intensity_location") is None and not b3.complete
    assert b3.value("scope1") == pytest.approx(1.0)  # 400 l x 2.5 kg


def test_partner_report_energy_section(processed_ws):
    block = PartnerReport.load(processed_ws.root, 2024, "alfa", "en").energy()
    assert "Energy consumed 110.0 MWh, of which renewable 0.0 MWh (0 %)." in block.html
    table = block.tables[0]
    assert list(table.iloc[:, 0]) == ["Light fuel oil", "Purchased electricity", "Total"]
    assert list(table["Total MWh"]) == ["10.0", "100.0", "110.0"]
    assert len(block.figures) == 1


def test_export_workbook_json_and_no_overwrite(processed_ws, tmp_path, capsys):
    out = tmp_path / "alfa-b3.xlsx"
    args = ["export", "vsme", "--partner", "alfa", "--year", "2024", "--workspace", str(processed_ws.root)]
    assert main([*args, "--out", str(out), "--lang", "en"]) == 0
    assert "B3 complete: yes" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["B3", "Origin", "About"]
    rows = {r[0]: r for r in wb["B3"].iter_rows(min_row=2, values_only=True)}
    assert rows["energy_total"][1:4] == ("Total energy consumption", pytest.approx(ENERGY_MWH), "MWh")
    assert rows["scope2_market"][2] == pytest.approx(55.49)
    assert wb["Origin"].max_row == 18  # header + 17 datapoints
    origin = {r[0]: r for r in wb["Origin"].iter_rows(values_only=True)}
    assert origin["Code"][2:4] == ("VSME paragraph", "Name and unit checked")
    # each datapoint marked by how its name, unit and paragraph were checked, not one blanket mark
    assert origin["electricity_total"][2:4] == ("29", "seen-in-copy")
    assert origin["scope2_location"][2:4] == ("30(b)", "seen-in-copy")
    assert origin["intensity_location"][2:4] == ("31", "seen-in-copy")
    assert origin["scope2_market"][2:4] == (None, "not-in-B3")  # not in paragraph 30: not required
    assert rows["scope2_market"][3:5] == ("tCO2eq", "no")
    assert rows["intensity_location"][3:5] == ("tCO2eq/EUR", "yes")
    # intensity_location: tiny, scientific; every format carries the workbook's locale tag
    assert wb["B3"]["C17"].number_format.endswith("]0.000E+00")
    assert wb["B3"]["C17"].number_format.startswith("[$-")
    assert "seen-in-copy" in wb["About"]["A2"].value
    assert "December 2024" in wb["About"]["A1"].value
    assert main([*args, "--out", str(out), "--lang", "en"]) == 2  # exists: no overwrite without --force
    assert main([*args, "--out", str(out), "--force", "--lang", "en"]) == 0
    capsys.readouterr()
    assert main([*args, "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["standard"] == "EFRAG VSME, December 2024, Basic Module B3"
    by_code = {d["code"]: d["value"] for d in data["datapoints"]}
    assert by_code["scope2_location"] == pytest.approx(7.225)
    checks = {d["code"]: (d["paragraph"], d["check"]) for d in data["datapoints"]}
    assert checks["fuels_total"] == ("29", "seen-in-copy") and checks["heat_total"] == ("", "not-in-B3")


def test_network_counts_complete_b3_under_the_count_rule(processed_ws):
    coordinator = NetworkReport.load(processed_ws.root, 2024, "en").vsme_b3()
    assert "Partners whose VSME B3 is complete: 1" in coordinator.html
    public = NetworkReport.load(processed_ws.root, 2024, "en", audience="public").vsme_b3()
    # a count of 1 is never shown (rules.count_shown): the withheld text instead
    assert "Partners whose VSME B3 is complete: not published (under 3 partners" in public.html
