"""The Excel summaries' commitments and actions sheets: the partner's own, and the network's.

The figures are those of the commitments tracking (`commitments.store`) and the action analysis
(`actions.analysis`), the same results the HTML report prints; the network's go through the same
disclosure functions as its report sections (`commitments_section`, `actions_section`): in public
no count of 1 or 2, a pathway year only when it passes the rules, actions merged or withheld and
rounded. Numbers are written as numbers (reusable), years as plain years, words from the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.actions.analysis import ActionAnalysis
from paastolaskuri.actions.catalogue import load_action_catalogue, unit_label
from paastolaskuri.commitments.store import PartnerTracking
from paastolaskuri.commitments.texts import (
    action_status_label,
    coverage_label,
    evidence_sentence,
    metric_label,
    status_label,
    target_sentence,
)
from paastolaskuri.commitments.tracking import TargetTracking, pathway_at, reference_at
from paastolaskuri.core.errors import PaastolaskuriError
from paastolaskuri.core.i18n import text, text_or
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.tables import OTHER, other_label, withheld_text
from paastolaskuri.reporting.actions_section import network_action_table, partner_analysis
from paastolaskuri.reporting.commitments_section import (
    network_pathway,
    public_pathway,
    public_status_counts,
    status_counts,
)
from paastolaskuri.reporting.excel_layout import (
    INTEGER,
    LINE_HEIGHT,
    PERCENT,
    TONNES,
    YEAR,
    Column,
    Table,
    fitted,
    heading,
    page_setup,
    pages_wide,
    put,
    records,
    set_widths,
    text_lines,
    write_table,
)
from paastolaskuri.reporting.partner_results import network_tracking, partner_tracking
from paastolaskuri.reporting.presentation import confidence_label

VALUE = "#,##0.0##"  # a tracked value in its own unit (t CO2e, t per employee): 1 to 3 decimals
PARAMETER = "#,##0.####"  # an assumption as written: up to 4 decimals, none when whole
PERCENT_UNITS = ("share", "1/a", "share/°C")  # parameter units shown as per cent (×100)
_NOTE = Font(color="555555", italic=True)


def tr(key: str, lang: str, **kw) -> str:
    """A text of the commitments and actions sheets in Finnish or English."""
    return text(f"excel.plans.{key}", lang, **kw)


def _c(key: str, lang: str, **kw) -> str:
    return text(f"report.commitments.{key}", lang, **kw)


def _a(key: str, lang: str, **kw) -> str:
    return text(f"report.actions.{key}", lang, **kw)


@dataclass
class PartnerPlans:
    """What the partner's workbook shows beyond its footprint: its tracked commitments and its actions."""

    tracking: PartnerTracking
    analysis: ActionAnalysis | None  # None: the partner's computed lines could not be analysed


def partner_plans(workspace, partner_id: str, year: int) -> PartnerPlans:
    """Track one partner-year's commitments and analyse its actions, as the report does."""
    tracking = partner_tracking(workspace, partner_id, int(year))
    try:
        analysis: ActionAnalysis | None = partner_analysis(workspace, partner_id, int(year))
    except PaastolaskuriError:
        analysis = None
    return PartnerPlans(tracking, analysis)


def _paragraph(ws: Worksheet, row: int, value: str) -> int:
    """A note line below a table (wrapped across the sheet's columns by :func:`_finish`); the next free row."""
    put(ws, row, 1, value).font = _NOTE
    return row + 1


def _finish(ws: Worksheet, widths: list[float]) -> None:
    """Column widths set; every note line (a text in column A alone) merged across them and wrapped.

    A note left to overflow would be cut off in print at the last used column.
    """
    set_widths(ws, widths)
    span, room = len(widths), sum(widths)
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row=row, column=1)
        alone = all(ws.cell(row=row, column=j).value is None for j in range(2, span + 1))
        if not isinstance(cell.value, str) or not alone or cell.font.b:
            continue
        if span > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = LINE_HEIGHT * text_lines(cell.value, room) + 2


def _write(ws: Worksheet, top: int, table: Table) -> tuple[int, Table]:
    """The table fitted to its content and written from row `top`; (the next free row, the fitted table)."""
    table = fitted(table)
    return write_table(ws, top, table) + 1, table


def _widest(tables: list[Table]) -> list[float]:
    """Per column the widest of the tables written on one sheet (they share the sheet's columns)."""
    n = max((len(t.columns) for t in tables), default=0)
    return [max((t.columns[j].width for t in tables if j < len(t.columns)), default=8) for j in range(n)]


