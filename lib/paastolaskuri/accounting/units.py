"""Units of measure and conversions, generic (l -> m3) and fuel-specific (density, net calorific value)."""

from __future__ import annotations

from dataclasses import dataclass

from paastolaskuri.core.errors import EXIT_FAILED, PaastolaskuriError

# unit -> (dimension, size in the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "l": ("volume", 0.001),
    "m3": ("volume", 1.0),
    "kg": ("mass", 1.0),
    "t": ("mass", 1000.0),
    "MJ": ("energy", 1.0),
    "GJ": ("energy", 1000.0),
    "kWh": ("energy", 3.6),
    "MWh": ("energy", 3600.0),
    "km": ("distance", 1.0),
    "mi": ("distance", 1.609344),
    "pkm": ("passenger_distance", 1.0),
    "tkm": ("freight", 1.0),
    "EUR": ("money", 1.0),
    "kEUR": ("money", 1000.0),
    # other currencies: each its own dimension, so that no generic conversion can treat them as euros;
    # accounting/money.py converts them at the reporting year's ECB rate stored in the factor set
    "USD": ("money_USD", 1.0),
    "GBP": ("money_GBP", 1.0),
    "SEK": ("money_SEK", 1.0),
    "NOK": ("money_NOK", 1.0),
    "DKK": ("money_DKK", 1.0),
    "CHF": ("money_CHF", 1.0),
    "night": ("night", 1.0),
}

# How people write units in a spreadsheet -> our symbol (matched after casefolding and removing spaces)
_ALIASES = {
    "l": "l",
    "litra": "l",
    "litraa": "l",
    "litre": "l",
    "liter": "l",
    "ltr": "l",
    "m3": "m3",
    "m³": "m3",
    "m^3": "m3",
    "kuutio": "m3",
    "irto-m3": "m3",
    "irto-m³": "m3",
    "kg": "kg",
    "t": "t",
    "tonni": "t",
    "tn": "t",
    "tonne": "t",
    "mj": "MJ",
    "gj": "GJ",
    "kwh": "kWh",
    "mwh": "MWh",
    "km": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
    "pkm": "pkm",
    "hkm": "pkm",
    "henkilö-km": "pkm",
    "henkilökm": "pkm",
    "passenger-km": "pkm",
    "tkm": "tkm",
    "tonni-km": "tkm",
    "tonne-km": "tkm",
    "tonnikm": "tkm",
    "eur": "EUR",
    "€": "EUR",
    "euro": "EUR",
    "euroa": "EUR",
    "keur": "kEUR",
    "k€": "kEUR",
    "t€": "kEUR",
    "1000€": "kEUR",
    "1000eur": "kEUR",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "gbp": "GBP",
    "£": "GBP",
    "sek": "SEK",
    "nok": "NOK",
    "dkk": "DKK",
    "chf": "CHF",
    "night": "night",
    "nights": "night",
    "yö": "night",
    "yötä": "night",
    "vrk": "night",
}

DISPLAY = {"m3": "m³", "EUR": "€", "kEUR": "k€", "pkm": "passenger-km", "tkm": "tonne-km"}

# Fuel properties a factor set may give, each an edge between two dimensions (value in the unit shown)
PROPERTY_EDGES = {
    "density": ("volume", "mass", "kg/l", 1000.0),  # kg per l -> kg per m3
    "ncv_mass": ("mass", "energy", "MJ/kg", 1.0),
    "ncv_volume": ("volume", "energy", "MJ/m3", 1.0),
}


def normalise_unit(text: object) -> str | None:
    """Our symbol for a unit as typed in a template, or None when it is not a unit we know."""
    if text is None:
        return None
    key = "".join(str(text).split()).casefold()
    if key in _ALIASES:
        return _ALIASES[key]
    for unit in UNITS:
        if unit.casefold() == key:
            return unit
    return None


def display_unit(unit: str) -> str:
    """A unit as a reader writes it (m3 -> m³); other units unchanged."""
    return DISPLAY.get(unit, unit)


@dataclass(frozen=True)
class Conversion:
    """Multiply a quantity in `from_unit` by `factor` to get it in `to_unit`; `steps` says how."""

    from_unit: str
    to_unit: str
    factor: float
    steps: tuple[str, ...]


class ConversionError(PaastolaskuriError, ValueError):
    """A unit is unknown, or cannot be converted to another with the fuel properties given."""

    exit_code = EXIT_FAILED


def convert_unit(from_unit: str, to_unit: str, properties: dict[str, float] | None = None) -> Conversion:
    """How a quantity in `from_unit` becomes `to_unit`, using fuel properties where the dimensions differ.

    `properties` maps a property name of PROPERTY_EDGES (density, ncv_mass, ncv_volume) to its value.
    """
    if from_unit not in UNITS or to_unit not in UNITS:
        raise ConversionError(f"unknown unit {from_unit if from_unit not in UNITS else to_unit!r}")
    dim_from, size_from = UNITS[from_unit]
    dim_to, size_to = UNITS[to_unit]
    if dim_from == dim_to:
        factor = size_from / size_to
        steps = (
            ()
            if from_unit == to_unit
            else (f"{display_unit(from_unit)} → {display_unit(to_unit)} × {factor:g}",)
        )
        return Conversion(from_unit, to_unit, factor, steps)
    edges: dict[tuple[str, str], tuple[float, str]] = {}
    for name, value in (properties or {}).items():
        if name not in PROPERTY_EDGES:
            continue
        a, b, shown_unit, scale = PROPERTY_EDGES[name]
        per_base = value * scale  # base(b) per base(a)
        text = f"{name} {value:g} {shown_unit}"
        edges[(a, b)] = (per_base, text)
        edges[(b, a)] = (1.0 / per_base, f"÷ {text}")
    # breadth-first search over the few dimensions
    paths: dict[str, tuple[float, tuple[str, ...]]] = {dim_from: (1.0, ())}
    frontier = [dim_from]
    while frontier and dim_to not in paths:
        nxt = []
        for dim in frontier:
            for (a, b), (mult, text) in edges.items():
                if a == dim and b not in paths:
                    paths[b] = (paths[dim][0] * mult, paths[dim][1] + (text,))
                    nxt.append(b)
        frontier = nxt
    if dim_to not in paths:
        raise ConversionError(f"cannot convert {from_unit} to {to_unit}")
    mult, texts = paths[dim_to]
    factor = size_from * mult / size_to
    return Conversion(
        from_unit,
        to_unit,
        factor,
        (f"{display_unit(from_unit)} → {display_unit(to_unit)} × {factor:.6g} ({'; '.join(texts)})",),
    )
