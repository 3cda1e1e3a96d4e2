"""The tidy derived tables under data/processed/<year>/: written by the runner, read by the notebooks.

Per partner: partners/<slug>/{organisation.json, totals.json, emissions.csv, energy.json (its energy
balance), peer_position.json (its own place in its peer groups), commitments.json, prices.json (its
own prices sheet), boundary.json, change.json (last year's change split)}; and, written by the
run's worker before the partner's report, {actions,restatement,change_split}.json (partner_results).
Per year: partners.csv (one row per computed partner), emissions.csv (every emission line, with
partner_id), each also as .parquet typed by reporting.processed_schema, change.csv (the network's
change from last year, split), network_stats.json (aggregates only: what every partner's report may
see of the others, decided by disclosure.peers), run_status.json (which partners failed or are missing, for the network report).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from paastolaskuri.accounting.change import decompose_network, decompose_partner
from paastolaskuri.accounting.metrics import intensities
from paastolaskuri.core.outputs import neutralise_frame, write_csv, write_json
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure import peers
from paastolaskuri.footprint import EXPLAIN_COLUMNS, Footprint
from paastolaskuri.intake.boundary import boundary_records
from paastolaskuri.intake.commitments import COMMITMENTS_JSON, commitments_to_json
from paastolaskuri.intake.price_sheet import PRICES_JSON, prices_to_json
from paastolaskuri.intake.template_layout import tol_section
from paastolaskuri.reporting.processed_schema import write_parquet

ENERGY_JSON = "energy.json"  # a partner's energy balance (accounting.energy), read by its report
BOUNDARY_JSON = "boundary.json"  # the partner's Scope 3 boundary, one entry per category (intake.boundary)
CHANGE_JSON = "change.json"  # the partner's change from last year split (accounting.change)
CHANGE_CSV = "change.csv"  # the network's change from last year per basis, scope and category


def partner_row(fp: Footprint, slug: str) -> dict:
    """One row of the year's partners.csv: organisation, totals (kg_*), intensities and data quality."""
    org = fp.organisation
    row = {
        "partner_id": org.get("partner_id"),
        "slug": slug,
        "name": org.get("name"),
        "sector": org.get("sector"),
        "section": tol_section(org.get("sector") or "") or "",
        "year": org.get("year"),
        "base_year": org.get("base_year"),
        "employees_fte": org.get("employees_fte"),
        "floor_area_m2": org.get("floor_area_m2"),
        "revenue_eur": org.get("revenue_eur"),
        "research_use": org.get("research_use") == "yes",  # consent to the research export (empty = no)
        "factor_set": fp.factor_set.name if fp.factor_set else "",
        "gwp_set": fp.gwp_set,
    }
    row.update({f"kg_{k}": v for k, v in fp.totals.items()})
    row.update(intensities(fp.totals["total_market"], org))
    em = fp.emissions
    row["lines"] = int(em["line_index"].nunique()) if len(em) else 0
    row["share_estimated"] = _share_estimated(fp)
    row["unverified_factors"] = int((em["confidence"].astype(str) == "unverified").sum()) if len(em) else 0
    row["own_factors"] = int(em["own_factor_used"].sum()) if len(em) else 0
    return row


def _share_estimated(fp: Footprint) -> float:
    lines = fp.submission.lines
    if lines.empty:
        return 0.0
    return float((lines["quality"] != "measured").mean())


def write_partner(ws: Workspace, year: int, slug: str, fp: Footprint, lang: str) -> dict:
    """Write one partner's processed files (organisation, totals, emission lines, commitments); its row."""
    d = ws.partner_processed_dir(year, slug)
    row = partner_row(fp, slug)
    write_json(d / "organisation.json", fp.organisation)
    write_json(
        d / "totals.json",
        {
            "partner_id": row["partner_id"],
            "year": year,
            "factor_set": row["factor_set"],
            "gwp_set": fp.gwp_set,
            "totals": fp.totals,
            "summary": row,
        },
    )
    write_csv(d / "emissions.csv", fp.explain_table(lang))
    energy = fp.energy
    write_json(d / ENERGY_JSON, energy.as_dict() if energy is not None else None)
    write_json(d / COMMITMENTS_JSON, commitments_to_json(fp.submission.commitments))
    write_json(d / PRICES_JSON, prices_to_json(fp.submission.prices))  # the partner's own prices
    write_json(d / BOUNDARY_JSON, boundary_records(fp.submission.boundary, fp.emissions))
    write_partner_change(ws, year, slug, fp)
    return row


