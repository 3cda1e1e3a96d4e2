"""Suite A: engine throughput (lines per second) against a naive row-by-row engine."""

from __future__ import annotations

import time

from harness import (
    FACTOR_SET,
    SEED,
    fmt_ratio,
    fmt_s,
    median,
    print_table,
    rss_mb,
    worker,
)

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
    computable = set(zip(coef["activity"], coef["unit"], strict=False))
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
            f"baseline: per-line Python loop (20,000 lines, scaled ×{args.lines // 20_000})",
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
