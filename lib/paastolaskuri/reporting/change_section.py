"""Report sections of issue 25: why the footprint changed, how sure the figures are, what is left out.

Partner: `partner_change` (waterfall of last year's change, table on both Scope 2 bases, whether
the change exceeds its uncertainty), `partner_uncertainty` (95 % intervals beside the totals, the
lines adding most to the uncertainty), `partner_boundary` (the boundary sheet, a usually-material
category left out flagged). Network: the same for the network (with a membership effect) and
`network_coverage` (partners per boundary status and category).

The public network report goes through `disclosure.rules`: an effect is printed only when the
partners behind it form a publishable cell, all effects or none (two of three and the change
would give the third away), every figure rounded; no line is named; a count of 1 is not shown.
"""

from __future__ import annotations

import functools
import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from paastolaskuri.accounting.calculation import SCOPE2_BASES, TOTAL_KEYS, on_basis
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.change import Decomposition, decompose_network, decompose_partner, line_effects
from paastolaskuri.accounting.factors import FactorSetError, find_factor_set
from paastolaskuri.accounting.uncertainty import (
    PartYear,
    exceeds,
    intervals_95,
    line_variances,
    set_uncertainties,
    top_contributors,
    total_values,
    with_shares,
)
from paastolaskuri.core.i18n import text
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.tables import withheld_text
from paastolaskuri.intake.boundary import INCLUDED, STATUSES, material_gaps, scope3_categories, status_label
from paastolaskuri.reporting.blocks import Block, heading, new_figure, paragraph
from paastolaskuri.reporting.charts import number_axis
from paastolaskuri.reporting.html import compose, tonnes
from paastolaskuri.reporting.presentation import category_label, fmt_number
from paastolaskuri.reporting.processed import BOUNDARY_JSON
from paastolaskuri.reporting.report_texts import t

SHOWN_TOTALS = ("scope1", "scope2_location", "scope2_market", "scope3", "total_location", "total_market")
UP, DOWN, NET = "#a33", "#2f7d5b", "#1b4965"


# --- inputs -------------------------------------------------------------------------------------
def _read_lines(path: Path) -> pd.DataFrame | None:
    """An emissions.csv (partner or year), or None when there is none."""
    if not path.is_file() or path.stat().st_size <= 1:
        return None
    return pd.read_csv(path, dtype={"partner_id": str}, keep_default_na=False, na_values=[""])


def _set_widths(ws: Workspace, lines: pd.DataFrame | None) -> dict[str, float]:
    """The factor sets' own uncertainty columns (factor id -> half-width) for the sets in `lines`."""
    out: dict[str, float] = {}
    if lines is None or "factor_set" not in lines.columns:
        return out
    for name in pd.unique(lines["factor_set"].astype(str)):
        try:
            out.update(set_uncertainties(find_factor_set(name, ws.root).factors))
        except FactorSetError:
            continue  # a set no longer found: the defaults apply
    return out


def _parts(ws: Workspace, lines: pd.DataFrame | None, sign: float = 1.0) -> list[PartYear]:
    """A year's lines (with partner_id) as PartYears for the simulation."""
    if lines is None or lines.empty:
        return []
    widths = _set_widths(ws, lines)
    if "partner_id" not in lines.columns:
        return [PartYear("", lines, sign, widths)]
    return [PartYear(str(p), g, sign, widths) for p, g in lines.groupby("partner_id", sort=True)]


# --- pieces -------------------------------------------------------------------------------------
WATERFALL_LABEL_WIDTH = 14  # characters a waterfall label line holds under its bar (5 bars in 7.5 in)


def waterfall(start: tuple[str, float], steps: list[tuple[str, float]], end: tuple[str, float], lang: str):
    """A waterfall chart in t CO2e: the first year's total, each effect as a floating bar, the last total."""
    fig, ax = new_figure(7.5, 3.4)
    labels = [start[0], *(s[0] for s in steps), end[0]]
    ax.bar([0], [start[1] / 1000], color=NET)
    level = start[1]
    for i, (_label, kg) in enumerate(steps, start=1):
        ax.bar([i], [kg / 1000], bottom=[level / 1000], color=UP if kg > 0 else DOWN)
        level += kg
    ax.bar([len(labels) - 1], [end[1] / 1000], color=NET)
    # a label wider than its bar's slot would run into the next one ("Kumppanit tulivat / lähtivät")
    ax.set_xticks(
        range(len(labels)),
        [textwrap.fill(label, WATERFALL_LABEL_WIDTH, break_long_words=False) for label in labels],
    )
    ax.set_ylabel("t CO2e")
    number_axis(ax, "y", lang)
    return fig


