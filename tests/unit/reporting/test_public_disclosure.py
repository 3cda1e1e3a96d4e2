"""The public network report: no partner's own figure in any public output, every table adds up.

Two small networks written as processed tables (no kernel): in SOLO one partner alone has a
category, a sector and biogenic CO2; in PAIR exactly two partners share a sector and a category.
Public magnitudes are printed to 3 significant digits, so a table's rows add up to its total only
within their rounding; the count rule (no count of 1 or 2) is what a threshold of 2 would break.
"""

from __future__ import annotations

import re

import pytest

from disclosure_checks import (
    html_tables,
    parse_number,
    sheet_tables,
    text_leaks,
    workbook_leaks,
    write_network,
)
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.audit import half_unit
from paastolaskuri.disclosure.tables import OTHER, disclose_groups
from paastolaskuri.reporting.excel_summary import write_network_excel
from paastolaskuri.reporting.network_report import NetworkReport

# kg, market-based. "saha" alone: sector C, category s1_stationary, biogenic CO2.
SOLO = [
    {
        "id": "saha",
        "section": "C",
        "cats": {"s1_stationary": 1_234_567.8, "s2_electricity": 41_111_110.0},
        "biogenic": 2_345_678.9,
    },
    {
        "id": "j1",
        "section": "J",
        "cats": {"s1_mobile": 3_131_310.0, "s2_electricity": 5_252_520.0, "s3_c1": 1_717_170.0},
    },
    {
        "id": "j2",
        "section": "J",
        "cats": {"s1_mobile": 3_232_320.0, "s2_electricity": 5_353_530.0, "s3_c1": 1_818_180.0},
    },
    {
        "id": "j3",
        "section": "J",
        "cats": {"s1_mobile": 3_333_330.0, "s2_electricity": 5_454_540.0, "s3_c1": 1_919_190.0},
    },
    {"id": "kauppa", "section": "G", "cats": {"s2_electricity": 8_787_870.0, "s3_c1": 2_121_210.0}},
]
# g1 and g2 share sector G and category s3_c6; nobody else has either.
PAIR = [
    {
        "id": "g1",
        "section": "G",
        "cats": {"s2_electricity": 7_171_710.0, "s3_c6": 646_460.0, "s3_c1": 1_100_110.0},
    },
    {
        "id": "g2",
        "section": "G",
        "cats": {"s2_electricity": 7_272_720.0, "s3_c6": 757_570.0, "s3_c1": 1_200_220.0},
    },
    {"id": "j1", "section": "J", "cats": {"s2_electricity": 4_141_410.0, "s3_c1": 1_300_330.0}},
    {"id": "j2", "section": "J", "cats": {"s2_electricity": 4_242_420.0, "s3_c1": 1_400_440.0}},
    {"id": "j3", "section": "J", "cats": {"s2_electricity": 4_343_430.0, "s3_c1": 1_500_550.0}},
    {"id": "p1", "section": "P", "cats": {"s2_electricity": 6_161_610.0, "s3_c1": 1_600_660.0}},
    {"id": "p2", "section": "P", "cats": {"s2_electricity": 6_262_620.0, "s3_c1": 1_700_770.0}},
    {"id": "p3", "section": "P", "cats": {"s2_electricity": 6_363_630.0, "s3_c1": 1_800_880.0}},
]


def _total(p: dict) -> float:
    return sum(p["cats"].values())


def forbidden(network: list[dict]) -> dict[str, float]:
    """Every partner's own figures (totals, each category, biogenic) and the joint figures of SOLO/PAIR."""
    out = {}
    for p in network:
        out[f"{p['id']} total"] = _total(p)
        for cat, kg in p["cats"].items():
            out[f"{p['id']} {cat}"] = kg
        if p.get("biogenic"):
            out[f"{p['id']} biogenic"] = p["biogenic"]
    if network is SOLO:
        out["sector C"] = _total(SOLO[0])
        out["sector G"] = _total(SOLO[4])
        out["C + G (two partners)"] = _total(SOLO[0]) + _total(SOLO[4])
        out["scope 1 of saha+j's minus j's"] = 1_234_567.8
    else:
        out["sector G (two partners)"] = _total(PAIR[0]) + _total(PAIR[1])
        out["s3_c6 (two partners)"] = PAIR[0]["cats"]["s3_c6"] + PAIR[1]["cats"]["s3_c6"]
    return out


