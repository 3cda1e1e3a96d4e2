"""The network report in a run.

Its input fingerprints, whether (and why) it must be rendered, and afterwards its Excel summary and
its record for the manifest.
"""

from __future__ import annotations

import json

from paastolaskuri.core.packaged import packaged
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.run import plan
from paastolaskuri.run.manifest import known_in_other_language, language_records, network_key, relative
from paastolaskuri.run.options import RunOptions
from paastolaskuri.run.parameters import network_parameters
from paastolaskuri.run.plan import Decision, code_digest, commitments_digest, sha
from paastolaskuri.run.render import RenderJob

NETWORK_NOTEBOOK = packaged("notebooks", "network_report.ipynb")


def _network_hashes(ws: Workspace, year: int, params: dict) -> dict:
    """The network report's input fingerprints (the parameters name the workspace, as for partners)."""
    data = []
    for y in ws.processed_years():
        if y <= year:
            for name in ("partners.csv", "emissions.csv", "run_status.json"):
                f = ws.processed_dir(y) / name
                data.append(f.read_bytes() if f.is_file() else b"")
    return {
        "notebook": sha(NETWORK_NOTEBOOK.read_bytes()),
        "code": code_digest(),
        "params": sha(json.dumps(params, sort_keys=True).encode()),
        "network_data": sha(*data),
        "commitments": commitments_digest(ws),
    }


def network_plan(
    ws: Workspace, year: int, result, previous: dict, options: RunOptions, any_valid: bool, opened: int
) -> tuple[RenderJob, dict] | None:
    """(job, hashes) when the network report must be rendered; else None. result.network_decision says why.

    `any_valid`: some partner passed the checks; `opened`: how many templates this run read (in a dry
    run their processed data are not rewritten, so the network report is then only said to maybe run).
    """
    lang, audience = options.lang, options.audience
    key = network_key(audience)
    if not any_valid:
        result.network_decision = Decision(False, ("no_partners",))
        result.network = {"status": "skipped", "reason": result.network_decision.text(lang)}
        return None
    if options.dry_run and opened:  # the processed data are not rewritten in a dry run: say when it would run
        result.network_decision = Decision(True, ("network_maybe",), {"n": opened})
        return None
    params = network_parameters(year, ws, lang, audience)
    hashes = _network_hashes(ws, year, params)
    prev = language_records(previous, lang).get(key)
    outputs = [ws.network_report(year, s, audience, lang) for s in (".ipynb", ".html", ".xlsx")]
    decision = plan.render_decision(
        prev,
        hashes,
        all(p.exists() for p in outputs),
        force=options.force,
        known_elsewhere=known_in_other_language(previous, lang, key),
    )
    result.network_decision = decision
    if not decision.run:
        result.network = dict(prev or {}, status="skipped", reason=decision.text(lang))
        return None
    job = RenderJob(
        key="network",
        notebook=NETWORK_NOTEBOOK,
        parameters=params,
        ipynb=outputs[0],
        html=outputs[1],
        log=ws.language_dir(year, lang) / "logs" / f"{outputs[1].stem}.log",
        timeout=options.timeout,
        cwd=ws.root,
        title=f"network {year}",
    )
    result.network = {"reason": decision.text(lang)}
    return job, hashes


def network_finish(
    ws: Workspace, year: int, result, hashes: dict, res: dict | None, options: RunOptions
) -> None:
    """The network report's Excel summary, when it rendered, and its record for the manifest."""
    lang, audience = options.lang, options.audience
    d = ws.processed_dir(year)
    xlsx = ws.network_report(year, ".xlsx", audience, lang)
    res = res or {"ok": False, "error": "not rendered", "seconds": 0.0}
    if res["ok"]:
        # pandas is imported on use: `paastolaskuri --help` and the light commands start without it
        import pandas as pd

        # imported when the step runs: a run where nothing changed starts without pandas or reporting
        from paastolaskuri.disclosure.ledger import ledger_path, read_publication
        from paastolaskuri.reporting.excel_summary import write_network_excel
        from paastolaskuri.reporting.network_report import record_publication

        partners = pd.read_csv(d / "partners.csv", dtype={"sector": str, "section": str, "partner_id": str})
        emissions = pd.read_csv(d / "emissions.csv", dtype={"partner_id": str})
        public = audience == "public"
        previous = read_publication(ledger_path(ws.root, year)) if public else None
        write_network_excel(
            xlsx, partners, emissions, public, lang, year, previous=previous, workspace=ws.root
        )
        if public:  # the notebook and the workbook printed these figures: the next one is audited with them
            record_publication(ws, year)
    result.network = {
        "status": "ok" if res["ok"] else "failed",
        "reason": result.network.get("reason", ""),
        "input_hash": sha(*(hashes[k].encode() for k in sorted(hashes))),
        "hashes": hashes,
        "seconds": res["seconds"],
        "error": res["error"],
        "audience": audience,
        "rendered_at": plan.now_stamp() if res["ok"] else None,
        "files": {
            s.lstrip("."): relative(ws, ws.network_report(year, s, audience, lang))
            for s in (".html", ".xlsx", ".ipynb")
        },
    }
