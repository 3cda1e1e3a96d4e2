"""The microdata audited against everything public before it is written (issue 18).

The microdata's noise (`research.noise`) is one factor f per partner for every year and figure,
and the public network report and the aggregate research tables print the same partners' figures
exactly (3 significant digits). A researcher holding both has, per public figure, one linear
equation Σ g_i·ỹ_i (+ the partners not in the microdata) = printed ± rounding in the unknowns
g_i = 1/f_i. A public cell minus its other contributors' noisy figures gives a dominant partner's
factor (the complement); three years of totals, scopes, categories and sections can pin them all
(the linear system). Knowing the side of its noise gives every figure of a partner within ±5 %.

So before writing, the export builds one linear model of what a researcher would hold, over every
year of the export (`disclosure.audit.noisy_audit`): unknowns per (partner, year, item) as the
joint audit has them (`research.joint_audit.joint_truth`, location-based Scope 2 per category),
one factor unknown per microdata partner, and the figures:
- each year's public figures: what the public outputs print today (`public_year_figures`) and
  what the year's ledger says they printed (when it still agrees with the data);
- each year's aggregate research cells as an aggregate export of the same years prints them;
- each microdata partner-year's totals and scopes (`partner_years`) and category rows
  (`category_years`), each tied to the partner's factor.
A microdata partner passes when both sides of its noise stay feasible; a partner left out of the
microdata when its totals, scopes, location-based Scope 2 and biogenic CO2 keep ±p % (the
p %-rule). On failure partners are withheld from the microdata, at most `WITHHOLD_SHARE` of them
per round (each chosen by `withhold_next`), and the tables rebuilt; when nothing is left to
withhold, the export is refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from paastolaskuri.accounting.calculation import figure_differs_by_basis
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure.audit import (
    AuditResult,
    Factor,
    Figure,
    NoisyFigure,
    Target,
    consistent,
    noisy_audit,
)
from paastolaskuri.disclosure.ledger import ledger_path, read_publication
from paastolaskuri.reporting.network_audit import partner_ids
from paastolaskuri.reporting.year_figures import public_year_figures
from paastolaskuri.research.joint_audit import (
    category_figures,
    group_figures,
    joint_targets,
    joint_truth,
    split_location,
)
from paastolaskuri.research.noise import NOISE_MAX, NOISE_MIN
from paastolaskuri.research.tables import TOTALS, ResearchTables

WITHHOLD_SHARE = 0.25  # at most this share of the microdata partners (at least one) is withheld per round
NOISE_SIDE = " noise side"  # the end of a factor violation's name (`disclosure.audit.noisy_audit`)
SEPARATOR = "|"  # between the year and the item in a model item: "2024|market:s1_mobile"
# the g = 1/f hull of every factor, and the two values a protected factor must be able to reach
FACTOR_HULL = (1.0 / (1.0 + NOISE_MAX), 1.0 / (1.0 - NOISE_MAX))
NOISE_SIDES = (1.0 / (1.0 + NOISE_MIN), 1.0 / (1.0 - NOISE_MIN))
# which scopes (and whether the location-based Scope 2) each partner_years total adds up
TOTAL_SCOPES = {
    "t_scope1": ({1}, False),
    "t_scope2_market": ({2}, False),
    "t_scope2_location": (set(), True),
    "t_scope3": ({3}, False),
    "t_total_market": ({1, 2, 3}, False),
    "t_total_location": ({1, 3}, True),
}
assert set(TOTAL_SCOPES) == set(TOTALS.values()), "every partner_years total is modelled"


def year_item(year: int, item: str) -> str:
    """A model item of one year (the audit's unknowns are (partner, item); years share one model)."""
    return f"{int(year)}{SEPARATOR}{item}"


def _in_year(year: int, items) -> frozenset:
    return frozenset(year_item(year, i) for i in items)


@dataclass
class PublicModel:
    """What a researcher holds besides the microdata: every public figure of the export's years.

    `truth`: (partner, year item) -> kg of every partner of the years; `scope_of`: year ->
    {category: scope}; `targets`: partner -> its targets for when it is not in the microdata.
    """

    truth: dict = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    scope_of: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)


def _printed(ws: Workspace, year: int) -> list[Figure]:
    """The year's public figures: as printed today, and as the year's ledger recorded them."""
    today = public_year_figures(ws, year).publication
    ledger = read_publication(ledger_path(ws.root, year))
    return list(today.figures if today else []) + list(ledger.figures if ledger else [])


