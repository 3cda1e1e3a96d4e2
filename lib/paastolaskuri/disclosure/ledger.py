"""The publication ledger: what the last public output of a year printed, and over which partners.

Two publications of one year that differ by a late (or a dropped) partner would give that
partner's figures as their difference. The ledger, ``data/publications/<year>.json`` (the
coordinator's confidential area, never published; outside data/processed, so that clearing the
derived data to rerun from scratch does not forget what was published), records the partner set and every figure
of the last public publication of that year. The next public output of that year is audited
together with those figures (`disclosure.audit`), so its differences with them must hide every
partner within ±p % too; when they do not, the changed partners are kept out (see
`reporting.network_tables.public_figures` and docs/decisions.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from paastolaskuri.core.outputs import write_json
from paastolaskuri.disclosure.audit import Figure

LEDGER_FOLDER = ("data", "publications")


@dataclass(frozen=True)
class Publication:
    """One public publication of a year: the partners in it and the figures it printed."""

    partners: tuple[str, ...]
    figures: tuple[Figure, ...]


def ledger_path(workspace_root: Path, year: int) -> Path:
    """Where a year's ledger lives: data/publications/<year>.json of the workspace."""
    return Path(workspace_root).joinpath(*LEDGER_FOLDER, f"{int(year)}.json")


def read_publication(path: Path) -> Publication | None:
    """The ledger at `path`, or None when the year has never been published (or the file is unreadable)."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        figures = tuple(
            Figure(f["name"], frozenset(f["partners"]), frozenset(f["items"]), float(f["value"]))
            for f in data["figures"]
        )
        return Publication(tuple(data["partners"]), figures)
    except (OSError, ValueError, KeyError, TypeError):
        # an unreadable ledger is treated as no earlier publication: the differencing defence then
        # has nothing to compare with (docs/security.md lists this among what remains possible)
        return None


def write_publication(path: Path, publication: Publication) -> Path:
    """Record `publication` as the year's last public one (atomically)."""
    return write_json(
        Path(path),
        {
            "partners": sorted(publication.partners),
            "figures": [
                {
                    "name": f.name,
                    "partners": sorted(f.partners),
                    "items": sorted(f.items),
                    "value": f.value,
                }
                for f in publication.figures
            ],
        },
    )
