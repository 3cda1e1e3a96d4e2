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
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SNAPSHOT_ENV = "PAASTOLASKURI_BENCH_CODE"  # set to the frozen copy of the code the benchmark runs on
NOTEBOOKS = Path(os.environ.get(SNAPSHOT_ENV, ROOT)) / "notebooks"
FACTOR_SET = "fi-2024-r1"
YEAR = 2024
SEED = 2024
DEADLINE = [float("inf")]  # perf_counter time by which the run should be done (--max-minutes)


def time_left() -> float:
    return DEADLINE[0] - time.perf_counter()


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
        "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
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
        [sys.executable, str(Path(__file__).resolve()), "--worker", name, json.dumps(payload)],
        timeout=timeout,
        cwd=ROOT,
        env=bench_env(),
    )
    last = [ln for ln in res.stdout.splitlines() if ln.startswith("RESULT ")]
    if not last:
        raise RuntimeError(f"worker {name} gave no result:\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}")
    return json.loads(last[-1][len("RESULT ") :])


# -- A. engine throughput ------------------------------------------------------------------------------

# relative frequency of an activity line per category: energy and purchases are what partners report most
CATEGORY_WEIGHT = {
    "s2_electricity": 6,
    "s2_heat": 5,
    "s1_stationary": 2,
    "s1_mobile": 3,
    "s1_refrigerants": 0.5,
    "s1_process": 0.2,
    "s3_c1": 2,
    "s3_c5": 2,
    "s3_c6": 1.5,
    "s3_c7": 2,
}


def generate_lines(n: int, seed: int = SEED):
    """n valid activity lines as the reader returns them: the catalogue's activities in a realistic mix,
    each with one of its allowed units that the factor set can compute, lognormal quantities, 5 % own
    factors (every line of an own-factor-only activity), 30 % of electricity lines on a 'go' contract."""
    import numpy as np
    import pandas as pd

    from paastolaskuri.accounting.calculation import LINE_COLUMNS, build_coefficients
    from paastolaskuri.accounting.catalogue import load_catalogue
    from paastolaskuri.accounting.factors import find_factor_set

    catalogue = load_catalogue()
    fs = find_factor_set(FACTOR_SET)
    coef = build_coefficients(fs, catalogue=catalogue)
    computable = set(zip(coef["activity"], coef["unit"]))
    pairs, weights = [], []
    for a in catalogue:
        units = [u for u in a.units if (a.key, u) in computable]
        for u in units:
            pairs.append((a.key, u))
            weights.append(CATEGORY_WEIGHT.get(a.category.code, 1.0) / len(units))
    rng = np.random.default_rng(seed)
    p = np.asarray(weights) / sum(weights)
    idx = rng.choice(len(pairs), size=n, p=p)
    act = np.array([a for a, _ in pairs], dtype=object)[idx]
    unit = np.array([u for _, u in pairs], dtype=object)[idx]
    own_required = np.isin(act, [a.key for a in catalogue if a.own_factor_required])
    has_own = (rng.random(n) < 0.05) | own_required
    own = np.where(has_own, np.round(rng.uniform(0.01, 3.0, n), 3), np.nan)
    own = np.where(own_required, np.round(rng.uniform(100, 4000, n)), own)
    go = (act == "electricity") & (rng.random(n) < 0.30)
    sites = np.array(["Pääsaha", "Toimisto", "Varasto", "", "", ""], dtype=object)
    lines = pd.DataFrame(
        {
            "row": np.arange(7, 7 + n, dtype="int64"),
            "site": sites[rng.integers(0, len(sites), n)],
            "activity": act,
            "quantity": np.round(rng.lognormal(6.0, 2.0, n), 2),
            "unit": unit,
            "own_factor": own,
            "own_factor_source": np.where(has_own, "Toimittajan kerroin 2024 / supplier factor", ""),
            "contract": np.where(go, "go", ""),
            "quality": np.where(rng.random(n) < 0.7, "measured", "estimated"),
            "note": "",
        }
    )[LINE_COLUMNS]
    return lines, fs, catalogue


