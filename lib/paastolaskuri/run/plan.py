"""What a run must redo, and why: the input fingerprints of a report and the reason it runs or is skipped.

A partner report's fingerprint is one hash per input (template, factor set, notebook, code, parameters,
the partner's own earlier years). Fingerprints are kept per report language in the run manifest, so the
Finnish and the English reports of a partner are decided independently.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from babel.dates import format_datetime

from paastolaskuri.core.i18n import text
from paastolaskuri.core.numformat import LOCALES
from paastolaskuri.core.workspace import Workspace

PACKAGE_DIR = Path(__file__).resolve().parents[1]

# why a report runs (in the order they are named) and the texts of every decision, fi / en


def sha(*parts: bytes) -> str:
    """One hex digest over several byte strings (each hashed first, so boundaries count)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


_CODE_DIGEST: str | None = None


def code_digest() -> str:
    """One hash of the package's code, activity catalogue and texts: any change reruns every report."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        files = code_files()
        _CODE_DIGEST = sha(*(p.relative_to(PACKAGE_DIR).as_posix().encode() + p.read_bytes() for p in files))
    return _CODE_DIGEST


def code_files() -> list[Path]:
    """The files whose change reruns every report: code, data catalogues and the message catalogue."""
    return sorted(
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.suffix in (".py", ".csv", ".po") and "__pycache__" not in p.parts
    )


def params_hash(partner_id: str | None, year: int, ws: Workspace, lang: str, gwp: str) -> str:
    """The hash of a partner notebook's parameters (and the GWP set its processed data was computed with)."""
    params = {"partner_id": partner_id, "year": year, "workspace": str(ws.root), "lang": lang, "gwp": gwp}
    return sha(json.dumps(params, sort_keys=True).encode())


def history_digest(ws: Workspace, slug: str, year: int) -> str:
    """The hash of the partner's own earlier years: what its trend, change and uncertainty read.

    The totals of every processed year before `year` (the trend) and last year's emission lines (the
    change from last year and its interval are split line by line, so a recomputed last year whose
    totals happen to be equal still counts as a change).
    """
    parts = []
    for y in ws.processed_years():
        if y < year:
            f = ws.partner_processed_dir(y, slug) / "totals.json"
            if f.is_file():
                parts.append(f.read_bytes())
    last_lines = ws.partner_processed_dir(year - 1, slug) / "emissions.csv"
    parts.append(last_lines.read_bytes() if last_lines.is_file() else b"")
    return sha(*parts)


def commitments_digest(ws: Workspace, partner_id: str | None = None) -> str:
    """The hash of the coordinator's commitment inputs (data/commitments.csv, data/network.json).

    With ``partner_id``, only that partner's rows of the CSV count (as read and validated), so a
    change to another partner's commitments does not rerun this partner's report; the network
    report hashes both files whole.
    """
    # imported when the step runs: a run where nothing changed starts without pandas or reporting
    from paastolaskuri.intake.commitments import (
        COMMITMENTS_CSV,
        NETWORK_SETTINGS,
        commitments_to_json,
        read_commitments_csv,
    )

    csv_path, settings = ws.root / COMMITMENTS_CSV, ws.root / NETWORK_SETTINGS
    if partner_id is not None:
        if not csv_path.is_file():
            return sha(b"")
        items, problems = read_commitments_csv(csv_path, str(COMMITMENTS_CSV), partner_id=partner_id)
        if not items and not problems:
            return sha(b"")  # no rows of this partner: the same as no file
        rows = {"items": commitments_to_json(items), "problems": [p.as_dict("en") for p in problems]}
        return sha(json.dumps(rows, sort_keys=True, default=str).encode())
    return sha(*(f.read_bytes() if f.is_file() else b"" for f in (csv_path, settings)))


def now_stamp() -> str:
    """The local time of a render, as stored in the manifest (ISO 8601 with the UTC offset)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def format_when(stamp: str | None, lang: str) -> str | None:
    """'1.3.2025 klo 14.02' / '2025-03-01 14:02' from a manifest time stamp; None when there is none."""
    try:
        dt = datetime.fromisoformat(str(stamp))
    except ValueError:
        return None
    return format_datetime(dt, text("run.when_pattern", lang), locale=LOCALES[lang])


@dataclass(frozen=True)
class Decision:
    """Whether a report runs, and the reasons (keys of the catalogue's `run.reason`) with their parameters."""

    run: bool
    reasons: tuple[str, ...]
    params: dict = field(default_factory=dict, compare=False)

    def text(self, lang: str) -> str:
        """The reasons as one line in `lang`."""
        params = dict(self.params)
        if "when" in params:
            params["when"] = format_when(params["when"], lang)
        return ", ".join(text(f"run.reason.{r}", lang, **params) for r in self.reasons)


def skip_decision(previous: dict | None) -> Decision:
    """Skipped: the inputs equal those of the run that made the reports (dated when the manifest says when)."""
    when = (previous or {}).get("rendered_at")
    if when and format_when(when, "en"):
        return Decision(False, ("unchanged",), {"when": when})
    return Decision(False, ("unchanged_undated",))


def render_decision(
    previous: dict | None,
    hashes: dict,
    outputs_exist: bool,
    *,
    force: bool = False,
    known_elsewhere: bool = False,
    selected: bool = True,
) -> Decision:
    """Why a report in one language must run, or why not.

    `previous` is the report's record for this language in the last manifest (None: never rendered in
    it); `hashes` its input fingerprints now (their keys, in order, name what changed); `known_elsewhere`
    says the report has a record in another language; `selected` is False when `--partner` names others.
    """
    if not selected:
        return Decision(False, ("not_selected",))
    if force:
        return Decision(True, ("forced",))
    if not previous:
        return Decision(True, ("new_language" if known_elsewhere else "new",))
    if previous.get("status") not in ("ok", "skipped"):
        return Decision(True, ("previous_failed",))
    if not outputs_exist:
        return Decision(True, ("output_missing",))
    changed = tuple(k for k in hashes if previous.get("hashes", {}).get(k) != hashes[k])
    if changed:
        return Decision(True, changed)
    return skip_decision(previous)


def failed_decision(messages: list[dict], lang: str) -> Decision:
    """A partner whose template did not pass the checks: it is not rendered; the count of errors says why."""
    # imported when the step runs: a run where nothing changed starts without pandas or reporting
    from paastolaskuri.messages import count_summary

    errors = sum(1 for m in messages if m.get("severity") == "error")
    return Decision(False, ("checks_failed",), {"errors": count_summary(errors, 0, lang).split(",")[0]})
