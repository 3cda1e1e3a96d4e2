"""EFRAG VSME (December 2024) basic module B3, energy and greenhouse-gas emissions, from a partner-year.

The figures are the partner report's: its processed totals (`totals.json`) and the energy balance of
the same lines (`accounting.energy`), so the export and the report cannot disagree. Each datapoint
carries where it comes from (which lines, which factor set, which calorific values), written into
the workbook's origin sheet. Energy in MWh, emissions in t CO2e, intensity in t CO2e per euro.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from paastolaskuri.accounting.calculation import scope_masks
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.energy import OWN_PRODUCTION, EnergyBalance, carrier_group, energy_balance
from paastolaskuri.accounting.factors import FactorSet
from paastolaskuri.core.i18n import text
from paastolaskuri.core.numformat import format_plain

VSME_VERSION = "EFRAG VSME, December 2024, Basic Module B3"
# Where each datapoint's name, unit and paragraph were checked (the About sheet explains the marks):
# the text of B3 paragraphs 29-31 was seen as quoted in public code found by the project's search
# (the energy table "Electricity (as reflected in utility billings) / Fuels / Total" x "Renewable /
# Non-renewable / Total" in MWh; 30(a) Scope 1 and 30(b) location-based Scope 2 in tCO2eq; 31 GHG
# intensity = the gross emissions of 30 / turnover in euro), not on EFRAG's own page (decisions: h26b).
SEEN = "seen-in-copy"
NOT_IN_B3 = "not-in-B3"  # our own row: shown for completeness, never required
CHECKS = (SEEN, NOT_IN_B3, "unverified")
EMISSIONS_UNIT = "tCO2eq"
INTENSITY_UNIT = "tCO2eq/EUR"
# (code, unit, required in B3, paragraph, check): the order of the B3 sheet. "heat" and "own
# production" are our rows so that the energy rows add up to the total (B3's table names electricity
# as in utility billings and fuels); market-based Scope 2 and Scope 3 are not in B3's paragraph 30.
DATAPOINTS = (
    ("energy_total", "MWh", True, "29", SEEN),
    ("energy_renewable", "MWh", True, "29", SEEN),
    ("energy_non_renewable", "MWh", True, "29", SEEN),
    ("electricity_total", "MWh", True, "29", SEEN),
    ("electricity_renewable", "MWh", True, "29", SEEN),
    ("electricity_non_renewable", "MWh", True, "29", SEEN),
    ("fuels_total", "MWh", True, "29", SEEN),
    ("fuels_renewable", "MWh", True, "29", SEEN),
    ("fuels_non_renewable", "MWh", True, "29", SEEN),
    ("heat_total", "MWh", False, "", NOT_IN_B3),
    ("own_production_total", "MWh", False, "", NOT_IN_B3),
    ("scope1", EMISSIONS_UNIT, True, "30(a)", SEEN),
    ("scope2_location", EMISSIONS_UNIT, True, "30(b)", SEEN),
    ("scope2_market", EMISSIONS_UNIT, False, "", NOT_IN_B3),
    ("scope3", EMISSIONS_UNIT, False, "", NOT_IN_B3),
    ("intensity_location", INTENSITY_UNIT, True, "31", SEEN),
    ("intensity_market", INTENSITY_UNIT, False, "", NOT_IN_B3),
)
# an energy datapoint's code -> (carrier group, or None for all energy; its part)
_GROUP_OF = {"energy": None, "electricity": "electricity", "fuels": "fuel", "heat": "heat"}
_GROUP_OF["own_production"] = OWN_PRODUCTION
_PARTS = {"total": None, "renewable": True, "non_renewable": False}


_REQUIRED = {row[0]: row[2] for row in DATAPOINTS}
_PARAGRAPH = {row[0]: row[3] for row in DATAPOINTS}
_CHECK = {row[0]: row[4] for row in DATAPOINTS}


def energy_key(code: str) -> tuple[str | None, bool | None]:
    """(carrier group or None for all energy, renewable part True/False or None for the total) of a code."""
    for head, group in _GROUP_OF.items():
        if code.startswith(head + "_") and code[len(head) + 1 :] in _PARTS:
            return group, _PARTS[code[len(head) + 1 :]]
    raise KeyError(code)


@dataclass(frozen=True)
class Datapoint:
    """One B3 figure: its code, unit, value (None when it cannot be given) and origin (a text per language)."""

    code: str
    unit: str
    value: float | None
    required: bool
    origin: dict[str, str]
    paragraph: str = ""  # the B3 paragraph that names it ("" for our own rows)
    check: str = "unverified"  # how its name, unit and paragraph were checked (CHECKS)

    def name(self, lang: str) -> str:
        """The datapoint's name (EFRAG's in English, its translation in Finnish)."""
        return text(f"vsme.dp.{self.code}", lang)


@dataclass(frozen=True)
class VsmeB3:
    """A partner-year's B3 datapoints with who, when and how they were computed."""

    partner_id: str
    year: int
    factor_set: str
    gwp_set: str
    datapoints: tuple[Datapoint, ...]

    @property
    def complete(self) -> bool:
        """True when every datapoint B3 requires has a value."""
        return all(d.value is not None for d in self.datapoints if d.required)

    def value(self, code: str) -> float | None:
        """The value of datapoint `code`."""
        return next(d.value for d in self.datapoints if d.code == code)

    def as_dict(self, lang: str = "en") -> dict:
        """JSON-ready: the standard's version, who and when, and every datapoint with its origin."""
        return {
            "standard": VSME_VERSION,
            "partner_id": self.partner_id,
            "year": self.year,
            "factor_set": self.factor_set,
            "gwp_set": self.gwp_set,
            "complete": self.complete,
            "datapoints": [
                {
                    "code": d.code,
                    "name": d.name(lang),
                    "value": d.value,
                    "unit": d.unit,
                    "required": d.required,
                    "paragraph": d.paragraph,
                    "check": d.check,
                    "origin": d.origin[lang],
                }
                for d in self.datapoints
            ],
        }


