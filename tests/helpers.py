"""Shared test helpers: templates written in code (tmp_path only), activity-line frames, paths.

Import them explicitly (``from helpers import build_template``); conftest only wraps them as fixtures.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

from paastolaskuri.accounting.calculation import LINE_COLUMNS
from paastolaskuri.cli import main
from paastolaskuri.intake.template import write_template

REPO = Path(__file__).resolve().parents[1]

DEFAULT_ORGANISATION = {
    "partner_id": "testi-oy",
    "name": "Testi Oy",
    "sector": "C",
    "year": 2024,
    "employees_fte": 10,
}

DEFAULT_LINES = [
    {"activity": "light_fuel_oil", "quantity": 1000, "unit": "l", "quality": "measured"},
]

# the console scripts of the environment running the tests (the project's .venv when run via make)
# Hypothesis: `make test` runs the deterministic "ci" profile; `make test-deep` the "deep" one, with
# DEEP_FACTOR times the examples of each property (tests/conftest.py registers both).
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
DEEP_FACTOR = 10


def examples(n: int) -> int:
    """The number of Hypothesis examples of a property that runs `n` in CI: more under `make test-deep`."""
    return n * DEEP_FACTOR if HYPOTHESIS_PROFILE == "deep" else n


VENV_BIN = (
    Path(sys.executable).parent
    if (Path(sys.executable).parent / "paastolaskuri").exists()
    else REPO / ".venv" / "bin"
)


def build_template(
    tmp_path: Path,
    *,
    lines: list[dict] | None = None,
    organisation: dict | None = None,
    lang: str = "fi",
    name: str = "f.xlsx",
) -> Path:
    """A template written by the package itself. `organisation` updates the default (a None value leaves
    the cell empty); `lines=None` gives one valid light-fuel-oil line, `lines=[]` gives none."""
    org = dict(DEFAULT_ORGANISATION)
    org.update(organisation or {})
    return write_template(
        tmp_path / name, lang=lang, organisation=org, lines=DEFAULT_LINES if lines is None else lines
    )


def set_cells(path: Path, edits: dict[str, dict[str, object]]) -> Path:
    """Write values (or formulas such as "=1+1", saved without a cached result) into cells of a workbook."""
    wb = openpyxl.load_workbook(path)
    for sheet, cells in edits.items():
        ws = wb[sheet]
        for ref, value in cells.items():
            ws[ref] = value
    wb.save(path)
    wb.close()
    return path


def make_lines_frame(rows: list[dict]) -> pd.DataFrame:
    """An activity-line frame with calculation.LINE_COLUMNS; rows are numbered from 7 like a template."""
    records = []
    for i, r in enumerate(rows):
        records.append(
            {
                "row": r.get("row", 7 + i),
                "site": r.get("site", ""),
                "activity": r["activity"],
                "quantity": float(r["quantity"]),
                "unit": r["unit"],
                "own_factor": float(r["own_factor"]) if r.get("own_factor") is not None else math.nan,
                "own_factor_source": r.get("own_factor_source", ""),
                "contract": r.get("contract", ""),
                "quality": r.get("quality", ""),
                "note": r.get("note", ""),
            }
        )
    return pd.DataFrame.from_records(records, columns=LINE_COLUMNS)


def processed_demo(root, partners: int = 6, year: int = 2024):
    """Demo templates for `year`, calculated into data/processed; returns the organisations."""
    from paastolaskuri.core.workspace import Workspace, partner_slug
    from paastolaskuri.demo.network import write_demo
    from paastolaskuri.footprint import compute_footprint
    from paastolaskuri.reporting.processed import write_partner, write_year_tables

    ws = Workspace.at(root)
    write_demo(root, years=[year], partners=partners)
    rows, orgs = [], []
    for path in ws.templates(year):
        fp = compute_footprint(path, workspace=root)
        assert fp.ok, [p.format("en") for p in fp.problems]
        rows.append(write_partner(ws, year, partner_slug(fp.organisation["partner_id"]), fp, "fi"))
        orgs.append(fp.organisation)
    write_year_tables(ws, year, rows, "fi")
    return orgs


def shared_tmp(tmp_path_factory, worker_id: str) -> Path:
    """The session's temporary folder shared by every xdist worker (a build under a file lock goes here).

    `worker_id` is pytest-xdist's fixture: "master" when the tests are not distributed.
    """
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent  # xdist: each worker's basetemp is a child


@dataclass(frozen=True)
class CliRun:
    """What one `paastolaskuri` command gave when run in process (`run_cli`)."""

    returncode: int
    stdout: str
    stderr: str  # the command's stderr, then every warning it raised, formatted as a child prints them
    seconds: float


def run_cli(args: list[str], cwd: Path | None = None) -> CliRun:
    """Run `paastolaskuri ARGS` through its entry point in this process, from `cwd` (default: where we are).

    Costs milliseconds where a subprocess costs a second or two of interpreter start and imports. The
    environment's PAASTOLASKURI_LANG is set aside, as a test's clean child environment would have it. A
    warning is written to the captured stderr (as PYTHONWARNINGS=default does in a child), so a leaked
    warning fails an empty-stderr check exactly as it would from a subprocess; an exception is not
    caught: it fails the test with its traceback.
    """
    out, err = io.StringIO(), io.StringIO()
    lang = os.environ.pop("PAASTOLASKURI_LANG", None)
    start = time.monotonic()
    try:
        with (
            contextlib.chdir(cwd or Path.cwd()),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            warnings.catch_warnings(record=True) as caught,
        ):
            warnings.simplefilter("always")
            try:
                code = main(args)
            except SystemExit as exc:  # argparse exits; the command itself returns its code
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        if lang is not None:
            os.environ["PAASTOLASKURI_LANG"] = lang
    for w in caught:
        err.write(warnings.formatwarning(w.message, w.category, w.filename, w.lineno))
    return CliRun(code, out.getvalue(), err.getvalue(), time.monotonic() - start)
