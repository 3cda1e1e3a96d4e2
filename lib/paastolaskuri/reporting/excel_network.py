"""The network's Excel summary, for the coordinator or the public.

Every figure comes from `network_tables` (`network_figures` for the coordinator, `public_figures`
for the public), the functions the HTML report uses, so the public workbook prints exactly what
the public HTML does: groups that fail the disclosure rules merged into "other", withheld figures
as a text, magnitudes to 3 significant digits, no partner sheet.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paastolaskuri import __version__
from paastolaskuri.accounting.metrics import INTENSITIES
from paastolaskuri.core.i18n import text
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.ledger import Publication
from paastolaskuri.disclosure.tables import withheld_text
from paastolaskuri.reporting.excel_layout import (
    INTEGER,
    PERCENT,
    TONNES,
    TONNES_FINE,
    Column,
    Table,
    fitted,
    heading,
    new_workbook,
    page_setup,
    save,
    set_widths,
    title_block,
    write_table,
)
from paastolaskuri.reporting.excel_plans import add_network_actions, add_network_commitments
from paastolaskuri.reporting.network_tables import NetworkFigures, labelled, network_figures, public_figures
from paastolaskuri.reporting.presentation import total_label

# an intensity column's number format follows its decimals (which intensities exist: accounting.metrics)
_FORMAT_BY_DECIMALS = {1: TONNES, 2: TONNES_FINE}
# the coordinator's partner sheet: (column in partners.csv, width, format, kg -> t);
# headers are `excel.partner_column.<column>`
PARTNER_COLUMNS: list[tuple[str, int, str | None, bool]] = [
    ("name", 30, None, False),
    ("partner_id", 16, None, False),
    ("sector", 9, None, False),
    ("kg_scope1", 11, TONNES, True),
    ("kg_scope2_market", 11, TONNES, True),
    ("kg_scope2_location", 11, TONNES, True),
    ("kg_scope3", 11, TONNES, True),
    ("kg_total_market", 12, TONNES, True),
    ("kg_total_location", 12, TONNES, True),
    ("kg_biogenic_co2", 13, TONNES, True),
    ("employees_fte", 10, TONNES, False),
    ("floor_area_m2", 10, INTEGER, False),
    *[(spec.column, 10, _FORMAT_BY_DECIMALS[spec.decimals], False) for spec in INTENSITIES],
    ("lines", 8, INTEGER, False),
    ("unverified_factors", 17, INTEGER, False),
    ("factor_set", 12, None, False),
    ("gwp_set", 7, None, False),
]


def tr(key: str, lang: str, **kw):
    """A text of the network workbook in Finnish or English."""
    return text(f"excel.network.{key}", lang, **kw)


def _t(kg: float | None):
    return None if kg is None else round(float(kg) / 1000.0, 6)


def _t_or_text(kg: float | None, lang: str):
    return withheld_text(lang) if kg is None else _t(kg)


def _partners_shown(f: NetworkFigures, n: int, lang: str):
    """The number of partners in the workbook (public: those published, never a count of 1 or 2)."""
    if not f.public:
        return n
    return f.partners if rules.count_shown(f.partners) else withheld_text(lang)


def published_format(value: float) -> str:
    """The number format of a published figure in t: exactly its significant digits (783 -> "#,##0").

    A public figure is rounded to `rules.SIGNIFICANT_DIGITS`; a fixed one-decimal format would print
    783 as 783.0, a precision the figure does not have.
    """
    decimals = rules.published_decimals(value)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _published_precision(wb) -> None:
    """Every tonnes cell of a public workbook formatted to its published precision."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if cell.number_format == TONNES and isinstance(v, (int, float)) and not isinstance(v, bool):
                    cell.number_format = published_format(float(v))


def _share(kg: float, total: float) -> float | None:
    return round(100.0 * kg / total, 1) if total else None


def _scope_tables(f: NetworkFigures, lang: str) -> tuple[Table, Table]:
    main = Table(
        [
            Column(tr("item", lang), 56, None, True),
            Column("t CO2e", 14, TONNES),
            Column(tr("share", lang), 10, PERCENT),
        ]
    )
    if f.scopes.withheld:
        main.total = [total_label("total_market", lang), _t_or_text(f.total_market, lang), None]
    else:
        for r in labelled(f.scopes, "scope", lang).itertuples():
            main.rows.append([r.label, _t(r.kg), round(r.share, 1)])
        main.total = [
            total_label("total_market", lang),
            _t(f.total_market),
            100.0 if f.total_market else None,
        ]
    other = Table(
        [
            Column(tr("other", lang), 56, None, True),
            Column(tr("value", lang), 16, TONNES, True),
            Column(tr("unit", lang), 10),
        ]
    )
    other.rows += [
        [total_label("scope2_location", lang), _t_or_text(f.scope2_location, lang), "t CO2e"],
        [total_label("total_location", lang), _t_or_text(f.total_location, lang), "t CO2e"],
        [total_label("biogenic_co2", lang), _t_or_text(f.biogenic_co2, lang), "t CO2"],
    ]
    return main, other


