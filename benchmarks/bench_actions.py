"""Benchmark: every reduction action for 2,000 partner-years (target: a few seconds).

Standalone: `.venv/bin/python benchmarks/bench_actions.py [--partners N] [--repeats R]`.
Prints one table: the median of R repeats per case and its ratio against a baseline measured in the
same process on the same lines (the plain engine: calculate_emissions plus totals per partner-year).
Cases and baseline are interleaved, so a busy neighbour slows them alike. The lines are synthetic
partner-years drawn from the demo archetypes' activities with random sizes (fixed seed).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib"))

import pandas as pd  # noqa: E402 (after the sys.path entry above)

from paastolaskuri.accounting.calculation import calculate_emissions  # noqa: E402 (after the sys.path entry above)
from paastolaskuri.accounting.factors import find_factor_set  # noqa: E402 (after the sys.path entry above)
from paastolaskuri.actions.catalogue import load_action_catalogue  # noqa: E402 (after the sys.path entry above)
from paastolaskuri.actions.engine import combined_plan, evaluate_actions, prepare_lines  # noqa: E402 (after the sys.path entry above)

TARGET_S = 5.0  # all actions for 2,000 partner-years: "a few seconds"
ARCHETYPES = [  # (activity, quantity, unit) per archetype, like the demo partners
    [("wood_chips", 5200, "MWh"), ("light_fuel_oil", 14000, "l"), ("diesel", 38000, "l"), ("electricity", 2600, "MWh"),
     ("refrigerant_r410a", 2.5, "kg"), ("waste_mixed_incineration", 28, "t"), ("commute_car", 310000, "km"),
     ("spend_appliances_tools", 180000, "EUR")],
    [("electricity", 95000, "kWh"), ("district_heat", 110, "MWh"), ("flight_short_haul", 42000, "pkm"),
     ("flight_domestic", 9000, "pkm"), ("travel_train", 26000, "pkm"), ("spend_electronics", 58000, "EUR"),
     ("commute_bus", 48000, "pkm"), ("commute_car", 120000, "km")],
    [("district_heat", 880, "MWh"), ("electricity", 310, "MWh"), ("waste_bio_composting", 9.5, "t"),
     ("waste_mixed_incineration", 14, "t"), ("water_supply", 5200, "m3"), ("spend_catering_services", 21000, "EUR"),
     ("commute_car", 160000, "km")],
    [("electricity", 640, "MWh"), ("district_heat", 260, "MWh"), ("diesel", 17500, "l"), ("refrigerant_r404a", 12, "kg"),
     ("waste_board_recycling", 38, "t"), ("waste_mixed_incineration", 24, "t"), ("car_petrol_km", 30000, "km")],
    [("electricity", 11000, "kWh"), ("district_heat", 24, "MWh"), ("travel_car_petrol", 8200, "km"),
     ("natural_gas", 40, "MWh"), ("spend_other", 15500, "EUR")],
]  # fmt: skip


def synthetic_lines(partners: int, seed: int = 2024) -> pd.DataFrame:
    """`partners` partner-years (`_group` 0..n-1) of demo-like lines, sizes scaled 0.3-3x."""
    rng = random.Random(seed)
    rows = []
    for g in range(partners):
        arch = ARCHETYPES[g % len(ARCHETYPES)]
        scale = rng.uniform(0.3, 3.0)
        for i, (activity, q, unit) in enumerate(arch):
            contract = "go" if activity == "electricity" and rng.random() < 0.2 else ""
            rows.append(
                {"_group": g, "row": 7 + i, "site": "", "activity": activity, "quantity": round(q * scale, 1),
                 "unit": unit, "own_factor": float("nan"), "own_factor_source": "", "contract": contract,
                 "quality": "measured", "note": ""}
            )  # fmt: skip
    return prepare_lines(pd.DataFrame(rows))


def baseline(lines, fs):
    """The plain engine on the same lines, with totals per partner-year."""
    em = calculate_emissions(lines, fs)
    em["kg_co2e"].groupby(em["_group"].to_numpy()).sum()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--partners", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    fs = find_factor_set("fi-2024-r1")
    cat = load_action_catalogue()
    lines = synthetic_lines(args.partners)
    cases = {
        "baseline: engine on the lines": lambda: baseline(lines, fs),
        "every action alone (evaluate_actions)": lambda: evaluate_actions(lines, fs, cat),
        "combined plan of every action": lambda: combined_plan(lines, fs, cat.ids(), cat),
    }
    baseline(lines, fs)  # warm the coefficient cache once
    times = {name: [] for name in cases}
    cpu = {name: [] for name in cases}
    for _ in range(args.repeats):  # interleaved
        for name, fn in cases.items():
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    base = statistics.median(times["baseline: engine on the lines"])
    base_cpu = statistics.median(cpu["baseline: engine on the lines"])
    n_results = len(evaluate_actions(lines, fs, cat))
    print(f"{args.partners} partner-years, {len(lines)} lines, {len(cat.ids())} actions "
          f"({n_results} applicable action × partner-year results); medians of {args.repeats} repeats")  # fmt: skip
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"load average {load:.1f} on {os.cpu_count()} cores: wall time includes waiting for a core, CPU time does not"
    )
    print(f"{'case':42} {'wall s':>8} {'ratio':>7} {'CPU s':>7} {'ratio':>7} {'target':>9} {'met (CPU)':>9}")
    for name, ts in times.items():
        med, med_cpu = statistics.median(ts), statistics.median(cpu[name])
        is_case = not name.startswith("baseline")
        target = f"≤ {TARGET_S:g} s" if is_case else ""
        met = ("yes" if med_cpu <= TARGET_S else "no") if is_case else ""  # single-threaded: CPU = idle wall
        print(
            f"{name:42} {med:8.3f} {med / base:6.1f}× {med_cpu:7.3f} {med_cpu / base_cpu:6.1f}× {target:>9} {met:>9}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
