"""The default export's aggregate tables: thresholds, the p %-rule, secondary suppression, rounding, medians.

Every expected figure is computed by hand from the partners written in `network.py` (x = a
partner's size in kg: Scope 1 x, Scope 2 market x and location x/2, Scope 3 x).
"""

import json

import pandas as pd
from network import partner, standard_lines, write_year

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.research.aggregate import category_totals, group_totals
from paastolaskuri.research.package import export_research
from paastolaskuri.research.tables import load_processed

YEAR = 2024


def _groups(root) -> pd.DataFrame:
    out = root.parent / "pkg"
    export_research(root, [YEAR], out)
    return pd.read_csv(out / "group_totals.csv", dtype={"sector_group": str, "fte_band": str})


def _rows(frame: pd.DataFrame) -> dict:
    return {
        (r.sector_group, r.fte_band): (r.partners, r.t_scope1, r.t_scope2_location, r.t_total_market)
        for r in frame.itertuples()
    }


def test_a_group_of_two_is_merged_with_the_smallest_group_and_rows_add_up(tmp_path):
    # A-F/10-49: 10, 11, 12 t; G-I/10-49: 20, 21, 22 t; J-N/10-49: 5, 6 t (two partners only)
    partners = [partner(f"c{i}", "C", x=x * 1000) for i, x in enumerate((10, 11, 12))]
    partners += [partner(f"g{i}", "G", x=x * 1000) for i, x in enumerate((20, 21, 22))]
    partners += [partner(f"j{i}", "J", x=x * 1000) for i, x in enumerate((5, 6))]
    write_year(tmp_path / "ws", YEAR, partners)
    rows = _rows(_groups(tmp_path / "ws"))
    # J-N alone would be 2 partners; the merged row would still be 2, so A-F (fewest contributors, then
    # the smaller amount: 33 t against 63 t) joins it: 10+11+12+5+6 = 44 t per measure
    assert rows == {
        ("G-I", "10-49"): (3, 63.0, 31.5, 189.0),
        ("other", "other"): (5, 44.0, 22.0, 132.0),
        ("all", "all"): (8, 107.0, 53.5, 321.0),
    }


def test_a_dominated_group_fails_the_p_percent_rule(tmp_path):
    # A-F: 100, 9.5, 1 t: the rest (1) plus nothing is under 10 % of 100 once the second (9.5) is known
    partners = [partner(f"c{i}", "C", x=x * 1000) for i, x in enumerate((100, 9.5, 1))]
    partners += [partner(f"g{i}", "G", x=x * 1000) for i, x in enumerate((20, 21, 22))]
    partners += [partner(f"j{i}", "J", x=x * 1000) for i, x in enumerate((30, 31, 32))]
    write_year(tmp_path / "ws", YEAR, partners)
    rows = _rows(_groups(tmp_path / "ws"))
    assert set(rows) == {("J-N", "10-49"), ("other", "other"), ("all", "all")}
    assert rows[("other", "other")][0] == 6  # A-F merged with G-I, the smaller of the two others


def test_p_percent_boundary_nine_and_a_half_percent_is_sensitive(tmp_path):
    # A-F: 100, 50, 9.5 t: the rest after the two largest is 9.5 % of the largest: under p = 10, sensitive;
    # at p = 9 it would pass and A-F would be published
    partners = [partner(f"c{i}", "C", x=x * 1000) for i, x in enumerate((100, 50, 9.5))]
    partners += [partner(f"g{i}", "G", x=x * 1000) for i, x in enumerate((20, 21, 22))]
    partners += [partner(f"j{i}", "J", x=x * 1000) for i, x in enumerate((30, 31, 32))]
    write_year(tmp_path / "ws", YEAR, partners)
    assert ("A-F", "10-49") not in _rows(_groups(tmp_path / "ws"))


def test_three_partners_are_enough_and_a_median_needs_ten(tmp_path):
    # A-F/10-49: 10 partners of 1..10 t; G-I/10-49: 9 partners of 1..9 t; J-N/10-49: exactly 3
    partners = [partner(f"c{i}", "C", x=i * 1000) for i in range(1, 11)]
    partners += [partner(f"g{i}", "G", x=i * 1000) for i in range(1, 10)]
    partners += [partner(f"j{i}", "J", x=x * 1000) for i, x in enumerate((4, 5, 6))]
    write_year(tmp_path / "ws", YEAR, partners)
    groups = _groups(tmp_path / "ws").set_index(["sector_group", "fte_band"])
    assert list(groups.index) == [("A-F", "10-49"), ("G-I", "10-49"), ("J-N", "10-49"), ("all", "all")]
    assert groups.loc[("J-N", "10-49"), "partners"] == 3
    # market totals 3x: the median of 3, 6, ..., 30 is (15 + 18) / 2
    assert groups.loc[("A-F", "10-49"), "median_t_total_market"] == 16.5
    assert pd.isna(groups.loc[("G-I", "10-49"), "median_t_total_market"])  # 9 partners: no median
    # the 22 sizes sorted: 1,1,2,2,3,3,4,4,4,5,5,5,6,...: the 11th and 12th are 5 and 5, so 3 * 5 t
    assert groups.loc[("all", "all"), "median_t_total_market"] == 15.0


