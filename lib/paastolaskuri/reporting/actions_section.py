"""Report sections "Vaikuttavimmat toimet / Most effective actions": a partner's own, and the network's.

Both return a :class:`~paastolaskuri.reporting.blocks.Block`. The partner section reads only that
partner's processed lines; the network section sums the potentials over partners by action, and
in public goes through `disclosure.tables` (an action whose partners fail the threshold or the
p %-rule is merged, the merged row itself must pass; a table whose total fails is withheld) and
prints its tonnes to `rules.SIGNIFICANT_DIGITS` significant digits, naming no partner in either
audience. Every figure is called an estimate and every
assumption is listed with its source.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.accounting.factors import find_factor_set
from paastolaskuri.actions.analysis import ActionAnalysis, analyse
from paastolaskuri.actions.catalogue import apply_overrides, load_action_catalogue, unit_label
from paastolaskuri.actions.engine import evaluate_actions, prepare_lines
from paastolaskuri.actions.inputs import lines_from_emissions, lines_from_workspace, required_reduction
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.tables import OTHER, disclose_groups, other_label, rounded, withheld_text
from paastolaskuri.i18n import text, text_or
from paastolaskuri.numformat import format_number
from paastolaskuri.reporting.blocks import Block, figure_html, heading, new_figure, paragraph
from paastolaskuri.reporting.charts import number_axis
from paastolaskuri.reporting.presentation import confidence_label, html_table
from paastolaskuri.reporting.year_figures import public_year_figures
from paastolaskuri.workspace import Workspace


def _t(key: str, lang: str, **kw) -> str:
    return text(f"report.actions.{key}", lang, **kw)


def _n(x, lang: str, decimals: int = 1) -> str:
    if x is None or x != x:
        return "–"
    if x != 0 and abs(x) < 0.5 * 10**-decimals:  # a small change is still shown, not rounded to 0
        decimals = min(4, decimals + 2)
    return format_number(x, lang, decimals)


def _conf(mark: str, lang: str) -> str:
    return text_or(f"report.actions_confidence.{mark}", lang, confidence_label(mark, lang))


def ranked_table(analysis: ActionAnalysis, lang: str) -> pd.DataFrame:
    """The displayed ranked table: #, action, t on both bases, %, €/yr, €/t, payback, notes."""
    r = analysis.ranked(lang)
    notes = []
    for x in r.itertuples():
        items = [_t("flag_unverified", lang)] if x.rests_on_unverified else []
        items += [] if x.cost_estimated else [_t("flag_nocost", lang)]
        items += [_t("flag_location", lang)] if x.increases_location else []
        items += [_t("flag_market", lang)] if x.increases_market else []
        notes.append("; ".join(items))
    return pd.DataFrame(
        {
            _t("col_no", lang): range(1, len(r) + 1),
            _t("col_action", lang): r["label"],
            _t("col_t", lang): [_n(v, lang) for v in r["t_avoided_market"]],
            _t("col_t_loc", lang): [_n(v, lang) for v in r["t_avoided_location"]],
            _t("col_share", lang): [_n(v, lang) for v in r["share_of_footprint_pct"]],
            _t("col_cost", lang): [_n(v, lang, 0) for v in r["cost_eur_per_year"]],
            _t("col_eur_t", lang): [_n(v, lang, 0) for v in r["eur_per_t"]],
            _t("col_payback", lang): [_n(v, lang) for v in r["payback_years"]],
            _t("col_notes", lang): notes,
        }
    )


def _axis_limit(values) -> float | None:
    """A €/t limit that keeps one extreme bar from flattening the others (None: no clipping)."""
    mags = sorted(abs(v) for v in values)
    if len(mags) < 2 or mags[-1] <= 3 * max(mags[-2], 1.0):
        return None
    return 1.5 * max(mags[-2], 1.0)


