"""The coordinator's yearly run: validate and calculate every partner in one process, then render the
report notebooks in a process pool, incrementally, fault-isolated, and atomically.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from paastolaskuri import __version__
from paastolaskuri.accounting.factors import pinned_set_path, set_digest
from paastolaskuri.messages import Problem
from paastolaskuri.outputs import write_json
from paastolaskuri.run.render import render_notebook
from paastolaskuri.workspace import REPOSITORY_ROOT, Workspace, partner_slug

# pandas, openpyxl and the engine are imported only when a template must be read: a rerun with
# nothing changed never pays for them.

NOTEBOOKS = REPOSITORY_ROOT / "notebooks"
PARTNER_NOTEBOOK = NOTEBOOKS / "partner_report.ipynb"
NETWORK_NOTEBOOK = NOTEBOOKS / "network_report.ipynb"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
LOCK_NAME = ".paastolaskuri-run.lock"
EXIT_LOCKED = 3

TEXT = {
    "locked": (
        "Toinen ajo on käynnissä tässä työtilassa ({path}): odota sen valmistumista.",
        "Another run is in progress on this workspace ({path}): wait for it to finish.",
    ),
    "no_templates": ("Ei pohjia kansiossa {path}", "No templates in {path}"),
    "reports": (
        "Raportit: {network} ja {n} kumppanin raportit kansiossa {partners}",
        "Reports: {network} and {n} partner reports in {partners}",
    ),
    "would_run": ("ajettaisiin", "would run"),
    "would_skip": ("ohitettaisiin", "would skip"),
    "unknown_partner": (
        "Tuntematon kumppani: {ids}. Tämän vuoden kumppanit: {known}",
        "Unknown partner: {ids}. This year's partners: {known}",
    ),
    "failed_summary": ("{n} kumppania epäonnistui; katso {path}", "{n} partners failed; see {path}"),
}


def _t(key, lang, **kw):
    fi, en = TEXT[key]
    return (fi if lang == "fi" else en).format(**kw)


@contextlib.contextmanager
def workspace_lock(ws: Workspace):
    """An exclusive lock held for the whole run; the kernel releases it even after SIGKILL."""
    path = ws.root / LOCK_NAME
    fh = open(path, "a+")
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        fh.close()
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            raise RunLocked(str(path)) from None
        raise
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield
    finally:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()


class RunLocked(Exception):
    pass


class UnknownPartner(Exception):
    def __init__(self, unknown: list[str], known: list[str]):
        super().__init__(unknown)
        self.unknown, self.known = unknown, known


def _read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _sha(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


_CODE_DIGEST = None


def code_digest() -> str:
    """One hash of the package's code and catalogue: any change reruns every report."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        files = sorted(
            p for p in PACKAGE_DIR.rglob("*") if p.suffix in (".py", ".csv") and "__pycache__" not in p.parts
        )
        _CODE_DIGEST = _sha(*(p.relative_to(PACKAGE_DIR).as_posix().encode() + p.read_bytes() for p in files))
    return _CODE_DIGEST


@dataclass
class PartnerRun:
    file: str
    slug: str = ""
    partner_id: str = ""
    name: str = ""
    status: str = "pending"  # ok, skipped, failed
    reason: str = ""
    messages: list[dict] = field(default_factory=list)
    hashes: dict = field(default_factory=dict)
    input_hash: str = ""
    factor_set: str = ""
    seconds: float = 0.0
    total_market_kg: float | None = None


@dataclass
class YearRun:
    year: int
    partners: list[PartnerRun] = field(default_factory=list)
    network: dict = field(default_factory=dict)
    valid: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[PartnerRun]:
        return [p for p in self.partners if p.status == "failed"]


def _history_digest(ws: Workspace, slug: str, year: int) -> bytes:
    parts = []
    for y in ws.processed_years():
        if y < year:
            f = ws.partner_processed_dir(y, slug) / "totals.json"
            if f.is_file():
                parts.append(f.read_bytes())
    return b"".join(parts)


