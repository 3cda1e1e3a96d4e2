"""The default research export: aggregate tables only, every cell through `disclosure.rules`.

Two tables per year, both safe to publish:

- `group_totals`: one row per group of partners (wide TOL sector group × FTE band), with partner
  count, Scope 1, Scope 2 (both bases), Scope 3 and both totals in t CO2e, and the median
  market-based total where `rules.order_statistics_allowed`; a row `other`/`other` for the merged
  small groups and a row `all`/`all` for the year's total;
- `category_totals`: one row per scope and category over all consenting partners, with the number
  of contributing partners and t CO2e on each Scope 2 basis; per scope a merged `<scope>_other` row
  and an `all` row (the scope's total).

Secondary suppression, as `disclosure.tables` does it: a group (or category) with any cell that
`rules.publishable` refuses is merged into the `other` row; while the `other` row is itself
refused, the published group with the fewest contributors joins it. So every published cell passes
the threshold and the p %-rule, the rows of a table add up to its `all` row, and no refused cell is
the difference of published ones. A measure whose year (or scope) total is refused is withheld in
every row of that year (or scope), together with the totals it is part of, since
total = Scope 1 + Scope 2 + Scope 3 would give it back. Magnitudes are rounded with
`rules.round_published`; a count is shown only where `rules.count_shown`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

from paastolaskuri.accounting.calculation import on_basis
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.tables import MultiCell, split_publishable
from paastolaskuri.research.disclosure import FTE_BANDS, band, sector_group
from paastolaskuri.research.schema import CATEGORY_TOTALS, GROUP_TOTALS

OTHER = "other"
ALL = "all"
SCOPE_MEASURES = ("scope1", "scope2_location", "scope2_market", "scope3")
TOTAL_PARTS = {
    "total_location": {"scope1", "scope2_location", "scope3"},
    "total_market": {"scope1", "scope2_market", "scope3"},
}
GROUP_MEASURES = (*SCOPE_MEASURES, *TOTAL_PARTS)
# the public network report's scope rows, by the measures and category scopes they hold
PUBLIC_SCOPE_ROWS = {
    "scope1": (("scope1",), 1),
    "scope2_market": (("scope2_location", "scope2_market"), 2),
    "scope3": (("scope3",), 3),
}


def withheld_with_public(merged_rows: Sequence[str]) -> tuple[set[str], set[int]]:
    """The measures and the category scopes withheld because the public report merges their scopes.

    Where the public network report prints "Scope 1 + Scope 3" as one row, a research table that
    printed Scope 3 alone would give Scope 1 back as the difference of the two publications; so a
    scope the public report merges is merged here too: not printed on its own, nor its categories.
    """
    measures: set[str] = set()
    scopes: set[int] = set()
    for row in merged_rows:
        held, scope = PUBLIC_SCOPE_ROWS.get(row, ((), 0))
        measures.update(held)
        scopes.add(scope)
    return measures, scopes


BASES = ("location", "market")


def partners_form_a_publishable_cell(rows: pd.DataFrame) -> bool:
    """True when these partner rows (processed `partners` columns) pass `rules.publishable` on every total.

    Used for partners whose figures would be a difference of two publications: those left out of the
    research tables against the public report, and those that changed since the last package.
    """
    columns = [f"kg_{m}" for m in GROUP_MEASURES if f"kg_{m}" in rows]
    if rows.empty or not columns:
        return False
    return all(rules.publishable(pd.to_numeric(rows[c]).fillna(0.0).tolist()) for c in columns)


def _per_partner(frame: pd.DataFrame, keys: Sequence[Hashable], measures: Sequence[str]) -> pd.DataFrame:
    """Each partner's amounts summed over the rows of `keys` (a partner counts once per cell)."""
    rows = frame[frame["key"].isin(list(keys))]
    return rows.groupby("partner")[list(measures)].sum()


def multi_cells(frame: pd.DataFrame, measures: Sequence[str]) -> dict[Hashable, MultiCell]:
    """{key: MultiCell} of a frame of key, partner and measure columns (keys in order of appearance)."""
    out: dict[Hashable, MultiCell] = {}
    values = {m: pd.to_numeric(frame[m]).fillna(0.0).to_numpy() for m in measures}
    for i, (key, partner) in enumerate(zip(frame["key"], frame["partner"], strict=True)):
        cell = out.setdefault(key, MultiCell.of(measures))
        for m in measures:
            amounts = cell.parts[m].amounts
            amounts[partner] = amounts.get(partner, 0.0) + float(values[m][i])
    return out


def cell_publishable(frame: pd.DataFrame, keys: Sequence[Hashable], measures: Sequence[str]) -> bool:
    """True when the cell made of `keys` passes `rules.publishable` on every measure."""
    whole = MultiCell.of(measures)
    for cell in multi_cells(frame[frame["key"].isin(list(keys))], measures).values():
        whole.absorb(cell)
    return whole.publishable()


def published_measures(
    frame: pd.DataFrame, measures: Sequence[str], totals: dict[str, set[str]]
) -> list[str]:
    """The measures whose overall cell is publishable; a total goes with any of its withheld parts."""
    everything = list(dict.fromkeys(frame["key"]))
    ok = [m for m in measures if cell_publishable(frame, everything, [m])]
    return [m for m in ok if m not in totals or totals[m] <= set(ok)]


