"""Each action as a pure function: (lines, parameter values, context) -> (new lines, quantities).

The new lines are the partner's whole line set after the action; the engine recomputes them with the
same factor set. The quantities (per group) are what the cost model prices: energy bought more or
less (MWh, litres), investment, lifetime and other yearly euros. An action in UNCOSTED has no
cost model (its costs fall on others or no source was found).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paastolaskuri.actions.line_ops import (
    GROUP,
    Context,
    activity_in,
    add_supply,
    by_group,
    combine,
    derived,
    eligible,
    scale,
)
from paastolaskuri.core.i18n import pair

PRICE_CLASS = {
    "electricity": "electricity",
    "district_heat": "district_heat",
    "light_fuel_oil": "fuel_oil",
    "heavy_fuel_oil": "fuel_oil",
    "natural_gas": "gas",
    "lpg": "gas",
}
OWN_SOLAR = "own_solar_electricity"  # the catalogue activity of own solar electricity consumed on site
BOILER_FUELS = ("light_fuel_oil", "heavy_fuel_oil", "natural_gas", "lpg")
FLIGHTS = (
    "flight_domestic",
    "flight_domestic_rf",
    "flight_short_haul",
    "flight_short_haul_rf",
    "flight_long_haul",
    "flight_long_haul_rf",
)
UNCOSTED = {
    "flights_to_train",
    "remote_meetings",
    "commute_mode_shift",
    "waste_sorting",
    "refrigerant_natural",
    "refrigerant_leak_control",
}


def energy_deltas(lines: pd.DataFrame, kwh, mask, ctx: Context, sign: float = -1.0) -> dict[str, pd.Series]:
    """MWh bought more (+) or less (-) per price class and group, for the masked lines' `kwh`."""
    out: dict[str, pd.Series] = {}
    kwh = np.asarray(kwh, dtype="float64")
    mask = np.asarray(mask, dtype=bool)
    for cls in dict.fromkeys(PRICE_CLASS.values()):
        acts = [a for a, c in PRICE_CLASS.items() if c == cls]
        m = mask & activity_in(lines, acts)
        if m.any():
            out[f"d_{cls}_mwh"] = sign * by_group(lines, np.nan_to_num(kwh) / 1000.0, m)
    return out


def _add(q: dict, key: str, series: pd.Series) -> None:
    q[key] = q[key].add(series, fill_value=0.0) if key in q else series


def _investment(per_unit: float | None, amount: pd.Series) -> pd.Series | float:
    """Investment = per-unit price × amount; NaN (not estimated) when the price is not given."""
    if per_unit is None:
        return amount.where(amount == 0, np.nan)
    return amount * per_unit


# --- efficiency ------------------------------------------------------------------------------
def indoor_temperature(lines, v, ctx):
    """Heating energy × (1 − degrees × saving per degree)."""
    m = eligible(lines, ("district_heat", "light_fuel_oil", "natural_gas", "lpg", "wood_pellets")).to_numpy()
    cut = min(1.0, v["degrees"] * v["saving_per_degree"])
    kwh = ctx.to_unit(lines, "kWh")
    q = energy_deltas(lines, kwh * cut, m, ctx)
    q.update(investment_eur=0.0, lifetime_years=1.0)
    return scale(lines, m, 1.0 - cut), q


def led_lighting(lines, v, ctx):
    """Electricity × (1 − lighting share × LED saving)."""
    m = eligible(lines, ("electricity",)).to_numpy()
    cut = v["lighting_share"] * v["led_saving"]
    q = energy_deltas(lines, ctx.to_unit(lines, "kWh") * cut, m, ctx)
    saved = q.get("d_electricity_mwh", pd.Series(dtype=float)).abs()
    q.update(
        investment_eur=_investment(v["investment_eur_per_mwh_saved"], saved),
        lifetime_years=v["lifetime_years"],
    )
    return scale(lines, m, 1.0 - cut), q


def ventilation_control(lines, v, ctx):
    """District heat × (1 − heat saving); electricity × (1 − electricity saving)."""
    heat = eligible(lines, ("district_heat",)).to_numpy()
    el = eligible(lines, ("electricity",)).to_numpy()
    factor = np.where(heat, 1 - v["heat_saving"], np.where(el, 1 - v["electricity_saving"], 1.0))
    q = energy_deltas(lines, ctx.to_unit(lines, "kWh") * (1 - factor), heat | el, ctx)
    groups = pd.Series(1.0, index=pd.unique(lines[GROUP]))
    q.update(investment_eur=_investment(v["investment_eur"], groups), lifetime_years=v["lifetime_years"])
    return scale(lines, heat | el, factor), q