def _holds(truth: dict, figure: Figure) -> bool:
    """True when `figure` agrees with the data (a sum within its rounding; an LP when it names a partner gone)."""
    known = {p for p, _ in truth}
    if not figure.partners <= known:
        return consistent(truth, [figure])
    low, high = figure.bounds
    total = sum(truth.get(t, 0.0) for t in figure.terms)
    return low - 1e-9 * max(abs(total), 1.0) <= total <= high + 1e-9 * max(abs(total), 1.0)


def public_model(
    ws: Workspace,
    everyone: pd.DataFrame,
    emissions: pd.DataFrame,
    research: dict,
) -> PublicModel:
    """The model of every public figure of the years of `everyone` (all partners' processed rows).

    `research`: year -> (group_totals rows, category_totals rows, the partners they cover) of the
    aggregate research export of the same years. A ledger figure that no longer agrees with the
    data (a correction since) cannot be modelled and is left out (docs/security.md says so).
    """
    model = PublicModel()
    for year, partners in everyone.groupby("year", sort=True):
        year = int(year)
        lines = emissions[emissions["year"].astype(int) == year] if len(emissions) else emissions
        truth, scope_of = joint_truth(partners, lines)
        figures = split_location(_printed(ws, year), scope_of)
        if year in research:
            groups, categories, covered = research[year]
            figures += group_figures(groups, covered, scope_of) + category_figures(
                categories, covered, scope_of
            )
        # a figure the data no longer give (a correction since its publication; a research row the
        # model reads differently, as the joint audit also finds) cannot be modelled: left out
        figures = [f for f in figures if _holds(truth, f)]
        model.truth.update({(p, year_item(year, i)): v for (p, i), v in truth.items()})
        model.figures += [
            Figure(f"{year} {f.name}", f.partners, _in_year(year, f.items), f.value, f.exact) for f in figures
        ]
        model.scope_of[year] = scope_of
        for t in joint_targets(partner_ids(partners), truth, scope_of, set()):
            model.targets.setdefault(t.partner, []).append(
                Target(f"{year} {t.name}", t.partner, _in_year(year, t.items))
            )
    return model


def _items_by_partner(truth: dict) -> dict[str, list[str]]:
    """Each partner's non-zero model items (an index: `noisy_figures` looks them up per partner-year)."""
    out: dict[str, list[str]] = {}
    for p, i in truth:
        out.setdefault(p, []).append(i)
    return out


def _own_items(items: dict[str, list[str]], partner: str, year: int, basis: str) -> dict[str, str]:
    """{model item: category} of `partner`'s non-zero items of `year` on `basis` ("market", "location")."""
    prefix = year_item(year, f"{basis}:")
    return {i: i[len(prefix) :] for i in items.get(partner, ()) if i.startswith(prefix)}


def _label_items(rows: pd.DataFrame, mine: dict[str, str], scope_of: dict) -> dict[str, frozenset]:
    """{category_years row label: the model items it adds up} for one partner-year on one basis.

    A category printed on its own row is its own label; the rest of a scope is in "s<scope>_other".
    """
    labels = set(rows["category"].astype(str))
    out: dict[str, set] = {}
    for item, cat in mine.items():
        label = cat if cat in labels else f"s{scope_of.get(cat)}_other"
        out.setdefault(label, set()).add(item)
    return {label: frozenset(items) for label, items in out.items()}


def noisy_figures(tables: ResearchTables, model: PublicModel) -> list[NoisyFigure]:
    """Every released noisy magnitude of the microdata tables, tied to its partner's factor.

    partner_years: each total and scope; category_years: each row on each basis (the location-based
    one for Scope 2 only: elsewhere it repeats the market-based one). Lines and bands are not
    modelled (a category's lines add up to its row within their rounding; docs/security.md).
    """
    out: list[NoisyFigure] = []
    partner_of = tables.partner_of
    own = _items_by_partner(model.truth)
    for r in tables.partner_years.to_dict(orient="records"):
        p, year = partner_of[r["pseudonym"]], int(r["year"])
        scope_of = model.scope_of.get(year, {})
        market, location = _own_items(own, p, year, "market"), _own_items(own, p, year, "location")
        for column, (scopes, with_location) in TOTAL_SCOPES.items():
            value = r.get(column)
            if value is None or pd.isna(value):
                continue
            items = {i for i, c in market.items() if scope_of.get(c) in scopes}
            items |= set(location) if with_location else set()
            out.append(
                NoisyFigure(f"{year} {column}", p, frozenset(items), float(value) * 1000.0, factor_name(p))
            )
    cy = tables.category_years
    for (pseudonym, year), rows in cy.groupby(["pseudonym", "year"]) if len(cy) else ():
        p, year = partner_of[pseudonym], int(year)
        scope_of = model.scope_of.get(year, {})
        for basis in ("market", "location"):
            labels = _label_items(rows, _own_items(own, p, year, basis), scope_of)
            for r in rows.to_dict(orient="records"):
                value = r.get(f"t_co2e_{basis}")
                if value is None or pd.isna(value) or not figure_differs_by_basis(basis, int(r["scope"])):
                    continue
                held = labels.get(str(r["category"]), frozenset())
                name = f"{year} {r['category']} {basis}"
                out.append(NoisyFigure(name, p, held, float(value) * 1000.0, factor_name(p)))
    return out