def macc_figure(analysis: ActionAnalysis, lang: str):
    """The MACC: costed actions with a reduction, cheapest per tonne first (None when there are none).

    A bar beyond the axis (one extreme €/t) is cut at the axis and labelled with its value.
    """
    r = analysis.ranked(lang)
    r["no"] = range(1, len(r) + 1)
    r = r[r["cost_estimated"] & (r["avoided_market_kg"] > 0)].sort_values("eur_per_t", kind="stable")
    if r.empty:
        return None
    fig, ax = new_figure(7.5, 3.8)
    limit = _axis_limit(r["eur_per_t"].to_numpy())
    left = 0.0
    for x in r.itertuples():
        width, v = x.t_avoided_market, x.eur_per_t
        shown = v if limit is None else max(-limit, min(limit, v))
        color = "#2f7d5b" if v < 0 else "#9c6b30"
        ax.bar(left, shown, width=width, align="edge", color=color, edgecolor="white", linewidth=0.8)
        label = str(x.no) if shown == v else f"{x.no}: {_n(v, lang, 0)} €/t"
        ax.annotate(
            label,
            (left + width / 2, shown),
            xytext=(2, 2 if shown >= 0 else -2),
            textcoords="offset points",
            ha="left" if shown != v else "center",
            va="bottom" if shown >= 0 else "top",
            fontsize=8,
            color="#a00" if shown != v else "#222",
        )
        left += width
    ax.axhline(0, color="#555", lw=0.8)
    ax.set_xlim(0, left * 1.02)
    if limit is not None:
        lo, hi = ax.get_ylim()
        ax.set_ylim(max(lo, -1.2 * limit), min(hi, 1.2 * limit))
    ax.set_xlabel(_t("macc_x", lang))
    ax.set_ylabel(_t("macc_y", lang))
    number_axis(ax, "both", lang)
    return fig


def assumptions_table(analysis: ActionAnalysis, lang: str) -> pd.DataFrame:
    """Every assumption behind the shown actions: label, value with unit, source, confidence, note."""
    a = analysis.assumptions(lang)
    values = [
        _t("not_given", lang)
        if v is None or v != v
        else f"{format_number(v, lang, 4).rstrip('0').rstrip(',.')} {unit_label(u, lang)}".strip()
        for v, u in zip(a["value"], a["unit"], strict=True)
    ]
    return pd.DataFrame(
        {
            _t("col_param", lang): [
                f"{lbl} ({key})" for lbl, key in zip(a["label"], a["parameter"], strict=True)
            ],
            _t("col_value", lang): values,
            _t("col_source", lang): [
                s + (f" {u}" if u else "") for s, u in zip(a["source"], a["url"], strict=True)
            ],
            _t("col_conf", lang): [_conf(c, lang) for c in a["confidence"]],
            _t("col_note", lang): a["note"],
        }
    )


def partner_actions(
    workspace, partner_id: str, year: int, lang: str = "fi", overrides=None, plan=None
) -> Block:
    """The partner report's section: ranked table, MACC, plan and commitment, assumptions."""
    loaded = lines_from_workspace(workspace, year, partner_id)
    catalogue = apply_overrides(load_action_catalogue(), overrides or [])
    analysis = analyse(
        loaded.lines,
        loaded.factor_set,
        catalogue=catalogue,
        plan=plan,
        gwp_set=loaded.gwp_set,
        required_reduction_kg=required_reduction(workspace, year, partner_id),
    )
    return partner_block(analysis, lang)


def partner_block(analysis: ActionAnalysis, lang: str) -> Block:
    """The section's HTML from an analysis (the what-if notebook uses it too)."""
    rate = 100 * (analysis.catalogue.values("green_electricity").get("discount_rate") or 0)
    parts = [heading(2, _t("title", lang)), paragraph(_t("intro", lang, rate=_n(rate, lang)))]
    if analysis.results.empty:
        return Block("".join([*parts, paragraph(_t("none", lang))]))
    parts.append(html_table(ranked_table(analysis, lang)))
    parts.append(heading(3, _t("macc", lang)))
    fig = macc_figure(analysis, lang)
    parts.append(figure_html(fig, _t("macc", lang)) if fig is not None else paragraph(_t("macc_none", lang)))
    parts.append(paragraph(_t("macc_note", lang), "pl-sub"))
    total = analysis.baseline["total_market"]
    avoided = analysis.plan_avoided_kg
    parts.append(heading(3, _t("plan", lang)))
    parts.append(
        paragraph(
            _t(
                "plan_text",
                lang,
                t=_n(avoided / 1000, lang),
                pct=_n(100 * avoided / total if total else float("nan"), lang, 0),
                left=_n((total - avoided) / 1000, lang),
            )
        )
    )
    parts.append(paragraph(analysis.commitment().text(lang)))
    parts.append(heading(3, _t("assumptions", lang)))
    parts.append(html_table(assumptions_table(analysis, lang)))
    return Block("".join(parts))


