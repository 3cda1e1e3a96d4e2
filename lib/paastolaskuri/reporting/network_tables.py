"""The network's figures for one year, for either audience; public ones pass through `disclosure`.

The HTML sections (`reports.NetworkReport`) and the Excel writer (`excel_summary`) both take their
numbers from `network_figures` (coordinator) or `public_figures` (public), so a public HTML report
and a public workbook can never disagree about what is published.

`public_figures` is the public output path: the tables of `disclosure.tables` (threshold,
dominance, secondary suppression), rounded to `rules.SIGNIFICANT_DIGITS`, then the interval audit
of `disclosure.audit` over every printed figure together with the year's last publication (the
ledger). A failing audit withholds, never publishes: first the sector table, then the category
table, then everything; late partners whose arrival would be recoverable are kept out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from paastolaskuri.accounting.calculation import totals_by_category
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.audit import AuditResult, audit, consistent
from paastolaskuri.disclosure.ledger import Publication
from paastolaskuri.disclosure.tables import (
    OTHER,
    GroupTable,
    disclose_groups,
    disclose_value,
    merged_label,
    other_label,
    round_or_none,
    rounded,
)
from paastolaskuri.intake.template_layout import tol_label
from paastolaskuri.reporting import network_audit
from paastolaskuri.reporting.presentation import category_label, total_label, word

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
    audit: AuditResult | None = None  # public: the audit the printed figures passed
    held_back: int = 0  # public: late partners kept out of this republication (see `public_figures`)
    publication: Publication | None = None  # public: what to record in the year's ledger


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


def _withheld(table: GroupTable) -> GroupTable:
    """`table` withheld as a whole: no row shown, every group counted as merged."""
    groups = tuple(g for g in table.rows["group"] if g != OTHER) + tuple(table.merged)
    return GroupTable(table.rows.iloc[0:0], table.total_kg, withheld=True, merged=groups)


# How far a failing audit withholds: 0 = everything the tables allow, 1 = no sector table,
# 2 = no category table either, 3 = only the totals (no scope rows), 4 = nothing at all.
WITHHOLDING_LEVELS = 5


def withhold(f: NetworkFigures, level: int) -> NetworkFigures:
    """`f` with the breakdowns of withholding `level` (above) taken out."""
    if level >= 1:
        f = replace(f, sectors=_withheld(f.sectors))
    if level >= 2:
        f = replace(f, categories=_withheld(f.categories))
    if level >= 3:
        f = replace(f, scopes=_withheld(f.scopes), total_location=None)
    if level >= 4:
        f = replace(f, total_market=None, scope2_location=None, biogenic_co2=None)
    return f


def rounded_figures(f: NetworkFigures) -> NetworkFigures:
    """Every magnitude of `f` as the public outputs print it (`rules.round_published`)."""
    return replace(
        f,
        total_market=round_or_none(f.total_market),
        scopes=rounded(f.scopes),
        scope2_location=round_or_none(f.scope2_location),
        total_location=round_or_none(f.total_location),
        biogenic_co2=round_or_none(f.biogenic_co2),
        sectors=rounded(f.sectors),
        categories=rounded(f.categories),
    )


def _audited(
    partners: pd.DataFrame, emissions: pd.DataFrame, previous: Publication | None
) -> NetworkFigures | None:
    """The disclosed, rounded figures at the first withholding level that passes the audit.

    None when even withholding everything cannot pass (the year's earlier publication disagrees
    with today's data: the difference would show the change).
    """
    truth, scope_of = network_audit.truth(partners, emissions)
    earlier = list(previous.figures) if previous else []
    if earlier and not consistent(truth, earlier):
        return None
    base = rounded_figures(network_figures(partners, emissions, True))
    for level in range(WITHHOLDING_LEVELS):
        f = withhold(base, level)
        figures = network_audit.published_figures(partners, scope_of, f)
        result = audit(
            truth, figures + earlier, network_audit.sensitive_targets(partners, truth, scope_of, f)
        )
        if result.passed:
            ids = tuple(sorted(network_audit.partner_ids(partners)))
            return replace(f, audit=result, publication=Publication(ids, tuple(figures)))
    return None


def _nothing(partners: pd.DataFrame, emissions: pd.DataFrame) -> NetworkFigures:
    return withhold(rounded_figures(network_figures(partners, emissions, True)), WITHHOLDING_LEVELS - 1)


def public_figures(
    partners: pd.DataFrame, emissions: pd.DataFrame, previous: Publication | None = None
) -> NetworkFigures:
    """The figures of the year's public outputs: disclosed, rounded, audited with the last publication.

    `previous` is the ledger of the year (`disclosure.ledger`). When the audit of today's partners
    fails where the audit of the previously published partners alone does not fail, the partners
    that arrived since are kept out of this publication (`held_back`), so that two publications
    of one year never differ by a late partner whose figures the difference would reveal.
    """
    everyone = _audited(partners, emissions, previous)
    ids = network_audit.partner_ids(partners)
    late = [p for p in ids if previous is not None and p not in previous.partners]
    if late and (everyone is None or _level(everyone) > 0):
        kept = partners[[p not in late for p in ids]]
        kept_lines = (
            emissions[~emissions["partner_id"].astype(str).isin(late)] if len(emissions) else emissions
        )
        earlier = _audited(kept, kept_lines, previous)
        if earlier is not None and (everyone is None or _level(earlier) < _level(everyone)):
            return replace(earlier, held_back=len(late))
    return everyone if everyone is not None else _nothing(partners, emissions)


def _level(f: NetworkFigures) -> int:
    """The withholding level `f` was published at (see `withhold`)."""
    if f.total_market is None:
        return 4
    return next(
        (lvl for lvl, t in ((3, f.scopes), (2, f.categories), (1, f.sectors)) if t.withheld),
        0,
    )


def public_trend(figures: dict[int, NetworkFigures]) -> pd.DataFrame:
    """The trend's rows of a public output: each year exactly as that year's own public figures print it.

    `figures`: {year: `public_figures` of that year}. A year whose total is withheld has NaN; a
    scope has its value only where that year shows it apart; `n` is NaN where the count is not shown.
    """
    rows = []
    for year in sorted(figures):
        f = figures[year]
        kg = {} if f.scopes.withheld else dict(zip(f.scopes.rows["group"], f.scopes.rows["kg"], strict=True))
        rows.append(
            {
                "year": year,
                "n": f.partners if rules.count_shown(f.partners) else float("nan"),
                **{k: kg.get(k, float("nan")) for k in SCOPE_KEYS},
                "total_market": float("nan") if f.total_market is None else f.total_market,
            }
        )
    return pd.DataFrame(rows, columns=["year", "n", *SCOPE_KEYS, "total_market"])


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
    "public_figures",
    "public_trend",
    "rounded_figures",
    "scope_table",
    "sector_table",
    "trend_rows",
    "withhold",
]
