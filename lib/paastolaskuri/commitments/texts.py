"""The words of commitment tracking, in Finnish and English: statuses, coverages, one-sentence summaries."""

from __future__ import annotations

from paastolaskuri.commitments.evidence import ActionEvidence
from paastolaskuri.commitments.tracking import TargetTracking
from paastolaskuri.i18n import pairs
from paastolaskuri.intake.commitment_schema import COVERAGES, METRICS, STATUSES, Action, choice_label
from paastolaskuri.numformat import format_number

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

    fi = lang == "fi"
    goal = f"−{n(tr.reduction_pct, 0)} %"
    if tr.status == "no_data":
        if tr.reason == "base_year_missing":
            return (
                f"Perusvuodelta {tr.base_year} ei ole laskettua jalanjälkeä, joten tavoitteen ({goal} vuoteen "
                f"{tr.target_year}) seurantaa ei voi vielä tehdä."
                if fi
                else f"There is no computed footprint for the base year {tr.base_year}, so the target "
                f"({goal} by {tr.target_year}) cannot be tracked yet."
            )
        return (
            f"Vain perusvuosi {tr.base_year} on laskettu: seuranta alkaa seuraavasta vuodesta."
            if fi
            else f"Only the base year {tr.base_year} has been computed: tracking starts with the next year."
        )
    if tr.status == "achieved":
        return (
            f"Tavoite {goal} vuoteen {tr.target_year} mennessä on saavutettu: {n(tr.latest_value)} {tr.unit} "
            f"vuonna {tr.latest_year} (tavoite {n(tr.target_value)})."
            if fi
            else f"The target of {goal} by {tr.target_year} is achieved: {n(tr.latest_value)} {tr.unit} in "
            f"{tr.latest_year} (target {n(tr.target_value)})."
        )
    if tr.required_per_year is None:
        return (
            f"Tavoitevuosi {tr.target_year} on ohitettu: {n(tr.latest_value)} {tr.unit} vuonna {tr.latest_year}, "
            f"tavoite oli {n(tr.target_value)}."
            if fi
            else f"The target year {tr.target_year} has passed: {n(tr.latest_value)} {tr.unit} in {tr.latest_year}, "
            f"the target was {n(tr.target_value)}."
        )
    return (
        f"Jotta {goal} saavutetaan vuoteen {tr.target_year} mennessä, päästöjen pitää laskea "
        f"{n(tr.required_per_year)} {tr.unit} vuodessa: {n(tr.required_pct_per_year, 0)} % vuodessa tästä eteenpäin."
        if fi
        else f"To reach {goal} by {tr.target_year}, cut {n(tr.required_per_year)} {tr.unit} a year: "
        f"{n(tr.required_pct_per_year, 0)} % a year from now on."
    )


def evidence_sentence(action: Action, ev: ActionEvidence, activity_label: str, lang: str) -> str:
    """What the lines say of an action ("light fuel oil still 12 000 l in 2024")."""
    fi = lang == "fi"
    amounts = ", ".join(f"{format_number(q, lang, 0)} {u}" for u, q in ev.quantities)
    if ev.status == "contradicted" and action.link_rule == "zero":
        return (
            f"{activity_label}: vielä {amounts} vuonna {ev.year}"
            if fi
            else f"{activity_label}: still {amounts} in {ev.year}"
        )
    if ev.status == "contradicted":
        share = format_number(ev.share_pct, lang, 0)
        goal = format_number(action.link_value, lang, 0)
        return (
            f"{activity_label}: alkuperätakuita {share} % vuonna {ev.year} (sitoumus {goal} %)"
            if fi
            else f"{activity_label}: {share} % with guarantees of origin in {ev.year} (committed {goal} %)"
        )
    if ev.status == "consistent" and action.link_rule == "zero":
        return (
            f"{activity_label}: ei käyttöä vuonna {ev.year}"
            if fi
            else f"{activity_label}: none used in {ev.year}"
        )
    if ev.status == "consistent":
        share = format_number(ev.share_pct, lang, 0)
        return (
            f"{activity_label}: alkuperätakuita {share} % vuonna {ev.year}"
            if fi
            else f"{activity_label}: {share} % with guarantees of origin in {ev.year}"
        )
    return evidence_label(ev.status, lang)
