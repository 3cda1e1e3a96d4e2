"""RunOptions and RenderJob: the values the yearly run passes between its steps and to its worker processes.

No notebook kernel runs here: the pool is replaced by a stand-in that records the jobs it is given.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import multiprocessing
import os
import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from helpers import build_template
from paastolaskuri import cli
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.run import options as options_module
from paastolaskuri.run import plan, render, runner
from paastolaskuri.run.options import DEFAULT_OPTIONS, RunOptions
from paastolaskuri.run.pool import record_render
from paastolaskuri.run.render import RenderJob
from paastolaskuri.run.runner import UnknownPartner, run_year

STAMP = "2025-03-01T14:02:00+02:00"


@pytest.fixture
def ws(tmp_path) -> Workspace:
    """Two partners for 2024: saha (a.xlsx) and koulu (b.xlsx)."""
    raw = tmp_path / "ws" / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    build_template(raw, organisation={"partner_id": "saha", "name": "Saha Oy"}, name="a.xlsx")
    build_template(raw, organisation={"partner_id": "koulu", "name": "Koulu ry"}, name="b.xlsx")
    return Workspace.at(tmp_path / "ws")


def parse_run(*argv: str):
    return cli.build_parser().parse_args(["run", *argv])


# --- RunOptions ------------------------------------------------------------------------------------


def test_library_defaults_written_out():
    assert dataclasses.asdict(RunOptions()) == {
        "lang": "fi",
        "gwp": "AR5",
        "jobs": 1,
        "force": False,
        "only": (),
        "dry_run": False,
        "audience": "coordinator",
        "timeout": 600,
        "progress": True,
    }
    assert RunOptions() == DEFAULT_OPTIONS
    assert inspect.signature(run_year).parameters["options"].default is DEFAULT_OPTIONS


def test_cli_defaults_equal_the_library_defaults_except_the_worker_count(monkeypatch):
    monkeypatch.delenv("PAASTOLASKURI_LANG", raising=False)
    from_cli = RunOptions.from_args(parse_run(), terminal=True)
    # the one deliberate difference: the CLI renders on every core, the library in one worker
    assert from_cli.jobs == (os.cpu_count() or 1)
    assert dataclasses.replace(from_cli, jobs=1) == RunOptions()


def test_every_cli_option_reaches_the_run():
    args = parse_run(
        "--lang", "en", "--gwp", "ar6", "--jobs", "3", "--force", "--partner", "saha",
        "--partner", "koulu", "--dry-run", "--audience", "public", "--timeout", "30", "--no-progress",
    )  # fmt: skip
    assert RunOptions.from_args(args, terminal=True) == RunOptions(
        lang="en",
        gwp="AR6",
        jobs=3,
        force=True,
        only=("saha", "koulu"),
        dry_run=True,
        audience="public",
        timeout=30,
        progress=False,
    )


def test_no_progress_bar_when_standard_error_is_not_a_terminal():
    assert RunOptions.from_args(parse_run(), terminal=False).progress is False
    assert RunOptions.from_args(parse_run(), terminal=True).progress is True


def test_options_are_frozen_and_only_becomes_a_tuple():
    opts = RunOptions(only=["saha"])  # type: ignore[arg-type]
    assert opts.only == ("saha",)
    assert hash(opts) == hash(RunOptions(only=("saha",)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.force = True  # type: ignore[misc]


def _undocumented_fields(module, class_name: str) -> list[str]:
    """Fields of a dataclass not followed by a string literal (an attribute docstring)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name).body
    missing = []
    for node, after in zip(body, [*body[1:], None], strict=True):
        if isinstance(node, ast.AnnAssign):
            documented = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
            if not documented or not str(after.value.value).strip():  # type: ignore[union-attr]
                missing.append(node.target.id)  # type: ignore[union-attr]
    return missing


def test_every_field_has_a_docstring():
    assert _undocumented_fields(options_module, "RunOptions") == []
    assert _undocumented_fields(render, "RenderJob") == []
    assert len(dataclasses.fields(RunOptions)) == 9
    assert len(dataclasses.fields(RenderJob)) == 11


