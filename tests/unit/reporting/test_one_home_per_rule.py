"""Issue 9, item 2: each shared rule has one definition; a test per rule on a small in-memory fixture.

totals by category (Scope 2 on one basis), intensities, the peer-group lookup, scope colours and
the audience suffix of report names. Every module of lib/ outside the rules' homes is also read as
source (issue 24): none may hold its own copy of the Scope 2 mask, the market/location total
formula or the intensity list.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.colors import to_rgba

import paastolaskuri
from paastolaskuri.accounting.calculation import (
    basis_totals,
    lines_on_basis,
    on_basis,
    scope2_on_basis,
    scope_masks,
    summarise_totals,
    totals_by_category,
    uses_set_factor,
)
from paastolaskuri.accounting.metrics import (
    INTENSITIES,
    INTENSITY_COLUMNS,
    SIZE_FIELDS,
    intensities,
    intensity_array,
    intensity_value,
)
from paastolaskuri.core.workspace import Workspace, audience_suffix
from paastolaskuri.disclosure.peers import PeerGroup, Quartiles, peer_group
from paastolaskuri.reporting import charts, glance, network_parts, partner_parts
from paastolaskuri.reporting.excel_summary import _category_table
from paastolaskuri.reporting.network_tables import category_table, scope_table
from paastolaskuri.run.manifest import NETWORK_KEYS, network_key

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
    "overall": {"t_per_fte": {"n": 12, "q1": 1.0, "median": 2.0, "q3": 3.0}},
    "sections": {
        "C": {"t_per_fte": {"n": 3}},
        "G": {"t_per_fte": {"n": 2}},  # under the threshold: no group
    },
}
POSITIONS = {"t_per_fte": {"column": "t_per_fte", "section": "C", "n": 3, "position": "upper"}}


def test_peer_group_is_the_sector_when_big_enough_else_the_network():
    network = PeerGroup("t_per_fte", "", 12, Quartiles(1.0, 2.0, 3.0))
    assert peer_group(STATS, "C", "t_per_fte") == PeerGroup("t_per_fte", "C", 3, None)
    assert peer_group(STATS, "G", "t_per_fte") == network
    assert peer_group(STATS, "", "t_per_fte") == network
    assert peer_group(STATS, "C", "kg_per_m2") is None
    assert peer_group({}, "C", "t_per_fte") is None
    # the glance and the comparison table both follow it: sector C, the partner's own position
    rows, group = partner_parts.comparison_rows({"t_per_fte": 5.5}, "C", STATS, POSITIONS, "en")
    assert group.section == "C" and rows.to_numpy().tolist() == [
        ["t CO2e per FTE", "5.50", "in the highest third of the group"]
    ]
    item = partner_parts.peer_item({"t_per_fte": 5.5}, {"employees_fte": 10}, "C", STATS, POSITIONS, "en")
    assert item == "Intensity 5.50 t CO2e per FTE: in the highest third of the group (3 partners)."
    # a partner in G is compared with the network of 12, which has (rounded) quartiles
    in_g = {"t_per_fte": {"column": "t_per_fte", "section": "", "n": 12, "position": "lower"}}
    item = partner_parts.peer_item({"t_per_fte": 0.5}, {"employees_fte": 10}, "G", STATS, in_g, "en")
    assert item == "Intensity 0.50 t CO2e per FTE: in the lowest third of the group (median 2, 12 partners)."


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


def test_scope2_masks_and_basis_totals():
    """The masks behind every total: 8 lines, Scope 2 on two bases (see EMISSIONS)."""
    assert on_basis(EMISSIONS, "market").tolist() == [True, False, True, True, False, True, False, True]
    assert on_basis(EMISSIONS, "location").tolist() == [True, True, False, True, True, False, True, False]
    assert scope2_on_basis(EMISSIONS, "market").tolist() == [
        False,
        False,
        True,
        False,
        False,
        True,
        False,
        True,
    ]
    masks = scope_masks(EMISSIONS)
    assert {k: EMISSIONS["kg_co2e"][m].sum() for k, m in masks.items()} == {
        "scope1": 100.0,
        "scope2_location": 65.0,  # 40 + 20 + 5
        "scope2_market": 455.0,  # 300 + 150 + 5
        "scope3": 10.0,
    }
    assert basis_totals(
        {"scope1": 100.0, "scope2_location": 65.0, "scope2_market": 455.0, "scope3": 10.0}
    ) == {
        "total_location": 175.0,
        "total_market": 565.0,
    }
    totals = summarise_totals(EMISSIONS.assign(kg_co2_biogenic=[0.0] * 7 + [2.5]))
    assert totals == {
        "scope1": 100.0,
        "scope2_location": 65.0,
        "scope2_market": 455.0,
        "scope3": 10.0,
        "biogenic_co2": 2.5,
        "total_location": 175.0,
        "total_market": 565.0,
    }


def test_set_factor_mask_and_the_residual_mix_sentence_share_the_factor_id_markers():
    """own factor, GO contract and no factor are not the set's; the glance reads the same mask."""
    em = EMISSIONS.assign(factor_id=["s1", "grid", "residual", "wtt", "grid", "own", "heat", "contract:go"])
    assert uses_set_factor(em).tolist() == [True, True, True, True, True, False, True, False]
    assert uses_set_factor(em.assign(factor_id="")).tolist() == [False] * 8
    # partner a's market-based electricity uses the set's residual mix; b's is an own factor
    assert glance.uses_residual_mix(em.iloc[[2]]) is True
    assert glance.uses_residual_mix(em.iloc[[1, 5]]) is False  # location basis, own factor