# --- heating ---------------------------------------------------------------------------------
def _boiler_to(lines, v, ctx, action: str, supply: str, divisor: float):
    """Share of boiler fuel -> heat (× efficiency) -> `supply` kWh (÷ divisor: SPF, or 1 for heat)."""
    m = eligible(lines, BOILER_FUELS if supply == "electricity" else ("light_fuel_oil", "heavy_fuel_oil"))
    m = m.to_numpy()
    fuel_kwh = ctx.to_unit(lines, "kWh") * v["share"]
    heat_kwh = fuel_kwh * v["boiler_efficiency"]
    bought = by_group(lines, heat_kwh / divisor, m)
    kept = scale(lines, m, 1.0 - v["share"])
    out = combine(kept, add_supply(lines, supply, bought, action, ctx))
    q = energy_deltas(lines, fuel_kwh, m, ctx)
    _add(q, f"d_{PRICE_CLASS[supply]}_mwh", bought / 1000.0)
    heat_mwh = by_group(lines, heat_kwh / 1000.0, m)
    q.update(
        investment_eur=_investment(v["investment_eur_per_mwh"], heat_mwh), lifetime_years=v["lifetime_years"]
    )
    q["heat_mwh"] = heat_mwh
    return out, q


def heat_pump_ground(lines, v, ctx):
    """Oil or gas boiler -> ground-source heat pump."""
    return _boiler_to(lines, v, ctx, "heat_pump_ground", "electricity", v["spf"])


def heat_pump_air_water(lines, v, ctx):
    """Oil or gas boiler -> air-to-water heat pump."""
    return _boiler_to(lines, v, ctx, "heat_pump_air_water", "electricity", v["spf"])


def oil_to_district_heat(lines, v, ctx):
    """Oil boiler -> district heat (same supplier terms as the partner's present district heat)."""
    return _boiler_to(lines, v, ctx, "oil_to_district_heat", "district_heat", 1.0)


# --- supply ----------------------------------------------------------------------------------
def green_electricity(lines, v, ctx):
    """A share of electricity bought with guarantees of origin (market-based 0)."""
    el = eligible(lines, ("electricity",))
    already = (lines["contract"] == "go") & lines["own_factor"].isna()
    m = (el & ~already).to_numpy()
    kept = scale(lines, m, 1.0 - v["share"])
    moved = derived(lines, m, lines["quantity"].to_numpy(dtype=float) * v["share"], "green_electricity")
    moved["contract"] = "go"
    mwh = by_group(lines, ctx.to_unit(lines, "MWh") * v["share"], m)
    q = {
        "investment_eur": 0.0,
        "lifetime_years": 1.0,
        "extra_eur": mwh * v["premium_eur_per_mwh"],
        "go_mwh": mwh,
    }
    return combine(kept, moved), q


def solar_pv(lines, v, ctx):
    """A system sized to a share of present electricity; its output replaces bought electricity pro rata.

    The output becomes own-production lines (`own_solar_electricity`, kWh, no emissions by definition),
    so the plan's energy balance keeps the energy and counts it as renewable own production.
    """
    m = eligible(lines, ("electricity",)).to_numpy()
    share = v["share_of_electricity"]
    kwh = ctx.to_unit(lines, "kWh") * share
    own = derived(lines, m, kwh, "solar_pv", activity=OWN_SOLAR, unit="kWh")
    produced = by_group(lines, kwh, m)
    kwp = produced / v["yield_kwh_per_kwp"]
    q = {
        "d_electricity_mwh": -produced / 1000.0,
        "investment_eur": kwp * v["investment_eur_per_kwp"],
        "lifetime_years": v["lifetime_years"],
        "kwp": kwp,
    }
    return combine(scale(lines, m, 1.0 - share), own), q


