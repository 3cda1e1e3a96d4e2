"""End to end, as the coordinator runs it: demo partners, `paastolaskuri run`, real notebook kernels.

The partner notebook under the plain `papermill` command line is checked on the README replay's
`demo-saha-by-hand.ipynb` (tests/integration/test_readme.py), which runs exactly that command.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from helpers import run_cli
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.reporting.presentation import fmt_number

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]


def cli(*args, cwd=None, check=False):
    proc = subprocess.run(
        [str(BIN / "paastolaskuri"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def in_process(*args, check=False):
    """A command that starts no kernel (demo, calc, a dry run), through the CLI's entry point in this process.

    The same command as `cli` runs, without an interpreter and its imports of its own (about a second each).
    """
    res = run_cli(list(args))
    assert "Traceback" not in res.stderr, res.stderr
    if check:
        assert res.returncode == 0, res.stdout + res.stderr
    return res


# the runs after the first render one or two reports each: one pool worker (one kernel to start and
# warm up instead of two); the first run, over every partner and year, renders with two
ONE_WORKER = ("--jobs", "1")


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    ws = tmp_path_factory.mktemp("ws")
    in_process("demo", "--workspace", str(ws), "--partners", "3", "--years", "2023-2024", check=True)
    # a fourth partner whose template is broken: text in a quantity cell
    shutil.copy(ws / "data/raw/2024/demo-koulu.xlsx", ws / "data/raw/2024/rikki.xlsx")
    wb = openpyxl.load_workbook(ws / "data/raw/2024/rikki.xlsx")
    wb["Organisaatio"]["B3"] = "rikki-oy"
    wb["Toiminta"]["C7"] = "12 0OO"
    wb.save(ws / "data/raw/2024/rikki.xlsx")
    raw_before = tree_hashes(ws / "data" / "raw")
    first = cli("run", "--workspace", str(ws), "--all-years", "--jobs", "2")
    return {"ws": ws, "raw_before": raw_before, "first": first}


def test_broken_partner_fails_alone_and_is_named(workspace):
    ws, first = workspace["ws"], workspace["first"]
    assert first.returncode == 1
    assert 'data/raw/2024/rikki.xlsx: Toiminta!C7: määrä "12 0OO" ei ole luku' in first.stdout
    manifest = json.loads((ws / "reports/2024/run.json").read_text())
    broken = manifest["partners"]["rikki-oy"]
    assert broken["status"] == "failed"
    assert any(m["cell"] == "C7" and m["sheet"] == "Toiminta" for m in broken["messages"])
    for slug in ("demo-saha", "demo-koodi", "demo-koulu"):
        assert manifest["partners"][slug]["status"] == "ok"
        for suffix in (".html", ".ipynb", ".xlsx"):
            assert (ws / f"reports/2024/partners/{slug}{suffix}").is_file()
    assert not (ws / "reports/2024/partners/rikki-oy.html").exists()
    assert not (ws / "data/processed/2024/partners/rikki-oy").exists()
    assert (ws / "reports/2024/network.html").is_file()
    assert not (ws / ".paastolaskuri-run.lock").exists()
    partners = ws / "reports/2024/partners"
    assert (
        f"Raportit: {ws / 'reports/2024/network.html'} ja 3 kumppanin raportit kansiossa {partners}"
        in first.stdout
    )


def test_raw_data_untouched(workspace):
    assert tree_hashes(workspace["ws"] / "data" / "raw") == workspace["raw_before"]


def test_html_shows_the_partner_total_and_no_code(workspace):
    ws = workspace["ws"]
    fp = compute_footprint(ws / "data/raw/2024/demo-saha.xlsx", workspace=ws)
    html = (ws / "reports/2024/partners/demo-saha.html").read_text(encoding="utf-8")
    expected = f"{fmt_number(fp.totals['total_market'] / 1000, 'fi', 1)} t CO2e"
    assert expected in html
    assert "Kuvitteellinen Saha Oy (demo)" in html
    assert "PartnerReport" not in html and "import " not in html  # no code cells
    assert html.count("data:image/png;base64") >= 3  # category, scope and trend charts
    # the processed data and calc --format json give the same totals as the report
    calc = json.loads(
        in_process(
            "calc",
            str(ws / "data/raw/2024/demo-saha.xlsx"),
            "--format",
            "json",
            "--workspace",
            str(ws),
            check=True,
        ).stdout
    )
    processed = json.loads((ws / "data/processed/2024/partners/demo-saha/totals.json").read_text())
    for key, value in calc["totals"].items():
        assert processed["totals"][key] == pytest.approx(value, rel=1e-12)


def test_partner_report_names_no_other_partner(workspace):
    ws = workspace["ws"]
    html = (ws / "reports/2024/partners/demo-saha.html").read_text(encoding="utf-8")
    for other in ("Koodipaja", "Rantakoulu", "demo-koodi", "demo-koulu", "rikki"):
        assert other not in html


def test_rerun_with_no_change_executes_nothing(workspace):
    ws = workspace["ws"]
    before = {p: p.stat().st_mtime_ns for p in (ws / "reports").rglob("*.html")}
    again = cli("run", "--workspace", str(ws), "--year", "2024", *ONE_WORKER)
    assert again.returncode == 1  # the broken partner is still broken
    manifest = json.loads((ws / "reports/2024/run.json").read_text())
    statuses = {k: v["status"] for k, v in manifest["partners"].items()}
    assert statuses == {
        "demo-saha": "skipped",
        "demo-koodi": "skipped",
        "demo-koulu": "skipped",
        "rikki-oy": "failed",
    }
    assert manifest["network"]["status"] == "skipped"
    assert {p: p.stat().st_mtime_ns for p in (ws / "reports").rglob("*.html")} == before


def test_changed_template_reruns_only_that_partner_and_network(workspace):
    ws = workspace["ws"]
    path = ws / "data/raw/2024/demo-koodi.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["Toiminta"]["C7"] = 123456
    wb.save(path)
    dry = in_process("run", "--workspace", str(ws), "--year", "2024", "--dry-run", check=True)
    assert re.search(r"^2024 demo-koodi: ajettaisiin \(pohja muuttui\)$", dry.stdout, re.M)
    assert re.search(
        r"^2024 demo-saha: ohitettaisiin \(syötteet ennallaan \d+\.\d+\.\d{4} klo \d+\.\d\d tehdyn ajon jälkeen\)$",
        dry.stdout,
        re.M,
    )
    assert re.search(r"^2024 rikki-oy: ei ajettaisi \(tarkistus ei läpäissyt: 1 virhe\)$", dry.stdout, re.M)
    # reports in another language are other reports, with their own paths: every partner would run
    dry_en = in_process(
        "run", "--workspace", str(ws), "--year", "2024", "--dry-run", "--lang", "en", check=True
    )
    assert re.search(r"^2024 demo-saha: would run \(no report in this language yet\)$", dry_en.stdout, re.M)
    cli("run", "--workspace", str(ws), "--year", "2024", *ONE_WORKER)
    manifest = json.loads((ws / "reports/2024/run.json").read_text())
    assert manifest["partners"]["demo-koodi"]["status"] == "ok"
    assert manifest["partners"]["demo-saha"]["status"] == "skipped"
    assert manifest["partners"]["demo-koulu"]["status"] == "skipped"
    assert manifest["network"]["status"] == "ok"


def test_english_reports_keep_the_finnish_ones(workspace):
    ws = workspace["ws"]
    fi = {p: p.read_bytes() for p in (ws / "reports/2024").glob("partners/*.html")}
    proc = cli(
        "run", "--workspace", str(ws), "--year", "2024", "--lang", "en", "--partner", "demo-saha", *ONE_WORKER
    )
    assert proc.returncode == 1  # rikki-oy is still broken
    assert {p: p.read_bytes() for p in fi} == fi
    assert "Kasvihuonekaasupäästöt 2024" in (ws / "reports/2024/partners/demo-saha.html").read_text(
        encoding="utf-8"
    )
    en = (ws / "reports/2024/en/partners/demo-saha.html").read_text(encoding="utf-8")
    assert "Greenhouse-gas emissions 2024" in en and "Kasvihuonekaasupäästöt" not in en
    assert (ws / "reports/2024/en/partners/demo-saha.xlsx").is_file()
    assert not (ws / "reports/2024/en/partners/demo-koodi.html").exists()
    manifest = json.loads((ws / "reports/2024/run.json").read_text())
    assert manifest["reports"]["en"]["partners"]["demo-saha"]["status"] == "ok"
    assert (
        manifest["reports"]["fi"]["partners"]["demo-koodi"]["files"]["html"]
        == "reports/2024/partners/demo-koodi.html"
    )
    # back in Finnish nothing reruns: the fingerprints are per language
    again = cli("run", "--workspace", str(ws), "--year", "2024", *ONE_WORKER)
    statuses = {
        k: v["status"] for k, v in json.loads((ws / "reports/2024/run.json").read_text())["partners"].items()
    }
    assert statuses == {
        "demo-saha": "skipped",
        "demo-koodi": "skipped",
        "demo-koulu": "skipped",
        "rikki-oy": "failed",
    }
    assert again.returncode == 1


def test_second_run_stops_on_the_lock(workspace):
    import fcntl

    ws = workspace["ws"]
    with open(ws / ".paastolaskuri-run.lock", "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        proc = cli("run", "--workspace", str(ws), "--year", "2024", "--lang", "en")
    assert proc.returncode == 3
    assert "Another run is in progress on this workspace" in proc.stderr


def test_public_network_report_names_no_partner(workspace):
    ws = workspace["ws"]
    proc = cli("run", "--workspace", str(ws), "--year", "2024", "--audience", "public", *ONE_WORKER)
    assert "Traceback" not in proc.stderr
    public = (ws / "reports/2024/network-public.html").read_text(encoding="utf-8")
    coordinator = (ws / "reports/2024/network.html").read_text(encoding="utf-8")
    names = [
        "Kuvitteellinen Saha Oy",
        "Kuvitteellinen Koodipaja Oy",
        "Kuvitteellinen Rantakoulu",
        "demo-saha",
        "demo-koodi",
        "demo-koulu",
        "rikki",
    ]
    assert [n for n in names if n in public] == []
    assert "Kuvitteellinen Saha Oy (demo)" in coordinator  # the coordinator's version may name partners
    # one partner per sector here: no sector row may stand for fewer than 3 partners in public
    assert "Teollisuus" not in public and "Koulutus" not in public
    manifest = json.loads((ws / "reports/2024/run.json").read_text())
    assert manifest["network_public"]["status"] == "ok"
    assert manifest["network"]["status"] in ("ok", "skipped")
    wb = openpyxl.load_workbook(ws / "reports/2024/network-public.xlsx", read_only=True)
    assert "partners" not in wb.sheetnames


def test_papermill_with_a_wrong_partner_id_says_which_exist(workspace, tmp_path):
    ws = workspace["ws"]
    proc = subprocess.run(
        [
            str(BIN / "papermill"),
            str(REPO / "notebooks/partner_report.ipynb"),
            str(tmp_path / "out.ipynb"),
            "-p",
            "partner_id",
            "demo-sahaa",
            "-p",
            "year",
            "2024",
            "-p",
            "workspace",
            str(ws),
            "-p",
            "lang",
            "en",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode != 0
    assert "ReportInputMissing" in proc.stderr
    assert (
        f"There are no computed data for partner 'demo-sahaa' for 2024 in workspace {ws}. Partners of 2024: "
        "demo-koodi, demo-koulu, demo-saha."
    ) in proc.stderr
