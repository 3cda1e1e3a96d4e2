"""The pieces of a partner report's sections: tables, charts and sentences from one partner's data.

Pure functions of a partner's own figures (and of what `disclosure.peers` lets every partner see of
its peer group, never another partner's values); `partner_report.PartnerReport` puts them together
into sections.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.accounting.metrics import INTENSITIES
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.peers import QUARTILE_DIGITS, PeerGroup, own_position, peer_group
from paastolaskuri.intake.template_layout import tol_label
from paastolaskuri.reporting import charts
from paastolaskuri.reporting.blocks import paragraph
from paastolaskuri.reporting.html import percent_change, tonnes
from paastolaskuri.reporting.presentation import (
    category_label,
    explain_parts,
    fmt_number,
    fmt_plain,
    ordered,
    word,
)
from paastolaskuri.reporting.report_texts import t


def position_text(position: str, lang: str) -> str:
    """The partner's place in its group in words: "in the lowest third of the group" etc."""
    return t(f"peer_{position}", lang)


def _number(value: object) -> float | None:
    """A given number as a float; None for a missing value (None or NaN)."""
    if value is None or value != value:
        return None
    return float(value)  # type: ignore[arg-type]


def scope_rows(totals: dict, lang: str) -> pd.DataFrame:
    """The headline table: Scope 1, Scope 2 on both bases and Scope 3 in t CO2e."""
    scope, unit = t("col_scope", lang), t("tco2e", lang)
    rows = [
        ("Scope 1", totals["scope1"]),
        (f"Scope 2 ({t('market', lang)})", totals["scope2_market"]),
        (f"Scope 2 ({t('location', lang)})", totals["scope2_location"]),
        ("Scope 3", totals["scope3"]),
    ]
    return pd.DataFrame([{scope: label, unit: tonnes(kg, lang)} for label, kg in rows])


def biggest_sources(cats: pd.DataFrame, lang: str, n: int = 3) -> str:
    """The sentence naming the largest categories with their shares: "... a (40 %), b (30 %) and c (20 %)."."""
    total = cats["kg_co2e"].sum()
    if total <= 0:
        return ""
    items = [
        f"{category_label(r.category, lang).lower()} ({fmt_number(100 * r.kg_co2e / total, lang, 0)} %)"
        for r in cats.head(n).itertuples()
    ]
    joined = (
        word("listing", lang, items=", ".join(items[:-1]), last=items[-1]) if len(items) > 1 else items[0]
    )
    return t("biggest", lang, items=joined)


def trend_item(history: pd.DataFrame, year: int, total_market: float, lang: str) -> str:
    """The glance line comparing this year's market-based total with the latest earlier year."""
    earlier = history[history["year"] < year].sort_values("year") if len(history) else history
    if not len(earlier):
        return t("g_trend_none", lang)
    prev = earlier.iloc[-1]
    change = 100 * (total_market / prev["total_market"] - 1) if prev["total_market"] else 0.0
    key = "g_trend_down" if change < 0 else "g_trend_up"
    return t(key, lang, pct=fmt_number(abs(change), lang, 1), year=int(prev["year"]))


def peer_item(summary: dict, org: dict, section: str, stats: dict, positions: dict, lang: str) -> str | None:
    """The glance line placing the partner's first available intensity in its peer group, or None.

    The place is the partner's own position (`positions`, its own peer_position.json); the group's
    median only for a group large enough to have one. Per m² comes first for an organisation of
    under 2 FTE (a housing company, a small association).
    """
    order = list(INTENSITIES)
    if (org.get("employees_fte") or 0) < 2:
        order.insert(0, order.pop(1))
    for spec in order:
        mine = _number(summary.get(spec.column))
        group = peer_group(stats, section, spec.column)
        position = own_position(positions, group) if group else None
        if group is None or mine is None or position is None or not rules.count_shown(group.n):
            continue
        fields = {
            "v": fmt_number(mine, lang, 2),
            "unit": t(spec.metric, lang),
            "pos": position_text(position, lang),
            "n": group.n,
        }
        if group.quartiles is None:
            return t("g_peer_small", lang, **fields)
        return t("g_peer", lang, m=fmt_plain(group.quartiles.median, lang), **fields)
    return None


def intensity_rows(summary: dict, lang: str) -> pd.DataFrame:
    """Every intensity of the partner (two decimals), or "not given" without its denominator."""
    rows = []
    for spec in INTENSITIES:
        v = _number(summary.get(spec.column))
        shown = fmt_number(v, lang, 2) if v is not None else t("not_given", lang)
        rows.append({t("intensity", lang): t(spec.metric, lang), "": shown})
    return pd.DataFrame(rows)


