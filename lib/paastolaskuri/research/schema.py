"""The research tables' one schema: the data package's table schemas and the data dictionary come from here.

`table_schema` gives a Frictionless table schema, `arrow_schema` the Parquet types and
`render_doc_section` the research section of docs/data_dictionary.md (a test keeps it current).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

SCHEMA_VERSION = "2.0"
BEGIN = "<!-- BEGIN research tables (generated from paastolaskuri.research.schema: make docs) -->"
END = "<!-- END research tables -->"

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}


@dataclass(frozen=True)
class Column:
    """One column of a research table: Frictionless type, unit and description."""

    name: str
    type: str  # string, integer, number, boolean
    description: str
    unit: str = ""
    required: bool = False


@dataclass(frozen=True)
class Table:
    """One research table (a resource of the package, written as CSV and Parquet)."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    optional: bool = False
    mode: str = "microdata"  # aggregate (the default export, public) or microdata (--microdata)

    @property
    def names(self) -> list[str]:
        """The column names in order."""
        return [c.name for c in self.columns]


def _t(name: str, what: str, unit: str = "t CO2e") -> Column:
    return Column(name, "number", what, unit)


PSEUDONYM = Column(
    "pseudonym",
    "string",
    "The partner's pseudonym: HMAC-SHA256 of its ID with the workspace's secret key (16 hex digits); "
    "the same in every year and export until the key is rotated.",
    required=True,
)
YEAR = Column("year", "integer", "Reporting year.", required=True)

PARTNER_YEARS = Table(
    "partner_years",
    "Partner-years",
    "One row per pseudonymised partner and reporting year: generalised attributes, totals, intensities "
    "and data quality. Every magnitude is multiplied by the partner's secret noise factor (1 ± 11-22 %, "
    "the same in every year; see README).",
    (
        PSEUDONYM,
        YEAR,
        Column(
            "sector_group",
            "string",
            "TOL 2008 section letter (A-U), or a wider group of sections (e.g. 'B-F'), or 'all' where fewer "
            "than k partners would share it; 'unknown' when not given.",
            required=True,
        ),
        Column(
            "fte_band",
            "string",
            "Employees (FTE) band in the partner's last exported year: 0-9, 10-49, 50-249, 250+, merged "
            "bands (0-49, 50+), 'all' or 'unknown'.",
            required=True,
        ),
        Column(
            "floor_area_band",
            "string",
            "Floor-area band (m²) in the partner's last exported year: 0-999, 1000-4999, 5000-19999, 20000+, "
            "merged (0-4999, 5000+), 'all' or 'unknown'.",
            required=True,
        ),
        Column(
            "revenue_band",
            "string",
            "Revenue band (EUR) in the partner's last exported year: 0-2M, 2M-10M, 10M-50M, 50M+, merged "
            "(0-10M, 10M+), 'all' or 'unknown'.",
            required=True,
        ),
        Column(
            "base_year_group",
            "string",
            "The partner's base year, a five-year period (e.g. '2015-2019') or 'all'.",
            required=True,
        ),
        _t("t_scope1", "Scope 1 emissions (3 significant digits)."),
        _t("t_scope2_location", "Scope 2, location-based."),
        _t("t_scope2_market", "Scope 2, market-based."),
        _t("t_scope3", "Scope 3 (all reported categories)."),
        _t("t_total_location", "Scopes 1 + 2 (location-based) + 3."),
        _t("t_total_market", "Scopes 1 + 2 (market-based) + 3."),
        Column(
            "biogenic_co2_band",
            "string",
            "Biogenic CO2 from burning biomass (outside the scopes) as a band such as '100-200' or '0'; "
            "bands held by fewer than k partners in a year are merged with their neighbours.",
            "t CO2",
        ),
        Column(
            "t_per_fte_band",
            "string",
            "Market-based total per employee, as a band (never precise beside a precise total).",
            "t CO2e/FTE",
        ),
        Column("kg_per_m2_band", "string", "Market-based total per floor area, as a band.", "kg CO2e/m2"),
        Column(
            "t_per_meur_band",
            "string",
            "Market-based total per million EUR revenue, as a band.",
            "t CO2e/MEUR",
        ),
        Column("lines_band", "string", "Number of activity lines reported, as a band such as '10-20'."),
        Column("share_lines_estimated", "number", "Share of activity lines marked estimated (0-1).", "1"),
        Column("share_kg_estimated", "number", "Share of market-based CO2e from estimated lines (0-1).", "1"),
        Column(
            "share_kg_unverified",
            "number",
            "Share of market-based CO2e from factors marked unverified (0-1).",
            "1",
        ),
        Column(
            "share_kg_own_factor",
            "number",
            "Share of market-based CO2e from own (supplier) factors (0-1).",
            "1",
        ),
        Column("factor_set", "string", "Factor set and revision used for the year (e.g. fi-2024-r1)."),
        Column("gwp_set", "string", "GWP100 set (AR5 or AR6)."),
        Column(
            "commitment_status",
            "string",
            "Status of the partner's climate commitments in the year: behind (a target is behind its "
            "pathway), on_track, achieved, no_data (targets, but no figure to track them), none (no "
            "targets recorded).",
        ),
    ),
    ("pseudonym", "year"),
)

