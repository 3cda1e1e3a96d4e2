"""Research export: 2,000 partners x 6 years, against reading the processed tables alone.

    .venv/bin/python benchmarks/bench_research_export.py [--partners 2000] [--repeats 3]

The processed tables are synthesised directly (paastolaskuri.research.synthetic), not computed by
the engine or rendered by kernels. Target: an export in tens of seconds at most, under 1 GB peak.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import fmt_ratio, fmt_s, median, print_table, rss_mb

YEARS = list(range(2019, 2025))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from paastolaskuri.research.package import export_research
    from paastolaskuri.research.synthetic import write_synthetic_network
    from paastolaskuri.research.tables import load_processed

    tmp = Path(tempfile.mkdtemp(prefix="bench-research-"))
    try:
        t0 = time.perf_counter()
        ws = write_synthetic_network(tmp / "ws", args.partners, YEARS)
        synth = time.perf_counter() - t0
        rows = sum(len(load_processed(ws, [y]).emissions) for y in YEARS)
        timings: dict[str, list[float]] = {"read": [], "export": [], "export_lines": []}
        for i in range(args.repeats):
            t0 = time.perf_counter()
            load_processed(ws, YEARS)
            timings["read"].append(time.perf_counter() - t0)
            for case, lines in (("export", False), ("export_lines", True)):
                t0 = time.perf_counter()
                export_research(ws.root, YEARS, tmp / f"{case}-{i}", k=3, with_lines=lines)
                timings[case].append(time.perf_counter() - t0)
        base = median(timings["read"])
        size = sum(p.stat().st_size for p in (tmp / "export_lines-0").iterdir()) / 1e6
        table = [
            ["reading the processed tables (baseline)", fmt_s(base), "1.00×", "", ""],
            [
                "export (partner_years, category_years)",
                fmt_s(median(timings["export"])),
                fmt_ratio(median(timings["export"]) / base),
                "≤ 30 s",
                "met" if median(timings["export"]) <= 30 else "missed",
            ],
            [
                "export with --lines",
                fmt_s(median(timings["export_lines"])),
                fmt_ratio(median(timings["export_lines"]) / base),
                "≤ 30 s",
                "met" if median(timings["export_lines"]) <= 30 else "missed",
            ],
        ]
        peak = rss_mb()
        print_table(
            f"Research export: {args.partners} partners × {len(YEARS)} years ({rows:,} emission rows), "
            f"median of {args.repeats}",
            ["case", "median s", "ratio vs read", "target", "met"],
            table,
            f"Synthesising the processed tables took {synth:.1f} s. Package with lines: {size:.1f} MB. "
            f"Peak RSS of this process: {peak:.0f} MB (target < 1024 MB: {'met' if peak < 1024 else 'missed'}).",
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
