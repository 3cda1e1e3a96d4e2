"""Issue 25's report sections on the hand-computed processed workspace of conftest.py.

Alfa 2023 -> 2024: light fuel oil 2000 -> 1000 l at the same factors (own 2.5 kg/l + WTT 0.62665 kg/l),
electricity 100 MWh at the same residual mix: total market 61 743.3 -> 58 616.65 kg, all activity
(-2 500 - 626.65 = -3 126.65 kg), no factor effect. Beta (28 995.66 kg) and Gamma (11 802.3 kg) joined
in 2024: membership +40 797.96 kg, network change +37 671.31 kg.
"""

from __future__ import annotations

from paastolaskuri.reporting.change_section import coverage_counts, read_boundary
from paastolaskuri.reporting.network_report import NetworkReport
from paastolaskuri.reporting.partner_report import PartnerReport

MARKET = "Total (market-based)"


def _row(table, label: str) -> dict:
    first = table.columns[0]
    return table[table[first] == label].iloc[0].to_dict()


def _number(s: str) -> float:
    return float(s.replace(",", "").replace("+", ""))


def test_partner_change_is_all_activity_by_hand(processed_ws):
    block = PartnerReport.load(processed_ws.root, 2024, "alfa", "en").change()
    row = _row(block.tables[0], MARKET)
    assert (row["2023"], row["2024"]) == ("61.7", "58.6")
    assert (row["Change, t"], row["Activity, t"], row["Emission factors, t"]) == ("-3.1", "-3.1", "0.0")
    assert len(block.figures) == 1  # the waterfall
    by_cat = block.tables[1]  # market basis: the oil line (-2 500 kg) and its WTT line (-626.65 kg)
    assert list(by_cat["Change, t"]) == ["-2.5", "-0.6"]
    assert list(by_cat["Emission factors, t"]) == ["0.0", "0.0"]
    assert "changed by -3.1 t CO2e from 2023: -3.1 t from changed activity and 0.0 t" in block.html
    # the factors cancel (drawn once for both years), but 100 MWh estimated (±30 %) each year does not
    assert (
        "The change is not larger than the uncertainty of the figures: its 95 % interval is -" in block.html
    )


def test_partner_without_last_year_says_so(processed_ws):
    block = PartnerReport.load(processed_ws.root, 2024, "beta", "fi").change()
    assert "Edellisen vuoden (2023) lukuja ei ole" in block.html and not block.figures


def test_partner_intervals_hold_the_totals(processed_ws):
    report = PartnerReport.load(processed_ws.root, 2024, "alfa", "en")
    table = report.uncertainty().tables[0]
    row = _row(table, MARKET)
    low, high = (_number(x) for x in row["95 % interval, t"].split(" … "))
    assert low < 58.6 < high
    assert len(table) == 7  # six totals and biogenic CO2


def test_network_change_has_a_membership_effect(processed_ws):
    block = NetworkReport.load(processed_ws.root, 2024, "en").change()
    row = _row(block.tables[0], MARKET)
    assert (row["Change, t"], row["Activity, t"], row["Emission factors, t"], row["Partners, t"]) == (
        "+37.7",
        "-3.1",
        "0.0",
        "+40.8",
    )


def test_public_network_change_is_not_split_when_two_partners_joined(processed_ws):
    block = NetworkReport.load(processed_ws.root, 2024, "en", "public").change()
    assert "The split of the change into its causes is not published" in block.html
    assert not block.tables and not block.figures


def test_boundary_flags_a_usually_material_category_and_coverage_counts(processed_ws):
    records = read_boundary(processed_ws, 2024, "alfa")
    assert {r["category"]: r["status"] for r in records}["s3_c3"] == "measured"  # the oil's WTT line
    block = PartnerReport.load(processed_ws.root, 2024, "alfa", "en").boundary()
    assert "Usually material for your sector but not included: 3.1 Purchased goods and services" in block.html
    counts = coverage_counts({s: read_boundary(processed_ws, 2024, s) for s in ("alfa", "beta", "gamma")})
    c3 = counts[counts["category"] == "s3_c3"].iloc[0]
    assert (c3["included"], c3["unstated"]) == (3, 0)
    public = NetworkReport.load(processed_ws.root, 2024, "en", "public").coverage().tables[0]
    assert _row(public, "3.1 Purchased goods and services")["Not stated"] == "3"


def test_run_writes_the_split_beside_the_processed_tables(processed_ws):
    import json

    import pandas as pd
    import pytest

    alfa = json.loads((processed_ws.partner_processed_dir(2024, "alfa") / "change.json").read_text("utf-8"))
    assert (alfa["from_year"], alfa["method"]) == (2023, "shapley-2")
    assert alfa["total_market"]["activity_effect"] == pytest.approx(-3126.65)
    assert alfa["total_market"]["factor_effect"] == 0.0
    assert not (processed_ws.partner_processed_dir(2024, "beta") / "change.json").exists()  # no 2023
    assert not (processed_ws.processed_dir(2023) / "change.csv").exists()
    table = pd.read_csv(processed_ws.processed_dir(2024) / "change.csv")
    market = table[table["basis"] == "market"]
    assert market["membership_effect"].sum() == pytest.approx(28995.66 + 11802.3)
    assert market["change"].sum() == pytest.approx(37671.31)