def naive_engine(lines, fs, catalogue):
    """The baseline: the same arithmetic as a per-line Python loop over coefficient dicts, as one would
    write it without vectorising (one output dict per line × basis, then one DataFrame)."""
    import math

    import pandas as pd

    from paastolaskuri.accounting.calculation import build_coefficients

    coef = build_coefficients(fs, catalogue=catalogue)
    by_pair: dict[tuple, list[dict]] = {}
    for rec in coef.to_dict(orient="records"):
        by_pair.setdefault((rec["activity"], rec["unit"]), []).append(rec)
    out = []
    for i, line in enumerate(lines.to_dict(orient="records")):
        own = line["own_factor"]
        has_own = not math.isnan(own)
        for c in by_pair.get((line["activity"], line["unit"]), ()):
            target = has_own and (
                (c["basis"] == "market" and c["scope"] == 2)
                or (c["basis"] == "direct" and c["scope"] != 2)
                or c["factor_id"] == ""
            )
            go = line["contract"] == "go" and c["basis"] == "market" and not has_own
            q = line["quantity"]
            rec = dict(line, line_index=i, basis=c["basis"], scope=c["scope"], category=c["category"])
            if target or go:
                per = {
                    "co2": 0.0,
                    "ch4": 0.0,
                    "n2o": 0.0,
                    "other": 0.0,
                    "co2_biogenic": 0.0,
                    "co2e_fixed": own if target else 0.0,
                    "co2e": own if target else 0.0,
                    "to_factor_unit": 1.0,
                }
                rec.update(
                    factor_id="own" if target else "contract:go",
                    factor_text=f"{own:.6g} kg CO2e/{line['unit']}" if target else "0 kg CO2/kWh",
                    source=line["own_factor_source"] if target else "GO",
                    confidence="own factor",
                    factor_unit=line["unit"],
                    conversion="",
                    url="",
                    gwp_note="",
                    other_gas="",
                )
            else:
                per = c
                rec.update(
                    {
                        k: c[k]
                        for k in (
                            "factor_id",
                            "factor_text",
                            "factor_unit",
                            "conversion",
                            "source",
                            "url",
                            "confidence",
                            "gwp_note",
                            "other_gas",
                        )
                    }
                )
            rec.update(
                own_factor_used=target or go,
                converted_quantity=q * per["to_factor_unit"],
                kg_co2e_per_unit=per["co2e"],
                kg_co2=q * per["co2"],
                kg_ch4=q * per["ch4"],
                kg_n2o=q * per["n2o"],
                kg_other_gas=q * per["other"],
                kg_co2e_unsplit=q * per["co2e_fixed"],
                kg_co2_biogenic=q * per["co2_biogenic"],
                kg_co2e=q * per["co2e"],
            )
            out.append(rec)
    return pd.DataFrame.from_records(out)


def engine_worker(payload: dict) -> dict:
    """Runs in a fresh interpreter: peak RSS at the end is the engine case's, nothing subtracted."""
    t0 = time.perf_counter()
    import gc

    import numpy as np
    import pandas as pd

    from paastolaskuri.accounting.calculation import build_coefficients, calculate_emissions

    res = {}
    res["import_s"] = time.perf_counter() - t0
    res["rss_after_imports_mb"] = rss_mb()
    n, repeats, naive_n = payload["lines"], payload["repeats"], payload["naive_lines"]
    t = time.perf_counter()
    lines, fs, catalogue = generate_lines(n)
    res["generate_s"] = time.perf_counter() - t
    build_coefficients(fs, catalogue=catalogue)  # the coefficient table is cached per set: build it untimed
    gc.collect()
    res["rss_after_generation_mb"] = rss_mb()
    res["lines_mb"] = float(lines.memory_usage(deep=True).sum()) / 2**20

    # engine and baseline interleaved, so that a noisy neighbour slows both alike
    sub = lines.iloc[:naive_n].reset_index(drop=True)
    times, naive = [], []
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        out = calculate_emissions(lines, fs, catalogue=catalogue)
        times.append(time.perf_counter() - t)
        res["emission_lines"] = len(out)
        res["total_kg"] = float(out["kg_co2e"].sum())
        del out
        gc.collect()
        t = time.perf_counter()
        ref = naive_engine(sub, fs, catalogue)
        naive.append((time.perf_counter() - t) * n / naive_n)
    res["engine_s"] = times
    res["naive_scaled_s"] = naive
    res["rss_after_engine_mb"] = rss_mb()  # before the floor case runs

    # floor: the arithmetic alone, given each emission line's (line, coefficient row) pair: no join, no text
    coef = build_coefficients(fs, catalogue=catalogue)
    pairs = pd.DataFrame(
        {
            "li": np.arange(len(lines)),
            "activity": lines["activity"].to_numpy(),
            "unit": lines["unit"].to_numpy(),
        }
    ).merge(coef.reset_index(names="ci")[["activity", "unit", "ci"]], on=["activity", "unit"])
    li, ci = pairs["li"].to_numpy(), pairs["ci"].to_numpy()
    co2e = coef["co2e"].to_numpy(dtype="float64")
    q = lines["quantity"].to_numpy(dtype="float64")
    floor = []
    for _ in range(repeats):
        t = time.perf_counter()
        _ = q[li] * co2e[ci]
        floor.append(time.perf_counter() - t)
    res["floor_s"] = floor
    del pairs

    got = calculate_emissions(sub, fs, catalogue=catalogue)
    res["naive_agrees"] = bool(
        len(ref) == len(got) and np.isclose(ref["kg_co2e"].sum(), got["kg_co2e"].sum(), rtol=1e-9)
    )
    if payload.get("profile"):
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        calculate_emissions(lines, fs, catalogue=catalogue)
        prof.disable()
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(15)
        res["profile"] = s.getvalue()
    res["rss_peak_mb"] = rss_mb()  # at the very end, nothing subtracted
    return res


