"""Suite B: read + validate one big template, against openpyxl's plain read."""

from __future__ import annotations

import time
from pathlib import Path

from bench_engine import generate_lines
from harness import (
    SEED,
    YEAR,
    fmt_ratio,
    fmt_s,
    median,
    print_table,
)


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