# --- the partner's commitments ------------------------------------------------------------------


def targets_table(targets: list[TargetTracking], lang: str) -> Table:
    """One row per target: the numbers as numbers, years as years, and the status.

    The wrapped text columns come first (B, E), where the other tables of the sheet have theirs.
    """
    table = Table(
        [
            Column(_c("id", lang), 8),
            Column(_c("coverage", lang), 40, None, True),
            Column(_c("metric", lang), 16, None, True),
            Column(tr("unit", lang), 12),
            Column(_c("status", lang), 30, None, True),
            Column(tr("base_year", lang), 8, YEAR),
            Column(tr("base_value", lang), 12, VALUE),
            Column(tr("latest_year", lang), 8, YEAR),
            Column(tr("latest_value", lang), 12, VALUE),
            Column(tr("target_year", lang), 8, YEAR),
            Column(tr("reduction_pct", lang), 8, PERCENT),
            Column(tr("target_value", lang), 12, VALUE),
            Column(tr("pathway_latest", lang), 12, VALUE),
            Column(_c("gap", lang), 12, VALUE),
        ]
    )
    no_data = tr("no_data", lang)
    for t in targets:
        table.rows.append(
            [
                t.target_id,
                coverage_label(t.coverage, lang),
                metric_label(t.kind, lang),
                t.unit,
                status_label(t.status, lang),
                t.base_year,
                no_data if t.base_value is None else t.base_value,
                t.latest_year or no_data,
                no_data if t.latest_value is None else t.latest_value,
                t.target_year,
                t.reduction_pct,
                no_data if t.target_value is None else t.target_value,
                no_data if t.pathway_value_latest is None else t.pathway_value_latest,
                t.gap,
            ]
        )
    return table


def pathway_table(targets: list[TargetTracking], lang: str) -> Table:
    """Per target three rows (measured, committed pathway, 1.5 °C reference), one column per year.

    Years run from the earliest base year to the latest target year; a year without a measurement is
    empty. Years as columns keep the sheet's text column (B) where the other tables have it.
    """
    shown = [t for t in targets if t.pathway]
    years = (
        list(range(min(t.base_year for t in shown), max(t.target_year for t in shown) + 1)) if shown else []
    )
    table = Table(
        [
            Column(tr("target", lang), 8),
            Column(tr("unit", lang), 30, None, True),
            *[Column(str(year), 10, VALUE) for year in years],
        ]
    )
    for t in shown:
        for key, values in _yearly(t, years).items():
            table.rows.append([t.target_id, f"{tr(key, lang)}, {t.unit}", *values])
    return table


def _yearly(t: TargetTracking, years: list[int]) -> dict[str, list[float | None]]:
    """A target's measured values, committed pathway and 1.5 °C reference per year (None outside it)."""
    measured = dict(t.series)
    base = t.pathway[0][1]
    inside = [t.base_year <= y <= t.target_year for y in years]
    return {
        "measured": [measured.get(y) for y in years],
        "committed": [pathway_at(t.pathway, y) if ok else None for y, ok in zip(years, inside, strict=True)],
        "reference": [
            reference_at(base, t.base_year, y) if ok else None for y, ok in zip(years, inside, strict=True)
        ],
    }


def commitment_actions_table(pt: PartnerTracking, lang: str) -> Table:
    """The partner's own actions: description, due year, reported status and what the lines show."""
    catalogue = load_catalogue()
    table = Table(
        [
            Column(_c("id", lang), 8),
            Column(_c("description", lang), 40, None, True),
            Column(_c("reported", lang), 16, None, True),
            Column(_c("due", lang), 10, YEAR),
            Column(_c("evidence", lang), 30, None, True),
        ]
    )
    for action, ev in pt.actions:
        label = catalogue.activities[action.link_activity].label(lang) if action.link_activity else ""
        table.rows.append(
            [
                action.commitment_id,
                action.description,
                action_status_label(action.status, lang),
                action.due,
                evidence_sentence(action, ev, label, lang),
            ]
        )
    return table


