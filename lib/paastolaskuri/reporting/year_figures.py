"""A year's processed network tables, and the figures its public outputs print (audited, cached).

Below `network_report` and `actions_section`, which both print a year's public figures: each imports
them from here, not from the other.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure.ledger import ledger_path, read_publication
from paastolaskuri.reporting.network_tables import NetworkFigures, public_figures


def read_partners(path) -> pd.DataFrame:
    """A year's partners.csv (an empty frame when the year has no computed partner)."""
    if not path.is_file() or path.stat().st_size <= 1:
        return pd.DataFrame()
    return pd.read_csv(
        path,
        dtype={"sector": str, "section": str, "partner_id": str},
        keep_default_na=False,
        na_values=[""],
    )


def read_emissions(path) -> pd.DataFrame:
    """A year's emissions.csv (an empty frame when there is none)."""
    if not path.is_file() or path.stat().st_size <= 1:
        return pd.DataFrame()
    return pd.read_csv(path, dtype={"partner_id": str}, keep_default_na=False, na_values=[""])


def public_year_figures(ws: Workspace, year: int) -> NetworkFigures:
    """The figures the public outputs of `year` print, audited with the year's publication ledger.

    Computed once per version of the year's files (the overview, the trend and the glance of one
    report, and the report's other language, ask for the same year): the audit is the costly part.
    """
    d = ws.processed_dir(year)
    files = (d / "partners.csv", d / "emissions.csv", ledger_path(ws.root, year))
    return _public_year_figures(ws.root, year, tuple(_version(f) for f in files))


def _version(path: Path) -> tuple[int, int] | None:
    """(modification time, size) of a file, or None when it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size


@functools.lru_cache(maxsize=16)
def _public_year_figures(root: Path, year: int, versions: tuple) -> NetworkFigures:
    d = Workspace.at(root).processed_dir(year)
    return public_figures(
        read_partners(d / "partners.csv"),
        read_emissions(d / "emissions.csv"),
        read_publication(ledger_path(root, year)),
    )
