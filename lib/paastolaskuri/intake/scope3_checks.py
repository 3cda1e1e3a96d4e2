"""Category 3 double cover: a manual well-to-tank or T&D line beside the set's derived line for the same energy.

A manual category-3 activity names what it covers in the catalogue (`covers`, e.g. `td_loss:electricity`
or `wtt:s1_stationary`). When the file also has a line of a covered activity (or category) for which
the factor set derives that basis, both count the same upstream emissions: `check` warns on the
manual line. Sites narrow the match: two lines with different, non-empty sites cover different energy.
"""

from __future__ import annotations

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
    problems = []
    for rec in lines.itertuples():
        manual = catalogue.activities.get(rec.activity)
        if manual is None or not manual.covers:
            continue
        for other in lines.itertuples():
            activity = catalogue.activities.get(other.activity)
            if other.Index == rec.Index or activity is None:
                continue
            if rec.site and other.site and rec.site != other.site:
                continue
            hit = next(
                (
                    basis
                    for basis, _, target in (c.partition(":") for c in manual.covers)
                    if _covered(activity, target) and (activity.key, basis) in derived
                ),
                None,
            )
            if hit:
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
                break
    return problems