def bench_engine(args) -> list[str]:
    repeats = 2 if args.quick else 5
    print(f"\n[engine] {args.lines:,} lines, {repeats} repeats, in a fresh subprocess …", flush=True)
    r = worker(
        "engine",
        {"lines": args.lines, "repeats": repeats, "naive_lines": 20_000, "profile": args.profile},
        timeout=900,
    )
    eng = median(r["engine_s"])
    naive = median(r["naive_scaled_s"])
    floor = median(r["floor_s"])
    rows = [
        [
            "baseline: per-line Python loop (20,000 lines, scaled ×%d)" % (args.lines // 20_000),
            fmt_s(naive),
            "1.00×",
            "",
            "",
        ],
        [
            f"calculate_emissions, {args.lines:,} lines → {r['emission_lines']:,} emission lines",
            fmt_s(eng),
            fmt_ratio(eng / naive),
            "≤ 3 s",
            "met" if eng <= 3.0 else "NOT met",
        ],
        [
            "floor: numpy quantity × coefficient[index] (no join, no text)",
            fmt_s(floor),
            fmt_ratio(floor / naive),
            "",
            "",
        ],
        [
            "peak RSS of the engine process (ru_maxrss, MB)",
            f"{r['rss_peak_mb']:.0f} MB",
            "",
            "≤ 1.5 GB",
            "met" if r["rss_peak_mb"] <= 1536 else "NOT met",
        ],
        ["  of which: after imports", f"{r['rss_after_imports_mb']:.0f} MB", "", "", ""],
        ["  of which: after imports + line generation", f"{r['rss_after_generation_mb']:.0f} MB", "", "", ""],
        [
            "  engine's own increment (peak − after generation)",
            f"{r['rss_peak_mb'] - r['rss_after_generation_mb']:.0f} MB",
            "",
            "",
            "",
        ],
        ["  (peak before the floor case ran)", f"{r['rss_after_engine_mb']:.0f} MB", "", "", ""],
    ]
    out = [
        print_table(
            "A. Engine throughput",
            ["case", "median s", "ratio vs baseline", "target", "met"],
            rows,
            note=(
                f"{repeats} repeats, engine and loop interleaved (engine: {', '.join(fmt_s(x) for x in r['engine_s'])} "
                f"s; loop: {', '.join(fmt_s(x) for x in r['naive_scaled_s'])} s); the loop and the "
                f"engine agree on the 20,000-line slice: {r['naive_agrees']}. Lines in memory: {r['lines_mb']:.0f} MB; "
                f"line generation {r['generate_s']:.1f} s (untimed)."
            ),
        )
    ]
    if r.get("profile"):
        print("\ncProfile of one calculate_emissions call (tottime):\n" + r["profile"])
    return out


# -- B. read + validate one big template --------------------------------------------------------------


def template_lines(n: int, seed: int = SEED) -> list[dict]:
    lines, _, _ = generate_lines(n, seed)
    recs = []
    for rec in lines.to_dict(orient="records"):
        d = {k: rec[k] for k in ("site", "activity", "quantity", "unit", "quality")}
        if rec["own_factor"] == rec["own_factor"]:
            d.update(own_factor=rec["own_factor"], own_factor_source=rec["own_factor_source"])
        if rec["contract"]:
            d["contract"] = rec["contract"]
        recs.append(d)
    return recs


def bench_read(args, tmp: Path) -> list[str]:
    import openpyxl

    from paastolaskuri.accounting.calculation import calculate_emissions
    from paastolaskuri.footprint import compute_footprint
    from paastolaskuri.intake.reader import read_submission
    from paastolaskuri.intake.template import write_template
    from paastolaskuri.intake.validation import validate_against_factor_set

    repeats = 3 if args.quick else 7
    n = 5000
    print(f"\n[read] {n:,}-line template, {repeats} repeats …", flush=True)
    org = dict(
        partner_id="bench-oy",
        name="Benchmark Oy",
        sector="16101",
        employees_fte=40,
        floor_area_m2=5000,
        revenue_eur=9_000_000,
        year=YEAR,
        contact="bench@example.invalid",
    )
    path = tmp / "bench-5000.xlsx"
    t = time.perf_counter()
    write_template(path, organisation=org, lines=template_lines(n))
    write_s = time.perf_counter() - t

    t = time.perf_counter()
    fp = compute_footprint(path)
    cold = time.perf_counter() - t
    if not fp.ok or len(fp.emissions) == 0:
        raise RuntimeError(
            "the generated template did not pass: " + "; ".join(p.format("en") for p in fp.problems[:5])
        )
    lines_read = len(fp.submission.lines)

    def baseline():
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        k = 0
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                k += 1
        wb.close()
        return k

    times = {"base": [], "full": [], "read": [], "validate": [], "calc": []}
    for _ in range(repeats):  # interleaved: a noisy neighbour slows every case alike
        t = time.perf_counter()
        baseline()
        times["base"].append(time.perf_counter() - t)
        t = time.perf_counter()
        compute_footprint(path)
        times["full"].append(time.perf_counter() - t)
        t = time.perf_counter()
        sub = read_submission(path)
        times["read"].append(time.perf_counter() - t)
        t = time.perf_counter()
        validate_against_factor_set(sub, fp.factor_set)
        times["validate"].append(time.perf_counter() - t)
        t = time.perf_counter()
        calculate_emissions(sub.lines, fp.factor_set)
        times["calc"].append(time.perf_counter() - t)
    base = median(times["base"])
    full = median(times["full"])
    rows = [
        [
            "baseline: openpyxl load_workbook(read_only, data_only) + iterate every row",
            fmt_s(base),
            "1.00×",
            "",
            "",
        ],
        [
            f"compute_footprint (read, validate, factor-set checks, calculate) → {lines_read:,} lines",
            fmt_s(full),
            fmt_ratio(full / base),
            "≤ 3 s",
            "met" if full <= 3.0 else "NOT met",
        ],
        [
            "  read_submission alone",
            fmt_s(median(times["read"])),
            fmt_ratio(median(times["read"]) / base),
            "",
            "",
        ],
        [
            "  validate_against_factor_set alone",
            fmt_s(median(times["validate"])),
            fmt_ratio(median(times["validate"]) / base),
            "",
            "",
        ],
        [
            "  calculate_emissions alone",
            fmt_s(median(times["calc"])),
            fmt_ratio(median(times["calc"]) / base),
            "",
            "",
        ],
        ["compute_footprint, first call in the process (cold)", fmt_s(cold), fmt_ratio(cold / base), "", ""],
    ]
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        compute_footprint(path)
        prof.disable()
        print("\ncProfile of one compute_footprint call (tottime):")
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)
    return [
        print_table(
            "B. Read + validate a 5,000-line template",
            ["case", "median s", "ratio vs baseline", "target", "met"],
            rows,
            note=f"{repeats} repeats, interleaved. Template written by write_template in {write_s:.1f} s "
            f"({path.stat().st_size / 1024:.0f} KiB, untimed).",
        )
    ]


