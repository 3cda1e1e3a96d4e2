"""Issue 9, item 2: each shared rule has one definition; a test per rule on a small in-memory fixture.

totals by category (Scope 2 on one basis), intensities, the peer-group lookup, scope colours and
the audience suffix of report names.
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.colors import to_rgba

from paastolaskuri.accounting.calculation import lines_on_basis, totals_by_category
from paastolaskuri.accounting.metrics import INTENSITIES, PeerGroup, intensities, intensity_value, peer_group
from paastolaskuri.reporting import charts, network_parts, partner_parts
from paastolaskuri.reporting.excel_summary import _category_table
from paastolaskuri.reporting.network_tables import category_table, scope_table
from paastolaskuri.run.manifest import NETWORK_KEYS, network_key
from paastolaskuri.workspace import Workspace, audience_suffix

# two partners' lines: Scope 2 on both bases, a Scope 1 and a Scope 3 line (kg CO2e)
EMISSIONS = pd.DataFrame(
    [
        ("a", 1, "s1_stationary", "direct", 100.0),
        ("a", 2, "s2_electricity", "location", 40.0),
        ("a", 2, "s2_electricity", "market", 300.0),
        ("a", 3, "s3_c3", "wtt", 10.0),
        ("b", 2, "s2_electricity", "location", 20.0),
        ("b", 2, "s2_electricity", "market", 150.0),
        ("b", 2, "s2_heat", "location", 5.0),
        ("b", 2, "s2_heat", "market", 5.0),
    ],
    columns=["partner_id", "scope", "category", "basis", "kg_co2e"],
)


def test_totals_by_category_counts_scope2_on_one_basis():
    market = totals_by_category(EMISSIONS, "market")
    assert market.to_numpy().tolist() == [
        [1, "s1_stationary", 100.0],
        [2, "s2_electricity", 450.0],  # 300 + 150, the location-based 40 + 20 left out
        [2, "s2_heat", 5.0],
        [3, "s3_c3", 10.0],
    ]
    location = totals_by_category(EMISSIONS, "location").set_index("category")["kg_co2e"]
    assert location["s2_electricity"] == 60.0 and location["s1_stationary"] == 100.0
    by_partner = totals_by_category(EMISSIONS, "market", by=("partner_id",))
    assert by_partner[by_partner["category"] == "s2_electricity"]["kg_co2e"].tolist() == [300.0, 150.0]
    assert len(lines_on_basis(EMISSIONS, "market")) == 5  # 8 lines less the 3 location-based ones
    assert totals_by_category(EMISSIONS.iloc[0:0]).columns.tolist() == ["scope", "category", "kg_co2e"]


def test_every_category_table_uses_the_market_basis():
    """The Excel summary and the network's category table give the same market-based sums."""
    excel = _category_table(EMISSIONS, "en")
    assert [r[2] for r in excel.rows] == [0.1, 0.45, 0.005, 0.01]  # t CO2e, by scope then size
    assert excel.total[2] == pytest.approx(0.565)
    partners = pd.DataFrame(
        {"partner_id": ["a", "b"], "kg_scope1": [100.0, 0.0], "kg_scope2_market": [300.0, 155.0],
         "kg_scope3": [10.0, 0.0]}
    )  # fmt: skip
    network = category_table(EMISSIONS, False, scope_table(partners, False))
    assert dict(zip(network.rows["group"], network.rows["kg"], strict=True)) == {
        "s2_electricity": 450.0,
        "s1_stationary": 100.0,
        "s3_c3": 10.0,
        "s2_heat": 5.0,
    }
    assert network.total_kg == 565.0


