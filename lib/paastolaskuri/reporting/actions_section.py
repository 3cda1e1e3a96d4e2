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

from functools import lru_cache

import pandas as pd

from paastolaskuri.accounting.factors import find_factor_set
from paastolaskuri.actions.analysis import (
    ActionAnalysis,
    confidence_text,
    macc_data,
    plan_table,
    prices_line,
)
from paastolaskuri.actions.catalogue import (
    ParameterError,
    load_action_catalogue,
    parameter_value_text,
)
from paastolaskuri.actions.engine import evaluate_actions, prepare_lines
from paastolaskuri.actions.inputs import lines_from_emissions
from paastolaskuri.core.i18n import text, text_or
from paastolaskuri.core.numformat import format_number
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.tables import (
    OTHER,
    GroupTable,
    disclose_groups,
    other_label,
    rounded,
    withheld_text,
)
from paastolaskuri.reporting.blocks import Block, figure_html, heading, new_figure, paragraph
from paastolaskuri.reporting.charts import number_axis
from paastolaskuri.reporting.partner_results import (
    compute_partner_analysis,
    stored_action_results,
    stored_partner_analysis,
)
from paastolaskuri.reporting.presentation import confidence_label, html_table
from paastolaskuri.reporting.year_figures import public_year_figures


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


def _flag_set(value) -> bool:
    """True for a yes flag (a bool or numpy bool), False for no or None."""
    return value is not None and value == value and bool(value)


def _range(low, high, lang: str, decimals: int = 1) -> str:
    """The range "low … high" as the uncertainty tables write it ("–" when an end is missing).

    One value when both ends print alike; " … " rather than a dash, so a negative end reads
    "-1 463 … -1 445", never "-1 463--1 445".
    """
    if low is None or high is None or low != low or high != high:
        return "–"
    a, b = _n(low, lang, decimals), _n(high, lang, decimals)
    return a if a == b else f"{a} … {b}"


def ranked_table(analysis: ActionAnalysis, lang: str) -> pd.DataFrame:
    """The displayed ranked table of the actions that reduce emissions (market-based).

    Columns: #, action, t on both bases with the range across the assumptions, %, €/yr, €/t, payback
    ("–" without an investment), notes.
    """
    r = analysis.effective(lang)
    notes = []
    for x in r.itertuples():
        items = [_t("flag_unverified", lang)] if x.rests_on_unverified else []
        items += [] if x.cost_estimated else [_t("flag_nocost", lang)]
        items += [_t("flag_lifetime", lang)] if _flag_set(x.payback_exceeds_lifetime) else []
        items += [_t("flag_location", lang)] if x.increases_location else []
        notes.append("; ".join(items))
    return pd.DataFrame(
        {
            _t("col_no", lang): range(1, len(r) + 1),
            _t("col_action", lang): r["label"],
            _t("col_t", lang): [_n(v, lang) for v in r["t_avoided_market"]],
            _t("col_range", lang): [
                _range(lo, hi, lang)
                for lo, hi in zip(r["t_avoided_market_low"], r["t_avoided_market_high"], strict=True)
            ],
            _t("col_t_loc", lang): [_n(v, lang) for v in r["t_avoided_location"]],
            _t("col_share", lang): [_n(v, lang) for v in r["share_of_footprint_pct"]],
            _t("col_cost", lang): [_n(v, lang, 0) for v in r["cost_eur_per_year"]],
            _t("col_eur_t", lang): [_n(v, lang, 0) for v in r["eur_per_t"]],
            _t("col_eur_t_range", lang): [
                _range(lo, hi, lang, 0)
                for lo, hi in zip(r["eur_per_t_low"], r["eur_per_t_high"], strict=True)
            ],
            _t("col_payback", lang): [_n(v, lang) for v in r["payback_years"]],
            _t("col_notes", lang): notes,
        }
    )


def increasing_table(analysis: ActionAnalysis, lang: str) -> pd.DataFrame:
    """Actions that would raise the market-based footprint, with the reason they are not ranked."""
    r = analysis.increasing(lang)
    return pd.DataFrame(
        {
            _t("col_action", lang): r["label"],
            _t("col_t", lang): [_n(v, lang, 3) for v in r["t_avoided_market"]],
            _t("col_t_loc", lang): [_n(v, lang, 3) for v in r["t_avoided_location"]],
            _t("col_notes", lang): [text("actions.increase_reason", lang)] * len(r),
        }
    )


