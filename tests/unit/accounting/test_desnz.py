"""DESNZ flat-file import: a small extract in the file's exact layout, made here, round-tripped to `calc`."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from helpers import build_template
from paastolaskuri.accounting.desnz import DesnzImportError, read_flat_file, write_factor_set
from paastolaskuri.accounting.factors import load_factor_set
from paastolaskuri.cli import main
from paastolaskuri.footprint import compute_footprint

HEADER = [
    "ID",
    "Scope",
    "Level 1",
    "Level 2",
    "Level 3",
    "Level 4",
    "Column Text",
    "UOM",
    "GHG/Unit",
    "GHG Conversion Factor 2025",
]
# Layout as seen in copies of the 2025/2026 flat file (sheet "Factors by Category", row IDs, levels,
# "kWh" as Level 4 of the electricity rows, per-gas rows suffixed _2/_3/_4); test values (not DESNZ's): gas oil per litre 2.6 kg CO2, 0.0028 kg CO2e of CH4 (= 0.0001 kg CH4 at
# AR5 28), 0.0265 kg CO2e of N2O (= 0.0001 kg N2O at AR5 265)
ROWS = [
    [
        "1_101_1014_8_1",
        "Scope 1",
        "Fuels",
        "Liquid fuels",
        "Gas oil",
        None,
        None,
        "litres",
        "kg CO2e",
        2.6293,
    ],
    [
        "1_101_1014_8_2",
        "Scope 1",
        "Fuels",
        "Liquid fuels",
        "Gas oil",
        None,
        None,
        "litres",
        "kg CO2e of CO2 per unit",
        2.6,
    ],
    [
        "1_101_1014_8_3",
        "Scope 1",
        "Fuels",
        "Liquid fuels",
        "Gas oil",
        None,
        None,
        "litres",
        "kg CO2e of CH4 per unit",
        0.0028,
    ],
    [
        "1_101_1014_8_4",
        "Scope 1",
        "Fuels",
        "Liquid fuels",
        "Gas oil",
        None,
        None,
        "litres",
        "kg CO2e of N2O per unit",
        0.0265,
    ],
    [
        "11_101_1014_8_1",
        "Scope 3",
        "WTT- fuels",
        "Liquid fuels",
        "Gas oil",
        None,
        None,
        "litres",
        "kg CO2e",
        0.62665,
    ],
    [
        "11_100_1000_8_1",
        "Scope 3",
        "WTT- fuels",
        "Gaseous fuels",
        "Butane",
        None,
        None,
        "litres",
        "kg CO2e",
        0.19765,
    ],
    [
        "7_400_4000_5_1",
        "Scope 2",
        "UK electricity",
        "Electricity generated",
        "Electricity: UK",
        "kWh",
        None,
        "kWh",
        "kg CO2e",
        0.2,
    ],
    # an empty cell means "not available": no factor row
    [
        "21_316_3160_11_1",
        "Scope 3",
        "Business travel- air",
        "Flights",
        "Domestic, to/from UK",
        "Average passenger",
        "With RF",
        "passenger.km",
        "kg CO2e",
        None,
    ],
]


def flat_file(tmp_path, rows=ROWS, name="ghg-conversion-factors-2025-flat-format.xlsx"):
    """An extract in the flat file's layout: title rows, then the header, then one row per factor."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Factors by Category"
    ws.append(["UK Government GHG Conversion Factors for Company Reporting"])
    ws.append([])
    ws.append(["Year: 2025"])
    ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def test_read_finds_header_under_title_rows(tmp_path):
    flat = read_flat_file(flat_file(tmp_path))
    assert flat.year == 2025
    assert len(flat.rows) == len(ROWS)
    assert flat.rows[0].excel_row == 6
    assert flat.rows[-1].value is None