def public_html(root, lang: str, monkeypatch) -> str:
    report = NetworkReport.load(root, 2024, lang, "public")
    sections = ("header", "overview", "trend", "by_sector", "by_category", "distribution", "failures")
    return "\n".join(getattr(report, section)().html for section in sections)


def outputs(tmp_path, network, monkeypatch, public=True):
    partners, emissions = write_network(tmp_path, network)
    files = {}
    for lang in ("fi", "en"):
        files[f"html-{lang}"] = public_html(tmp_path, lang, monkeypatch) if public else ""
        xlsx = tmp_path / f"network-{lang}.xlsx"
        write_network_excel(xlsx, partners, emissions, public, lang)
        files[f"xlsx-{lang}"] = xlsx
    return files


def leaks(files, figures) -> list[str]:
    found = []
    for name, value in files.items():
        hits = workbook_leaks(value, figures) if name.startswith("xlsx") else text_leaks(value, figures)
        found += [f"{name}: {h}" for h in hits]
    return found


@pytest.mark.parametrize("network", [SOLO, PAIR], ids=["solo", "pair"])
def test_no_partner_figure_in_public_outputs(tmp_path, monkeypatch, network):
    files = outputs(tmp_path, network, monkeypatch)
    assert leaks(files, forbidden(network)) == []
    # what must be there is there: the network total, in the HTML and in the workbook
    total = rules.round_published(sum(_total(p) for p in network))
    # at its published precision (3 significant digits), without a decimal that looks more precise
    assert text_leaks(files["html-fi"], {"total": total}) == [f"total: {total / 1000:.0f}"]
    assert workbook_leaks(files["xlsx-fi"], {"total": total}) != []
    # the exact total is printed nowhere (two publications must not differ by exactly one partner)
    exact = sum(_total(p) for p in network)
    assert leaks(files, {"exact total": exact}) == []


def test_the_checks_would_see_a_leak(tmp_path, monkeypatch):
    """The coordinator's workbook names the figures the public one hides: the search finds them."""
    files = outputs(tmp_path, SOLO, monkeypatch, public=False)
    found = workbook_leaks(files["xlsx-fi"], forbidden(SOLO))
    assert "saha biogenic: cell value" in found and "sector C: cell value" in found


def test_threshold_two_would_show_a_count_of_two(tmp_path, monkeypatch):
    """Two partners: no figure passes the p %-rule, and the count of 2 is not given either."""
    write_network(tmp_path, PAIR[:2])
    html = public_html(tmp_path, "en", monkeypatch)
    assert "Partners reporting: fewer than 3 of 2 registered." in html
    assert "Partners reporting: 2" not in html
    monkeypatch.setattr(rules, "MIN_CONTRIBUTORS", 2)
    assert "Partners reporting: 2 of 2 registered." in public_html(tmp_path, "en", monkeypatch)


@pytest.mark.parametrize("network", [SOLO, PAIR], ids=["solo", "pair"])
def test_every_public_table_adds_up(tmp_path, monkeypatch, network):
    files = outputs(tmp_path, network, monkeypatch)
    total_t = sum(_total(p) for p in network) / 1000.0
    for lang, total_word in (("fi", "Yhteensä"), ("en", "Total")):
        tables = sheet_tables(
            files[f"xlsx-{lang}"], (total_word, "Yhteensä (markkinaperusteinen)", "Total (market-based)")
        )
        assert [name for name, *_ in tables] == (
            ["Yhteenveto", "Toimialat", "Luokat"] if lang == "fi" else ["Summary", "Sectors", "Categories"]
        )
        for name, values, total in tables:
            assert total == pytest.approx(rules.round_published(total_t), abs=1e-9), name
            # each row printed to 3 significant digits: the sum is off by at most their half units
            slack = half_unit(total) + sum(half_unit(v) for v in values)
            assert abs(sum(values) - total) <= slack + 1e-9, name
            assert all(v == rules.round_published(v) for v in values), name
        html_checked = 0
        totals = (total_word, "Yhteensä (markkinaperusteinen)", "Total (market-based)")
        for table in html_tables(files[f"html-{lang}"]):
            head, *rows = table
            labels = [r[1] if head[0] == "Scope" and len(head) > 2 else r[0] for r in rows]
            if "t CO2e" not in head or not set(labels) & set(totals):
                continue
            col = head.index("t CO2e")
            end = next(i for i, label in enumerate(labels) if label in totals)
            values = [parse_number(r[col], lang) for r in rows[:end]]
            total = parse_number(rows[end][col], lang)
            assert total == pytest.approx(rules.round_published(total_t), abs=1e-9)
            slack = half_unit(total) + sum(half_unit(v) for v in values)
            assert abs(sum(values) - total) <= slack + 1e-9
            html_checked += 1
        assert html_checked == 3  # scopes, sectors, categories


