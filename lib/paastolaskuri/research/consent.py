"""Who consents to research use: the answer of the newest template each partner has sent.

The newest statement wins, so a withdrawal removes the partner from every year of every export
mode. Statements come from the templates in data/raw/<year>/ (read cheaply by
`intake.consent.read_consent`, valid or not, run or not) and, for a year without any template of
the partner, from that year's processed partners table (a workspace whose raw files were archived,
or the synthetic networks of the tests). In one year a template outranks the processed table: it
may have been changed since the run.

A template that cannot be read at all still belongs to someone: it is attributed through the last
run's manifest (reports/<year>/run.json names each partner's file) or, failing that, by its file
name being the partner's slug; it then counts as "no". A file attributed to no one is skipped: it
cannot withdraw or give anyone's consent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.intake.consent import read_consent

TEMPLATE, PROCESSED = 1, 0  # rank of a statement's source within one year: a template outranks the run


@dataclass(frozen=True)
class Statement:
    """One consent statement of a partner (by slug) in a year, and where it was read."""

    slug: str
    year: int
    consents: bool
    rank: int


def _manifest_files(ws: Workspace, year: int) -> dict[str, str]:
    """Template path (relative to the workspace) -> partner slug, from the year's last run manifest."""
    path = ws.reports_dir(year) / "run.json"
    try:
        partners = json.loads(path.read_text(encoding="utf-8")).get("partners", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(e.get("file")): str(slug) for slug, e in partners.items() if isinstance(e, dict)}


def template_statements(ws: Workspace, known: set[str]) -> list[Statement]:
    """Every raw template's statement; unreadable ones attributed by manifest or file name (see module doc)."""
    out = []
    for year in ws.years():
        by_file = _manifest_files(ws, year)
        for path in ws.templates(year):
            statement = read_consent(path)
            slug = partner_slug(statement.partner_id) if statement.partner_id else ""
            if not slug:
                rel = Path(path).relative_to(ws.root).as_posix()
                slug = by_file.get(rel) or (
                    partner_slug(path.stem) if partner_slug(path.stem) in known else ""
                )
            if slug:
                out.append(Statement(slug, year, statement.consents, TEMPLATE))
    return out


def processed_statements(partners: pd.DataFrame) -> list[Statement]:
    """The statements recorded by the runs (processed partners tables of every year)."""
    if partners.empty:
        return []
    flags = partners["research_use"].astype(str).str.strip().str.lower().isin(["true", "1", "yes"])
    return [
        Statement(partner_slug(pid), int(year), bool(flag), PROCESSED)
        for pid, year, flag in zip(partners["partner_id"].astype(str), partners["year"], flags, strict=True)
    ]


def newest_answers(statements: list[Statement]) -> dict[str, bool]:
    """Partner slug -> the newest statement's answer (newest year, then template over run; any "no" wins a tie)."""
    best: dict[str, tuple[int, int, bool]] = {}
    for s in statements:
        key = (s.year, s.rank)
        current = best.get(s.slug)
        if current is None or key > current[:2]:
            best[s.slug] = (s.year, s.rank, s.consents)
        elif key == current[:2]:
            best[s.slug] = (s.year, s.rank, current[2] and s.consents)
    return {slug: v[2] for slug, v in best.items()}


def consenting(ws: Workspace, partners: pd.DataFrame) -> set[str]:
    """The partner IDs (as in the processed tables) whose newest statement consents to research use."""
    if partners.empty:
        return set()
    ids = set(partners["partner_id"].astype(str))
    known = {partner_slug(pid) for pid in ids}
    answers = newest_answers(processed_statements(partners) + template_statements(ws, known))
    return {pid for pid in ids if answers.get(partner_slug(pid), False)}