def test_a_measure_with_two_contributors_is_withheld_with_its_totals(tmp_path):
    lines_without_scope1 = [line for line in standard_lines(10_000) if line[0] != 1]
    partners = [partner("a", x=10_000), partner("b", x=11_000)]
    partners += [partner(p, lines=lines_without_scope1) for p in ("c", "d", "e")]
    write_year(tmp_path / "ws", YEAR, partners)
    total = _groups(tmp_path / "ws").set_index(["sector_group", "fte_band"]).loc[("all", "all")]
    assert pd.isna(total["t_scope1"])  # only a and b have Scope 1
    assert pd.isna(total["t_total_location"]) and pd.isna(total["t_total_market"])  # else total - 2 - 3 = 1
    # the public report merges Scope 1 with the published scope of fewest contributors, then the
    # smallest amount, then the first by name: Scope 2 (5 partners, 51 t, as Scope 3), so Scope 2
    # is withheld here too (else public "Scope 1 + Scope 2" - Scope 2 = Scope 1); Scope 3 is printed
    assert pd.isna(total["t_scope2_market"]) and pd.isna(total["t_scope2_location"])
    assert total["t_scope3"] == 51.0  # 10+11+3*10 t
    categories = category_totals(load_processed(Workspace.at(tmp_path / "ws"), [YEAR]).emissions)
    scope1 = categories[categories["scope"] == 1]
    assert scope1["t_co2e_market"].isna().all() and scope1["t_co2e_location"].isna().all()


def test_released_total_equals_the_computed_one_at_three_significant_digits(tmp_path):
    # 123 456.7 + 234 567.8 + 345 678.9 kg per measure = 703 703.4 kg = 703.7034 t -> 704 t
    partners = [partner(p, x=x) for p, x in (("a", 123_456.7), ("b", 234_567.8), ("c", 345_678.9))]
    write_year(tmp_path / "ws", YEAR, partners)
    total = _groups(tmp_path / "ws").set_index(["sector_group", "fte_band"]).loc[("all", "all")]
    assert total["t_scope1"] == 704.0  # 2 digits would give 700
    assert total["t_scope2_location"] == 352.0  # 351.8517 t
    assert total["t_total_market"] == 2110.0  # 2111.1102 t
    readme = (tmp_path / "pkg" / "README.md").read_text(encoding="utf-8")
    assert "rounded to 3 significant digits" in readme


def test_guarantees_of_origin_show_as_different_location_and_market_columns(tmp_path):
    go = [(2, "s2_electricity", "market", 0.0), (2, "s2_electricity", "location", 7_000.0)]
    partners = [partner(p, x=x) for p, x in (("a", 10_000), ("b", 12_000), ("c", 14_000))]
    partners.append(
        partner("go", lines=[(1, "s1_mobile", "direct", 9_000.0), *go, (3, "s3_c1", "direct", 9_000.0)])
    )
    write_year(tmp_path / "ws", YEAR, partners)
    emissions = load_processed(Workspace.at(tmp_path / "ws"), [YEAR]).emissions
    electricity = category_totals(emissions).set_index(["scope", "category"]).loc[(2, "s2_electricity")]
    assert electricity["t_co2e_market"] == 36.0  # 10 + 12 + 14 + 0
    assert electricity["t_co2e_location"] == 25.0  # 5 + 6 + 7 + 7