def district_heat_low_emission(lines, v, ctx):
    """A share of district heat as the supplier's low-emission product (own factor per the line's unit)."""
    m = eligible(lines, ("district_heat",)).to_numpy()
    kept = scale(lines, m, 1.0 - v["share"])
    moved = derived(
        lines, m, lines["quantity"].to_numpy(dtype=float) * v["share"], "district_heat_low_emission"
    )
    per_mwh = np.asarray([ctx.unit_factor("district_heat", u, "MWh") for u in moved["unit"].astype(str)])
    moved["own_factor"] = v["product_kg_per_mwh"] * per_mwh
    moved["own_factor_source"] = " / ".join(pair("actions.source.low_emission_product"))
    mwh = by_group(lines, ctx.to_unit(lines, "MWh") * v["share"], m)
    q = {"investment_eur": 0.0, "lifetime_years": 1.0, "extra_eur": mwh * v["premium_eur_per_mwh"]}
    return combine(kept, moved), q


# --- transport and travel --------------------------------------------------------------------
def diesel_to_hvo(lines, v, ctx):
    """A share of diesel replaced by HVO litre for litre."""
    m = eligible(lines, ("diesel",)).to_numpy()
    litres = ctx.to_unit(lines, "l") * v["share"]
    moved = derived(lines, m, litres, "diesel_to_hvo", activity="hvo", unit="l")
    l_group = by_group(lines, litres, m)
    q = {
        "investment_eur": 0.0,
        "lifetime_years": 1.0,
        "extra_eur": l_group * v["premium_eur_per_l"],
        "hvo_l": l_group,
    }
    return combine(scale(lines, m, 1.0 - v["share"]), moved), q


def cars_to_electric(lines, v, ctx):
    """Own cars: km × kWh/km of electricity; private cars on business: the same km electric."""
    own = eligible(lines, ("car_petrol_km", "car_diesel_km")).to_numpy()
    private = eligible(lines, ("travel_car_petrol", "travel_car_diesel")).to_numpy()
    km = ctx.to_unit(lines, "km") * v["share"]
    kept = scale(lines, own | private, 1.0 - v["share"])
    own_km = by_group(lines, km, own)
    electric = derived(
        lines, private, lines["quantity"].to_numpy(dtype=float) * v["share"], "cars_to_electric"
    )
    electric["activity"] = "travel_car_electric"
    out = combine(
        kept, electric, add_supply(lines, "electricity", own_km * v["kwh_per_km"], "cars_to_electric", ctx)
    )
    petrol = lines["activity"].eq("car_petrol_km").to_numpy()
    per_100km = np.where(petrol, v["petrol_l_per_100km"], v["diesel_l_per_100km"])
    litres = km * per_100km / 100.0
    q = {
        "d_electricity_mwh": own_km * v["kwh_per_km"] / 1000.0,
        "d_petrol_l": -by_group(lines, litres, own & petrol),
        "d_diesel_l": -by_group(lines, litres, own & ~petrol),
        "investment_eur": _investment(v["price_premium_eur_per_car"], own_km / v["km_per_car"]),
        "lifetime_years": v["lifetime_years"],
    }
    return out, q


def flights_to_train(lines, v, ctx):
    """A share of domestic flight passenger-km by electric train (× distance factor)."""
    m = eligible(lines, ("flight_domestic", "flight_domestic_rf")).to_numpy()
    pkm = lines["quantity"].to_numpy(dtype=float) * v["share"] * v["distance_factor"]
    train = derived(lines, m, pkm, "flights_to_train", activity="travel_train", unit="pkm")
    return combine(scale(lines, m, 1.0 - v["share"]), train), {}


def remote_meetings(lines, v, ctx):
    """A share of flights not flown."""
    return scale(lines, eligible(lines, FLIGHTS).to_numpy(), 1.0 - v["share"]), {}


def commute_mode_shift(lines, v, ctx):
    """Shares of commuting car-km to bus (pkm) and bike (km), × persons per car."""
    m = eligible(lines, ("commute_car",)).to_numpy()
    bus, bike = v["bus_share"], v["bike_share"]
    if bus + bike > 1:  # more than all of it: shrink both in proportion
        bus, bike = bus / (bus + bike), bike / (bus + bike)
    km = ctx.to_unit(lines, "km")
    people = km * v["persons_per_car"]
    out = combine(
        scale(lines, m, 1.0 - bus - bike),
        derived(lines, m, people * bus, "commute_mode_shift", activity="commute_bus", unit="pkm"),
        derived(lines, m, people * bike, "commute_mode_shift", activity="commute_bike_walk", unit="km"),
    )
    return out, {}


