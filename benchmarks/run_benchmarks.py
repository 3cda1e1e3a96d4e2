"""Päästölaskuri benchmarks: tables of medians and ratios against a baseline measured in the same run.

    .venv/bin/python benchmarks/run_benchmarks.py                 # everything (make bench), ~11 min
    .venv/bin/python benchmarks/run_benchmarks.py --quick         # fewer repeats, sampled baseline (a)
    .venv/bin/python benchmarks/run_benchmarks.py --only engine   # engine | read | run (repeatable, or a,b)

Benchmarks, never tests: nothing here fails on a slow machine. Each case prints its median over
the repeats, its ratio against a baseline timed in the same process or run, its target and whether
the target was met. The machine is shared and noisy: read the ratios, not single numbers.
See docs/benchmarks.md for what each case measures and the figures measured so far.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_engine import bench_engine, engine_worker
from bench_read import bench_read
from bench_run import bench_run, breakdown_worker
from harness import ROOT, SNAPSHOT_ENV, Deadline


def freeze_code(tmp: Path) -> str:
    """Benchmark a copy of the package, notebooks and factor sets taken now: an edit made in the working tree
    while the benchmark runs would otherwise change the code digest and make (c) and (d) rerender everything."""
    snap = tmp / "code"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "lib" / "paastolaskuri", snap / "lib" / "paastolaskuri", ignore=ignore)
    shutil.copytree(
        ROOT / "notebooks", snap / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    shutil.copytree(ROOT / "data" / "factors", snap / "data" / "factors")
    lib = str(snap / "lib")
    os.environ["PYTHONPATH"] = os.pathsep.join(x for x in (lib, os.environ.get("PYTHONPATH", "")) if x)
    os.environ[SNAPSHOT_ENV] = str(snap)
    sys.path.insert(0, lib)
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "lib", "notebooks", "data/factors"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        head, dirty = "?", ""
    return f"code: copy of the working tree at git {head}" + (" + uncommitted changes" if dirty else "")


# -- main --------------------------------------------------------------------------------------------


def machine_line() -> str:
    try:
        import numpy
        import pandas

        libs = f"pandas {pandas.__version__}, numpy {numpy.__version__}"
    except ImportError:
        libs = ""
    load = os.getloadavg()
    return (
        f"{dt.datetime.now().isoformat(timespec='minutes')} · Python {platform.python_version()} · "
        f"{os.cpu_count()} cores · load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} · {libs}"
    )


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats; baseline (a) sampled on 4 partners")
    p.add_argument(
        "--only",
        action="append",
        default=None,
        help="engine, read or run (repeatable or comma-separated; default: all)",
    )
    p.add_argument("--lines", type=int, default=1_000_000, help="engine: activity lines (default 1,000,000)")
    p.add_argument("--partners", type=int, default=40, help="run: demo partners (default 40)")
    p.add_argument(
        "--baseline-partners",
        type=int,
        default=0,
        help="run: time baseline (a) on this many partners and extrapolate (default: all; 4 with --quick)",
    )
    p.add_argument(
        "--baseline-budget",
        type=float,
        default=420.0,
        help="run: stop baseline (a) after this many seconds and extrapolate (default 420)",
    )
    p.add_argument(
        "--max-minutes",
        type=float,
        default=None,
        help="soft limit: fewer (b) repeats and an earlier-extrapolated (a) when the machine is slow "
        "(default 13, 6 with --quick)",
    )
    p.add_argument(
        "--live",
        action="store_true",
        help="run on the working tree itself instead of a copy taken at the start",
    )
    p.add_argument("--profile", action="store_true", help="also print cProfile of the engine and of one read")
    p.add_argument("--json", type=Path, help="also write the tables to this file")
    p.add_argument("--worker", nargs=2, metavar=("NAME", "PAYLOAD"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    only = set()
    for item in args.only or ["engine,read,run"]:
        only |= {x.strip() for x in item.split(",") if x.strip()}
    bad = only - {"engine", "read", "run"}
    if bad:
        p.error(f"--only: unknown {sorted(bad)} (choose engine, read, run)")
    args.only = only
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.worker:
        name, payload = args.worker
        fn = {"engine": engine_worker, "breakdown": breakdown_worker}[name]
        print("RESULT " + json.dumps(fn(json.loads(payload))), flush=True)
        return 0
    started = time.perf_counter()
    args.deadline = Deadline(60 * (args.max_minutes or (6 if args.quick else 13)))
    print(f"# Päästölaskuri benchmarks ({'quick' if args.quick else 'full'})\n\n{machine_line()}", flush=True)
    tables = []
    with tempfile.TemporaryDirectory(prefix="paastolaskuri-bench-") as d:
        tmp = Path(d)
        code = "code: the working tree, live (--live)" if args.live else freeze_code(tmp)
        print(code, flush=True)
        if "engine" in args.only:
            tables += bench_engine(args)
        if "read" in args.only:
            tables += bench_read(args, tmp)
        if "run" in args.only:
            tables += bench_run(args, tmp)
    total = time.perf_counter() - started
    print(f"\nTotal benchmark time: {total:.0f} s ({total / 60:.1f} min)", flush=True)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine_line(),
                    "code": code,
                    "quick": args.quick,
                    "minutes": total / 60,
                    "tables": tables,
                },
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
