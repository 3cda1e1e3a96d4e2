"""The coordinator's yearly run, step by step.

Validate and calculate every partner in one process, then render the report notebooks in a process
pool, incrementally, fault-isolated, and atomically.

Reports of each language have their own paths (Workspace.language_dir) and their own fingerprints in
the manifest (run/manifest.py); what must run, and why, is decided in run/plan.py.

The steps of `run_year`, each given the run's `RunOptions` (run/options.py): 1. check and calculate
every template (here); 2. the processed data (run/year_data.py); 3. decide which reports run, each
as a `RenderJob` (here and run/network.py); 4. render them in a process pool (run/pool.py,
run/render.py); 5. the Excel summaries, the network report's record and the manifest.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from paastolaskuri.accounting.factors import pinned_set_path, set_digest
from paastolaskuri.core.errors import PaastolaskuriError
from paastolaskuri.core.i18n import text
from paastolaskuri.core.packaged import packaged
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.messages import Problem
from paastolaskuri.run import plan, pool
from paastolaskuri.run.manifest import (
    known_in_other_language,
    language_records,
    read_manifest,
    write_manifest,
)
from paastolaskuri.run.network import network_finish, network_plan
from paastolaskuri.run.options import DEFAULT_OPTIONS, RunOptions
from paastolaskuri.run.parameters import partner_parameters
from paastolaskuri.run.plan import Decision, code_digest, sha
from paastolaskuri.run.pool import render_all
from paastolaskuri.run.render import RenderJob
from paastolaskuri.run.year_data import write_processed

# pandas, openpyxl and the engine are imported only when a template must be read: a rerun with
# nothing changed never pays for them.

NOTEBOOKS = packaged("notebooks")
PARTNER_NOTEBOOK = NOTEBOOKS / "partner_report.ipynb"


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
    notes: list[str] = field(default_factory=list)  # commitment lines for the summary (located)

    @property
    def failed(self) -> list[PartnerRun]:
        """Partners whose template or report failed."""
        return [p for p in self.partners if p.status == "failed"]


def _add_problem(pr: PartnerRun, problem: Problem, lang: str) -> None:
    pr.messages.append(problem.as_dict(lang) | {"line": problem.format(lang)})


def _fail(pr: PartnerRun, lang: str) -> None:
    pr.status = "failed"
    pr.reason = text("run.checks_failed", lang)
    pr.decision = plan.failed_decision(pr.messages, lang)


def _compute(ws: Workspace, year: int, path: Path, options: RunOptions):
    """Read, check and calculate one template: (PartnerRun, Footprint, path)."""
    # imported when the step runs: a run where nothing changed starts without pandas or reporting
    from paastolaskuri.footprint import compute_footprint

    lang = options.lang
    rel = path.relative_to(ws.root).as_posix()
    pr = PartnerRun(file=rel)
    fp = compute_footprint(path, workspace=ws.root, gwp_set=options.gwp, display=rel)
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
        # recorded so that the next run knows this file unchanged (`renders_expected`): a template
        # that still fails must not start the render pool at every run
        pr.hashes = {"template": sha(path.read_bytes())}
    else:
        pr.total_market_kg = fp.totals["total_market"]
    return pr, fp, path


def _reusable(ws, year, path, key, prev, pinned_digest, options: RunOptions, history: str) -> bool:
    """A template whose bytes, factor set, code, parameters and history equal the last good run's is not opened."""
    hashes = (prev or {}).get("hashes", {})
    return bool(
        prev
        and prev.get("status") in ("ok", "skipped")
        and pinned_digest is not None
        and hashes.get("template") == sha(path.read_bytes())
        and hashes.get("factor_set") == pinned_digest
        and hashes.get("code") == code_digest()
        and hashes.get("params")
        == plan.params_hash(prev.get("partner_id"), year, ws, options.lang, options.gwp)
        # last year recomputed: this year's change split (processed, change.json) must be made again
        and hashes.get("history") == history
        and (ws.partner_processed_dir(year, key) / "totals.json").is_file()
    )


def _check_all(ws, year, previous: dict, options: RunOptions, pinned_digest) -> list[tuple]:
    """Step 1: every template checked and calculated (or its last good result reused); duplicates refused."""
    prev_by_file = {e.get("file"): (key, e) for key, e in previous.get("partners", {}).items()}
    entries = []
    for path in ws.templates(year):
        rel = path.relative_to(ws.root).as_posix()
        key, prev = prev_by_file.get(rel, ("", None))
        # the earlier years only (this year's processed files, rewritten below, are not in it): kept for step 3
        history = plan.history_digest(ws, key, year) if prev and key else ""
        if not options.force and _reusable(ws, year, path, key, prev, pinned_digest, options, history):
            pr = PartnerRun(
                file=rel,
                slug=key,
                partner_id=prev["partner_id"],
                factor_set=prev["factor_set"],
                messages=prev.get("messages", []),
                total_market_kg=prev.get("total_market_kg"),
                hashes={"history": history},
            )
            entries.append((pr, None, path))
        else:
            entries.append(_compute(ws, year, path, options))
    return _refuse_duplicates(ws, year, entries, options)