# --- waste, refrigerants, purchases ----------------------------------------------------------
def waste_sorting(lines, v, ctx):
    """Bio-waste and board in mixed waste collected separately (capture rate × their shares)."""
    m = eligible(lines, ("waste_mixed_incineration", "waste_mixed_landfill")).to_numpy()
    q = lines["quantity"].to_numpy(dtype=float) * v["capture_rate"]
    bio, board = q * v["bio_share"], q * v["board_share"]
    remaining = 1.0 - v["capture_rate"] * (v["bio_share"] + v["board_share"])
    out = combine(
        scale(lines, m, max(0.0, remaining)),
        derived(lines, m, bio, "waste_sorting", activity="waste_bio_composting"),
        derived(lines, m, board, "waste_sorting", activity="waste_board_recycling"),
    )
    return out, {}


def refrigerant_natural(lines, v, ctx):
    """F-gas refrigerant kg -> R-744 kg (the same leaked mass)."""
    acts = ("refrigerant_r404a", "refrigerant_r410a", "refrigerant_r407c", "refrigerant_r134a")
    m = eligible(lines, acts).to_numpy()
    moved = derived(
        lines,
        m,
        lines["quantity"].to_numpy(dtype=float) * v["share"],
        "refrigerant_natural",
        activity="refrigerant_r744",
    )
    return combine(scale(lines, m, 1.0 - v["share"]), moved), {}


def refrigerant_leak_control(lines, v, ctx):
    """Every refrigerant's leaked kg × (1 − leak reduction)."""
    m = lines["activity"].astype(str).str.startswith("refrigerant_").to_numpy()
    return scale(lines, m & (lines["quantity"].to_numpy(dtype=float) > 0), 1.0 - v["leak_reduction"]), {}


def equipment_lifetime(lines, v, ctx):
    """Equipment spend × present lifetime ÷ new lifetime; the spend avoided is a saving.

    Each spend line goes through the accounting's money step (its currency at the reporting year's
    rate), then from the template's basis (including VAT) to the partner's; a line that cannot be
    converted leaves its partner's saving not estimated (NaN), never 0.
    """
    m = eligible(lines, ("spend_electronics", "spend_appliances_tools", "spend_furniture")).to_numpy()
    factor = min(1.0, v["lifetime_now_years"] / v["lifetime_new_years"])
    euros = ctx.euros(lines) * v.get("spend_to_basis", 1.0)
    saved = by_group(lines, euros * (1 - factor), m, skipna=False)
    return scale(lines, m, factor), {"investment_eur": 0.0, "lifetime_years": 1.0, "extra_eur": -saved}


def purchases_to_services(lines, v, ctx):
    """A share of goods spend moved to services at the set's 'other consumption' factor (same euros)."""
    acts = (
        "spend_electronics",
        "spend_appliances_tools",
        "spend_furniture",
        "spend_textiles",
        "spend_clothes",
    )
    m = eligible(lines, acts).to_numpy()
    moved = derived(
        lines,
        m,
        lines["quantity"].to_numpy(dtype=float) * v["share"],
        "purchases_to_services",
        activity="spend_other",
    )
    return combine(scale(lines, m, 1.0 - v["share"]), moved), {"investment_eur": 0.0, "lifetime_years": 1.0}


TRANSFORMS = {
    f.__name__: f
    for f in (
        indoor_temperature,
        led_lighting,
        ventilation_control,
        heat_pump_ground,
        heat_pump_air_water,
        oil_to_district_heat,
        green_electricity,
        solar_pv,
        district_heat_low_emission,
        diesel_to_hvo,
        cars_to_electric,
        flights_to_train,
        remote_meetings,
        commute_mode_shift,
        waste_sorting,
        refrigerant_natural,
        refrigerant_leak_control,
        equipment_lifetime,
        purchases_to_services,
    )
}


def applicable(lines: pd.DataFrame, action) -> pd.Series:
    """Lines the action would act on (green electricity: not those already on guarantees of origin)."""
    m = eligible(lines, action.applies_to)
    if action.action_id == "green_electricity":
        m &= ~((lines["contract"] == "go") & lines["own_factor"].isna())
    if action.action_id == "district_heat_low_emission":
        m &= lines["own_factor"].isna() | (lines["own_factor"] > 0)
    return m
