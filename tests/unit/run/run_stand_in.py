"""The stand-in pool and the helpers of the `paastolaskuri run` tests without kernels.

Shared by test_run_command.py and test_run_duplicates_and_dry_run.py (one file split in two so that
the two xdist workers share its ≈ 40 s; the fixtures `ws` and `no_kernels` are in conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from paastolaskuri import cli
from paastolaskuri.run.pool import record_render

STAMP = "2025-03-01T14:02:00+02:00"


def fake_render(jobs_list, valid, year, options, extra=None, network_ok=True, on_done=None):
    """Writes each job's ipynb and HTML as the real pool would (the HTML names the report's parameters)."""
    for job in ([extra] if extra else []) + jobs_list:
        if job is extra and not network_ok:
            continue
        job.html.parent.mkdir(parents=True, exist_ok=True)
        job.html.write_text(f"<html>{json.dumps(job.parameters)}</html>", encoding="utf-8")
        job.ipynb.write_text("{}", encoding="utf-8")
        if job is not extra:
            record_render(valid[job.key][0], {"ok": True, "seconds": 0.5, "error": None})
    if extra is None:
        return None
    return {"ok": network_ok, "seconds": 0.5, "error": None if network_ok else "RuntimeError: boom"}


def run(ws: Path, *args: str) -> int:
    return cli.main(["run", "--workspace", str(ws), "--jobs", "1", "--no-progress", *args])


def manifest(ws: Path, year: int = 2024) -> dict:
    return json.loads((ws / f"reports/{year}/run.json").read_text(encoding="utf-8"))