def merge_small(frame: pd.DataFrame, measures: Sequence[str]) -> tuple[list, list]:
    """(published keys, keys merged into `other`) for a frame of key, partner and measure columns.

    The secondary suppression of `disclosure.tables` (`split_publishable`), on every measure at
    once. With no measure there is nothing to show.
    """
    if not measures:
        return [], list(dict.fromkeys(frame["key"]))
    return split_publishable(multi_cells(frame, measures), MultiCell.of(measures))


def _t(kg: float) -> float | None:
    return rules.round_published(kg / 1000.0)


def _row(frame: pd.DataFrame, keys: list, measures: Sequence[str], shown: Sequence[str]) -> dict:
    """One published row: partner count (where shown), rounded t CO2e per shown measure, else None."""
    amounts = _per_partner(frame, keys, measures)
    n = len(amounts)
    row: dict = {"partners": n if rules.count_shown(n) else None}
    for m in measures:
        row[m] = _t(float(amounts[m].sum())) if m in shown else None
    return row


def group_key(partner: pd.Series) -> tuple[str, str]:
    """A partner row's research group: (wide TOL sector group, FTE band)."""
    return sector_group(partner["section"], 1), band(partner["employees_fte"], FTE_BANDS, 0)


def group_totals(partners: pd.DataFrame, public_merged: dict | None = None) -> pd.DataFrame:
    """The `group_totals` table of consenting partners' processed rows (one per partner and year).

    `public_merged`: {year: the scope rows the year's public network report merges}; those scopes
    (and every total holding them) are withheld here too (`withheld_with_public`).
    """
    records = []
    for year, part in partners.groupby("year", sort=True):
        frame = pd.DataFrame(
            {
                "key": [group_key(r) for _, r in part.iterrows()],
                "partner": part["partner_id"].astype(str).to_numpy(),
                **{m: pd.to_numeric(part[f"kg_{m}"]).fillna(0.0).to_numpy() for m in GROUP_MEASURES},
            }
        )
        held, _ = withheld_with_public((public_merged or {}).get(int(year), ()))
        shown = published_measures(frame, [m for m in GROUP_MEASURES if m not in held], TOTAL_PARTS)
        kept, small = merge_small(frame, shown)
        rows = [(k, [k]) for k in sorted(kept)]
        if small and kept:
            rows.append(((OTHER, OTHER), small))
        rows.append(((ALL, ALL), list(dict.fromkeys(frame["key"]))))
        for (sector, fte), keys in rows:
            row = _row(frame, keys, GROUP_MEASURES, shown)
            totals = _per_partner(frame, keys, ["total_market"])["total_market"]
            median = (
                _t(float(totals.median()))
                if "total_market" in shown and rules.order_statistics_allowed(len(totals))
                else None
            )
            records.append(
                {
                    "year": int(year),
                    "sector_group": sector,
                    "fte_band": fte,
                    **row,
                    "median_total_market": median,
                }
            )
    out = pd.DataFrame(records).rename(columns={m: f"t_{m}" for m in GROUP_MEASURES})
    out = out.rename(columns={"median_total_market": "median_t_total_market"})
    out["partners"] = out["partners"].astype("Int64")
    return out.reindex(columns=GROUP_TOTALS.names)


def _category_frame(emissions: pd.DataFrame) -> pd.DataFrame:
    """Per partner, year, scope and category: kg on each Scope 2 basis (the library's basis rule)."""
    kg = pd.to_numeric(emissions["kg_co2e"]).fillna(0.0)
    frame = pd.DataFrame(
        {
            "year": emissions["year"].astype(int).to_numpy(),
            "scope": emissions["scope"].astype(int).to_numpy(),
            "key": emissions["category"].astype(str).to_numpy(),
            "partner": emissions["partner_id"].astype(str).to_numpy(),
            "location": np.where(on_basis(emissions, "location"), kg, 0.0),
            "market": np.where(on_basis(emissions, "market"), kg, 0.0),
        }
    )
    return frame.groupby(["year", "scope", "key", "partner"], as_index=False)[list(BASES)].sum()


def category_totals(emissions: pd.DataFrame, public_merged: dict | None = None) -> pd.DataFrame:
    """The `category_totals` table of consenting partners' emission lines.

    No category of a scope that the year's public network report merges (`public_merged`, as in
    `group_totals`) is printed.
    """
    records = []
    if emissions.empty:
        return pd.DataFrame(columns=GROUP_TOTALS.names).reindex(columns=CATEGORY_TOTALS.names)
    for (year, scope), frame in _category_frame(emissions).groupby(["year", "scope"], sort=True):
        if int(scope) in withheld_with_public((public_merged or {}).get(int(year), ()))[1]:
            continue
        shown = published_measures(frame, BASES, {})
        kept, small = merge_small(frame, shown)
        rows = [(k, [k]) for k in sorted(kept)]
        if small and kept:
            rows.append((f"s{scope}_{OTHER}", small))
        rows.append((ALL, list(dict.fromkeys(frame["key"]))))
        for category, keys in rows:
            row = _row(frame, keys, BASES, shown)
            records.append(
                {
                    "year": int(year),
                    "scope": int(scope),
                    "category": category,
                    "partners": row["partners"],
                    "t_co2e_location": row["location"],
                    "t_co2e_market": row["market"],
                }
            )
    out = pd.DataFrame(records).reindex(columns=CATEGORY_TOTALS.names)
    out["partners"] = out["partners"].astype("Int64")
    return out
