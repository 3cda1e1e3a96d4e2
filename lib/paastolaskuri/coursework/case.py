"""A deterministic coursework case per student: the same line kinds for everyone, different numbers.

The case is a clearly fictional partner (its name says it is a coursework case). Everything is
derived from a seed: for a graded case HMAC(course secret, student ID) (secret.py), so only the
teacher's course folder regenerates it; without the secret a *practice* case from a plain hash of
the ID, in a visibly different ID space (``practice-…`` against ``kurssi-…``). Two IDs almost
surely differ in quantities, units, sector and name.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field

from paastolaskuri.core.i18n import pair
from paastolaskuri.coursework.case_data import (
    CONTACT,
    NAME,
    OWN_FACTOR_SOURCE,
    PLACES,
    PRACTICE_NAME_PREFIX,
    SECTORS,
    SITE,
)
from paastolaskuri.coursework.constants import CASE_YEAR, VAT_RATE
from paastolaskuri.coursework.secret import keyed_seed

PRACTICE_PREFIX = "practice"  # a practice case's partner ID: practice-123456 (no key is ever given)
COURSE_PREFIX = "kurssi"  # a graded case's partner ID: kurssi-123456 (derived from the course secret)
OTHER_SPEND = ("spend_furniture", "spend_electronics", "spend_cleaning", "spend_catering_services")


@dataclass(frozen=True)
class Case:
    """One student's fictional partner: organisation, template lines and the facts a student is given."""

    student_id: str
    seed: int
    partner_id: str
    name: str
    sector: str
    sector_word_fi: str
    sector_word_en: str
    year: int
    employees_fte: int
    lines: tuple[dict, ...]
    facts: dict = field(default_factory=dict)
    graded: bool = False  # True: derived from the course secret (a case the teacher grades)

    def organisation(self) -> dict:
        """The organisation sheet's values (the case is marked fictional in its name and ID)."""
        return {
            "partner_id": self.partner_id,
            "name": self.name,
            "sector": self.sector,
            "employees_fte": self.employees_fte,
            "year": self.year,
            "contact": CONTACT,
            "research_use": "no",
        }

    def line(self, activity: str) -> dict:
        """The case's line of an activity (each activity appears once)."""
        return next(d for d in self.lines if d["activity"] == activity)


def student_seed(student_id: str, secret: bytes | None = None) -> int:
    """A stable seed from the student ID (case and surrounding spaces do not matter).

    With the course secret the seed is keyed (HMAC): nobody without the secret can compute it.
    """
    if secret:
        return keyed_seed(student_id, secret)
    text = str(student_id).strip().lower()
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], 16)


