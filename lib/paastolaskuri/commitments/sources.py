"""The coordinator's data/commitments.csv checked against the workspace's partners.

No pandas here: ``run`` and ``check`` call it on every run, cheaply.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Collection
from pathlib import Path

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.intake.commitments import COMMITMENTS_CSV, CommitmentsFile, read_commitments_file


def _partners_csv_ids(path) -> set[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["partner_id"] for row in csv.DictReader(fh) if row.get("partner_id")}


def _manifest_ids(path) -> set[str]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8")).get("partners", {})
        return {str(e["partner_id"]) for e in entries.values() if isinstance(e, dict) and e.get("partner_id")}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return set()


def known_partners(ws: Workspace) -> set[str] | None:
    """The partner IDs the workspace knows: computed in any year, or named in any year's run manifest.

    None when the workspace has neither yet (nothing to check a partner ID against).
    """
    found: set[str] = set()
    seen_any = False
    for year in sorted(set(ws.processed_years()) | set(ws.years())):
        partners_csv = ws.processed_dir(year) / "partners.csv"
        if partners_csv.is_file():
            seen_any = True
            found |= _partners_csv_ids(partners_csv)
        manifest = ws.reports_dir(year) / "run.json"
        if manifest.is_file():
            seen_any = True
            found |= _manifest_ids(manifest)
    return found if seen_any else None


def read_workspace_file(ws: Workspace, also_known: Collection[str] = ()) -> CommitmentsFile:
    """The workspace's data/commitments.csv, checked against its partners (and ``also_known``, e.g. a run's).

    An empty result when the file does not exist.

    Parameters
    ----------
    ws
        The workspace.
    also_known
        Partner IDs that count as known besides the workspace's computed ones.

    Returns
    -------
    CommitmentsFile
        ``by_partner`` (the usable rows) and ``problems`` (every problem of the file, located).

    Examples
    --------
    >>> found = read_workspace_file(Workspace.at("demo"))
    >>> [p for p in found.problems if p.is_error]
    []
    """
    path = ws.root / COMMITMENTS_CSV
    if not path.is_file():
        return CommitmentsFile({}, [], set(), 0)
    known = known_partners(ws)
    if known is not None or also_known:
        known = (known or set()) | set(also_known)
    return read_commitments_file(path, str(COMMITMENTS_CSV), known)


def check_commitments_file(path: Path, workspace: Path | None) -> CommitmentsFile:
    """``check data/commitments.csv``: the file validated as a commitments file, partner IDs included.

    The workspace is the one the file lies in (``<workspace>/data/commitments.csv``), else ``workspace``.
    """
    resolved = path.resolve()
    root = resolved.parent.parent if resolved.parent.name == "data" else workspace
    return read_commitments_file(path, str(path), known_partners(Workspace.at(root)))
