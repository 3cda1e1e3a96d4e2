"""`paastolaskuri commitments`: every partner's targets and actions, tracked, as a table, CSV or JSON."""

from __future__ import annotations

import json
import sys

import pandas as pd

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.commitments.store import PartnerTracking, read_workspace_file, track_network, track_partner
from paastolaskuri.commitments.texts import (
    action_status_label,
    coverage_label,
    evidence_label,
    evidence_sentence,
    restated_sentence,
    status_label,
    target_sentence,
)
from paastolaskuri.core.errors import EXIT_FAILED, EXIT_OK
from paastolaskuri.core.i18n import text
from paastolaskuri.core.numformat import format_number, is_missing
from paastolaskuri.core.outputs import csv_text
from paastolaskuri.core.workspace import Workspace

TARGET_COLUMNS = [
    "partner_id", "target_id", "coverage", "kind", "unit", "base_year", "base_value", "latest_year",
    "latest_value", "target_year", "target_value", "reduction_pct", "pathway_value_latest", "gap", "gap_pct",
    "required_per_year", "required_pct_per_year", "trend_year", "reference_value_latest", "status",
    "compensated_t", "reason",
]  # fmt: skip


def _activity_label(key: str, lang: str) -> str:
    activity = load_catalogue().activities.get(key)
    return activity.label(lang) if activity else key


def _as_records(tracked: list[PartnerTracking], lang: str) -> dict:
    targets, actions = [], []
    for pt in tracked:
        for tr in pt.targets:
            d = {k: v for k, v in tr.as_dict().items() if k in TARGET_COLUMNS or k in ("series", "pathway")}
            d["status_text"] = status_label(tr.status, lang)
            d["sentence"] = target_sentence(tr, lang)
            d["source"] = pt.source
            targets.append(d)
        for action, ev in pt.actions:
            actions.append(
                {
                    "partner_id": action.partner_id,
                    "action_id": action.commitment_id,
                    "description": action.description,
                    "status": action.status,
                    "due": action.due,
                    "link_activity": action.link_activity,
                    "link_rule": action.link_rule,
                    "link_value": action.link_value,
                    "link_from": action.link_from,
                    "evidence": ev.status,
                    "evidence_text": evidence_sentence(
                        action, ev, _activity_label(action.link_activity, lang), lang
                    )
                    if action.link_activity
                    else evidence_label(ev.status, lang),
                    "source": pt.source,
                }
            )
    return {"targets": targets, "actions": actions}


def _table(records: dict, lang: str) -> str:
    no_data = text("commitments.cli.no_data", lang)

    def n(x):
        return no_data if is_missing(x) else format_number(x, lang, 1)

    def at(year, value) -> str:
        # "2019: 1 234,5"; a year without a value says so in words, never "–: –"
        return (
            f"{year}: {n(value)}"
            if year and not is_missing(value)
            else (f"{year}: {no_data}" if year else no_data)
        )

    def h(key: str) -> str:
        return text(f"commitments.cli_header.{key}", lang)

    rows = [
        {
            h("partner"): t["partner_id"],
            h("id"): t["target_id"],
            h("coverage"): coverage_label(t["coverage"], lang),
            h("base"): at(t["base_year"], t["base_value"]),
            h("latest"): at(t["latest_year"], t["latest_value"]),
            h("target"): at(t["target_year"], t["target_value"]),
            h("pathway"): n(t["pathway_value_latest"]),
            h("unit"): t["unit"],
            h("status"): t["status_text"],
        }
        for t in records["targets"]
    ]
    out = [pd.DataFrame(rows).to_string(index=False) if rows else text("commitments.cli.no_targets", lang)]
    if rows:
        out.append(text("commitments.cli.legend", lang))
    out += [f"  {t['partner_id']} {t['target_id']}: {t['sentence']}" for t in records["targets"]]
    for a in records["actions"]:
        out.append(
            f"{a['partner_id']} {a['action_id']}: {a['description']} ({action_status_label(a['status'], lang)})"
            f" — {a['evidence_text']}"
        )
    return "\n".join(out)


def restated_notes(tracked: list[PartnerTracking], lang: str) -> list[str]:
    """One line per year tracking recomputed with the set pinned now (the figures differ from the reports')."""
    return [
        f"{pt.partner_id}: {restated_sentence(b, lang)}" for pt in tracked if pt.targets for b in pt.restated
    ]


def run_commitments(args) -> int:
    """The CLI command: track the year's commitments (the newest computed year unless --year).

    Problems of data/commitments.csv are printed first (to stderr); a partner with a bad row is left
    out and the others are shown; the exit code is 1 when the file has errors.
    """
    ws = Workspace.at(args.workspace)
    years = ws.processed_years()
    year = args.year or (years[-1] if years else None)
    if year is None:
        print(text("commitments.cli.no_years", args.lang), file=sys.stderr)
        return EXIT_FAILED
    found = read_workspace_file(ws)
    for p in found.problems:
        print(p.format(args.lang), file=sys.stderr)
    if args.partner:
        tracked = [track_partner(ws, args.partner, year, found.by_partner)]
    else:
        tracked = track_network(ws, year)
    for pt in tracked:
        for p in pt.problems:
            print(p.format(args.lang), file=sys.stderr)
    records = _as_records(tracked, args.lang)
    if args.format == "json":
        restated = [
            {"partner_id": pt.partner_id, **vars(b)} for pt in tracked if pt.targets for b in pt.bases
        ]
        print(json.dumps({"year": year, **records, "restated": restated}, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        columns = [*TARGET_COLUMNS, "status_text", "sentence", "source"]
        sys.stdout.write(csv_text(pd.DataFrame(records["targets"], columns=columns)))
    else:
        print(_table(records, args.lang))
        for line in restated_notes(tracked, args.lang):
            print(line)
    return EXIT_FAILED if any(p.is_error for p in found.problems) else EXIT_OK
