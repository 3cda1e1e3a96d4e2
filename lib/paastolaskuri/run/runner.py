"""The coordinator's yearly run, step by step.

Validate and calculate every partner in one process, then render the report notebooks in a process
pool, incrementally, fault-isolated, and atomically.

Reports of each language have their own paths (Workspace.language_dir) and their own fingerprints in
the manifest (run/manifest.py); what must run, and why, is decided in run/plan.py.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from paastolaskuri.accounting.factors import pinned_set_path, set_digest
from paastolaskuri.errors import PaastolaskuriError
from paastolaskuri.messages import Problem
from paastolaskuri.outputs import write_json
from paastolaskuri.run import plan
from paastolaskuri.run.manifest import (
    known_in_other_language,
    language_records,
    read_manifest,
    write_manifest,
)
from paastolaskuri.run.network import network_finish, network_plan
from paastolaskuri.run.parameters import partner_parameters
from paastolaskuri.run.plan import Decision, code_digest, sha
from paastolaskuri.run.pool import render_all
from paastolaskuri.workspace import REPOSITORY_ROOT, Workspace, partner_slug

# pandas, openpyxl and the engine are imported only when a template must be read: a rerun with
# nothing changed never pays for them.

NOTEBOOKS = REPOSITORY_ROOT / "notebooks"
PARTNER_NOTEBOOK = NOTEBOOKS / "partner_report.ipynb"
CHECKS_FAILED = ("tarkistus ei läpäissyt", "did not pass checks")


class UnknownPartner(PaastolaskuriError):
    """`--partner` named partners that have no template this year."""

    def __init__(self, unknown: list[str], known: list[str]):
        super().__init__(unknown)
        self.unknown, self.known = unknown, known


@dataclass
class PartnerRun:
    """One partner's template in this run: what was found, decided and done."""

    file: str
    slug: str = ""
    partner_id: str = ""
    name: str = ""
    status: str = "pending"  # ok, skipped, failed
    reason: str = ""
    decision: Decision | None = None
    messages: list[dict] = field(default_factory=list)
    hashes: dict = field(default_factory=dict)
    input_hash: str = ""
    factor_set: str = ""
    seconds: float = 0.0
    total_market_kg: float | None = None
    rendered_at: str | None = None
    duplicate: bool = False

    @property
    def key(self) -> str:
        """The manifest key and the name shown: the partner's slug, else (no usable or a shared ID) the file."""
        return self.file if self.duplicate or not self.slug else self.slug


@dataclass
class YearRun:
    """The outcome of one year's run."""

    year: int
    lang: str = "fi"
    partners: list[PartnerRun] = field(default_factory=list)
    network: dict = field(default_factory=dict)
    network_decision: Decision | None = None
    valid: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[PartnerRun]:
        """Partners whose template or report failed."""
        return [p for p in self.partners if p.status == "failed"]


def _add_problem(pr: PartnerRun, problem: Problem, lang: str) -> None:
    pr.messages.append(problem.as_dict(lang) | {"line": problem.format(lang)})


def _fail(pr: PartnerRun, lang: str) -> None:
    pr.status = "failed"
    pr.reason = CHECKS_FAILED[0 if lang == "fi" else 1]
    pr.decision = plan.failed_decision(pr.messages, lang)


def _compute(ws: Workspace, year: int, path: Path, lang: str, gwp: str):
    """Read, check and calculate one template: (PartnerRun, Footprint, path)."""
    from paastolaskuri.footprint import compute_footprint

    rel = path.relative_to(ws.root).as_posix()
    pr = PartnerRun(file=rel)
    fp = compute_footprint(path, workspace=ws.root, gwp_set=gwp, display=rel)
    org = fp.organisation or {}
    pr.partner_id, pr.name = str(org.get("partner_id") or ""), str(org.get("name") or "")
    sheet = fp.submission.sheets.get("organisation", "")
    if org.get("year") and int(org["year"]) != year:
        fp.submission.problems.append(
            Problem(rel, "year_mismatch", sheet, "", {"value": org["year"], "folder": f"data/raw/{year}"})
        )
    if pr.partner_id:
        pr.slug = partner_slug(pr.partner_id)
        if not pr.slug:
            fp.submission.problems.append(
                Problem(rel, "partner_id_invalid", sheet, "", {"value": pr.partner_id[:60]})
            )
    pr.messages = [p.as_dict(lang) | {"line": p.format(lang)} for p in fp.problems]
    pr.factor_set = fp.factor_set.name if fp.factor_set else ""
    if not fp.ok or fp.factor_set is None or not pr.slug:
        _fail(pr, lang)
    else:
        pr.total_market_kg = fp.totals["total_market"]
    return pr, fp, path


