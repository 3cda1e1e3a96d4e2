"""The aggregate research tables audited together with the public network report of the same year.

The two publications cover the same partners (the research tables a consenting subset) under two
partitions: the public report's TOL sections, the research tables' wide sector group × FTE band.
A public sector row minus a research group row of the same partners but one is that partner's
total. So the printed figures of both are one linear model for `disclosure.audit`: the public
output's figures (`NetworkFigures.publication`, the same `Figure`s its own audit used) and one
`Figure` per printed research cell. The unknowns are those of `reporting.network_audit`, except
that the location-based Scope 2 is split per category ("location:<category>"), since the research
category table prints Scope 2 categories on each basis.

A failing audit withholds the year's research cells step by step (`LEVELS`): first its category
rows (the scope totals stay), then every group row but the year's total, then the whole year.
The public output is never changed here: it was published first.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from paastolaskuri.accounting.calculation import figure_differs_by_basis, totals_by_category
from paastolaskuri.disclosure.audit import AuditResult, Figure, Target, audit, consistent
from paastolaskuri.reporting.network_audit import (
    BIOGENIC,
    LOCATION,
    SCOPE_OF_KEY,
    market_item,
    partner_ids,
)
from paastolaskuri.research.aggregate import ALL, GROUP_MEASURES, OTHER, group_key

WITHHELD = "*"  # in `public_merged`: the public category table is withheld, every category is merged
LEVELS = ("everything", "no categories", "year totals only", "year withheld")
# which scopes each group_totals measure adds up (scope 2 on its basis)
MEASURE_SCOPES = {
    "scope1": ({1}, False),
    "scope2_market": ({2}, False),
    "scope2_location": (set(), True),
    "scope3": ({3}, False),
    "total_market": ({1, 2, 3}, False),
    "total_location": ({1, 3}, True),
}


def location_item(category: str) -> str:
    """The unknown's item name of a location-based Scope 2 category."""
    return f"location:{category}"


# the unknown's item name of a category's figure on each basis
ITEM_OF_BASIS = {"market": market_item, "location": location_item}


def joint_truth(partners: pd.DataFrame, emissions: pd.DataFrame) -> tuple[dict, dict]:
    """({(partner, item): kg}, {category: scope}) of one year's partners and lines.

    Market-based kg per category, location-based kg per Scope 2 category, biogenic CO2 per partner.
    """
    values: dict = {}
    scope_of: dict = {}
    ids = set(partner_ids(partners))
    if len(emissions):
        for basis in ("market", "location"):
            cats = totals_by_category(emissions, basis, by=("partner_id",))
            for pid, scope, cat, kg in cats[["partner_id", "scope", "category", "kg_co2e"]].itertuples(
                index=False
            ):
                if str(pid) not in ids or kg != kg or kg == 0 or not figure_differs_by_basis(basis, scope):
                    continue
                item = ITEM_OF_BASIS[basis](cat)
                values[(str(pid), item)] = float(kg)
                scope_of[str(cat)] = int(scope)
    if "kg_biogenic_co2" in partners:
        kg = pd.to_numeric(partners["kg_biogenic_co2"], errors="coerce").fillna(0.0)
        for pid, v in zip(partner_ids(partners), kg, strict=True):
            if v != 0:
                values[(pid, BIOGENIC)] = float(v)
    return values, scope_of


def _location_items(scope_of: dict) -> frozenset:
    return frozenset(location_item(c) for c, s in scope_of.items() if s == 2)


def split_location(figures: list[Figure], scope_of: dict) -> list[Figure]:
    """Public figures with the location-based Scope 2 unknown replaced by its categories'."""
    split = _location_items(scope_of)
    return [replace(f, items=(f.items - {LOCATION}) | split) if LOCATION in f.items else f for f in figures]


def _items(scopes: set, location: bool, scope_of: dict) -> frozenset:
    items = {market_item(c) for c, s in scope_of.items() if s in scopes}
    return frozenset(items | (_location_items(scope_of) if location else set()))


def _members(partners: pd.DataFrame, keys: set) -> frozenset:
    return frozenset(
        str(r["partner_id"]) for _, r in partners.iterrows() if keys == {ALL} or group_key(r) in keys
    )


def group_figures(groups: pd.DataFrame, partners: pd.DataFrame, scope_of: dict) -> list[Figure]:
    """One Figure per printed cell of one year's `group_totals` rows over the research partners."""
    keyed = {group_key(r) for _, r in partners.iterrows()}
    shown = {(r.sector_group, r.fte_band) for r in groups.itertuples()} - {(OTHER, OTHER), (ALL, ALL)}
    out = []
    for r in groups.to_dict(orient="records"):
        key = (r["sector_group"], r["fte_band"])
        keys = {ALL} if key == (ALL, ALL) else (keyed - shown if key == (OTHER, OTHER) else {key})
        members = _members(partners, keys)
        for m in GROUP_MEASURES:
            value = r.get(f"t_{m}")
            if value is None or pd.isna(value):
                continue
            scopes, location = MEASURE_SCOPES[m]
            items = _items(scopes, location, scope_of)
            out.append(Figure(f"research {key} {m}", members, items, float(value) * 1000.0))
    return out