def _signed(kg: float, lang: str, public: bool = False) -> str:
    """Tonnes with a sign: +1 234,5 / -12,0."""
    s = tonnes(kg, lang, public)
    return s if s.startswith(("-", "−")) or kg == 0 else f"+{s}"


def change_rows(
    d: Decomposition, lang: str, public: bool = False, keys: tuple[str, ...] = SHOWN_TOTALS
) -> pd.DataFrame:
    """One row per total in `keys`: from, to, change and each effect in t CO2e (network: membership too)."""
    rows = []
    for key in keys:
        tc = d.totals[key]
        row = {
            t("col_total", lang).replace(" t CO2e", ""): text(f"label.total.{key}", lang),
            str(d.from_year): tonnes(_pub(tc.from_value, public), lang, public),
            str(d.to_year): tonnes(_pub(tc.to_value, public), lang, public),
            t("col_change", lang): _signed(_pub(tc.change, public), lang, public),
            t("col_activity_effect", lang): _signed(_pub(tc.activity_effect, public), lang, public),
            t("col_factor_effect", lang): _signed(_pub(tc.factor_effect, public), lang, public),
        }
        if d.network:
            row[t("col_membership_effect", lang)] = _signed(_pub(tc.membership_effect, public), lang, public)
        rows.append(row)
    return pd.DataFrame(rows)


def category_change_rows(
    d: Decomposition, lang: str, basis: str = "market", shown: frozenset | None = None
) -> pd.DataFrame:
    """The change per category (Scope 2 on `basis`), largest change first, in t CO2e with its effects.

    `shown`: public, the (scope, category) rows that may be printed (public_categories); the others
    show the withheld mark and the printed figures are rounded (disclosure.rules).
    """
    public = shown is not None
    table = d.categories[d.categories["basis"] == basis]
    table = table.loc[table["change"].abs().sort_values(ascending=False).index]
    columns = ["change", "activity_effect", "factor_effect"] + (["membership_effect"] if d.network else [])
    labels = {
        "change": t("col_change", lang),
        "activity_effect": t("col_activity_effect", lang),
        "factor_effect": t("col_factor_effect", lang),
        "membership_effect": t("col_membership_effect", lang),
    }
    rows = []
    for r in table.itertuples():
        if r.change == 0 and r.activity_effect == 0 and r.factor_effect == 0 and r.membership_effect == 0:
            continue
        hidden = shown is not None and (int(r.scope), str(r.category)) not in shown
        row = {t("col_category", lang): category_label(str(r.category), lang)}
        for c in columns:
            kg = float(getattr(r, c))
            row[labels[c]] = withheld_text(lang) if hidden else _signed(_pub(kg, public), lang, public)
        rows.append(row)
    return pd.DataFrame(rows)


def _pub(kg: float, public: bool) -> float:
    """A public figure rounded to the published precision (disclosure.rules), others as they are."""
    return float(rules.round_published(kg) or 0.0) if public else kg


def _steps(d: Decomposition, lang: str, key: str = "total_market") -> list[tuple[str, float]]:
    """The waterfall's effects of total `key`."""
    tc = d.totals[key]
    steps = [(t("wf_activity", lang), tc.activity_effect), (t("wf_factor", lang), tc.factor_effect)]
    if d.network:
        steps.append((t("wf_membership", lang), tc.membership_effect))
    return steps


def _uncertainty_sentence(change: float, bounds: list[float], lang: str, public: bool = False) -> str:
    """Whether the change is larger than its uncertainty, with the change's 95 % interval."""
    low, high = (_pub(b, public) for b in bounds)
    key = "change_exceeds" if exceeds(change, bounds) else "change_within"
    return t(key, lang, low=tonnes(low, lang, public), high=tonnes(high, lang, public))