# --- RenderJob ------------------------------------------------------------------------------------


def _job(tmp_path: Path) -> RenderJob:
    return RenderJob(
        key="saha",
        notebook=runner.PARTNER_NOTEBOOK,
        parameters={"partner_id": "saha", "year": 2024, "workspace": str(tmp_path), "lang": "fi"},
        ipynb=tmp_path / "reports/2024/partners/saha.ipynb",
        html=tmp_path / "reports/2024/partners/saha.html",
        log=tmp_path / "reports/2024/logs/saha.log",
        timeout=600,
        cwd=tmp_path,
        title="saha 2024",
    )


def test_render_job_round_trips_through_pickle(tmp_path):
    job = _job(tmp_path)
    back = pickle.loads(pickle.dumps(job))
    assert back == job
    assert back is not job
    assert back.html == tmp_path / "reports/2024/partners/saha.html"
    assert back.parameters == {"partner_id": "saha", "year": 2024, "workspace": str(tmp_path), "lang": "fi"}


def test_render_job_crosses_into_a_worker_process_of_the_pools_kind(tmp_path):
    """The pool's own start method: the job is pickled to a fresh process and read there."""
    job = _job(tmp_path)
    ctx = multiprocessing.get_context("forkserver" if sys.platform != "darwin" else "spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        seen = pool.submit(dataclasses.asdict, job).result(timeout=60)
    assert seen == {
        "key": "saha",
        "notebook": runner.PARTNER_NOTEBOOK,
        "parameters": {"partner_id": "saha", "year": 2024, "workspace": str(tmp_path), "lang": "fi"},
        "ipynb": tmp_path / "reports/2024/partners/saha.ipynb",
        "html": tmp_path / "reports/2024/partners/saha.html",
        "log": tmp_path / "reports/2024/logs/saha.log",
        "timeout": 600,
        "cwd": tmp_path,
        "title": "saha 2024",
        "engine": "warm",
        "prepare": None,
    }


# --- the run with given options --------------------------------------------------------------------


def test_dry_run_reports_the_decisions_and_writes_nothing(ws):
    yr = run_year(ws, 2024, RunOptions(dry_run=True, lang="en"))
    decisions = {p.key: (p.decision.run, p.decision.reasons) for p in yr.partners if p.decision}
    assert decisions == {"saha": (True, ("new",)), "koulu": (True, ("new",))}
    assert yr.network_decision is not None
    assert (yr.network_decision.run, yr.network_decision.reasons) == (True, ("network_maybe",))
    assert yr.network_decision.text("en") == "if the network data change; templates to read again: 2"
    assert not (ws.root / "reports").exists()
    assert not (ws.root / "data" / "processed").exists()


def test_dry_run_with_partner_selected(ws):
    yr = run_year(ws, 2024, RunOptions(dry_run=True, only=("saha",)))
    assert {p.key: p.decision.reasons for p in yr.partners if p.decision} == {
        "saha": ("new",),
        "koulu": ("not_selected",),
    }
    assert {p.key: p.reason for p in yr.partners} == {
        "saha": "uusi kumppani",
        "koulu": "ei valittu (--partner)",
    }


def test_unknown_partner_in_the_options_is_refused(ws):
    with pytest.raises(UnknownPartner) as err:
        run_year(ws, 2024, RunOptions(dry_run=True, only=("saha", "nope")))
    assert err.value.unknown == ["nope"]
    assert err.value.known == ["koulu", "saha"]


def test_the_options_shape_the_render_jobs(ws, monkeypatch):
    seen = {}

    def stand_in(jobs_list, valid, year, options, extra=None, on_done=None):
        seen.update(jobs=jobs_list, extra=extra, options=options)
        for job in jobs_list:
            record_render(valid[job.key][0], {"ok": False, "seconds": 0.0, "error": "not rendered"})
        return {"ok": False, "seconds": 0.0, "error": "not rendered"}

    monkeypatch.setattr(runner, "render_all", stand_in)
    monkeypatch.setattr(plan, "now_stamp", lambda: STAMP)
    opts = RunOptions(lang="en", audience="public", timeout=30, jobs=2, progress=False)
    run_year(ws, 2024, opts)
    root, en = ws.root, ws.root / "reports/2024/en"
    assert seen["options"] is opts
    # every report renders on its worker's warm kernel (run/warm_engine.py)
    assert [job.engine for job in [*seen["jobs"], seen["extra"]]] == ["warm", "warm", "warm"]
    assert sorted(seen["jobs"], key=lambda j: j.key) == [
        RenderJob(
            key=slug,
            notebook=runner.PARTNER_NOTEBOOK,
            parameters={"partner_id": slug, "year": 2024, "workspace": str(root), "lang": "en"},
            ipynb=en / f"partners/{slug}.ipynb",
            html=en / f"partners/{slug}.html",
            log=en / f"logs/{slug}.log",
            timeout=30,
            cwd=root,
            title=f"{slug} 2024",
            prepare=(str(root), 2024, slug),  # the partner's results stored before its notebook runs
        )
        for slug in ("koulu", "saha")
    ]
    assert seen["extra"] == RenderJob(
        key="network",
        notebook=runner.NOTEBOOKS / "network_report.ipynb",
        parameters={"year": 2024, "workspace": str(root), "lang": "en", "audience": "public"},
        ipynb=en / "network-public.ipynb",
        html=en / "network-public.html",
        log=en / "logs/network-public.log",
        timeout=30,
        cwd=root,
        title="network 2024",
    )


def test_each_excel_summary_is_written_as_soon_as_its_report_has_rendered(ws, monkeypatch):
    """While the pool still renders the others; one the pool did not call back for is written afterwards."""
    seen = {}

    def stand_in(jobs_list, valid, year, options, extra=None, on_done=None):
        for job in jobs_list:
            record_render(valid[job.key][0], {"ok": True, "seconds": 0.1, "error": None})
        saha = next(j for j in jobs_list if j.key == "saha")
        xlsx = {j.key: j.html.with_suffix(".xlsx") for j in jobs_list}
        seen["saha before"] = xlsx["saha"].exists()
        on_done(saha, {"ok": True, "seconds": 0.1, "error": None})
        seen["saha after"] = xlsx["saha"].exists()
        seen["koulu meanwhile"] = xlsx["koulu"].exists()
        return None

    monkeypatch.setattr(runner, "render_all", stand_in)
    run_year(ws, 2024, RunOptions(progress=False))
    assert seen == {"saha before": False, "saha after": True, "koulu meanwhile": False}
    for slug in ("saha", "koulu"):
        assert ws.partner_report(2024, slug, ".xlsx", "fi").is_file()


def test_a_failed_report_gets_no_excel_summary(ws, monkeypatch):
    def stand_in(jobs_list, valid, year, options, extra=None, on_done=None):
        for job in jobs_list:
            res = {"ok": job.key != "saha", "seconds": 0.1, "error": None if job.key != "saha" else "boom"}
            record_render(valid[job.key][0], res)
            on_done(job, res)
        return None

    monkeypatch.setattr(runner, "render_all", stand_in)
    run_year(ws, 2024, RunOptions(progress=False))
    assert not ws.partner_report(2024, "saha", ".xlsx", "fi").exists()
    assert ws.partner_report(2024, "koulu", ".xlsx", "fi").is_file()


def test_render_sets_the_agg_backend_for_its_kernels_only(monkeypatch):
    # a test process (or a worker) that later starts a notebook of its own must keep inline figures
    from paastolaskuri.run import render

    seen = []
    monkeypatch.delenv("MPLBACKEND", raising=False)
    monkeypatch.setattr(
        render, "_render_notebook", lambda job: seen.append(os.environ.get("MPLBACKEND")) or {}
    )
    render.render_notebook(None)
    assert seen == ["Agg"] and "MPLBACKEND" not in os.environ
    monkeypatch.setenv("MPLBACKEND", "svg")  # one the caller chose is kept, during and after
    render.render_notebook(None)
    assert seen == ["Agg", "svg"] and os.environ["MPLBACKEND"] == "svg"
