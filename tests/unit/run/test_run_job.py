"""What the pool runs for a partner report: its results stored first, then the notebook (issue 20).

Both steps are stand-ins here (no kernel): the test checks their order, that a failure while storing
does not fail the report (its sections compute on their own), and that the network job stores nothing.
"""

from __future__ import annotations

from pathlib import Path

from paastolaskuri.reporting import partner_results
from paastolaskuri.run import render
from paastolaskuri.run.render import RenderJob, run_job


def _job(tmp_path: Path, prepare) -> RenderJob:
    return RenderJob(
        key="saha",
        notebook=tmp_path / "nb.ipynb",
        parameters={},
        ipynb=tmp_path / "saha.ipynb",
        html=tmp_path / "saha.html",
        log=tmp_path / "saha.log",
        timeout=None,
        cwd=tmp_path,
        title="saha 2024",
        prepare=prepare,
    )


def _stand_ins(monkeypatch, calls: list, fail: bool = False) -> None:
    def store(workspace, year, partner_id):
        calls.append(("store", workspace, year, partner_id))
        if fail:
            raise RuntimeError("disk full")

    def render_stand_in(job):
        calls.append(("render", job.key))
        return {"key": job.key, "ok": True, "error": None, "seconds": 0.0, "attempts": 1}

    monkeypatch.setattr(partner_results, "write_partner_results", store)
    monkeypatch.setattr(render, "render_notebook", render_stand_in)


def test_a_partner_job_stores_its_results_before_the_notebook_runs(tmp_path, monkeypatch):
    calls: list = []
    _stand_ins(monkeypatch, calls)
    res = run_job(_job(tmp_path, ("/ws", 2024, "saha")))
    assert calls == [("store", "/ws", 2024, "saha"), ("render", "saha")]
    assert res["ok"] is True and res["seconds"] >= 0.0


def test_a_failure_while_storing_does_not_fail_the_report(tmp_path, monkeypatch):
    calls: list = []
    _stand_ins(monkeypatch, calls, fail=True)
    assert run_job(_job(tmp_path, ("/ws", 2024, "saha")))["ok"] is True
    assert [c[0] for c in calls] == ["store", "render"]


def test_the_network_job_stores_nothing(tmp_path, monkeypatch):
    calls: list = []
    _stand_ins(monkeypatch, calls)
    run_job(_job(tmp_path, None))
    assert calls == [("render", "saha")]
