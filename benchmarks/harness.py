"""Benchmark harness: timing, tables, subprocess workers, the soft deadline. No suite lives here."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SNAPSHOT_ENV = "PAASTOLASKURI_BENCH_CODE"  # set to the frozen copy of the code the benchmark runs on
FACTOR_SET = "fi-2024-r1"
YEAR = 2024
SEED = 2024


def notebooks_dir() -> Path:
    """The notebooks the benchmark runs: the frozen copy when one was taken (see freeze_code), else the tree."""
    return Path(os.environ.get(SNAPSHOT_ENV, ROOT)) / "notebooks"


class Deadline:
    """A soft time limit for the whole benchmark run (--max-minutes), passed to the suites that adapt to it."""

    def __init__(self, seconds: float) -> None:
        self.end = time.perf_counter() + seconds

    def left(self) -> float:
        """Seconds left before the soft limit (negative once past it)."""
        return self.end - time.perf_counter()


# -- small helpers -----------------------------------------------------------------------------------


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt_s(x: float) -> str:
    if x != x:
        return "–"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt_ratio(x: float | None) -> str:
    if x is None or x != x:
        return "–"
    return f"{x:.2f}×" if x >= 0.1 else f"{x:.2g}×"


def rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def print_table(title: str, head: list[str], rows: list[list[str]], note: str = "") -> str:
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = [
        f"\n### {title}",
        "",
        "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=False)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    lines += [
        "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=False)) + " |" for r in rows
    ]
    if note:
        lines += ["", note]
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def run_cmd(
    cmd: list[str], *, timeout: float, cwd: Path | None = None, env: dict | None = None, check: bool = True
) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command in its own process group; on timeout kill that group (and only it). Returns (seconds, result)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RuntimeError(f"timed out after {timeout:.0f} s: {' '.join(map(str, cmd))}") from None
    except BaseException:  # Ctrl-C: take the child's whole group (kernels included) down with us
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    seconds = time.perf_counter() - started
    res = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if check and proc.returncode != 0:
        raise RuntimeError(f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n{(err or out)[-3000:]}")
    return seconds, res


def bench_env() -> dict:
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "Agg")
    env["PYTHONHASHSEED"] = "0"
    env.pop("PAASTOLASKURI_WORKSPACE", None)
    return env


def worker(name: str, payload: dict, timeout: float) -> dict:
    """Run one benchmark part in a fresh interpreter (clean imports and a clean peak-RSS counter)."""
    _, res = run_cmd(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run_benchmarks.py"),
            "--worker",
            name,
            json.dumps(payload),
        ],
        timeout=timeout,
        cwd=ROOT,
        env=bench_env(),
    )
    last = [ln for ln in res.stdout.splitlines() if ln.startswith("RESULT ")]
    if not last:
        raise RuntimeError(f"worker {name} gave no result:\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")
    return json.loads(last[-1][len("RESULT ") :])


# -- A. engine throughput ------------------------------------------------------------------------------