def _lines(pid: str, litres: float, kg_per_l: float = 2.5):
    import pandas as pd

    return pd.DataFrame(
        [
            {"partner_id": pid, "activity": "diesel", "unit": "l", "basis": "direct", "scope": 1,
             "category": "s1_mobile", "quantity": litres, "kg_co2e": litres * kg_per_l, "kg_co2_biogenic": 0.0}
        ]
    )  # fmt: skip


def test_public_split_needs_every_effect_publishable():
    import pandas as pd

    from paastolaskuri.reporting.change_section import _publishable_effects

    old = pd.concat([_lines(p, 1000) for p in "abcd"], ignore_index=True)
    # four partners each 10 % less: activity effects -250 kg each, no factor effect, nobody joined
    even = pd.concat([_lines(p, 900) for p in "abcd"], ignore_index=True)
    assert _publishable_effects(old, even)
    # one partner's change dominates the activity effect (p %-rule): not publishable
    lopsided = pd.concat([_lines("a", 100), *(_lines(p, 999) for p in "bcd")], ignore_index=True)
    assert not _publishable_effects(old, lopsided)


def _oil(pid: str, litres: float, category: str):
    frame = _lines(pid, litres)
    return frame.assign(activity=f"oil_{category}", category=category)


def test_membership_effect_of_one_joining_partner_is_withheld():
    import pandas as pd

    from paastolaskuri.reporting.change_section import _publishable_effects

    old = pd.concat([_lines(p, 1000) for p in "abcd"], ignore_index=True)
    even = [_lines(p, 900) for p in "abcd"]
    # e joins alone: the membership effect (+5 000 kg) is e's whole total, so the split is withheld
    # (the activity effects, -100 l x 2.5 = -250 kg each, would pass on their own)
    assert not _publishable_effects(old, pd.concat([*even, _lines("e", 2000)], ignore_index=True))
    # three partners of alike size join: membership +3 750 kg from 3 contributors, none dominant
    joined = [_lines(p, 500) for p in "efg"]
    assert _publishable_effects(old, pd.concat([*even, *joined], ignore_index=True))


def test_public_change_by_category_prints_only_publishable_rows():
    import pandas as pd

    from paastolaskuri.reporting.change_section import category_change_rows, public_categories

    old = pd.concat([_lines(p, 1000) for p in "abcd"], ignore_index=True)
    # every partner 1000 -> 900 l of diesel (s1_mobile: -250 kg each, 4 contributors, none dominant)
    new = [_lines(p, 900) for p in "abcd"]
    assert public_categories(old, pd.concat(new, ignore_index=True)) == frozenset({(1, "s1_mobile")})
    # a alone adds 20 l of oil in s1_stationary (+50 kg): that row is one partner's, and the rows
    # withheld (only it) would be the total minus the printed ones: nothing is printed
    lone = [*new, _oil("a", 20, "s1_stationary")]
    assert public_categories(old, pd.concat(lone, ignore_index=True)) is None
    # a adds 20 l in s1_stationary, b and c 20 l each in s1_process: both rows withheld (1 and 2
    # partners), but together they are a, b, c at +50 kg each: publishable, so s1_mobile is printed
    spread = [*new, _oil("a", 20, "s1_stationary"), _oil("b", 20, "s1_process"), _oil("c", 20, "s1_process")]
    old_new = pd.concat(spread, ignore_index=True)
    shown = public_categories(old, old_new)
    assert shown == frozenset({(1, "s1_mobile")})

    from paastolaskuri.accounting.change import decompose_network

    d = decompose_network(old, old_new, 2023, 2024)
    table = category_change_rows(d, "en", shown=shown)
    by_cat = {r["Category"]: r for r in table.to_dict("records")}
    assert len(by_cat) == 3
    mobile = by_cat["Own vehicles and machinery"]  # 4 x -250 kg, 3 significant digits
    assert (mobile["Change, t"], mobile["Activity, t"], mobile["Emission factors, t"]) == (
        "-1.00",
        "-1.00",
        "0",
    )
    for label in ("Stationary combustion (heating and own energy production)", "Process emissions"):
        assert set(by_cat[label].values()) - {label} == {"not published (under 3 partners or one dominates)"}


def test_waterfall_labels_wrap_under_their_bars():
    # "Kumppanit tulivat / lähtivät" ran into "Päästökertoimet" on one line (the network report)
    from paastolaskuri.reporting.change_section import waterfall

    steps = [("Toiminnan määrä", -100.0), ("Päästökertoimet", 20.0), ("Kumppanit tulivat / lähtivät", 50.0)]
    fig = waterfall(("2023", 1000.0), steps, ("2024", 970.0), "fi")
    labels = [tick.get_text() for tick in fig.axes[0].get_xticklabels()]
    assert labels == ["2023", "Toiminnan\nmäärä", "Päästökertoimet", "Kumppanit\ntulivat /\nlähtivät", "2024"]
