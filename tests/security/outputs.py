"""Every output that leaves the coordinator, ONE LIST per audience, each with a loader: what a reader sees.

An `Output` names its audience and a loader `load(root, year, out_dir) -> list[Seen]` (one `Seen` per
reader: a partner report gives one per viewing partner). Every attack runs over every entry whose
audience it concerns (tests/security/test_attacks.py parametrises over `OUTPUTS`), so a new output is
covered by adding it here. The loaders call the library in-process as the runner and the report
notebooks do (the notebooks' cells are the report sections listed below), so no kernel runs.

Audiences:
  public      anyone: the public network report (HTML, workbook) and the aggregate research package
  partner     one partner reading its own report (the attacker knows its own figures)
  own         a partner's own workbook (its own figures only): only formula injection concerns it
  researcher  a researcher under a data-use agreement: the microdata package
  coordinator the coordinator's own files (processed CSVs, `calc --format csv`, the coordinator's
              workbook): only the formula-injection attack concerns them
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg

from paastolaskuri.cli import main as cli
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure.ledger import ledger_path, read_publication
from paastolaskuri.reporting import (
    actions_section,
    commitments_section,
    excel_network,
    excel_plans,
    network_report,
)
from paastolaskuri.reporting.excel_summary import write_network_excel, write_partner_excel
from paastolaskuri.reporting.network_report import NetworkReport
from paastolaskuri.reporting.partner_report import PartnerReport
from paastolaskuri.reporting.processed import read_partner

LANGS = ("fi", "en")
# the cells of notebooks/network_report.ipynb, split as the list's entries show them
NETWORK_SECTIONS = (
    "header",
    "overview",
    "trend",
    "change",
    "uncertainty",
    "by_sector",
    "by_category",
    "coverage",
    "distribution",
    "vsme_b3",
    "failures",
)
# the partner report's sections that draw on other partners (the at-a-glance box with its peer item,
# the peer comparison, commitments and actions); the rest reads only the partner's own processed files
PARTNER_SECTIONS = ("comparison", "commitments", "actions")
# sections computed from the reading partner's own data alone (test_own_sections.py proves it: they do
# not change when every other partner's data change); the numbers they print are its own knowledge, so
# an equal or interpolating number there is a coincidence, not a leak. Their text is still attacked.
OWN_SECTIONS = ("commitments", "actions")
AGREEMENT = "DUA-TEST-2025-01"

_STYLE = re.compile(r"<style.*?</style>|<script.*?</script>", re.S)
_IMAGE = re.compile(r"data:image/[a-z+]+;base64,[A-Za-z0-9+/=\s]+")
_TAG = re.compile(r"<[^>]+>")
_NOT_A_FIGURE = re.compile(r"[\s\u00a0\u202f]?%")  # a share, not a figure
_GROUP = r"[\s\u00a0\u202f]"
_NUMBER = {
    "fi": re.compile(rf"(?<![\w,.])[-−]?\d{{1,3}}(?:{_GROUP}\d{{3}})*(?:,\d+)?(?![\w]|,\d)"),
    "en": re.compile(r"(?<![\w,.])[-−]?\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w]|\.\d)"),
}


@dataclass
class Seen:
    """What one reader sees in one output.

    `numbers`: every published number with the decimals it was published with (a workbook or CSV
    cell: the decimals of its shortest repr). `tables`: machine-readable tables (CSV files, research
    tables) with their column names. `cells`: every text cell of a CSV or XLSX file, formulas as
    "=...". `viewer`: the partner reading it (a partner report), whose own figures the attack knows.
    """

    output: str
    audience: str
    year: int
    text: str = ""
    numbers: list[tuple[float, int]] = field(default_factory=list)
    tables: list[pd.DataFrame] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    viewer: str | None = None
    own_numbers: set[tuple[float, int]] = field(default_factory=set)

    def add_text(self, raw: str, lang: str, own: bool = False) -> None:
        """An HTML or plain text: its visible text and the numbers written in it (in `lang`'s format).

        `own`: a section computed from the viewer's own data alone; its numbers go to `own_numbers`.
        """
        flat = html.unescape(_TAG.sub(" ", _IMAGE.sub("", _STYLE.sub("", raw))))
        self.text += "\n" + flat
        if own:
            self.own_numbers.update(parse_numbers(flat, lang))
        else:
            self.numbers += parse_numbers(flat, lang)

    def add_value(self, value) -> None:
        """One cell of a workbook or CSV file: a number, or a text cell."""
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, (int, float)):
            if math.isfinite(value) and not is_year(value, decimals_of(float(value))):
                self.numbers.append((float(value), decimals_of(float(value))))
        else:
            self.cells.append(str(value))

    def add_workbook(self, path: Path, lang: str) -> None:
        """Every cell of every sheet (a formula as its text "=..."); numbers inside text cells too."""
        self.files.append(path)
        first = len(self.cells)
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            rows, headers = [], {}
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        headers[cell.column] = cell.value
                    if "%" not in headers.get(cell.column, ""):  # shares are not figures
                        self.add_value(cell.value)
                rows.append([c.value for c in row])
            self.tables.append(pd.DataFrame(rows))
        self.numbers += parse_numbers("\n".join(self.cells[first:]), lang)

    def add_csv(self, path: Path) -> None:
        """A CSV file: a table (typed by pandas), every text field raw, every number."""
        self.files.append(path)
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        self.cells += [v for col in raw.columns for v in raw[col] if v != ""] + list(raw.columns)
        table = pd.read_csv(path)
        self.tables.append(table)
        for col in table.select_dtypes("number").columns:
            for v in table[col].dropna():
                self.add_value(float(v))


def decimals_of(value: float) -> int:
    """The decimals a number was published with: of its shortest repr (49.35 -> 2, 1975.0 -> 0)."""
    text = repr(float(value))
    if "e" in text:
        mantissa, exp = text.split("e")
        return max(0, len(mantissa.split(".")[1].rstrip("0")) - int(exp)) if "." in mantissa else 0
    return len(text.split(".")[1].rstrip("0"))


def is_year(value: float, decimals: int) -> bool:
    """True for a whole number that reads as a year (a column or row label, not a figure)."""
    return decimals == 0 and 1900 <= value <= 2100


def parse_numbers(text: str, lang: str) -> list[tuple[float, int]]:
    """Every number written in `text` in `lang`'s format: (value, decimals)."""
    out = []
    point = "," if lang == "fi" else "."
    for m in _NUMBER[lang].finditer(text):
        if _NOT_A_FIGURE.match(text, m.end()):
            continue
        s = re.sub(_GROUP, "", m.group(0)).replace("−", "-")
        if lang == "en":
            s = s.replace(",", "")
        decimals = len(s.split(point)[1]) if point in s else 0
        if is_year(float(s.replace(",", ".")), decimals):
            continue
        out.append((float(s.replace(",", ".")), decimals))
    return out


@dataclass(frozen=True)
class Output:
    """One output on the list: its name, audience and loader (root, year, scratch folder) -> readers' views."""

    name: str
    audience: str
    load: Callable[[Path, int, Path], list[Seen]]
    files: bool = False  # True when it is a CSV/XLSX file a spreadsheet opens (formula injection)


# --- public ---------------------------------------------------------------------------------------
def _network_html(sections: tuple[str, ...], name: str) -> Callable[[Path, int, Path], list[Seen]]:
    def load(root: Path, year: int, out: Path) -> list[Seen]:
        seen = Seen(name, "public", year)
        with language_free_once(), charts_not_drawn():
            for lang in LANGS:
                report = NetworkReport.load(root, year, lang, "public")
                for section in sections:
                    seen.add_text(getattr(report, section)().html, lang)
        return [seen]

    return load


def _network_workbook(public: bool, name: str) -> Callable[[Path, int, Path], list[Seen]]:
    def load(root: Path, year: int, out: Path) -> list[Seen]:
        ws = Workspace.at(root)
        d = ws.processed_dir(year)
        partners = pd.read_csv(d / "partners.csv", dtype={"sector": str, "section": str})
        emissions = pd.read_csv(d / "emissions.csv")
        seen = Seen(name, "public" if public else "coordinator", year)
        previous = read_publication(ledger_path(ws.root, year)) if public else None  # as the run passes it
        # the same figures in both languages: audited once (the run writes one language per run)
        with language_free_once():
            for lang in LANGS:
                path = out / f"network-{'public' if public else 'coordinator'}-{year}-{lang}.xlsx"
                # the public workbook with its commitments and actions sheets (issue 23), as the run writes it
                extra = {"workspace": ws.root} if public else {}
                write_network_excel(path, partners, emissions, public, lang, year, previous=previous, **extra)
                seen.add_workbook(path, lang)
        return [seen]

    return load


def _research(args: list[str], name: str, audience: str) -> Callable[[Path, int, Path], list[Seen]]:
    def load(root: Path, year: int, out: Path) -> list[Seen]:
        target = out / f"research-{name.replace(' ', '-')}"
        code, _, err = run_cli(["export", "research", "--workspace", str(root), "--out", str(target), *args])
        if code != 0:
            raise AssertionError(f"export research {' '.join(args)} exited {code}: {err}")
        return [read_package(target, name, audience, year)]

    return load


def read_package(folder: Path, name: str, audience: str, year: int) -> Seen:
    """What a reader of the research package in `folder` sees: its CSV tables, README and metadata."""
    seen = Seen(name, audience, year)
    for path in sorted(folder.iterdir()):
        if path.suffix == ".csv":
            seen.add_csv(path)
        elif path.suffix in (".md", ".json"):
            seen.files.append(path)
            seen.add_text(path.read_text(encoding="utf-8"), "en")
    return seen


# --- partner ---------------------------------------------------------------------------------------
def viewers(root: Path, year: int) -> list[str]:
    """One reading partner per TOL section (the first by ID): each sees its peer group's comparison."""
    partners = pd.read_csv(Workspace.at(root).processed_dir(year) / "partners.csv", dtype={"section": str})
    return sorted(partners.sort_values("partner_id").groupby("section")["partner_id"].first())


def _partner_reports(root: Path, year: int, out: Path) -> list[Seen]:
    views = []
    with language_free_once(), charts_not_drawn():
        for pid in viewers(root, year):
            seen = Seen("partner report, as its partner sees it", "partner", year, viewer=pid)
            for lang in LANGS:
                report = PartnerReport.load(root, year, pid, lang)
                seen.add_text("\n".join(report.glance_items()), lang)
                for section in PARTNER_SECTIONS:
                    seen.add_text(getattr(report, section)().html, lang, own=section in OWN_SECTIONS)
            views.append(seen)
    return views


@contextlib.contextmanager
def charts_not_drawn():
    """The sections' charts built but not rasterised: their PNG is empty.

    No attack reads a number inside an image (README.md, "What the suite does not see"): `Seen.add_text`
    drops every image with its tag, so an empty PNG leaves what the reader is taken to see unchanged,
    and drawing each chart for nothing was a quarter of a partner report's loading.
    """
    draw = FigureCanvasAgg.print_png
    FigureCanvasAgg.print_png = lambda canvas, buffer, **kwargs: None
    try:
        yield
    finally:
        FigureCanvasAgg.print_png = draw


def _root(workspace) -> str:
    """The workspace's folder, given as a Workspace or a path."""
    return str((workspace if isinstance(workspace, Workspace) else Workspace.at(workspace)).root)


def _analysis_key(workspace, partner_id, year, overrides=None, plan=None):
    """A partner-year's actions analysis as a report asks for it (with overrides or a plan: every time)."""
    if overrides is not None or plan is not None:
        return None
    return _root(workspace), str(partner_id), int(year)


def _tracking_key(ws, year, also_known=()):
    return _root(ws), int(year), tuple(sorted(also_known))


def _b3_key(workspace, year, partner_id, lang="fi"):
    return _root(workspace), int(year), str(partner_id)


def _same_objects(*args) -> tuple[int, ...]:
    """A key for arguments a loader passes unchanged to each language: the objects themselves (alive
    while the loader runs, so no id is reused)."""
    return tuple(map(id, args))


# what a loader asks the library for in each language that does not depend on the language:
# (module, function, key of its arguments)
LANGUAGE_FREE = (
    # a partner's actions analysis: the run stores it once before the report (run/render.py)
    (actions_section, "compute_partner_analysis", _analysis_key),
    # every partner's commitments tracked: the public commitments section and workbook sheet
    (commitments_section, "network_tracking", _tracking_key),
    (excel_plans, "network_tracking", _tracking_key),
    # the public workbook's audited figures (the run writes one language per run)
    (excel_network, "public_figures", _same_objects),
    # whether each partner's VSME B3 is complete, counted by the network report (the language only
    # words an error, which is raised, not kept)
    (network_report, "processed_b3", _b3_key),
)


@contextlib.contextmanager
def language_free_once():
    """Every LANGUAGE_FREE computation done once while the block runs, whatever the language asked."""
    with contextlib.ExitStack() as stack:
        for module, name, key in LANGUAGE_FREE:
            stack.enter_context(computed_once(module, name, key))
        yield


@contextlib.contextmanager
def computed_once(module, name: str, key: Callable):
    """`module.name` computed once per `key(*args, **kwargs)` while the block runs (None: every time).

    For what a loader asks for in each language and does not depend on the language.
    """
    compute = getattr(module, name)
    done: dict = {}

    def once(*args, **kwargs):
        k = key(*args, **kwargs)
        if k is None:
            return compute(*args, **kwargs)
        if k not in done:
            done[k] = compute(*args, **kwargs)
        return done[k]

    setattr(module, name, once)
    try:
        yield
    finally:
        setattr(module, name, compute)


def _partner_workbooks(root: Path, year: int, out: Path) -> list[Seen]:
    views = []
    ws = Workspace.at(root)
    for pid in viewers(root, year):
        data = read_partner(ws, year, pid)
        seen = Seen("partner workbook", "own", year, viewer=pid)
        for lang in LANGS:
            path = out / f"partner-{pid}-{year}-{lang}.xlsx"
            write_partner_excel(path, data["totals"], data["emissions"], lang)
            seen.add_workbook(path, lang)
        views.append(seen)
    return views


def _vsme_workbooks(root: Path, year: int, out: Path) -> list[Seen]:
    """`export vsme` for each viewing partner: its own B3 figures (formula injection concerns it)."""
    views = []
    for pid in viewers(root, year):
        seen = Seen("VSME B3 workbook", "own", year, viewer=pid)
        for lang in LANGS:
            path = out / f"vsme-{pid}-{year}-{lang}.xlsx"
            argv = ["export", "vsme", "--partner", pid, "--year", str(year), "--out", str(path)]
            code, _, err = run_cli([*argv, "--workspace", str(root), "--lang", lang])
            if code != 0:
                raise AssertionError(f"export vsme {pid} exited {code}: {err}")
            seen.add_workbook(path, lang)
        views.append(seen)
    return views


# --- coordinator's own files (formula injection only) ------------------------------------------------
def _processed_csvs(root: Path, year: int, out: Path) -> list[Seen]:
    seen = Seen("processed CSV tables", "coordinator", year)
    for path in sorted(Workspace.at(root).processed_dir(year).rglob("*.csv")):
        seen.add_csv(path)
    return [seen]


def _calc_csv(root: Path, year: int, out: Path) -> list[Seen]:
    """`calc --format csv` of each viewing partner's template (as the partner files above: one per TOL
    section, the partners with formula payloads among them)."""
    seen = Seen("calc --format csv", "coordinator", year)
    raw = Workspace.at(root).raw_dir(year)
    for template in (raw / f"{pid}.xlsx" for pid in viewers(root, year)):
        code, stdout, _ = run_cli(["calc", str(template), "--format", "csv", "--workspace", str(root)])
        path = out / f"calc-{template.stem}-{year}.csv"
        path.write_text(stdout, encoding="utf-8")
        if code == 0:
            seen.add_csv(path)
    return [seen]


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """`paastolaskuri ARGV` in-process: exit code, standard output, standard error (argparse exits caught)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli(argv)
        except SystemExit as exc:  # argparse: an unknown option (an interface not built yet)
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


OUTPUTS: list[Output] = [
    Output(
        "public network report (HTML)", "public", _network_html(NETWORK_SECTIONS, "public network report")
    ),
    Output(
        "public network commitments section", "public", _network_html(("commitments",), "public commitments")
    ),
    Output("public network actions section", "public", _network_html(("actions",), "public actions")),
    Output(
        "public network workbook", "public", _network_workbook(True, "public network workbook"), files=True
    ),
    Output("research aggregate package", "public", _research([], "research aggregate", "public"), files=True),
    Output("partner report, as its partner sees it", "partner", _partner_reports),
    Output("partner workbook", "own", _partner_workbooks, files=True),
    Output("VSME B3 workbook", "own", _vsme_workbooks, files=True),
    Output(
        "research microdata package",
        "researcher",
        _research(["--microdata", "--agreement", AGREEMENT, "--lines"], "research microdata", "researcher"),
        files=True,
    ),
    Output(
        "coordinator network workbook",
        "coordinator",
        _network_workbook(False, "coordinator workbook"),
        files=True,
    ),
    Output("processed CSV tables", "coordinator", _processed_csvs, files=True),
    Output("calc --format csv", "coordinator", _calc_csv, files=True),
]


def output(name: str) -> Output:
    """The entry of OUTPUTS called `name`."""
    return next(o for o in OUTPUTS if o.name == name)


def dump(seen: Seen) -> str:
    """A short description of what was loaded (for failure messages)."""
    return json.dumps(
        {"output": seen.output, "year": seen.year, "viewer": seen.viewer, "files": len(seen.files)}
    )
