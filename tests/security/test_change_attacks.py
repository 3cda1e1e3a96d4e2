"""Attacks on issue 25's public figures: the change split, the 95 % intervals, the boundary coverage.

These figures are published with 3 significant digits, which the number-matching attacks of
attacks.py do not try (README.md, "What the suite does not see"). Here the attacker reads the
public sections' own tables, so every published figure is known with its meaning (which total or
category, which effect), and compares it with the partner figure it would reveal:

- an effect of a total or a category (activity, factor, membership, change) that gives one
  partner's own effect in that cell away within ±p % to an insider: a cell of one or two partners,
  or the second largest contributor subtracting its own (attacks.dominance, on signed effects);
- the membership effect within ±p % of the total of one partner that joined or left;
- the change's start (last year's total) differing from last year's published total: the
  difference would be a partner that was in one publication and not the other;
- an interval end within ±p % of one partner's own total when that partner is most of the cell;
- a coverage count of 1 or 2 partners.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from attacks import Recovered, within
from networks import Truth, process_year

from paastolaskuri.accounting.calculation import on_basis
from paastolaskuri.core.i18n import text
from paastolaskuri.disclosure import rules
from paastolaskuri.reporting.change_section import partner_effects
from paastolaskuri.reporting.network_report import NetworkReport
from paastolaskuri.reporting.presentation import category_label
from paastolaskuri.reporting.report_texts import t

YEAR = 2024
LANG = "en"
EFFECT_COLUMNS = {
    "col_change": "change",
    "col_activity_effect": "activity_effect",
    "col_factor_effect": "factor_effect",
    "col_membership_effect": "membership",
}


def _tonnes(cell: str) -> float | None:
    """A published t CO2e figure ("+1,230", "-0.523") in kg, or None for a withheld mark."""
    s = str(cell).replace(",", "").replace("+", "").replace("−", "-").strip()
    try:
        return 1000.0 * float(s)
    except ValueError:
        return None


def _published_effects(block) -> list[tuple[str, str, float]]:
    """(cell, effect column, kg) of every figure of the change section's tables (totals and categories)."""
    out = []
    for table in block.tables:
        first = table.columns[0]
        for _, row in table.iterrows():
            for key, column in EFFECT_COLUMNS.items():
                label = t(key, LANG)
                if label in table.columns and (kg := _tonnes(row[label])) is not None:
                    out.append((str(row[first]), column, kg))
    return out


