"""Where one partner report's time goes, section by section (issue 20, point 2).

Standalone: `.venv/bin/python benchmarks/profile_sections.py WORKSPACE [--year 2024] [--partner
demo-saha] [--repeats 3]`, on a workspace `paastolaskuri run` has processed. In one warm process
(matplotlib's Agg backend, every output discarded) it calls `PartnerReport.load` and every section
the partner notebook calls, in the notebook's order: a first pass, then `--repeats` passes; it prints
each section's first call and its median CPU time (`time.process_time`, which a loaded machine
disturbs less than wall time) and the sum.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import matplotlib  # noqa: E402 (after the sys.path entry above)

matplotlib.use("Agg")

from paastolaskuri.report import PartnerReport  # noqa: E402 (after the sys.path entry above)

SECTIONS = (
    "header",
    "headline",
    "intensity",
    "breakdown",
    "energy",
    "trend",
    "change",
    "uncertainty",
    "comparison",
    "commitments",
    "actions",
    "restatement",
    "data_quality",
    "boundary",
    "explain",
    "sources",
)


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


def main(argv: list[str] | None = None) -> None:
    """Print the table (milliseconds of CPU)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("workspace")
    ap.add_argument("--year", type=int, default=2024)
    ap.add_argument("--partner", default="demo-saha")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args(argv)
    first = one_pass(a.workspace, a.year, a.partner)
    passes = [one_pass(a.workspace, a.year, a.partner) for _ in range(a.repeats)]
    print("| section | first call | warm, CPU (median) |\n|---|---|---|")
    total = 0.0
    for name in first:
        warm = statistics.median(p[name] for p in passes)
        total += warm
        print(f"| `{name}` | {1000 * first[name]:.0f} ms | {1000 * warm:.0f} ms |")
    print(f"| **sum** | {1000 * sum(first.values()):.0f} ms | **{1000 * total:.0f} ms** |")


if __name__ == "__main__":
    main()
