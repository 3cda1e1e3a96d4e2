"""One checked answer of the answer key (`Exercise`) and the look-ups every key module shares.

Its own module so that the key's parts (`key` for assignments 01-03, `key_actions` for 04) import it
from below instead of from each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from paastolaskuri.accounting.factors import FactorSet
from paastolaskuri.core.i18n import pair
from paastolaskuri.footprint import Footprint

REL_TOL = 0.005  # 0.5 %: rounding of intermediate steps is fine, a slip is not


@dataclass(frozen=True)
class Exercise:
    """One checked answer: expected value, unit, typical mistakes (value, hint key) and how to get it."""

    kind: str  # number, category, text, cells
    expected: Any
    unit: str = ""
    mistakes: tuple[tuple[Any, str], ...] = ()
    thousand: str = "result_unit"  # the hint when the answer is off by 1000
    how: tuple[str, str] = ("", "")
    rel_tol: float = REL_TOL

    def tolerance(self) -> float:
        """The accepted relative error: REL_TOL, narrowed so that no typical mistake falls inside it.

        Scope 1 as CO2 alone is 0.2 % under its CO2e: within a flat 0.5 % it would pass, so the
        tolerance is a third of the nearest mistake's distance when that is smaller.
        """
        if self.kind != "number" or not self.expected:
            return self.rel_tol
        expected = float(self.expected)
        gaps = [abs(float(w) - expected) / abs(expected) for w, _ in self.mistakes]
        gaps = [g for g in gaps if g > 0]
        return min([self.rel_tol] + [g / 3 for g in gaps])


def how_to(exercise: str) -> tuple[str, str]:
    """How to get an exercise's answer, (fi, en): "02.flight_kg" -> ("hkm × kg CO2e/hkm", "pkm × ...")."""
    return pair(f"coursework.how.{exercise.split('.', 1)[1]}")


def row_of(fp: Footprint, activity: str, basis: str = "direct") -> pd.Series:
    """The engine's emission line of an activity on a basis (direct, location, market, wtt)."""
    e = fp.emissions
    return e[(e["activity"] == activity) & (e["basis"] == basis)].iloc[0]


def factor_set_of(fp: Footprint) -> FactorSet:
    """The footprint's factor set (a computed footprint always has one)."""
    if fp.factor_set is None:
        raise RuntimeError("no factor set: the case year is not pinned")
    return fp.factor_set
