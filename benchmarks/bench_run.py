"""Suite C: the yearly run (a-d) and a per-report time breakdown."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from harness import (
    BIN,
    ROOT,
    YEAR,
    bench_env,
    fmt_ratio,
    fmt_s,
    median,
    notebooks_dir,
    print_table,
    run_cmd,
    worker,
)


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
        nb, name, params = notebooks_dir() / "network_report.ipynb", "network", []
    else:
        nb, name, params = (
            notebooks_dir() / "partner_report.ipynb",
            partner_id,
            ["-p", "partner_id", partner_id],
        )
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
        if b_times and args.deadline.left() < b_times[-1] + last_slice + 180:
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
        budget_end = time.perf_counter() + max(
            60.0, min(args.baseline_budget / reps, args.deadline.left() - 180)
        )
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
            "≥ 10× faster than (a)",
            ("met" if a_total / b >= 10 else "NOT met") + f" ({a_total / b:.1f}× faster)",
        ],
        [
            "(c) paastolaskuri run, nothing changed",
            fmt_s(c),
            fmt_ratio(c / a_total),
            "< 0.5 s, no kernel",
            ("met" if c < 0.5 and c_ok else "NOT met") + ("" if c_ok else " (rendered!)"),
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
    text, m = bench_breakdown(args, ws, partner_ids[0])
    out.append(text)
    chk = bench_check(templates[0], reps=3 if args.quick else 7)
    n = len(partner_ids) + 1  # the partners and the network report
    out.append(
        targets_table(
            report=(m["render_warm"], m["render_cold"]),
            run=(b / n, a_total / n),
            rerun=(c, chk["startup"], c_ok),
            check=(chk["check"], chk["startup"], templates[0].name),
        )
    )
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
            str(notebooks_dir() / "partner_report.ipynb"),
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

        from paastolaskuri.run.render import RenderJob, render_notebook

        job = RenderJob(
            key=pid,
            notebook=notebooks_dir() / "partner_report.ipynb",
            parameters={"partner_id": pid, "year": YEAR, "workspace": str(ws), "lang": "fi"},
            ipynb=out / f"r{i}.ipynb",
            html=out / f"r{i}.html",
            log=out / f"r{i}.log",
            timeout=600,
            cwd=ws,
            title=pid,
            engine="nbclient",  # papermill's own engine: a new kernel for this notebook
        )
        t = time.perf_counter()
        r = render_notebook(job)
        render.append(time.perf_counter() - t)
        if not r["ok"]:
            raise RuntimeError(f"render_notebook failed: {r['error']}")
    res.update(warm_vs_cold(job, out, payload["repeats"]))
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


def warm_vs_cold(job, out: Path, repeats: int) -> dict:
    """The runner's render_notebook on this process's warm kernel and on a new kernel, interleaved.

    The first warm render starts the kernel (and its imports); the next ones are what a pool worker
    pays per report once warm. Each warm render is followed by a cold one of the same report, so that a
    busy neighbour slows both alike; the two HTML files of the last pair are compared byte for byte.
    """
    from dataclasses import replace

    from paastolaskuri.run.render import render_notebook

    def timed(engine: str, name: str) -> float:
        t = time.perf_counter()
        r = render_notebook(
            replace(
                job,
                engine=engine,
                ipynb=out / f"{name}.ipynb",
                html=out / f"{name}.html",
                log=out / f"{name}.log",
            )
        )
        if not r["ok"]:
            raise RuntimeError(f"render_notebook ({engine}) failed: {r['error']}")
        return time.perf_counter() - t

    first = timed("warm", "warm0")
    warm, cold = [], []
    for i in range(1, repeats + 2):
        warm.append(timed("warm", f"warm{i}"))
        cold.append(timed("nbclient", f"cold{i}"))
    last = repeats + 1
    same = (out / f"warm{last}.html").read_bytes() == (out / f"cold{last}.html").read_bytes()
    return {"render_warm_first": [first], "render_warm": warm, "render_cold": cold, "warm_html_same": same}


IMPORT_REPORT = (
    "import pandas, matplotlib; import paastolaskuri.report; import matplotlib.figure, "
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
                        str(notebooks_dir() / "partner_report.ipynb"),
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
            "import pandas + matplotlib + paastolaskuri.report + IPython.display, fresh process",
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
        row(
            "runner's render_notebook(job), papermill's engine (a new kernel), warm process",
            m["render"],
            "execute + strip + write + HTML",
        ),
        row(
            "runner's render_notebook(job), warm engine: a worker's first report",
            m["render_warm_first"],
            "kernel start and its imports included",
        ),
        row(
            "runner's render_notebook(job), warm engine: each next report",
            m["render_warm"],
            f"interleaved with a new-kernel render: {fmt_s(m['render_cold'])} s; same HTML: {r['warm_html_same']}",
        ),
    ]
    text = print_table(
        "C'. Where the time of one partner report goes",
        ["step", "median s", "share of plain way", "note"],
        rows,
        note=f"{reps} repeats; partner {partner_id}; 'fresh process' imports are timed inside the "
        "interpreter. Cells are the notebook's slowest, by papermill's own cell durations (the "
        "first cell imports the package inside the kernel).",
    )
    return text, m


# -- D. check as a whole process, and the targets of issue 20 --------------------------------------------


def bench_check(template: Path, reps: int) -> dict:
    """`paastolaskuri check TEMPLATE` as a whole process, interleaved with a bare interpreter start."""
    env = bench_env()
    print(f"[run] paastolaskuri check {template.name} as a whole process ({reps} repeats) …", flush=True)
    startup, check = [], []
    for _ in range(reps):
        startup.append(run_cmd([sys.executable, "-c", "pass"], timeout=120, env=env)[0])
        check.append(run_cmd(cli("check", template), timeout=300, env=env)[0])
    return {"startup": median(startup), "check": median(check), "check_all": check}


def targets_table(report, run, rerun, check) -> str:
    """The four targets of issue 20, each with its median and a baseline timed in the same run."""
    warm, cold = report
    b_each, a_each = run
    c, startup, c_ok = rerun
    chk, startup2, name = check

    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    rows = [
        [
            "one partner report: render_notebook on a warm worker (execute + ipynb + HTML)",
            fmt_s(warm),
            f"{fmt_ratio(warm / cold)} of a new-kernel render ({fmt_s(cold)} s)",
            "≤ 1.5 s",
            met(warm <= 1.5),
        ],
        [
            "run --force, wall seconds per report (b) / (partners + network)",
            fmt_s(b_each),
            f"{fmt_ratio(b_each / a_each)} of the plain CLIs' {fmt_s(a_each)} s ({a_each / b_each:.1f}× faster)",
            "≥ 10× faster",
            met(a_each / b_each >= 10),
        ],
        [
            "run with nothing changed (c), whole process",
            fmt_s(c),
            f"{fmt_ratio(c / startup)} of a bare `python -c pass` ({fmt_s(startup)} s)",
            "< 0.5 s, no kernel",
            met(c < 0.5 and c_ok),
        ],
        [
            f"paastolaskuri check {name}, whole process",
            fmt_s(chk),
            f"{fmt_ratio(chk / startup2)} of a bare `python -c pass` ({fmt_s(startup2)} s)",
            "< 1 s",
            met(chk < 1.0),
        ],
    ]
    return print_table(
        "D. The targets of issue 20",
        ["case", "median s", "ratio vs baseline", "target", "met"],
        rows,
        note="Report: medians from C′ (warm renders after the worker's first, each followed by a "
        "new-kernel render of the same report). Run: from C. Rerun: (c) from C; the interpreter start "
        "is timed with `check`, interleaved. The ratios are the figures to read on a shared machine.",
    )