def test_intensities_have_one_definition():
    sizes = {"employees_fte": 4, "floor_area_m2": 250.0, "revenue_eur": 500_000, "ignored": 1}
    # 12 000 kg: 12 t / 4 FTE; 12 000 kg / 250 m²; 12 t / 0.5 M€
    assert intensities(12_000.0, sizes) == {"t_per_fte": 3.0, "kg_per_m2": 48.0, "t_per_meur": 24.0}
    assert intensity_value(12_000.0, {"employees_fte": 0}, "per_fte") is None
    assert intensity_value(12_000.0, {"employees_fte": float("nan")}, "per_fte") is None
    # the report tables list exactly the defined intensities, in their order
    summary = {"t_per_fte": 3.0, "kg_per_m2": None, "t_per_meur": 24.0}
    table = partner_parts.intensity_rows(summary, "en")
    assert table.to_numpy().tolist() == [
        ["t CO2e per FTE", "3.00"],
        ["kg CO2e per m²", "not given"],
        ["t CO2e per M€ revenue", "24.00"],
    ]
    assert [col for _, col in network_parts.intensity_metrics("en")] == [i.column for i in INTENSITIES]


STATS = {
    "min_group": 3,
    "overall": {"t_per_fte": {"n": 7, "q1": 1.0, "median": 2.0, "q3": 3.0}},
    "sections": {
        "C": {"t_per_fte": {"n": 3, "q1": 4.0, "median": 5.0, "q3": 6.0}},
        "G": {"t_per_fte": {"n": 2, "q1": 7.0, "median": 8.0, "q3": 9.0}},  # under min_group
    },
}


def test_peer_group_is_the_sector_when_big_enough_else_the_network():
    assert peer_group(STATS, "C", "t_per_fte") == PeerGroup("t_per_fte", "C", 3, 4.0, 5.0, 6.0)
    assert peer_group(STATS, "G", "t_per_fte") == PeerGroup("t_per_fte", "", 7, 1.0, 2.0, 3.0)
    assert peer_group(STATS, "", "t_per_fte") == PeerGroup("t_per_fte", "", 7, 1.0, 2.0, 3.0)
    assert peer_group(STATS, "C", "kg_per_m2") is None
    assert peer_group({}, "C", "t_per_fte") is None
    # the glance and the comparison table both follow it: 5.5 against sector C's median 5.0
    rows, group = partner_parts.comparison_rows({"t_per_fte": 5.5}, "C", STATS, "en")
    assert group.section == "C" and rows.to_numpy().tolist()[0][1:] == [
        "5.50",
        "5.00",
        "4.00 – 6.00",
        "above the group median",
    ]
    item = partner_parts.peer_item({"t_per_fte": 5.5}, {"employees_fte": 10}, "C", STATS, "en")
    assert item == "Intensity 5.50 t CO2e per FTE: above the group median (median 5.00, 3 partners)."


def test_scope_colours_are_one_mapping():
    bar = charts.scope_bar({1: 1000.0, 2: 2000.0, 3: 500.0}, "en")
    assert [p.get_facecolor() for p in bar.axes[0].patches] == [
        to_rgba(charts.SCOPE_COLOURS[s]) for s in (1, 2, 3)
    ]
    years = pd.DataFrame(
        {"year": [2023, 2024], "n": [3, 3], "scope1": [1.0, 2.0], "scope2_market": [3.0, 4.0],
         "scope3": [5.0, 6.0], "total_market": [9.0, 12.0]}
    )  # fmt: skip
    trend = network_parts.trend_figure(years, True, "en").axes[0]
    assert [trend.patches[i].get_facecolor() for i in (0, 2, 4)] == [
        to_rgba(charts.SCOPE_COLOURS[s]) for s in (1, 2, 3)
    ]


def test_audience_suffix_names_files_and_manifest_keys(tmp_path):
    assert audience_suffix("coordinator") == ""
    assert audience_suffix("public") == "-public"
    with pytest.raises(ValueError, match="unknown audience 'press'"):
        audience_suffix("press")
    ws = Workspace.at(tmp_path)
    assert ws.network_report(2024, ".html", "public").name == "network-public.html"
    assert ws.network_report(2024, ".xlsx", "coordinator", "en").relative_to(tmp_path).as_posix() == (
        "reports/2024/en/network.xlsx"
    )
    assert network_key("public") == "network_public" and network_key("coordinator") == "network"
    assert NETWORK_KEYS == ("network", "network_public")