def _reusable(ws, year, path, key, prev, pinned_digest, lang, gwp) -> bool:
    """A template whose bytes, factor set, code and parameters equal the last good run's is not opened."""
    hashes = (prev or {}).get("hashes", {})
    return bool(
        prev
        and prev.get("status") in ("ok", "skipped")
        and pinned_digest is not None
        and hashes.get("template") == sha(path.read_bytes())
        and hashes.get("factor_set") == pinned_digest
        and hashes.get("code") == code_digest()
        and hashes.get("params") == plan.params_hash(prev.get("partner_id"), year, ws, lang, gwp)
        and (ws.partner_processed_dir(year, key) / "totals.json").is_file()
    )


def _check_all(ws, year, previous, lang, gwp, force, pinned_digest) -> list[tuple]:
    """Step 1: every template checked and calculated (or its last good result reused); duplicates refused."""
    prev_by_file = {e.get("file"): (key, e) for key, e in previous.get("partners", {}).items()}
    entries = []
    for path in ws.templates(year):
        rel = path.relative_to(ws.root).as_posix()
        key, prev = prev_by_file.get(rel, ("", None))
        if not force and _reusable(ws, year, path, key, prev, pinned_digest, lang, gwp):
            pr = PartnerRun(
                file=rel,
                slug=key,
                partner_id=prev["partner_id"],
                factor_set=prev["factor_set"],
                messages=prev.get("messages", []),
                total_market_kg=prev.get("total_market_kg"),
            )
            entries.append((pr, None, path))
        else:
            entries.append(_compute(ws, year, path, lang, gwp))
    return _refuse_duplicates(ws, year, entries, lang, gwp)


def _refuse_duplicates(ws, year, entries: list[tuple], lang: str, gwp: str) -> list[tuple]:
    """Refuse every file of a partner ID used by two or more files (or IDs giving the same file name).

    Each gets an error naming the others: no partner report is made from a file that may be the wrong one.
    """
    by_slug: dict[str, list[int]] = defaultdict(list)
    for i, (pr, _, _) in enumerate(entries):
        if pr.slug:
            by_slug[pr.slug].append(i)
    for indexes in by_slug.values():
        if len(indexes) < 2:
            continue
        for i in indexes:
            if entries[i][1] is None:  # reused unopened: open it to locate the message
                entries[i] = _compute(ws, year, entries[i][2], lang, gwp)
            pr, fp, _ = entries[i]
            others = ", ".join(entries[j][0].file for j in indexes if j != i)
            sheet = fp.submission.sheets.get("organisation", "")
            _add_problem(
                pr,
                Problem(
                    pr.file, "duplicate_partner", sheet, "", {"value": pr.partner_id[:60], "other": others}
                ),
                lang,
            )
            pr.duplicate = True
            _fail(pr, lang)
    return entries