def _cells(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each published cell's label -> its per-partner effects (market basis): the totals and categories."""
    eff = partner_effects(old, new)
    market = eff[on_basis(eff, "market")]
    columns = list(EFFECT_COLUMNS.values())
    cells = {text("label.total.total_market", LANG): market.groupby("partner_id")[columns].sum()}
    for category, rows in market.groupby("category"):
        cells[category_label(str(category), LANG)] = rows.groupby("partner_id")[columns].sum()
    return cells


def _insider_estimates(own: pd.Series, published: float) -> list[tuple[str, float, str]]:
    """(partner, estimate, how) an insider of the cell gets: one or two contributors, or the second largest.

    As attacks.dominance: the second largest (by magnitude) subtracts its own amount from the cell
    to estimate the largest; in a cell of two, each subtracts its own to get the other; a cell of one
    is its partner's figure. That many signed contributions happen to add up near one partner's
    (the others cancel) is no leak: nobody can know that they cancelled.
    """
    parts = own[own != 0]
    ranked = parts.reindex(parts.abs().sort_values(ascending=False).index)
    if len(ranked) == 1:
        return [(str(ranked.index[0]), published, "a cell of one")]
    if len(ranked) == 2:
        (a, xa), (b, xb) = ranked.items()
        return [
            (str(a), published - xb, f"{b} subtracts its own"),
            (str(b), published - xa, f"{a} subtracts its own"),
        ]
    (largest, _), (second, x2) = list(ranked.items())[:2]
    return [(str(largest), published - x2, f"{second} subtracts its own")] if len(ranked) else []


def effect_attack(block, truth: Truth, year: int) -> list[Recovered]:
    """Published effects that give a partner's own effect in that cell away to an insider, within ±p %."""
    old = truth.emissions[truth.emissions["year"] == year - 1]
    new = truth.emissions[truth.emissions["year"] == year]
    cells = _cells(old.astype({"partner_id": str}), new.astype({"partner_id": str}))
    found = []
    for label, column, kg in _published_effects(block):
        per_partner = cells.get(label)
        if per_partner is None or not kg:
            continue
        own = per_partner[column]
        for partner, estimate, how in _insider_estimates(own, kg):
            true = float(own[partner])
            if within(estimate, true):
                found.append(Recovered(partner, year, f"{column} {label}", true, estimate, how))
    return found


def membership_attack(block, truth: Truth, year: int) -> list[Recovered]:
    """The published membership effect within ±p % of a joining partner's total (or a leaving one's)."""
    before = set(truth.year(year - 1)["partner_id"].astype(str))
    now = truth.year(year)
    after = set(now["partner_id"].astype(str))
    totals = {
        **{p: -float(v) for p, v in truth.year(year - 1).set_index("partner_id")["kg_total_market"].items()},
        **{p: float(v) for p, v in now.set_index("partner_id")["kg_total_market"].items()},
    }
    label = text("label.total.total_market", LANG)
    found = []
    for cell, column, kg in _published_effects(block):
        if cell != label or column != "membership":
            continue
        for partner in sorted(before ^ after):
            if within(kg, totals[partner]):
                found.append(Recovered(partner, year, "total joined/left", totals[partner], kg, "membership"))
    return found


@pytest.mark.parametrize("network", ["demo", "net40"])
def test_the_change_section_gives_no_partner_effect_away(networks, network):
    truth = networks[network]
    block = NetworkReport.load(truth.root, YEAR, LANG, "public").change()
    found = effect_attack(block, truth, YEAR) + membership_attack(block, truth, YEAR)
    assert found == [], "\n".join(map(str, found[:8]))


def test_the_change_starts_from_last_years_published_total(networks):
    """The split's start is last year's published total: their difference names no partner.

    (net40: the demo network's split is withheld, its six partners' effects are not publishable.)
    """
    truth = networks["net40"]
    change = NetworkReport.load(truth.root, YEAR, LANG, "public").change()
    row = change.tables[0].iloc[-1]  # the market-based total
    start = _tonnes(row[str(YEAR - 1)])
    last = NetworkReport.load(truth.root, YEAR - 1, LANG, "public").uncertainty().tables[0]
    published = {str(r.iloc[0]): _tonnes(r.iloc[1]) for _, r in last.iterrows()}
    assert start == published[text("label.total.total_market", LANG)]


@pytest.mark.parametrize("network", ["demo", "net40"])
def test_interval_ends_are_no_single_partners_total(networks, network):
    """An interval end within ±p % of a partner's total is a leak only when that partner is most of the cell."""
    truth = networks[network]
    table = NetworkReport.load(truth.root, YEAR, LANG, "public").uncertainty().tables[0]
    market = table[table.iloc[:, 0] == text("label.total.total_market", LANG)].iloc[0]
    low, high = (_tonnes(x) for x in market.iloc[2].split(" … "))
    totals = truth.year(YEAR).set_index("partner_id")["kg_total_market"].astype(float)
    network_total = float(totals.sum())
    dominant = [
        p
        for p, kg in totals.items()
        if kg > (1 - rules.P_PERCENT / 100) * network_total and (within(low, kg) or within(high, kg))
    ]
    assert dominant == []


def test_no_coverage_count_under_the_threshold_is_published(networks):
    truth = networks["net40"]
    table = NetworkReport.load(truth.root, YEAR, LANG, "public").coverage().tables[0]
    counts = [int(v) for col in table.columns[1:] for v in table[col] if str(v).isdigit()]
    assert counts and all(rules.count_shown(n) for n in counts)


def test_a_partner_joining_alone_is_not_the_membership_effect(networks, tmp_path):
    """demo-kauppa (15 % of the total) left out of 2023: it joins alone in 2024, so the public report's
    membership effect would be its whole 2024 total; the split must be withheld."""
    root = tmp_path / "ws"
    shutil.copytree(networks["demo"].root, root)
    (root / "data" / "raw" / "2023" / "demo-kauppa.xlsx").unlink()
    shutil.rmtree(root / "data" / "processed" / "2023")
    process_year(root, 2023)
    truth = Truth.read(root)
    block = NetworkReport.load(root, YEAR, LANG, "public").change()
    assert membership_attack(block, truth, YEAR) == []
    assert effect_attack(block, truth, YEAR) == []
    assert "The split of the change into its causes is not published" in block.html
    # the coordinator's report names the membership effect: it is kauppa's 2024 total (the attack works)
    coordinator = NetworkReport.load(root, YEAR, LANG).change()
    found = membership_attack(coordinator, truth, YEAR)
    assert [r.partner for r in found] == ["demo-kauppa"]