def category_rows(cats: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The category table: scope, category, t CO2e and share of the market-based total."""
    total = cats["kg_co2e"].sum()
    return pd.DataFrame(
        {
            t("col_scope", lang): cats["scope"],
            t("col_category", lang): [category_label(c, lang) for c in cats["category"]],
            t("tco2e", lang): [tonnes(v, lang) for v in cats["kg_co2e"]],
            t("col_share", lang): [
                f"{fmt_number(100 * v / total, lang, 1)} %" if total else "–" for v in cats["kg_co2e"]
            ],
        }
    )


def trend_figure(history: pd.DataFrame, base_year: int, base_kg: float | None, lang: str):
    """The partner's totals per year, market- and location-based, the base year marked."""
    fig, ax = charts.figure(7.5, 3.2)
    years = history["year"]
    ax.plot(years, history["total_market"] / 1000.0, marker="o", color=charts.GREEN, label=t("market", lang))
    ax.plot(
        years,
        history["total_location"] / 1000.0,
        marker=".",
        ls="--",
        color=charts.GREY,
        label=t("location", lang),
    )
    if base_kg is not None:
        ax.axvline(base_year, color=charts.OUTLIER_COLOUR, lw=0.8)
        ax.annotate(
            t("base_year", lang),
            (base_year, base_kg / 1000.0),
            textcoords="offset points",
            xytext=(5, 8),
            color=charts.OUTLIER_COLOUR,
        )
    ax.set_xticks(list(years))
    ax.set_ylabel("t CO2e")
    ax.set_ylim(bottom=0)
    charts.number_axis(ax, "y", lang)
    ax.legend(frameon=False)
    return fig


def trend_rows(history: pd.DataFrame, base_kg: float | None, lang: str) -> pd.DataFrame:
    """Per year: total, change from the base year and from the previous year, factor set."""
    rows, prev = [], None
    for r in history.itertuples():
        rows.append(
            {
                t("col_year", lang): int(r.year),
                t("col_total", lang): tonnes(r.total_market, lang),
                t("vs_base", lang): percent_change(r.total_market, base_kg, lang),
                t("vs_prev", lang): percent_change(r.total_market, prev, lang),
                t("col_factor_set", lang): r.factor_set,
            }
        )
        prev = r.total_market
    return pd.DataFrame(rows)


def group_note(group: PeerGroup, lang: str) -> str:
    """Which group the comparison uses: the partner's sector (with its size) or the whole network.

    A group whose size may not be shown (`rules.count_shown`) is no comparison group.
    """
    if not rules.count_shown(group.n):
        return t("cmp_none", lang, min=rules.MIN_CONTRIBUTORS)
    if group.section:
        section = f"{group.section} {tol_label(group.section, lang)}"
        return t("cmp_group_section", lang, section=section, n=group.n)
    return t("cmp_group_all", lang, n=group.n, min=rules.MIN_CONTRIBUTORS)


def comparison_rows(
    summary: dict, section: str, stats: dict, positions: dict, lang: str
) -> tuple[pd.DataFrame, PeerGroup | None]:
    """Each intensity the partner gave, its own position in its peer group; the first group.

    Median and quartiles (rounded, as `disclosure.peers` publishes them) are columns only when some
    group is large enough to have them; a smaller group's cells say "–".
    """
    rows, first = [], None
    for spec in INTENSITIES:
        mine = _number(summary.get(spec.column))
        group = peer_group(stats, section, spec.column)
        position = own_position(positions, group) if group else None
        if group is None or mine is None or position is None:
            continue
        first = first or group
        q = group.quartiles
        rows.append(
            {
                t("intensity", lang): t(spec.metric, lang),
                t("you", lang): fmt_number(mine, lang, 2),
                t("median", lang): fmt_plain(q.median, lang) if q else "–",
                t("q1q3", lang): f"{fmt_plain(q.q1, lang)} – {fmt_plain(q.q3, lang)}" if q else "–",
                t("position", lang): position_text(position, lang),
            }
        )
    table = pd.DataFrame(rows)
    if len(table) and (table[t("median", lang)] == "–").all():
        table = table.drop(columns=[t("median", lang), t("q1q3", lang)])
    return table, first


def comparison_notes(table: pd.DataFrame, lang: str) -> list[str]:
    """What the comparison table's figures are: positions by rank, quartiles only of large groups, rounded."""
    notes = []
    median = t("median", lang)
    if median not in table or (table[median] == "–").any():
        notes.append(t("cmp_small", lang, min=rules.MIN_FOR_ORDER_STATISTICS))
    if median in table:
        notes.append(t("cmp_rounded", lang, digits=QUARTILE_DIGITS))
    return notes


def quality_paragraphs(summary: dict, emissions: pd.DataFrame, lang: str) -> str:
    """Share of estimated lines, unverified factors (flagged), own factors."""
    share = 100 * float(summary.get("share_estimated") or 0)
    parts = [paragraph(t("q_estimated", lang, share=fmt_number(share, lang, 0)))]
    unverified = emissions[emissions["confidence"] == "unverified"]
    if len(unverified):
        labels = ", ".join(sorted({str(a) for a in unverified["label"]}))
        parts.append(paragraph(t("q_unverified", lang, n=len(unverified), items=labels), "pl-flag"))
    else:
        parts.append(paragraph(t("q_unverified_none", lang)))
    own = int(emissions["own_factor_used"].astype(str).isin(["True", "true", "1"]).sum())
    parts.append(paragraph(t("q_own", lang, n=own)))
    return "".join(parts)


def explain_rows(emissions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every emission line's arithmetic in the reader's words (as `calc --explain` prints it)."""
    rows = []
    for r in ordered(emissions).to_dict(orient="records"):
        p = explain_parts(r, lang)
        site = f" ({r['site']})" if isinstance(r.get("site"), str) and r["site"] else ""
        rows.append(
            {
                t("col_activity", lang): p.label + site,
                t("col_scope", lang): p.scope,
                t("col_calc", lang): " · ".join(x for x in (p.calculation, p.biogenic, *p.notes) if x),
                t("col_result", lang): fmt_number(r["kg_co2e"], lang, 1),
                t("col_source", lang): p.source,
                t("col_conf", lang): p.confidence,
            }
        )
    return pd.DataFrame(rows)


def sector_text(sector: str | None, section: str, lang: str) -> str:
    """The header's sector: the TOL code with its section's name, or "not given"."""
    return f"{sector} {tol_label(section, lang)}" if section else t("not_given", lang)


__all__ = [
    "biggest_sources",
    "category_rows",
    "comparison_notes",
    "comparison_rows",
    "explain_rows",
    "group_note",
    "intensity_rows",
    "peer_item",
    "position_text",
    "quality_paragraphs",
    "scope_rows",
    "sector_text",
    "trend_figure",
    "trend_item",
    "trend_rows",
]
