"""The research ledger: which partners each year's last aggregate research package covered.

Two aggregate packages of one year that cover different partners differ by those partners: a late
partner's Scope 2 would be one package's figure minus the other's. ``data/publications/
research-<year>.json`` (the coordinator's record, never exported) keeps the partner set of the last
aggregate package of each year. A new package of that year covers the same partners unless the
partners that changed form a publishable cell themselves (`rules.publishable` on every measure);
partners who arrived since are otherwise held back, and a year that lost a partner (consent
withdrawn) is withheld whole, since printing it would give the partner away and printing the old
figures would use data without consent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from paastolaskuri.core.outputs import write_json
from paastolaskuri.research.aggregate import partners_form_a_publishable_cell


def research_ledger_path(workspace_root: Path, year: int) -> Path:
    """Where the partner set of a year's last aggregate research package is recorded."""
    return Path(workspace_root) / "data" / "publications" / f"research-{int(year)}.json"


def read_covered(workspace_root: Path, year: int) -> set[str] | None:
    """The partners the year's last aggregate package covered, or None (never exported, unreadable).

    Parameters
    ----------
    workspace_root
        The workspace root.
    year
        The reporting year.

    Returns
    -------
    set of str or None
        The partner IDs, or None when the year was never exported or its ledger is unreadable.

    Examples
    --------
    >>> read_covered(Path("demo"), 1999) is None
    True
    """
    try:
        data = json.loads(research_ledger_path(workspace_root, year).read_text(encoding="utf-8"))
        return {str(p) for p in data["partners"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_covered(workspace_root: Path, covered: dict[int, set[str]]) -> None:
    """Record, per year, the partners the package just written covers."""
    for year, ids in covered.items():
        write_json(research_ledger_path(workspace_root, year), {"year": int(year), "partners": sorted(ids)})


@dataclass
class Coverage:
    """Which partner-years an aggregate package may cover, after comparing with the research ledger."""

    rows: pd.DataFrame  # the partner-year rows to publish
    covered: dict[int, set[str]] = field(default_factory=dict)  # year -> partners, for the ledger
    held_back: dict[int, int] = field(default_factory=dict)  # year -> partners kept out (arrived since)
    withheld_years: list[int] = field(default_factory=list)  # years that lost a partner since


def coverage(workspace_root: Path, rows: pd.DataFrame) -> Coverage:
    """The rows (one per partner and year, processed `partners` columns) the new package may cover."""
    keep, out = [], Coverage(rows.iloc[0:0])
    for year, part in rows.groupby("year", sort=True):
        ids = set(part["partner_id"].astype(str))
        before = read_covered(workspace_root, int(year))
        if before is not None and before - ids:  # a partner left: any figure would give it away
            out.withheld_years.append(int(year))
            continue
        added = ids - before if before is not None else set()
        added_rows = part[part["partner_id"].astype(str).isin(added)]
        if added and not partners_form_a_publishable_cell(added_rows):
            out.held_back[int(year)] = len(added)
            ids -= added
        keep.append(part[part["partner_id"].astype(str).isin(ids)])
        out.covered[int(year)] = ids
    out.rows = pd.concat(keep) if keep else rows.iloc[0:0]
    return out