CATEGORY_YEARS = Table(
    "category_years",
    "Category-years",
    "One row per pseudonymised partner, year, scope and emission category. Categories used by fewer "
    "than k partners in a year are merged into '<scope>_other'. Figures carry the partner's noise factor.",
    (
        PSEUDONYM,
        YEAR,
        Column("scope", "integer", "GHG Protocol scope (1, 2 or 3).", required=True),
        Column(
            "category",
            "string",
            "Category code (see docs/method.md), or 's1_other', 's2_other', 's3_other'.",
            required=True,
        ),
        _t("t_co2e_market", "Emissions with Scope 2 market-based (scopes 1 and 3: the same in both)."),
        _t("t_co2e_location", "Emissions with Scope 2 location-based."),
    ),
    ("pseudonym", "year", "scope", "category"),
)

LINES = Table(
    "lines",
    "Activity lines",
    "Optional (--lines): one row per activity line and basis. Never a site, note, contact or name. An "
    "activity used by fewer than k partners in a year is shown as its category (or scope). Quantities "
    "and kg carry the partner's noise factor.",
    (
        PSEUDONYM,
        YEAR,
        Column("line", "integer", "Line number within the partner-year (1, 2, ...).", required=True),
        Column("activity", "string", "Catalogue activity key, or its category / scope when generalised."),
        Column(
            "quantity_band",
            "string",
            "Quantity as reported, in `unit`, as a band such as '1000-2000' (never the exact quantity).",
        ),
        Column("unit", "string", "Unit of the quantity (l, m3, kg, t, kWh, MWh, km, pkm, EUR, ...)."),
        Column("quality", "string", "measured, estimated or empty."),
        Column(
            "basis",
            "string",
            "direct, location, market (Scope 2), wtt or td_loss (Scope 3 category 3).",
            required=True,
        ),
        Column("scope", "integer", "GHG Protocol scope of the row."),
        Column("category", "string", "Category code of the row."),
        Column(
            "kg_co2e",
            "number",
            "Emissions of the row times the partner's noise factor (1 ± 11-22 %, see README), 3 significant "
            "digits.",
            "kg CO2e",
        ),
    ),
    ("pseudonym", "year", "line", "basis"),
    optional=True,
)

