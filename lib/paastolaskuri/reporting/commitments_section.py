"""The report sections on climate commitments: a partner's own, and the network's.

Both return a :class:`~paastolaskuri.reporting.blocks.Block`. The partner section reads only that
partner's tracking; the network section shows counts, and names partners only to the coordinator.
The network's committed pathway sums one target per partner (:func:`network_target`); in public each
year's row is published only when it passes the disclosure rules (:mod:`paastolaskuri.disclosure.rules`)
over that year's contributing partners, rounded, and the counts by status show no count of 1 or 2.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.commitments.since_base import BaseChange, change_since_base
from paastolaskuri.commitments.store import PartnerTracking, network_settings
from paastolaskuri.commitments.texts import (
    TARGET_STATUS,
    action_status_label,
    coverage_label,
    evidence_sentence,
    metric_label,
    restated_sentence,
    status_label,
    target_sentence,
)
from paastolaskuri.commitments.tracking import REFERENCE_SOURCE, TargetTracking, pathway_at, reference_at
from paastolaskuri.core.i18n import text
from paastolaskuri.core.numformat import format_number
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.tables import withheld_text
from paastolaskuri.reporting.blocks import Block, figure_html, heading, new_figure, paragraph
from paastolaskuri.reporting.partner_results import network_tracking, partner_tracking
from paastolaskuri.reporting.presentation import html_table, word


def _t(key: str, lang: str, **kw: object) -> str:
    return text(f"report.commitments.{key}", lang, **kw)


def _value(x: float | None, lang: str) -> str:
    return format_number(x, lang, 1)


def targets_table(tracked: list[TargetTracking], lang: str) -> pd.DataFrame:
    """One row per target: coverage, metric, base, latest, target, pathway, gap and status, as displayed."""
    rows = []
    for tr in tracked:
        rows.append(
            {
                _t("id", lang): tr.target_id,
                _t("coverage", lang): coverage_label(tr.coverage, lang),
                _t("metric", lang): f"{metric_label(tr.kind, lang)} ({tr.unit})",
                _t("base", lang): f"{tr.base_year}: {_value(tr.base_value, lang)}",
                _t("latest", lang): f"{tr.latest_year}: {_value(tr.latest_value, lang)}"
                if tr.latest_year
                else "–",
                _t("target", lang): f"{tr.target_year}: {_value(tr.target_value, lang)}",
                _t("pathway", lang): _value(tr.pathway_value_latest, lang),
                _t("gap", lang): _value(tr.gap, lang),
                _t("status", lang): status_label(tr.status, lang),
            }
        )
    return pd.DataFrame(rows)


def target_chart(tr: TargetTracking, lang: str):
    """Measured years, the committed pathway, the 1.5 °C reference and the target point."""
    # matplotlib loads only when a chart is drawn
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig, ax = new_figure(7.0, 3.2)
    if tr.pathway:
        xs = [y for y, _ in tr.pathway]
        ax.plot(xs, [v for _, v in tr.pathway], "--", color="#2f7d5b", label=_t("committed", lang))
        ref_years = list(range(tr.base_year, tr.target_year + 1))
        ax.plot(
            ref_years,
            [reference_at(tr.pathway[0][1], tr.base_year, y) for y in ref_years],
            ":",
            color="#888",
            label=_t("reference", lang),
        )
        ax.plot(
            [tr.target_year],
            [tr.pathway[-1][1]],
            "*",
            markersize=12,
            color="#2f7d5b",
            label=_t("target_point", lang),
        )
    if tr.series:
        ax.plot(
            [y for y, _ in tr.series],
            [v for _, v in tr.series],
            "o-",
            color="#1f4e79",
            label=_t("measured", lang),
        )
    ax.set_ylabel(tr.unit)
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, lang, 0)))
    ax.legend(fontsize=8, loc="best", frameon=False)
    ax.set_title(f"{tr.target_id}: {coverage_label(tr.coverage, lang)}", fontsize=10)
    return fig


def _actions_table(pt: PartnerTracking, lang: str) -> pd.DataFrame:
    catalogue = load_catalogue()
    rows = []
    for action, ev in pt.actions:
        label = catalogue.activities[action.link_activity].label(lang) if action.link_activity else ""
        rows.append(
            {
                _t("id", lang): action.commitment_id,
                _t("description", lang): action.description,
                _t("due", lang): action.due or "–",
                _t("reported", lang): action_status_label(action.status, lang),
                _t("evidence", lang): evidence_sentence(action, ev, label, lang),
            }
        )
    return pd.DataFrame(rows)


def _reference_note(lang: str) -> str:
    src = REFERENCE_SOURCE
    conf = word("unverified", lang) if src["confidence"] == "unverified" else src["confidence"]
    return _t(
        "reference_note", lang, src=f"{src['publisher']}: {src['document']}", year=src["year"], conf=conf
    )


def since_base_sentence(target_id: str, bc: BaseChange, lang: str) -> str:
    """A target's change since its base year split into activity and emission factors, in t CO2e."""

    def signed(v: float) -> str:
        s = format_number(v, lang, 1)
        return s if v <= 0 else f"+{s}"

    return _t(
        "since_base",
        lang,
        target=target_id,
        base_year=bc.base_year,
        year=bc.year,
        change=signed(bc.change_t),
        activity=signed(bc.activity_t),
        factor=signed(bc.factor_t),
    )