def interval_rows(
    totals: dict,
    intervals: dict,
    lang: str,
    public: bool = False,
    keys: tuple[str, ...] = (*SHOWN_TOTALS, "biogenic_co2"),
) -> pd.DataFrame:
    """Totals in `keys` with their 95 % intervals in t CO2e."""
    unit = t("tco2e", lang)
    rows = []
    for key in keys:
        low, high = intervals[key]
        rows.append(
            {
                t("col_total", lang).replace(" t CO2e", ""): text(f"label.total.{key}", lang),
                unit: tonnes(_pub(totals[key], public), lang, public),
                t("col_interval", lang): f"{tonnes(_pub(low, public), lang, public)} … "
                f"{tonnes(_pub(high, public), lang, public)}",
            }
        )
    return pd.DataFrame(rows)


def contributor_rows(top: pd.DataFrame, lang: str, with_partner: bool = False) -> pd.DataFrame:
    """The lines adding most to the uncertainty: (partner,) row, activity label, t CO2e, share in %."""
    catalogue = load_catalogue()
    rows = []
    for r in top.itertuples():
        activity = catalogue.activities.get(str(r.activity))
        row: dict[str, object] = {}
        if with_partner:
            row[t("col_partner", lang)] = str(r.partner)
        row[t("col_row", lang)] = int(r.row)
        row[t("col_activity", lang)] = activity.label(lang) if activity else str(r.activity)
        row[t("tco2e", lang)] = tonnes(float(r.kg_co2e), lang)
        row[t("col_variance_share", lang)] = f"{fmt_number(100 * float(r.share), lang, 0)} %"
        rows.append(row)
    return pd.DataFrame(rows)


# --- partner ------------------------------------------------------------------------------------
def partner_change_figures(
    ws: Workspace, year: int, slug: str, emissions: pd.DataFrame
) -> tuple[Decomposition, list[float]] | None:
    """The partner's change from last year split, and the change's 95 % interval (market-based, kg).

    None when last year was not processed or this year has no lines. The run computes this once per
    partner and stores it (reporting/partner_results.py); the section draws what it is given.
    """
    old = _read_lines(ws.partner_processed_dir(year - 1, slug) / "emissions.csv")
    if old is None or emissions.empty:
        return None
    d = decompose_partner(old, emissions, year - 1, year)
    bounds = intervals_95(_parts(ws, old, -1.0) + _parts(ws, emissions, 1.0))["total_market"]
    return d, bounds


def partner_change(
    ws: Workspace,
    year: int,
    slug: str,
    emissions: pd.DataFrame,
    lang: str,
    figures: tuple[Decomposition, list[float]] | None = None,
) -> Block:
    """Why the partner's footprint changed since last year: sentence, waterfall, table, uncertainty.

    `figures` are `partner_change_figures` computed before (the run's stored ones); None: computed here.
    """
    figures = figures if figures is not None else partner_change_figures(ws, year, slug, emissions)
    title = heading(2, t("change_title", lang))
    if figures is None:
        return compose(title, paragraph(t("change_none", lang, year=year - 1)))
    d, bounds = figures
    tot = d.totals["total_market"]
    sentence = t(
        "change_sentence",
        lang,
        from_year=year - 1,
        change=_signed(tot.change, lang),
        activity=_signed(tot.activity_effect, lang),
        factor=_signed(tot.factor_effect, lang),
    )
    fig = waterfall((str(year - 1), tot.from_value), _steps(d, lang), (str(year), tot.to_value), lang)
    return compose(
        title,
        paragraph(sentence),
        fig,
        change_rows(d, lang),
        paragraph(_uncertainty_sentence(tot.change, bounds, lang)),
        heading(3, t("change_by_category", lang)),
        category_change_rows(d, lang),
        alt=t("change_title", lang),
    )


def partner_uncertainty(ws: Workspace, totals: dict, emissions: pd.DataFrame, lang: str) -> Block:
    """The partner's totals with 95 % intervals and the lines that add most to the uncertainty."""
    parts = _parts(ws, emissions)
    if not parts:
        return compose(heading(2, t("uncertainty_title", lang)))
    intervals = intervals_95(parts)
    top = top_contributors(emissions, "total_market", set_uncertainty=parts[0].set_uncertainty)
    return compose(
        heading(2, t("uncertainty_title", lang)),
        paragraph(t("unc_intro", lang)),
        interval_rows(totals, intervals, lang),
        heading(3, t("unc_top", lang)),
        contributor_rows(top, lang),
    )


