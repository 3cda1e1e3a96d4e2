"""`paastolaskuri export research`: the Frictionless Data Package of consenting partners, CSV and Parquet.

The package holds datapackage.json (a table schema per resource, licence, method and factor-set
revisions, disclosure counts), each table as CSV and Parquet, and a README. The workspace's key
never leaves the workspace.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from paastolaskuri import __version__
from paastolaskuri.accounting.factors import FactorSetError, find_factor_set
from paastolaskuri.commitments.store import commitment_statuses
from paastolaskuri.errors import PaastolaskuriError
from paastolaskuri.i18n import pair
from paastolaskuri.outputs import write_bytes, write_json, write_text
from paastolaskuri.research import tables as build
from paastolaskuri.research.pseudonyms import load_or_create_key, pseudonym, rotate_key
from paastolaskuri.research.readme import render_readme
from paastolaskuri.research.schema import (
    CATEGORY_YEARS,
    LINES,
    PARTNER_YEARS,
    SCHEMA_VERSION,
    Table,
    arrow_schema,
    table_schema,
)
from paastolaskuri.workspace import Workspace

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


class ExportRefused(PaastolaskuriError):
    """The export cannot be written: a non-empty output folder without --force, or no processed data."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class ExportResult:
    """What an export wrote and what disclosure control did."""

    out: Path
    files: list[Path]
    counts: dict = field(default_factory=dict)
    key_created: bool = False


def _check_out(out: Path, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise ExportRefused("out_not_dir", path=str(out))
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ExportRefused("out_not_empty", path=str(out))


def build_tables(
    ws: Workspace, years: list[int], key: bytes, k: int, with_lines: bool
) -> build.ResearchTables:
    """The research tables of `years` for consenting partners, pseudonymised and k-anonymised."""
    processed = build.load_processed(ws, years)
    if processed.partners.empty:
        raise ExportRefused("no_processed", years=years)
    allowed = build.consenting(processed.partners)
    everyone = set(processed.partners.loc[processed.partners["year"].isin(years), "partner_id"].astype(str))
    partners = processed.partners[
        processed.partners["year"].isin(years) & processed.partners["partner_id"].astype(str).isin(allowed)
    ].copy()
    partners["pseudonym"] = [pseudonym(key, pid) for pid in partners["partner_id"].astype(str)]
    pairs = list(zip(partners["partner_id"].astype(str), partners["year"].astype(int), strict=True))
    partners["commitment_status"] = commitment_statuses(ws, pairs)
    py, counts = build.partner_years(partners, k)
    emissions = processed.emissions
    if not emissions.empty:
        ids = dict(zip(partners["partner_id"].astype(str), partners["pseudonym"], strict=False))
        emissions = emissions.assign(pseudonym=emissions["partner_id"].astype(str).map(ids))
        released = py[["pseudonym", "year"]].assign(_keep=True)
        emissions = emissions.merge(released, on=["pseudonym", "year"], how="inner").drop(columns="_keep")
        py = build.with_quality_shares(py, emissions)
    cy, merged = build.category_years(emissions, k) if not emissions.empty else (_empty(CATEGORY_YEARS), 0)
    lines, generalised = (None, 0)
    if with_lines:
        lines, generalised = build.lines_table(emissions, k) if not emissions.empty else (_empty(LINES), 0)
    counts.update(
        k=k,
        years=years,
        partners_in_years=len(everyone),
        partners_without_consent=len(everyone - allowed),
        partners_released=int(py["pseudonym"].nunique()),
        partner_years_released=len(py),
        category_rows_merged=merged,
        line_rows_generalised=generalised,
    )
    return build.ResearchTables(py, cy, lines, counts)


def _empty(table: Table) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in table.names})


