"""The network's figures for one year, for either audience; public ones pass through `suppression`.

The HTML sections (`reports.NetworkReport`) and the Excel writer (`excel_summary`) both take their
numbers from `network_figures`, so a public HTML report and a public workbook can never disagree
about what is published.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from paastolaskuri.accounting.calculation import totals_by_category
from paastolaskuri.intake.template_layout import tol_label
from paastolaskuri.reporting.presentation import category_label, total_label, word
from paastolaskuri.reporting.suppression import (
    OTHER,
    GroupTable,
    disclose_groups,
    disclose_value,
    merged_label,
    other_label,
)

SCOPE_KEYS = ("scope1", "scope2_market", "scope3")  # a partition of the market-based total


@dataclass(frozen=True)
class NetworkFigures:
    """What a network report shows; a None figure is withheld (public audience only).

    `scopes`, `sectors` and `categories` each add up to `total_market` (unless withheld).
    """

    partners: int
    public: bool
    total_market: float | None
    scopes: GroupTable
    scope2_location: float | None
    total_location: float | None
    biogenic_co2: float | None
    sectors: GroupTable
    categories: GroupTable


def _col(partners: pd.DataFrame, name: str) -> pd.Series:
    if name in partners:
        return pd.to_numeric(partners[name], errors="coerce").fillna(0.0)
    return pd.Series(0.0, index=partners.index)


def _ids(partners: pd.DataFrame) -> pd.Series:
    if "partner_id" in partners:
        return partners["partner_id"].astype(str)
    return pd.Series([str(i) for i in partners.index], index=partners.index)


def scope_table(partners: pd.DataFrame, public: bool) -> GroupTable:
    """Scope 1, Scope 2 (market-based) and Scope 3 over partners, as a disclosed table."""
    ids = _ids(partners)
    contrib = pd.concat(
        [
            pd.DataFrame({"group": key, "partner": ids, "kg": _col(partners, f"kg_{key}")})
            for key in SCOPE_KEYS
        ],
        ignore_index=True,
    )
    table = disclose_groups(contrib, public)
    order = {k: i for i, k in enumerate([*SCOPE_KEYS, OTHER])}
    rows = table.rows.sort_values("group", key=lambda g: g.map(order), kind="stable").reset_index(drop=True)
    return GroupTable(rows, table.total_kg, table.withheld, table.merged)


def sector_table(partners: pd.DataFrame, public: bool) -> GroupTable:
    """Market-based totals by TOL section ("" when not given), as a disclosed table."""
    section = partners["section"] if "section" in partners else pd.Series("", index=partners.index)
    contrib = pd.DataFrame(
        {
            "group": section.fillna("").astype(str),
            "partner": _ids(partners),
            "kg": _col(partners, "kg_total_market"),
        }
    )
    return disclose_groups(contrib, public)


def category_table(emissions: pd.DataFrame, public: bool, scopes: GroupTable) -> GroupTable:
    """Market-based totals by GHG Protocol category, nested in the rows of the scope table.

    Categories are disclosed within each row of `scopes` (a scope, or the merged row of small
    scopes), so that each row's categories add up to that row: no published scope figure minus
    published categories can reveal a withheld category. The result's rows carry a `scope` column
    ("1", "2", "3" or "1, 3" for a merged row); there is one merged row per scope row at most.
    """
    cats = totals_by_category(emissions, "market", by=("partner_id",)) if len(emissions) else emissions
    if cats.empty or scopes.withheld:
        rows = disclose_groups(pd.DataFrame(columns=["group", "partner", "kg"]), public).rows
        return GroupTable(rows.assign(scope=""), 0.0 if cats.empty else scopes.total_kg, scopes.withheld)
    contrib = pd.DataFrame(
        {
            "group": cats["category"].astype(str),
            "partner": cats["partner_id"].astype(str),
            "kg": pd.to_numeric(cats["kg_co2e"], errors="coerce"),
            "scope_key": [SCOPE_KEYS[int(s) - 1] for s in cats["scope"]],
        }
    )
    row_of = {k: (OTHER if k in scopes.merged else k) for k in SCOPE_KEYS}
    contrib["scope_row"] = contrib["scope_key"].map(row_of)
    numbers = contrib["scope_key"].map(lambda k: SCOPE_KEYS.index(k) + 1)
    scope_of = dict(zip(contrib["group"], numbers, strict=True))
    parts: list[pd.DataFrame] = []
    merged: list[str] = []
    total = 0.0
    for scope_row in [*[k for k in SCOPE_KEYS if row_of[k] == k], OTHER]:
        part = contrib[contrib["scope_row"] == scope_row]
        if part.empty:
            continue
        table = disclose_groups(part, public)
        in_other = ", ".join(str(n) for n in sorted({scope_of[c] for c in table.merged}))
        parts.append(
            table.rows.assign(
                scope=[in_other if g == OTHER else str(scope_of[g]) for g in table.rows["group"]]
            )
        )
        merged.extend(table.merged)
        total += table.total_kg
    rows = pd.concat(parts, ignore_index=True)
    return GroupTable(rows, total, merged=tuple(merged))


def network_figures(partners: pd.DataFrame, emissions: pd.DataFrame, public: bool) -> NetworkFigures:
    """Every figure of a network report, disclosed for the audience (`public` = the public rule)."""
    scopes = scope_table(partners, public)
    total_market = None if scopes.withheld else scopes.total_kg
    s2_loc = disclose_value(_col(partners, "kg_scope2_location"), public)
    if total_market is None:
        s2_loc = None
    # total_location - Scope 2 (location) = Scope 1 + Scope 3: publishable only when Scope 2
    # (market) stands on its own row, i.e. when Scope 1 + Scope 3 can be read off the table anyway
    s2m_merged = "scope2_market" in scopes.merged
    total_location = (
        None if s2_loc is None or s2m_merged else float(_col(partners, "kg_total_location").sum())
    )
    biogenic = None if total_market is None else disclose_value(_col(partners, "kg_biogenic_co2"), public)
    categories = category_table(emissions, public, scopes)
    return NetworkFigures(
        partners=len(partners),
        public=public,
        total_market=total_market,
        scopes=scopes,
        scope2_location=s2_loc,
        total_location=total_location,
        biogenic_co2=biogenic,
        sectors=sector_table(partners, public),
        categories=categories,
    )


def trend_rows(frames: dict[int, pd.DataFrame], public: bool) -> tuple[pd.DataFrame, bool]:
    """Network totals per year (columns year, n, scope keys, total_market; NaN = withheld).

    The second value says whether every year's scopes may be shown apart (a stacked chart).
    """
    rows, stackable = [], True
    for year in sorted(frames):
        p = frames[year]
        scopes = scope_table(p, public)
        kg = dict(zip(scopes.rows["group"], scopes.rows["kg"], strict=True))
        stackable = stackable and not scopes.has_other and not scopes.withheld
        total = float("nan") if scopes.withheld else scopes.total_kg
        rows.append(
            {
                "year": year,
                "n": len(p),
                **{k: kg.get(k, float("nan")) for k in SCOPE_KEYS},
                "total_market": total,
            }
        )
    df = pd.DataFrame(rows, columns=["year", "n", *SCOPE_KEYS, "total_market"])
    return df, stackable


def group_label(kind: str, group: str, lang: str, merged: tuple = ()) -> str:
    """The reader's label of a row of a scope, sector or category table (`merged`: the OTHER row's groups)."""
    if kind == "scope":
        if group == OTHER:
            return merged_label([total_label(k, lang) for k in SCOPE_KEYS if k in merged], lang)
        return total_label(group, lang)
    if group == OTHER:
        return other_label(lang)
    if kind == "sector":
        return f"{group} {tol_label(group, lang)}" if group else word("sector_not_given", lang)
    return category_label(group, lang)


def labelled(table: GroupTable, kind: str, lang: str) -> pd.DataFrame:
    """A disclosed table ready to show: label, scope (categories), partners, kg, share (% of the total).

    `partners` is the number of partners in a sector, or of partners with a non-zero amount in a
    category or scope (the count the disclosure rule uses).
    """
    rows = table.rows
    scope_merged = table.merged if kind == "scope" else ()
    out = pd.DataFrame(
        {
            "label": [group_label(kind, g, lang, scope_merged) for g in rows["group"]],
            "scope": rows.get("scope", ""),
            "partners": rows["members"] if kind == "sector" else rows["contributors"],
            "kg": rows["kg"].astype(float),
        }
    )
    out["share"] = 100.0 * out["kg"] / table.total_kg if table.total_kg else 0.0
    return out.reset_index(drop=True)


__all__ = [
    "OTHER",
    "SCOPE_KEYS",
    "NetworkFigures",
    "category_table",
    "group_label",
    "labelled",
    "network_figures",
    "scope_table",
    "sector_table",
    "trend_rows",
]