def test_partner_table_shows_every_intensity_with_its_decimals():
    partners = pd.DataFrame(
        {"name": ["A"], "sector": ["C"], "kg_total_market": [12_000.0], "t_per_fte": [3.0],
         "kg_per_m2": [48.04], "t_per_meur": [24.0]}
    )  # fmt: skip
    table = network_parts.partner_rows(partners, "en")
    assert table.iloc[0].tolist()[-3:] == ["3.00", "48.0", "24.00"]  # decimals 2, 1, 2 (Intensity.decimals)
    assert [i.decimals for i in INTENSITIES] == [2, 1, 2]


def test_intensity_array_is_intensity_value_over_columns():
    kg = [12_000.0, 12_000.0, 12_000.0]
    assert INTENSITY_COLUMNS == ("t_per_fte", "kg_per_m2", "t_per_meur")
    assert SIZE_FIELDS == ("employees_fte", "floor_area_m2", "revenue_eur")
    # 12 t / 4 FTE; no FTE given; 0 FTE (no intensity rather than infinity)
    got = intensity_array(kg, [4.0, float("nan"), 0.0], "per_fte").tolist()
    assert got[0] == 3.0 and got[1] != got[1] and got[2] != got[2]
    assert intensity_array(kg, [500_000.0] * 3, "per_meur").tolist() == [24.0, 24.0, 24.0]


# --- no copy of a rule in the stages built on accounting -------------------------------------------
PACKAGE = Path(paastolaskuri.__file__).parent
# the rules' homes: the masks and totals (calculation), the intensity list (metrics), and the
# coefficient table, whose factor rows (not emission lines) carry a basis of their own
RULE_HOMES = ("accounting/calculation.py", "accounting/coefficients.py", "accounting/metrics.py")
INTENSITY_NAMES = {i.column for i in INTENSITIES} | {i.metric for i in INTENSITIES}


