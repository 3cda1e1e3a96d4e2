"""Issue 8, defects 11 and 14: the coordinator's network report (named points, outliers kept from
squashing the rest, sector names, an at-a-glance box) and the partner report's residual-mix sentence.

Network of four (hand-computed): market-based 2 000 + 500 + 400 + 100 = 3 000 t; the year before
4 000 t from 3 partners: -25,0 %. Electricity 1 500 + 500 + 400 + 100 = 2 500 t of 3 000 = 83 %;
sector C 2 000 of 3 000 = 67 %. Estimated lines (10 × 0,2 + 5 × 0 + 5 × 0,4 + 20 × 0,5) / 40 = 35 %.
"""

import pandas as pd
import pytest

from paastolaskuri.reporting import charts
from paastolaskuri.reporting.glance import network_glance, residual_mix_sentence
from paastolaskuri.reporting.network_parts import sector_name as _sector_name
from paastolaskuri.reporting.network_tables import network_figures

NB = "\u00a0"
NAMES = ["Saha Oy", "Kauppa Oy", "Koulu", "Asunto Oy"]


@pytest.fixture
def network():
    partners = pd.DataFrame(
        {
            "partner_id": ["saha", "kauppa", "koulu", "asunto"],
            "name": NAMES,
            "section": ["C", "G", "P", "L"],
            "kg_scope1": [500_000.0, 0.0, 0.0, 0.0],
            "kg_scope2_market": [1_500_000.0, 500_000.0, 400_000.0, 100_000.0],
            "kg_scope3": [0.0, 0.0, 0.0, 0.0],
            "kg_total_market": [2_000_000.0, 500_000.0, 400_000.0, 100_000.0],
            "kg_scope2_location": [300_000.0, 230_000.0, 390_000.0, 100_000.0],
            "kg_total_location": [800_000.0, 230_000.0, 390_000.0, 100_000.0],
            "lines": [10, 5, 5, 20],
            "share_estimated": [0.2, 0.0, 0.4, 0.5],
            "unverified_factors": [3, 1, 0, 2],
        }
    )
    rows = []
    for pid, s1, market, factor in zip(
        partners["partner_id"],
        partners["kg_scope1"],
        partners["kg_scope2_market"],
        ["elec.market", "elec.market", "contract:go", "own"],
        strict=True,
    ):
        rows.append(
            dict(
                partner_id=pid,
                scope=2,
                basis="market",
                category="s2_electricity",
                kg_co2e=market,
                factor_id=factor,
            )
        )
        if s1:
            rows.append(
                dict(
                    partner_id=pid,
                    scope=1,
                    basis="direct",
                    category="s1_stationary",
                    kg_co2e=s1,
                    factor_id="chips.ch4",
                )
            )
    emissions = pd.DataFrame(rows)
    previous = (2023, pd.DataFrame({"kg_total_market": [2_000_000.0, 1_000_000.0, 1_000_000.0]}))
    status = {"registered": 5, "failed": [], "missing": ["muu"]}
    return partners, emissions, previous, status


def test_coordinator_glance(network):
    partners, emissions, previous, status = network
    figures = network_figures(partners, emissions, public=False)
    assert network_glance(partners, emissions, figures, status, "fi", previous) == [
        "Raportoineita kumppaneita 4 / rekisteröityjä 5.",
        f"Verkoston kokonaispäästöt 3{NB}000,0 t CO2e (markkinaperusteinen).",
        "25,0 % vähemmän kuin 2023 (3 kumppania).",
        "Suurin päästöluokka: Ostosähkö (83 %).",
        "Suurin toimiala: C Teollisuus (67 %).",
        "Arvioituja rivejä 35 % kaikista riveistä; 6 päästöriviä tarkistamattomilla kertoimilla.",
        # Koulu's market-based 400 t is under 1,5 × 390 t; Asunto Oy has its own factor
        "Markkinaperusteinen luku yli 1,5-kertainen sijaintiperusteiseen (jäännösjakauma): Saha Oy, Kauppa Oy.",
    ]
    en = network_glance(partners, emissions, figures, status, "en", None)
    assert en[:3] == [
        "Partners reporting: 4 of 5 registered.",
        "Network total 3,000.0 t CO2e (market-based).",
        "First year computed: no comparison yet.",
    ]


def test_public_glance_names_no_partner_and_shows_only_disclosed_groups(network):
    partners, emissions, previous, status = network
    figures = network_figures(partners, emissions, public=True)
    items = network_glance(partners, emissions, figures, status, "fi", previous)
    # each sector has one partner and Scope 1 only Saha: merged by the suppression rule, so no
    # "biggest sector/category" line; no partner named anywhere
    assert items == [
        "Raportoineita kumppaneita 4 / rekisteröityjä 5.",
        f"Verkoston kokonaispäästöt 3{NB}000 t CO2e (markkinaperusteinen).",  # 3 significant digits
        "25,0 % vähemmän kuin 2023 (3 kumppania).",
        "Arvioituja rivejä 35 % kaikista riveistä; 6 päästöriviä tarkistamattomilla kertoimilla.",
    ]
    assert not any(name in " ".join(items) for name in NAMES)