def partner_section(pt: PartnerTracking, lang: str, since_base: dict[str, BaseChange] | None = None) -> Block:
    """The partner report's commitments section: targets with a chart and a sentence each, actions with evidence.

    `since_base`: target id -> its change since the base year split into activity and factors.
    """
    parts = [heading(2, _t("title", lang))]
    if not pt.has_commitments:
        return Block(parts[0] + paragraph(_t("none", lang)))
    if pt.targets:
        parts += [heading(3, _t("targets", lang)), html_table(targets_table(pt.targets, lang))]
        for tr in pt.targets:
            parts.append(paragraph(f"{tr.target_id}: {target_sentence(tr, lang)}"))
            if since_base and tr.target_id in since_base:
                parts.append(paragraph(since_base_sentence(tr.target_id, since_base[tr.target_id], lang)))
            if tr.compensated_t:
                parts.append(paragraph(_t("compensated", lang, v=format_number(tr.compensated_t, lang, 1))))
            if tr.series or tr.pathway:
                parts.append(figure_html(target_chart(tr, lang), f"{tr.target_id}"))
        parts.append(paragraph(_t("restated", lang), "pl-sub"))
        parts += [paragraph(restated_sentence(b, lang).capitalize() + ".", "pl-sub") for b in pt.restated]
        parts += [
            paragraph(p.message(lang), "pl-flag") for p in pt.problems if p.code == "commitment_not_restated"
        ]
        parts.append(paragraph(_reference_note(lang), "pl-sub"))
    if pt.actions:
        parts += [heading(3, _t("actions", lang)), html_table(_actions_table(pt, lang))]
    parts.append(paragraph(_t("estimate_note", lang), "pl-sub"))
    return Block("".join(parts))


def partner_commitments(workspace, partner_id: str, year: int, lang: str = "fi") -> Block:
    """Track one partner's commitments in the workspace and render the section."""
    ws = Workspace.at(workspace)
    pt = partner_tracking(ws.root, partner_id, year)
    splits = {}
    for tr in pt.targets:
        bc = change_since_base(ws, partner_id, tr.base_year, year, tr.coverage, tr.categories)
        if bc is not None:
            splits[tr.target_id] = bc
    return partner_section(pt, lang, splits)


def status_counts(tracked: list[PartnerTracking]) -> pd.DataFrame:
    """Targets by status (and how many partners they belong to): aggregates only."""
    rows = []
    for status in TARGET_STATUS:
        partners = {pt.partner_id for pt in tracked for tr in pt.targets if tr.status == status}
        n = sum(1 for pt in tracked for tr in pt.targets if tr.status == status)
        rows.append({"status": status, "targets": n, "partners": len(partners), "members": (status,)})
    return pd.DataFrame(rows)


def _shown(row) -> bool:
    return rules.count_shown(row["targets"]) and rules.count_shown(row["partners"])


