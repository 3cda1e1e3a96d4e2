"""The public network output of one year as the audit's linear model (`disclosure.audit`).

Unknowns per partner: its market-based kg in each category ("market:<category>"), its
location-based Scope 2 ("location:scope2") and its biogenic CO2 ("biogenic"). Every figure the
public report, workbook and notebook print (the scope rows, the category rows, the sector rows, the
market-based and location-based totals, the location-based Scope 2, biogenic CO2) becomes one
`Figure`; shares and the glance's percentages are computed from these printed figures, so they
tell a reader nothing more. Targets: each partner's market-based total, location-based Scope 2 and
biogenic CO2, and its amount in every cell that is merged or withheld.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.accounting.calculation import totals_by_category
from paastolaskuri.disclosure.audit import Figure, Target
from paastolaskuri.disclosure.tables import OTHER, GroupTable

LOCATION = "location:scope2"
BIOGENIC = "biogenic"
SCOPE_OF_KEY = {"scope1": 1, "scope2_market": 2, "scope3": 3}


def market_item(category: str) -> str:
    """The unknown's item name of a market-based category."""
    return f"market:{category}"


def partner_ids(partners: pd.DataFrame) -> list[str]:
    """The partners' IDs as text, in row order (the audit's partner names)."""
    return [str(p) for p in partners["partner_id"]] if "partner_id" in partners else []


def _num(partners: pd.DataFrame, col: str) -> list[float]:
    if col not in partners:
        return [0.0] * len(partners)
    return [float(v) for v in pd.to_numeric(partners[col], errors="coerce").fillna(0.0)]


def truth(partners: pd.DataFrame, emissions: pd.DataFrame) -> tuple[dict, dict]:
    """({(partner, item): kg}, {category: scope number}) of one year's partners and lines."""
    values: dict = {}
    scope_of: dict = {}
    ids = set(partner_ids(partners))
    if len(emissions):
        cats = totals_by_category(emissions, "market", by=("partner_id",))
        for pid, scope, cat, kg in cats[["partner_id", "scope", "category", "kg_co2e"]].itertuples(
            index=False
        ):
            if str(pid) in ids and kg == kg and kg != 0:
                values[(str(pid), market_item(cat))] = float(kg)
                scope_of[str(cat)] = int(scope)
    for col, item in (("kg_scope2_location", LOCATION), ("kg_biogenic_co2", BIOGENIC)):
        for pid, kg in zip(partner_ids(partners), _num(partners, col), strict=True):
            if kg != 0:
                values[(pid, item)] = kg
    return values, scope_of


def _figure(name: str, partners, items, value: float) -> Figure:
    return Figure(name, frozenset(partners), frozenset(items), float(value))


def _scope_items(scopes: set, scope_of: dict) -> set:
    return {market_item(c) for c, s in scope_of.items() if s in scopes}


def _scopes_of_row(group: str, table: GroupTable) -> set:
    keys = table.merged if group == OTHER else (group,)
    return {SCOPE_OF_KEY[k] for k in keys}


def _category_rows(table: GroupTable, scope_of: dict) -> list[tuple[str, set]]:
    """(row name, its categories) of the category table; an OTHER row holds its scope row's merged ones."""
    out = []
    for group, scope in zip(table.rows["group"], table.rows["scope"], strict=True):
        if group == OTHER:
            numbers = {int(s) for s in str(scope).split(",") if s.strip()}
            cats = {c for c in table.merged if scope_of.get(c) in numbers}
            out.append((f"category other (scope {scope})", cats))
        else:
            out.append((f"category {group}", {group}))
    return out


def published_figures(partners: pd.DataFrame, scope_of: dict, f) -> list[Figure]:
    """Every figure of `f` (a public `NetworkFigures`) as the sum of unknowns it prints."""
    ids = partner_ids(partners)
    all_market = {market_item(c) for c in scope_of}
    out: list[Figure] = []
    if f.total_market is not None:
        out.append(_figure("total market-based", ids, all_market, f.total_market))
    if not f.scopes.withheld:
        for group, kg in zip(f.scopes.rows["group"], f.scopes.rows["kg"], strict=True):
            items = _scope_items(_scopes_of_row(group, f.scopes), scope_of)
            out.append(_figure(f"scope row {group}", ids, items, float(kg)))
    if not f.categories.withheld:
        kg_of = list(f.categories.rows["kg"])
        for (name, cats), kg in zip(_category_rows(f.categories, scope_of), kg_of, strict=True):
            out.append(_figure(name, ids, {market_item(c) for c in cats}, float(kg)))
    if not f.sectors.withheld:
        section = dict(zip(ids, _sections(partners), strict=True))
        for group, kg in zip(f.sectors.rows["group"], f.sectors.rows["kg"], strict=True):
            groups = set(f.sectors.merged) if group == OTHER else {group}
            members = [p for p in ids if section[p] in groups]
            out.append(_figure(f"sector row {group or '-'}", members, all_market, float(kg)))
    if f.scope2_location is not None:
        out.append(_figure("Scope 2 location-based", ids, {LOCATION}, f.scope2_location))
    if f.total_location is not None:
        items = _scope_items({1, 3}, scope_of) | {LOCATION}
        out.append(_figure("total location-based", ids, items, f.total_location))
    if f.biogenic_co2 is not None:
        out.append(_figure("biogenic CO2", ids, {BIOGENIC}, f.biogenic_co2))
    return out


def _sections(partners: pd.DataFrame) -> list[str]:
    if "section" not in partners:
        return [""] * len(partners)
    return ["" if v != v else str(v) for v in partners["section"]]


def sensitive_targets(partners: pd.DataFrame, values: dict, scope_of: dict, f) -> list[Target]:
    """Each partner's totals, and its amount in every merged or withheld cell of `f`."""
    ids = partner_ids(partners)
    out: list[Target] = []
    own: dict[str, set] = {p: set() for p in ids}
    for p, item in values:
        own.setdefault(p, set()).add(item)
    for p in ids:
        market = {i for i in own[p] if i.startswith("market:")}
        out.append(Target(f"{p} total market-based", p, frozenset(market)))
        out.append(Target(f"{p} Scope 2 location-based", p, frozenset({LOCATION})))
        out.append(Target(f"{p} biogenic CO2", p, frozenset({BIOGENIC})))
        for key in f.scopes.merged:
            items = _scope_items({SCOPE_OF_KEY[key]}, scope_of)
            out.append(Target(f"{p} {key}", p, frozenset(items & own[p])))
        for cat in f.categories.merged if not f.categories.withheld else list(scope_of):
            if (p, market_item(cat)) in values:
                out.append(Target(f"{p} {cat}", p, frozenset({market_item(cat)})))
    return out