def test_withheld_texts_have_no_unit(tmp_path, monkeypatch):
    write_network(tmp_path, SOLO)
    html_fi = public_html(tmp_path, "fi", monkeypatch)
    assert (
        "Biogeeninen CO2 (raportoidaan erikseen, ei scopeissa): ei julkaista (alle 3 kumppania tai yksi hallitsee)."
        in html_fi
    )
    assert "kumppania) t" not in html_fi
    html_en = public_html(tmp_path, "en", monkeypatch)
    assert (
        "Biogenic CO2 (reported apart, outside the scopes): not published (under 3 partners or one dominates)."
        in html_en
    )


def test_small_groups_are_merged_not_dropped(tmp_path, monkeypatch):
    """SOLO: C and G (one partner each) merge; 'other' then has 2 partners, so J (3) joins it."""
    files = outputs(tmp_path, SOLO, monkeypatch)
    sectors = next(t for t in html_tables(files["html-fi"]) if t[0][0] == "Toimiala")
    assert [r[0] for r in sectors[1:]] == [
        "muut (ryhmät, joissa alle 3 kumppania tai yksi hallitsee)",
        "Yhteensä",
    ]
    assert sectors[1][1] == "5"
    # categories nest in the scopes: s1_stationary (saha alone) merges with the other Scope 1 rows
    cats = next(t for t in html_tables(files["html-en"]) if t[0][:2] == ["Scope", "Category"])
    other = [r for r in cats[1:] if r[1] == "other (groups under 3 partners or with one dominant partner)"]
    assert len(other) == 1 and other[0][0] == "1"
    scope1 = sum(p["cats"].get(c, 0.0) for p in SOLO for c in ("s1_stationary", "s1_mobile"))
    assert scope1 == 1_234_567.8 + 3_131_310.0 + 3_232_320.0 + 3_333_330.0
    assert parse_number(other[0][3], "en") == 10_900.0  # 10 931.5278 t to 3 significant digits


def test_secondary_suppression_rule():
    import pandas as pd

    contrib = pd.DataFrame(
        {
            "group": ["A", "A", "A", "B", "B", "B", "B", "C"],
            "partner": ["1", "2", "3", "4", "5", "6", "7", "8"],
            "kg": [10.0, 20.0, 30.0, 1.0, 2.0, 3.0, 4.0, 99.0],
        }
    )
    table = disclose_groups(contrib, public=True)
    # C (one partner) cannot stand alone; both A and B pass, A (3 contributors) joins "other"
    assert list(table.rows["group"]) == ["B", OTHER]
    assert list(table.rows["kg"]) == [10.0, 159.0]
    assert table.rows["kg"].sum() == table.total_kg == 169.0
    assert disclose_groups(contrib, public=False).rows["group"].tolist() == ["C", "A", "B"]


def test_public_workbook_prints_figures_at_their_published_precision(tmp_path):
    """783 t is shown as 783, not 783.0: a tonnes cell's format has exactly the figure's 3 digits."""
    import openpyxl

    from paastolaskuri.reporting.excel_network import published_format

    assert [published_format(v) for v in (783.0, 1980.0, 15.7, 0.523)] == [
        "#,##0",
        "#,##0",
        "#,##0.0",
        "#,##0.000",
    ]
    partners, emissions = write_network(tmp_path, PAIR)
    books = {}
    for public in (True, False):
        books[public] = write_network_excel(
            tmp_path / f"network-{public}.xlsx", partners, emissions, public, "fi"
        )
    formats = {}
    for ws in openpyxl.load_workbook(books[True]).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                fmt = re.sub(r"^\[\$-[0-9A-Fa-f]+\]", "", cell.number_format)  # the workbook's locale tag
                if isinstance(cell.value, (int, float)) and fmt.startswith("#,##0"):
                    formats[cell.value] = fmt
    # PAIR's market-based total is 58 967 540 kg: printed 59 000 t, no decimal
    assert formats[59_000.0] == "#,##0"
    assert "#,##0.0" not in formats.values()  # every public figure here is 3 digits with no decimal
    ws = openpyxl.load_workbook(books[False]).worksheets[0]  # the coordinator's: exact, one decimal
    assert "#,##0.0" in {
        re.sub(r"^\[\$-[0-9A-Fa-f]+\]", "", c.number_format) for row in ws.iter_rows() for c in row
    }