def _group_sheet_table(table, kind: str, lang: str) -> Table:
    cols = [
        Column(tr("sector" if kind == "sector" else "category", lang), 56, None, True),
        Column(tr("n", lang), 13, INTEGER),
        Column("t CO2e", 14, TONNES),
        Column(tr("share", lang), 10, PERCENT),
    ]
    if kind == "category":
        cols.insert(0, Column(tr("scope", lang), 8, align="center"))
    out = Table(cols)
    if table.withheld:
        out.total = [
            *([""] if kind == "category" else []),
            tr("total", lang),
            None,
            withheld_text(lang),
            None,
        ]
        return out
    for r in labelled(table, kind, lang).itertuples():
        row = [r.label, int(r.partners), _t(r.kg), round(r.share, 1)]
        out.rows.append([r.scope, *row] if kind == "category" else row)
    total = [tr("total", lang), None, _t(table.total_kg), 100.0 if table.total_kg else None]
    out.total = ["", *total] if kind == "category" else total
    return out


def _partner_table(partners: pd.DataFrame, lang: str) -> Table:
    cols = [c for c in PARTNER_COLUMNS if c[0] in partners]
    table = Table(
        [Column(text(f"excel.partner_column.{c[0]}", lang), c[1], c[2], c[2] is None) for c in cols]
    )
    p = (
        partners.sort_values("kg_total_market", ascending=False)
        if "kg_total_market" in partners
        else partners
    )
    for rec in p.to_dict(orient="records"):
        row = []
        for key, *_, to_t in cols:
            v = rec.get(key)
            if to_t:
                v = _t(v)
            elif isinstance(v, float) and v != v:
                v = None
            if key in ("name", "partner_id", "sector", "factor_set", "gwp_set") and v is not None:
                v = str(v)
            row.append(v)
        table.rows.append(row)
    return table


def write_network_excel(
    path: Path,
    partners: pd.DataFrame,
    emissions: pd.DataFrame,
    public: bool,
    lang: str = "fi",
    year: int | None = None,
    previous: Publication | None = None,
    workspace: Path | None = None,
) -> Path:
    """The network's workbook; `public` applies the public disclosure rules and leaves partners out.

    `previous`: the year's publication ledger (public only; see `network_tables.public_figures`).
    `workspace`: adds the commitments and actions sheets (`excel_plans`, under the same audience rules).
    """
    f = (
        public_figures(partners, emissions, previous)
        if public
        else network_figures(partners, emissions, False)
    )
    if year is None and "year" in partners and len(partners):
        year = int(partners["year"].iloc[0])
    title = tr("title", lang, year=year or "")
    footer = f"{title} – {tr('public' if public else 'coordinator', lang)}"
    wb = new_workbook(title)
    names = [tr(f"sheets_{i}", lang) for i in range(1, 5)]

    ws = wb.create_sheet(names[0])
    lines = [tr("public" if public else "coordinator", lang), tr("sub", lang, v=__version__)]
    if public:
        lines.append(tr("rule", lang, min=rules.MIN_CONTRIBUTORS))
    sets = lambda col: ", ".join(sorted(set(partners[col].dropna().astype(str)))) if col in partners else ""  # noqa: E731
    pairs: list[tuple[str, object]] = [
        (tr("year", lang), year),
        (tr("partners", lang), _partners_shown(f, len(partners), lang)),
        (tr("factor_sets", lang), sets("factor_set")),
        (tr("gwp", lang), sets("gwp_set")),
    ]
    top = title_block(ws, title, lines, pairs)
    main, other = _scope_tables(f, lang)
    r = write_table(ws, top, main)
    write_table(ws, r + 1, other)
    set_widths(ws, [56, 16, 12])
    page_setup(ws, None, landscape=False, footer=footer)

    for name, table, kind, key in (
        (names[1], f.sectors, "sector", "sector_title"),
        (names[2], f.categories, "category", "cat_title"),
    ):
        ws = wb.create_sheet(name)
        heading(ws, tr(key, lang, year=year or ""))
        sheet_table = fitted(_group_sheet_table(table, kind, lang))
        write_table(ws, 3, sheet_table)
        set_widths(ws, [c.width for c in sheet_table.columns])
        page_setup(ws, 3, landscape=False, footer=footer)

    if not public:
        ws = wb.create_sheet(names[3])
        heading(ws, tr("partner_title", lang, year=year or ""))
        partner_sheet = fitted(_partner_table(partners, lang))
        write_table(ws, 3, partner_sheet)
        set_widths(ws, [c.width for c in partner_sheet.columns])
        page_setup(ws, 3, landscape=True, footer=footer)
    if workspace is not None and year is not None:
        add_network_commitments(wb, workspace, year, public, footer, lang)
        add_network_actions(wb, workspace, year, public, footer, lang)
    if public:
        _published_precision(wb)
    return save(wb, path, lang)
