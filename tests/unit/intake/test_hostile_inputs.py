"""Hostile and broken inputs, every one generated here (no binary file is committed).

For each case `paastolaskuri check` runs through the CLI's entry point and must end with the documented
exit code (0 valid, 1 errors), print exactly the expected located lines and no warning, never a
traceback. The bombs run as a subprocess each, within the 10 s safety net, and must stay under 500 MB of
resident memory (the peak of that one process, from os.wait4 in a small launcher; see
hostile_cases.run_measured). Wall-clock time is not asserted beyond the net. The cases are built by
tests/hostile_cases.py; tests/integration/test_hostile_run.py runs `paastolaskuri run` over them.
"""

from __future__ import annotations

import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest

from helpers import run_cli
from hostile_cases import (
    BILLION_LAUGHS,
    BOMB_MEMORY_MB,
    CASES,
    HOSTILE_IDS,
    PAASTOLASKURI,
    TIMEOUT,
    TWO_DIESEL,
    Case,
    Result,
    _shared_strings,
    run_measured,
    template,
)
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.intake import reader
from paastolaskuri.intake.file_safety import (
    ContainerReport,
    inspect_container,
)
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.messages import count_summary


def run_in_process(args: list[str], cwd: Path) -> Result:
    """Run the command through its entry point in this process (helpers.run_cli): the bombs' Result."""
    done = run_cli(args, cwd)
    return Result(
        done.returncode, done.stdout, done.stderr, done.seconds, 0.0, False, done.stdout.splitlines()
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Every case built in one folder and checked. The bombs run as their own process (their peak memory
    is what is tested, and a child can be killed); the 1 GB bomb deflates in a thread meanwhile (zlib
    releases the GIL). Every other case runs `check` in this process through the CLI's entry point."""
    folder = tmp_path_factory.mktemp("corpus")

    def check_measured(c: Case) -> Result:
        c.build(folder / c.file) if c.name == "zip_bomb" else None
        return run_measured(
            [PAASTOLASKURI, "check", c.file, "--lang", "fi", "--workspace", str(folder)], folder
        )

    futures, results = {}, {}
    with ThreadPoolExecutor(1) as bomb_pool:
        for c in CASES:
            if c.name != "zip_bomb":
                c.build(folder / c.file)  # builders run one at a time, in this thread
        for c in CASES:
            if c.bomb:
                futures[c.name] = bomb_pool.submit(check_measured, c)
        for c in CASES:
            if not c.bomb:
                args = ["check", c.file, "--lang", "fi", "--workspace", str(folder)]
                results[c.name] = run_in_process(args, folder)
        results.update({name: f.result() for name, f in futures.items()})
    return {"folder": folder, "results": results}


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_check_reports_each_case_exactly(corpus, c):
    res = corpus["results"][c.name]
    assert not res.timed_out, f"{c.name}: no answer within {TIMEOUT} s"
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-2000:]
    assert res.stderr == "", res.stderr[-2000:]
    expected = [line.format(f=c.file) for line in c.lines]
    errors = sum(1 for line in expected if ": varoitus: " not in line and ": kunnossa (rivejä " not in line)
    warnings = sum(1 for line in expected if ": varoitus: " in line)
    assert res.lines == [*expected, count_summary(errors, warnings, "fi")]
    assert res.returncode == c.exit


@pytest.mark.parametrize("c", [c for c in CASES if c.bomb], ids=[c.name for c in CASES if c.bomb])
def test_bombs_stay_small(corpus, c):
    res = corpus["results"][c.name]
    assert res.max_rss_mb < BOMB_MEMORY_MB, f"{c.name}: peak {res.max_rss_mb:.0f} MB"


def test_corpus_is_generated_and_check_never_touches_it(corpus):
    folder = corpus["folder"]
    names = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    assert names == {c.file for c in CASES}  # check wrote nothing beside the inputs
    assert (folder / "zip_bomb.xlsx").stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(folder / "zip_bomb.xlsx") as zf:
        assert max(i.file_size for i in zf.infolist()) > 1024**3


def test_located_lines_name_the_cell_or_the_file(corpus):
    """The documented shape: FILE: SHEET!CELL: message, or FILE: SHEET: message, or FILE: message."""
    shape = re.compile(
        r"^(?P<file>[\w.-]+): "
        r"(?:(?P<sheet>Organisaatio|Toiminta|Luettelot|csv)(?:!(?P<cell>[A-Z]{1,3}\d+))?: )?\S"
    )
    for c in CASES:
        for line in corpus["results"][c.name].lines[:-1]:
            m = shape.match(line)
            assert m and m.group("file") == c.file, line


# --- units of the same rules, in process ----------------------------------------------------------------


@pytest.mark.parametrize("partner_id,slug", HOSTILE_IDS.items(), ids=[repr(k)[:20] for k in HOSTILE_IDS])
def test_hostile_ids_slug_to_safe_file_names(tmp_path, partner_id, slug):
    assert partner_slug(partner_id) == slug
    s = partner_slug(partner_id)
    assert not any(bad in s for bad in ("/", "\\", "..", "\x00")) and len(s) <= 64
    if s:
        ws = Workspace.at(tmp_path)
        for target in (
            ws.partner_report(2024, s, ".html"),
            ws.partner_processed_dir(2024, s) / "totals.json",
        ):
            assert ws.inside(target) and target.resolve().parent.name in ("partners", s)


def test_openpyxl_uses_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_entity_expansion_is_refused_even_past_our_scan(tmp_path, monkeypatch):
    """Defence in depth: openpyxl itself (through defusedxml) refuses the bomb our container scan stops first."""
    import defusedxml

    p = tmp_path / "bomb.xlsx"
    _shared_strings(p, BILLION_LAUGHS.encode())
    with pytest.raises(ValueError) as info:
        openpyxl.load_workbook(p, read_only=True)
    assert isinstance(info.value.__cause__ or info.value.__context__, defusedxml.EntitiesForbidden)
    assert [f[0] for f in inspect_container(p).fatal] == ["xml_unsafe"]
    # and the reader names it so when the scan is skipped
    monkeypatch.setattr(reader, "inspect_container", lambda path: ContainerReport())
    assert [x.format() for x in read_submission(p, display="bomb.xlsx").problems] == [
        "bomb.xlsx: työkirjassa on kiellettyjä XML-rakenteita (EntitiesForbidden): tallenna se uudelleen Excelissä"
    ]


def test_container_scan_sees_merges_and_hidden_rows(tmp_path):
    p = template(tmp_path, "f.xlsx", lines=TWO_DIESEL)
    wb = openpyxl.load_workbook(p)
    ws = wb["Toiminta"]
    ws.merge_cells("A1:D1")  # a merged title above the table is fine
    ws.row_dimensions[8].hidden = True
    wb.save(p)
    scan = inspect_container(p).sheets["Toiminta"]
    assert scan.merged == ["A1:D1"] and scan.hidden_rows == {8} and scan.rows > 6
    assert [x.format() for x in read_submission(p, display="f.xlsx").problems] == [
        "f.xlsx: Toiminta!B8: varoitus: rivi on piilotettu, mutta se luetaan mukaan"
    ]


def test_english_messages_for_new_codes(tmp_path):
    p = tmp_path / "f.xlsx"
    CASES[[c.name for c in CASES].index("password_protected")].build(p)
    assert [x.format("en") for x in read_submission(p, display="f.xlsx").problems] == [
        "f.xlsx: the workbook is password-protected: remove the password (File > Info > Protect Workbook) "
        "and save as .xlsx"
    ]
