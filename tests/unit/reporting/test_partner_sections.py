"""Every section of PartnerReport, in process (no kernel), on the processed fixture of conftest.py.

Expected numbers are worked out by hand in conftest.py's docstring; Finnish numbers use a
non-breaking space as the thousands separator and a comma for decimals.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from paastolaskuri.report import PartnerReport
from paastolaskuri.reporting import charts
from paastolaskuri.reporting.blocks import Block

NB = "\u00a0"
NOTEBOOK = Path(__file__).resolve().parents[3] / "notebooks" / "partner_report.ipynb"
SECTIONS = PartnerReport.SECTIONS


def test_the_report_notebook_calls_every_section_in_order():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    calls = [m for c in cells for m in re.findall(r"^report\.(\w+)\(\)", "".join(c["source"]), re.M)]
    assert tuple(calls) == SECTIONS


@pytest.fixture(scope="module")
def alfa(processed_ws):
    return PartnerReport.load(processed_ws.root, 2024, "alfa", "fi")


def rows(df: pd.DataFrame) -> list[list]:
    return df.to_numpy().tolist()


def test_every_section_returns_a_documented_block(alfa):
    for name in SECTIONS:
        block = getattr(alfa, name)()
        assert isinstance(block, Block), name
        assert block._repr_html_() == block.html and block.html, name
        assert getattr(PartnerReport, name).__doc__, name


def test_no_section_names_another_partner(alfa):
    html = "".join(getattr(alfa, name)().html for name in SECTIONS)
    assert "Alfa Oy" in html
    for other in ("Beta Oy", "Gamma ry", "beta", "gamma", "delta-oy", "epsilon-oy"):
        assert other not in html


def test_header(alfa):
    html = alfa.header().html
    assert "<h1>Alfa Oy</h1>" in html
    assert "<h2>Kasvihuonekaasupäästöt 2024</h2>" in html
    assert "Toimiala: C Teollisuus · Kerroinsarja fi-2024-r2 · GWP100 AR5" in html
    assert "<style>" in html  # the report's style sheet comes with the first section


def test_by_category_numbers(alfa):
    cats = alfa.by_category()
    assert rows(cats) == [
        [2, "s2_electricity", pytest.approx(55_490.0)],  # 100 MWh × 554.9 (market-based only)
        [1, "s1_stationary", pytest.approx(2_500.0)],  # 1000 l × 2.5 (own factor)
        [3, "s3_c3", pytest.approx(626.65)],  # 1000 l × 0.62665 (well-to-tank)
    ]


def test_headline(alfa):
    block = alfa.headline()
    assert "<div class='pl-big'>58,6 t CO2e</div>" in block.html  # 58 616.65 kg
    assert "sijaintiperusteinen: 10,4 t CO2e" in block.html  # 10 351.65 kg
    assert rows(block.tables[0]) == [
        ["Scope 1", "2,5"],
        ["Scope 2 (markkinaperusteinen)", "55,5"],
        ["Scope 2 (sijaintiperusteinen)", "7,2"],
        ["Scope 3", "0,6"],
    ]
    # at a glance: the change from 2023 (61 743.3 kg) is -5.06 %; the whole network is the peer group
    assert "<li>5,1 % vähemmän kuin 2023.</li>" in block.html
    # per FTE Alfa's 5.86 is the highest of 3: its own position, no median of a group under 10
    assert (
        "<li>Intensiteetti 5,86 t CO2e / henkilötyövuosi: ryhmän ylimmässä kolmanneksessa (3 kumppania).</li>"
        in block.html
    )
    assert "Suurin lähde: ostosähkö (95 %)." in block.html
    assert "Suurimmat päästölähteet ovat ostosähkö (95 %), kiinteät polttolähteet" in block.html
    # 58 616.65 market-based over 10 351.65 location-based from the residual mix: the sentence says why
    assert "<p class='pl-residual'>Markkinaperusteinen kokonaispäästö on 5,7-kertainen" in block.html


def test_intensity(alfa):
    table = alfa.intensity().tables[0]
    # 58.61665 t / 10 FTE; 58 616.65 kg / 1000 m²; 58.61665 t / 2 M€
    assert rows(table) == [
        ["t CO2e / henkilötyövuosi", "5,86"],
        ["kg CO2e / m²", "58,62"],
        ["t CO2e / milj. € liikevaihtoa", "29,31"],
    ]


def test_breakdown_table_and_charts(alfa):
    block = alfa.breakdown()
    table = block.tables[0]
    assert list(table.columns) == ["Scope", "Luokka", "t CO2e", "Osuus"]
    assert [r[2:] for r in rows(table)] == [["55,5", "94,7 %"], ["2,5", "4,3 %"], ["0,6", "1,1 %"]]
    bars, scopes = block.figures
    assert bars.axes[0].get_xlabel() == "t CO2e"
    assert [t.get_text() for t in bars.axes[0].get_yticklabels()][-1] == "Ostosähkö"  # largest at the top
    legend = [t.get_text() for t in scopes.axes[0].get_legend().get_texts()]
    assert legend == ["Scope 1", "Scope 2", "Scope 3"]
    colours = [p.get_facecolor() for p in scopes.axes[0].patches]
    from matplotlib.colors import to_rgba

    assert colours == [to_rgba(charts.SCOPE_COLOURS[s]) for s in (1, 2, 3)]
    assert block.html.count("data:image/png;base64") == 2


def test_trend(alfa):
    block = alfa.trend()
    assert rows(block.tables[0]) == [
        [2023, "61,7", "0,0 %", "–", "fi-2023-r2"],
        [2024, "58,6", "-5,1 %", "-5,1 %", "fi-2024-r2"],  # (58 616.65 / 61 743.3 - 1) × 100
    ]
    ax = block.figures[0].axes[0]
    assert ax.get_ylabel() == "t CO2e"
    assert list(ax.get_xticks()) == [2023, 2024]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "markkinaperusteinen",
        "sijaintiperusteinen",
    ]


def test_comparison_uses_the_network_when_the_sector_is_small(alfa):
    block = alfa.comparison()
    # section C has two partners (< 3): the whole network; only per FTE has 3 values
    assert "Vertailuryhmä: koko verkosto (3 kumppania); omalla toimialalla on alle 3 kumppania." in block.html
    # per FTE: Alfa 5.861665 of 5.861665, 5.799132, 0.590115: the highest third; a group of 3 has
    # no median or quartiles (each would be one of the other two partners' values)
    table = block.tables[0]
    assert list(table.columns) == ["Päästöintensiteetti", "Oma arvo", "Sijainti ryhmässä"]
    assert rows(table) == [["t CO2e / henkilötyövuosi", "5,86", "ryhmän ylimmässä kolmanneksessa"]]
    assert "Mediaani ja neljännekset näytetään vain vähintään 10 kumppanin ryhmästä" in block.html
    for other in ("5,80", "5,79", "0,59", "3,19", "5,83", "28,99", "11,80"):  # others' values, old quartiles
        assert other not in block.html


def test_each_partner_sees_only_its_own_position(processed_ws):
    # written by the run into each partner's own folder: Beta 5.799132 is the middle, Gamma the lowest
    positions = {
        slug: rows(PartnerReport.load(processed_ws.root, 2024, slug, "en").comparison().tables[0])
        for slug in ("beta", "gamma")
    }
    assert positions == {
        "beta": [["t CO2e per FTE", "5.80", "in the middle third of the group"]],
        "gamma": [["t CO2e per FTE", "0.59", "in the lowest third of the group"]],
    }
    stats = (processed_ws.processed_dir(2024) / "network_stats.json").read_text(encoding="utf-8")
    assert json.loads(stats)["overall"] == {"t_per_fte": {"n": 3}}  # no figure of a group of 3


def test_data_quality(alfa):
    html = alfa.data_quality().html
    assert "<p>Arvioituja rivejä: 50 % riveistä.</p>" in html  # electricity estimated, oil measured
    assert "<p class='pl-flag'>Tarkistamattomia kertoimia käytetty 2 päästörivillä:" in html  # el. both bases
    assert "<p>Omia kertoimia (toimittajan kerroin tai alkuperätakuu) 1 rivillä.</p>" in html


def test_explain(alfa):
    table = alfa.explain().tables[0]
    assert len(table) == 4  # oil direct + well-to-tank, electricity location + market
    assert sorted(table["kg CO2e"]) == sorted([f"2{NB}500,0", "626,7", f"7{NB}225,0", f"55{NB}490,0"])


def test_sources_and_empty_boxes(alfa):
    assert "<h2>Menetelmä ja lähteet</h2>" in alfa.sources().html
    assert "Biogeeninen CO2 on scopejen ulkopuolella." in alfa.sources().html


def test_first_year_has_no_trend_and_english_texts(processed_ws):
    beta = PartnerReport.load(processed_ws.root, 2024, "beta", "en")
    block = beta.trend()
    assert "No earlier years have been computed for this partner yet." in block.html
    assert block.figures == () and block.tables == ()
    assert "<li>First year computed: no comparison yet.</li>" in beta.headline().html
    assert rows(beta.intensity().tables[0])[0] == ["t CO2e per FTE", "5.80"]  # 28.99566 t / 5 FTE
