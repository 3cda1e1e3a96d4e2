"""The order the pool runs a year's work in when the network report renders too (issue 20).

The network report reads every partner's stored results, so they are all stored first; then the
network report starts first (the longest job) and each partner's notebook runs without storing
again, its manifest seconds still including the storing. A stand-in executor runs each submitted
call at once, in this process, and the stand-in steps record what ran: no worker, no kernel.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from paastolaskuri.run import pool
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


def _run(tmp_path, monkeypatch, with_network: bool):
    calls: list = []

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


def test_without_the_network_report_each_partner_stores_its_results_in_its_own_job(tmp_path, monkeypatch):
    calls, valid, res = _run(tmp_path, monkeypatch, with_network=False)
    assert calls == [("render", "saha", True), ("render", "koulu", True)]  # run_job stores, then renders
    assert res is None and [valid[k][0].seconds for k in ("saha", "koulu")] == [1.0, 1.0]