def category_figures(categories: pd.DataFrame, partners: pd.DataFrame, scope_of: dict) -> list[Figure]:
    """One Figure per printed cell of one year's `category_totals` rows (Scope 1 and 3 once: both bases agree)."""
    members = frozenset(partner_ids(partners))
    out = []
    for scope, rows in categories.groupby("scope"):
        in_scope = {c for c, s in scope_of.items() if s == int(scope)}
        shown = set(rows["category"]) - {ALL}
        for r in rows.to_dict(orient="records"):
            cat = r["category"]
            cats = in_scope if cat == ALL else (in_scope - shown if cat.endswith(f"_{OTHER}") else {cat})
            for basis, column in (("market", "t_co2e_market"), ("location", "t_co2e_location")):
                value = r.get(column)
                if value is None or pd.isna(value) or not figure_differs_by_basis(basis, scope):
                    continue
                make = ITEM_OF_BASIS[basis]
                items = frozenset(make(c) for c in cats)
                out.append(Figure(f"research {scope} {cat} {basis}", members, items, float(value) * 1000.0))
    return out


def merged_categories(categories: pd.DataFrame, scope_of: dict) -> set[str]:
    """The categories inside the research category table's "<scope>_other" rows (not printed alone)."""
    out: set[str] = set()
    for scope, rows in categories.groupby("scope") if len(categories) else ():
        if any(str(c).endswith(f"_{OTHER}") for c in rows["category"]):
            shown = set(rows["category"])
            out |= {c for c, s in scope_of.items() if s == int(scope) and c not in shown}
    return out


def joint_targets(ids: list[str], truth: dict, scope_of: dict, merged: set[str]) -> list[Target]:
    """The sensitive contributions: each partner's totals, scopes, biogenic CO2 and merged categories.

    `merged`: the categories either publication prints only inside a merged row; a category printed
    on its own row passes the rules there and is not a target, as in the public output's own audit
    (`reporting.network_audit`). One target per distinct set of unknowns: a partner with one scope
    has one target for its total and that scope.
    """
    own: dict[str, set] = {p: set() for p in ids}
    for p, item in truth:
        own.setdefault(p, set()).add(item)
    out: list[Target] = []
    for p in ids:
        market = frozenset(i for i in own[p] if i.startswith("market:"))
        location = frozenset(i for i in own[p] if i.startswith("location:"))
        out.append(Target(f"{p} total market-based", p, market))
        out.append(Target(f"{p} Scope 2 location-based", p, location))
        out.append(Target(f"{p} biogenic CO2", p, frozenset({BIOGENIC})))
        for key, scope in SCOPE_OF_KEY.items():
            out.append(Target(f"{p} {key}", p, frozenset(_items({scope}, False, scope_of)) & market))
        for cat in sorted(merged):
            if (p, market_item(cat)) in truth:
                out.append(Target(f"{p} {cat}", p, frozenset({market_item(cat)})))
    distinct = {(t.partner, t.terms): t for t in reversed(out) if t.terms}
    return [t for t in out if distinct.get((t.partner, t.terms)) is t]


def withhold_level(groups: pd.DataFrame, categories: pd.DataFrame, level: int):
    """One year's research rows at a withholding level (see `LEVELS`)."""
    if level >= 1:
        categories = categories[categories["category"] == ALL]
    if level >= 2:
        groups = groups[(groups["sector_group"] == ALL) & (groups["fte_band"] == ALL)]
    if level >= 3:
        groups, categories = groups.iloc[0:0], categories.iloc[0:0]
    return groups, categories


def audit_year(
    public: list[Figure],
    everyone: pd.DataFrame,
    emissions: pd.DataFrame,
    research_partners: pd.DataFrame,
    groups: pd.DataFrame,
    categories: pd.DataFrame,
    public_merged: tuple = (),
) -> tuple[int, AuditResult | None]:
    """(the first withholding level at which the year's research rows pass, its audit).

    `public`: the year's printed public figures; `everyone`/`emissions`: every partner of the year
    (the public report covers them all); `research_partners`: those the research rows cover;
    `public_merged`: the categories the public output prints only merged (or all, when withheld).
    Public figures that disagree with today's data (a correction since) cannot be audited against:
    the year is withheld.
    """
    truth, scope_of = joint_truth(everyone, emissions)
    public = split_location(public, scope_of)
    if public and not consistent(truth, public):
        return len(LEVELS) - 1, None
    ids = partner_ids(everyone)
    for level in range(len(LEVELS) - 1):
        g, c = withhold_level(groups, categories, level)
        figures = group_figures(g, research_partners, scope_of) + category_figures(
            c, research_partners, scope_of
        )
        # a research figure that repeats a public one (same partners, same items) tells nothing new
        seen = {f.terms for f in public}
        figures = [f for f in figures if f.terms not in seen]
        if not figures:  # the public output alone, which its own audit passed
            return level, None
        # a research figure the model cannot hold (data changed under it): never publish it
        if not consistent(truth, public + figures):
            continue
        public_cats = set(scope_of) if WITHHELD in public_merged else set(public_merged)
        merged = merged_categories(c, scope_of) | public_cats
        result = audit(truth, public + figures, joint_targets(ids, truth, scope_of, merged), first_only=True)
        if result.passed:
            return level, result
    return len(LEVELS) - 1, None


__all__ = [
    "LEVELS",
    "WITHHELD",
    "audit_year",
    "category_figures",
    "group_figures",
    "joint_targets",
    "joint_truth",
    "location_item",
    "merged_categories",
    "split_location",
    "withhold_level",
]
