"""A partner-year's computed results, stored once per run so that its report and summary only read them.

The yearly run computes each rendered partner's actions analysis once (ranked actions, the combined
plan and the commitment's required reduction), its restatement (every earlier year under the sets
pinned now), its change split and its commitments tracked to the year, and writes them to
data/processed/<year>/partners/<slug>/{actions,restatement,change_split,tracking}.json; the report's
sections and the partner's Excel summary read them instead of evaluating every action and
recalculating every year again (about 0.7 and 0.17 s of CPU per sawmill-like partner), and the
network report reads every partner's ranked actions and tracking from them.

Each file names the bytes it was computed from (``inputs``: a hash of the partner's processed files
of every year and of data/commitments.csv and data/network.json; for the restatement also the pins,
the sets it used and the threshold file). A file whose inputs have changed
since, or that is absent (an older workspace, a notebook run by hand before the run), is not read:
the caller computes the analysis as before. Tables are stored column by column with their dtypes
and Python's own JSON numbers, so what is read back is the computed analysis exactly (float for
float), and a report from the stored file is byte-identical to one computed on the spot.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from paastolaskuri.accounting.change import Decomposition, TotalChange
from paastolaskuri.accounting.factors import (
    FactorSetError,
    available_sets,
    factor_dirs,
    pinned_sets,
    set_digest,
)
from paastolaskuri.accounting.restatement import FactorChange, Significance, YearRestatement
from paastolaskuri.actions.analysis import ActionAnalysis, analyse
from paastolaskuri.actions.catalogue import ParameterError, catalogue_for
from paastolaskuri.actions.inputs import InputMissing, lines_from_workspace, reduction_still_needed
from paastolaskuri.commitments.evidence import ActionEvidence
from paastolaskuri.commitments.restated import YearBasis
from paastolaskuri.commitments.store import PartnerTracking, track_network, track_partner
from paastolaskuri.commitments.tracking import TargetTracking
from paastolaskuri.core.outputs import write_json
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.intake.commitment_schema import Action, Origin
from paastolaskuri.intake.commitments import COMMITMENTS_CSV, COMMITMENTS_JSON, NETWORK_SETTINGS
from paastolaskuri.intake.price_sheet import PRICES_JSON, read_prices_json
from paastolaskuri.messages import Problem
from paastolaskuri.reporting.change_section import partner_change_figures
from paastolaskuri.reporting.processed import read_json, read_partner
from paastolaskuri.reporting.restatement_data import SETTINGS_FILE, PartnerRestatement, restate_partner

ACTIONS_JSON = "actions.json"  # the partner-year's actions analysis, computed once by the run
RESTATEMENT_JSON = "restatement.json"  # its earlier years restated under the sets pinned now
CHANGE_SPLIT_JSON = "change_split.json"  # the change from last year split, with its 95 % interval
TRACKING_JSON = "tracking.json"  # its commitments tracked to the year (targets, actions' evidence)
FORMAT = 1  # the layout of the three files; a file of another layout is not read


def _plain(value):
    """A table cell as a plain Python value JSON keeps exactly (numpy scalars as their Python value)."""
    return value.item() if isinstance(value, np.generic) else value


def frame_to_json(frame: pd.DataFrame) -> dict:
    """A table as {"columns", "dtypes", "values"} (one list per column), read back by `frame_from_json`."""
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "values": [[_plain(v) for v in frame[c].tolist()] for c in frame.columns],
    }


def frame_from_json(data: dict) -> pd.DataFrame:
    """The table `frame_to_json` wrote, with the same columns, dtypes and values."""
    columns = {
        name: pd.Series(values, dtype=dtype if dtype != "object" else object)
        for name, dtype, values in zip(data["columns"], data["dtypes"], data["values"], strict=True)
    }
    return pd.DataFrame(columns, columns=data["columns"])


# a partner-year's processed files the stored results are computed from (never its peer position,
# which changes with the other partners, nor the stored results themselves)
INPUT_FILES = ("emissions.csv", "totals.json", "organisation.json", PRICES_JSON, COMMITMENTS_JSON)


def inputs_digest(ws: Workspace, year: int, slug: str) -> str:
    """The hash of the partner's own files the stored results read, and of the coordinator's commitments.

    The partner's processed files (INPUT_FILES) of every year up to `year` (its lines, totals, prices
    and commitments; the commitment tracking reads its earlier years), and data/commitments.csv and
    data/network.json.
    """
    h = hashlib.sha256()
    for y in sorted(y for y in ws.processed_years() if y <= year):
        d = ws.partner_processed_dir(y, slug)
        for name in INPUT_FILES:
            f = d / name
            h.update(f"{y}/{name}".encode())
            h.update(hashlib.sha256(f.read_bytes() if f.is_file() else b"").digest())
    for f in (ws.root / COMMITMENTS_CSV, ws.root / NETWORK_SETTINGS):
        h.update(hashlib.sha256(f.read_bytes() if f.is_file() else b"").digest())
    return h.hexdigest()


def _partner_sets(ws: Workspace, year: int, slug: str) -> list[str]:
    """The sets the partner's years were computed with and the sets pinned for them now.

    The commitment tracking restates a year whose set is no longer the pinned one.
    """
    pins = pinned_sets(ws.root)
    names = []
    for y in ws.processed_years():
        if y <= year:
            recorded = read_json(ws.partner_processed_dir(y, slug) / "totals.json", {}) or {}
            names += [recorded.get("factor_set") or "", pins.get(y) or ""]
    return [n for n in names if n]


def _actions_inputs(ws: Workspace, year: int, slug: str) -> str:
    return inputs_digest(ws, year, slug) + factors_digest(ws, _partner_sets(ws, year, slug))


def compute_partner_analysis(
    workspace, partner_id: str, year: int, overrides=None, plan=None
) -> ActionAnalysis:
    """One computed partner-year's actions analysed from its processed lines (nothing stored is read).

    Raises ParameterError when an override or the partner's own price is out of its range.
    """
    loaded = lines_from_workspace(workspace, year, partner_id)
    catalogue = catalogue_for(year, loaded.sector, overrides or [], loaded.prices)
    return analyse(
        loaded.lines,
        loaded.factor_set,
        catalogue=catalogue,
        plan=plan,
        gwp_set=loaded.gwp_set,
        required_reduction_kg=reduction_still_needed(partner_tracking(workspace, partner_id, year)),
        year=year,
    )


def analysis_to_json(analysis: ActionAnalysis) -> dict:
    """The analysis as JSON (the catalogue is not stored: it is rebuilt from the year, sector and prices)."""
    return {
        "results": frame_to_json(analysis.results),
        "plan": frame_to_json(analysis.plan),
        "baseline": analysis.baseline,
        "factor_set": analysis.factor_set,
        "gwp_set": analysis.gwp_set,
        "required_reduction_kg": analysis.required_reduction_kg,
        "meta": analysis.meta,
    }


def write_partner_results(workspace, year: int, partner_id: str) -> Path | None:
    """Compute the partner-year's restatement, change split, tracking and actions once and store them.

    Returns the file written, or None when there is nothing to store: the partner's own price is out
    of range (the section computes and shows that message) or the year was not computed. A stored
    file that no longer applies is removed either way.
    """
    ws = Workspace.at(workspace)
    write_partner_restatement(ws, int(year), partner_id)
    write_partner_change_split(ws, int(year), partner_id)
    write_partner_tracking(ws, int(year), partner_id)  # first: the actions analysis reads it
    return write_partner_actions(ws, int(year), partner_id)


def write_partner_actions(ws: Workspace, year: int, partner_id: str) -> Path | None:
    """The partner-year's actions analysis computed once and stored (None: nothing to store, file removed)."""
    slug = partner_slug(partner_id)
    target = ws.partner_processed_dir(int(year), slug) / ACTIONS_JSON
    try:
        analysis = compute_partner_analysis(ws.root, partner_id, int(year))
    except (ParameterError, InputMissing):
        target.unlink(missing_ok=True)
        return None
    data = {"format": FORMAT, "inputs": _actions_inputs(ws, int(year), slug), **analysis_to_json(analysis)}
    return write_json(target, data)


