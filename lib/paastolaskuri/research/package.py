"""`paastolaskuri export research`: the Frictionless Data Package of consenting partners, CSV and Parquet.

Two modes. By default only aggregate tables (`research.aggregate`), every cell through the
disclosure rules: safe to publish under CC BY 4.0. With `microdata=True` and a data-use agreement's
ID, the pseudonymised partner-level tables (`research.tables`) for that researcher only, labelled
confidential (pseudonymised is not anonymous) and logged in the workspace's
data/research_exports.log. The package holds datapackage.json, each table as CSV and Parquet, a
README and the folder marker (`research.folder`). The workspace's key never leaves the workspace.
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
from paastolaskuri.core.i18n import pair
from paastolaskuri.core.outputs import write_bytes, write_csv, write_json, write_text
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure import rules
from paastolaskuri.reporting.year_figures import public_year_figures
from paastolaskuri.research import aggregate, joint_audit, microdata_audit
from paastolaskuri.research import tables as build
from paastolaskuri.research.consent import consenting
from paastolaskuri.research.folder import ExportRefused, check_out, claim, remove_unlisted, write_marker
from paastolaskuri.research.ledger import coverage, record_covered
from paastolaskuri.research.noise import (
    NOISE_MAX,
    NOISE_MIN,
    load_or_create_noise_key,
    multiplier,
    noise_key_path,
    perturb,
    uses_demo_key,
)
from paastolaskuri.research.pseudonyms import load_or_create_key, pseudonym, rotate_key
from paastolaskuri.research.readme import render_readme
from paastolaskuri.research.schema import (
    CATEGORY_TOTALS,
    CATEGORY_YEARS,
    GROUP_TOTALS,
    LINES,
    PARTNER_YEARS,
    SCHEMA_VERSION,
    Table,
    arrow_schema,
    table_schema,
)

__all__ = ["ExportRefused", "ExportResult", "export_research"]

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
AGGREGATE, MICRODATA = "aggregate", "microdata"
LOG_NAME = "research_exports.log"  # under the workspace's data/, never data/raw/
MAX_AGREEMENT = 100


def log_path(workspace: Path | str) -> Path:
    """The workspace's log of microdata exports (one line per export)."""
    return Path(workspace) / "data" / LOG_NAME


def agreement_valid(agreement: str) -> bool:
    """True for a usable agreement ID: 1-100 printable characters (a log line cannot be forged with it)."""
    text = agreement.strip()
    return 0 < len(text) <= MAX_AGREEMENT and text.isprintable() and "\t" not in text


@dataclass
class ExportResult:
    """What an export wrote and what disclosure control did."""

    out: Path
    files: list[Path]
    counts: dict = field(default_factory=dict)
    key_created: bool = False
    log: Path | None = None  # the export log a microdata export was appended to


def _consenting_rows(ws: Workspace, years: list[int]) -> tuple[build.Processed, pd.DataFrame, dict]:
    """The processed tables, the consenting partners' rows of `years`, and the consent counts."""
    processed = build.load_processed(ws, years)
    if processed.partners.empty:
        raise ExportRefused("no_processed", years=years)
    allowed = consenting(ws, processed.partners)
    in_years = processed.partners[processed.partners["year"].isin(years)]
    everyone = set(in_years["partner_id"].astype(str))
    partners = in_years[in_years["partner_id"].astype(str).isin(allowed)].copy()
    counts = {
        "years": years,
        "partners_in_years": len(everyone),
        "partners_without_consent": len(everyone - allowed),
    }
    return processed, partners, counts


def years_with_a_small_complement(in_years: pd.DataFrame, released: pd.DataFrame) -> list[int]:
    """The years whose partners left out of the research tables would be revealed by a difference.

    The public network report covers every partner of a year, the research tables the consenting
    ones: a public figure minus the research one is the sum over the partners left out. Unless those
    partners form a publishable cell themselves, the year's research tables are withheld.
    """
    kept = set(released["partner_id"].astype(str))
    return [
        int(year)
        for year, part in in_years.groupby("year", sort=True)
        if not (left := part[~part["partner_id"].astype(str).isin(kept)]).empty
        and not aggregate.partners_form_a_publishable_cell(left)
    ]


