"""Restated figures / Oikaistut luvut: the partner report's box, and the `restate` command's outputs.

Both show each year's totals under the old and the new factor set side by side, the difference, its
causes (the factors that changed, largest contribution first) and the base-year recalculation rule.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import pandas as pd

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.factors import FactorSetError, find_factor_set, scope2_basis_text
from paastolaskuri.accounting.restatement import RESTATED_KEYS, FactorChange, YearRestatement
from paastolaskuri.core.i18n import plural, text
from paastolaskuri.reporting.blocks import Block
from paastolaskuri.reporting.partner_results import stored_partner_restatement
from paastolaskuri.reporting.presentation import (
    basis_label,
    fmt_number,
    localise_text,
    total_label,
    unit_label,
    word,
)
from paastolaskuri.reporting.restatement_data import PartnerRestatement, restate_partner

MAX_CAUSES = 5  # causes shown per year in the report and the table


def t(key: str, lang: str, **kw) -> str:
    """A text of this section in the reader's language."""
    return text(f"report.restatement.{key}", lang, **kw)


def _label(key: str, lang: str) -> str:
    return total_label(key, lang)


def _pct(x: float | None, lang: str) -> str:
    if x is None:
        return "–"
    if x != x or abs(x) == float("inf"):
        return "∞"
    return f"{'+' if x > 0 else ''}{fmt_number(100 * x, lang, 1)} %"


def _signed(kg: float, lang: str, decimals: int = 1) -> str:
    return ("+" if kg > 0 else "") + fmt_number(kg, lang, decimals)


@dataclass(frozen=True)
class CauseGroup:
    """The causes of one factor change, whatever the lines' units: what a reader sees as one cause."""

    activity: str
    scope: int
    basis: str
    old_factor_text: str
    new_factor_text: str
    lines: int
    kg_co2e_difference: float
    per_unit: tuple[tuple[str, float, float], ...]  # (unit, old, new kg CO2e per unit) of each unit


def cause_groups(causes: list[FactorChange]) -> list[CauseGroup]:
    """Causes grouped per factor change (activity, scope, basis, old and new factor), largest first.

    Lines of one activity in different units (litres and m³ of fuel oil) are one cause: the factor
    that changed is the same.
    """
    groups: dict[tuple, list[FactorChange]] = {}
    for c in causes:
        key = (
            c.activity,
            c.scope,
            c.basis,
            c.old_factor_id,
            c.new_factor_id,
            c.old_factor_text,
            c.new_factor_text,
        )
        groups.setdefault(key, []).append(c)
    out = [
        CauseGroup(
            activity=key[0],
            scope=key[1],
            basis=key[2],
            old_factor_text=key[5],
            new_factor_text=key[6],
            lines=sum(c.lines for c in members),
            kg_co2e_difference=sum(c.kg_co2e_difference for c in members),
            per_unit=tuple((c.unit, c.old_kg_per_unit, c.new_kg_per_unit) for c in members),
        )
        for key, members in groups.items()
    ]
    return sorted(out, key=lambda g: -abs(g.kg_co2e_difference))


def _factor_side(text_: str, per_unit: list[tuple[str, float]], same: bool, lang: str) -> str:
    """One side of a cause: the factor as its source states it (no factor ID), per unit when converted."""
    shown = localise_text(text_, lang) or t("no_factor", lang)
    if same:  # the same factor, another conversion (exchange rate, price year): the per-unit values differ
        shown += " = " + "; ".join(
            f"{fmt_number(v, lang, 6)} kg CO2e/{unit_label(u, lang)}" for u, v in per_unit
        )
    return shown


def cause_lines(r: YearRestatement, lang: str, limit: int = MAX_CAUSES) -> list[str]:
    """The causes of one year's difference as sentences, largest first.

    Each names the activity and its units, the factors as their sources state them (no factor IDs),
    the difference and the number of lines.
    """
    catalogue = load_catalogue()
    groups = cause_groups(r.causes)
    out = []
    for g in groups[:limit]:
        found = catalogue.find(g.activity)
        label = found.label(lang) if found else g.activity
        units = [
            u
            for u in dict.fromkeys(unit_label(u, lang) for u, _, _ in g.per_unit if u)
            if f"({u})" not in label
        ]
        activity = label + (f" ({', '.join(units)})" if units else "")
        same = g.old_factor_text == g.new_factor_text
        out.append(
            t(
                "cause",
                lang,
                activity=activity,
                basis=f"Scope {g.scope} {basis_label(g.basis, lang)}",
                old=_factor_side(g.old_factor_text, [(u, o) for u, o, _ in g.per_unit], same, lang),
                new=_factor_side(g.new_factor_text, [(u, n) for u, _, n in g.per_unit], same, lang),
                diff=_signed(g.kg_co2e_difference, lang),
                lines=plural("report.restatement.lines", g.lines, lang),
            )
        )
    if len(groups) > limit:
        out.append(t("more", lang, n=len(groups) - limit))
    return out


def rule_sentence(result: PartnerRestatement, lang: str) -> str:
    """The base-year rule's verdict: the threshold, the larger change of the two totals, who does what.

    A warning only when the base year's figures were computed with a set other than the pinned one.
    """
    sig = result.significance
    if sig is None:
        return ""
    changes = [(k, v) for k, v in sig.changes.items() if v is not None]
    if not changes:
        change = "0 %"
    else:
        k, v = max(changes, key=lambda kv: abs(kv[1]))
        change = f"{_pct(v, lang)} ({t('market' if k == 'total_market' else 'location', lang)})"
    base = next((r for r in result.years if r.year == sig.base_year), None)
    key = "rule_yes" if sig.must_recalculate else "rule_done" if sig.already_recalculated else "rule_no"
    return t(
        key,
        lang,
        year=sig.base_year,
        change=change,
        threshold=f"{fmt_number(100 * sig.threshold, lang, 1)} %",
        recorded=(base.recorded_set or base.old_set) if base else "",
        pinned=base.new_set if base else "",
        old=base.old_set if base else "",
    )