def _refuse_duplicates(ws, year, entries: list[tuple], options: RunOptions) -> list[tuple]:
    """Refuse every file of a partner ID used by two or more files (or IDs giving the same file name).

    Each gets an error naming the others: no partner report is made from a file that may be the wrong one.
    """
    lang = options.lang
    by_slug: dict[str, list[int]] = defaultdict(list)
    for i, (pr, _, _) in enumerate(entries):
        if pr.slug:
            by_slug[pr.slug].append(i)
    for indexes in by_slug.values():
        if len(indexes) < 2:
            continue
        for i in indexes:
            if entries[i][1] is None:  # reused unopened: open it to locate the message
                entries[i] = _compute(ws, year, entries[i][2], options)
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


def _partner_hashes(ws, year, slug: str, entry: tuple, pinned_digest, options: RunOptions) -> dict:
    """A partner report's input fingerprints, one hash per input (their order names what changed first)."""
    pr, fp, path = entry
    return {
        "template": sha(path.read_bytes()),
        "factor_set": fp.factor_set.digest if fp else pinned_digest,
        "notebook": sha(PARTNER_NOTEBOOK.read_bytes()),
        "code": code_digest(),
        "params": plan.params_hash(pr.partner_id, year, ws, options.lang, options.gwp),
        "history": pr.hashes.get("history") or plan.history_digest(ws, slug, year),
        "commitments": plan.commitments_digest(ws, pr.partner_id),
    }