def boundary_rows(records: list[dict], lang: str) -> pd.DataFrame:
    """The boundary table: category, status, reason."""
    rows = []
    for r in records:
        status = (
            status_label(r["status"], lang) if r.get("status") in STATUSES else t("boundary_unstated", lang)
        )
        rows.append(
            {
                t("col_category", lang): category_label(r["category"], lang),
                t("col_status", lang): status,
                t("col_reason", lang): r.get("reason") or "",
            }
        )
    return pd.DataFrame(rows)


def read_boundary(ws: Workspace, year: int, slug: str) -> list[dict]:
    """The partner's boundary.json (an empty list for a year run before the boundary sheet existed)."""
    path = ws.partner_processed_dir(year, slug) / BOUNDARY_JSON
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def partner_boundary(ws: Workspace, year: int, slug: str, section: str, lang: str) -> Block:
    """The partner's Scope 3 boundary, and the usually-material categories it leaves out (flagged)."""
    records = read_boundary(ws, year, slug)
    gaps = material_gaps(records, section) if records else []
    flag = None
    if gaps:
        names = ", ".join(category_label(c, lang) for c in gaps)
        flag = paragraph(t("boundary_gap", lang, categories=names), "pl-flag")
    return compose(
        heading(2, t("boundary_title", lang)),
        flag,
        boundary_rows(records, lang) if records else None,
    )


# --- network ------------------------------------------------------------------------------------
def _network_lines(ws: Workspace, year: int, keep: set[str] | None) -> pd.DataFrame | None:
    """The year's emission lines with partner_id; only the partners in `keep` when given."""
    lines = _read_lines(ws.processed_dir(year) / "emissions.csv")
    if lines is not None and keep is not None:
        lines = lines[lines["partner_id"].astype(str).isin(keep)]
    return lines


_CELL_COLUMNS = ("change", "activity_effect", "factor_effect", "membership")