def _fresh_actions(ws: Workspace, year: int, slug: str) -> dict | None:
    """The partner-year's stored actions file as read, or None (absent, another layout, inputs changed)."""
    f = ws.partner_processed_dir(year, slug) / ACTIONS_JSON
    if not f.is_file():
        return None
    data = json.loads(f.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or data.get("inputs") != _actions_inputs(ws, year, slug):
        return None
    return data


def stored_action_results(workspace, partner_id: str, year: int) -> pd.DataFrame | None:
    """The ranked actions the run stored for the partner-year (`ActionAnalysis.results`), or None.

    Only the table, without rebuilding the catalogue: what the network's potentials read of every
    partner (reporting/actions_section.py). None as for `stored_partner_analysis`.
    """
    ws = Workspace.at(workspace)
    data = _fresh_actions(ws, int(year), partner_slug(partner_id))
    return None if data is None else frame_from_json(data["results"])


def stored_partner_analysis(workspace, partner_id: str, year: int) -> ActionAnalysis | None:
    """The analysis the run stored for the partner-year, or None (absent, another layout, inputs changed)."""
    ws = Workspace.at(workspace)
    slug = partner_slug(partner_id)
    d = ws.partner_processed_dir(int(year), slug)
    data = _fresh_actions(ws, int(year), slug)
    if data is None:
        return None
    organisation = json.loads((d / "organisation.json").read_text(encoding="utf-8"))
    catalogue = catalogue_for(
        int(year), (organisation or {}).get("sector"), [], read_prices_json(d / PRICES_JSON)
    )
    return ActionAnalysis(
        frame_from_json(data["results"]),
        frame_from_json(data["plan"]),
        data["baseline"],
        catalogue,
        data["factor_set"],
        data["gwp_set"],
        data["required_reduction_kg"],
        data["meta"],
    )


def factors_digest(ws: Workspace, set_names) -> str:
    """The hash of what a restatement reads besides the partner's files: the pins, the sets, the threshold.

    Every folder's years.csv (which set is pinned), the names of every set found (a new revision
    changes which one is "previous"), the named sets' own files and data/restatement.json.
    """
    h = hashlib.sha256()
    for d in factor_dirs(ws.root):
        pins = d / "years.csv"
        h.update(hashlib.sha256(pins.read_bytes() if pins.is_file() else b"").digest())
    h.update(json.dumps(available_sets(ws.root)).encode())
    for name in sorted(set(set_names)):
        for d in factor_dirs(ws.root):
            if (d / name / "set.json").is_file():
                h.update(set_digest(d / name).encode())
                break
    settings = ws.root / SETTINGS_FILE
    h.update(hashlib.sha256(settings.read_bytes() if settings.is_file() else b"").digest())
    return h.hexdigest()


def _set_names(data: dict) -> list[str]:
    return [n for y in data["years"] for n in (y["old_set"], y["new_set"], y["recorded_set"]) if n]


def restatement_to_json(result: PartnerRestatement) -> dict:
    """The restatement as JSON (its dataclasses as dicts; Python's JSON keeps inf and every float)."""
    return asdict(result)


def restatement_from_json(data: dict) -> PartnerRestatement:
    """The restatement `restatement_to_json` wrote."""
    years = [
        YearRestatement(**{**y, "causes": [FactorChange(**c) for c in y["causes"]]}) for y in data["years"]
    ]
    sig = data["significance"]
    return PartnerRestatement(
        data["partner_id"],
        data["year"],
        years,
        data["base_year"],
        Significance(**sig) if sig is not None else None,
    )


def write_partner_restatement(ws: Workspace, year: int, partner_id: str) -> Path | None:
    """Restate the partner's years up to `year` once and store it (None: nothing to restate, file removed)."""
    slug = partner_slug(partner_id)
    target = ws.partner_processed_dir(year, slug) / RESTATEMENT_JSON
    try:
        result = restate_partner(ws.root, partner_id, year)
    except FactorSetError:  # a set or the threshold file is broken: the section shows it when computing
        target.unlink(missing_ok=True)
        return None
    data = restatement_to_json(result)
    inputs = inputs_digest(ws, year, slug) + factors_digest(ws, _set_names(data))
    return write_json(target, {"format": FORMAT, "inputs": inputs, **data})


def stored_partner_restatement(workspace, partner_id: str, year: int) -> PartnerRestatement | None:
    """The restatement the run stored for the partner-year, or None (absent, another layout, inputs changed)."""
    ws = Workspace.at(workspace)
    slug = partner_slug(partner_id)
    f = ws.partner_processed_dir(int(year), slug) / RESTATEMENT_JSON
    if not f.is_file():
        return None
    data = json.loads(f.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        return None
    if data.get("inputs") != inputs_digest(ws, int(year), slug) + factors_digest(ws, _set_names(data)):
        return None
    return restatement_from_json(data)


def _change_inputs(ws: Workspace, year: int, slug: str) -> str:
    """The change split's inputs: the partner's files and the sets of this and last year (their widths)."""
    names = [
        (read_json(ws.partner_processed_dir(y, slug) / "totals.json", {}) or {}).get("factor_set") or ""
        for y in (year - 1, year)
    ]
    return inputs_digest(ws, year, slug) + factors_digest(ws, [n for n in names if n])


def write_partner_change_split(ws: Workspace, year: int, partner_id: str) -> Path | None:
    """The partner's change from last year split, with its interval, computed once and stored (None: none)."""
    slug = partner_slug(partner_id)
    target = ws.partner_processed_dir(year, slug) / CHANGE_SPLIT_JSON
    figures = partner_change_figures(ws, year, slug, read_partner(ws, year, slug)["emissions"])
    if figures is None:
        target.unlink(missing_ok=True)
        return None
    d, bounds = figures
    data = {
        "from_year": d.from_year,
        "to_year": d.to_year,
        "totals": {k: asdict(v) for k, v in d.totals.items()},
        "categories": frame_to_json(d.categories),
        "method": d.method,
        "bounds": bounds,
    }
    return write_json(target, {"format": FORMAT, "inputs": _change_inputs(ws, year, slug), **data})


def stored_partner_change(ws: Workspace, year: int, slug: str) -> tuple[Decomposition, list[float]] | None:
    """The change split the run stored for the partner-year, or None (absent, another layout, inputs changed)."""
    f = ws.partner_processed_dir(year, slug) / CHANGE_SPLIT_JSON
    if not f.is_file():
        return None
    data = json.loads(f.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or data.get("inputs") != _change_inputs(ws, year, slug):
        return None
    d = Decomposition(
        data["from_year"],
        data["to_year"],
        {k: TotalChange(**v) for k, v in data["totals"].items()},
        frame_from_json(data["categories"]),
        data["method"],
    )
    return d, data["bounds"]


# --- the commitments tracked ---------------------------------------------------------------------


def _pairs(values) -> tuple:
    """A JSON list of pairs back as the tuple of tuples the dataclass held."""
    return tuple(tuple(v) for v in values)


def tracking_to_json(tracked: PartnerTracking) -> dict:
    """The tracking as JSON (its dataclasses as dicts; Python's JSON keeps every float)."""
    return asdict(tracked)


def tracking_from_json(data: dict) -> PartnerTracking:
    """The tracking `tracking_to_json` wrote, with its tuples and dataclasses as they were."""

    def target(t: dict) -> TargetTracking:
        pairs = {k: _pairs(t[k]) for k in ("series", "pathway")}
        return TargetTracking(**{**t, **pairs, "categories": tuple(t["categories"])})

    def action(a: dict) -> Action:
        o = a["origin"]
        return Action(**{**a, "origin": None if o is None else Origin(**{**o, "cells": _pairs(o["cells"])})})

    return PartnerTracking(
        data["partner_id"],
        data["year"],
        data["source"],
        targets=[target(t) for t in data["targets"]],
        actions=[
            (action(a), ActionEvidence(**{**e, "quantities": _pairs(e["quantities"])}))
            for a, e in data["actions"]
        ],
        problems=[Problem(**p) for p in data["problems"]],
        bases=[YearBasis(**b) for b in data["bases"]],
    )


def write_partner_tracking(ws: Workspace, year: int, partner_id: str) -> Path:
    """Track the partner's commitments to `year` once and store it (its report, summary and the network read it)."""
    slug = partner_slug(partner_id)
    data = tracking_to_json(track_partner(ws, partner_id, year))
    target = ws.partner_processed_dir(year, slug) / TRACKING_JSON
    return write_json(target, {"format": FORMAT, "inputs": _actions_inputs(ws, year, slug), **data})


def stored_partner_tracking(ws: Workspace, partner_id: str, year: int) -> PartnerTracking | None:
    """The tracking the run stored for the partner-year, or None (absent, another layout, inputs changed).

    Its inputs are the actions analysis's: the partner's files of every year, the coordinator's
    commitments and network settings, and the factor sets its years were computed with and are
    pinned to now (a year on another set is restated).
    """
    slug = partner_slug(partner_id)
    f = ws.partner_processed_dir(year, slug) / TRACKING_JSON
    if not f.is_file():
        return None
    data = json.loads(f.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or data.get("inputs") != _actions_inputs(ws, year, slug):
        return None
    return tracking_from_json({k: v for k, v in data.items() if k not in ("format", "inputs")})


def partner_tracking(workspace, partner_id: str, year: int) -> PartnerTracking:
    """The partner's commitments tracked to `year`: as the run stored them when they still apply, else tracked now."""
    ws = Workspace.at(workspace)
    stored = stored_partner_tracking(ws, partner_id, int(year))
    return stored if stored is not None else track_partner(ws, partner_id, int(year))


def network_tracking(workspace, year: int, also_known=()) -> list[PartnerTracking]:
    """`track_network` reading each partner's stored tracking where it still applies (the rest tracked now)."""
    ws = Workspace.at(workspace)
    return track_network(ws, int(year), also_known, lambda pid: stored_partner_tracking(ws, pid, int(year)))


def stored_results_apply(workspace, year: int, partner_id: str) -> bool:
    """Whether the network report would read the partner's stored actions or tracking as they are now.

    The run asks before rendering: a partner whose files apply may hold an earlier code's results,
    which the run must replace before the network report reads them (run/pool.py).
    """
    ws = Workspace.at(workspace)
    slug = partner_slug(partner_id)
    d = ws.partner_processed_dir(int(year), slug)
    if not (d / ACTIONS_JSON).is_file() and not (d / TRACKING_JSON).is_file():
        return False  # nothing stored (a first run): nothing to read
    return (
        _fresh_actions(ws, int(year), slug) is not None
        or stored_partner_tracking(ws, partner_id, int(year)) is not None
    )