def _year_status(ws, year, result) -> dict:
    registered = _registered(ws, year)
    present = {p.slug for p in result.partners if p.slug}
    return {
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


def _write_processed(ws, year, result, valid: dict, previous: dict, lang: str) -> list[dict]:
    """Step 2: derived data of every valid partner (failed ones keep whatever they had) and the year's tables."""
    from paastolaskuri.reporting.processed import write_partner

    rows = []
    for slug, (_, fp, _) in valid.items():
        if fp is not None:
            rows.append(write_partner(ws, year, slug, fp, lang))
        else:
            totals = ws.partner_processed_dir(year, slug) / "totals.json"
            rows.append(json.loads(totals.read_text(encoding="utf-8"))["summary"])
    status = _year_status(ws, year, result)
    d = ws.processed_dir(year)
    unchanged = (
        all(fp is None for _, fp, _ in valid.values())
        and read_manifest(d / "run_status.json") == status
        and sorted(r["slug"] for r in rows) == sorted(previous.get("valid", []))
        and all((d / n).is_file() for n in ("partners.csv", "emissions.csv", "network_stats.json"))
    )
    if not unchanged:
        from paastolaskuri.reporting.processed import write_year_tables

        write_json(d / "run_status.json", status)
        write_year_tables(ws, year, rows, lang)
    return rows


def _plan_partners(ws, year, valid, previous, lang, gwp, force, only, timeout, pinned_digest) -> list[dict]:
    """Step 3: decide, for every valid partner, whether its report in `lang` must be rendered and why."""
    prev_lang = language_records(previous, lang).get("partners", {})
    nb_hash = sha(PARTNER_NOTEBOOK.read_bytes())
    jobs = []
    for slug, (pr, fp, path) in valid.items():
        pr.hashes = {
            "template": sha(path.read_bytes()),
            "factor_set": fp.factor_set.digest if fp else pinned_digest,
            "notebook": nb_hash,
            "code": code_digest(),
            "params": plan.params_hash(pr.partner_id, year, ws, lang, gwp),
            "history": plan.history_digest(ws, slug, year),
            "commitments": plan.commitments_digest(ws, pr.partner_id),
        }
        pr.input_hash = sha(*(pr.hashes[k].encode() for k in sorted(pr.hashes)))
        outputs = [ws.partner_report(year, slug, s, lang) for s in (".ipynb", ".html", ".xlsx")]
        prev = prev_lang.get(slug)
        pr.decision = plan.render_decision(
            prev,
            pr.hashes,
            all(o.exists() for o in outputs),
            force=force,
            known_elsewhere=known_in_other_language(previous, lang, slug)
            or slug in previous.get("partners", {}),
            selected=not only or pr.partner_id in only or slug in only,
        )
        pr.reason = pr.decision.text(lang)
        if not pr.decision.run:
            pr.status = "skipped"
            ok_before = (prev or {}).get("status") in ("ok", "skipped")
            pr.seconds = prev.get("seconds", 0.0) if ok_before else 0.0
            pr.rendered_at = (prev or {}).get("rendered_at")
            continue
        params = partner_parameters(pr.partner_id, year, ws, lang)
        jobs.append(
            {
                "key": slug,
                "notebook": str(PARTNER_NOTEBOOK),
                "parameters": params,
                "ipynb": str(outputs[0]),
                "html": str(outputs[1]),
                "log": str(ws.language_dir(year, lang) / "logs" / f"{slug}.log"),
                "timeout": timeout,
                "cwd": str(ws.root),
                "title": f"{pr.partner_id} {year}",
            }
        )
    return jobs


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
) -> YearRun:
    """Check, calculate and report one year; with `dry_run`, only decide (result says what and why)."""
    result = YearRun(year, lang)
    if not dry_run:
        _remove_stale_temporaries(ws, year)
    previous = read_manifest(ws.reports_dir(year) / "run.json")
    pinned_path = pinned_set_path(year, ws.root)
    pinned_digest = set_digest(pinned_path) if pinned_path else None
    entries = _check_all(ws, year, previous, lang, gwp, force, pinned_digest)
    result.partners = [pr for pr, _, _ in entries]
    valid = {pr.slug: (pr, fp, path) for pr, fp, path in entries if pr.status != "failed"}
    result.valid = sorted(valid)
    if only:
        known = {p.partner_id for p in result.partners} | {p.slug for p in result.partners}
        unknown = [x for x in only if x not in known]
        if unknown:
            raise UnknownPartner(unknown, sorted({p.partner_id for p in result.partners if p.partner_id}))
    if not dry_run:
        _write_processed(ws, year, result, valid, previous, lang)
    jobs_list = _plan_partners(ws, year, valid, previous, lang, gwp, force, only, timeout, pinned_digest)
    opened = sum(fp is not None for _, fp, _ in entries)
    net = network_plan(
        ws, year, result, previous, lang, audience, timeout, force, bool(valid), dry_run, opened
    )
    if dry_run:
        return result
    net_res = render_all(jobs_list, valid, jobs, progress, year, extra=net[0] if net else None)
    for slug, (pr, _, _) in valid.items():
        if pr.status == "ok" and slug in {j["key"] for j in jobs_list}:
            from paastolaskuri.reporting.excel_summary import write_partner_excel
            from paastolaskuri.reporting.processed import read_partner

            data = read_partner(ws, year, slug)
            write_partner_excel(
                ws.partner_report(year, slug, ".xlsx", lang), data["totals"], data["emissions"], lang
            )
    if net:
        network_finish(ws, year, result, net[1], net_res, lang, audience)
    write_manifest(ws, year, result, previous, gwp, lang, audience)
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