def partner_effects(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Line effects per partner and line key, with `change` and `membership` columns.

    A partner joining or leaving has its whole change as membership and no activity or factor
    effect: each row is one partner's share of a published cell.
    """
    eff = line_effects(old, new, by=("partner_id",))
    before, after = set(old["partner_id"].astype(str)), set(new["partner_id"].astype(str))
    eff = eff.assign(
        change=eff["e1"] - eff["e0"],
        membership=np.where(eff["partner_id"].isin(before ^ after), eff["e1"] - eff["e0"], 0.0),
    )
    member = eff["partner_id"].isin(before ^ after)
    eff.loc[member, ["activity_effect", "factor_effect"]] = 0.0
    return eff


def _cell_publishable(per_partner: pd.DataFrame) -> bool:
    """True when every effect column (one row per partner) is zero for all or passes disclosure.rules.

    Effects have signs: publishable_signed, so that no partner's effect is the cell minus another's.
    """
    for column in _CELL_COLUMNS:
        values = per_partner[column].to_numpy()
        if np.any(values) and not rules.publishable_signed(values):
            return False
    return True


def _publishable_effects(old: pd.DataFrame, new: pd.DataFrame) -> bool:
    """True when, on both Scope 2 bases, every effect's partners form a publishable cell.

    One value per partner and effect (its activity, factor or membership kg in the total on that
    basis); an effect nobody contributes to (no partner joined or left) is 0 and may be printed.
    """
    eff = partner_effects(old, new)
    for basis in SCOPE2_BASES:
        rows = eff[on_basis(eff, basis)]
        if not _cell_publishable(rows.groupby("partner_id")[list(_CELL_COLUMNS)].sum()):
            return False
    return True


def public_categories(old: pd.DataFrame, new: pd.DataFrame, basis: str = "market") -> frozenset | None:
    """The (scope, category) rows of the change by category a public report may print, or None (none).

    A row is printed when its change and every effect pass disclosure.rules over the partners in it.
    The rows withheld add up to the total's change minus the rows printed, so together they form a
    cell of their own: when that cell is not publishable either (always so for one withheld row),
    nothing is printed.
    """
    eff = partner_effects(old, new)
    rows = eff[on_basis(eff, basis)]
    cells = rows.groupby(["scope", "category", "partner_id"])[list(_CELL_COLUMNS)].sum()
    shown: set[tuple[int, str]] = set()
    withheld: set[tuple[int, str]] = set()
    for (scope, category), cell in cells.groupby(level=["scope", "category"]):
        (shown if _cell_publishable(cell) else withheld).add((int(scope), str(category)))
    if withheld:
        keys = list(zip(rows["scope"].astype(int), rows["category"].astype(str), strict=True))
        rest = rows[[k in withheld for k in keys]]
        if not _cell_publishable(rest.groupby("partner_id")[list(_CELL_COLUMNS)].sum()):
            return None
    return frozenset(shown)


def _stamp(path: Path) -> tuple[int, int] | None:
    """(modification time, size) of a file, or None when it does not exist: part of a cache key."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size


def _key(keep: set[str] | None) -> frozenset[str] | None:
    return None if keep is None else frozenset(keep)


@dataclass(frozen=True)
class NetworkChange:
    """The network's change numbers, computed once per version of the two years' files (both languages)."""

    decomposition: Decomposition
    bounds: tuple[float, float]  # the change's 95 % interval, total market-based
    publishable: bool  # every effect passes disclosure.rules (what a public report may split)
    public_categories: frozenset | None = None  # (scope, category) rows a public report may print


def network_change_numbers(
    ws: Workspace, year: int, keep: set[str] | None = None, keep_old: set[str] | None = None
) -> NetworkChange | None:
    """Decomposition, interval and publishability of the network's change from `year - 1` (None without both)."""
    stamps = tuple(_stamp(ws.processed_dir(y) / "emissions.csv") for y in (year - 1, year))
    return _network_change(str(ws.root), year, _key(keep), _key(keep_old), stamps)


@functools.lru_cache(maxsize=16)
def _network_change(root: str, year: int, keep, keep_old, _stamps: tuple) -> NetworkChange | None:
    ws = Workspace.at(root)
    old = _network_lines(ws, year - 1, None if keep_old is None else set(keep_old))
    new = _network_lines(ws, year, None if keep is None else set(keep))
    if old is None or new is None or old.empty or new.empty:
        return None
    bounds = intervals_95(_parts(ws, old, -1.0) + _parts(ws, new, 1.0))["total_market"]
    d = decompose_network(old, new, year - 1, year)
    return NetworkChange(
        d, (bounds[0], bounds[1]), _publishable_effects(old, new), public_categories(old, new)
    )


def network_change(
    ws: Workspace,
    year: int,
    lang: str,
    keep: set[str] | None = None,
    public: bool = False,
    keep_old: set[str] | None = None,
    keys: tuple[str, ...] = SHOWN_TOTALS,
) -> Block:
    """The network's change since last year split into activity, factors and membership.

    `keep` / `keep_old`: the partners this report covers this year / last year (public: those of each
    year's publication); `keys`: the totals shown (public: those both years' public reports print).
    """
    title = heading(2, t("change_title", lang))
    numbers = network_change_numbers(ws, year, keep, keep_old)
    if numbers is None:
        return compose(title, paragraph(t("change_none", lang, year=year - 1)))
    if public and ("total_market" not in keys or not numbers.publishable):
        return compose(title, paragraph(t("change_merged", lang)))
    d = numbers.decomposition
    tot = d.totals["total_market"]
    p = public
    sentence = t(
        "change_sentence_network",
        lang,
        from_year=year - 1,
        change=_signed(_pub(tot.change, p), lang, p),
        activity=_signed(_pub(tot.activity_effect, p), lang, p),
        factor=_signed(_pub(tot.factor_effect, p), lang, p),
        membership=_signed(_pub(tot.membership_effect, p), lang, p),
    )
    steps = [(label, _pub(kg, p)) for label, kg in _steps(d, lang)]
    fig = waterfall((str(year - 1), _pub(tot.from_value, p)), steps, (str(year), _pub(tot.to_value, p)), lang)
    return compose(
        title,
        paragraph(sentence),
        fig,
        change_rows(d, lang, public, keys),
        paragraph(_uncertainty_sentence(tot.change, list(numbers.bounds), lang, public)),
        heading(3, t("change_by_category", lang)),
        *_by_category(numbers, lang, public),
        alt=t("change_title", lang),
    )


def _by_category(numbers: NetworkChange, lang: str, public: bool) -> list[object]:
    """The change by category; public: the rows passing disclosure.rules, or why none is printed."""
    if not public:
        return [category_change_rows(numbers.decomposition, lang)]
    if numbers.public_categories is None:
        return [paragraph(t("change_by_category_withheld", lang))]
    rows = category_change_rows(numbers.decomposition, lang, shown=numbers.public_categories)
    return [rows] if not rows.empty else []


@dataclass(frozen=True)
class NetworkSpread:
    """The network's totals, their 95 % intervals and every line's variance, once per file version."""

    totals: dict[str, float]
    intervals: dict[str, list[float]]
    per_partner_market: tuple[float, ...]  # each partner's total market-based: the publishability test
    lines: pd.DataFrame  # partner, row, activity, kg_co2e, variance


def network_spread(ws: Workspace, year: int, keep: set[str] | None = None) -> NetworkSpread | None:
    """The network's intervals (factors shared), computed once per version of the year's lines."""
    stamps = (_stamp(ws.processed_dir(year) / "emissions.csv"),)
    return _network_spread(str(ws.root), year, _key(keep), stamps)


@functools.lru_cache(maxsize=16)
def _network_spread(root: str, year: int, keep, _stamps: tuple) -> NetworkSpread | None:
    ws = Workspace.at(root)
    lines = _network_lines(ws, year, None if keep is None else set(keep))
    parts = _parts(ws, lines)
    if lines is None or not parts:
        return None
    sums = total_values(lines).sum(axis=0)
    market = TOTAL_KEYS.index("total_market")
    frames = [
        line_variances(p.emissions, "total_market", p.set_uncertainty).assign(partner=p.partner)
        for p in parts
    ]
    return NetworkSpread(
        dict(zip(TOTAL_KEYS, (float(v) for v in sums), strict=True)),
        intervals_95(parts),
        tuple(float(total_values(p.emissions)[:, market].sum()) for p in parts),
        pd.concat(frames, ignore_index=True),
    )


def network_uncertainty(
    ws: Workspace,
    year: int,
    lang: str,
    keep: set[str] | None = None,
    public: bool = False,
    keys: tuple[str, ...] = (*SHOWN_TOTALS, "biogenic_co2"),
) -> Block:
    """The network's totals with 95 % intervals (factors shared); the coordinator also sees the top lines.

    `keys`: the totals shown (public: those the public report prints).
    """
    spread = network_spread(ws, year, keep)
    if spread is None:
        return compose(heading(2, t("uncertainty_title", lang)))
    if public and (not keys or not rules.publishable(spread.per_partner_market)):
        return compose(heading(2, t("uncertainty_title", lang)), paragraph(t("change_merged", lang)))
    pieces: list[object] = [
        heading(2, t("uncertainty_title", lang)),
        paragraph(t("unc_intro", lang)),
        interval_rows(spread.totals, spread.intervals, lang, public, keys),
    ]
    if not public:  # a line is one partner's figure: named only in the coordinator's report
        top = with_shares(spread.lines).head(5)
        pieces += [heading(3, t("unc_top", lang)), contributor_rows(top, lang, with_partner=True)]
    return compose(*pieces)


def coverage_counts(records_by_partner: dict[str, list[dict]]) -> pd.DataFrame:
    """Partners per Scope 3 category and boundary status: category, included, excluded, not_relevant, unstated."""
    rows = []
    for code in scope3_categories():
        counts = {"included": 0, "excluded": 0, "not_relevant": 0, "unstated": 0}
        for records in records_by_partner.values():
            status = next((r.get("status") for r in records if r["category"] == code), None)
            key = "included" if status in INCLUDED else (status if status in counts else "unstated")
            counts[key] += 1
        rows.append({"category": code, **counts})
    return pd.DataFrame(rows)


def network_coverage(ws: Workspace, year: int, slugs: list[str], lang: str, public: bool = False) -> Block:
    """How many partners include, exclude or do not state each Scope 3 category (public: no count of 1 or 2)."""
    counts = coverage_counts({s: read_boundary(ws, year, s) for s in slugs})
    cols = {
        "included": t("col_included", lang),
        "excluded": t("col_excluded", lang),
        "not_relevant": t("col_not_relevant", lang),
        "unstated": t("col_unstated", lang),
    }
    shown = pd.DataFrame({t("col_category", lang): [category_label(c, lang) for c in counts["category"]]})
    # public: a row with a count of 1 or 2 is withheld whole (one hidden cell would be the partner
    # count minus the others)
    hidden = [
        public and not all(rules.count_shown(int(counts.loc[i, k])) for k in cols) for i in range(len(counts))
    ]
    for key, label in cols.items():
        shown[label] = [
            withheld_text(lang) if h else str(int(n)) for n, h in zip(counts[key], hidden, strict=True)
        ]
    return compose(heading(2, t("coverage_title", lang)), shown)