@dataclass
class Aggregates:
    """The aggregate tables, what disclosure control did, and every partner row of the years (all partners)."""

    tables: list[tuple[pd.DataFrame, Table]]
    counts: dict
    in_years: pd.DataFrame  # the processed rows of the years, read once: factor and GWP sets come from them
    emissions: pd.DataFrame  # every partner's lines of the years (the microdata audit's truth)
    covered: pd.DataFrame  # the partner-year rows the aggregate tables cover


def build_aggregates(ws: Workspace, years: list[int], rows: tuple | None = None) -> Aggregates:
    """The aggregate tables of `years` over consenting partners, and what disclosure control did.

    `rows`: what `_consenting_rows` returns, when the caller has read it already.
    """
    processed, partners, counts = rows if rows is not None else _consenting_rows(ws, years)
    partners, counts = partners.copy(), dict(counts)
    in_years = processed.partners[processed.partners["year"].isin(years)]
    withheld_years = years_with_a_small_complement(in_years, partners)
    partners = partners[~partners["year"].astype(int).isin(withheld_years)]
    counts["years_withheld_for_the_partners_left_out"] = withheld_years
    covered = coverage(ws.root, partners)
    partners = covered.rows
    counts["years_withheld_since_the_last_package"] = covered.withheld_years
    counts["partners_held_back_since_the_last_package"] = covered.held_back
    counts["covered"] = {y: sorted(ids) for y, ids in covered.covered.items()}
    emissions = processed.emissions
    if not emissions.empty:
        pairs = set(zip(partners["partner_id"].astype(str), partners["year"].astype(int), strict=True))
        mask = [
            pair in pairs
            for pair in zip(emissions["partner_id"].astype(str), emissions["year"].astype(int), strict=True)
        ]
        emissions = emissions[mask]
    public = {y: public_year_figures(ws, y) for y in years if ws.processed_dir(y).is_dir()}
    merged = {y: f.scopes.merged for y, f in public.items()}
    groups = aggregate.group_totals(partners, merged) if not partners.empty else _empty(GROUP_TOTALS)
    categories = (
        aggregate.category_totals(emissions, merged) if not emissions.empty else _empty(CATEGORY_TOTALS)
    )
    groups, categories, levels = audited_with_public(
        public, in_years, processed.emissions, partners, groups, categories
    )
    counts["joint_audit_with_the_public_report"] = levels
    counts.update(
        partners_released=int(partners["partner_id"].nunique()),
        partner_years_released=len(partners),
        group_rows_merged=int((groups["sector_group"] == aggregate.OTHER).sum()),
        rules={
            "min_contributors": rules.MIN_CONTRIBUTORS,
            "p_percent": rules.P_PERCENT,
            "significant_digits": rules.SIGNIFICANT_DIGITS,
            "min_for_order_statistics": rules.MIN_FOR_ORDER_STATISTICS,
        },
    )
    return Aggregates(
        [(groups, GROUP_TOTALS), (categories, CATEGORY_TOTALS)],
        counts,
        in_years,
        processed.emissions,
        partners,
    )


def _of_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    return frame[frame["year"].astype(int) == year] if len(frame) else frame