# -- C. the yearly run --------------------------------------------------------------------------------


def cli(*a) -> list[str]:
    return [str(BIN / "paastolaskuri"), *map(str, a)]


def read_manifest(ws: Path) -> dict:
    return json.loads((ws / "reports" / str(YEAR) / "run.json").read_text(encoding="utf-8"))


def statuses(manifest: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in manifest["partners"].values():
        out[p["status"]] = out.get(p["status"], 0) + 1
    return out


def edit_quantity(path: Path, factor: float) -> None:
    """Change the first activity line's quantity (Toiminta!C7) with openpyxl, as a partner would in Excel."""
    import openpyxl

    from paastolaskuri.intake.template_layout import ACTIVITY_COLUMNS, ACTIVITY_FIRST_ROW, SHEETS

    wb = openpyxl.load_workbook(path)
    ws = (
        wb[SHEETS["activities"]["fi"]]
        if SHEETS["activities"]["fi"] in wb.sheetnames
        else wb[SHEETS["activities"]["en"]]
    )
    letter = next(c.letter for c in ACTIVITY_COLUMNS if c.key == "quantity")
    cell = ws[f"{letter}{ACTIVITY_FIRST_ROW}"]
    cell.value = round(float(cell.value) * factor, 1)
    wb.save(path)


def baseline_notebook(ws: Path, partner_id: str | None, out_dir: Path) -> float:
    """(a) for one notebook: `papermill` then `jupyter nbconvert --to html --no-input`, as a user would script it."""
    env = bench_env()
    if partner_id is None:
        nb, name, params = NOTEBOOKS / "network_report.ipynb", "network", []
    else:
        nb, name, params = NOTEBOOKS / "partner_report.ipynb", partner_id, ["-p", "partner_id", partner_id]
    out = out_dir / f"{name}.ipynb"
    t = time.perf_counter()
    run_cmd(
        [
            str(BIN / "papermill"),
            str(nb),
            str(out),
            *params,
            "-p",
            "year",
            str(YEAR),
            "-p",
            "workspace",
            str(ws),
        ],
        timeout=600,
        cwd=ROOT,
        env=env,
    )
    run_cmd(
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)],
        timeout=600,
        cwd=ROOT,
        env=env,
    )
    return time.perf_counter() - t


