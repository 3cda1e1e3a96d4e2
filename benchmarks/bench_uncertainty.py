"""Benchmark: Monte Carlo intervals and change decomposition (issue 25 targets).

Standalone: `.venv/bin/python benchmarks/bench_uncertainty.py [--repeats R]`.
Cases and targets:
- the network's 95 % intervals, 40 partners x 10 000 draws, factors shared: <= 2 s;
- one partner with 5 000 activity lines x 10 000 draws: <= 1 s;
- the decomposition of 2 000 partner-years (1 000 partners in both years, the network split): <= 1 s.
The baseline, timed in the same process and interleaved, is the engine on the same lines
(calculate_emissions), so a busy machine slows both alike. Lines are the demo archetypes of
bench_actions.py with random sizes (fixed seed); quality alternates measured / estimated.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pandas as pd  # noqa: E402 (after the sys.path entry above)

from bench_actions import synthetic_lines  # noqa: E402 (after the sys.path entry above)
from paastolaskuri.accounting.calculation import calculate_emissions  # noqa: E402 (after the sys.path entry above)
from paastolaskuri.accounting.change import decompose_network  # noqa: E402 (after the sys.path entry above)
from paastolaskuri.accounting.factors import find_factor_set  # noqa: E402 (after the sys.path entry above)
from paastolaskuri.accounting.uncertainty import PartYear, intervals_95, partner_interval  # noqa: E402

TARGETS = {"network 40 x 10 000": 2.0, "partner 5 000 lines": 1.0, "decomposition 2 000": 1.0}


def lines_for(partners: int, seed: int) -> pd.DataFrame:
    """Synthetic lines of `partners` partner-years, quality alternating measured / estimated."""
    lines = synthetic_lines(partners, seed)
    lines["quality"] = ["measured" if i % 2 else "estimated" for i in range(len(lines))]
    return lines


def emissions_by_group(lines: pd.DataFrame, fs) -> pd.DataFrame:
    """Emission lines with partner_id = the synthetic group."""
    em = calculate_emissions(lines, fs)
    em["partner_id"] = em["_group"].astype(str)
    return em


def timed(fn, repeats: int) -> float:
    """The median wall time of `repeats` calls."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    fs = find_factor_set("fi-2024-r2")
    network = emissions_by_group(lines_for(40, 1), fs)
    parts = [PartYear(p, g) for p, g in network.groupby("partner_id")]
    big_lines = lines_for(800, 2)  # 800 partner-years of 5-8 lines: the first 5 000 as one partner
    big_lines = big_lines.head(5000).assign(row=range(7, 5007)).reset_index(drop=True)
    big = calculate_emissions(big_lines, fs)
    old = emissions_by_group(lines_for(1000, 3), fs)
    new = emissions_by_group(lines_for(1000, 4), fs)
    cases = {
        "network 40 x 10 000": (
            lambda: intervals_95(parts),
            lambda: calculate_emissions(lines_for(40, 1), fs),
        ),
        "partner 5 000 lines": (lambda: partner_interval(big), lambda: calculate_emissions(big_lines, fs)),
        "decomposition 2 000": (
            lambda: decompose_network(old, new),
            lambda: calculate_emissions(lines_for(1000, 3), fs),
        ),
    }
    print(f"{'case':<24} {'median s':>9} {'baseline s':>11} {'ratio':>7} {'target s':>9}  met")
    for name, (case, base) in cases.items():
        t_case, t_base = [], []
        for _ in range(args.repeats):  # interleaved: case, baseline, case, ...
            t_case.append(timed(case, 1))
            t_base.append(timed(base, 1))
        c, b = statistics.median(t_case), statistics.median(t_base)
        met = "yes" if c <= TARGETS[name] else "NO"
        print(f"{name:<24} {c:>9.3f} {b:>11.3f} {c / b:>7.1f} {TARGETS[name]:>9.1f}  {met}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