def factor_name(partner: str) -> str:
    """The name of a partner's factor unknown g = 1/f."""
    return f"g:{partner}"


@dataclass
class MicrodataAudit:
    """What the audit of the microdata against the public figures did."""

    withheld: list[str] = field(default_factory=list)  # partners withheld from the microdata, in order
    rounds: int = 0
    result: AuditResult | None = None


def withhold_next(violation_target: str, model: PublicModel, micro: set[str], target_of: dict) -> str | None:
    """The partner to withhold after a violation, or None when none would help.

    A factor whose side is known: that partner. A partner outside the microdata narrowed within
    ±p %: the microdata partner with the largest amount in the figures that hold its target's
    items (its noisy figures pin the complement).
    """
    if violation_target.endswith(NOISE_SIDE):
        return violation_target[: -len(NOISE_SIDE)].removeprefix("g:")
    target = target_of.get(violation_target)
    if target is None:
        return None
    terms = target.terms
    weight: dict[str, float] = {}
    for fig in model.figures:
        if fig.terms & terms:
            for p in fig.partners & micro:
                weight[p] = weight.get(p, 0.0) + sum(abs(model.truth.get((p, i), 0.0)) for i in fig.items)
    ranked = sorted(weight, key=lambda p: (-weight[p], p))
    return ranked[0] if ranked else None


def audit_microdata(
    model: PublicModel,
    build: Callable[[frozenset], ResearchTables],
    true_factor: Callable[[str], float],
) -> tuple[ResearchTables | None, MicrodataAudit]:
    """The microdata tables that pass the audit, withholding partners greedily; None when none can.

    Each round audits every check and withholds one partner (see the loop); rounds repeat until the
    audit passes or nobody is left.

    `build(withheld)` makes the tables without the `withheld` partners (k-anonymity then runs over
    the rest, so the tables change); `true_factor(partner)` is the partner's g = 1/f.
    """
    done = MicrodataAudit()
    withheld: set[str] = set()
    while True:
        tables = build(frozenset(withheld))
        micro = set(tables.partner_of.values())
        done.rounds += 1
        if not micro:
            return None, done
        factors = [Factor(factor_name(p), FACTOR_HULL, true_factor(p), *NOISE_SIDES) for p in sorted(micro)]
        targets = [t for p in sorted(set(model.targets) - micro) for t in model.targets[p]]
        # a share of the microdata partners per round (rounds cost a rebuild and an audit each)
        limit = max(1, math.ceil(WITHHOLD_SHARE * len(micro)))
        result = noisy_audit(
            model.truth, model.figures, noisy_figures(tables, model), factors, targets, limit=limit
        )
        done.result = result
        if result.passed:
            return tables, done
        # partners whose side is known are withheld (their amounts become unknowns in every cell they
        # are in, which may free the others); for a partner left out narrowed by the others' noisy
        # figures, the largest microdata partner of the cells that narrow it
        target_of = {t.name: t for t in targets}
        named = {withhold_next(v.target, model, micro, target_of) for v in result.violations}
        chosen = {p for p in named if p is not None and p in micro}
        if not chosen:
            return None, done
        withheld |= chosen
        done.withheld += sorted(chosen)


__all__ = [
    "FACTOR_HULL",
    "NOISE_SIDES",
    "MicrodataAudit",
    "PublicModel",
    "audit_microdata",
    "factor_name",
    "noisy_figures",
    "public_model",
    "withhold_next",
    "year_item",
]