def network_potentials(workspace, year: int) -> pd.DataFrame:
    """One row per (partner, applicable action) over the year's computed partners: avoided kg."""
    ws = Workspace.at(workspace)
    d = ws.processed_dir(int(year))
    em_path, p_path = d / "emissions.csv", d / "partners.csv"
    if not em_path.is_file() or not p_path.is_file() or p_path.stat().st_size <= 1:
        return pd.DataFrame(columns=["partner_id", "action_id", "avoided_market_kg", "avoided_location_kg"])
    partners = pd.read_csv(p_path, dtype={"partner_id": str}, keep_default_na=False, na_values=[""])
    emissions = pd.read_csv(em_path, dtype={"partner_id": str}, keep_default_na=False, na_values=[""])
    frames = []
    for (factor_set, gwp), group in partners.groupby(["factor_set", "gwp_set"]):
        ids = list(group["partner_id"])
        lines = []
        for i, pid in enumerate(ids):
            part = lines_from_emissions(emissions[emissions["partner_id"] == pid])
            lines.append(prepare_lines(part, group=i))
        if not lines:
            continue
        res = evaluate_actions(
            pd.concat(lines, ignore_index=True), find_factor_set(factor_set, ws.root), gwp_set=gwp
        )
        res["partner_id"] = [ids[g] for g in res["_group"]]
        frames.append(res.drop(columns="_group"))
    return (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["partner_id", "action_id"])
    )


def network_actions(workspace, year: int, lang: str = "fi", audience: str = "coordinator") -> Block:
    """The network section: t avoided summed by action, largest first; public under the suppression rule."""
    pot = network_potentials(workspace, year)
    public = audience == "public"
    if public and not pot.empty:  # over the partners the public emission figures are over, no other
        published = public_year_figures(Workspace.at(workspace), int(year)).publication
        shown = set(published.partners) if published is not None else set()
        pot = pot[pot["partner_id"].astype(str).isin(shown)]
    parts = [heading(2, _t("net_title", lang)), paragraph(_t("net_intro", lang))]
    if pot.empty:
        return Block("".join([*parts, paragraph(_t("net_none", lang))]))
    positive = pot[pot["avoided_market_kg"] > 0]
    contrib = pd.DataFrame(
        {
            "group": positive["action_id"],
            "partner": positive["partner_id"],
            "kg": positive["avoided_market_kg"],
        }
    )
    table = disclose_groups(contrib, public=public)
    table = rounded(table) if public else table
    if table.withheld or table.rows.empty:
        return Block("".join([*parts, paragraph(withheld_text(lang))]))
    cat = load_action_catalogue()
    rows = table.rows
    labels = [other_label(lang) if g == OTHER else cat[g].label(lang) for g in rows["group"]]
    fig, ax = new_figure(7.5, 0.42 * max(len(rows), 3) + 1)
    ax.barh(labels[::-1], (rows["kg"] / 1000.0).to_numpy()[::-1], color="#2f7d5b")
    ax.set_xlabel(_t("col_t", lang))
    number_axis(ax, "x", lang)
    shown = pd.DataFrame(
        {
            _t("col_action", lang): labels,
            _t("col_partners", lang): rows["contributors"],
            _t("col_t", lang): [
                _n(v / 1000.0, lang, rules.published_decimals(v / 1000.0) if public else 1)
                for v in rows["kg"]
            ],
        }
    )
    parts += [figure_html(fig, _t("net_title", lang)), html_table(shown)]
    return Block("".join(parts))