def _root(node: ast.AST) -> ast.AST:
    """The expression a method chain starts from: ``em["basis"].astype(str).to_numpy()`` -> ``em["basis"]``."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        node = node.func.value
    return node


def _column(node: ast.AST) -> str | None:
    """The column a subscript reads (``em["scope"]`` -> "scope"), else None."""
    node = _root(node)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return node.slice.value
    return None


def _label(node: ast.AST) -> str | None:
    """A column, an attribute or a plain name (``em["scope1"]``, ``fp.scope1``, ``scope1``)."""
    node = _root(node)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return _column(node)


def _compare_copy(node: ast.Compare) -> str | None:
    sides = [node.left, *node.comparators]
    constants = {s.value for s in sides if isinstance(s, ast.Constant)}
    if 2 in constants and "scope" in {_column(s) for s in sides}:
        return "Scope 2 mask"
    basis = {_column(s) for s in sides} | {_label(s) for s in sides}
    if "basis" in basis and constants & {"market", "location"}:
        return "basis mask"
    return None


def _addends(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _addends(node.left) + _addends(node.right)
    return [node]


def rule_copies(source: str) -> list[str]:
    """Where `source` re-implements the Scope 2 mask, a basis total or the intensity list ("line N: what")."""
    found = []
    for node in ast.walk(ast.parse(source)):
        what = None
        if isinstance(node, ast.Compare):
            what = _compare_copy(node)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            labels = " ".join(str(_label(a)) for a in _addends(node))
            what = (
                "basis total" if "scope1" in labels and "scope2_" in labels and "scope3" in labels else None
            )
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            right = node.right.left if isinstance(node.right, ast.BinOp) else node.right
            what = "intensity formula" if _column(right) in SIZE_FIELDS else None
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            named = {i.value for i in items if isinstance(i, ast.Constant)} & INTENSITY_NAMES
            what = "intensity list" if len(named) >= 2 else None
        if what:
            found.append(f"line {node.lineno}: {what}")
    return sorted(set(found), key=lambda f: (int(f.split()[1].rstrip(":")), f))


def test_rule_copies_recognises_the_removed_copies():
    """The copies removed from research, actions and commitments, verbatim: each one is found."""
    removed = {
        'scope2 = emissions["scope"].to_numpy() == 2': ["line 1: Scope 2 mask"],
        'm = (~scope2) | (basis == "market")': ["line 1: basis mask"],
        'np.where((scope == 2) & (basis == "location"), kg, 0.0)': ["line 1: basis mask"],
        'total((em["scope"] == 2) & (em["basis"] == "market"))': [
            "line 1: Scope 2 mask",
            "line 1: basis mask",
        ],
        'market = lines[lines["basis"] == "market"]': ["line 1: basis mask"],
        'e = fp.emissions[fp.emissions["basis"] != "location"]': ["line 1: basis mask"],
        't["kg_total_market"] = t["kg_scope1"] + t["kg_scope2_market"] + t["kg_scope3"]': [
            "line 1: basis total"
        ],
        "x = fp.scope1 + fp.scope2_market + fp.scope3": ["line 1: basis total"],
        'INTENSITIES = ("t_per_fte", "kg_per_m2", "t_per_meur")': ["line 1: intensity list"],
        'UNITS = {"absolute": "t CO2e", "per_fte": "t CO2e/FTE", "per_m2": "kg CO2e/m²"}': [
            "line 1: intensity list"
        ],
        'out["t_per_fte"] = out["kg_total_market"] / 1000 / out["employees_fte"]': [
            "line 1: intensity formula"
        ],
        'out["t_per_meur"] = out["kg_total_market"] / 1000 / (out["revenue_eur"] / 1e6)': [
            "line 1: intensity formula"
        ],
    }
    assert {code: rule_copies(code) for code in removed} == removed
    # what the stages may still do: call the home functions, compare other scopes, read a column
    allowed = 'm = on_basis(em, "market")\nrow = 7 if scope != 2 else 8\nx = fp.scope1 + fp.scope2_market\n'
    assert rule_copies(allowed) == []


def test_no_module_outside_the_homes_copies_a_rule():
    """All of lib/ (issue 24): reporting's glance once built its own market-basis mask."""
    modules = sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).as_posix() not in RULE_HOMES)
    assert len(modules) > 120
    copies = {str(p.relative_to(PACKAGE)): rule_copies(p.read_text(encoding="utf-8")) for p in modules}
    assert {m: found for m, found in copies.items() if found} == {}


def test_research_export_describes_every_intensity():
    """The research microdata band every intensity of accounting (`<column>_band`); the dictionary has each."""
    from paastolaskuri.research.schema import PARTNER_YEARS

    banded = [c.removesuffix("_band") for c in PARTNER_YEARS.names if c.endswith("_band")]
    assert [c for c in banded if c in INTENSITY_COLUMNS] == list(INTENSITY_COLUMNS)
