"""The report sections on climate commitments: a partner's own, and the network's.

Both return a :class:`~paastolaskuri.reporting.blocks.Block`. The partner section reads only that
partner's tracking; the network section shows counts, and names partners only to the coordinator.
The network's committed pathway is a sum over partners, withheld in public under the one
suppression rule (:mod:`paastolaskuri.reporting.suppression`).
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.commitments.store import PartnerTracking, network_settings, track_network, track_partner
from paastolaskuri.commitments.texts import (
    TARGET_STATUS,
    action_status_label,
    coverage_label,
    evidence_sentence,
    metric_label,
    status_label,
    target_sentence,
)
from paastolaskuri.commitments.tracking import REFERENCE_SOURCE, TargetTracking, pathway_at, reference_at
from paastolaskuri.i18n import text
from paastolaskuri.numformat import format_number
from paastolaskuri.reporting.blocks import Block, figure_html, heading, new_figure, paragraph
from paastolaskuri.reporting.presentation import html_table, word
from paastolaskuri.reporting.suppression import enough, withheld_text
from paastolaskuri.workspace import Workspace


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


def partner_section(pt: PartnerTracking, lang: str) -> Block:
    """The partner report's commitments section: targets with a chart and a sentence each, actions with evidence."""
    parts = [heading(2, _t("title", lang))]
    if not pt.has_commitments:
        return Block(parts[0] + paragraph(_t("none", lang)))
    if pt.targets:
        parts += [heading(3, _t("targets", lang)), html_table(targets_table(pt.targets, lang))]
        for tr in pt.targets:
            parts.append(paragraph(f"{tr.target_id}: {target_sentence(tr, lang)}"))
            if tr.compensated_t:
                parts.append(paragraph(_t("compensated", lang, v=format_number(tr.compensated_t, lang, 1))))
            if tr.series or tr.pathway:
                parts.append(figure_html(target_chart(tr, lang), f"{tr.target_id}"))
        parts.append(paragraph(_t("restated", lang), "pl-sub"))
        parts.append(paragraph(_reference_note(lang), "pl-sub"))
    if pt.actions:
        parts += [heading(3, _t("actions", lang)), html_table(_actions_table(pt, lang))]
    parts.append(paragraph(_t("estimate_note", lang), "pl-sub"))
    return Block("".join(parts))


def partner_commitments(workspace, partner_id: str, year: int, lang: str = "fi") -> Block:
    """Track one partner's commitments in the workspace and render the section."""
    return partner_section(track_partner(Workspace.at(workspace), partner_id, year), lang)


def status_counts(tracked: list[PartnerTracking]) -> pd.DataFrame:
    """Targets by status (and how many partners they belong to): aggregates only."""
    rows = []
    for status in TARGET_STATUS:
        partners = {pt.partner_id for pt in tracked for tr in pt.targets if tr.status == status}
        n = sum(1 for pt in tracked for tr in pt.targets if tr.status == status)
        rows.append({"status": status, "targets": n, "partners": len(partners)})
    return pd.DataFrame(rows)


def network_pathway(tracked: list[PartnerTracking]) -> tuple[pd.DataFrame, int]:
    """Per year: covered emissions and committed pathway summed over partners with an absolute target."""
    measured: dict[int, float] = {}
    committed: dict[int, float] = {}
    partners = set()
    for pt in tracked:
        for tr in pt.targets:
            if tr.kind != "absolute" or not tr.pathway:
                continue
            partners.add(pt.partner_id)
            for year, value in tr.series:
                measured[year] = measured.get(year, 0.0) + value
                committed[year] = committed.get(year, 0.0) + pathway_at(tr.pathway, year)
    years = sorted(measured)
    frame = pd.DataFrame(
        {
            "year": years,
            "measured_t": [measured[y] for y in years],
            "pathway_t": [committed[y] for y in years],
        }
    )
    return frame, len(partners)


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
    tracked = track_network(ws, year)
    public = audience == "public"
    with_any = [pt for pt in tracked if pt.has_commitments]
    n_targets = sum(len(pt.targets) for pt in tracked)
    n_actions = sum(len(pt.actions) for pt in tracked)
    parts = [heading(2, _t("title", lang))]
    parts.append(
        paragraph(
            _t(
                "partners_with",
                lang,
                n=len(with_any),
                total=len(tracked),
                targets=n_targets,
                actions=n_actions,
            )
        )
    )
    counts = status_counts(tracked)
    shown = pd.DataFrame(
        {
            _t("status", lang): [status_label(s, lang) for s in counts["status"]],
            _t("count", lang): counts["targets"],
        }
    )
    parts += [heading(3, _t("network_counts", lang)), html_table(shown)]
    if not public and n_targets:
        parts.append(html_table(_coordinator_table(tracked, lang)))
    frame, n = network_pathway(tracked)
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
        parts.append(paragraph("–"))
    elif public and not enough(n):
        parts.append(paragraph(withheld_text(lang)))
    else:
        parts.append(paragraph(_t("network_path_note", lang, n=n), "pl-sub"))
        table = pd.DataFrame(
            {
                _t("year", lang): frame["year"].astype(str),
                _t("measured_t", lang): [format_number(v, lang, 1) for v in frame["measured_t"]],
                _t("committed_t", lang): [format_number(v, lang, 1) for v in frame["pathway_t"]],
            }
        )
        parts.append(html_table(table))
        parts.append(figure_html(_network_chart(frame, lang), _t("network_path", lang)))
    return Block("".join(parts))


def _network_chart(frame: pd.DataFrame, lang: str):
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
