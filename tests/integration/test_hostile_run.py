"""`paastolaskuri run` with real kernels over hostile files and hostile partner IDs beside a good demo
partner, and template text that tries to become markup in the HTML reports (the cases are built by
tests/hostile_cases.py, as for the `check` tests in tests/unit/intake/test_hostile_inputs.py).
"""

from __future__ import annotations

import html.parser
import json
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from helpers import run_cli
from hostile_cases import (
    CASES,
    HOSTILE_IDS,
    IMG,
    PAASTOLASKURI,
    SCRIPT,
    Result,
    run_measured,
    template,
)

# --- `paastolaskuri run` with hostile files and hostile IDs beside a good partner (kernels: slow) -------


def _listing(folder: Path, skip: Path) -> set[str]:
    out = set()
    for p in folder.rglob("*"):
        if skip == p or skip in p.parents:
            continue
        out.add(p.relative_to(folder).as_posix())
    return out


def _demo_workspace(root: Path) -> Path:
    # the demo is only the setting (not what is tested): in process, without an interpreter of its own
    ws = root / "ws"
    res = run_cli(["demo", "--workspace", str(ws), "--partners", "1", "--years", "2024"], cwd=root)
    assert res.returncode == 0, res.stdout + res.stderr
    return ws


def _run(ws: Path) -> Result:
    return run_measured(
        [
            PAASTOLASKURI,
            "run",
            "--workspace",
            str(ws),
            "--year",
            "2024",
            "--jobs",
            "2",
            "--no-progress",
        ],
        ws.parent,
        timeout=300,
    )


RUN_CASES = [c for c in CASES if c.run]
RAN = {c.slug for c in RUN_CASES if c.run_ok}  # the hostile files that run (a usable ID or name)
# the hostile IDs written beside them: not one whose file name a hostile file above already takes (the
# run would refuse both as duplicates; that file runs the ID instead), nor a NUL, which a workbook
# cannot store (see the id_with_nul case)
RUN_IDS = {k: s for k, s in HOSTILE_IDS.items() if "\x00" not in k and s not in RAN}
USABLE_IDS = {s for k, s in HOSTILE_IDS.items() if s and "\x00" not in k and len(k) <= 100}


def _with_markup(src: Path) -> None:
    """The good partner's name, a note, an own factor's source and a site written as markup."""
    wb = openpyxl.load_workbook(src)
    wb["Organisaatio"]["B4"] = f"Saha {SCRIPT} {IMG}"
    acts = wb["Toiminta"]
    acts["I7"] = f"huom {SCRIPT}"
    acts["F7"], acts["G7"] = 0.01, f"lähde {IMG} {SCRIPT}"
    acts["A8"] = f"{IMG}"
    wb.save(src)


@dataclass(frozen=True)
class HostileRun:
    """One `run` over every hostile file and every hostile ID beside the good demo partner (its texts markup)."""

    tmp: Path  # the folder around the workspace: nothing may appear in it
    ws: Path
    res: Result
    before_outside: set[str]
    before_raw: dict[str, bytes]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> HostileRun:
    # one run (one render pool, one network report) for the three tests below: the hostile files fail or
    # run on their own, whatever else is beside them, and so do the hostile IDs; the good partner's
    # texts are markup, which must reach its report and the network's as text
    tmp = tmp_path_factory.mktemp("hostile")
    root = tmp / "root"
    root.mkdir()
    (tmp / "neighbour.txt").write_text("must stay alone")
    ws = _demo_workspace(root)
    raw = ws / "data" / "raw" / "2024"
    _with_markup(raw / "demo-saha.xlsx")  # for test_template_text_is_escaped_in_html_reports
    for c in RUN_CASES:
        c.build(raw / c.file)
    for leftover in raw.glob("*.tmp"):
        leftover.unlink()
    for i, partner_id in enumerate(HOSTILE_IDS):
        if partner_id in RUN_IDS:
            template(raw, f"hostile{i}.xlsx", organisation={"partner_id": partner_id})
    before_outside = _listing(tmp, ws)
    before_raw = {p.name: p.read_bytes() for p in raw.iterdir()}
    return HostileRun(tmp, ws, _run(ws), before_outside, before_raw)


