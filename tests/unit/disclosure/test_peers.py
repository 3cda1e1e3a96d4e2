"""The peer comparison of partner reports (issue 18, part 2): no other partner's value, exact or interpolated.

The attack: every partner reads network_stats.json and its own comparison section; a figure there
that equals another partner's intensity, or lies strictly between two adjacent values of the
others (an interpolated quartile), gives a competitor's intensity, and times the public revenue its
total. Groups of 5 and of 3 (and of 9: one under `MIN_FOR_ORDER_STATISTICS`) must show none; a
group of 12 shows quartiles rounded to 2 significant digits. The network's files are written by the
run's own writer (`processed.write_network_stats`); sections are rendered by `PartnerReport`
in process (no kernel). Every intensity in the small groups is above 12, so the group sizes and the
thresholds the texts name (3, 5, 8, 9, 10) never sit between two of them.
"""

from __future__ import annotations

import html
import itertools
import json
import re

import pandas as pd
import pytest

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure import peers, rules
from paastolaskuri.report import PartnerReport
from paastolaskuri.reporting import partner_parts
from paastolaskuri.reporting.processed import write_network_stats

YEAR = 2024
FIVE = {"c1": 23.75, "c2": 41.2, "c3": 55.93, "c4": 68.4, "c5": 87.16}  # section C, t CO2e/FTE
THREE = {"s1": 31.4, "s2": 52.7, "s3": 77.9}  # section S
NINE = {f"g{i}": v for i, v in enumerate([14.2, 19.7, 25.1, 33.3, 38.6, 44.9, 51.2, 63.5, 70.8], 1)}
TWELVE = dict(
    zip([f"k{i}" for i in range(1, 13)], [10, 12, 15, 18, 20, 24, 28, 30, 33, 38, 41, 50], strict=True)
)
_NUMBER = re.compile(r"\d+(?:[\u00a0 ]\d{3})*(?:,\d+)?")


def frame(*groups: tuple[str, dict]) -> pd.DataFrame:
    """partners.csv's columns the comparison reads: one row per partner, per FTE only."""
    return pd.DataFrame(
        [
            {"slug": slug, "section": section, "t_per_fte": v, "kg_per_m2": None, "t_per_meur": None}
            for section, values in groups
            for slug, v in values.items()
        ]
    )


def leaks(figures: list[float], others: list[float]) -> list[float]:
    """The figures that equal another partner's value or lie strictly between two adjacent ones."""
    s = sorted(others)
    return [f for f in figures if f in s or any(a < f < b for a, b in itertools.pairwise(s))]


def json_numbers(data) -> list[float]:
    """Every number anywhere in a JSON document."""
    if isinstance(data, dict):
        return [x for v in data.values() for x in json_numbers(v)]
    if isinstance(data, list):
        return [x for v in data for x in json_numbers(v)]
    if isinstance(data, bool) or not isinstance(data, int | float):
        return []
    return [float(data)]


def html_numbers(fragment: str) -> list[float]:
    """Every number in a Finnish-formatted HTML fragment (1 234,56 → 1234.56)."""
    fragment = re.sub(r"<style.*?</style>", "", fragment, flags=re.S)
    return [float(re.sub(r"[\u00a0 ]", "", m).replace(",", ".")) for m in _NUMBER.findall(fragment)]


def write_network(root, partners: pd.DataFrame) -> Workspace:
    """Each partner's own processed files (what PartnerReport opens), then the run's network writer."""
    ws = Workspace.at(root)
    for row in partners.itertuples():
        d = ws.partner_processed_dir(YEAR, row.slug)
        d.mkdir(parents=True)
        org = {"partner_id": row.slug, "name": f"Yritys {row.slug} Oy", "sector": row.section}
        (d / "organisation.json").write_text(json.dumps(org), encoding="utf-8")
        summary = {"t_per_fte": row.t_per_fte, "kg_per_m2": None, "t_per_meur": None}
        totals = {
            "partner_id": row.slug,
            "factor_set": "f",
            "gwp_set": "AR5",
            "totals": {},
            "summary": summary,
        }
        (d / "totals.json").write_text(json.dumps(totals), encoding="utf-8")
        (d / "emissions.csv").write_text("row,label,confidence\n", encoding="utf-8")
    write_network_stats(ws, YEAR, partners)
    return ws


@pytest.fixture(scope="module")
def small_groups(tmp_path_factory):
    """Five partners in section C and three in S (the network of 8 is under 10 too)."""
    return write_network(tmp_path_factory.mktemp("peers"), frame(("C", FIVE), ("S", THREE)))