def _both(key: str, **params) -> dict[str, str]:
    """A text in both languages."""
    return {lang: text(key, lang, **params) for lang in ("fi", "en")}


def _rows(rows) -> str:
    """Row numbers as a short list ("7, 8, 12")."""
    return ", ".join(str(int(r)) for r in sorted(set(rows))) or "–"


def _property_sources(factor_set: FactorSet) -> dict[str, set[str]]:
    """Activity -> the publishers and years of its calorific values and densities in the set."""
    props = factor_set.properties
    out: dict[str, set[str]] = {}
    for activity, publisher, year in zip(props["activity"], props["publisher"], props["year"], strict=True):
        out.setdefault(str(activity), set()).add(f"{publisher} {year}")
    return out


def _calorific_sources(sources_of: dict[str, set[str]], activities: set[str]) -> str:
    """The publishers and years of the calorific values and densities used for `activities`."""
    sources = sorted(set().union(*(sources_of.get(str(a), set()) for a in activities)))
    return "; ".join(sources) or "–"


def _energy_points(
    balance: EnergyBalance, lines: pd.DataFrame, factor_set: FactorSet, group_of_line: pd.Series
) -> list[Datapoint]:
    """The energy datapoints (MWh), each with the rows it sums; None for all when a line could not be converted."""
    unconverted = _rows(u.row for u in balance.unconverted)
    sources_of = _property_sources(factor_set)  # once: a datapoint names the sources of its lines
    points = []
    for code, unit, required, _paragraph, _check in DATAPOINTS:
        if unit != "MWh":
            continue
        group, renewable = energy_key(code)
        in_group = group_of_line.notna() if group is None else group_of_line == group
        chosen = lines[in_group]
        if group is None:
            value = {
                None: balance.total_mwh,
                True: balance.renewable_mwh,
                False: balance.non_renewable_mwh,
            }[renewable]
        else:
            value = balance.group_mwh(group, renewable)
        if balance.unconverted:
            points.append(
                Datapoint(code, unit, None, required, _both("vsme.origin.unconverted", rows=unconverted))
            )
            continue
        origin = (
            _both(
                "vsme.origin.energy",
                n=len(chosen),
                rows=_rows(chosen["row"]),
                factor_set=factor_set.name,
                sources=_calorific_sources(sources_of, set(chosen["activity"])),
            )
            if len(chosen)
            else _both("vsme.origin.energy_none")
        )
        points.append(Datapoint(code, unit, value, required, origin))
    return points