def bench_run(args, tmp: Path) -> list[str]:
    full = not args.quick
    reps = 3 if full else 1
    n_partners = args.partners
    ws = tmp / "ws"
    env = bench_env()
    print(f"\n[run] demo workspace with {n_partners} partners for {YEAR} …", flush=True)
    run_cmd(cli("demo", "--workspace", ws, "--partners", n_partners, "--years", YEAR), timeout=600, env=env)
    run_args = ["run", "--workspace", ws, "--year", YEAR, "--no-progress"]
    tout = 1800
    notes = []
    templates = sorted((ws / "data" / "raw" / str(YEAR)).glob("*.xlsx"))
    out_dir = tmp / "baseline"
    out_dir.mkdir()

    # (b) the full forced run, with one slice of (a) after each repeat: the two see the same neighbours' load.
    # (a) covers every partner once (1 repeat) unless --baseline-partners samples fewer, or time runs short.
    b_times, a_each, a_network = [], [], None
    partner_ids: list[str] = []
    queue: list[str] = []
    last_slice = 0.0
    for i in range(reps):
        # another repeat costs about what the last one did; (c), (d) and the breakdown need ~3 minutes more
        if b_times and time_left() < b_times[-1] + last_slice + 180:
            notes.append(f"(b) stopped after {len(b_times)} repeats to stay within --max-minutes")
            break
        print(f"[run] (b) paastolaskuri run --force, repeat {i + 1}/{reps} …", flush=True)
        s, _ = run_cmd(cli(*run_args, "--force"), timeout=tout, env=env)
        b_times.append(s)
        man = read_manifest(ws)
        if statuses(man) != {"ok": n_partners} or man["network"].get("status") != "ok":
            notes.append(
                f"(b) did not render everything: {statuses(man)}, network {man['network'].get('status')}"
            )
        if i == 0:
            partner_ids = sorted(p["partner_id"] for p in man["partners"].values())
            n_base = args.baseline_partners or (len(partner_ids) if full else 4)
            queue = partner_ids[:: max(1, len(partner_ids) // n_base)][:n_base]
            b_render = [p["seconds"] for p in man["partners"].values()]
            b_network = man["network"].get("seconds", float("nan"))
        # this repeat's slice of (a)
        slice_n = -(-len(queue) // (reps - i))  # ceil: the rest spread over the repeats left
        print(
            f"[run] (a) papermill + nbconvert, one after another: {'network + ' if a_network is None else ''}"
            f"{slice_n} partners …",
            flush=True,
        )
        t_slice = time.perf_counter()
        if a_network is None:
            a_network = baseline_notebook(ws, None, out_dir)
        budget_end = time.perf_counter() + max(60.0, min(args.baseline_budget / reps, time_left() - 180))
        for _ in range(slice_n):
            if not queue or time.perf_counter() > budget_end:
                break
            a_each.append(baseline_notebook(ws, queue.pop(0), out_dir))
        last_slice = time.perf_counter() - t_slice
    shutil.rmtree(out_dir, ignore_errors=True)
    a_total = a_network + median(a_each) * len(partner_ids)
    a_complete = len(a_each) == len(partner_ids)
    if a_complete:
        a_total = a_network + sum(a_each)

    # (c) nothing changed
    c_times, c_ok = [], True
    reports = ws / "reports" / str(YEAR)
    before = {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file() and p.name != "run.json"}
    for i in range(reps):
        s, _ = run_cmd(cli(*run_args), timeout=tout, env=env)
        c_times.append(s)
        man = read_manifest(ws)
        st = statuses(man)
        if st != {"skipped": n_partners} or man["network"].get("status") != "skipped":
            c_ok = False
            reasons = sorted({p["reason"] for p in man["partners"].values() if p["reason"]})
            notes.append(
                f"(c) repeat {i + 1}: {st}, network {man['network'].get('status')}; reasons: {reasons}"
            )
    after = {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file() and p.name != "run.json"}
    touched = [p.name for p in after if before.get(p) != after[p]]
    if touched:
        c_ok = False
        notes.append(f"(c) rewrote report files: {touched[:5]}")

    # (d) one template changed
    target = templates[len(templates) // 2]
    d_times, d_over, d_ok = [], [], True
    for i in range(reps):
        edit_quantity(target, 1.1 + 0.05 * i)
        s, _ = run_cmd(cli(*run_args), timeout=tout, env=env)
        man = read_manifest(ws)
        st = statuses(man)
        rendered = [p["seconds"] for p in man["partners"].values() if p["status"] == "ok"]
        net = man["network"]
        if st != {"ok": 1, "skipped": n_partners - 1} or net.get("status") != "ok":
            d_ok = False
            notes.append(f"(d) repeat {i + 1}: {st}, network {net.get('status')}")
        d_times.append(s)
        d_over.append(s - sum(rendered) - net.get("seconds", 0.0))

    # the validation + calculation that (b) does and (a) does not: every template through compute_footprint
    from paastolaskuri.footprint import compute_footprint

    t = time.perf_counter()
    for path in templates:
        compute_footprint(path, workspace=ws)
    calc_s = time.perf_counter() - t

    b, c, d = median(b_times), median(c_times), median(d_times)
    overhead = median(d_over)
    a_label = (
        f"(a) papermill + nbconvert CLI, {len(partner_ids)} partners + network, one after another"
        if a_complete
        else f"(a) papermill + nbconvert CLI, network + {len(a_each)} partners timed, extrapolated to "
        f"{len(partner_ids)} partners + network"
    )
    rows = [
        [a_label, fmt_s(a_total), "1.00×", "", ""],
        [
            f"(b) paastolaskuri run --force ({n_partners} partners + network)",
            fmt_s(b),
            fmt_ratio(b / a_total),
            "≥ 3× faster than (a)",
            ("met" if a_total / b >= 3 else "NOT met") + f" ({a_total / b:.1f}× faster)",
        ],
        [
            "(c) paastolaskuri run, nothing changed",
            fmt_s(c),
            fmt_ratio(c / a_total),
            "< 1 s, no kernel",
            ("met" if c < 1.0 and c_ok else "NOT met") + ("" if c_ok else " (rendered!)"),
        ],
        [
            "(d) one template changed, paastolaskuri run",
            fmt_s(d),
            fmt_ratio(d / a_total),
            "≤ 1 partner + network report + 1 s",
            ("met" if overhead <= 1.0 and d_ok else "NOT met") + f" (overhead {overhead:.1f} s)",
        ],
    ]
    note = (
        f"Repeats: (a) 1, (b)-(d) {reps} each (b: {', '.join(fmt_s(x) for x in b_times)} s); (a) ran in "
        f"slices after each (b) repeat. (a) times the notebooks only (median {fmt_s(median(a_each))} s per "
        f"partner notebook, network {fmt_s(a_network)} s): data/processed was written by the first (b) run; "
        f"reading and calculating all {len(templates)} templates, which (b) includes, takes {calc_s:.1f} s. "
        f"(b) renders with --jobs {os.cpu_count()} (the default); in its first repeat the median partner "
        f"report took {median(b_render):.1f} s, the network report {b_network:.1f} s. (c) checks: run.json "
        f"says every partner and the network skipped, and no file under reports/ but run.json was rewritten: "
        f"{c_ok}. (d) edits Toiminta!C7 of {target.name} with openpyxl before each run; overhead = elapsed − "
        f"(the partner's + the network's render seconds from run.json), target ≤ 1 s; exactly one partner "
        f"rendered: {d_ok}."
    )
    if notes:
        note += "\nWarnings: " + " | ".join(notes)
    out = [
        print_table("C. The yearly run", ["case", "median s", "ratio vs (a)", "target", "met"], rows, note)
    ]
    out.append(bench_breakdown(args, ws, partner_ids[0]))
    return out


# -- C'. where one report's time goes -----------------------------------------------------------------


def breakdown_worker(payload: dict) -> dict:
    """In a fresh interpreter: kernel start, papermill execution, HTML export, the runner's render_notebook."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    res: dict = {}
    import nbformat
    import papermill
    from jupyter_client import KernelManager

    ws, pid, out = Path(payload["workspace"]), payload["partner_id"], Path(payload["out"])
    k_start, k_stop = [], []
    pm, exp_cold, exp_warm, write, render = [], [], [], [], []
    cells: dict[str, list[float]] = {}
    for i in range(payload["repeats"]):
        km = KernelManager(kernel_name="python3")
        t = time.perf_counter()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        k_start.append(time.perf_counter() - t)
        t = time.perf_counter()
        kc.stop_channels()
        km.shutdown_kernel()
        k_stop.append(time.perf_counter() - t)

        nb_out = out / f"pm{i}.ipynb"
        t = time.perf_counter()
        nb = papermill.execute_notebook(
            str(NOTEBOOKS / "partner_report.ipynb"),
            str(nb_out),
            parameters={"partner_id": pid, "year": YEAR, "workspace": str(ws)},
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            cwd=str(ws),
        )
        pm.append(time.perf_counter() - t)
        for cell in nb.cells:
            if cell.cell_type == "code":
                src = cell.source.strip().splitlines()[-1][:48]
                cells.setdefault(src, []).append(
                    float(cell.metadata.get("papermill", {}).get("duration") or 0.0)
                )

        from nbconvert import HTMLExporter

        t = time.perf_counter()
        exporter = HTMLExporter(
            template_name="lab",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            exclude_markdown=True,
        )
        exporter.from_notebook_node(nb, resources={"metadata": {"name": pid}})
        exp_cold.append(time.perf_counter() - t)
        t = time.perf_counter()
        exporter.from_notebook_node(nb, resources={"metadata": {"name": pid}})
        exp_warm.append(time.perf_counter() - t)
        t = time.perf_counter()
        nbformat.write(nb, str(out / f"w{i}.ipynb"))
        write.append(time.perf_counter() - t)

        from paastolaskuri.run.render import render_notebook

        job = {
            "key": pid,
            "notebook": str(NOTEBOOKS / "partner_report.ipynb"),
            "parameters": {"partner_id": pid, "year": YEAR, "workspace": str(ws), "lang": "fi"},
            "ipynb": str(out / f"r{i}.ipynb"),
            "html": str(out / f"r{i}.html"),
            "log": str(out / f"r{i}.log"),
            "timeout": 600,
            "cwd": str(ws),
            "title": pid,
        }
        t = time.perf_counter()
        r = render_notebook(job)
        render.append(time.perf_counter() - t)
        if not r["ok"]:
            raise RuntimeError(f"render_notebook failed: {r['error']}")
    res.update(
        kernel_start=k_start,
        kernel_stop=k_stop,
        papermill=pm,
        export_cold=exp_cold,
        export_warm=exp_warm,
        write=write,
        render=render,
        cells={k: median(v) for k, v in cells.items()},
    )
    return res


IMPORT_REPORT = (
    "import pandas, matplotlib; import paastolaskuri.reporting.reports; import matplotlib.figure, "
    "matplotlib.backends.backend_agg, IPython.display"
)
IMPORT_TOOLS = "import nbformat, papermill, nbconvert"
BLOCK_RFC = "import sys; sys.modules['rfc3987_syntax'] = None; "


def py_time(code: str, env: dict, prefix: str = "") -> tuple[float, float]:
    """(seconds inside a fresh interpreter for `code`, wall seconds of the whole process)."""
    wall, r = run_cmd(
        [
            sys.executable,
            "-c",
            f"{prefix}import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)",
        ],
        timeout=300,
        env=env,
    )
    return float(r.stdout.strip().splitlines()[-1]), wall


def bench_breakdown(args, ws: Path, partner_id: str) -> str:
    reps = 2 if args.quick else 3
    print(f"[run] where one report's time goes ({reps} repeats) …", flush=True)
    env = bench_env()
    t: dict[str, list[float]] = {}

    def add(key, value):
        t.setdefault(key, []).append(value)

    with tempfile.TemporaryDirectory(prefix="paastolaskuri-bench-nb-") as d:
        out = Path(d)
        for i in range(reps):
            add("startup", run_cmd([sys.executable, "-c", "pass"], timeout=120, env=env)[0])
            inside, wall = py_time(IMPORT_REPORT, env)
            add("imp_report", inside)
            add("imp_report_wall", wall)
            add("imp_tools", py_time(IMPORT_TOOLS, env)[0])
            add("imp_rfc", py_time("import rfc3987_syntax", env)[0])
            add("imp_tools_blocked", py_time(IMPORT_TOOLS, env, prefix=BLOCK_RFC)[0])
            nb_out = out / f"cli{i}.ipynb"
            add(
                "pm_cli",
                run_cmd(
                    [
                        str(BIN / "papermill"),
                        str(NOTEBOOKS / "partner_report.ipynb"),
                        str(nb_out),
                        "-p",
                        "partner_id",
                        partner_id,
                        "-p",
                        "year",
                        str(YEAR),
                        "-p",
                        "workspace",
                        str(ws),
                    ],
                    timeout=600,
                    cwd=ROOT,
                    env=env,
                )[0],
            )
            add(
                "nbc_cli",
                run_cmd(
                    [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(nb_out)],
                    timeout=600,
                    cwd=ROOT,
                    env=env,
                )[0],
            )
        r = worker(
            "breakdown",
            {"workspace": str(ws), "partner_id": partner_id, "out": d, "repeats": reps},
            timeout=1200,
        )
    m = {k: median(v) for k, v in t.items()}
    m.update({k: median(v) for k, v in r.items() if isinstance(v, list)})
    whole = m["pm_cli"] + m["nbc_cli"]

    def row(label, s, note=""):
        return [label, fmt_s(s), f"{100 * s / whole:.0f} %", note]

    pm_first, pm_warm = r["papermill"][0], median(r["papermill"][1:])
    rows = [
        row("one report the plain way: papermill CLI + jupyter nbconvert CLI", whole),
        row("  papermill CLI process (interpreter, imports, kernel, cells)", m["pm_cli"]),
        row("  jupyter nbconvert CLI process (interpreter, imports, export)", m["nbc_cli"]),
        row("python interpreter start (python -c pass)", m["startup"]),
        row(
            "import nbformat + papermill + nbconvert, fresh process",
            m["imp_tools"],
            "paid by each CLI, each run worker and the run's main process",
        ),
        row(
            "  of which import rfc3987_syntax alone (jsonschema's optional IRI checker)",
            m["imp_rfc"],
            "builds ~40 lark grammars at import",
        ),
        row("  the same imports with rfc3987_syntax blocked", m["imp_tools_blocked"], "proposed fix"),
        row(
            "import pandas + matplotlib + paastolaskuri.reporting.reports + IPython.display, fresh process",
            m["imp_report"],
            f"what every kernel imports; process wall {fmt_s(m['imp_report_wall'])} s",
        ),
        row("bare kernel: KernelManager.start_kernel + wait_for_ready", m["kernel_start"]),
        row("bare kernel: shutdown_kernel", m["kernel_stop"]),
        row("papermill.execute_notebook, first call in a fresh process", pm_first),
        row(
            "papermill.execute_notebook, again in the same process",
            pm_warm,
            "kernel start + cells + shutdown",
        ),
        *[row(f"    cell {k}", v) for k, v in sorted(r["cells"].items(), key=lambda kv: -kv[1])[:5]],
        row("HTMLExporter(template lab): new exporter + export", m["export_cold"]),
        row("HTMLExporter: export again with the same exporter", m["export_warm"]),
        row("nbformat.write of the executed notebook", m["write"]),
        row("runner's render_notebook(job) in a warm process (execute + strip + write + HTML)", m["render"]),
    ]
    return print_table(
        "C'. Where the time of one partner report goes",
        ["step", "median s", "share of plain way", "note"],
        rows,
        note=f"{reps} repeats; partner {partner_id}; 'fresh process' imports are timed inside the "
        "interpreter. Cells are the notebook's slowest, by papermill's own cell durations (the "
        "first cell imports the package inside the kernel).",
    )


def freeze_code(tmp: Path) -> str:
    """Benchmark a copy of the package, notebooks and factor sets taken now: an edit made in the working tree
    while the benchmark runs would otherwise change the code digest and make (c) and (d) rerender everything."""
    global NOTEBOOKS
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
    NOTEBOOKS = snap / "notebooks"
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
    DEADLINE[0] = started + 60 * (args.max_minutes or (6 if args.quick else 13))
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