def _percent(share: float | None) -> float | None:
    return None if share is None else 100 * share


def restatement_frame(result: PartnerRestatement, lang: str, numeric: bool = False) -> pd.DataFrame:
    """One row per year x total: old, new, difference (kg CO2e when numeric, else formatted t CO2e)."""
    rows = []
    for r in result.years:
        for key in RESTATED_KEYS:
            old, new = r.old.get(key, 0.0), r.new.get(key, 0.0)
            if numeric:
                rows.append(
                    {
                        "year": r.year,
                        "old_set": r.old_set,
                        "new_set": r.new_set,
                        "item": key,
                        "old_kg_co2e": old,
                        "new_kg_co2e": new,
                        "difference_kg_co2e": new - old,
                        "difference_percent": _percent(r.relative(key)),
                    }
                )
            else:
                rows.append(
                    {
                        t("col_year", lang): r.year,
                        t("col_item", lang): _label(key, lang),
                        t("col_old_plain", lang): f"{fmt_number(old / 1000, lang, 2)} ({r.old_set})",
                        t("col_new_plain", lang): f"{fmt_number(new / 1000, lang, 2)} ({r.new_set})",
                        t(
                            "col_diff", lang
                        ): f"{_signed((new - old) / 1000, lang, 2)} ({_pct(r.relative(key), lang)})",
                    }
                )
    return pd.DataFrame(rows)


def restatement_text(result: PartnerRestatement, lang: str) -> str:
    """The `restate` command's table output."""
    out = [t("title", lang) + (f" – {result.partner_id}" if result.partner_id else ""), ""]
    if not result.changed:
        out.append(t("none", lang))
    out.append(restatement_frame(result, lang).to_string(index=False))
    for r in result.years:
        if r.causes:
            out += ["", t("causes", lang, year=r.year), *(f"  {c}" for c in cause_lines(r, lang))]
    sentence = rule_sentence(result, lang)
    if sentence:
        out += ["", sentence]
    return "\n".join(out)


def restatement_json(result: PartnerRestatement) -> str:
    """The `restate` command's JSON output (kg CO2e)."""
    sig = result.significance
    payload = {
        "partner_id": result.partner_id or None,
        "year": result.year,
        "unit": "kg CO2e",
        "base_year": result.base_year,
        "years": [
            {
                "year": r.year,
                "old_set": r.old_set,
                "new_set": r.new_set,
                "old": r.old,
                "new": r.new,
                "difference": {k: r.difference(k) for k in RESTATED_KEYS},
                "causes": [c.__dict__ for c in r.causes],
            }
            for r in result.years
        ],
        "significance": None
        if sig is None
        else {
            "base_year": sig.base_year,
            "threshold_percent": 100 * sig.threshold,
            "changes_percent": {k: (None if v is None else 100 * v) for k, v in sig.changes.items()},
            "must_recalculate": sig.must_recalculate,
        },
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def restatement_html(result: PartnerRestatement, lang: str) -> str:
    """The partner report's "Restated figures / Oikaistut luvut" box."""
    esc = html.escape
    parts = [f"<h2>{esc(t('title', lang))}</h2>"]
    if not result.changed:
        parts.append(f"<p>{esc(t('none', lang))}</p>")
        return "<div class='pl-glance'>" + "".join(parts) + "</div>"
    parts.append(f"<p>{esc(t('intro', lang))}</p>")
    parts.append(
        restatement_frame(result, lang).to_html(index=False, escape=True, border=0, classes="pl-table")
    )
    for r in result.years:
        if r.causes:
            items = "".join(f"<li>{esc(c)}</li>" for c in cause_lines(r, lang))
            parts.append(f"<p>{esc(t('causes', lang, year=r.year))}</p><ul>{items}</ul>")
    sentence = rule_sentence(result, lang)
    if sentence:
        cls = "pl-flag" if result.significance and result.significance.must_recalculate else ""
        parts.append(f"<p class='{cls}'>{esc(sentence)}</p>")
    return "<div class='pl-glance'>" + "".join(parts) + "</div>"


def partner_restatement(workspace, partner_id: str, year: int, lang: str) -> Block:
    """The partner report's box for `partner_id` in `year` (its own earlier years only), with its table."""
    # the run stores it once before the report (reporting/partner_results.py); else computed here
    result = stored_partner_restatement(workspace, partner_id, year) or restate_partner(
        workspace, partner_id, year
    )
    tables = (restatement_frame(result, lang),) if result.changed else ()
    return Block(restatement_html(result, lang), tables)


def scope2_basis_line(workspace, set_names, lang: str) -> str:
    """'Scope 2 basis: …' for the named factor sets (one phrase per distinct basis), HTML-escaped."""
    texts: dict[str, list[str]] = {}
    for name in [set_names] if isinstance(set_names, str) else list(set_names):
        try:
            text = scope2_basis_text(find_factor_set(name, workspace), lang)
        except FactorSetError:
            continue
        texts.setdefault(text, []).append(name)
    if not texts:
        return ""
    label = word("scope2_basis_label", lang)
    if len(texts) == 1:
        body = next(iter(texts))
    else:
        body = "; ".join(f"{', '.join(names)}: {text}" for text, names in texts.items())
    return f"<p class='pl-sub'>{html.escape(label)}: {html.escape(body)}</p>"
