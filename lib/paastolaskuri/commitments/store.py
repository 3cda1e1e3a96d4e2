"""Commitments of a workspace: where they come from, and tracking every partner against its footprints.

A partner's commitments come from its template's "Sitoumukset / Commitments" sheet (kept by the run
as ``data/processed/<year>/partners/<slug>/commitments.json``) or, for commitments signed outside the
template, from the coordinator's ``data/commitments.csv``. The two are merged per commitment ID: the
template's row wins for an ID both hold, and a warning names the conflict when the rows differ. A
file row naming a partner the workspace does not know is an error of that row, never a new partner.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace

import pandas as pd

from paastolaskuri.accounting.calculation import totals_by_category
from paastolaskuri.accounting.factors import FactorSetError, pinned_sets
from paastolaskuri.accounting.metrics import SIZE_FIELDS
from paastolaskuri.commitments.evidence import ActionEvidence, action_evidence
from paastolaskuri.commitments.restated import YearBasis, needs_restating, restate_processed_year
from paastolaskuri.commitments.sources import read_workspace_file
from paastolaskuri.commitments.tracking import TargetTracking, YearFootprint, track_target
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.intake.commitment_merge import merge_sources
from paastolaskuri.intake.commitment_schema import Action, Commitment, Target
from paastolaskuri.intake.commitments import (
    COMMITMENTS_CSV,
    COMMITMENTS_JSON,
    NETWORK_SETTINGS,
    commitments_from_json,
)
from paastolaskuri.messages import Problem


def network_settings(ws: Workspace) -> dict:
    """The workspace's network settings (``data/network.json``), e.g. the city's own target; {} when absent.

    ``{"city_target": {"fi": "Joensuu hiilineutraaliksi 20XX", "en": "...", "year": 20XX}}``
    """
    path = ws.root / NETWORK_SETTINGS
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def read_workspace_csv(ws: Workspace) -> tuple[dict[str, list[Commitment]], list[Problem]]:
    """The usable rows of data/commitments.csv by partner ID, and every problem of the file.

    A partner with a bad row is left out (its problems say why); a row of an unknown partner makes no
    partner.
    """
    found = read_workspace_file(ws)
    return found.by_partner, found.problems


def _processed_partner_commitments(ws: Workspace, year: int, partner_id: str) -> list[Commitment]:
    path = ws.partner_processed_dir(year, partner_slug(partner_id)) / COMMITMENTS_JSON
    if not path.is_file():
        return []
    return commitments_from_json(json.loads(path.read_text(encoding="utf-8")))


def year_footprints(ws: Workspace, partner_id: str, up_to: int | None = None) -> dict[int, YearFootprint]:
    """Every computed year of a partner, as tracking needs it, on the factor sets pinned now.

    Parameters
    ----------
    ws
        The workspace.
    partner_id
        The partner's ID.
    up_to
        The last year read (default: every computed year).

    Returns
    -------
    dict of int to YearFootprint
        By year: totals, categories and sizes, restated where a year's set is no longer pinned.

    Examples
    --------
    >>> years = year_footprints(Workspace.at("demo"), "demo-saha", up_to=2024)
    >>> max(years) <= 2024
    True
    """
    return tracked_years(ws, partner_id, up_to)[0]


def tracked_years(
    ws: Workspace, partner_id: str, up_to: int | None = None
) -> tuple[dict[int, YearFootprint], list[YearBasis]]:
    """Every computed year of a partner (from data/processed/<year>/), and which were restated.

    A year computed with a set other than the one pinned for it now is recomputed with the pinned set
    (:mod:`paastolaskuri.commitments.restated`); each such year gets a :class:`YearBasis`, saying
    whether that worked.
    """
    out: dict[int, YearFootprint] = {}
    bases: list[YearBasis] = []
    pins = pinned_sets(ws.root)
    for year in ws.processed_years():
        if up_to is not None and year > up_to:
            continue
        d = ws.processed_dir(year)
        if not (d / "partners.csv").is_file():
            continue
        partners = pd.read_csv(d / "partners.csv", dtype={"partner_id": str})
        rows = partners[partners["partner_id"] == partner_id]
        if rows.empty:
            continue
        row = rows.iloc[0]
        recorded = "" if pd.isna(row.get("factor_set")) else str(row.get("factor_set", ""))
        pinned = pins.get(year)
        partner_dir = ws.partner_processed_dir(year, partner_slug(partner_id))
        sizes = {name: _size(row, name) for name in SIZE_FIELDS}
        if pinned is not None and needs_restating(recorded, pinned):
            try:
                again = restate_processed_year(partner_dir, pinned, ws.root)
            except FactorSetError as exc:
                bases.append(YearBasis(year, recorded, pinned, False, str(exc)))
            else:
                bases.append(YearBasis(year, recorded, pinned, True))
                out[year] = _footprint(year, again.totals, again.categories, sizes, pinned)
                continue
        totals = {k: float(row[f"kg_{k}"]) for k in ("scope1", "scope2_location", "scope2_market", "scope3")}
        out[year] = _footprint(year, totals, _recorded_categories(partner_dir), sizes, recorded)
    return out, bases


def _recorded_categories(partner_dir) -> dict[str, float]:
    em_path = partner_dir / "emissions.csv"
    if not em_path.is_file():
        return {}
    em = pd.read_csv(em_path, usecols=["scope", "category", "basis", "kg_co2e"])
    by_cat = totals_by_category(em, basis="market")
    return {str(c): float(kg) for c, kg in zip(by_cat["category"], by_cat["kg_co2e"], strict=True)}


def _footprint(
    year: int, totals: dict[str, float], categories: dict[str, float], sizes: dict, factor_set: str
) -> YearFootprint:
    return YearFootprint(
        year=year,
        scope1=float(totals["scope1"]),
        scope2_location=float(totals["scope2_location"]),
        scope2_market=float(totals["scope2_market"]),
        scope3=float(totals["scope3"]),
        categories=categories,
        **sizes,
        factor_set=factor_set,
    )


def _size(row: pd.Series, key: str) -> float | None:
    value = row.get(key)
    return None if value is None or pd.isna(value) else float(value)


@dataclass
class PartnerTracking:
    """One partner's commitments in a reporting year: each target tracked, each action's evidence.

    ``bases`` lists the tracked years computed with a set other than the one pinned now: restated
    (tracking used the year recomputed with the pinned set) or not (a warning is in ``problems``).
    """

    partner_id: str
    year: int
    source: str  # "template", "csv", "both" or "" (none)
    targets: list[TargetTracking] = field(default_factory=list)
    actions: list[tuple[Action, ActionEvidence]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bases: list[YearBasis] = field(default_factory=list)

    @property
    def has_commitments(self) -> bool:
        """True when the partner recorded any target or action."""
        return bool(self.targets or self.actions)

    @property
    def restated(self) -> list[YearBasis]:
        """The tracked years recomputed with the set pinned now."""
        return [b for b in self.bases if b.restated]


def _evidence_year_lines(ws: Workspace, year: int, partner_id: str) -> pd.DataFrame | None:
    path = ws.partner_processed_dir(year, partner_slug(partner_id)) / "emissions.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def _source(template_items: list[Commitment], csv_items: list[Commitment]) -> str:
    return {(True, True): "both", (True, False): "template", (False, True): "csv"}.get(
        (bool(template_items), bool(csv_items)), ""
    )


def track_partner(
    ws: Workspace, partner_id: str, year: int, csv_rows: dict[str, list[Commitment]] | None = None
) -> PartnerTracking:
    """Track one partner's commitments in ``year`` (the latest computed year up to it counts as latest).

    Parameters
    ----------
    ws
        The workspace.
    partner_id
        The partner's ID.
    year
        The year tracked to.
    csv_rows
        The rows of data/commitments.csv by partner (read from the workspace when None).

    Returns
    -------
    PartnerTracking
        Each target tracked (``targets``), each action with its evidence (``actions``), and the
        source of the commitments.

    Examples
    --------
    >>> tracked = track_partner(Workspace.at("demo"), "demo-saha", 2024)
    >>> all(t.status for t in tracked.targets)
    True
    """
    if csv_rows is None:
        csv_rows, _ = read_workspace_csv(ws)
    template_items = _processed_partner_commitments(ws, year, partner_id)
    csv_items = csv_rows.get(partner_id, [])
    items, problems = merge_sources(partner_id, template_items, csv_items, partner_id)
    used_csv = [i for i in items if i in csv_items]
    result = PartnerTracking(partner_id, year, _source(template_items, used_csv), problems=problems)
    footprints, bases = tracked_years(ws, partner_id, up_to=year)
    targets = [item for item in items if isinstance(item, Target)]
    if targets:
        first = min(t.base_year for t in targets)
        result.bases = [b for b in bases if b.year >= first]
        result.problems += [
            Problem(partner_id, "commitment_not_restated", params=_basis_params(b), severity="warning")
            for b in result.bases
            if not b.restated
        ]
    lines = _evidence_year_lines(ws, year, partner_id)
    for item in items:
        if isinstance(item, Target):
            result.targets.append(replace(track_target(item, footprints), categories=tuple(item.categories)))
            if item.base_year not in footprints:
                result.problems.append(
                    Problem(
                        partner_id,
                        "commitment_base_year_no_data",
                        params={"year": item.base_year},
                        severity="warning",
                    )
                )
        else:
            result.actions.append((item, action_evidence(item, year, lines)))
    return result


def _basis_params(b: YearBasis) -> dict:
    return {"year": b.year, "recorded": b.recorded_set, "pinned": b.pinned_set, "detail": b.detail}


def track_network(
    ws: Workspace,
    year: int,
    also_known: Collection[str] = (),
    stored: Callable[[str], PartnerTracking | None] | None = None,
) -> list[PartnerTracking]:
    """Every partner of the year (computed, or with usable rows in data/commitments.csv), tracked.

    Parameters
    ----------
    ws
        The workspace.
    year
        The year tracked to.
    also_known
        Partner IDs that count as known besides the computed ones (a run's partners).
    stored
        A partner's tracking as stored by the run (reporting/partner_results.py), or None when it must
        be tracked here.

    Returns
    -------
    list of PartnerTracking
        One per partner, in partner-ID order.

    Examples
    --------
    >>> tracked = track_network(Workspace.at("demo"), 2024)
    >>> len({t.partner_id for t in tracked}) == len(tracked)
    True
    """
    found = read_workspace_file(ws, also_known)
    ids: set[str] = set(found.by_partner)
    partners_csv = ws.processed_dir(year) / "partners.csv"
    if partners_csv.is_file():
        ids |= set(pd.read_csv(partners_csv, dtype={"partner_id": str})["partner_id"].dropna())
    known = {pid: stored(pid) for pid in ids} if stored is not None else {}
    return [known.get(pid) or track_partner(ws, pid, year, found.by_partner) for pid in sorted(ids)]


def tracking_problems(
    ws: Workspace,
    year: int,
    also_known: Collection[str] = (),
    stored: Callable[[str], PartnerTracking | None] | None = None,
) -> list[Problem]:
    """What ``run`` says of the year's tracking in its summary: template/file conflicts, years not restated.

    ``also_known`` adds the partner IDs of this run (a partner not yet computed in any year); ``stored``
    as for `track_network`.
    """
    if not workspace_has_commitments(ws):
        return []
    wanted = ("commitments_conflict", "commitment_not_restated")
    return [p for pt in track_network(ws, year, also_known, stored) for p in pt.problems if p.code in wanted]


STATUS_ORDER = ("behind", "on_track", "achieved", "no_data")  # the summary takes the first present
NO_TARGETS = "none"  # the summary status of a partner-year without targets (actions alone have none)
SUMMARY_STATUSES = (*STATUS_ORDER, NO_TARGETS)  # the one vocabulary of the research tables


def summary_status(tracking: PartnerTracking) -> str:
    """One status for a partner-year: behind if any target is behind, else on track, achieved, no data.

    ``none`` when the partner has no target (actions alone have no status).
    """
    present = {tr.status for tr in tracking.targets}
    return next((s for s in STATUS_ORDER if s in present), NO_TARGETS)


def workspace_has_commitments(ws: Workspace) -> bool:
    """True when the workspace records any commitment (a template's, or data/commitments.csv)."""
    if (ws.root / COMMITMENTS_CSV).is_file():
        return True
    for year in ws.processed_years():
        for path in (ws.processed_dir(year) / "partners").glob(f"*/{COMMITMENTS_JSON}"):
            if path.read_text(encoding="utf-8").strip() not in ("", "[]"):
                return True
    return False


def commitment_statuses(ws: Workspace, pairs: list[tuple[str, int]]) -> list[str]:
    """The summary status of each (partner ID, year); all ``none`` when the workspace records no commitment."""
    if not workspace_has_commitments(ws):
        return [NO_TARGETS] * len(pairs)
    csv_rows, _ = read_workspace_csv(ws)
    return [summary_status(track_partner(ws, pid, year, csv_rows)) for pid, year in pairs]