def glance(report: PartnerReport) -> str | None:
    """The report's at-a-glance peer line, from what the report read (as `glance_items` builds it)."""
    r = report
    return partner_parts.peer_item(r.summary, r.org, r.section, r.stats, r.positions, r.lang)


def stats_of(ws: Workspace) -> dict:
    return json.loads((ws.processed_dir(YEAR) / "network_stats.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("group", [FIVE, THREE], ids=["five", "three"])
def test_network_stats_of_a_small_group_hold_no_partners_value(small_groups, group):
    numbers = json_numbers(stats_of(small_groups))
    assert numbers  # sizes and thresholds are there to check
    for slug in group:  # from each partner's seat: the others' values
        others = [v for s, v in group.items() if s != slug]
        assert leaks(numbers, others) == [], slug


def test_network_stats_of_small_groups_are_their_sizes_only(small_groups):
    assert stats_of(small_groups) == {
        "min_group": 3,
        "min_for_quartiles": 10,
        "quartile_digits": 2,
        "overall": {"t_per_fte": {"n": 8}},
        "sections": {"C": {"t_per_fte": {"n": 5}}, "S": {"t_per_fte": {"n": 3}}},
    }


@pytest.mark.parametrize("group", [FIVE, THREE], ids=["five", "three"])
def test_no_comparison_section_shows_another_partners_value(small_groups, group):
    for slug, mine in group.items():
        report = PartnerReport.load(small_groups.root, YEAR, slug, "fi")
        rendered = report.comparison().html + (glance(report) or "")
        shown = [x for x in html_numbers(rendered) if x != round(mine, 2)]  # its own value is its own
        others = [v for s, v in group.items() if s != slug]
        assert leaks(shown, others) == [], (slug, shown)
        assert "mediaani" not in report.comparison().tables[0].columns.str.lower().tolist()


def test_each_partner_gets_its_own_third_of_its_group(small_groups):
    # of 5: ranks 1..5 → (r - 1/2)/5 = 0.1, 0.3 lower; 0.5 middle; 0.7, 0.9 upper. Of 3: one each.
    expected = {
        "c1": "lower",
        "c2": "lower",
        "c3": "middle",
        "c4": "upper",
        "c5": "upper",
        "s1": "lower",
        "s2": "middle",
        "s3": "upper",
    }
    for slug, position in expected.items():
        own = small_groups.partner_processed_dir(YEAR, slug) / peers.PEER_POSITION_JSON
        section, n = ("C", 5) if slug.startswith("c") else ("S", 3)
        assert json.loads(own.read_text(encoding="utf-8")) == {
            "t_per_fte": {"column": "t_per_fte", "section": section, "n": n, "position": position}
        }
    report = PartnerReport.load(small_groups.root, YEAR, "c2", "en")
    block = report.comparison()
    assert block.tables[0].to_numpy().tolist() == [
        ["t CO2e per FTE", "41.20", "in the lowest third of the group"]
    ]
    assert "Comparison group: sector C Manufacturing (5 partners)." in block.html
    assert (
        "Median and quartiles are shown only for a group of at least 10 partners: in a smaller group "
        "they would be individual partners' figures." in html.unescape(block.html)
    )
    assert glance(report) == "Intensity 41.20 t CO2e per FTE: in the lowest third of the group (5 partners)."


@pytest.mark.parametrize(
    ("values", "positions"),
    [
        ([1.0, 2.0, 3.0, 4.0], ["lower", "middle", "middle", "upper"]),  # 0.125, 0.375, 0.625, 0.875
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], ["lower", "lower", "middle", "middle", "upper", "upper"]),
        ([7.0, 7.0, 7.0], ["middle", "middle", "middle"]),  # ties share the mean rank
        ([1.0, 1.0, 9.0], ["middle", "middle", "upper"]),  # mean rank 1.5 of 3: (1.5 - 1/2)/3 = 1/3
    ],
)
def test_position_is_the_third_by_rank(values, positions):
    assert [peers.position_in_group(v, values) for v in values] == positions


def test_a_group_of_nine_has_no_quartiles(tmp_path):
    # one under MIN_FOR_ORDER_STATISTICS: fails when the threshold is lowered to 9
    ws = write_network(tmp_path, frame(("G", NINE)))
    assert stats_of(ws)["sections"] == {"G": {"t_per_fte": {"n": 9}}}
    for slug, mine in NINE.items():
        rendered = PartnerReport.load(ws.root, YEAR, slug, "fi").comparison().html
        others = [v for s, v in NINE.items() if s != slug]
        assert leaks([x for x in html_numbers(rendered) if x != round(mine, 2)], others) == [], slug