def test_rows_add_up_to_their_totals_within_rounding(tmp_path):
    sizes = {"C": (1234.5, 2345.6, 3456.7), "G": (4567.8, 5678.9, 6789.1), "J": (987.6, 876.5)}
    partners = [partner(f"{s}{i}", s, x=x) for s, xs in sizes.items() for i, x in enumerate(xs)]
    write_year(tmp_path / "ws", YEAR, partners)
    groups = _groups(tmp_path / "ws")
    parts, total = groups[groups["sector_group"] != "all"], groups[groups["sector_group"] == "all"].iloc[0]
    assert len(parts) == 2  # G-I, and other (A-F with J-N)
    for column in ("t_scope1", "t_scope2_location", "t_scope2_market", "t_scope3", "t_total_market"):
        # each figure is within half a unit of its third significant digit of the exact sum
        slack = sum(0.5 * 10 ** (len(str(int(v))) - 3) for v in [*parts[column], total[column]])
        assert abs(parts[column].sum() - total[column]) <= slack, column
    emissions = load_processed(Workspace.at(tmp_path / "ws"), [YEAR]).emissions
    categories = category_totals(emissions)
    for scope, rows in categories.groupby("scope"):
        whole = rows[rows["category"] == "all"]["t_co2e_market"].iloc[0]
        column = {1: "t_scope1", 2: "t_scope2_market", 3: "t_scope3"}[scope]
        assert whole == total[column]  # the category table's scope total is the group table's


def test_group_table_alone_from_processed_rows():
    frame = pd.DataFrame(
        {
            "year": [YEAR] * 3,
            "partner_id": ["a", "b", "c"],
            "section": ["C", "C", "C"],
            "employees_fte": [5.0, 6.0, 7.0],
            **{
                f"kg_{m}": [1000.0, 2000.0, 3000.0]
                for m in ("scope1", "scope2_location", "scope2_market", "scope3")
            },
            "kg_total_location": [3000.0, 6000.0, 9000.0],
            "kg_total_market": [3000.0, 6000.0, 9000.0],
        }
    )
    table = group_totals(frame)
    assert table[["sector_group", "fte_band", "partners", "t_total_market"]].to_numpy().tolist() == [
        ["A-F", "0-9", 3, 18.0],
        ["all", "all", 3, 18.0],
    ]


def test_a_year_is_withheld_when_the_partners_left_out_would_be_its_difference(tmp_path):
    # public figures cover all 5, the research tables the consenting 4: public - research = "x"'s own
    partners = [partner(p, x=10_000) for p in ("a", "b", "c", "d")] + [partner("x", research_use=False)]
    write_year(tmp_path / "ws", YEAR, partners)
    assert _groups(tmp_path / "ws").empty
    meta = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["disclosure_control"]["years_withheld_for_the_partners_left_out"] == [YEAR]


def test_partners_left_out_who_form_a_publishable_cell_keep_the_year(tmp_path):
    ids = ("a", "b", "c", "d")
    partners = [partner(p, x=10_000) for p in ids]
    partners += [partner(p, x=10_000, research_use=False) for p in ("x", "y", "z")]
    write_year(tmp_path / "ws", YEAR, partners)
    total = _groups(tmp_path / "ws").set_index(["sector_group", "fte_band"]).loc[("all", "all")]
    assert total["partners"] == 4 and total["t_scope3"] == 40.0  # the four consenting, 4 x 10 t


def test_one_secondary_suppression_serves_the_network_tables_and_the_research_ones(tmp_path, monkeypatch):
    """`disclosure.tables.complete_other` is the research tables' loop too: switched off, the merged row
    of the first test above is J-N alone (2 partners, 11 t), refused by the rules yet printed."""
    from paastolaskuri.disclosure import tables
    from paastolaskuri.research import joint_audit

    partners = [partner(f"c{i}", "C", x=x * 1000) for i, x in enumerate((10, 11, 12))]
    partners += [partner(f"g{i}", "G", x=x * 1000) for i, x in enumerate((20, 21, 22))]
    partners += [partner(f"j{i}", "J", x=x * 1000) for i, x in enumerate((5, 6))]
    write_year(tmp_path / "ws", YEAR, partners)
    monkeypatch.setattr(tables, "complete_other", lambda other, published, merged: None)
    # the joint audit with the public report would withhold the year's groups: off here, to see the loop
    monkeypatch.setattr(joint_audit, "audit_year", lambda *args: (0, None))
    n, *figures = _rows(_groups(tmp_path / "ws"))[("other", "other")]
    assert pd.isna(n) and figures == [11.0, 5.5, 33.0]  # a count of 2 is not shown; its sums are


def test_the_aggregate_export_reads_the_processed_tables_once(tmp_path, monkeypatch):
    from paastolaskuri.research import tables as research_tables

    write_year(tmp_path / "ws", YEAR, [partner(f"c{i}", "C", x=x * 1000) for i, x in enumerate((10, 11, 12))])
    calls = []
    real = research_tables.load_processed
    monkeypatch.setattr(
        research_tables, "load_processed", lambda ws, years: calls.append(years) or real(ws, years)
    )
    export_research(tmp_path / "ws", [YEAR], tmp_path / "pkg")
    assert calls == [[YEAR]]
