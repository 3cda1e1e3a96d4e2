"""Rendering report notebooks in a process pool, with a progress bar.

Never threads: papermill changes the working directory process-wide. Each result is recorded on its
partner's PartnerRun. When the network report renders too and would read a rendered partner's stored
results (its actions and commitments sections do), every partner's results are stored first
(`render.prepare_partner`, in the pool), so that it reads this run's; then the network report starts
first, as the longest job, beside the partners'.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path

from paastolaskuri.run import plan
from paastolaskuri.run.options import RunOptions
from paastolaskuri.run.render import RenderJob, prepare_partner, run_job, warm_up


def record_render(pr, res: dict) -> None:
    """Store one render's outcome on its PartnerRun (ok with the time it was made, or failed with why)."""
    pr.seconds = res["seconds"]
    if res["ok"]:
        pr.status = "ok"
        pr.rendered_at = plan.now_stamp()
        return
    pr.status = "failed"
    pr.messages.append(
        {
            "severity": "error",
            "code": "notebook_failed",
            "message": res["error"],
            "line": f"{pr.file}: {res['error']}",
            "file": pr.file,
            "sheet": "",
            "cell": "",
        }
    )


def _context():
    if sys.platform == "darwin":
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # the forkserver imports them once and every worker forks with them loaded (run/worker_preload.py)
    ctx.set_forkserver_preload(["paastolaskuri.run.worker_preload"])
    return ctx


def start_workers(jobs: int, cwd: Path) -> ProcessPoolExecutor:
    """A pool of `jobs` worker processes, each readying itself to render at once (`render.warm_up` in `cwd`).

    The run starts it before it calculates the templates, when reports are expected to render, so the
    workers load their libraries and start their kernels on the core the calculation leaves idle.
    The caller shuts it down (a `with` block); `render_all` uses it as given.
    """
    pool = ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=_context())
    for _ in range(max(1, jobs)):  # one each: an idle worker takes the next call
        pool.submit(warm_up, str(cwd))
    return pool


def render_all(
    jobs_list: list[RenderJob],
    valid: dict,
    year: int,
    options: RunOptions,
    extra: RenderJob | None = None,
    on_done: Callable[[RenderJob, dict], None] | None = None,
    workers: ProcessPoolExecutor | None = None,
) -> dict | None:
    """Render the partner jobs (and `extra`, the network job) in a pool; returns `extra`'s result.

    `valid` maps each partner's slug to its (PartnerRun, ...) entry, where each result is recorded;
    `options.jobs` worker processes (`workers` when the run started them already), a progress bar
    when `options.progress`. `on_done(job, result)` is called for each partner job as soon as it is
    recorded, while the other reports still render.
    """
    if not jobs_list and extra is None:
        return None
    # tqdm loads only when a progress bar is shown
    from tqdm import tqdm

    extra_res = None
    counts = {"ok": 0, "failed": 0}
    skipped = sum(1 for pr, _, _ in valid.values() if pr.status == "skipped")
    bar = tqdm(
        total=len(jobs_list),
        disable=not options.progress,
        unit="report",
        file=sys.stderr,
        desc=f"{year}",
        dynamic_ncols=True,
    )
    n = max(1, min(options.jobs, len(jobs_list) + (extra is not None)))
    given: contextlib.AbstractContextManager[Executor] = (
        contextlib.nullcontext(workers)  # the run's: it shuts them down
        if workers is not None
        else ProcessPoolExecutor(max_workers=n, mp_context=_context())
    )
    with given as pool:
        prepared = (
            prepare_before_network(pool, jobs_list) if extra is not None and _stored_before(jobs_list) else {}
        )
        partner_jobs = [job if job.key not in prepared else replace(job, prepare=None) for job in jobs_list]
        all_jobs = ([extra] if extra is not None else []) + partner_jobs
        futures = {pool.submit(run_job, job): job for job in all_jobs}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:
                res = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "seconds": 0.0}
            if job is extra:
                extra_res = res
                continue
            res["seconds"] = round(res["seconds"] + prepared.get(job.key, 0.0), 3)  # what the report cost
            pr = valid[job.key][0]
            record_render(pr, res)
            if on_done is not None:
                on_done(job, res)
            counts["ok" if res["ok"] else "failed"] += 1
            bar.set_postfix_str(
                f"{pr.slug} · ok {counts['ok']} · skipped {skipped} · failed {counts['failed']}"
            )
            bar.update(1)
    bar.close()
    return extra_res


def _stored_before(jobs_list: list[RenderJob]) -> bool:
    """Whether a partner rendered now has stored results the network report would read as they are.

    They may be an earlier code's (a code change is not in their inputs), so the pool stores every
    partner's first. When none would be read (a first run, or only partners whose inputs changed,
    as when one template was edited), the network report starts at once and computes those itself.
    """
    # imported when reports render: a run where nothing changed starts without pandas or reporting
    from paastolaskuri.reporting.partner_results import stored_results_apply

    return any(job.prepare is not None and stored_results_apply(*job.prepare) for job in jobs_list)


def prepare_before_network(pool: Executor, jobs_list: list[RenderJob]) -> dict[str, float]:
    """Every partner's results stored in `pool` (all of them done on return): {key: seconds} of those that ran.

    The network report then reads the stored results of this run instead of computing every partner's
    again. A partner whose storing could not run (a broken pool) keeps its `prepare`, so `run_job`
    tries once more before its notebook.
    """
    futures = {pool.submit(prepare_partner, job.prepare): job.key for job in jobs_list if job.prepare}
    done = {}
    for fut in as_completed(futures):
        try:
            done[futures[fut]] = fut.result()
        except Exception:  # the pool itself failed: the report's own job reports it
            continue
    return done