def add_partner_commitments(wb, pt: PartnerTracking, title: str, footer: str, lang: str) -> Worksheet:
    """The partner workbook's commitments sheet: targets, their pathway by year, the partner's actions."""
    ws = wb.create_sheet(tr("commitments_sheet", lang))
    heading(ws, title)
    if not pt.has_commitments:
        _paragraph(ws, 3, _c("none", lang))
        _finish(ws, [100])
        page_setup(ws, None, landscape=True, footer=footer)
        return ws
    row, tables, header = 3, [], None
    if pt.targets:
        heading(ws, _c("targets", lang), row)
        header = row + 1
        row, t = _write(ws, row + 1, targets_table(pt.targets, lang))
        tables.append(t)
        for target in pt.targets:  # the sentence under the table, as in the report
            row = _paragraph(ws, row - 1, f"{target.target_id}: {target_sentence(target, lang)}") + 1
        heading(ws, tr("pathway_heading", lang), row)
        row, t = _write(ws, row + 1, pathway_table(pt.targets, lang))
        tables.append(t)
    if pt.actions:
        heading(ws, _c("actions", lang), row)
        row, t = _write(ws, row + 1, commitment_actions_table(pt, lang))
        tables.append(t)
    _paragraph(ws, row, _c("estimate_note", lang))
    widths = _widest(tables)
    _finish(ws, widths)
    page_setup(ws, header, landscape=True, footer=footer, wide=pages_wide(widths, True))
    return ws


# --- the partner's actions ----------------------------------------------------------------------


# the columns of `ActionAnalysis.ranked` the ranking sheet reads (a missing one reads as None)
RANKING_COLUMNS = (
    "label",
    "t_avoided_market",
    "t_avoided_location",
    "share_of_footprint_pct",
    "cost_eur_per_year",
    "eur_per_t",
    "payback_years",
    "investment_eur",
    "rests_on_unverified",
    "cost_estimated",
    "increases_location",
    "increases_market",
)


def ranking_table(analysis: ActionAnalysis, lang: str) -> Table:
    """The ranked actions, best first: t avoided on both bases, share of the footprint, money, flags."""
    table = Table(
        [
            Column(_a("col_action", lang), 36, None, True),
            Column(_a("col_t", lang), 12, TONNES, True),
            Column(_a("col_t_loc", lang), 10, TONNES, True),
            Column(_a("col_share", lang), 10, PERCENT, True),
            Column(_a("col_cost", lang), 10, INTEGER),
            Column(_a("col_eur_t", lang), 9, INTEGER),
            Column(_a("col_payback", lang), 11, PERCENT, True),
            Column(tr("investment", lang), 11, INTEGER, True),
            Column(_a("col_notes", lang), 30, None, True),
        ]
    )
    for r in records(analysis.ranked(lang), RANKING_COLUMNS):
        flags = [_a("flag_unverified", lang)] if r["rests_on_unverified"] else []
        flags += [] if r["cost_estimated"] else [_a("flag_nocost", lang)]
        flags += [_a("flag_location", lang)] if r["increases_location"] else []
        flags += [_a("flag_market", lang)] if r["increases_market"] else []
        table.rows.append(
            [
                r["label"],
                r["t_avoided_market"],
                r["t_avoided_location"],
                r["share_of_footprint_pct"],
                r.get("cost_eur_per_year"),
                r.get("eur_per_t"),
                r.get("payback_years"),
                r.get("investment_eur"),
                "; ".join(flags),
            ]
        )
    return table


PLAN_COLUMNS = ("step", "action_id", "step_avoided_market_kg", "step_avoided_location_kg", "market_kg")


def plan_table(analysis: ActionAnalysis, lang: str) -> Table:
    """The combined plan, step by step: what each step avoids on both bases and what is left."""
    catalogue = analysis.catalogue
    table = Table(
        [
            Column(_a("col_action", lang), 36, None, True),
            Column(tr("step_market", lang), 12, TONNES, True),
            Column(tr("step_location", lang), 12, TONNES, True),
            Column(tr("left_market", lang), 12, TONNES, True),
            Column(tr("step", lang), 6, INTEGER),
        ]
    )
    for s in records(analysis.plan, PLAN_COLUMNS):
        if int(s["step"]) == 0:  # the baseline row: what is left before the first step is the footprint
            continue
        table.rows.append(
            [
                catalogue[s["action_id"]].label(lang),
                s["step_avoided_market_kg"] / 1000.0,
                s["step_avoided_location_kg"] / 1000.0,
                s["market_kg"] / 1000.0,
                int(s["step"]),
            ]
        )
    return table


