"""The at-a-glance lines of the network report, and the partner report's residual-mix sentence.

The network's lines take their figures from `network_tables.NetworkFigures` (public: the audited,
rounded `public_figures`), and the change from the previous year's public figures, so the public
box shows nothing the public tables withhold, no count of 1 or 2, and names no partner.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.accounting.calculation import scope2_on_basis, uses_set_factor
from paastolaskuri.core.i18n import text
from paastolaskuri.core.numformat import format_number
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.tables import disclose_value, round_or_none
from paastolaskuri.reporting.html import tonnes
from paastolaskuri.reporting.network_tables import OTHER, NetworkFigures, labelled

RESIDUAL_RATIO = 1.5  # market-based over location-based: "differ by more than half"


def _say(key: str, lang: str, **kw) -> str:
    return text(f"report.glance.{key}", lang, **kw)


def uses_residual_mix(emissions: pd.DataFrame) -> bool:
    """True when a market-based electricity line uses the set's factor (the residual mix), not a GO or own one."""
    if emissions.empty:
        return False
    em = emissions
    mask = (
        (em["category"].astype(str) == "s2_electricity").to_numpy(dtype=bool)
        & scope2_on_basis(em, "market")
        & uses_set_factor(em)
        & (pd.to_numeric(em["kg_co2e"], errors="coerce").fillna(0) > 0).to_numpy(dtype=bool)
    )
    return bool(mask.any())


def residual_mix_sentence(totals: dict, emissions: pd.DataFrame, lang: str) -> str:
    """Why market-based is far above location-based, and what to do, or "" when it is not."""
    market, location = totals.get("total_market") or 0.0, totals.get("total_location") or 0.0
    if location <= 0 or market <= RESIDUAL_RATIO * location or not uses_residual_mix(emissions):
        return ""
    return _say("residual_sentence", lang, ratio=format_number(market / location, lang, 1))


def _change(
    total: float | None,
    prev: pd.DataFrame | None,
    prev_year: int | None,
    public: bool,
    lang: str,
    earlier: NetworkFigures | None = None,
):
    if prev is None or prev.empty or total is None:
        return _say("first", lang)
    if earlier is not None:  # public: the previous year as its own public output printed it
        before, n = earlier.total_market, earlier.partners
    else:
        before, n = disclose_value(prev["kg_total_market"], public), len(prev)
        before = round_or_none(before) if public else before
    if not before or (public and not rules.count_shown(n)):
        return None
    change = 100.0 * (total / before - 1.0)
    key = "down" if change < 0 else "up"
    return _say(key, lang, pct=format_number(abs(change), lang, 1), year=prev_year, n=n)


def _biggest(table, kind: str, lang: str) -> tuple[str, str] | None:
    if table.withheld or table.rows.empty:
        return None
    rows = labelled(table, kind, lang)
    rows = rows[(table.rows["group"] != OTHER).to_numpy()]
    if rows.empty:
        return None
    top = rows.sort_values("kg", ascending=False, kind="stable").iloc[0]
    return str(top["label"]), format_number(top["share"], lang, 0)


def network_glance(
    partners: pd.DataFrame,
    emissions: pd.DataFrame,
    figures: NetworkFigures,
    status: dict,
    lang: str,
    previous: tuple[int, pd.DataFrame] | None = None,
    earlier: NetworkFigures | None = None,
) -> list[str]:
    """The lines of the network's at-a-glance box; public figures are the disclosed ones, no names.

    `earlier`: the previous year's public figures (public audience), for the change in the total.
    """
    public = figures.public
    n = len(partners)
    shown_n = figures.partners if public else n
    items = []
    if not public or rules.count_shown(shown_n):
        items.append(_say("reported", lang, n=shown_n, reg=status.get("registered", n)))
    if status.get("failed"):
        items.append(_say("failed", lang, n=len(status["failed"])))
    if figures.total_market is not None:
        items.append(_say("total", lang, v=tonnes(figures.total_market, lang, figures.public)))
    prev_year, prev = previous if previous else (None, None)
    change = _change(figures.total_market, prev, prev_year, public, lang, earlier)
    if change:
        items.append(change)
    for kind, table, key in (
        ("category", figures.categories, "category"),
        ("sector", figures.sectors, "sector"),
    ):
        top = _biggest(table, kind, lang)
        if top:
            items.append(
                _say(key, lang, **{"cat" if key == "category" else "sector": top[0], "share": top[1]})
            )
    if n and (not public or rules.passes_threshold(n)):
        lines = pd.to_numeric(partners.get("lines"), errors="coerce").fillna(0)
        share = pd.to_numeric(partners.get("share_estimated"), errors="coerce").fillna(0)
        unv = int(pd.to_numeric(partners.get("unverified_factors"), errors="coerce").fillna(0).sum())
        pct = 100.0 * float((lines * share).sum() / lines.sum()) if lines.sum() else 0.0
        items.append(_say("estimated", lang, share=format_number(pct, lang, 0), unv=unv))
    if not public and n:
        names = _residual_partners(partners, emissions)
        if names:
            items.append(_say("residual", lang, names=", ".join(names)))
    return items


def _residual_partners(partners: pd.DataFrame, emissions: pd.DataFrame) -> list[str]:
    """Coordinator only: the partners whose market-based total is far above location-based from the residual mix."""
    out = []
    for r in partners.itertuples():
        totals = {"total_market": r.kg_total_market, "total_location": r.kg_total_location}
        own = (
            emissions[emissions["partner_id"].astype(str) == str(r.partner_id)]
            if len(emissions)
            else emissions
        )
        if residual_mix_sentence(totals, own, "en"):
            out.append(str(r.name))
    return out
