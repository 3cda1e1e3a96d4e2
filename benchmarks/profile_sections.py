"""Where one partner report's time goes, section by section (issue 20, point 2).

Standalone: `PYTHONPATH=lib .venv/bin/python benchmarks/profile_sections.py WORKSPACE [--year 2024]
[--partner demo-saha] [--repeats 3] [--compute] [--render]`, on a workspace `paastolaskuri run` has
processed (PYTHONPATH so that the kernel of `--render` imports the same code as this process).
`--compute` removes the partner's stored results first (the sections compute as before issue 20). In one warm process
(matplotlib's Agg backend, every output discarded) it calls `PartnerReport.load` and every section
the partner notebook calls, in the notebook's order: a first pass, then `--repeats` passes; it prints
each section's first call and its median CPU time (`time.process_time`, which a loaded machine
disturbs less than wall time) and the sum.

With `--render`, it also renders the partner's whole report with the runner's `render_notebook` on
this process's warm kernel, interleaved: with the results the run stores (reporting/partner_results.py)
and without them (removed first, so the notebook computes them as before), and compares the two
HTML files byte for byte. It prints the median wall time of each and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import matplotlib  # noqa: E402 (after the sys.path entry above)

matplotlib.use("Agg")

from paastolaskuri.report import PartnerReport  # noqa: E402 (after the sys.path entry above)

SECTIONS = PartnerReport.SECTIONS


def one_pass(workspace: str, year: int, partner: str) -> dict[str, float]:
    """CPU seconds of the load and of every section, one call each."""
    out = {}
    t0 = time.process_time()
    report = PartnerReport.load(workspace, year, partner, "fi")
    out["load"] = time.process_time() - t0
    for name in SECTIONS:
        t0 = time.process_time()
        getattr(report, name)()._repr_html_()
        out[name] = time.process_time() - t0
    return out


def render_pair(workspace: str, year: int, partner: str, repeats: int) -> None:
    """Whole-report renders on the warm kernel with and without the stored results, interleaved."""
    from paastolaskuri.core.workspace import Workspace, partner_slug
    from paastolaskuri.reporting import partner_results
    from paastolaskuri.run.parameters import partner_parameters
    from paastolaskuri.run.render import RenderJob, render_notebook
    from paastolaskuri.run.runner import PARTNER_NOTEBOOK

    ws = Workspace.at(workspace)
    folder = ws.partner_processed_dir(year, partner_slug(partner))
    stored = (
        partner_results.ACTIONS_JSON,
        partner_results.RESTATEMENT_JSON,
        partner_results.CHANGE_SPLIT_JSON,
    )
    out = Path(tempfile.mkdtemp(prefix="profile-sections-"))

    def render(name: str) -> tuple[float, bytes]:
        job = RenderJob(
            key=partner,
            notebook=PARTNER_NOTEBOOK,
            parameters=partner_parameters(partner, year, ws, "fi"),
            ipynb=out / f"{name}.ipynb",
            html=out / f"{name}.html",
            log=out / f"{name}.log",
            timeout=600,
            cwd=ws.root,
            title=f"{partner} {year}",
        )
        t = time.perf_counter()
        res = render_notebook(job)
        if not res["ok"]:
            raise RuntimeError(res["error"])
        return time.perf_counter() - t, job.html.read_bytes()

    render("first")  # the worker's first report: kernel start and imports
    times: dict[str, list[float]] = {"computed in the notebook": [], "read from the stored results": []}
    html = {}
    for _ in range(repeats):
        for name in stored:
            (folder / name).unlink(missing_ok=True)
        dt, html["computed"] = render("computed")
        times["computed in the notebook"].append(dt)
        partner_results.write_partner_results(ws.root, year, partner)
        dt, html["stored"] = render("stored")
        times["read from the stored results"].append(dt)
    base = statistics.median(times["computed in the notebook"])
    print("\n| whole report, warm kernel | median wall | ratio |\n|---|---|---|")
    for name, xs in times.items():
        print(f"| {name} | {statistics.median(xs):.2f} s | {statistics.median(xs) / base:.2f}× |")
    print(f"\nHTML byte-identical: {html['computed'] == html['stored']}")


def main(argv: list[str] | None = None) -> None:
    """Print the table (milliseconds of CPU)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("workspace")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--partner", default="demo-saha")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--render", action="store_true", help="also whole renders with / without stored results")
    ap.add_argument(
        "--compute", action="store_true", help="remove the stored results first (as before issue 20)"
    )
    a = ap.parse_args(argv)
    if a.compute:
        from paastolaskuri.core.workspace import Workspace, partner_slug
        from paastolaskuri.reporting import partner_results

        folder = Workspace.at(a.workspace).partner_processed_dir(a.year, partner_slug(a.partner))
        for name in (
            partner_results.ACTIONS_JSON,
            partner_results.RESTATEMENT_JSON,
            partner_results.CHANGE_SPLIT_JSON,
        ):
            (folder / name).unlink(missing_ok=True)
    first = one_pass(a.workspace, a.year, a.partner)
    passes = [one_pass(a.workspace, a.year, a.partner) for _ in range(a.repeats)]
    print("| section | first call | warm, CPU (median) |\n|---|---|---|")
    total = 0.0
    for name in first:
        warm = statistics.median(p[name] for p in passes)
        total += warm
        print(f"| `{name}` | {1000 * first[name]:.0f} ms | {1000 * warm:.0f} ms |")
    print(f"| **sum** | {1000 * sum(first.values()):.0f} ms | **{1000 * total:.0f} ms** |")
    if a.render:
        render_pair(a.workspace, a.year, a.partner, a.repeats)


if __name__ == "__main__":
    main()