def case_slug(student_id: str) -> str:
    """A file-name-safe form of the student ID (the case folder's name)."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(student_id).strip().lower()).strip("-")
    return slug[:40] or "opiskelija"


class _Draw:
    """Numbers from the seed, through random.Random.random() only (stable across Python versions)."""

    def __init__(self, seed: int):
        self._rng = random.Random(seed)

    def pick(self, options):
        return options[int(self._rng.random() * len(options))]

    def number(self, low: float, high: float, step: float) -> float:
        steps = round((high - low) / step)
        return round(low + step * int(self._rng.random() * (steps + 1)), 6)


def _energy_lines(d: _Draw) -> tuple[list[dict], dict]:
    litres = d.number(2000, 9000, 10)
    oil_unit = d.pick(("l", "m3"))
    diesel = d.number(800, 6000, 10)
    el_mwh = d.number(40, 400, 0.1)
    el_unit = d.pick(("kWh", "MWh"))
    supplier_g = d.number(20, 180, 1)  # the supplier's disclosed g CO2/kWh (fictional)
    heat_mwh = d.number(50, 600, 0.1)
    heat_unit = d.pick(("MWh", "kWh"))
    own = supplier_g if el_unit == "MWh" else round(supplier_g / 1000, 6)
    lines = [
        _line("light_fuel_oil", litres if oil_unit == "l" else litres / 1000, oil_unit, "measured"),
        _line("diesel", diesel, "l", "measured"),
        _line("electricity", el_mwh if el_unit == "MWh" else round(el_mwh * 1000), el_unit, "measured")
        | {"own_factor": own, "own_factor_source": OWN_FACTOR_SOURCE.format(year=CASE_YEAR)},
        _line(
            "district_heat", heat_mwh if heat_unit == "MWh" else round(heat_mwh * 1000), heat_unit, "measured"
        ),
    ]
    facts = {"oil_litres": litres, "diesel_litres": diesel, "electricity_mwh": el_mwh}
    facts |= {"supplier_g_per_kwh": supplier_g, "heat_mwh": heat_mwh}
    return lines, facts


def _scope3_lines(d: _Draw) -> tuple[list[dict], dict]:
    paper_excl = d.number(1500, 9000, 10)
    paper_kg = d.number(800, 3000, 10)
    other = d.pick(OTHER_SPEND)
    other_excl = d.number(5000, 40000, 100)
    trips = int(d.number(4, 30, 1))
    one_way_km = d.number(300, 700, 10)
    persons = int(d.number(5, 40, 1))
    days = int(d.number(200, 225, 1))
    km_day = d.number(10, 40, 2)
    waste_t = d.number(2, 20, 0.1)
    waste_unit = d.pick(("t", "kg"))
    lines = [
        # the paper purchases (2.1-2.3) and the flights (2.4-2.5) are not in the template: assignment
        # 02 computes them from the facts (a template line would hold 2.1's and 2.4's answers)
        _line(other, round(other_excl * (1 + VAT_RATE.value), 2), "EUR", "measured"),
        _line("commute_car", round(persons * days * km_day), "km", "estimated"),
        _line(
            "waste_mixed_incineration",
            waste_t if waste_unit == "t" else round(waste_t * 1000),
            waste_unit,
            "measured",
        ),
    ]
    facts = {"paper_excl_vat": paper_excl, "paper_kg": paper_kg, "other_spend": other}
    facts |= {"other_excl_vat": other_excl, "trips": trips, "one_way_km": one_way_km}
    facts |= {"persons": persons, "days": days, "km_day": km_day, "waste_t": waste_t}
    return lines, facts


def _pellet_line(d: _Draw) -> tuple[list[dict], dict]:
    """Wood pellets: biogenic CO2 is reported apart from the scopes (assignment 01 catches adding it)."""
    pellets_mwh = d.number(20, 200, 0.1)
    return [_line("wood_pellets", pellets_mwh, "MWh", "measured")], {"pellets_mwh": pellets_mwh}


def _line(activity: str, quantity: float, unit: str, quality: str) -> dict:
    return {"activity": activity, "quantity": quantity, "unit": unit, "quality": quality}


def make_case(student_id: str, secret: bytes | None = None) -> Case:
    """The student's case, deterministic in the ID (and the course secret, if given).

    Same line kinds (same difficulty), different numbers; without a secret a practice case.
    """
    if not str(student_id).strip():
        fi, en = pair("coursework.case.empty_id")
        raise ValueError(f"{en} / {fi}")
    seed = student_seed(student_id, secret)
    d = _Draw(seed)
    sector, word_fi, word_en = d.pick(SECTORS)
    place = d.pick(PLACES)
    employees = int(d.number(5, 80, 1))
    energy, facts_a = _energy_lines(d)
    scope3, facts_b = _scope3_lines(d)
    lines = [dict(ln, site=SITE.format(place=place)) for ln in energy + scope3]
    target = {"target_pct": d.pick((40, 50, 60)), "target_year": d.pick((2030, 2035)), "check_year": 2027}
    # drawn last and appended last: the earlier draws and the template rows stay as they were
    pellets, facts_c = _pellet_line(d)
    lines += [dict(ln, site=SITE.format(place=place)) for ln in pellets]
    prefix = COURSE_PREFIX if secret else PRACTICE_PREFIX
    name = NAME.format(place=place, business=word_fi)
    return Case(
        student_id=str(student_id).strip(),
        seed=seed,
        partner_id=f"{prefix}-{seed % 10**6:06d}",
        name=name if secret else f"{PRACTICE_NAME_PREFIX} {name}",
        sector=sector,
        sector_word_fi=word_fi,
        sector_word_en=word_en,
        year=CASE_YEAR,
        employees_fte=employees,
        lines=tuple(lines),
        facts=facts_a | facts_b | target | facts_c,
        graded=bool(secret),
    )