def test_round_trip_set_and_calc(tmp_path):
    ws = tmp_path / "ws"
    path = write_factor_set(read_flat_file(flat_file(tmp_path)), "uk-2025", ws / "data" / "factors")
    fs = load_factor_set(path)
    f = fs.factors.set_index("factor_id")
    assert sorted(f.index) == [
        "desnz.11_101_1014_8_1",
        "desnz.1_101_1014_8_2.co2",
        "desnz.1_101_1014_8_3.ch4",
        "desnz.1_101_1014_8_4.n2o",
        "desnz.7_400_4000_5_1",
    ]
    assert f.loc["desnz.1_101_1014_8_3.ch4", "value"] == pytest.approx(0.0001)  # 0.0028 / 28
    assert f.loc["desnz.1_101_1014_8_4.n2o", "value"] == pytest.approx(0.0001)  # 0.0265 / 265
    assert f.loc["desnz.1_101_1014_8_3.ch4", "unit"] == "l"
    assert f.loc["desnz.7_400_4000_5_1", "basis"] == "location"
    assert f.loc["desnz.7_400_4000_5_1", "value_gwp"] == "AR5"
    assert "row ID 11_101_1014_8_1" in f.loc["desnz.11_101_1014_8_1", "document"]
    assert "Factors by Category!row 10" in f.loc["desnz.11_101_1014_8_1", "note"]
    # each row says whether its mapping row's layout was seen in a copy of the file or inferred
    assert f.loc["desnz.11_101_1014_8_1", "note"].endswith("mapping layout seen")
    assert f.loc["desnz.7_400_4000_5_1", "note"].endswith("mapping layout inferred")
    assert fs.meta["reporting_year"] == 2025 and fs.name == "uk-2025"
    template = build_template(
        tmp_path,
        lines=[
            {"activity": "light_fuel_oil", "quantity": 1000, "unit": "l"},
            {"activity": "electricity", "quantity": 1000, "unit": "kWh"},
        ],
    )
    fp = compute_footprint(template, workspace=ws, factor_set_name="uk-2025")
    assert fp.ok, [p.format("en") for p in fp.problems]
    # 1000 l x (2.6 kg CO2 + 0.0001 kg CH4 x 28 + 0.0001 kg N2O x 265) = 2 629.3 kg
    assert fp.totals["scope1"] == pytest.approx(2629.3)
    assert fp.totals["scope2_location"] == pytest.approx(200.0)  # 1000 kWh x 0.2
    assert fp.totals["scope2_market"] == pytest.approx(200.0)  # no residual mix: the location factor
    assert fp.totals["scope3"] == pytest.approx(626.65)  # WTT 1000 l x 0.62665


def test_cli_writes_into_workspace_and_refuses_overwrite(tmp_path, capsys):
    ws = tmp_path / "ws"
    src = flat_file(tmp_path)
    args = ["factors", "import-desnz", str(src), "--name", "uk-2025", "--workspace", str(ws), "--lang", "en"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Factor set uk-2025 written" in out and "5 factor rows, 2 activities, DESNZ 2025" in out
    assert (ws / "data" / "factors" / "uk-2025" / "set.json").is_file()
    assert main(args) == 2
    assert "the factor set exists" in capsys.readouterr().err
    template = build_template(tmp_path, lines=[{"activity": "light_fuel_oil", "quantity": 10, "unit": "l"}])
    assert main(["calc", str(template), "--set", "uk-2025", "--workspace", str(ws), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["factor_set"] == "uk-2025"
    assert data["totals"]["scope1"] == pytest.approx(26.293)  # 10 l x 2.6293
    # the DESNZ set gives no calorific values: the oil's energy is listed as not converted, not guessed
    assert data["energy"]["unconverted"] == [{"row": 7, "activity": "light_fuel_oil", "unit": "l"}]


def test_bad_factor_cell_is_located(tmp_path):
    rows = [[*ROWS[0][:9], "n/a"]]
    src = flat_file(tmp_path, rows)
    with pytest.raises(DesnzImportError) as exc:
        read_flat_file(src)
    assert exc.value.message("en") == f"{src}: Factors by Category!J6: the factor is not a number: n/a"


def test_no_header_is_an_error(tmp_path):
    wb = Workbook()
    wb.active.append(["ID", "something else"])
    src = tmp_path / "x.xlsx"
    wb.save(src)
    with pytest.raises(DesnzImportError) as exc:
        read_flat_file(src)
    assert exc.value.message("en").startswith(f"{src}: no DESNZ flat-file header row")