def test_lowering_the_order_statistics_threshold_lets_the_median_out(monkeypatch):
    # the rule is read from rules, not copied: at 9 the group of 9 publishes its 5th value, rounded
    monkeypatch.setattr(rules, "MIN_FOR_ORDER_STATISTICS", 9)
    group = peers.group_stats(NINE.values())
    assert group == {"n": 9, "q1": 25.0, "median": 39.0, "q3": 51.0}  # 25.1, 38.6, 51.2 to 2 digits
    assert leaks([group["median"]], [v for s, v in NINE.items() if s != "g5"]) == [39.0]


def test_a_group_of_twelve_shows_quartiles_to_two_significant_digits(tmp_path):
    # np.percentile at (n-1)p = 2.75, 5.5, 8.25: 15 + .75·3 = 17.25, (24+28)/2 = 26, 33 + .25·5 = 34.25
    ws = write_network(tmp_path, frame(("G", TWELVE)))
    assert stats_of(ws)["sections"] == {"G": {"t_per_fte": {"n": 12, "q1": 17.0, "median": 26.0, "q3": 34.0}}}
    report = PartnerReport.load(ws.root, YEAR, "k2", "en")  # 12, rank 2: (2 - 1/2)/12 = 0.125 → lower
    block = report.comparison()
    assert block.tables[0].to_numpy().tolist() == [
        ["t CO2e per FTE", "12.00", "26", "17 – 34", "in the lowest third of the group"]
    ]
    assert "Median and quartiles are rounded to 2 significant digits." in block.html
    assert "shown only for a group of at least" not in block.html
    assert (
        glance(report)
    ) == "Intensity 12.00 t CO2e per FTE: in the lowest third of the group (median 26, 12 partners)."


def test_a_section_of_two_is_no_group_its_partners_meet_the_network(tmp_path):
    # S has 2 partners (under MIN_CONTRIBUTORS): both are compared with the network of 5
    ws = write_network(
        tmp_path, frame(("C", {"c1": 20.0, "c2": 30.0, "c3": 40.0}), ("S", {"s1": 15.0, "s2": 35.0}))
    )
    assert stats_of(ws)["sections"] == {"C": {"t_per_fte": {"n": 3}}}
    assert peers.peer_group(stats_of(ws), "S", "t_per_fte") == peers.PeerGroup("t_per_fte", "", 5, None)
    own = json.loads((ws.partner_processed_dir(YEAR, "s2") / peers.PEER_POSITION_JSON).read_text())
    # 35 of 15, 20, 30, 35, 40: rank 4, (4 - 1/2)/5 = 0.7 > 2/3
    assert own == {"t_per_fte": {"column": "t_per_fte", "section": "", "n": 5, "position": "upper"}}


def test_exact_quartiles_in_an_older_file_are_never_shown():
    # a network_stats.json written before this rule: a group of 5 with its 2nd, 3rd and 4th values
    old = {"min_group": 3, "overall": {"t_per_fte": {"n": 5, "q1": 41.2, "median": 55.93, "q3": 68.4}}}
    assert peers.peer_group(old, "", "t_per_fte") == peers.PeerGroup("t_per_fte", "", 5, None)
    big = {"overall": {"t_per_fte": {"n": 10, "q1": 41.234, "median": 55.93, "q3": 68.4}}}
    assert peers.peer_group(big, "", "t_per_fte").quartiles == peers.Quartiles(41.0, 56.0, 68.0)


def test_a_position_for_another_group_is_not_used():
    group = peers.PeerGroup("t_per_fte", "C", 5, None)
    entry = {"column": "t_per_fte", "section": "C", "n": 5, "position": "upper"}
    assert peers.own_position({"t_per_fte": entry}, group) == "upper"
    assert peers.own_position({"t_per_fte": {**entry, "n": 4}}, group) is None  # older than the stats
    assert peers.own_position({"t_per_fte": {**entry, "section": ""}}, group) is None
    assert peers.own_position({}, group) is None
    assert (
        partner_parts.comparison_rows(
            {"t_per_fte": 5.0}, "C", {"sections": {"C": {"t_per_fte": {"n": 5}}}}, {}, "en"
        )[1]
        is None
    )