def test_outlier_clipped_and_marked_so_the_rest_is_readable():
    # the demo's t CO2e per FTE: sorted 2.61 5.63 6.73 23.28 43.12 560.37; Q1 5.905, Q3 38.16,
    # far-out fence 38.16 + 3 × 32.255 = 134.925: 560.37 is far out (and over 2 × 43.12), the axis
    # ends at 43.12 × 1.15 = 49.588
    values = (43.12, 23.28, 6.73, 560.37, 2.61, 5.63)
    assert charts.clip_limit(values) == pytest.approx(49.588)
    assert charts.clip_limit((2.61, 5.63, 6.73, 23.28, 43.12, 60.0)) is None
    names = ("Saha", "Kauppa", "Koulu", "Asunto", "Koodi", "Yhdistys")
    fig = charts.intensity_strip([charts.Panel("t CO2e / htv", values, names)], "fi", "mediaani")
    labels = charts.axis_labels(fig)
    assert [x for x in labels if x.isalpha()] == ["Koodi", "Yhdistys", "Koulu", "Kauppa", "Saha", "Asunto"]
    ax = fig.axes[0]
    assert ax.get_xlim() == pytest.approx((0, 49.588 * 1.02))
    assert [t.get_text() for t in ax.texts] == ["560,4 →"]
    assert ax.get_title(loc="left") == "t CO2e / htv  (- - mediaani 15,01)"  # (6.73 + 23.28) / 2


def test_public_boxes_draw_no_names():
    values = (43.12, 23.28, 6.73, 560.37, 2.61, 5.63, 11.5, 17.25, 8.5, 30.75)
    fig = charts.intensity_boxes([charts.Panel("t CO2e / htv", values)], "fi")
    assert [x for x in charts.axis_labels(fig) if x and not x[0].isdigit()] == []


def test_public_boxes_refuse_a_group_under_ten():
    """Nine values: the box's edges and whisker ends would be (or lie between) partners' values."""
    panel = charts.Panel("t CO2e / htv", (43.12, 23.28, 6.73, 560.37, 2.61, 5.63, 11.5, 17.25, 8.5))
    with pytest.raises(ValueError, match="box plot of fewer than 10 values: t CO2e / htv"):
        charts.intensity_boxes([panel], "fi")


def test_partner_table_sector_names():
    assert _sector_name("16101", "fi") == "C Teollisuus (16101)"
    assert _sector_name("C", "en") == "C Manufacturing"
    assert _sector_name("", "fi") == "ei annettu"


def electricity(market_factor: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            dict(
                scope=2,
                category="s2_electricity",
                basis="location",
                kg_co2e=45_373.0,
                factor_id="elec.location",
            ),
            dict(
                scope=2, category="s2_electricity", basis="market", kg_co2e=348_477.2, factor_id=market_factor
            ),
        ]
    )


def test_residual_mix_sentence_when_market_exceeds_location_by_more_than_half():
    totals = {"total_market": 532_329.2, "total_location": 229_225.0}  # 2,32 times
    assert residual_mix_sentence(totals, electricity("elec.market"), "fi") == (
        "Markkinaperusteinen kokonaispäästö on 2,3-kertainen sijaintiperusteiseen verrattuna, koska ilman "
        "alkuperätakuita ostetun sähkön päästöt lasketaan jäännösjakaumalla: se on sähköä, jonka uusiutuvan "
        "ja ydinvoiman alkuperätakuut on jo myyty muille, joten sen päästökerroin on moninkertainen Suomen "
        "keskiarvoon verrattuna; lukua voi pienentää ostamalla alkuperätakuin varmennettua sähköä, "
        "valitsemalla sähkönmyyjän tuotteen, jolla on oma päästökerroin, tai tuottamalla sähköä itse."
    )
    assert residual_mix_sentence(totals, electricity("elec.market"), "en").startswith(
        "The market-based total is 2.3 times the location-based one because electricity bought without "
        "guarantees of origin is counted at the residual mix"
    )
    # not when the two differ by half or less, nor when the market-based figure is not the residual mix
    assert (
        residual_mix_sentence(
            {"total_market": 340_000.0, "total_location": 229_225.0}, electricity("elec.market"), "fi"
        )
        == ""
    )
    assert residual_mix_sentence(totals, electricity("own"), "fi") == ""
    assert residual_mix_sentence(totals, electricity("contract:go"), "fi") == ""