def _parameter_value(value, unit: str, lang: str) -> tuple[object, str]:
    """An assumption's value and unit as a reader reads them: a share as per cent (0.04 1/a -> 4 % a year)."""
    if value is None or value != value:
        return _a("not_given", lang), unit_label(unit, lang)
    if unit in PERCENT_UNITS:
        return round(100.0 * float(value), 6), tr(f"unit.{unit}", lang)
    return float(value), unit_label(unit, lang)


def assumptions_table(analysis: ActionAnalysis, lang: str) -> Table:
    """Every assumption behind the shown actions: value and unit, source with its address, confidence."""
    table = Table(
        [
            Column(_a("col_param", lang), 30, None, True),
            Column(_a("col_value", lang), 10, PARAMETER),
            Column(tr("unit", lang), 12, None, True),
            Column(_a("col_conf", lang), 14, None, True),
            Column(_a("col_source", lang), 50, None, True),
            Column(_a("col_note", lang), 40, None, True),
            Column(tr("url", lang), 30, None, True),
            Column(tr("parameter_key", lang), 24, None, True),
        ]
    )
    for a in analysis.assumptions(lang).to_dict(orient="records"):
        value, unit = _parameter_value(a["value"], a["unit"], lang)
        mark = str(a["confidence"])
        table.rows.append(
            [
                a["label"],
                value,
                unit,
                text_or(f"report.actions_confidence.{mark}", lang, confidence_label(mark, lang)),
                a["source"],
                a["note"],
                a["url"],
                a["parameter"],
            ]
        )
    return table


def add_partner_actions(wb, analysis: ActionAnalysis | None, title: str, footer: str, lang: str) -> None:
    """The partner workbook's actions sheet (ranking, combined plan, commitment) and its assumptions sheet."""
    ws = wb.create_sheet(tr("actions_sheet", lang))
    heading(ws, title)
    if analysis is None or analysis.results.empty:
        _paragraph(ws, 3, tr("no_actions", lang) if analysis is None else _a("none", lang))
        _finish(ws, [100])
        page_setup(ws, None, landscape=True, footer=footer)
        return
    heading(ws, tr("ranking", lang), 3)
    row, ranking = _write(ws, 4, ranking_table(analysis, lang))
    heading(ws, tr("plan_heading", lang), row)
    row, plan = _write(ws, row + 1, plan_table(analysis, lang))
    _paragraph(ws, row - 1, analysis.commitment().text(lang))
    widths = _widest([ranking, plan])
    _finish(ws, widths)
    page_setup(ws, 4, landscape=True, footer=footer, wide=pages_wide(widths, True))

    # the assumptions on a sheet of their own: their long sources need columns of their own width
    ws = wb.create_sheet(tr("assumptions_sheet", lang))
    heading(ws, f"{title}: {_a('assumptions', lang).lower()}")
    _, assumptions = _write(ws, 3, assumptions_table(analysis, lang))
    widths = [c.width for c in assumptions.columns]
    _finish(ws, widths)
    page_setup(ws, 3, landscape=True, footer=footer, wide=pages_wide(widths, True), title_columns="A:A")


# --- the network's ------------------------------------------------------------------------------


def _count(n: int, public: bool, lang: str) -> object:
    """A count as the audience may see it: in public never 1 or 2 ("fewer than 3")."""
    return n if not public or rules.count_shown(n) else _c("few", lang, min=rules.MIN_CONTRIBUTORS)


def _published_formats(ws: Worksheet, top: int, table: Table, columns: tuple[int, ...]) -> None:
    """Published magnitudes (rounded to SIGNIFICANT_DIGITS) shown without decimals they do not have."""
    for k, values in enumerate(table.rows, start=1):
        for col in columns:
            value = values[col - 1]
            if isinstance(value, (int, float)):
                decimals = rules.published_decimals(value)
                ws.cell(row=top + k, column=col).number_format = "#,##0" + (
                    "." + "0" * decimals if decimals else ""
                )


def _status_row(row, lang: str) -> str:
    if row["status"] != "__other__":
        return status_label(row["status"], lang)
    return _c("merged_statuses", lang, items=", ".join(status_label(m, lang) for m in row["members"]))