GROUP_TOTALS = Table(
    "group_totals",
    "Totals by sector group and size band",
    "Aggregate mode (the default): one row per year and group of consenting partners (wide TOL sector "
    "group × FTE band); groups failing the disclosure rules are merged into 'other'/'other', and "
    "'all'/'all' is the year's total, which the other rows add up to. Withheld cells are empty.",
    (
        YEAR,
        Column(
            "sector_group", "string", "Wide TOL 2008 group (e.g. 'A-F'), 'other' or 'all'.", required=True
        ),
        Column(
            "fte_band",
            "string",
            "Employees (FTE) band: 0-9, 10-49, 50-249, 250+, 'unknown', 'other', 'all'.",
            required=True,
        ),
        Column("partners", "integer", "Number of partners in the row (never 1 or 2)."),
        _t("t_scope1", "Scope 1 emissions (3 significant digits)."),
        _t("t_scope2_location", "Scope 2, location-based."),
        _t("t_scope2_market", "Scope 2, market-based."),
        _t("t_scope3", "Scope 3 (all reported categories)."),
        _t("t_total_location", "Scopes 1 + 2 (location-based) + 3."),
        _t("t_total_market", "Scopes 1 + 2 (market-based) + 3."),
        _t(
            "median_t_total_market",
            "Median of the partners' market-based totals; only for rows of at least 10 partners.",
        ),
    ),
    ("year", "sector_group", "fte_band"),
    mode="aggregate",
)

CATEGORY_TOTALS = Table(
    "category_totals",
    "Totals by scope and category",
    "Aggregate mode (the default): one row per year, scope and emission category over all consenting "
    "partners; categories failing the disclosure rules are merged into '<scope>_other', and 'all' is "
    "the scope's total, which the other rows add up to. Withheld cells are empty.",
    (
        YEAR,
        Column("scope", "integer", "GHG Protocol scope (1, 2 or 3).", required=True),
        Column(
            "category",
            "string",
            "Category code (see docs/method.md), '<scope>_other' (merged) or 'all' (the scope's total).",
            required=True,
        ),
        Column("partners", "integer", "Number of partners with lines in the row (never 1 or 2)."),
        _t("t_co2e_location", "Emissions with Scope 2 location-based (3 significant digits)."),
        _t("t_co2e_market", "Emissions with Scope 2 market-based (scopes 1 and 3: the same in both)."),
    ),
    ("year", "scope", "category"),
    mode="aggregate",
)

TABLES = (GROUP_TOTALS, CATEGORY_TOTALS, PARTNER_YEARS, CATEGORY_YEARS, LINES)


def table_schema(table: Table) -> dict:
    """The Frictionless table schema of a research table (types, units, descriptions, primary key)."""
    fields = []
    for c in table.columns:
        f: dict[str, object] = {"name": c.name, "type": c.type, "description": c.description}
        if c.unit:
            f["unit"] = c.unit
        if c.required:
            f["constraints"] = {"required": True}
        fields.append(f)
    return {"fields": fields, "primaryKey": list(table.primary_key), "missingValues": [""]}


def arrow_schema(table: Table) -> pa.Schema:
    """The Parquet (Arrow) schema of a research table, with the schema version in its metadata."""
    return pa.schema(
        [pa.field(c.name, ARROW_TYPES[c.type], nullable=not c.required) for c in table.columns],
        metadata={"paastolaskuri_research_schema": SCHEMA_VERSION, "table": table.name},
    )


def render_doc_section() -> str:
    """The research tables as markdown, between BEGIN and END (the data dictionary's research section)."""
    out = [BEGIN, "", f"Schema version {SCHEMA_VERSION}.", ""]
    for table in TABLES:
        flag = f" ({table.mode}" + (", optional)" if table.optional else ")")
        out += [f"### `{table.name}`{flag}", "", table.description, ""]
        out += ["| column | type | unit | meaning |", "|---|---|---|---|"]
        for c in table.columns:
            out.append(f"| `{c.name}` | {c.type} | {c.unit} | {c.description} |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def update_doc(path: Path) -> None:
    """Rewrite the research section of the data dictionary (between BEGIN and END) from the schema."""
    text = Path(path).read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    Path(path).write_text(text[:start] + render_doc_section() + text[end:], encoding="utf-8")
