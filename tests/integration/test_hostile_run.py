"""`paastolaskuri run` with real kernels over hostile files and hostile partner IDs beside a good demo
partner, and template text that tries to become markup in the HTML reports (the cases are built by
tests/hostile_cases.py, as for the `check` tests in tests/unit/intake/test_hostile_inputs.py).
"""

from __future__ import annotations

import html.parser
from pathlib import Path

import openpyxl
import pytest

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

# --- `paastolaskuri run` with a hostile file beside a good partner (notebook kernels: slow) ----------


def _listing(folder: Path, skip: Path) -> set[str]:
    out = set()
    for p in folder.rglob("*"):
        if skip == p or skip in p.parents:
            continue
        out.add(p.relative_to(folder).as_posix())
    return out


def _demo_workspace(root: Path) -> Path:
    ws = root / "ws"
    res = run_measured(
        [PAASTOLASKURI, "demo", "--workspace", str(ws), "--partners", "1", "--years", "2024"],
        root,
        timeout=60,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    return ws


def _run(ws: Path, *extra) -> Result:
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
            *extra,
        ],
        ws.parent,
        timeout=300,
    )


RUN_CASES = [c for c in CASES if c.run]


@pytest.mark.slow
def test_run_with_every_hostile_file_beside_a_good_partner(tmp_path):
    # one run over all the hostile files at once (one kernel run, not one per case): each fails or
    # runs on its own, the good partner gets its report, nothing is written outside the workspace
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "neighbour.txt").write_text("must stay alone")
    ws = _demo_workspace(root)
    raw = ws / "data" / "raw" / "2024"
    for c in RUN_CASES:
        c.build(raw / c.file)
    for leftover in raw.glob("*.tmp"):
        leftover.unlink()
    before_outside = _listing(tmp_path, ws)
    before_raw = {p.name: p.read_bytes() for p in raw.iterdir()}

    res = _run(ws)

    assert not res.timed_out
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-3000:]
    assert res.returncode == 1, res.stdout + res.stderr  # some files fail, the others run
    assert _listing(tmp_path, ws) == before_outside  # nothing created beside the workspace
    assert not Path("/tmp/paastolaskuri-evil").exists()
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before_raw  # inputs untouched
    ran = {c.slug for c in RUN_CASES if c.run_ok}
    assert ran == {"tmp-paastolaskuri-evil", "skripti"}  # the cases this test expects to run
    partners, processed = ws / "reports/2024/partners", ws / "data/processed/2024/partners"
    assert sorted(p.name for p in processed.iterdir()) == sorted({"demo-saha"} | ran)
    assert {p.stem for p in partners.iterdir()} == {"demo-saha"} | ran
    assert all((partners / f"{slug}.html").is_file() for slug in {"demo-saha"} | ran)
    assert {p.stem for p in (ws / "reports/2024/logs").iterdir()} <= {"demo-saha", "network"} | ran
    for c in RUN_CASES:
        if not c.run_ok:
            expected = [line.format(f=f"data/raw/2024/{c.file}") for line in c.lines]
            assert set(expected) <= set(res.lines), (c.name, res.stdout)
    for p in ws.rglob("*"):  # every output lies inside the workspace, under a slugged name
        assert p.resolve().is_relative_to(ws.resolve())
        assert "\x00" not in p.name and "\\" not in p.name


@pytest.mark.slow
def test_run_hostile_ids_create_nothing_outside_the_workspace(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    ws = _demo_workspace(root)
    raw = ws / "data" / "raw" / "2024"
    for i, partner_id in enumerate(HOSTILE_IDS):
        if "\x00" in partner_id:
            continue  # a NUL cannot be stored in a workbook (see the id_with_nul case)
        template(raw, f"hostile{i}.xlsx", organisation={"partner_id": partner_id})
    before = _listing(tmp_path, ws)
    res = _run(ws)
    assert "Traceback" not in res.stdout + res.stderr, res.stderr[-3000:]
    assert res.returncode == 1  # the unusable IDs fail, the others run
    assert _listing(tmp_path, ws) == before
    assert not Path("/tmp/paastolaskuri-evil").exists() and not Path("/etc/passwd.html").exists()
    assert not list(tmp_path.rglob("pwned*"))
    assert (ws / "reports/2024/partners/demo-saha.html").is_file()
    for report in (ws / "reports/2024/partners").glob("*.html"):
        parsed = _markup(report)
        assert not any("alert(1)" in s for s in parsed.scripts) and not parsed.handlers, report.name
    usable = {s for k, s in HOSTILE_IDS.items() if s and "\x00" not in k and len(k) <= 100}
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
def test_template_text_is_escaped_in_html_reports(tmp_path):
    ws = _demo_workspace(tmp_path)
    src = ws / "data/raw/2024/demo-saha.xlsx"
    wb = openpyxl.load_workbook(src)
    wb["Organisaatio"]["B4"] = f"Saha {SCRIPT} {IMG}"
    acts = wb["Toiminta"]
    acts["I7"] = f"huom {SCRIPT}"
    acts["F7"], acts["G7"] = 0.01, f"lähde {IMG} {SCRIPT}"
    acts["A8"] = f"{IMG}"
    wb.save(src)
    res = _run(ws)
    assert res.returncode == 0, res.stdout + res.stderr
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
