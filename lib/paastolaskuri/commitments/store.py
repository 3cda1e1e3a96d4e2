"""Commitments of a workspace: where they come from, and tracking every partner against its footprints.

A partner's commitments come from its template's "Sitoumukset / Commitments" sheet (kept by the run
as ``data/processed/<year>/partners/<slug>/commitments.json``) or, for commitments signed outside the
template, from the coordinator's ``data/commitments.csv``. When both hold rows for a partner the
template's rows win and a warning names both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from paastolaskuri.accounting.calculation import totals_by_category
from paastolaskuri.accounting.metrics import SIZE_FIELDS
from paastolaskuri.commitments.evidence import ActionEvidence, action_evidence
from paastolaskuri.commitments.tracking import TargetTracking, YearFootprint, track_target
from paastolaskuri.intake.commitment_schema import Action, Commitment, Target
from paastolaskuri.intake.commitments import (
    COMMITMENTS_CSV,
    COMMITMENTS_JSON,
    NETWORK_SETTINGS,
    commitments_from_json,
    read_commitments_csv,
)
from paastolaskuri.messages import Problem
from paastolaskuri.workspace import Workspace, partner_slug


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
    """The coordinator's data/commitments.csv by partner ID (empty when the file does not exist)."""
    path = ws.root / COMMITMENTS_CSV
    if not path.is_file():
        return {}, []
    items, problems = read_commitments_csv(path, str(COMMITMENTS_CSV))
    by_partner: dict[str, list[Commitment]] = {}
    for item in items:
        by_partner.setdefault(item.partner_id, []).append(item)
    return by_partner, problems


def choose_source(
    partner_id: str, template_items: list[Commitment], csv_items: list[Commitment], display: str
) -> tuple[list[Commitment], list[Problem]]:
    """The template's rows win over the CSV's; a warning when both hold rows for the partner."""
    if template_items and csv_items:
        warning = Problem(
            display, "commitments_both_sources", params={"partner": partner_id, "other": str(COMMITMENTS_CSV)},
            severity="warning",
        )  # fmt: skip
        return template_items, [warning]
    return (template_items or csv_items), []


def submission_commitment_problems(
    template_items: list[Commitment], partner_id: str, ws: Workspace, report_year: int | None = None
) -> list[Problem]:
    """What ``check`` and ``run`` say of a partner's commitments beyond its own file.

    The partner's rows in data/commitments.csv are validated (their errors stop the partner like a
    template error would); a warning names both sources when the template holds rows as well; and a
    target whose base year (other than the file's own year) has no computed footprint in the
    workspace gets a warning on its base-year cell: tracking will say "no data".
    """
    path = ws.root / COMMITMENTS_CSV
    if not partner_id:
        return []
    problems: list[Problem] = []
    csv_items: list[Commitment] = []
    if path.is_file():
        csv_items, problems = read_commitments_csv(path, str(COMMITMENTS_CSV), partner_id=partner_id)
    items, warnings = choose_source(partner_id, template_items, csv_items, str(COMMITMENTS_CSV))
    for item in items:
        if isinstance(item, Target) and item.base_year != report_year and item.origin is not None:
            totals = ws.partner_processed_dir(item.base_year, partner_slug(partner_id)) / "totals.json"
            if not totals.is_file():
                origin = item.origin
                warnings.append(
                    Problem(origin.file, "commitment_base_year_no_data", origin.sheet, origin.cell("base_year"),
                            {"year": item.base_year}, "warning")
                )  # fmt: skip
    return problems + warnings


def _processed_partner_commitments(ws: Workspace, year: int, partner_id: str) -> list[Commitment]:
    path = ws.partner_processed_dir(year, partner_slug(partner_id)) / COMMITMENTS_JSON
    if not path.is_file():
        return []
    return commitments_from_json(json.loads(path.read_text(encoding="utf-8")))


