"""The run manifest, reports/<year>/run.json.

What the latest run did, and per report language what made each report (its input fingerprints,
when it was made, its files).

Layout::

    {"year", "paastolaskuri", "gwp_set", "lang", "audience", "valid",
     "partners": {key: the latest run's entry (status, reason, messages, hashes, ...)},
     "network", "network_public": the latest run's language's network records,
     "reports": {"fi": {"partners": {slug: record}, "network": record, "network_public": record},
                 "en": {...}}}

The top-level "partners" entries are also what the next run compares to reuse processed data; the
"reports" records decide, per language, which reports must be made again.
"""

from __future__ import annotations

import json
from pathlib import Path

from paastolaskuri import __version__
from paastolaskuri.core.outputs import write_json
from paastolaskuri.core.workspace import AUDIENCES, DEFAULT_LANG, Workspace, audience_suffix
from paastolaskuri.run.options import RunOptions


def read_manifest(path: Path) -> dict:
    """The manifest at `path`, or {} when there is none yet."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def network_key(audience: str) -> str:
    """The manifest key of the network report of `audience`."""
    return "network" + audience_suffix(audience).replace("-", "_")


NETWORK_KEYS = tuple(network_key(a) for a in AUDIENCES)  # ("network", "network_public")


def language_records(previous: dict, lang: str) -> dict:
    """The previous manifest's records for `lang`.

    A manifest of the older one-language layout counts for the language it was written in.
    """
    records = previous.get("reports", {}).get(lang)
    if records is None and previous.get("partners") and previous.get("lang", DEFAULT_LANG) == lang:
        records = {
            "partners": previous["partners"],
            **{k: previous[k] for k in NETWORK_KEYS if k in previous},
        }
    return records or {"partners": {}}


def all_languages(previous: dict) -> dict[str, dict]:
    """Every language's records in the previous manifest (an older layout's under its own language)."""
    out = dict(previous.get("reports", {}))
    if not out and previous.get("partners"):
        lang = previous.get("lang", DEFAULT_LANG)
        out[lang] = language_records(previous, lang)
    return out


def known_in_other_language(previous: dict, lang: str, key: str) -> bool:
    """True when a report with `key` (a slug or 'network') was made in another language."""
    for other, records in all_languages(previous).items():
        if other != lang and (key in records.get("partners", {}) or key in records):
            return True
    return False


def relative(ws: Workspace, path: Path) -> str:
    """A path as the manifest stores it: relative to the workspace, with forward slashes."""
    return Path(path).relative_to(ws.root).as_posix()


def latest_entry(pr, previous_entry: dict) -> dict:
    """The top-level entry of a partner: what this run found and did."""
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
        entry["last_success"] = previous_entry.get("last_success")
    elif pr.status == "ok":
        entry["last_success"] = pr.input_hash
    return entry


def language_entry(ws: Workspace, year: int, lang: str, pr, previous_record: dict | None) -> dict | None:
    """A partner's record for the report language of this run; None keeps no record."""
    decision = pr.decision
    if decision is not None and decision.reasons == ("not_selected",):
        return previous_record  # not considered in this run: what made its report stays recorded
    if pr.status == "failed":
        return {"file": pr.file, "status": "failed", "reason": pr.reason}
    record = {
        "file": pr.file,
        "status": pr.status,
        "reason": pr.reason,
        "seconds": pr.seconds,
        "input_hash": pr.input_hash,
        "hashes": pr.hashes,
        "rendered_at": pr.rendered_at,
        "last_success": pr.input_hash if pr.status == "ok" else (previous_record or {}).get("last_success"),
        "files": {
            s.lstrip("."): relative(ws, ws.partner_report(year, pr.slug, s, lang))
            for s in (".html", ".xlsx", ".ipynb")
        },
    }
    return record


def write_manifest(ws: Workspace, year: int, result, previous: dict, options: RunOptions) -> None:
    """Write reports/<year>/run.json for this run; the other languages' records are kept as they were."""
    lang, audience = options.lang, options.audience
    prev_top = previous.get("partners", {})
    prev_lang = language_records(previous, lang)
    partners, lang_partners = {}, {}
    for pr in result.partners:
        partners[pr.key] = latest_entry(pr, prev_top.get(pr.key, {}))
        record = language_entry(ws, year, lang, pr, prev_lang.get("partners", {}).get(pr.key))
        if record is not None:
            lang_partners[pr.key] = record
    lang_records = {"partners": lang_partners}
    for key in NETWORK_KEYS:  # the other audience's report keeps its record
        if key in prev_lang:
            lang_records[key] = prev_lang[key]
    lang_records[network_key(audience)] = result.network
    reports = all_languages(previous)
    reports[lang] = lang_records
    manifest = {
        "year": year,
        "paastolaskuri": __version__,
        "gwp_set": options.gwp,
        "lang": lang,
        "audience": audience,
        "partners": partners,
        "valid": result.valid,
        **{k: lang_records[k] for k in NETWORK_KEYS if k in lang_records},
        "reports": dict(sorted(reports.items())),
    }
    write_json(ws.reports_dir(year) / "run.json", manifest)