def _reason(prev: dict | None, hashes: dict, outputs_exist: bool, force: bool, lang: str) -> str:
    fi = lang == "fi"
    if force:
        return "pakotettu (--force)" if fi else "forced (--force)"
    if not prev:
        return "uusi" if fi else "new"
    if prev.get("status") not in ("ok", "skipped"):
        return "edellinen ajo epäonnistui" if fi else "previous run failed"
    if not outputs_exist:
        return "raportti puuttuu" if fi else "report missing"
    changed = [k for k, v in hashes.items() if prev.get("hashes", {}).get(k) != v]
    if not changed:
        return ""
    names = {
        "template": ("pohja muuttui", "template changed"),
        "factor_set": ("kerroinsarja muuttui", "factor set changed"),
        "notebook": ("muistikirja muuttui", "notebook changed"),
        "code": ("ohjelmakoodi muuttui", "code changed"),
        "params": ("parametrit muuttuivat", "parameters changed"),
        "history": ("aiemmat vuodet muuttuivat", "earlier years changed"),
    }
    return ", ".join(names[k][0 if fi else 1] for k in changed)


def run_year(
    ws: Workspace,
    year: int,
    *,
    lang: str = "fi",
    gwp: str = "AR5",
    jobs: int = 1,
    force: bool = False,
    only: list[str] | None = None,
    dry_run: bool = False,
    audience: str = "coordinator",
    timeout: int = 600,
    progress: bool = True,
    out=sys.stdout,
) -> YearRun:
    result = YearRun(year)
    reports = ws.reports_dir(year)
    if not dry_run:
        _remove_stale_temporaries(ws, year)
    manifest_path = reports / "run.json"
    previous = _read_json(manifest_path) or {}
    prev_partners = previous.get("partners", {})
    templates = ws.templates(year)
    if not templates:
        print(_t("no_templates", lang, path=ws.raw_dir(year)), file=out)
        return result

    # 1. validate and calculate everyone, in this process (a template whose bytes, factor set, code and
    #    parameters equal the last good run's is not even opened: its processed files stand)
    pinned_path = pinned_set_path(year, ws.root)
    pinned_digest = set_digest(pinned_path) if pinned_path else None
    params_hash = lambda pid: _sha(
        json.dumps(
            {
                "partner_id": pid,
                "year": year,
                "workspace": str(ws.root),
                "lang": lang,
                "gwp": gwp,
            },
            sort_keys=True,
        ).encode()
    )
    prev_by_file = {e.get("file"): (slug, e) for slug, e in prev_partners.items()}
    computed, reused = {}, {}
    seen_slugs: dict[str, str] = {}
    for path in templates:
        rel = path.relative_to(ws.root).as_posix()
        template_hash = _sha(path.read_bytes())
        slug, prev = prev_by_file.get(rel, ("", None))
        if (
            not force
            and prev
            and prev.get("status") in ("ok", "skipped")
            and pinned_digest is not None
            and prev.get("hashes", {}).get("template") == template_hash
            and prev.get("hashes", {}).get("factor_set") == pinned_digest
            and prev.get("hashes", {}).get("code") == code_digest()
            and prev.get("hashes", {}).get("params") == params_hash(prev.get("partner_id"))
            and slug not in seen_slugs
            and (ws.partner_processed_dir(year, slug) / "totals.json").is_file()
        ):
            pr = PartnerRun(
                file=rel,
                slug=slug,
                partner_id=prev["partner_id"],
                factor_set=prev["factor_set"],
                messages=prev.get("messages", []),
                total_market_kg=prev.get("total_market_kg"),
            )
            seen_slugs[slug] = rel
            reused[slug] = (pr, None, path)
            result.partners.append(pr)
            continue
        from paastolaskuri.footprint import compute_footprint

        pr = PartnerRun(file=rel)
        fp = compute_footprint(path, workspace=ws.root, gwp_set=gwp, display=rel)
        org = fp.organisation or {}
        pr.partner_id = str(org.get("partner_id") or "")
        pr.name = str(org.get("name") or "")
        extra: list[Problem] = []
        if org.get("year") and int(org["year"]) != year:
            extra.append(
                Problem(
                    rel,
                    "year_mismatch",
                    fp.submission.sheets.get("organisation", ""),
                    "",
                    {"value": org["year"], "folder": f"data/raw/{year}"},
                )
            )
        if pr.partner_id:
            pr.slug = partner_slug(pr.partner_id)
            if not pr.slug:
                extra.append(
                    Problem(
                        rel,
                        "partner_id_invalid",
                        fp.submission.sheets.get("organisation", ""),
                        "",
                        {"value": pr.partner_id[:60]},
                    )
                )
            elif pr.slug in seen_slugs:
                extra.append(
                    Problem(
                        rel,
                        "duplicate_partner",
                        fp.submission.sheets.get("organisation", ""),
                        "",
                        {"value": pr.partner_id[:60], "other": seen_slugs[pr.slug]},
                    )
                )
        fp.submission.problems.extend(extra)
        pr.messages = [p.as_dict(lang) | {"line": p.format(lang)} for p in fp.problems]
        pr.factor_set = fp.factor_set.name if fp.factor_set else ""
        if not fp.ok or fp.factor_set is None or not pr.slug:
            pr.status = "failed"
            pr.reason = "tarkistus ei läpäissyt" if lang == "fi" else "did not pass checks"
            result.partners.append(pr)
            continue
        seen_slugs[pr.slug] = rel
        pr.total_market_kg = fp.totals["total_market"]
        computed[pr.slug] = (pr, fp, path)
        result.partners.append(pr)

    # 2. derived data of every valid partner (failed ones keep whatever they had)
    rows = []
    if not dry_run:
        for slug, (pr, fp, path) in computed.items():
            from paastolaskuri.reporting.processed import write_partner

            rows.append(write_partner(ws, year, slug, fp, lang))
        for slug in reused:
            rows.append(_read_json(ws.partner_processed_dir(year, slug) / "totals.json")["summary"])
        registered = _registered(ws, year)
        present = {p.slug for p in result.partners if p.slug}
        status = {
            "registered": len(registered | present),
            "failed": [
                {
                    "partner": p.partner_id or Path(p.file).name,
                    "file": p.file,
                    "messages": [m["line"] for m in p.messages if m["severity"] == "error"],
                }
                for p in result.failed
            ],
            "missing": sorted(registered - present),
        }
        d = ws.processed_dir(year)
        unchanged = (
            not computed
            and _read_json(d / "run_status.json") == status
            and sorted(r["slug"] for r in rows) == sorted(previous.get("valid", []))
            and all((d / n).is_file() for n in ("partners.csv", "emissions.csv", "network_stats.json"))
        )
        if not unchanged:
            from paastolaskuri.reporting.processed import write_year_tables

            write_json(d / "run_status.json", status)
            write_year_tables(ws, year, rows, lang)
    computed_all = {**reused, **computed}
    result.valid = sorted(computed_all)

    if only:
        known = {p.partner_id for p in result.partners} | {p.slug for p in result.partners}
        unknown = [x for x in only if x not in known]
        if unknown:
            raise UnknownPartner(unknown, sorted(p.partner_id for p in result.partners if p.partner_id))

    # 3. which partner reports must be rendered
    nb_bytes = PARTNER_NOTEBOOK.read_bytes()
    jobs_list = []
    for slug, (pr, fp, path) in computed_all.items():
        params = {"partner_id": pr.partner_id, "year": year, "workspace": str(ws.root), "lang": lang}
        pr.hashes = {
            "template": _sha(path.read_bytes()),
            "factor_set": fp.factor_set.digest if fp else pinned_digest,
            "notebook": _sha(nb_bytes),
            "code": code_digest(),
            "params": params_hash(pr.partner_id),
            "history": _sha(_history_digest(ws, slug, year)),
        }
        pr.input_hash = _sha(*(pr.hashes[k].encode() for k in sorted(pr.hashes)))
        outputs = [ws.partner_report(year, slug, s) for s in (".ipynb", ".html", ".xlsx")]
        reason = _reason(prev_partners.get(slug), pr.hashes, all(o.exists() for o in outputs), force, lang)
        if only and pr.partner_id not in only and slug not in only:
            reason = ""
        if reason:
            pr.reason = reason
            jobs_list.append(
                {
                    "key": slug,
                    "notebook": str(PARTNER_NOTEBOOK),
                    "parameters": params,
                    "ipynb": str(outputs[0]),
                    "html": str(outputs[1]),
                    "log": str(reports / "logs" / f"{slug}.log"),
                    "timeout": timeout,
                    "cwd": str(ws.root),
                    "title": f"{pr.partner_id} {year}",
                }
            )
        else:
            pr.status = "skipped"
            prev = prev_partners.get(slug, {})
            pr.seconds = prev.get("seconds", 0.0) if prev.get("status") in ("ok", "skipped") else 0.0

    if dry_run:
        for pr in result.partners:
            action = (
                _t("would_skip", lang)
                if pr.status == "skipped"
                else (pr.status if pr.status == "failed" else _t("would_run", lang))
            )
            print(
                f"{year} {pr.slug or pr.file}: {action}" + (f" ({pr.reason})" if pr.reason else ""), file=out
            )
        net = "verkosto" if lang == "fi" else "network"
        if jobs_list:
            print(f"{year} {net}: {_t('would_run', lang)}", file=out)
        else:
            print(
                f"{year} {net}: {_t('would_run', lang)} "
                + ("(jos verkostotiedot muuttuivat)" if lang == "fi" else "(if the network data changed)"),
                file=out,
            )
        return result

    # 4. render in a process pool; the network report's inputs are final since step 2, so it renders
    #    alongside the partner reports (submitted first: it is the longest)
    net = _network_job(ws, year, result, previous, lang, audience, timeout, force, rows)
    net_res = _render(jobs_list, computed_all, jobs, progress, lang, year, out, extra=net[0] if net else None)
    for slug, (pr, fp, path) in computed_all.items():
        if pr.status == "ok" and slug in {j["key"] for j in jobs_list}:
            from paastolaskuri.reporting.excel_summary import write_partner_excel
            from paastolaskuri.reporting.processed import read_partner

            data = read_partner(ws, year, slug)
            write_partner_excel(
                ws.partner_report(year, slug, ".xlsx"), data["totals"], data["emissions"], lang
            )

    # 5. the network report's Excel summary, when it was rendered
    if net:
        _network_finish(ws, year, result, net[1], net_res, lang, audience)
    _write_manifest(ws, year, result, previous, gwp, lang, audience)
    return result


