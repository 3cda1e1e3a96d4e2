"""A partner's Excel summary beside its HTML report: something to forward to a board, and to reuse.

Sheets: the summary (partner, year, factor set, GWP set, totals in t CO2e), the categories,
every emission line with translated headers, units and sources, and (`excel_plans`) the partner's
commitments and reduction actions. The network's workbook is written
by `excel_network.write_network_excel` (re-exported here).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from paastolaskuri import __version__
from paastolaskuri.accounting.calculation import totals_by_category
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.metrics import INTENSITIES
from paastolaskuri.core.i18n import text
from paastolaskuri.intake.template_layout import tol_label, tol_section
from paastolaskuri.reporting.excel_layout import (
    FACTOR,
    INTEGER,
    KG,
    PERCENT,
    TONNES,
    TONNES_FINE,
    Column,
    Table,
    fitted,
    heading,
    new_workbook,
    page_setup,
    pages_wide,
    records,
    save,
    set_widths,
    title_block,
    write_table,
)
from paastolaskuri.reporting.excel_network import write_network_excel
from paastolaskuri.reporting.excel_plans import PartnerPlans, add_partner_actions, add_partner_commitments
from paastolaskuri.reporting.excel_plans import tr as tr_plans
from paastolaskuri.reporting.presentation import (
    basis_label,
    category_label,
    confidence_label,
    localise_text,
    source_label,
    total_label,
    unit_label,
)

__all__ = ["line_table", "write_network_excel", "write_partner_excel"]


# the line sheet: (source column, width, number format, wrap); headers are `excel.line_column.<column>`
LINE_COLUMNS = [
    ("row", 5, INTEGER, False),
    ("site", 12, None, True),
    ("activity", 20, None, True),
    ("scope", 6, "center", False),
    ("category", 20, None, True),
    ("basis", 16, None, True),
    ("quantity", 10, "auto", False),
    ("unit", 8, None, False),
    ("conversion", 20, None, True),
    ("factor_text", 26, None, True),
    ("kg_co2e_per_unit", 11, FACTOR, False),
    ("kg_co2e", 11, KG, False),
    ("kg_co2_biogenic", 12, KG, False),
    ("source", 34, None, True),
    ("confidence", 15, None, True),
    ("quality", 9, None, True),
    ("own_factor_used", 7, None, True),
    ("gwp_note", 20, None, True),
    ("note", 20, None, True),
]
OPTIONAL = {"site", "conversion", "kg_co2_biogenic", "gwp_note", "note"}  # left out when empty on every line
LINE_EXTRA = ("label", "factor_id", "source")  # what a line's cells read besides their own columns


def tr(key: str, lang: str, **kw) -> str:
    """A text of the Excel summaries in Finnish or English."""
    return text(f"excel.summary.{key}", lang, **kw)


def _kg_to_t(kg) -> float:
    return round(float(kg) / 1000.0, 6)


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _truthy(value) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes")


def _empty(series: pd.Series) -> bool:
    if series.dtype.kind in "fi":
        return bool((series.fillna(0) == 0).all())
    return all(not _text(v).strip() for v in series)


def _activity_label(catalogue, key, fallback, lang: str) -> str:
    try:
        return catalogue[key].label(lang)
    except KeyError:
        return _text(fallback) or _text(key)


def _line_column(spec: tuple, lang: str) -> Column:
    key, width, fmt, wrap = spec
    header = text(f"excel.line_column.{key}", lang)
    if fmt == "center":
        return Column(header, width, None, wrap, align="center")
    return Column(header, width, fmt, wrap)


def line_table(emissions: pd.DataFrame, lang: str) -> Table:
    """Every emission line with translated headers and values; optional columns that are all empty go."""
    cols = [
        c for c in LINE_COLUMNS if c[0] in emissions and not (c[0] in OPTIONAL and _empty(emissions[c[0]]))
    ]
    catalogue = load_catalogue()
    table = Table([_line_column(c, lang) for c in cols])
    for rec in records(emissions, [c[0] for c in cols] + list(LINE_EXTRA)):
        values = []
        for key, *_ in cols:
            v = rec.get(key)
            if key == "activity":
                v = _activity_label(catalogue, v, rec.get("label"), lang)
            elif key == "category":
                v = category_label(_text(v), lang)
            elif key == "basis":
                v = basis_label(_text(v), lang)
            elif key == "unit":
                v = unit_label(_text(v), lang)
            elif key == "conversion":  # names price and exchange-rate years: never "2 024"
                v = localise_text(_text(v), lang, keep_years=True)
            elif key == "factor_text":
                v = localise_text(_text(v), lang)
            elif key == "source":  # the project's own wording (definitions) in the reader's language
                v = source_label(rec, lang)
            elif key == "confidence":
                v = confidence_label(_text(v), lang)
            elif key == "quality":
                v = tr("measured" if v == "measured" else "estimated_q", lang) if _text(v) else ""
            elif key == "own_factor_used":
                v = tr("yes" if _truthy(v) else "no", lang)
            elif key in ("site", "gwp_note", "note"):
                v = _text(v)
            values.append(v)
        table.rows.append(values)
    return table


def _summary_tables(totals: dict, summary: dict, lang: str) -> tuple[Table, Table]:
    tot = totals["totals"]
    market = tot["total_market"]
    main = Table(
        [Column(tr("item", lang), 40), Column("t CO2e", 14, TONNES), Column(tr("share", lang), 10, PERCENT)]
    )
    for key in ("scope1", "scope2_market", "scope3"):
        share = round(100.0 * tot[key] / market, 1) if market else None
        main.rows.append([total_label(key, lang), _kg_to_t(tot[key]), share])
    main.total = [total_label("total_market", lang), _kg_to_t(market), 100.0 if market else None]
    other = Table(
        [Column(tr("other", lang), 40), Column(tr("value", lang), 14, TONNES), Column(tr("unit", lang), 16)]
    )
    other.rows += [
        [total_label("scope2_location", lang), (_kg_to_t(tot["scope2_location"]), TONNES), "t CO2e"],
        [total_label("total_location", lang), (_kg_to_t(tot["total_location"]), TONNES), "t CO2e"],
        [total_label("biogenic_co2", lang), (_kg_to_t(tot["biogenic_co2"]), TONNES), "t CO2"],
    ]
    for spec in INTENSITIES:
        v = summary.get(spec.column)
        if v is not None and v == v:
            unit = text(f"excel.intensity_unit.{spec.metric}", lang)
            other.rows.append([tr(spec.metric, lang), (round(float(v), 4), TONNES_FINE), unit])
    if summary.get("lines") is not None:
        other.rows.append([tr("lines", lang), (int(summary["lines"]), INTEGER), ""])
        est = 100.0 * float(summary.get("share_estimated") or 0)
        other.rows.append([tr("estimated", lang), (round(est, 1), PERCENT), "%"])
        other.rows.append(
            [tr("unverified", lang), (int(summary.get("unverified_factors") or 0), INTEGER), ""]
        )
    return main, other


def write_partner_excel(
    path: Path, totals: dict, emissions: pd.DataFrame, lang: str = "fi", plans: PartnerPlans | None = None
) -> Path:
    """The partner's workbook from its processed `totals.json` and emission lines, in `lang`.

    With `plans` (:func:`excel_plans.partner_plans`), a commitments and an actions sheet follow.
    """
    summary = totals.get("summary", {})
    name = summary.get("name") or totals.get("partner_id") or ""
    year = totals.get("year") or summary.get("year")
    wb = new_workbook(f"{name} – {tr('title', lang, year=year)}")
    names = [tr(f"sheets_{i}", lang) for i in range(1, 4)]
    footer = f"{name} – {tr('title', lang, year=year)}"

    ws = wb.create_sheet(names[0])
    section = tol_section(summary.get("sector") or "")
    sector = f"{summary.get('sector')} {tol_label(section, lang)}" if section else tr("not_given", lang)
    pairs = [
        (tr("partner", lang), name),
        (tr("id", lang), summary.get("partner_id") or totals.get("partner_id")),
        (tr("year", lang), year),
        (tr("sector", lang), sector),
        (tr("factor_set", lang), totals.get("factor_set")),
        (tr("gwp", lang), totals.get("gwp_set")),
    ]
    top = title_block(ws, f"{name} – {tr('title', lang, year=year)}", [tr("sub", lang, v=__version__)], pairs)
    main, other = _summary_tables(totals, summary, lang)
    main = fitted(main)
    r = write_table(ws, top, main)
    _write_value_table(ws, r + 1, other)
    label_width = max(len(str(label)) for label, _ in pairs) + 2
    other_widths = [c.width for c in fitted(_plain(other)).columns]
    set_widths(ws, [max(label_width, main.columns[0].width, other_widths[0]), 16, 16])
    page_setup(ws, None, landscape=False, footer=footer)

    ws = wb.create_sheet(names[1])
    heading(ws, f"{name} – {tr('cat_title', lang, year=year)}")
    categories = fitted(_category_table(emissions, lang))
    write_table(ws, 3, categories)
    set_widths(ws, [c.width for c in categories.columns])
    page_setup(ws, 3, landscape=False, footer=footer)

    ws = wb.create_sheet(names[2])
    lines = fitted(line_table(emissions, lang))
    end = write_table(ws, 1, lines)
    widths = [c.width for c in lines.columns]
    set_widths(ws, widths)
    ws.auto_filter.ref = f"A1:{ws.cell(row=max(end - 1, 1), column=len(lines.columns)).coordinate}"
    # printed landscape across as many pages as keep it readable; row number and activity repeated
    keep = get_column_letter(_activity_column(lines, lang))
    page_setup(
        ws,
        1,
        landscape=True,
        footer=tr("lines_head", lang, name=name, year=year),
        wide=pages_wide(widths, True),
        title_columns=f"A:{keep}",
    )
    if plans is not None:
        add_partner_commitments(
            wb, plans.tracking, tr_plans("commitments_title", lang, name=name, year=year), footer, lang
        )
        add_partner_actions(
            wb, plans.analysis, tr_plans("actions_title", lang, name=name, year=year), footer, lang
        )
    return save(wb, path, lang)


def _activity_column(table: Table, lang: str) -> int:
    """The 1-based column of the activity on the line sheet (the columns repeated on each printed page)."""
    header = text("excel.line_column.activity", lang)
    return next((j for j, c in enumerate(table.columns, start=1) if c.header == header), 1)


def _plain(table: Table) -> Table:
    """A label | (value, format) | unit table as plain values (to measure its content)."""
    return Table(table.columns, [[r[0], r[1][0], r[2]] for r in table.rows])


def _write_value_table(ws, top: int, table: Table) -> int:
    """A label | value | unit table whose values carry their own number format ((value, format) pairs)."""
    end = write_table(ws, top, _plain(table))
    for k, r in enumerate(table.rows):
        ws.cell(row=top + 1 + k, column=2).number_format = r[1][1]
    return end


def _category_table(emissions: pd.DataFrame, lang: str) -> Table:
    table = Table(
        [
            Column(tr("scope", lang), 8, INTEGER, align="center"),
            Column(tr("category", lang), 60, None, True),
            Column("t CO2e", 14, TONNES),
            Column(tr("share", lang), 10, PERCENT),
        ]
    )
    cats = totals_by_category(emissions, "market")
    if cats.empty:
        table.total = ["", tr("total", lang), 0.0, None]
        return table
    cats = cats.sort_values(["scope", "kg_co2e"], ascending=[True, False])
    total = float(cats["kg_co2e"].sum())
    for scope, category, kg in zip(cats["scope"], cats["category"], cats["kg_co2e"], strict=True):
        share = round(100.0 * kg / total, 1) if total else None
        table.rows.append([int(scope), category_label(category, lang), _kg_to_t(kg), share])
    table.total = ["", tr("total", lang), _kg_to_t(total), 100.0 if total else None]
    return table
