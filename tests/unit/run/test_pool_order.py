"""The render pool: the order it runs a year's work in, and its workers started early (issue 20).

When the network report would read a rendered partner's stored results (they may be an earlier
code's), every partner's are stored first; then the network report starts first (the longest job)
and each partner's notebook runs without storing again, its manifest seconds still including the
storing. When it would read none (a first run, one template edited), it starts at once. A stand-in executor runs each submitted
call at once, in this process, and the stand-in steps record what ran: no worker, no kernel. The
workers start before the templates are calculated only when reports are expected to render (never
for a run where nothing changed, nor for a stand-in renderer), and a pool the run started is used
as given.
"""

from __future__ import annotations

import os
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.reporting import partner_results
from paastolaskuri.run import manifest, plan, pool, render, runner
from paastolaskuri.run.options import RunOptions
from paastolaskuri.run.render import RenderJob


class InlineExecutor:
    """A stand-in for ProcessPoolExecutor: each call runs when submitted (in submission order)."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, fn, *args):
        fut: Future = Future()
        fut.set_result(fn(*args))
        return fut


@dataclass
class Partner:
    """What `record_render` sets on a partner's PartnerRun."""

    slug: str = ""
    status: str = "pending"
    seconds: float = 0.0
    rendered_at: str | None = None
    messages: list = field(default_factory=list)


def _job(tmp_path: Path, key: str, prepare) -> RenderJob:
    return RenderJob(
        key,
        tmp_path / "nb.ipynb",
        {},
        tmp_path / f"{key}.ipynb",
        tmp_path / f"{key}.html",
        tmp_path / f"{key}.log",
        None,
        tmp_path,
        key,
        prepare=prepare,
    )


def _run(tmp_path, monkeypatch, with_network: bool, stored_now: bool = True):
    """render_all on two partner jobs (and the network's); `stored_now`: their stored results apply now."""
    calls: list = []
    monkeypatch.setattr(partner_results, "stored_results_apply", lambda ws, year, pid: stored_now)

    def prepare(p):
        calls.append(("store", p[2]))
        return 0.25

    def run_job(job):
        calls.append(("render", job.key, job.prepare is not None))
        return {"key": job.key, "ok": True, "error": None, "seconds": 1.0, "attempts": 1}

    monkeypatch.setattr(pool, "ProcessPoolExecutor", InlineExecutor)
    monkeypatch.setattr(pool, "prepare_partner", prepare)
    monkeypatch.setattr(pool, "run_job", run_job)
    jobs = [_job(tmp_path, k, ("/ws", 2024, k)) for k in ("saha", "koulu")]
    valid = {k: (Partner(), None, None) for k in ("saha", "koulu")}
    network = _job(tmp_path, "network", None) if with_network else None
    res = pool.render_all(jobs, valid, 2024, RunOptions(jobs=2, progress=False), extra=network)
    return calls, valid, res


def test_every_partner_is_stored_before_the_network_report_which_then_starts_first(tmp_path, monkeypatch):
    calls, valid, res = _run(tmp_path, monkeypatch, with_network=True)
    assert calls == [
        ("store", "saha"),
        ("store", "koulu"),
        ("render", "network", False),
        ("render", "saha", False),  # stored already: not again before its notebook
        ("render", "koulu", False),
    ]
    assert res["ok"] is True and res["seconds"] == 1.0
    assert [valid[k][0].seconds for k in ("saha", "koulu")] == [1.25, 1.25]  # storing included
    assert all(valid[k][0].status == "ok" for k in valid)


def test_with_nothing_stored_the_network_report_starts_at_once_and_each_partner_stores_its_own(
    tmp_path, monkeypatch
):
    # a first run, or only partners whose inputs changed: the network report would read nothing stored
    calls, valid, res = _run(tmp_path, monkeypatch, with_network=True, stored_now=False)
    assert calls == [("render", "network", False), ("render", "saha", True), ("render", "koulu", True)]
    assert res["ok"] is True and [valid[k][0].seconds for k in ("saha", "koulu")] == [1.0, 1.0]


def test_without_the_network_report_each_partner_stores_its_results_in_its_own_job(tmp_path, monkeypatch):
    calls, valid, res = _run(tmp_path, monkeypatch, with_network=False)
    assert calls == [("render", "saha", True), ("render", "koulu", True)]  # run_job stores, then renders
    assert res is None and [valid[k][0].seconds for k in ("saha", "koulu")] == [1.0, 1.0]


