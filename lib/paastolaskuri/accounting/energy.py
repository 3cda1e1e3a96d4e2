"""The energy balance of one partner-year: MWh by carrier, renewable and not, from the activity lines.

Fuels become MWh through the calorific values (and densities) of the factor set the year uses
(`properties.csv`, each row sourced); electricity, district heat, cooling and steam are already
energy. Own production consumed on site (own solar electricity and heat: catalogue activities with no
emissions by definition) is its own group, `own_production`, all renewable. What is renewable is
decided by one rule, `renewable_fraction`: own production, biofuels and wood always,
purchased energy when the line carries guarantees of origin (the template's Contract column), else the
renewable share its supplier states (the optional Renewable share column, template version 2), else
nothing (the residual mix's renewable share is not sourced: the conservative side).

A line whose unit cannot become MWh with the set's properties (a car by kilometres, HVO by litres
when the set gives no calorific value for it) is listed in `unconverted`, never guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from paastolaskuri.accounting.calculation import CONTRACT_GO
from paastolaskuri.accounting.catalogue import Activity, Catalogue, load_catalogue
from paastolaskuri.accounting.factors import FactorSet
from paastolaskuri.accounting.units import ConversionError, convert_unit

# catalogue category -> the carrier group it belongs to (purchased energy is grouped by activity below)
CATEGORY_GROUP = {
    "s1_stationary": "fuel",
    "s1_mobile": "fuel",
    "s2_electricity": "electricity",
    "s2_heat": "heat",
}
# fuels of biological origin: renewable whatever the contract (peat is not: EU law counts it fossil)
RENEWABLE_FUELS = frozenset({"wood_chips", "wood_pellets", "biogas", "hvo"})
# self-generated energy consumed on site: the catalogue's activities with no emissions (solar PV, solar heat)
OWN_PRODUCTION = "own_production"
ENERGY_UNIT = "MWh"
# the optional line column (template version 2) with the supplier's renewable share of purchased energy, %
RENEWABLE_SHARE = "renewable_share"


@dataclass(frozen=True)
class CarrierEnergy:
    """Energy consumed of one carrier (an activity key: diesel, electricity, district_heat...) in MWh."""

    carrier: str
    group: str  # fuel, electricity, heat (district heat, cooling, steam) or own_production
    mwh: float
    renewable_mwh: float

    @property
    def non_renewable_mwh(self) -> float:
        """The part of `mwh` that is not renewable."""
        return self.mwh - self.renewable_mwh

    def as_dict(self) -> dict:
        """JSON-ready: carrier, group, mwh, renewable_mwh, non_renewable_mwh."""
        return {
            "carrier": self.carrier,
            "group": self.group,
            "mwh": self.mwh,
            "renewable_mwh": self.renewable_mwh,
            "non_renewable_mwh": self.non_renewable_mwh,
        }


@dataclass(frozen=True)
class UnconvertedLine:
    """An energy line whose quantity could not become MWh with the factor set's properties."""

    row: int
    activity: str
    unit: str