@pytest.mark.slow
def test_run_with_every_hostile_file_beside_a_good_partner(hostile_run):
    # one run over all the hostile files at once (one kernel run, not one per case): each fails or
    # runs on its own, the good partner gets its report, nothing is written outside the workspace
    tmp, ws, res = hostile_run.tmp, hostile_run.ws, hostile_run.res
    raw = ws / "data" / "raw" / "2024"
    assert not res.timed_out
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-3000:]
    assert res.returncode == 1, res.stdout + res.stderr  # some files fail, the others run
    assert _listing(tmp, ws) == hostile_run.before_outside  # nothing created beside the workspace
    assert not Path("/tmp/paastolaskuri-evil").exists()
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == hostile_run.before_raw  # inputs untouched
    ran = RAN
    assert ran == {"tmp-paastolaskuri-evil", "skripti"}  # the cases this test expects to run
    expected = {"demo-saha"} | ran | USABLE_IDS  # the hostile IDs' partners run beside them
    partners, processed = ws / "reports/2024/partners", ws / "data/processed/2024/partners"
    assert sorted(p.name for p in processed.iterdir()) == sorted(expected)
    assert {p.stem for p in partners.iterdir()} == expected
    assert all((partners / f"{slug}.html").is_file() for slug in expected)
    assert {p.stem for p in (ws / "reports/2024/logs").iterdir()} <= {"network"} | expected
    for c in RUN_CASES:
        if not c.run_ok:
            lines = [line.format(f=f"data/raw/2024/{c.file}") for line in c.lines]
            assert set(lines) <= set(res.lines), (c.name, res.stdout)
    for p in ws.rglob("*"):  # every output lies inside the workspace, under a slugged name
        assert p.resolve().is_relative_to(ws.resolve())
        assert "\x00" not in p.name and "\\" not in p.name


@pytest.mark.slow
def test_run_hostile_ids_create_nothing_outside_the_workspace(hostile_run):
    tmp, ws, res = hostile_run.tmp, hostile_run.ws, hostile_run.res
    # every hostile ID but the NUL is in the run: written beside the files, or by the id_dotdot_slashes file
    assert set(HOSTILE_IDS) - set(RUN_IDS) == {"a\x00b", "../../../../tmp/paastolaskuri-evil"}
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-3000:]
    assert res.returncode == 1  # the unusable IDs fail, the others run
    assert _listing(tmp, ws) == hostile_run.before_outside
    assert not Path("/tmp/paastolaskuri-evil").exists() and not Path("/etc/passwd.html").exists()
    assert not list(tmp.rglob("pwned*"))
    assert (ws / "reports/2024/partners/demo-saha.html").is_file()
    for report in (ws / "reports/2024/partners").glob("*.html"):
        parsed = _markup(report)
        assert not any("alert(1)" in s for s in parsed.scripts) and not parsed.handlers, report.name
    usable = USABLE_IDS | RAN  # the hostile files' partners run beside them
    assert {p.name for p in (ws / "data/processed/2024/partners").iterdir()} == usable | {"demo-saha"}
    assert {p.stem for p in (ws / "reports/2024/partners").iterdir()} == usable | {"demo-saha"}
    for p in ws.rglob("*"):
        assert p.resolve().is_relative_to(ws.resolve())


# --- escaping: template text never becomes markup in the HTML reports -----------------------------------


class _Markup(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[tuple[str, str, str]] = []
        self.images: list[dict] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name, value or ""))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def _markup(path: Path) -> _Markup:
    parser = _Markup()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.slow
def test_template_text_is_escaped_in_html_reports(hostile_run):
    # demo-saha's texts were made markup before the hostile run (`_with_markup`): in a workspace of its
    # own the run exited 0; here, beside the hostile files, its report and the network's are checked ok
    ws = hostile_run.ws
    manifest = json.loads((ws / "reports/2024/run.json").read_text(encoding="utf-8"))
    assert manifest["partners"]["demo-saha"]["status"] == "ok", hostile_run.res.stdout
    assert manifest["network"]["status"] == "ok", hostile_run.res.stdout
    for report in (ws / "reports/2024/partners/demo-saha.html", ws / "reports/2024/network.html"):
        text = report.read_text(encoding="utf-8")
        parsed = _markup(report)
        assert not any("alert(1)" in s for s in parsed.scripts), report.name
        assert not any("alert(1)" in v for _, _, v in parsed.handlers), report.name
        assert not any(img.get("src") == "x" for img in parsed.images), report.name
        assert SCRIPT not in text and IMG not in text
    # the name did reach the partner's report, as text
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in (ws / "reports/2024/partners/demo-saha.html").read_text()
    )