def _plan_partners(
    ws, year, valid: dict, previous: dict, options: RunOptions, pinned_digest
) -> list[RenderJob]:
    """Step 3: decide, for every valid partner, whether its report in `lang` must be rendered and why."""
    lang, only = options.lang, options.only
    prev_lang = language_records(previous, lang).get("partners", {})
    jobs = []
    for slug, (pr, fp, path) in valid.items():
        pr.hashes = _partner_hashes(ws, year, slug, (pr, fp, path), pinned_digest, options)
        pr.input_hash = sha(*(pr.hashes[k].encode() for k in sorted(pr.hashes)))
        outputs = [ws.partner_report(year, slug, s, lang) for s in (".ipynb", ".html", ".xlsx")]
        prev = prev_lang.get(slug)
        pr.decision = plan.render_decision(
            prev,
            pr.hashes,
            all(o.exists() for o in outputs),
            force=options.force,
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
        jobs.append(
            RenderJob(
                key=slug,
                notebook=PARTNER_NOTEBOOK,
                parameters=partner_parameters(pr.partner_id, year, ws, lang),
                ipynb=outputs[0],
                html=outputs[1],
                log=ws.language_dir(year, lang) / "logs" / f"{slug}.log",
                timeout=options.timeout,
                cwd=ws.root,
                title=f"{pr.partner_id} {year}",
                prepare=(str(ws.root), year, pr.partner_id),
            )
        )
    return jobs


def _write_partner_excels(
    ws: Workspace, year: int, valid: dict, rendered: list[RenderJob], lang: str
) -> None:
    """Step 5: the Excel summary of every partner whose report was rendered (successfully) in this run."""
    keys = {job.key for job in rendered}
    for slug, (pr, _, _) in valid.items():
        if pr.status == "ok" and slug in keys:
            _write_partner_excel(ws, year, slug, lang)


def _write_partner_excel(ws: Workspace, year: int, slug: str, lang: str) -> None:
    """One partner's Excel summary from its processed data (pandas and openpyxl imported only when needed)."""
    # imported when the step runs: a run where nothing changed starts without pandas or reporting
    from paastolaskuri.reporting.excel_plans import partner_plans
    from paastolaskuri.reporting.excel_summary import write_partner_excel
    from paastolaskuri.reporting.processed import read_partner

    data = read_partner(ws, year, slug)
    plans = partner_plans(ws.root, data["totals"].get("partner_id") or slug, year)
    xlsx = ws.partner_report(year, slug, ".xlsx", lang)
    write_partner_excel(xlsx, data["totals"], data["emissions"], lang, plans=plans)


def _render_with_excels(
    ws: Workspace,
    year: int,
    valid: dict,
    jobs_list: list[RenderJob],
    options: RunOptions,
    extra,
    workers=None,
) -> dict | None:
    """Steps 4 and 5: render the reports, and each partner's Excel summary as soon as its report is done.

    The summaries are written while the pool renders the other reports (the run's own process would
    otherwise wait idle, then write them all one after another: ~4 s for 40 partners). Returns the network report's result (`extra`'s). A partner whose summary was not written during the
    rendering (a stand-in pool in tests does not call back) gets it afterwards.
    """
    written: set[str] = set()

    def on_done(job: RenderJob, res: dict) -> None:
        if res["ok"] and valid[job.key][0].status == "ok":
            _write_partner_excel(ws, year, job.key, options.lang)
            written.add(job.key)

    started = {"workers": workers} if workers is not None else {}  # only the real renderer gets them
    net_res = render_all(jobs_list, valid, year, options, extra=extra, on_done=on_done, **started)
    _write_partner_excels(ws, year, valid, [j for j in jobs_list if j.key not in written], options.lang)
    return net_res


def run_year(ws: Workspace, year: int, options: RunOptions = DEFAULT_OPTIONS) -> YearRun:
    """Check, calculate and report one year; with `options.dry_run`, only decide (result says what and why).

    The steps: check and calculate every template, write the processed data, decide which reports must
    run (run/plan.py), render them in a process pool (run/pool.py), write the partners' Excel summaries,
    finish the network report (run/network.py) and write the manifest (run/manifest.py). When reports
    are expected to render, the pool's workers start first and ready themselves meanwhile.
    """
    if not options.dry_run:
        _remove_stale_temporaries(ws, year)
    previous = read_manifest(ws.reports_dir(year) / "run.json")
    with _early_workers(ws, year, previous, options) as workers:
        return _run_year(ws, year, options, previous, workers)


def renders_expected(ws: Workspace, year: int, previous: dict, options: RunOptions) -> bool:
    """Whether this run will most likely render reports: `--force`, or a template new or changed since the last run.

    Decided from the templates' bytes alone, before they are read: a wrong guess only costs workers
    started for nothing, and a run where nothing changed starts none.
    """
    if options.dry_run:
        return False
    if options.force:
        return True
    recorded = {
        e.get("file"): (e.get("hashes") or {}).get("template") for e in previous.get("partners", {}).values()
    }
    return any(
        recorded.get(p.relative_to(ws.root).as_posix()) != sha(p.read_bytes()) for p in ws.templates(year)
    )


def _early_workers(ws: Workspace, year: int, previous: dict, options: RunOptions):
    """The render pool started now (a `with` block shuts it down), or a null context giving None."""
    # a stand-in renderer (the tests') renders nothing: no worker process is started for it
    if render_all is not pool.render_all or not renders_expected(ws, year, previous, options):
        return contextlib.nullcontext(None)
    return pool.start_workers(options.jobs, ws.root)


def _run_year(ws: Workspace, year: int, options: RunOptions, previous: dict, workers) -> YearRun:
    """`run_year`'s steps, with the render pool's `workers` when they were started early (else None)."""
    result = YearRun(year, options.lang)
    pinned_path = pinned_set_path(year, ws.root)
    pinned_digest = set_digest(pinned_path) if pinned_path else None
    entries = _check_all(ws, year, previous, options, pinned_digest)
    result.partners = [pr for pr, _, _ in entries]
    valid = {pr.slug: (pr, fp, path) for pr, fp, path in entries if pr.status != "failed"}
    result.valid = sorted(valid)
    if options.only:
        known = {p.partner_id for p in result.partners} | {p.slug for p in result.partners}
        unknown = [x for x in options.only if x not in known]
        if unknown:
            raise UnknownPartner(unknown, sorted({p.partner_id for p in result.partners if p.partner_id}))
    if not options.dry_run:
        write_processed(ws, year, result, valid, previous, options)
    jobs_list = _plan_partners(ws, year, valid, previous, options, pinned_digest)
    opened = sum(fp is not None for _, fp, _ in entries)
    net = network_plan(ws, year, result, previous, options, bool(valid), opened)
    if options.dry_run:
        return result
    net_res = _render_with_excels(ws, year, valid, jobs_list, options, net[0] if net else None, workers)
    if net:
        network_finish(ws, year, result, net[1], net_res, options)
    result.notes = _commitment_notes(ws, year, result, bool(opened or jobs_list or net), options.lang)
    write_manifest(ws, year, result, previous, options)
    return result


def _commitment_notes(ws: Workspace, year: int, result: YearRun, computed: bool, lang: str) -> list[str]:
    """Step 6: what the summary says of the commitments.

    data/commitments.csv's problems (an unknown partner ID, a bad row), and, when anything was computed
    or rendered, conflicts between a template and the file and years tracking could not restate.
    """
    # imported when the step runs: a run where nothing changed starts without pandas or reporting
    from paastolaskuri.commitments.sources import read_workspace_file

    ids = {p.partner_id for p in result.partners if p.partner_id}
    problems = list(read_workspace_file(ws, ids).problems)
    if computed:  # tracking reads every partner's years: only when something changed (pandas)
        # imported when the step runs: a run where nothing changed starts without pandas or reporting
        from paastolaskuri.commitments.store import tracking_problems
        from paastolaskuri.reporting.partner_results import stored_partner_tracking

        # the partners' tracking as the pool stored it this run (the others are tracked here)
        problems += tracking_problems(ws, year, ids, lambda pid: stored_partner_tracking(ws, pid, year))
    return [p.format(lang) for p in problems]


def _remove_stale_temporaries(ws: Workspace, year: int) -> None:
    """Temporary files a killed run left behind (never at a final name); safe under the workspace lock."""
    for folder in (ws.reports_dir(year), ws.processed_dir(year)):
        if folder.is_dir():
            for p in folder.rglob(".*.tmp*"):
                if p.is_file():
                    p.unlink()