@dataclass(frozen=True)
class EnergyBalance:
    """A partner-year's energy consumption by carrier, with the lines that could not be converted."""

    by_carrier: tuple[CarrierEnergy, ...]
    unconverted: tuple[UnconvertedLine, ...] = ()
    factor_set: str = ""

    @property
    def total_mwh(self) -> float:
        """All energy consumed, MWh."""
        return sum(c.mwh for c in self.by_carrier)

    @property
    def renewable_mwh(self) -> float:
        """Renewable energy consumed, MWh."""
        return sum(c.renewable_mwh for c in self.by_carrier)

    @property
    def non_renewable_mwh(self) -> float:
        """Non-renewable energy consumed, MWh."""
        return self.total_mwh - self.renewable_mwh

    @property
    def own_production_mwh(self) -> float:
        """Self-generated renewable energy consumed on site (own solar electricity and heat), MWh."""
        return self.group_mwh(OWN_PRODUCTION)

    def group_mwh(self, group: str, renewable: bool | None = None) -> float:
        """MWh of one carrier group (fuel, electricity, heat, own_production); only its renewable or non-renewable part if asked."""
        carriers = [c for c in self.by_carrier if c.group == group]
        if renewable is None:
            return sum(c.mwh for c in carriers)
        return sum(c.renewable_mwh if renewable else c.non_renewable_mwh for c in carriers)

    @property
    def complete(self) -> bool:
        """True when every energy line could be converted to MWh."""
        return not self.unconverted

    @classmethod
    def from_dict(cls, data: dict) -> EnergyBalance:
        """The balance `as_dict` wrote (a partner's processed energy.json)."""
        carriers = tuple(
            CarrierEnergy(c["carrier"], c["group"], float(c["mwh"]), float(c["renewable_mwh"]))
            for c in data["by_carrier"]
        )
        unconverted = tuple(
            UnconvertedLine(int(u["row"]), u["activity"], u["unit"]) for u in data["unconverted"]
        )
        return cls(carriers, unconverted, data.get("factor_set", ""))

    def as_dict(self) -> dict:
        """What `calc --format json` prints under `energy`."""
        return {
            "unit": ENERGY_UNIT,
            "total_mwh": self.total_mwh,
            "renewable_mwh": self.renewable_mwh,
            "non_renewable_mwh": self.non_renewable_mwh,
            "own_production_mwh": self.own_production_mwh,
            "by_carrier": [c.as_dict() for c in self.by_carrier],
            "unconverted": [{"row": u.row, "activity": u.activity, "unit": u.unit} for u in self.unconverted],
            "factor_set": self.factor_set,
        }


def renewable_fraction(activity: str, group: str, contract: str, share_percent: float = math.nan) -> float:
    """The share (0-1) of a line's energy that is renewable: the one rule of the energy balance.

    Own production (solar) and biofuels and wood are renewable, other fuels not; purchased energy is
    renewable when covered by guarantees of origin, else by the renewable share its supplier states
    (`share_percent`), else not.
    """
    if group == OWN_PRODUCTION:
        return 1.0  # the only own production in the catalogue is solar (electricity and heat)
    if group == "fuel":
        return 1.0 if activity in RENEWABLE_FUELS else 0.0
    if contract == CONTRACT_GO:
        return 1.0
    return 0.0 if math.isnan(share_percent) else share_percent / 100.0


def carrier_group(activity: Activity) -> str | None:
    """The energy balance group of a catalogue activity; None when it is not energy consumed."""
    if activity.no_emissions:
        return OWN_PRODUCTION
    return CATEGORY_GROUP.get(activity.category.code)


def line_mwh(activity: str, quantity: float, unit: str, factor_set: FactorSet) -> float | None:
    """A line's quantity in MWh through the set's calorific values and densities; None when it cannot be."""
    try:
        conversion = convert_unit(unit, ENERGY_UNIT, factor_set.properties_for(activity))
    except ConversionError:
        return None
    return quantity * conversion.factor


def _share_of(rec) -> float:
    """A line's stated renewable share in per cent; NaN when the line (or an older template) has none."""
    value = getattr(rec, RENEWABLE_SHARE, math.nan)
    try:
        return math.nan if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return math.nan


def energy_balance(
    lines: pd.DataFrame, factor_set: FactorSet, catalogue: Catalogue | None = None
) -> EnergyBalance:
    """The energy balance of valid activity lines (LINE_COLUMNS) with the year's factor set.

    Carriers are listed in catalogue order; only lines of the energy categories (CATEGORY_GROUP) count.
    """
    catalogue = catalogue or load_catalogue()
    mwh: dict[str, float] = {}
    renewable: dict[str, float] = {}
    unconverted = []
    for rec in lines.itertuples():
        activity = catalogue[rec.activity]
        group = carrier_group(activity)
        if group is None:
            continue
        energy = line_mwh(activity.factor_key, float(rec.quantity), rec.unit, factor_set)
        if energy is None:
            unconverted.append(UnconvertedLine(int(rec.row), rec.activity, rec.unit))
            continue
        contract = str(rec.contract or "")
        mwh[rec.activity] = mwh.get(rec.activity, 0.0) + energy
        share = renewable_fraction(activity.factor_key, group, contract, _share_of(rec))
        renewable[rec.activity] = renewable.get(rec.activity, 0.0) + energy * share
    carriers = tuple(
        CarrierEnergy(a.key, carrier_group(a) or "", mwh[a.key], renewable[a.key])
        for a in catalogue
        if a.key in mwh
    )
    return EnergyBalance(carriers, tuple(unconverted), factor_set.name)