def add_network_commitments(wb, workspace, year: int, public: bool, footer: str, lang: str) -> Worksheet:
    """The network workbook's commitments sheet: counts by status, (coordinator) each target, the pathway."""
    ws = wb.create_sheet(tr("commitments_sheet", lang))
    heading(ws, tr("network_commitments_title", lang, year=year))
    tracked = network_tracking(workspace, int(year))
    with_any = [pt for pt in tracked if pt.has_commitments]
    numbers = {
        "n": len(with_any),
        "total": len(tracked),
        "targets": sum(len(pt.targets) for pt in tracked),
        "actions": sum(len(pt.actions) for pt in tracked),
    }
    row = _paragraph(
        ws, 2, _c("partners_with", lang, **{k: _count(v, public, lang) for k, v in numbers.items()})
    )
    counts = public_status_counts(status_counts(tracked)) if public else status_counts(tracked)
    heading(ws, _c("network_counts", lang), row + 1)
    tables = []
    if len(counts):
        table = Table([Column(_c("status", lang), 30, None, True), Column(_c("count", lang), 10, INTEGER)])
        table.rows = [[_status_row(r, lang), int(r["targets"])] for _, r in counts.iterrows()]
        row, t = _write(ws, row + 2, table)
        tables.append(t)
    else:
        row = _paragraph(ws, row + 2, withheld_text(lang)) + 1
    if not public and numbers["targets"]:
        table = Table(
            [
                Column(_c("partner", lang), 16),
                Column(_c("id", lang), 8),
                Column(_c("coverage", lang), 24, None, True),
                Column(tr("reduction_pct", lang), 8, PERCENT),
                Column(tr("target_year", lang), 8, YEAR),
                Column(_c("status", lang), 14, None, True),
            ]
        )
        table.rows = [
            [pt.partner_id, t.target_id, coverage_label(t.coverage, lang), t.reduction_pct, t.target_year,
             status_label(t.status, lang)]
            for pt in tracked
            for t in pt.targets
        ]  # fmt: skip
        row, t = _write(ws, row, table)
        tables.append(t)
    heading(ws, _c("network_path", lang), row)
    frame = public_pathway(tracked) if public else network_pathway(tracked)[0]
    if frame.empty:
        withheld = _c("path_withheld", lang, min=rules.MIN_CONTRIBUTORS)
        row = _paragraph(ws, row + 1, withheld if public and numbers["targets"] else "–")
    else:
        columns = [
            Column(_c("year", lang), 6, YEAR),
            Column(_c("measured_t", lang), 14, TONNES),
            Column(_c("committed_t", lang), 14, TONNES),
        ]
        if not public:  # how many partners a year sums is the coordinator's to see
            columns.append(Column(tr("partners", lang), 10, INTEGER))
        table = Table(columns)
        for r in frame.to_dict(orient="records"):
            values = [int(r["year"]), r["measured_t"], r["pathway_t"]]
            table.rows.append(values if public else [*values, int(r["partners"])])
        top = row + 1
        row, t = _write(ws, top, table)
        tables.append(t)
        if public:
            _published_formats(ws, top, table, (2, 3))
        row = _paragraph(ws, row, _c("network_path_rule", lang))
    _finish(ws, [max(w, 12) for w in _widest(tables)] or [60])
    page_setup(ws, None, landscape=False, footer=footer)
    return ws


def add_network_actions(wb, workspace, year: int, public: bool, footer: str, lang: str) -> Worksheet:
    """The network workbook's actions sheet: t avoided by action, as the report's section (disclosed in public)."""
    ws = wb.create_sheet(tr("actions_sheet", lang))
    heading(ws, tr("network_actions_title", lang, year=year))
    row = _paragraph(ws, 2, _a("net_intro", lang)) + 1
    table = network_action_table(workspace, int(year), public)
    widths = [80.0]
    if table is None:
        _paragraph(ws, row, _a("net_none", lang))
    elif table.withheld or table.rows.empty:
        _paragraph(ws, row, withheld_text(lang))
    else:
        catalogue = load_action_catalogue()
        sheet = Table(
            [
                Column(_a("col_action", lang), 40, None, True),
                Column(_a("col_partners", lang), 10, INTEGER, True),
                Column(_a("col_t", lang), 14, TONNES, True),
            ]
        )
        for r in table.rows.to_dict(orient="records"):
            label = other_label(lang) if r["group"] == OTHER else catalogue[r["group"]].label(lang)
            sheet.rows.append([label, _count(int(r["contributors"]), public, lang), r["kg"] / 1000.0])
        _, fitted_sheet = _write(ws, row, sheet)
        if public:
            _published_formats(ws, row, sheet, (3,))
        widths = [c.width for c in fitted_sheet.columns]
    _finish(ws, widths)
    page_setup(ws, None, landscape=False, footer=footer)
    return ws