def _to_arrow(frame: pd.DataFrame, table: Table) -> pa.Table:
    schema = arrow_schema(table)
    arrays = []
    for f in schema:
        col = frame[f.name]
        if pa.types.is_string(f.type):
            col = col.astype("string").astype(object).where(col.notna(), None)
        elif pa.types.is_integer(f.type):
            col = pd.to_numeric(col).astype("Int64")
        else:
            col = pd.to_numeric(col).astype("float64")
        arrays.append(pa.array(col, type=f.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


def _write_table(out: Path, frame: pd.DataFrame, table: Table) -> list[tuple[dict, Path]]:
    csv_path, parquet_path = out / f"{table.name}.csv", out / f"{table.name}.parquet"
    write_text(csv_path, frame.to_csv(index=False, lineterminator="\n"))
    buffer = io.BytesIO()
    pq.write_table(_to_arrow(frame, table), buffer, compression="zstd")
    write_bytes(parquet_path, buffer.getvalue())
    resources = []
    for path, fmt, media, suffix in (
        (csv_path, "csv", "text/csv", ""),
        (parquet_path, "parquet", "application/vnd.apache.parquet", "_parquet"),
    ):
        data = path.read_bytes()
        resource: dict[str, object] = {
            "name": table.name + suffix,
            "title": table.title + (" (Parquet)" if suffix else " (CSV)"),
            "description": table.description,
            "profile": "tabular-data-resource",
            "path": path.name,
            "format": fmt,
            "mediatype": media,
            "schema": table_schema(table),
        }
        if fmt == "csv":  # frictionless checks size and hash of text sources only
            resource.update(
                encoding="utf-8", bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest()
            )
        resources.append((resource, path))
    return resources


def _factor_sets(ws: Workspace, partner_years: pd.DataFrame) -> list[dict]:
    out = []
    for (year, name), _ in partner_years.groupby(["year", "factor_set"]):
        entry = {"year": int(year), "factor_set": name}
        try:
            fs = find_factor_set(name, ws.root)
            entry.update(revision=fs.revision, sha256=fs.digest, description=fs.description)
        except FactorSetError:
            entry["note"] = "set not found in this workspace"
        out.append(entry)
    return out


def descriptor(resources: list[dict], counts: dict, factor_sets: list[dict], gwp_sets: list[str]) -> dict:
    """The datapackage.json content."""
    title_fi, title_en = pair("research.package.title")
    return {
        "profile": "tabular-data-package",
        "name": "paastolaskuri-research",
        "title": f"{title_en} / {title_fi}",
        "description": "Greenhouse-gas footprints of the consenting partners of a climate-partner network, "
        "pseudonymised (HMAC-SHA256) and k-anonymised; see README.md.",
        "version": SCHEMA_VERSION,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "licenses": [LICENSE],
        "keywords": ["greenhouse gas", "GHG Protocol", "carbon footprint", "Finland", "Joensuu"],
        "method": {
            "tool": f"paastolaskuri {__version__}",
            "method_document": "docs/method.md of paastolaskuri",
            "standard": "GHG Protocol Corporate Standard, Scope 2 Guidance (both bases), Scope 3 Standard",
            "gwp_sets": gwp_sets,
            "factor_sets": factor_sets,
            "research_schema_version": SCHEMA_VERSION,
        },
        "disclosure_control": counts,
        "resources": resources,
    }


def export_research(
    workspace: Path | str,
    years: list[int],
    out: Path | str,
    *,
    k: int = 3,
    with_lines: bool = False,
    rotate: bool = False,
    force: bool = False,
) -> ExportResult:
    """Write the research data package for `years` into `out` (refused if `out` is non-empty, unless force)."""
    ws = Workspace.at(workspace)
    out = Path(out)
    _check_out(out, force)
    if rotate:
        rotate_key(ws.root)
    key, created = load_or_create_key(ws.root)
    research = build_tables(ws, years, key, k, with_lines)
    tables = [(research.partner_years, PARTNER_YEARS), (research.category_years, CATEGORY_YEARS)]
    if research.lines is not None:
        tables.append((research.lines, LINES))
    out.mkdir(parents=True, exist_ok=True)
    resources, files = [], []
    for frame, table in tables:
        for resource, path in _write_table(out, frame, table):
            resources.append(resource)
            files.append(path)
    gwp = sorted(set(research.partner_years["gwp_set"].dropna().astype(str)))
    package = descriptor(resources, research.counts, _factor_sets(ws, research.partner_years), gwp)
    files.append(write_text(out / "README.md", render_readme(package)))
    files.append(write_json(out / "datapackage.json", package))
    return ExportResult(out, files, research.counts, created)