def _axis_limit(values) -> float | None:
    """A €/t limit that keeps one extreme bar from flattening the others (None: no clipping)."""
    mags = sorted(abs(v) for v in values)
    if len(mags) < 2 or mags[-1] <= 3 * max(mags[-2], 1.0):
        return None
    return 1.5 * max(mags[-2], 1.0)


def macc_figure(analysis: ActionAnalysis, lang: str):
    """The MACC of the combined plan (None when no step is costed).

    Bars are the plan's steps (see `actions.analysis.macc_data`): costed ones cheapest per tonne first,
    then a grey band for steps whose cost was not estimated, so the cumulative axis ends exactly at the
    plan's total. Alternatives the plan did not take are dashed outlines over the chosen bar. Bar
    numbers stand on a top axis, outside the plot, so no label overlaps a bar; a bar cut at the axis
    (one extreme €/t) is named in `macc_notes`.
    """
    data = macc_data(analysis, lang)
    costed = [b for b in data.bars if b.eur_per_t is not None]
    if not costed or data.total_t <= 0:
        return None
    fig, ax = new_figure(7.5, 3.8)
    limit = _axis_limit([b.eur_per_t for b in costed])
    left, centres, numbers, lefts = 0.0, [], [], {}
    for b in data.bars:
        v = b.eur_per_t
        if v is None:  # not costed: a grey band on the zero line, so the widths still add up
            ax.bar(left, 0, width=b.t_avoided, align="edge", color="#bbb", edgecolor="#999", linewidth=3)
        else:
            shown = v if limit is None else max(-limit, min(limit, v))
            color = "#2f7d5b" if v < 0 else "#9c6b30"
            ax.bar(
                left, shown, width=b.t_avoided, align="edge", color=color, edgecolor="white", linewidth=0.8
            )
        lefts[b.no] = (left, b.eur_per_t)
        centres.append(left + b.t_avoided / 2)
        numbers.append(str(b.no))
        left += b.t_avoided
    ranked = analysis.effective(lang)
    for chosen, others in data.alternatives:
        start, _ = lefts[chosen]
        for no in others:
            x = ranked.iloc[no - 1]
            if x.eur_per_t == x.eur_per_t:
                h = x.eur_per_t if limit is None else max(-limit, min(limit, x.eur_per_t))
                ax.bar(
                    start, h, width=x.t_avoided_market, align="edge", fill=False, edgecolor="#555", ls="--"
                )
    ax.axhline(0, color="#555", lw=0.8)
    ax.set_xlim(0, data.total_t)
    if limit is not None:
        lo, hi = ax.get_ylim()
        ax.set_ylim(max(lo, -1.2 * limit), min(hi, 1.2 * limit))
    top = ax.secondary_xaxis("top")
    ticks, labels = top_labels(centres, numbers, data.total_t)
    top.set_xticks(ticks, labels=labels, fontsize=8)
    top.tick_params(length=0)
    ax.set_xlabel(_t("macc_x", lang))
    ax.set_ylabel(_t("macc_y", lang))
    number_axis(ax, "both", lang)
    return fig


CHAR_WIDTH = 0.012  # a label character's width as a share of the axis (8 pt on the 7.5 in figure)


def top_labels(centres: list[float], numbers: list[str], total: float) -> tuple[list[float], list[str]]:
    """Bar numbers for the top axis, where no label can cover a bar.

    Bars whose labels would overlap share one label ("6/13/7") at their mean position; merging goes
    on until no two labels overlap.
    """
    groups: list[list[int]] = []

    def tick(g: list[int]) -> float:
        return sum(centres[i] for i in g) / len(g)

    def width(g: list[int]) -> float:
        return CHAR_WIDTH * total * (len("/".join(numbers[i] for i in g)) + 1)

    for i in range(len(centres)):
        groups.append([i])
        while (
            len(groups) > 1
            and tick(groups[-1]) - tick(groups[-2]) < (width(groups[-1]) + width(groups[-2])) / 2
        ):
            last = groups.pop()
            groups[-1].extend(last)
    return [tick(g) for g in groups], ["/".join(numbers[i] for i in g) for g in groups]


