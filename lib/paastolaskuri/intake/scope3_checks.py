"""Category 3 double cover: a manual well-to-tank or T&D line beside the set's derived line for the same energy.

A manual category-3 activity names what it covers in the catalogue (`covers`, e.g. `td_loss:electricity`
or `wtt:s1_stationary`). When the file also has a line of a covered activity (or category) for which
the factor set derives that basis, both count the same upstream emissions: `check` warns on the
manual line. Sites narrow the match: two lines with different, non-empty sites cover different energy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from paastolaskuri.accounting.catalogue import Catalogue
from paastolaskuri.messages import Problem


def _covered(activity, target: str) -> bool:
    return target in (activity.key, activity.category.code)


def double_cover_problems(
    display: str, sheet: str, column: str, lines: pd.DataFrame, coef: pd.DataFrame, catalogue: Catalogue
) -> list[Problem]:
    """Warnings for manual category-3 lines whose energy a derived line of the same basis already covers.

    `coef` is the set's coefficient table (calculation.build_coefficients); `column` the activity column.
    """
    with_factor = coef[coef["factor_id"] != ""]
    derived = set(zip(with_factor["activity"], with_factor["basis"], strict=True))
    rows = list(lines.itertuples())
    candidates_of: dict[str, _Candidates] = {}  # per manual activity: the lines it could double-cover
    problems = []
    for rec in rows:
        manual = catalogue.activities.get(rec.activity)
        if manual is None or not manual.covers:
            continue
        if manual.key not in candidates_of:
            candidates_of[manual.key] = _candidates(manual, rows, catalogue, derived)
        found = candidates_of[manual.key].first_for(rec)
        if found is not None:
            other, activity, hit = found
            problems.append(
                Problem(
                    display,
                    "c3_double_cover",
                    sheet,
                    f"{column}{rec.row}",
                    {"activity": manual.key, "other": activity.key, "row": other.row, "basis": hit},
                    "warning",
                )
            )
    return problems


def _first_hit(manual, activity, derived: set) -> str | None:
    """The first basis of `manual.covers` that `activity` falls under and the set derives, or None."""
    return next(
        (
            basis
            for basis, _, target in (c.partition(":") for c in manual.covers)
            if _covered(activity, target) and (activity.key, basis) in derived
        ),
        None,
    )


@dataclass
class _Candidates:
    """The lines one manual activity could double-cover, in file order, also grouped by site."""

    in_order: list = field(default_factory=list)  # (position, line, activity, basis)
    by_site: dict[str, list] = field(default_factory=dict)

    def first_for(self, rec) -> tuple | None:
        """The first candidate in file order that is not `rec` and whose site does not differ from its site."""
        if rec.site:
            # a line of the same site or of no site: the earlier of the two groups' first entries
            firsts = [_first_other(self.by_site.get(site, []), rec) for site in (rec.site, "")]
            found = min((f for f in firsts if f is not None), default=None, key=lambda f: f[0])
        else:
            found = _first_other(self.in_order, rec)
        return found[1:] if found else None


def _first_other(entries: list, rec) -> tuple | None:
    return next((e for e in entries if e[1].Index != rec.Index), None)


def _candidates(manual, rows: list, catalogue: Catalogue, derived: set) -> _Candidates:
    # one pass over the lines per manual activity (not per manual line), grouped by site: the check
    # stays linear even when many manual lines and covered lines are on different sites
    hits: dict[str, tuple] = {}
    found = _Candidates()
    for position, other in enumerate(rows):
        if other.activity not in hits:
            activity = catalogue.activities.get(other.activity)
            hits[other.activity] = (activity, _first_hit(manual, activity, derived) if activity else None)
        activity, hit = hits[other.activity]
        if hit:
            entry = (position, other, activity, hit)
            found.in_order.append(entry)
            found.by_site.setdefault(other.site or "", []).append(entry)
    return found
