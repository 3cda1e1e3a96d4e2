"""Every section of NetworkReport for both audiences, in process (no kernel), on conftest.py's fixture.

Network 2024 by hand (kg, market-based): Scope 1 = 2500 + 1000 + 5000 = 8500; Scope 2 = 55 490 +
27 745 + 5549 = 88 784; Scope 3 = 626.65 + 250.66 + 1253.3 = 2130.61; total 99 414.61.
Location-based Scope 2 = 7225 + 3612.5 + 722.5 = 11 560; total 22 190.61.
Sector C (Alfa + Beta) 87 612.31 (88.1 %), S (Gamma) 11 802.3 (11.9 %).
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.colors import to_rgba

from paastolaskuri.report import NetworkReport
from paastolaskuri.reporting import charts
from paastolaskuri.reporting.blocks import Block

SECTIONS = (
    "header",
    "overview",
    "trend",
    "by_sector",
    "by_category",
    "commitments",
    "actions",
    "distribution",
    "partner_table",
    "failures",
)
NAMES = ("Alfa Oy", "Beta Oy", "Gamma ry", "alfa", "beta", "gamma", "delta-oy", "epsilon-oy")
WITHHELD = "ei julkaista (alle 3 kumppania tai yksi hallitsee)"


@pytest.fixture(scope="module")
def coordinator(processed_ws):
    return NetworkReport.load(processed_ws.root, 2024, "fi", "coordinator")


@pytest.fixture(scope="module")
def public(processed_ws):
    return NetworkReport.load(processed_ws.root, 2024, "fi", "public")


def rows(df: pd.DataFrame) -> list[list]:
    return df.to_numpy().tolist()


def test_every_section_returns_a_documented_block(coordinator, public):
    for report in (coordinator, public):
        for name in SECTIONS:
            assert isinstance(getattr(report, name)(), Block), name
            assert getattr(NetworkReport, name).__doc__, name


def test_public_report_names_nobody_but_shows_the_total(public):
    html = "".join(getattr(public, name)().html for name in SECTIONS)
    for name in NAMES:
        assert name not in html
    assert "<div class='pl-big'>99,4 t CO2e</div>" in html
    assert public.partner_table().html == ""


def test_header(coordinator):
    html = coordinator.header().html
    assert "<h1>Ilmastokumppaniverkoston päästöt 2024</h1>" in html
    assert "<p class='pl-sub'>fi-2024-r2 · Päästölaskuri" in html


@pytest.mark.parametrize("audience", ["coordinator", "public"])
def test_overview(processed_ws, audience):
    block = NetworkReport.load(processed_ws.root, 2024, "fi", audience).overview()
    public = audience == "public"  # public figures show their 3 published significant digits
    assert rows(block.tables[0]) == [
        ["Scope 1", "8,50" if public else "8,5"],
        ["Scope 2 (markkinaperusteinen)", "88,8"],
        ["Scope 3", "2,13" if public else "2,1"],
        ["Yhteensä (markkinaperusteinen)", "99,4"],
        ["Scope 2 (sijaintiperusteinen)", "11,6"],
        ["Yhteensä (sijaintiperusteinen)", "22,2"],
    ]
    assert "<li>Raportoineita kumppaneita 3 / rekisteröityjä 5.</li>" in block.html
    assert "<li>Verkoston kokonaispäästöt 99,4 t CO2e (markkinaperusteinen).</li>" in block.html
    # the change from 2023 rests on one partner (61 743.3 kg): only the coordinator sees it
    change = "<li>61,0 % enemmän kuin 2023 (1 kumppania).</li>"  # 99 414.61 / 61 743.3 - 1
    assert (change in block.html) == (audience == "coordinator")
    residual = "(jäännösjakauma): Alfa Oy, Beta Oy, Gamma ry.</li>"
    assert (residual in block.html) == (audience == "coordinator")


def test_trend_coordinator_stacks_scopes_in_the_scope_colours(coordinator):
    block = coordinator.trend()
    assert rows(block.tables[0]) == [[2023, 1, "61,7"], [2024, 3, "99,4"]]
    ax = block.figures[0].axes[0]
    assert ax.get_ylabel() == "t CO2e"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Scope 1", "Scope 2", "Scope 3"]
    colours = [ax.patches[i].get_facecolor() for i in (0, 2, 4)]  # two years per scope
    assert colours == [to_rgba(charts.SCOPE_COLOURS[s]) for s in (1, 2, 3)]


def test_trend_public_withholds_a_year_of_one_partner(public):
    block = public.trend()
    # 2023: one partner, so neither its total nor its count of 1 is shown; 2024: 99 414.61 kg
    # printed to 3 significant digits (99 400 kg)
    assert rows(block.tables[0]) == [[2023, "–", WITHHELD], [2024, 3, "99,4"]]
    ax = block.figures[0].axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Kokonaispäästöt"]  # not stacked
    assert "61,7" not in block.html


def test_by_sector(coordinator, public):
    assert rows(coordinator.by_sector().tables[0]) == [
        ["C Teollisuus", "2", "87,6", "88,1"],
        ["S Muu palvelutoiminta (ml. järjestöt)", "1", "11,8", "11,9"],
        ["Yhteensä", "", "99,4", "100,0"],
    ]
    assert rows(public.by_sector().tables[0]) == [
        ["muut (ryhmät, joissa alle 3 kumppania tai yksi hallitsee)", "3", "99,4", "100,0"],
        ["Yhteensä", "", "99,4", "100,0"],
    ]


def test_by_category(coordinator):
    block = coordinator.by_category()
    table = block.tables[0]
    assert [r[1:] for r in rows(table)] == [
        ["Kiinteät polttolähteet (lämmitys ja oma energiantuotanto)", "3", "8,5", "8,6"],
        ["Ostosähkö", "3", "88,8", "89,3"],
        ["3.3 Polttoaine- ja energiaperäiset päästöt (tuotantoketju ja siirtohäviöt)", "3", "2,1", "2,1"],
        ["Yhteensä", "", "99,4", "100,0"],
    ]
    assert block.figures[0].axes[0].get_xlabel() == "t CO2e"


def test_distribution_names_points_only_for_the_coordinator(coordinator, public):
    named = charts.axis_labels(coordinator.distribution().figures[0])
    assert {"Alfa Oy", "Beta Oy", "Gamma ry"} <= set(named)
    # public: three partners per FTE are under 10, so no box (its edges would be their values)
    block = public.distribution()
    assert block.figures == ()
    assert "Vertailuun tarvitaan vähintään 10 kumppania." in block.html


def test_partner_table(coordinator):
    assert rows(coordinator.partner_table().tables[0]) == [
        # every intensity of accounting.metrics, t/M€ too (issue 24): Alfa's 58.6 t over 2 M€
        ["Alfa Oy", "C Teollisuus", "58,6", "5,86", "58,6", "29,31"],
        ["Beta Oy", "C Teollisuus", "29,0", "5,80", "–", "–"],
        ["Gamma ry", "S Muu palvelutoiminta (ml. järjestöt)", "11,8", "0,59", "–", "–"],
    ]


def test_failures(coordinator, public):
    assert rows(coordinator.failures().tables[0]) == [
        ["delta-oy", "tarkistus ei läpäissyt", 'd.xlsx: Toiminta!C7: määrä "12 0OO" ei ole luku'],
        ["epsilon-oy", "ei raportoinut", ""],
    ]
    html = public.failures().html
    assert "<p>1 kumppanin tiedot eivät läpäisseet tarkistusta ja 1 ei raportoinut.</p>" in html
    assert "delta-oy" not in html


def test_unknown_audience_is_refused(processed_ws):
    with pytest.raises(ValueError, match="unknown audience 'press'"):
        NetworkReport.load(processed_ws.root, 2024, "fi", "press")