def write_partner_change(ws: Workspace, year: int, slug: str, fp: Footprint) -> None:
    """The partner's change.json: last year's change split into activity and factors (when last year ran)."""
    old = ws.partner_processed_dir(year - 1, slug) / "emissions.csv"
    target = ws.partner_processed_dir(year, slug) / CHANGE_JSON
    if not old.is_file() or fp.emissions.empty:
        target.unlink(missing_ok=True)  # a stale split of an earlier run must not outlive its inputs
        return
    d = decompose_partner(
        pd.read_csv(old, keep_default_na=False, na_values=[""]), fp.emissions, year - 1, year
    )
    write_json(target, {**d.as_dict(), "categories": d.categories.to_dict(orient="records")})


def write_network_change(ws: Workspace, year: int, emissions: pd.DataFrame) -> None:
    """The year's change.csv: the network's change per basis, scope and category, split (when last year ran).

    Columns: basis, scope, category, from, to, change, activity_effect, factor_effect, membership_effect.
    """
    old = ws.processed_dir(year - 1) / "emissions.csv"
    target = ws.processed_dir(year) / CHANGE_CSV
    if not old.is_file() or old.stat().st_size <= 1 or emissions.empty:
        target.unlink(missing_ok=True)
        return
    previous = pd.read_csv(old, dtype={"partner_id": str}, keep_default_na=False, na_values=[""])
    d = decompose_network(previous, emissions.astype({"partner_id": str}), year - 1, year)
    write_csv(target, d.categories)


def write_year_tables(ws: Workspace, year: int, rows: list[dict], lang: str) -> None:
    """Year-level tables from every partner computed in this run (or kept from the last good run)."""
    d = ws.processed_dir(year)
    partners = pd.DataFrame(rows).sort_values("slug").reset_index(drop=True) if rows else pd.DataFrame()
    # neutralised once for both files, so the CSV and the Parquet show a partner's name alike
    # (the emission lines below are read back from the neutralised per-partner CSVs)
    partners = neutralise_frame(partners)
    write_csv(d / "partners.csv", partners)
    write_parquet(d / "partners.parquet", partners, "partners")
    frames = []
    for row in rows:
        em = pd.read_csv(ws.partner_processed_dir(year, row["slug"]) / "emissions.csv")
        em.insert(0, "partner_id", row["partner_id"])
        frames.append(em)
    emissions = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["partner_id", *EXPLAIN_COLUMNS])
    )
    emissions = emissions.sort_values(["partner_id", "row", "basis"], kind="stable")
    write_csv(d / "emissions.csv", emissions)
    write_parquet(d / "emissions.parquet", emissions, "emissions")
    write_network_stats(ws, year, partners)
    write_network_change(ws, year, emissions)


def write_network_stats(ws: Workspace, year: int, partners: pd.DataFrame) -> None:
    """The year's network_stats.json (read by every partner report) and each partner's own position.

    What may be in either is decided by `disclosure.peers`: group sizes and the rounded quartiles
    of groups of 10 or more for everyone; a partner's place in its group only in its own folder.
    """
    stats = peers.network_stats(partners)
    write_json(ws.processed_dir(year) / "network_stats.json", stats)
    for slug, positions in peers.peer_positions(partners, stats).items():
        write_json(ws.partner_processed_dir(year, slug) / peers.PEER_POSITION_JSON, positions)


def read_partner(ws: Workspace, year: int, slug: str) -> dict:
    """One partner's processed files: {"organisation", "totals", "emissions"}."""
    d = ws.partner_processed_dir(year, slug)
    return {
        "organisation": json.loads((d / "organisation.json").read_text(encoding="utf-8")),
        "totals": json.loads((d / "totals.json").read_text(encoding="utf-8")),
        "emissions": pd.read_csv(d / "emissions.csv", keep_default_na=False, na_values=[""]),
    }


def partner_history(ws: Workspace, slug: str, up_to: int) -> pd.DataFrame:
    """The partner's own totals in every processed year up to `up_to` (never another partner's)."""
    rows = []
    for year in ws.processed_years():
        if year > up_to:
            continue
        f = ws.partner_processed_dir(year, slug) / "totals.json"
        if f.is_file():
            data = json.loads(f.read_text(encoding="utf-8"))
            rows.append(
                {
                    "year": year,
                    **data["totals"],
                    "base_year": data["summary"].get("base_year"),
                    "factor_set": data["factor_set"],
                }
            )
    return pd.DataFrame(rows)


def read_json(path: Path, default=None):
    """A JSON file's content, or `default` when the file does not exist."""
    return json.loads(Path(path).read_text(encoding="utf-8")) if Path(path).is_file() else default
