"""Issue 8, defect 9: every number a reader sees is Finnish (1 234,5 with a non-breaking space) or English.

Before: chart axes "1000 … 3500", left-aligned table numbers, messages "0.18" and "luettu lukuna 1200.5",
`factors` printing 7.350000e+01.
"""

import pandas as pd

from paastolaskuri.cli import main
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.intake.validation import validate_against_factor_set
from paastolaskuri.messages import Problem
from paastolaskuri.reporting import charts
from paastolaskuri.reporting.presentation import fmt_number, fmt_plain, html_table, localise_text

NB = "\u00a0"


def test_fmt_number_is_babel_with_half_up_rounding():
    assert fmt_number(1234567.891, "fi", 2) == f"1{NB}234{NB}567,89"
    assert fmt_number(1234567.891, "en", 2) == "1,234,567.89"
    assert fmt_number(2.675, "fi", 2) == "2,68"  # half up, as a reader rounds 2,675
    assert fmt_number(2.5, "fi", 0) == "3"
    assert fmt_number(-0.04, "fi", 1) == "0,0"  # never "-0,0"
    assert fmt_number(float("nan"), "fi") == "–"
    assert fmt_number(None, "en") == "–"
    assert fmt_plain(1200.5, "fi") == f"1{NB}200,5"
    assert fmt_plain(0.18, "fi") == "0,18"
    assert fmt_plain(1.28571e-05, "fi") == "0,0000128571"


def test_engine_texts_localised_but_names_and_years_untouched():
    text = "l → GJ × 0.0359125 (density 0.845 kg/l) 1 kg R-404A/kg × GWP 3943 HFC-134a AR5 × 1000"
    assert localise_text(text, "fi") == (
        f"l → GJ × 0,0359125 (tiheys 0,845 kg/l) 1 kg R-404A/kg × GWP 3{NB}943 HFC-134a AR5 × 1{NB}000"
    )
    # issue 23: the money step's words and the marks it quotes in the reader's language too
    money = "€ 2024 → € 2015 prices × 0.8912 (110.2 (2015); Statistics Finland: CPI [seen-in-source / unverified])"
    assert localise_text(money, "fi", keep_years=True) == (
        "vuoden 2024 € → vuoden 2015 hintataso × 0,8912 (110,2 (2015); Statistics Finland: CPI "
        "[tarkistettu lähteestä / TARKISTAMATON])"
    )
    assert localise_text(money, "en", keep_years=True) == (
        "€ 2024 → € 2015 prices × 0.8912 (110.2 (2015); Statistics Finland: CPI [seen in source / UNVERIFIED])"
    )


def test_chart_axis_ticks_have_thousands_separators():
    fig = charts.category_bars(["Ostosähkö", "Jätteet"], [3_500_000.0, 1_000_000.0], "fi")
    labels = [x for x in charts.axis_labels(fig) if x and x[0].isdigit()]
    assert labels == [
        "0",
        "500",
        f"1{NB}000",
        f"1{NB}500",
        f"2{NB}000",
        f"2{NB}500",
        f"3{NB}000",
        f"3{NB}500",
        f"4{NB}000",  # matplotlib runs the axis past the 3 500 bar; before: "1000" … "3500"
    ]
    fig = charts.category_bars(["Electricity"], [3_500_000.0], "en")
    assert "3,500" in charts.axis_labels(fig)


def test_numeric_table_columns_are_right_aligned():
    df = pd.DataFrame(
        {"Luokka": ["Ostosähkö", "Jätteet"], "t CO2e": [f"2{NB}113,0", "3,2"], "Osuus": ["62,7 %", "–"]}
    )
    assert html_table(df) == (
        "<table class='pl-table'><thead><tr><th>Luokka</th><th class='pl-num'>t CO2e</th>"
        "<th class='pl-num'>Osuus</th></tr></thead><tbody>"
        f"<tr><td>Ostosähkö</td><td class='pl-num'>2{NB}113,0</td><td class='pl-num'>62,7 %</td></tr>"
        "<tr><td>Jätteet</td><td class='pl-num'>3,2</td><td class='pl-num'>–</td></tr></tbody></table>"
    )


def test_message_numbers_in_the_readers_format(make_template, edit_cells):
    p = Problem(
        "f.xlsx", "quantity_text_read", "Toiminta", "C7", {"value": "1200.5", "number": 1200.5}, "warning"
    )
    assert p.format("fi") == (
        f'f.xlsx: Toiminta!C7: varoitus: määrä "1200.5" on tallennettu tekstinä; luettu lukuna 1{NB}200,5'
    )
    assert p.format("en") == (
        'f.xlsx: Toiminta!C7: warning: quantity "1200.5" is stored as text; read as the number 1,200.5'
    )
    path = edit_cells(make_template(), {"Toiminta": {"C7": -2.5}})
    problems = read_submission(path, display="f.xlsx").problems
    assert [x.format("fi") for x in problems] == [
        "f.xlsx: Toiminta!C7: määrä -2,5 on negatiivinen: anna nolla tai positiivinen luku"
    ]


def test_own_factor_warning_numbers(make_template, fs2024):
    # 120 kg CO2e/kWh against the grid's 0.07225: 120 / 0.07225 = 1660.9 -> 3 digits 1 660
    lines = [
        {
            "activity": "electricity",
            "quantity": 1000,
            "unit": "kWh",
            "quality": "measured",
            "own_factor": 120,
            "own_factor_source": "Myyjä Oy 2024",
        }
    ]
    sub = read_submission(make_template(lines=lines), display="f.xlsx")
    warnings = [
        p.message("fi")
        for p in validate_against_factor_set(sub, fs2024)
        if p.code == "own_factor_implausible"
    ]
    assert warnings == [
        f"varoitus: oma kerroin 120 kg CO2e/kWh on 1{NB}660-kertainen kerroinsarjan arvoon 0,07225 kg CO2e/kWh "
        "nähden: tarkista, että kerroin on rivin yksikköä (kWh) kohden"
    ]


def cells(line: str) -> list[str]:
    """A table line split at ordinary spaces (a Finnish number keeps its non-breaking ones)."""
    return [c for c in line.split(" ") if c]


def test_factors_command_prints_plain_localised_values(tmp_path, capsys):
    assert main(["factors", "--set", "fi-2024-r1", "--workspace", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "e+" not in out and "e-0" not in out
    rows = {cells(line)[0]: cells(line) for line in out.splitlines()[2:]}
    # issue 23: the activity, basis and mark in words (before: light_fuel_oil, direct, unverified)
    assert rows["lfo.co2"][:7] == ["lfo.co2", "Kevyt", "polttoöljy", "suora", "CO2", "73,5", "GJ"]
    assert rows["lfo.co2"][7:9] == ["tarkistettu", "lähteestä"]  # seen-in-source
    assert "0,0000128571" in rows["car_petrol_km.ch4"]
    assert f"1{NB}199,73" in rows["mat.board"]
    assert main(["factors", "--set", "fi-2024-r1", "--workspace", str(tmp_path), "--lang", "en"]) == 0
    rows = {cells(line)[0]: cells(line) for line in capsys.readouterr().out.splitlines()[2:]}
    assert "1,199.73" in rows["mat.board"]