def audited_with_public(
    public: dict,
    in_years: pd.DataFrame,
    all_emissions: pd.DataFrame,
    partners: pd.DataFrame,
    groups: pd.DataFrame,
    categories: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The research rows of each year after the joint audit with that year's public figures.

    `public`: {year: the year's public `NetworkFigures`}. Returns the kept rows and, per year that
    has research rows, what the audit left (`joint_audit.LEVELS`).
    """
    kept_groups, kept_categories, levels = [], [], {}
    for year in sorted(set(groups["year"].dropna().astype(int)) if len(groups) else ()):
        g = groups[groups["year"].astype(int) == year]
        c = categories[categories["year"].astype(int) == year] if len(categories) else categories
        f = public.get(year)
        printed = list(f.publication.figures) if f is not None and f.publication is not None else []
        public_merged = (
            ()
            if f is None
            else (f.categories.merged if not f.categories.withheld else (joint_audit.WITHHELD,))
        )
        level, _ = joint_audit.audit_year(
            printed,
            _of_year(in_years, year),
            _of_year(all_emissions, year),
            _of_year(partners, year),
            g,
            c,
            public_merged,
        )
        g, c = joint_audit.withhold_level(g, c, level)
        kept_groups.append(g)
        kept_categories.append(c)
        levels[year] = joint_audit.LEVELS[level]
    out_groups = pd.concat(kept_groups, ignore_index=True) if kept_groups else groups.iloc[0:0]
    out_categories = (
        pd.concat(kept_categories, ignore_index=True) if kept_categories else categories.iloc[0:0]
    )
    return (
        out_groups.reindex(columns=groups.columns),
        out_categories.reindex(columns=categories.columns),
        levels,
    )


@dataclass
class MicrodataInputs:
    """The consenting partners' rows, read once for every round of the microdata audit."""

    processed: build.Processed
    partners: pd.DataFrame  # consenting partner-years, with their commitment status
    counts: dict  # the consent counts


def microdata_inputs(ws: Workspace, years: list[int], rows: tuple | None = None) -> MicrodataInputs:
    """The processed tables and the consenting partner-years of `years` (with commitment statuses).

    `rows`: what `_consenting_rows` returns, when the caller has read it already.
    """
    processed, partners, counts = rows if rows is not None else _consenting_rows(ws, years)
    partners, counts = partners.copy(), dict(counts)
    pairs = list(zip(partners["partner_id"].astype(str), partners["year"].astype(int), strict=True))
    partners["commitment_status"] = commitment_statuses(ws, pairs)
    return MicrodataInputs(processed, partners, counts)


def build_tables(
    ws: Workspace,
    years: list[int],
    key: bytes,
    k: int,
    with_lines: bool,
    withheld: frozenset = frozenset(),
    inputs: MicrodataInputs | None = None,
) -> build.ResearchTables:
    """The microdata tables of `years` for consenting partners, pseudonymised and k-anonymised.

    `withheld`: partners the audit against the public figures keeps out (`audited_microdata`);
    `inputs`: the rows read once by the caller (read here when not given).
    """
    inputs = inputs or microdata_inputs(ws, years)
    processed, consent_counts = inputs.processed, inputs.counts
    partners = inputs.partners[~inputs.partners["partner_id"].astype(str).isin(withheld)]
    if partners.empty:  # everyone withheld: nothing to release (the audit then refuses the export)
        empty = {t.name: _empty(t) for t in (PARTNER_YEARS, CATEGORY_YEARS, LINES)}
        return build.ResearchTables(
            empty["partner_years"], empty["category_years"], None, dict(consent_counts)
        )
    # every magnitude times the partner's noise factor before anything is derived from it (research.noise)
    noise_key = load_or_create_noise_key(ws.root)
    if uses_demo_key(noise_key, partners["partner_id"].astype(str).unique().tolist()):
        raise ExportRefused("demo_noise_key", path=str(noise_key_path(ws.root)))
    partners, emissions = perturb(partners, processed.emissions, noise_key)
    partners["pseudonym"] = [pseudonym(key, pid) for pid in partners["partner_id"].astype(str)]
    py, counts = build.partner_years(partners, k)
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
        **consent_counts,
        partners_released=int(py["pseudonym"].nunique()),
        partner_years_released=len(py),
        category_rows_merged=merged,
        line_rows_generalised=generalised,
        noise={"min": NOISE_MIN, "max": NOISE_MAX, "per": "partner"},
    )
    ids = dict(zip(partners["pseudonym"], partners["partner_id"].astype(str), strict=True))
    partner_of = {ps: ids[ps] for ps in py["pseudonym"].unique()}
    return build.ResearchTables(py, cy, lines, counts, partner_of)


def _research_by_year(aggregates: Aggregates) -> dict:
    """Each year's (group rows, category rows, covered partner rows) of the aggregate tables."""
    (groups, _), (categories, _) = aggregates.tables
    covered = aggregates.covered
    out = {}
    for year in sorted(set(groups["year"].dropna().astype(int)) if len(groups) else ()):
        out[year] = (_of_year(groups, year), _of_year(categories, year), _of_year(covered, year))
    return out


def audited_microdata(
    ws: Workspace, years: list[int], key: bytes, k: int, with_lines: bool
) -> build.ResearchTables:
    """The microdata tables after the audit against every public figure of `years` (`research.microdata_audit`).

    Partners are withheld until no factor's side and no left-out partner's figure can be told;
    the export is refused when nothing passes.
    """
    rows = _consenting_rows(ws, years)
    aggregates = build_aggregates(ws, years, rows)
    model = microdata_audit.public_model(
        ws, aggregates.in_years, aggregates.emissions, _research_by_year(aggregates)
    )
    noise_key = load_or_create_noise_key(ws.root)
    inputs = microdata_inputs(ws, years, rows)
    tables, done = microdata_audit.audit_microdata(
        model,
        lambda withheld: build_tables(ws, years, key, k, with_lines, withheld, inputs),
        lambda partner: 1.0 / multiplier(noise_key, partner),
    )
    if tables is None:
        raise ExportRefused("microdata_audit_failed", withheld=len(done.withheld), p=rules.P_PERCENT)
    result = done.result
    tables.counts["partners_withheld_by_the_public_audit"] = len(done.withheld)
    tables.counts["public_audit"] = {
        "public_figures": len(model.figures),
        "rounds": done.rounds,
        "programs": result.programs if result is not None else 0,
    }
    return tables


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
    write_csv(csv_path, frame)
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


def _factor_sets(ws: Workspace, partners: pd.DataFrame) -> list[dict]:
    out = []
    for (year, name), _ in partners.groupby(["year", "factor_set"]):
        entry = {"year": int(year), "factor_set": name}
        try:
            fs = find_factor_set(name, ws.root)
            entry.update(revision=fs.revision, sha256=fs.digest, description=fs.description)
        except FactorSetError:
            entry["note"] = "set not found in this workspace"
        out.append(entry)
    return out


def descriptor(
    resources: list[dict],
    counts: dict,
    factor_sets: list[dict],
    gwp_sets: list[str],
    agreement: str | None = None,
) -> dict:
    """The datapackage.json content; with an agreement, the confidential microdata package."""
    if agreement is None:
        title_fi, title_en = pair("research.package.aggregate_title")
        description = (
            "Aggregate greenhouse-gas footprints of the consenting partners of a climate-partner network: "
            "every cell has at least 3 partners and passes the p %-rule, figures are rounded; see README.md."
        )
        licenses = [LICENSE]
        extra: dict = {"mode": AGGREGATE}
    else:
        title_fi, title_en = pair("research.package.title")
        conf_fi, conf_en = pair("research.package.confidential")
        description = (
            f"{conf_en}. / {conf_fi}. Greenhouse-gas footprints of the consenting partners of a "
            "climate-partner network, one row per partner-year, pseudonymised (HMAC-SHA256) and "
            f"k-anonymised, for the holder of data-use agreement {agreement} only; see README.md."
        )
        licenses = [
            {"name": "other-closed", "title": f"Data-use agreement {agreement}; not for redistribution"}
        ]
        extra = {"mode": MICRODATA, "confidential": f"{conf_en} / {conf_fi}", "agreement": agreement}
    return {
        "profile": "tabular-data-package",
        "name": "paastolaskuri-research",
        "title": f"{title_en} / {title_fi}",
        "description": description,
        "version": SCHEMA_VERSION,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        **extra,
        "licenses": licenses,
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


def _log_export(ws: Workspace, agreement: str, counts: dict, out: Path, now: dt.datetime) -> Path:
    """Append one line (UTC time, agreement, years, partner count, folder) to the export log."""
    years = counts["years"]
    line = "\t".join(
        [
            now.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            f"agreement={agreement.strip()}",
            f"years={min(years)}-{max(years)}" if years else "years=",
            f"partners={counts['partners_released']}",
            f"out={out.resolve()}",
        ]
    )
    path = log_path(ws.root)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:  # append-only: one write of one whole line
        fh.write(line + "\n")
    return path


def export_research(
    workspace: Path | str,
    years: list[int],
    out: Path | str,
    *,
    microdata: bool = False,
    agreement: str | None = None,
    k: int | None = None,
    with_lines: bool = False,
    rotate: bool = False,
    force: bool = False,
    now: dt.datetime | None = None,
) -> ExportResult:
    """Write the research data package for `years` into `out`.

    Aggregate tables by default; partner-level tables with `microdata` and an `agreement` ID (the
    export is then logged). `k` (microdata only) is at least `rules.MIN_CONTRIBUTORS`, its default.
    `out` must be new, empty or, with `force`, an earlier research package (see research.folder).

    Parameters
    ----------
    workspace
        The coordinator's workspace (its processed years and partners' consent).
    years
        The reporting years to export (each must be processed).
    out
        The package folder to write.
    microdata
        Partner-level tables instead of the aggregate ones (needs `agreement`).
    agreement
        The data agreement's ID, logged with the export.
    k
        The k of k-anonymity for microdata (default and minimum ``rules.MIN_CONTRIBUTORS``).
    with_lines
        Microdata only: the emission lines too.
    rotate
        Microdata only: a new pseudonym key (earlier packages cannot be joined to the new one).
    force
        Replace `out` when it is an earlier research package.
    now
        The export's timestamp (tests pass a fixed one).

    Returns
    -------
    ExportResult
        Where the package was written, its counts and whether the pseudonym key was created.

    Raises
    ------
    ExportRefused
        A request that cannot be carried out as given (no processed year, no or a bad agreement,
        `k` under the minimum, an option for microdata only, `out` not writable); its ``code`` names
        the message.

    Examples
    --------
    >>> result = export_research("demo", [2024], "demo/reports/research-aggregate", force=True)
    >>> result.out.name
    'research-aggregate'
    """
    ws = Workspace.at(workspace)
    out = Path(out)
    k = rules.MIN_CONTRIBUTORS if k is None else k
    if microdata and (agreement is None or not agreement.strip()):
        raise ExportRefused("agreement_missing")
    if microdata and agreement is not None and not agreement_valid(agreement):
        raise ExportRefused("agreement_invalid", value=agreement[:40])
    if k < rules.MIN_CONTRIBUTORS:
        raise ExportRefused("bad_k", min=rules.MIN_CONTRIBUTORS)
    if not microdata and (with_lines or rotate):
        raise ExportRefused("microdata_only", option="--lines" if with_lines else "--rotate-key")
    check_out(out, ws.root, force)
    created = False
    if microdata:
        if rotate:
            rotate_key(ws.root)
        key, created = load_or_create_key(ws.root)
        research = audited_microdata(ws, years, key, k, with_lines)
        tables = [(research.partner_years, PARTNER_YEARS), (research.category_years, CATEGORY_YEARS)]
        if research.lines is not None:
            tables.append((research.lines, LINES))
        counts, released = research.counts, research.partner_years
    else:
        aggregates = build_aggregates(ws, years)
        tables, counts, released = aggregates.tables, aggregates.counts, aggregates.in_years
        covered = {int(y): set(ids) for y, ids in counts.pop("covered").items()}
    mode = MICRODATA if microdata else AGGREGATE
    claim(out, mode)
    resources, files = [], []
    for frame, table in tables:
        for resource, path in _write_table(out, frame, table):
            resources.append(resource)
            files.append(path)
    gwp = sorted(set(released["gwp_set"].dropna().astype(str))) if "gwp_set" in released else []
    sets = _factor_sets(ws, released) if "factor_set" in released else []
    package = descriptor(resources, counts, sets, gwp, agreement.strip() if microdata and agreement else None)
    files.append(write_text(out / "README.md", render_readme(package)))
    files.append(write_json(out / "datapackage.json", package))
    remove_unlisted(out, files)
    write_marker(out, mode, files)
    if not microdata:  # the next aggregate package of these years is compared with this one
        record_covered(ws.root, covered)
    result = ExportResult(out, files, counts, created)
    if microdata and agreement:
        result.log = _log_export(ws, agreement, counts, out, now or dt.datetime.now(dt.UTC))
    return result