def macc_notes(analysis: ActionAnalysis, lang: str) -> list[str]:
    """The MACC's caption lines: alternatives left out, bars cut at the axis."""
    data = macc_data(analysis, lang)
    ranked = analysis.effective(lang)
    out = []
    if data.alternatives:
        items = "; ".join(
            f"{chosen}: " + ", ".join(f"{no} {ranked.iloc[no - 1]['label']}" for no in others)
            for chosen, others in data.alternatives
        )
        out.append(_t("macc_alternatives", lang, items=items))
    limit = _axis_limit([b.eur_per_t for b in data.bars if b.eur_per_t is not None])
    if limit is not None:
        cut = [b for b in data.bars if b.eur_per_t is not None and abs(b.eur_per_t) > limit]
        items = ", ".join(f"{b.no}: {_n(b.eur_per_t, lang, 0)} €/t" for b in cut)
        out.append(_t("macc_clipped", lang, items=items))
    return out


def assumptions_table(analysis: ActionAnalysis, lang: str) -> pd.DataFrame:
    """Every assumption behind the shown actions: label, value with unit, source, confidence, note."""
    a = analysis.assumptions(lang)
    values = [
        _t("not_given", lang) if v is None or v != v else parameter_value_text(v, u, lang)
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
            _t("col_conf", lang): [confidence_text(c, lang) for c in a["confidence"]],
            _t("col_note", lang): a["note"],
        }
    )


def partner_analysis(workspace, partner_id: str, year: int, overrides=None, plan=None) -> ActionAnalysis:
    """One computed partner-year's actions analysed (the report section and the Excel summary use it).

    Without overrides or a plan, the analysis the run stored for the year (`partner_results`) is read
    when it still applies; otherwise it is computed here. Raises ParameterError when an override or
    the partner's own price is out of its range.
    """
    if overrides is None and plan is None:
        stored = stored_partner_analysis(workspace, partner_id, year)
        if stored is not None:
            return stored
    return compute_partner_analysis(workspace, partner_id, year, overrides, plan)


def partner_actions(
    workspace, partner_id: str, year: int, lang: str = "fi", overrides=None, plan=None
) -> Block:
    """The partner report's section: ranked table, MACC, plan and commitment, assumptions."""
    try:
        analysis = partner_analysis(workspace, partner_id, year, overrides, plan)
    except (
        ParameterError
    ) as exc:  # a partner's own price out of range: the section says so, the report stands
        return Block(heading(2, _t("title", lang)) + paragraph(exc.message(lang)))
    return partner_block(analysis, lang)


def partner_block(analysis: ActionAnalysis, lang: str) -> Block:
    """The section's HTML from an analysis (the what-if notebook uses it too)."""
    rate = 100 * (analysis.catalogue.values("green_electricity").get("discount_rate") or 0)
    parts = [
        heading(2, _t("title", lang)),
        paragraph(_t("intro", lang, rate=_n(rate, lang))),
        paragraph(prices_line(analysis, lang)),
    ]
    if analysis.results.empty:
        return Block("".join([*parts, paragraph(_t("none", lang))]))
    parts.append(html_table(ranked_table(analysis, lang)))
    if len(analysis.increasing(lang)):
        parts += [heading(3, _t("increasing", lang)), html_table(increasing_table(analysis, lang))]
    parts.append(heading(3, _t("macc", lang)))
    fig = macc_figure(analysis, lang)
    parts.append(figure_html(fig, _t("macc", lang)) if fig is not None else paragraph(_t("macc_none", lang)))
    parts.append(paragraph(_t("macc_note", lang), "pl-sub"))
    parts += [paragraph(line, "pl-sub") for line in (macc_notes(analysis, lang) if fig is not None else [])]
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
    parts.append(html_table(plan_table(analysis, lang)))
    parts.append(paragraph(analysis.commitment().text(lang)))
    parts.append(heading(3, _t("assumptions", lang)))
    parts.append(html_table(assumptions_table(analysis, lang)))
    return Block("".join(parts))


