"""Step 2 of a year's run: the processed data (each valid partner's, the year's tables, the run status).

Written only when something changed, so that an unchanged rerun leaves the network report's inputs
(and so its fingerprint) as they were.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from paastolaskuri.core.outputs import write_json
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.run.manifest import read_manifest
from paastolaskuri.run.options import RunOptions


def _year_status(ws: Workspace, year: int, result) -> dict:
    """The year's run_status.json (processed data): how many partners are registered, which failed, which are missing."""
    registered = _registered(ws, year)
    present = {p.slug for p in result.partners if p.slug}
    return {
        "registered": len(registered | present),
        "failed": [
            {
                "partner": p.partner_id or Path(p.file).name,
                "file": p.file,
                "messages": [m["line"] for m in p.messages if m["severity"] == "error"],
            }
            for p in result.failed
        ],
        "missing": sorted(registered - present),
    }


def write_processed(
    ws: Workspace, year: int, result, valid: dict, previous: dict, options: RunOptions
) -> list[dict]:
    """Derived data of every valid partner (failed ones keep whatever they had) and the year's tables."""
    lang = options.lang
    rows = []
    for slug, (_, fp, _) in valid.items():
        if fp is not None:
            # imported here: a run where nothing changed never needs pandas (starts in a fraction of a second)
            from paastolaskuri.reporting.processed import write_partner

            rows.append(write_partner(ws, year, slug, fp, lang))
        else:
            totals = ws.partner_processed_dir(year, slug) / "totals.json"
            rows.append(json.loads(totals.read_text(encoding="utf-8"))["summary"])
    status = _year_status(ws, year, result)
    d = ws.processed_dir(year)
    unchanged = (
        all(fp is None for _, fp, _ in valid.values())
        and read_manifest(d / "run_status.json") == status
        and sorted(r["slug"] for r in rows) == sorted(previous.get("valid", []))
        and all((d / n).is_file() for n in ("partners.csv", "emissions.csv", "network_stats.json"))
    )
    if not unchanged:
        # imported when the step runs: a run where nothing changed starts without pandas or reporting
        from paastolaskuri.reporting.processed import write_year_tables

        write_json(d / "run_status.json", status)
        write_year_tables(ws, year, rows, lang)
    return rows


def _registered(ws: Workspace, year: int) -> set[str]:
    """Partners seen in this workspace before `year` (data/partners.csv, when present, lists them instead)."""
    registry = ws.root / "data" / "partners.csv"
    if registry.is_file():
        return {partner_slug(r["partner_id"]) for r in _csv_rows(registry) if r.get("partner_id")}
    slugs = set()
    for y in ws.processed_years():
        if y < year:
            slugs |= {r["slug"] for r in _csv_rows(ws.processed_dir(y) / "partners.csv") if r.get("slug")}
    return slugs


def _csv_rows(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
