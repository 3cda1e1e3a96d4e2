"""EFRAG VSME (December 2024) basic module B3, energy and greenhouse-gas emissions, from a partner-year.

The figures are the partner report's: its processed totals (`totals.json`) and the energy balance of
the same lines (`accounting.energy`), so the export and the report cannot disagree. Each datapoint
carries where it comes from (which lines, which factor set, which calorific values), written into
the workbook's origin sheet. Energy in MWh, emissions in t CO2e, intensity in t CO2e per euro.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from paastolaskuri.accounting.calculation import scope_masks
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.energy import CATEGORY_GROUP, EnergyBalance, energy_balance
from paastolaskuri.accounting.factors import FactorSet
from paastolaskuri.i18n import text
from paastolaskuri.numformat import format_plain

VSME_VERSION = "EFRAG VSME, December 2024, Basic Module B3"
# (code, unit, required in B3): the order of the B3 sheet. Scope 3 is voluntary in the basic module;
# "heat" is our own row so that the energy rows add up to the total (B3 names electricity and fuels).
DATAPOINTS = (
    ("energy_total", "MWh", True),
    ("energy_renewable", "MWh", True),
    ("energy_non_renewable", "MWh", True),
    ("electricity_total", "MWh", True),
    ("electricity_renewable", "MWh", True),
    ("electricity_non_renewable", "MWh", True),
    ("fuels_total", "MWh", True),
    ("fuels_renewable", "MWh", True),
    ("fuels_non_renewable", "MWh", True),
    ("heat_total", "MWh", False),
    ("scope1", "tCO2e", True),
    ("scope2_location", "tCO2e", True),
    ("scope2_market", "tCO2e", True),
    ("scope3", "tCO2e", False),
    ("intensity_location", "tCO2e/EUR", True),
    ("intensity_market", "tCO2e/EUR", True),
)
_GROUP_OF = {"electricity": "electricity", "fuels": "fuel", "heat": "heat"}


@dataclass(frozen=True)
class Datapoint:
    """One B3 figure: its code, unit, value (None when it cannot be given) and origin (a text per language)."""

    code: str
    unit: str
    value: float | None
    required: bool
    origin: dict[str, str]

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


def _calorific_sources(factor_set: FactorSet, activities: set[str]) -> str:
    """The publishers and years of the calorific values and densities used for `activities`."""
    props = factor_set.properties[factor_set.properties["activity"].isin(activities)]
    sources = sorted({f"{r.publisher} {r.year}" for r in props.itertuples()})
    return "; ".join(sources) or "–"


def _energy_points(
    balance: EnergyBalance, lines: pd.DataFrame, factor_set: FactorSet, group_of_line: pd.Series
) -> list[Datapoint]:
    """The energy datapoints (MWh), each with the rows it sums; None for all when a line could not be converted."""
    unconverted = _rows(u.row for u in balance.unconverted)
    points = []
    for code, unit, required in DATAPOINTS:
        if unit != "MWh":
            continue
        head, part = code.split("_", 1)
        group = _GROUP_OF.get(head)
        in_group = group_of_line.notna() if group is None else group_of_line == group
        chosen = lines[in_group]
        renewable = {"total": None, "renewable": True, "non_renewable": False}[part]
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
                sources=_calorific_sources(factor_set, set(chosen["activity"])),
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
        required = code != "scope3"
        if code == "scope3" and not len(rows):
            points.append(Datapoint(code, "tCO2e", None, False, _both("vsme.origin.scope3_none")))
            continue
        origin = _both(
            "vsme.origin.scope", total=code, n=len(rows), rows=_rows(rows), factor_set=factor_set, gwp=gwp
        )
        points.append(Datapoint(code, "tCO2e", float(totals[code]) / 1000.0, required, origin))
    revenue = organisation.get("revenue_eur")
    for basis in ("location", "market"):
        code = f"intensity_{basis}"
        if not revenue:
            points.append(Datapoint(code, "tCO2e/EUR", None, True, _both("vsme.origin.no_revenue")))
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
        points.append(Datapoint(code, "tCO2e/EUR", (s1 + s2) / float(revenue), True, origin))
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
    group_of_line = pd.Series(
        [CATEGORY_GROUP.get(catalogue[a].category.code) for a in lines["activity"]], index=lines.index
    )
    points = _energy_points(balance, lines, factor_set, group_of_line)
    points += _emission_points(totals, emissions, organisation, factor_set.name, gwp_set)
    order = {code: i for i, (code, _u, _r) in enumerate(DATAPOINTS)}
    points.sort(key=lambda d: order[d.code])
    return VsmeB3(
        str(organisation.get("partner_id") or ""),
        int(organisation.get("year") or 0),
        factor_set.name,
        gwp_set,
        tuple(points),
    )