def _emission_points(
    totals: dict, emissions: pd.DataFrame, organisation: dict, factor_set: str, gwp: str
) -> list[Datapoint]:
    """Scope 1, Scope 2 on both bases, Scope 3 where reported (t CO2e) and intensity per euro of turnover."""
    masks = scope_masks(emissions) if len(emissions) else {}
    points = []
    for code in ("scope1", "scope2_location", "scope2_market", "scope3"):
        mask = masks.get(code)
        rows = emissions.loc[mask, "row"] if mask is not None else pd.Series(dtype=int)
        required = _REQUIRED[code]
        if code == "scope3" and not len(rows):
            points.append(Datapoint(code, EMISSIONS_UNIT, None, False, _both("vsme.origin.scope3_none")))
            continue
        origin = _both(
            "vsme.origin.scope", total=code, n=len(rows), rows=_rows(rows), factor_set=factor_set, gwp=gwp
        )
        points.append(Datapoint(code, EMISSIONS_UNIT, float(totals[code]) / 1000.0, required, origin))
    revenue = organisation.get("revenue_eur")
    for basis in ("location", "market"):
        code = f"intensity_{basis}"
        if not revenue:
            points.append(
                Datapoint(code, INTENSITY_UNIT, None, _REQUIRED[code], _both("vsme.origin.no_revenue"))
            )
            continue
        s1, s2 = float(totals["scope1"]) / 1000.0, float(totals[f"scope2_{basis}"]) / 1000.0
        origin = {
            lang: text(
                "vsme.origin.intensity",
                lang,
                scope1=format_plain(round(s1, 3), lang),
                scope2=format_plain(round(s2, 3), lang),
                revenue=format_plain(float(revenue), lang),
            )
            for lang in ("fi", "en")
        }
        points.append(Datapoint(code, INTENSITY_UNIT, (s1 + s2) / float(revenue), _REQUIRED[code], origin))
    return points


def vsme_b3(
    organisation: dict,
    totals: dict,
    emissions: pd.DataFrame,
    lines: pd.DataFrame,
    factor_set: FactorSet,
    gwp_set: str,
    balance: EnergyBalance | None = None,
) -> VsmeB3:
    """The B3 datapoints of one partner-year from what its report is built on.

    `totals` are the calculation's totals in kg CO2e (`summarise_totals`), `emissions` its emission
    lines, `lines` the activity lines behind them, `organisation` the organisation sheet; `balance` the
    energy balance the partner report shows (computed from `lines` when not given).
    """
    catalogue = load_catalogue()
    balance = balance or energy_balance(lines, factor_set, catalogue)
    group_of_line = pd.Series([carrier_group(catalogue[a]) for a in lines["activity"]], index=lines.index)
    points = _energy_points(balance, lines, factor_set, group_of_line)
    points += _emission_points(totals, emissions, organisation, factor_set.name, gwp_set)
    order = {row[0]: i for i, row in enumerate(DATAPOINTS)}
    points.sort(key=lambda d: order[d.code])
    points = [replace(d, paragraph=_PARAGRAPH[d.code], check=_CHECK[d.code]) for d in points]
    return VsmeB3(
        str(organisation.get("partner_id") or ""),
        int(organisation.get("year") or 0),
        factor_set.name,
        gwp_set,
        tuple(points),
    )