def _remove_stale_temporaries(ws: Workspace, year: int) -> None:
    """Temporary files a killed run left behind (never at a final name); safe under the workspace lock."""
    for folder in (ws.reports_dir(year), ws.processed_dir(year)):
        if folder.is_dir():
            for p in folder.rglob(".*.tmp*"):
                if p.is_file():
                    p.unlink()


def _registered(ws: Workspace, year: int) -> set[str]:
    """Partners seen in this workspace before `year` (data/partners.csv, when present, lists them instead)."""
    registry = ws.root / "data" / "partners.csv"
    if registry.is_file():
        return {partner_slug(r["partner_id"]) for r in _csv_rows(registry) if r.get("partner_id")}
    slugs = set()
    for y in ws.processed_years():
        if y < year:
            slugs |= {r["slug"] for r in _csv_rows(ws.processed_dir(y) / "partners.csv") if r.get("slug")}
    return slugs


def _csv_rows(path: Path) -> list[dict]:
    import csv

    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _render(jobs_list, computed, jobs, progress, lang, year, out, extra=None):
    """Render the partner jobs (and `extra`, the network job) in a pool; returns `extra`'s result."""
    if not jobs_list and extra is None:
        return None
    extra_res = None
    from tqdm import tqdm

    counts = {"ok": 0, "failed": 0}
    skipped = sum(1 for pr, _, _ in computed.values() if pr.status == "skipped")
    bar = tqdm(
        total=len(jobs_list),
        disable=not progress,
        unit="report",
        file=sys.stderr,
        desc=f"{year}",
        dynamic_ncols=True,
    )
    ctx = multiprocessing.get_context("forkserver" if sys.platform != "darwin" else "spawn")
    all_jobs = ([extra] if extra is not None else []) + jobs_list
    workers = max(1, min(jobs, len(all_jobs)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = {pool.submit(render_notebook, job): job for job in all_jobs}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:
                res = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "seconds": 0.0}
            if job is extra:
                extra_res = res
                continue
            pr = computed[job["key"]][0]
            pr.seconds = res["seconds"]
            if res["ok"]:
                pr.status = "ok"
                counts["ok"] += 1
            else:
                pr.status = "failed"
                pr.messages.append(
                    {
                        "severity": "error",
                        "code": "notebook_failed",
                        "message": res["error"],
                        "line": f"{pr.file}: {res['error']}",
                        "file": pr.file,
                        "sheet": "",
                        "cell": "",
                    }
                )
                counts["failed"] += 1
            bar.set_postfix_str(
                f"{pr.slug} · ok {counts['ok']} · skipped {skipped} · failed {counts['failed']}"
            )
            bar.update(1)
    bar.close()
    return extra_res


def _network_job(ws, year, result, previous, lang, audience, timeout, force, rows):
    """(job, digest) when the network report must be rendered; else None (result.network says why)."""
    reports = ws.reports_dir(year)
    d = ws.processed_dir(year)
    suffix = "" if audience == "coordinator" else f"-{audience}"
    ipynb, html_path, xlsx = (
        reports / f"network{suffix}.ipynb",
        reports / f"network{suffix}.html",
        reports / f"network{suffix}.xlsx",
    )
    if not rows:
        result.network = {"status": "skipped", "reason": "no partners"}
        return None
    params = {"year": year, "workspace": str(ws.root), "lang": lang, "audience": audience}
    # the parameters are written into the notebook: the workspace path belongs in the digest, as for partners
    parts = [
        NETWORK_NOTEBOOK.read_bytes(),
        code_digest().encode(),
        json.dumps(params, sort_keys=True).encode(),
    ]
    for y in ws.processed_years():
        if y <= year:
            for name in ("partners.csv", "emissions.csv", "run_status.json"):
                f = ws.processed_dir(y) / name
                parts.append(f.read_bytes() if f.is_file() else b"")
    digest = _sha(*parts)
    prev = previous.get(_network_key(audience), {})
    if (
        not force
        and prev.get("status") in ("ok", "skipped")
        and prev.get("input_hash") == digest
        and all(p.exists() for p in (ipynb, html_path, xlsx))
    ):
        result.network = dict(prev, status="skipped")
        return None
    job = {
        "key": "network",
        "notebook": str(NETWORK_NOTEBOOK),
        "parameters": params,
        "ipynb": str(ipynb),
        "html": str(html_path),
        "log": str(reports / "logs" / f"network{suffix}.log"),
        "timeout": timeout,
        "cwd": str(ws.root),
        "title": f"network {year}",
    }
    return job, digest


def _network_finish(ws, year, result, digest, res, lang, audience) -> None:
    d = ws.processed_dir(year)
    suffix = "" if audience == "coordinator" else f"-{audience}"
    xlsx = ws.reports_dir(year) / f"network{suffix}.xlsx"
    res = res or {"ok": False, "error": "not rendered", "seconds": 0.0}
    if res["ok"]:
        import pandas as pd

        from paastolaskuri.reporting.excel_summary import write_network_excel

        partners = pd.read_csv(d / "partners.csv", dtype={"sector": str, "section": str})
        emissions = pd.read_csv(d / "emissions.csv")
        write_network_excel(xlsx, partners, emissions, audience == "public", lang)
    result.network = {
        "status": "ok" if res["ok"] else "failed",
        "input_hash": digest,
        "seconds": res["seconds"],
        "error": res["error"],
        "audience": audience,
    }


def _network_key(audience: str) -> str:
    return "network" if audience == "coordinator" else f"network_{audience}"


def _write_manifest(ws, year, result, previous, gwp, lang, audience) -> None:
    partners = {}
    for pr in result.partners:
        key = pr.slug or pr.file
        prev = previous.get("partners", {}).get(key, {})
        entry = {
            "file": pr.file,
            "partner_id": pr.partner_id,
            "status": pr.status,
            "reason": pr.reason,
            "seconds": pr.seconds,
            "input_hash": pr.input_hash,
            "hashes": pr.hashes,
            "factor_set": pr.factor_set,
            "total_market_kg": pr.total_market_kg,
            "messages": pr.messages,
        }
        if pr.status == "skipped":
            entry["last_success"] = prev.get("last_success")
        elif pr.status == "ok":
            entry["last_success"] = pr.input_hash
        partners[key] = entry
    manifest = {
        "year": year,
        "paastolaskuri": __version__,
        "gwp_set": gwp,
        "lang": lang,
        "audience": audience,
        "partners": partners,
        "valid": result.valid,
    }
    for key in ("network", "network_public"):  # the other audience's report keeps its record
        if key in previous:
            manifest[key] = previous[key]
    manifest[_network_key(audience)] = result.network
    write_json(ws.reports_dir(year) / "run.json", manifest)


STATUS_FI = {"ok": "valmis", "skipped": "ohitettu", "failed": "epäonnistui", "pending": "odottaa"}


def _status(status: str, lang: str) -> str:
    return STATUS_FI.get(status, status) if lang == "fi" else status


def print_summary(results: list[YearRun], lang: str, out=sys.stdout) -> None:
    from paastolaskuri.reporting.presentation import fmt_number

    head = (
        ("vuosi", "kumppani", "tila", "s", "t CO2e", "viestit")
        if lang == "fi"
        else ("year", "partner", "status", "s", "t CO2e", "messages")
    )
    rows = []
    for yr in results:
        for p in sorted(yr.partners, key=lambda p: p.slug or p.file):
            errors = [m for m in p.messages if m["severity"] == "error"]
            rows.append(
                (
                    str(yr.year),
                    p.slug or p.file,
                    _status(p.status, lang),
                    f"{p.seconds:.1f}" if p.status != "skipped" else "–",
                    fmt_number(p.total_market_kg / 1000, lang, 1) if p.total_market_kg is not None else "–",
                    str(len(errors)) if errors else "",
                )
            )
        if yr.network:
            status = yr.network.get("status", "")
            rows.append(
                (
                    str(yr.year),
                    "network" if lang == "en" else "verkosto",
                    _status(status, lang),
                    f"{yr.network.get('seconds', 0):.1f}" if status != "skipped" else "–",
                    "",
                    "",
                )
            )
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)), file=out)
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)), file=out)
    for yr in results:
        for p in yr.failed:
            for m in p.messages:
                if m["severity"] == "error":
                    print(m["line"], file=out)