def public_status_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """The counts a public reader may see: no count of 1 or 2 (targets or partners) in any row.

    Statuses whose counts cannot be shown are merged into one row (``members`` names them); while that
    row's counts cannot be shown either, the smallest shown status joins it, so the rows still add up
    to the total and no hidden count is a difference of shown ones. Empty when nothing can be shown.
    """
    shown = [r for _, r in counts.iterrows() if _shown(r)]
    hidden = [r for _, r in counts.iterrows() if not _shown(r)]

    def merged(rows) -> dict:
        return {
            "status": "__other__",
            "targets": sum(int(r["targets"]) for r in rows),
            "partners": sum(int(r["partners"]) for r in rows),  # an upper bound: a partner may be in two
            "members": tuple(m for r in rows for m in r["members"]),
        }

    while hidden and not _shown(merged(hidden)):
        nonzero = [r for r in shown if r["targets"]]
        if not nonzero:
            return counts.iloc[0:0]
        smallest = min(nonzero, key=lambda r: (r["targets"], r["partners"]))
        shown = [r for r in shown if r["status"] != smallest["status"]]
        hidden.append(smallest)
    rows = [dict(r) for r in shown] + ([merged(hidden)] if hidden else [])
    return pd.DataFrame(rows, columns=counts.columns)


#: coverages from the broadest to the narrowest: a partner's pathway contribution is its broadest target
COVERAGE_BREADTH = ("scope123", "scope12_market", "scope12_location", "scope1", "categories")


def network_target(pt: PartnerTracking) -> TargetTracking | None:
    """The one target a partner contributes to the network's committed pathway (None without one).

    The broadest absolute target (Scope 1+2+3, then Scope 1+2 market-, then location-based, Scope 1,
    selected categories); among equally broad ones the nearest target year (the one binding now),
    then the first ID. A partner's near- and long-term targets cover the same emissions, so summing
    both would count the partner twice.
    """
    absolute = [tr for tr in pt.targets if tr.kind == "absolute" and tr.pathway]
    if not absolute:
        return None
    return min(absolute, key=lambda tr: (COVERAGE_BREADTH.index(tr.coverage), tr.target_year, tr.target_id))


def pathway_contributions(tracked: list[PartnerTracking]) -> dict[int, dict[str, tuple[float, float]]]:
    """Year -> partner -> (covered emissions, committed pathway) in t CO2e, one target per partner."""
    out: dict[int, dict[str, tuple[float, float]]] = {}
    for pt in tracked:
        tr = network_target(pt)
        if tr is None:
            continue
        for year, value in tr.series:
            out.setdefault(year, {})[pt.partner_id] = (value, pathway_at(tr.pathway, year))
    return out


def network_pathway(tracked: list[PartnerTracking]) -> tuple[pd.DataFrame, int]:
    """Per year: covered emissions and committed pathway summed over partners, one target each.

    Columns year, measured_t, pathway_t, partners (contributing that year); and the partner count.
    """
    contributions = pathway_contributions(tracked)
    years = sorted(contributions)
    frame = pd.DataFrame(
        {
            "year": years,
            "measured_t": [sum(m for m, _ in contributions[y].values()) for y in years],
            "pathway_t": [sum(c for _, c in contributions[y].values()) for y in years],
            "partners": [len(contributions[y]) for y in years],
        }
    )
    return frame, len({pid for year in contributions.values() for pid in year})


def public_pathway(tracked: list[PartnerTracking]) -> pd.DataFrame:
    """The network pathway's rows a public reader may see, rounded to the published precision.

    A year's row is published only when both its cells (covered emissions, committed pathway) pass
    the disclosure rules over the partners contributing that year (threshold and p %-rule, per cell
    and year); magnitudes are rounded with :func:`paastolaskuri.disclosure.rules.round_published`.
    """
    contributions = pathway_contributions(tracked)
    frame, _ = network_pathway(tracked)
    keep = [
        rules.publishable([m for m, _ in contributions[y].values()])
        and rules.publishable([c for _, c in contributions[y].values()])
        for y in frame["year"]
    ]
    out = frame.loc[keep].reset_index(drop=True)  # .loc: an empty mask selects no rows, not no columns
    for column in ("measured_t", "pathway_t"):
        out[column] = [rules.round_published(v) for v in out[column]]
    return out


def _coordinator_table(tracked: list[PartnerTracking], lang: str) -> pd.DataFrame:
    rows = [
        {
            _t("partner", lang): pt.partner_id,
            _t("id", lang): tr.target_id,
            _t("coverage", lang): coverage_label(tr.coverage, lang),
            _t("target", lang): f"−{format_number(tr.reduction_pct, lang, 0)} % {tr.target_year}",
            _t("status", lang): status_label(tr.status, lang),
        }
        for pt in tracked
        for tr in pt.targets
    ]
    return pd.DataFrame(rows)