def test_a_pool_the_run_started_is_used_as_given_and_left_to_the_run_to_shut(tmp_path, monkeypatch):
    class NoNewPool:
        def __init__(self, *args, **kwargs):
            raise AssertionError("a second pool was started")

    given = InlineExecutor()
    monkeypatch.setattr(pool, "ProcessPoolExecutor", NoNewPool)
    monkeypatch.setattr(pool, "prepare_partner", lambda p: 0.0)
    monkeypatch.setattr(pool, "run_job", lambda job: {"ok": True, "error": None, "seconds": 1.0})
    valid = {"saha": (Partner(), None, None)}
    jobs = [_job(tmp_path, "saha", ("/ws", 2024, "saha"))]
    pool.render_all(jobs, valid, 2024, RunOptions(jobs=2, progress=False), workers=given)
    assert valid["saha"][0].status == "ok"


def _workspace(tmp_path: Path, files: dict[str, bytes]) -> Workspace:
    raw = tmp_path / "ws" / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    for name, data in files.items():
        (raw / name).write_bytes(data)
    return Workspace.at(tmp_path / "ws")


def _manifest(files: dict[str, bytes]) -> dict:
    """A last run's manifest that recorded these templates' bytes."""
    return {
        "partners": {
            name: {"file": f"data/raw/2024/{name}", "hashes": {"template": plan.sha(data)}}
            for name, data in files.items()
        }
    }


def test_workers_start_early_only_when_reports_are_expected(tmp_path):
    files = {"a.xlsx": b"saha", "b.xlsx": b"koulu"}
    ws = _workspace(tmp_path, files)
    last = _manifest(files)
    expected = runner.renders_expected
    assert expected(ws, 2024, last, RunOptions()) is False  # nothing changed: no worker, no kernel
    assert expected(ws, 2024, last, RunOptions(force=True)) is True
    assert expected(ws, 2024, last, RunOptions(force=True, dry_run=True)) is False
    assert expected(ws, 2024, {}, RunOptions()) is True  # a first run: every template is new
    (ws.raw_dir(2024) / "b.xlsx").write_bytes(b"koulu 2")
    assert expected(ws, 2024, last, RunOptions()) is True  # a changed template renders its report


def test_the_early_pool_is_started_for_the_real_renderer_only(tmp_path, monkeypatch):
    ws = _workspace(tmp_path, {"a.xlsx": b"saha"})
    started: list = []
    monkeypatch.setattr(
        pool, "start_workers", lambda jobs, cwd: started.append((jobs, cwd)) or nullcontext("pool")
    )
    with runner._early_workers(ws, 2024, {}, RunOptions(jobs=2, force=True)) as workers:
        assert workers == "pool" and started == [(2, ws.root)]
    monkeypatch.setattr(runner, "render_all", lambda *a, **k: None)  # a stand-in renders nothing
    with runner._early_workers(ws, 2024, {}, RunOptions(jobs=2, force=True)) as workers:
        assert workers is None and len(started) == 1


def test_warming_up_starts_the_kernel_in_the_workspace_with_the_reports_backend(tmp_path, monkeypatch):
    # papermill first: it loads its engines' entry points, the warm engine among them
    import papermill  # noqa: F401 (imported for its side effect above)

    from paastolaskuri.run import warm_engine

    monkeypatch.delenv("MPLBACKEND", raising=False)
    seen: list = []

    def prestart(kernel_name, timeout):
        seen.append((kernel_name, os.getcwd(), os.environ.get("MPLBACKEND")))

    monkeypatch.setattr(warm_engine, "prestart_kernel", prestart)
    here = os.getcwd()
    render.warm_up(str(tmp_path))
    assert seen == [("python3", str(tmp_path), "Agg")]
    assert os.getcwd() == here and "MPLBACKEND" not in os.environ  # the worker as it was

    def fails(kernel_name, timeout):
        raise RuntimeError("no kernel")

    monkeypatch.setattr(warm_engine, "prestart_kernel", fails)
    render.warm_up(str(tmp_path))  # left to the first report, which starts its kernel itself


def test_a_template_that_still_fails_starts_no_workers(tmp_path):
    # a failed partner's entry records its template's bytes, so an unchanged broken file renders nothing
    ws = _workspace(tmp_path, {"rikki.xlsx": b"not a workbook"})
    path = ws.raw_dir(2024) / "rikki.xlsx"
    pr, _, _ = runner._compute(ws, 2024, path, RunOptions())
    assert pr.status == "failed"
    assert pr.hashes == {"template": plan.sha(b"not a workbook")}
    last = {"partners": {"rikki": manifest.latest_entry(pr, {})}}
    assert runner.renders_expected(ws, 2024, last, RunOptions()) is False
    path.write_bytes(b"fixed workbook")
    assert runner.renders_expected(ws, 2024, last, RunOptions()) is True  # edited: it may render now
