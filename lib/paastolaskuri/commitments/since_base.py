"""How much of a target's change since its base year is activity and how much emission factors.

The base year as it was reported (its processed lines, with the set it was computed with) against the
reporting year: `accounting.change` splits the change of the emissions a target covers into an
activity effect and a factor effect, so a "reduction" that is a factor revision is named as one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from paastolaskuri.accounting.change import Decomposition, TotalChange, decompose_partner
from paastolaskuri.core.workspace import Workspace, partner_slug

#: the totals (accounting.change) that add up to each target coverage; "categories" sums its categories
COVERAGE_TOTALS = {
    "scope1": ("scope1",),
    "scope12_market": ("scope1", "scope2_market"),
    "scope12_location": ("scope1", "scope2_location"),
    "scope123": ("total_market",),
}


@dataclass(frozen=True)
class BaseChange:
    """A target's covered emissions from its base year to `year`, in t CO2e, and the two effects."""

    base_year: int
    year: int
    change_t: float
    activity_t: float
    factor_t: float


#: the Scope 2 basis a "categories" target's covered emissions are tracked on (commitments.tracking)
CATEGORIES_BASIS = "market"


def _category_parts(d: Decomposition, categories: tuple[str, ...]) -> list[TotalChange]:
    """The covered categories' rows (Scope 2 market-based) as TotalChanges, as tracking sums them."""
    table = d.categories
    rows = table[(table["basis"] == CATEGORIES_BASIS) & table["category"].isin(list(categories))]
    return [
        TotalChange(
            str(r.category), float(r["from"]), float(r.to), float(r.activity_effect), float(r.factor_effect)
        )
        for _, r in rows.iterrows()
    ]


def coverage_change(d: Decomposition, coverage: str, categories: tuple[str, ...] = ()) -> BaseChange | None:
    """The change of the emissions `coverage` covers, split (None when it covers nothing split).

    `categories`: the category codes of a coverage "categories" target.
    """
    if d.from_year is None or d.to_year is None:
        return None
    if coverage == "categories" and categories:
        parts = _category_parts(d, categories)
    elif coverage in COVERAGE_TOTALS:
        parts = [d.totals[k] for k in COVERAGE_TOTALS[coverage]]
    else:
        return None
    return BaseChange(
        d.from_year,
        d.to_year,
        sum(p.change for p in parts) / 1000.0,
        sum(p.activity_effect for p in parts) / 1000.0,
        sum(p.factor_effect for p in parts) / 1000.0,
    )


def _lines(ws: Workspace, year: int, slug: str) -> pd.DataFrame | None:
    path = ws.partner_processed_dir(year, slug) / "emissions.csv"
    return pd.read_csv(path, keep_default_na=False, na_values=[""]) if path.is_file() else None


def change_since_base(
    ws: Workspace, partner_id: str, base_year: int, year: int, coverage: str, categories: tuple[str, ...] = ()
) -> BaseChange | None:
    """The split of a target's change from `base_year` to `year` (None without both years' lines)."""
    if base_year >= year or (
        coverage not in COVERAGE_TOTALS and not (coverage == "categories" and categories)
    ):
        return None
    slug = partner_slug(partner_id)
    old, new = _lines(ws, base_year, slug), _lines(ws, year, slug)
    if old is None or new is None:
        return None
    return coverage_change(decompose_partner(old, new, base_year, year), coverage, categories)