def network_section(workspace, year: int, lang: str = "fi", audience: str = "coordinator") -> Block:
    """The network report's commitments section: counts by status, the committed pathway, the city's target."""
    ws = Workspace.at(workspace)
    tracked = network_tracking(ws.root, year)
    public = audience == "public"
    with_any = [pt for pt in tracked if pt.has_commitments]
    n_targets = sum(len(pt.targets) for pt in tracked)
    n_actions = sum(len(pt.actions) for pt in tracked)
    parts = [heading(2, _t("title", lang))]
    numbers = {"n": len(with_any), "total": len(tracked), "targets": n_targets, "actions": n_actions}
    counted: dict[str, object] = {k: _public_count(v, lang) if public else v for k, v in numbers.items()}
    parts.append(paragraph(_t("partners_with", lang, **counted)))
    counts = status_counts(tracked)
    if public:
        counts = public_status_counts(counts)
    shown = pd.DataFrame(
        {
            _t("status", lang): [_status_row_label(r, lang) for _, r in counts.iterrows()],
            _t("count", lang): counts["targets"],
        }
    )
    parts.append(heading(3, _t("network_counts", lang)))
    parts.append(html_table(shown) if len(shown) else paragraph(withheld_text(lang)))
    if not public and n_targets:
        parts.append(html_table(_coordinator_table(tracked, lang)))
    frame, n = network_pathway(tracked)
    if public:
        frame = public_pathway(tracked)
    parts.append(heading(3, _t("network_path", lang)))
    settings = network_settings(ws)
    if settings.get("city_target"):
        parts.append(
            paragraph(
                _t(
                    "city_target",
                    lang,
                    text=settings["city_target"].get(lang) or settings["city_target"].get("fi", ""),
                )
            )
        )
    if frame.empty:
        withheld = _t("path_withheld", lang, min=rules.MIN_CONTRIBUTORS)
        parts.append(paragraph(withheld if public and n else "–"))
    else:
        shown_n = _public_count(n, lang) if public else n
        parts.append(paragraph(_t("network_path_note", lang, n=shown_n), "pl-sub"))
        parts.append(paragraph(_t("network_path_rule", lang), "pl-sub"))
        if public:
            parts.append(paragraph(_t("network_path_public", lang), "pl-sub"))
        table = pd.DataFrame(
            {
                _t("year", lang): frame["year"].astype(str),
                _t("measured_t", lang): [_tonnes(v, lang, public) for v in frame["measured_t"]],
                _t("committed_t", lang): [_tonnes(v, lang, public) for v in frame["pathway_t"]],
            }
        )
        parts.append(html_table(table))
        parts.append(figure_html(_network_chart(frame, lang), _t("network_path", lang)))
    return Block("".join(parts))


def _tonnes(v: float, lang: str, public: bool) -> str:
    """Tonnes with one decimal; a published (rounded) value without decimals it does not have."""
    return format_number(v, lang, 0 if public and abs(v) >= 100 else 1)


def _public_count(n: int, lang: str) -> str:
    """A count as a public reader sees it: the number, or "fewer than 3" for a count of 1 or 2."""
    return str(n) if rules.count_shown(n) else _t("few", lang, min=rules.MIN_CONTRIBUTORS)


def _status_row_label(row, lang: str) -> str:
    if row["status"] != "__other__":
        return status_label(row["status"], lang)
    return _t("merged_statuses", lang, items=", ".join(status_label(m, lang) for m in row["members"]))


def _network_chart(frame: pd.DataFrame, lang: str):
    # matplotlib loads only when a chart is drawn
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig, ax = new_figure(7.0, 3.0)
    ax.plot(frame["year"], frame["measured_t"], "o-", color="#1f4e79", label=_t("measured", lang))
    ax.plot(frame["year"], frame["pathway_t"], "--", color="#2f7d5b", label=_t("committed", lang))
    ax.set_ylabel("t CO2e")
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, lang, 0)))
    ax.legend(fontsize=8, frameon=False)
    return fig


__all__ = ["network_section", "partner_commitments", "partner_section"]