def network_potentials(workspace, year: int) -> pd.DataFrame:
    """One row per (partner, applicable action) over the year's computed partners: avoided kg.

    A partner's rows are its own report's ranked actions where the run stored them and they still
    apply (`partner_results.stored_action_results`); the other partners are evaluated here, together.
    Kept per process while the year's processed files are unchanged: the report section and the
    network workbook (and every output the attacker suite reads) show the same potentials.
    """
    ws = Workspace.at(workspace)
    d = ws.processed_dir(int(year))
    stamp = tuple(
        p.stat().st_mtime_ns if p.is_file() else 0 for p in (d / "emissions.csv", d / "partners.csv")
    )
    return _potentials(str(ws.root), int(year), stamp).copy()


@lru_cache(maxsize=8)
def _potentials(root: str, year: int, stamp: tuple) -> pd.DataFrame:
    ws = Workspace.at(root)
    d = ws.processed_dir(year)
    em_path, p_path = d / "emissions.csv", d / "partners.csv"
    if not em_path.is_file() or not p_path.is_file() or p_path.stat().st_size <= 1:
        return pd.DataFrame(columns=[*POTENTIAL_COLUMNS, "partner_id"])
    partners = pd.read_csv(p_path, dtype={"partner_id": str}, keep_default_na=False, na_values=[""])
    emissions = pd.read_csv(em_path, dtype={"partner_id": str}, keep_default_na=False, na_values=[""])
    frames = []
    for (factor_set, gwp), group in partners.groupby(["factor_set", "gwp_set"]):
        ids = list(group["partner_id"])
        stored = {pid: stored_action_results(ws.root, pid, year) for pid in ids}
        missing = [pid for pid in ids if stored[pid] is None]
        computed = _evaluated(ws, year, emissions, missing, factor_set, gwp)
        for pid in ids:  # in partners.csv's order, each partner's rows as its ranking orders them
            rows = stored[pid]
            frames.append(
                computed[computed["partner_id"] == pid]
                if rows is None
                else rows[[c for c in POTENTIAL_COLUMNS if c in rows]].assign(partner_id=pid)
            )
    frames = [f for f in frames if len(f)]
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=[*POTENTIAL_COLUMNS, "partner_id"])
    )


# what the network's potentials keep of a partner's ranked actions (the same columns either way)
POTENTIAL_COLUMNS = ("action_id", "avoided_market_kg", "avoided_location_kg")


def _evaluated(
    ws: Workspace, year: int, emissions, ids: list[str], factor_set: str, gwp: str
) -> pd.DataFrame:
    """The partners' actions evaluated together, in one engine call: avoided kg by (partner, action)."""
    lines = [
        prepare_lines(lines_from_emissions(emissions[emissions["partner_id"] == pid]), group=i)
        for i, pid in enumerate(ids)
    ]
    if not lines:
        return pd.DataFrame(columns=[*POTENTIAL_COLUMNS, "partner_id"])
    res = evaluate_actions(
        pd.concat(lines, ignore_index=True), find_factor_set(factor_set, ws.root), gwp_set=gwp, year=int(year)
    )
    res["partner_id"] = [ids[g] for g in res["_group"]]
    return res[[*POTENTIAL_COLUMNS, "partner_id"]]


def network_action_table(workspace, year: int, public: bool) -> GroupTable | None:
    """Tonnes avoided summed by action over the year's partners (None: no action applies to any partner).

    In public, over the partners the public emission figures are over and no other, each row through
    the disclosure rules (merged into "other" or withheld) and rounded. The report section and the
    network's Excel summary both print this table.
    """
    pot = network_potentials(workspace, year)
    if public and not pot.empty:
        published = public_year_figures(Workspace.at(workspace), int(year)).publication
        shown = set(published.partners) if published is not None else set()
        pot = pot[pot["partner_id"].astype(str).isin(shown)]
    if pot.empty:
        return None
    positive = pot[pot["avoided_market_kg"] > 0]
    contrib = pd.DataFrame(
        {
            "group": positive["action_id"],
            "partner": positive["partner_id"],
            "kg": positive["avoided_market_kg"],
        }
    )
    table = disclose_groups(contrib, public=public)
    return rounded(table) if public else table


def network_actions(workspace, year: int, lang: str = "fi", audience: str = "coordinator") -> Block:
    """The network section: t avoided summed by action, largest first; public under the suppression rule."""
    public = audience == "public"
    table = network_action_table(workspace, year, public)
    parts = [heading(2, _t("net_title", lang)), paragraph(_t("net_intro", lang))]
    if table is None:
        return Block("".join([*parts, paragraph(_t("net_none", lang))]))
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