def run_cli(args) -> int:
    ws = Workspace.at(args.workspace)
    if args.all_years:
        years = ws.years()
    elif args.year:
        years = sorted(set(args.year))
    else:
        years = ws.years()[-1:]
    if not years:
        print(_t("no_templates", args.lang, path=ws.root / "data" / "raw"), file=sys.stderr)
        return 1
    try:
        with workspace_lock(ws):
            results = [
                run_year(
                    ws,
                    y,
                    lang=args.lang,
                    gwp=args.gwp.upper(),
                    jobs=args.jobs,
                    force=args.force,
                    only=args.partner,
                    dry_run=args.dry_run,
                    audience=args.audience,
                    timeout=args.timeout,
                    progress=not args.no_progress and sys.stderr.isatty(),
                )
                for y in years
            ]
    except RunLocked as exc:
        print(_t("locked", args.lang, path=exc), file=sys.stderr)
        return EXIT_LOCKED
    except UnknownPartner as exc:
        print(
            _t("unknown_partner", args.lang, ids=", ".join(exc.unknown), known=", ".join(exc.known)),
            file=sys.stderr,
        )
        return 2
    if args.dry_run:
        return 0
    print_summary(results, args.lang)
    for yr in results:
        d = ws.reports_dir(yr.year)
        suffix = "" if args.audience == "coordinator" else f"-{args.audience}"
        n = len([p for p in yr.partners if p.status in ("ok", "skipped")])
        print(_t("reports", args.lang, network=d / f"network{suffix}.html", partners=d / "partners", n=n))
    failed = sum(len(r.failed) for r in results) + sum(r.network.get("status") == "failed" for r in results)
    return 1 if failed else 0