def year_footprints(ws: Workspace, partner_id: str, up_to: int | None = None) -> dict[int, YearFootprint]:
    """Every computed year of a partner, as tracking needs it (from data/processed/<year>/)."""
    out = {}
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
        categories: dict[str, float] = {}
        em_path = ws.partner_processed_dir(year, partner_slug(partner_id)) / "emissions.csv"
        if em_path.is_file():
            em = pd.read_csv(em_path, usecols=["scope", "category", "basis", "kg_co2e"])
            by_cat = totals_by_category(em, basis="market")
            categories = {
                str(c): float(kg) for c, kg in zip(by_cat["category"], by_cat["kg_co2e"], strict=True)
            }
        out[year] = YearFootprint(
            year=year,
            scope1=float(row["kg_scope1"]),
            scope2_location=float(row["kg_scope2_location"]),
            scope2_market=float(row["kg_scope2_market"]),
            scope3=float(row["kg_scope3"]),
            categories=categories,
            **{name: _size(row, name) for name in SIZE_FIELDS},
            factor_set=str(row.get("factor_set", "")),
        )
    return out


def _size(row: pd.Series, key: str) -> float | None:
    value = row.get(key)
    return None if value is None or pd.isna(value) else float(value)


@dataclass
class PartnerTracking:
    """One partner's commitments in a reporting year: each target tracked, each action's evidence."""

    partner_id: str
    year: int
    source: str  # "template", "csv" or "" (none)
    targets: list[TargetTracking] = field(default_factory=list)
    actions: list[tuple[Action, ActionEvidence]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def has_commitments(self) -> bool:
        """True when the partner recorded any target or action."""
        return bool(self.targets or self.actions)


def _evidence_year_lines(ws: Workspace, year: int, partner_id: str) -> pd.DataFrame | None:
    path = ws.partner_processed_dir(year, partner_slug(partner_id)) / "emissions.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def track_partner(
    ws: Workspace, partner_id: str, year: int, csv_rows: dict[str, list[Commitment]] | None = None
) -> PartnerTracking:
    """Track one partner's commitments in ``year`` (the latest computed year up to it counts as latest)."""
    if csv_rows is None:
        csv_rows, _ = read_workspace_csv(ws)
    template_items = _processed_partner_commitments(ws, year, partner_id)
    items, problems = choose_source(partner_id, template_items, csv_rows.get(partner_id, []), partner_id)
    source = "template" if template_items else ("csv" if items else "")
    footprints = year_footprints(ws, partner_id, up_to=year)
    result = PartnerTracking(partner_id, year, source, problems=problems)
    lines = _evidence_year_lines(ws, year, partner_id)
    for item in items:
        if isinstance(item, Target):
            result.targets.append(track_target(item, footprints))
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


def track_network(ws: Workspace, year: int) -> list[PartnerTracking]:
    """Every partner of the year (computed, or named in data/commitments.csv), tracked."""
    csv_rows, _ = read_workspace_csv(ws)
    ids: set[str] = set(csv_rows)
    partners_csv = ws.processed_dir(year) / "partners.csv"
    if partners_csv.is_file():
        ids |= set(pd.read_csv(partners_csv, dtype={"partner_id": str})["partner_id"].dropna())
    return [track_partner(ws, pid, year, csv_rows) for pid in sorted(ids)]


STATUS_ORDER = ("behind", "on_track", "achieved", "no_data")  # the summary takes the first present


def summary_status(tracking: PartnerTracking) -> str:
    """One status for a partner-year: behind if any target is behind, else on track, achieved, no data.

    Empty when the partner has no target (actions alone have no status).
    """
    present = {tr.status for tr in tracking.targets}
    return next((s for s in STATUS_ORDER if s in present), "")


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
    """The summary status of each (partner ID, year); all empty when the workspace records no commitment."""
    if not workspace_has_commitments(ws):
        return [""] * len(pairs)
    csv_rows, _ = read_workspace_csv(ws)
    return [summary_status(track_partner(ws, pid, year, csv_rows)) for pid, year in pairs]
