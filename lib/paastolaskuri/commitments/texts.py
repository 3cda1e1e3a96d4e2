"""The words of commitment tracking, in Finnish and English: statuses, coverages, one-sentence summaries."""

from __future__ import annotations

from paastolaskuri.commitments.evidence import ActionEvidence
from paastolaskuri.commitments.restated import YearBasis
from paastolaskuri.commitments.tracking import TargetTracking
from paastolaskuri.core.i18n import pairs, text
from paastolaskuri.core.numformat import format_number
from paastolaskuri.intake.commitment_schema import COVERAGES, METRICS, STATUSES, Action, choice_label

TARGET_STATUS = pairs("commitments.target_status")
EVIDENCE_STATUS = pairs("commitments.evidence_status")


def status_label(status: str, lang: str) -> str:
    """A target status in words."""
    return choice_label(TARGET_STATUS, status, lang)


def evidence_label(status: str, lang: str) -> str:
    """An action's evidence status in words."""
    return choice_label(EVIDENCE_STATUS, status, lang)


def coverage_label(coverage: str, lang: str) -> str:
    """A coverage in words."""
    return choice_label(COVERAGES, coverage, lang)


def metric_label(metric: str, lang: str) -> str:
    """A metric in words."""
    return choice_label(METRICS, metric, lang)


def action_status_label(status: str, lang: str) -> str:
    """An action's status as the partner reports it."""
    return choice_label(STATUSES, status, lang)


def target_sentence(tr: TargetTracking, lang: str) -> str:
    """One sentence on where the partner stands and what it takes from now on."""

    def n(x, d=1):
        return format_number(x, lang, d)

    facts = {
        "goal": f"−{n(tr.reduction_pct, 0)} %",
        "base_year": tr.base_year,
        "target_year": tr.target_year,
        "unit": tr.unit,
        "latest_year": tr.latest_year,
    }
    if tr.status == "no_data":
        key = "base_year_missing" if tr.reason == "base_year_missing" else "only_base_year"
        return text(f"commitments.sentence.{key}", lang, **facts)
    facts |= {"latest": n(tr.latest_value), "target": n(tr.target_value)}
    if tr.status == "achieved":
        return text("commitments.sentence.achieved", lang, **facts)
    if tr.required_per_year is None:
        return text("commitments.sentence.passed", lang, **facts)
    return text(
        "commitments.sentence.required",
        lang,
        per_year=n(tr.required_per_year),
        pct_per_year=n(tr.required_pct_per_year, 0),
        **facts,
    )


def evidence_sentence(action: Action, ev: ActionEvidence, activity_label: str, lang: str) -> str:
    """What the lines say of an action ("light fuel oil still 12 000 l in 2024")."""
    if ev.status not in ("contradicted", "consistent"):
        return evidence_label(ev.status, lang)
    rule = "zero" if action.link_rule == "zero" else "go"
    return text(
        f"commitments.evidence.{rule}_{ev.status}",
        lang,
        activity=activity_label,
        year=ev.year,
        amounts=", ".join(f"{format_number(q, lang, 0)} {u}" for u, q in ev.quantities),
        share=format_number(ev.share_pct, lang, 0) if rule == "go" else "",
        goal=format_number(action.link_value, lang, 0) if rule == "go" else "",
    )


def restated_sentence(basis: YearBasis, lang: str) -> str:
    """Which set a tracked year was recomputed with, and why its figures differ from that year's report."""
    return text(
        "commitments.restated", lang, year=basis.year, recorded=basis.recorded_set, pinned=basis.pinned_set
    )
