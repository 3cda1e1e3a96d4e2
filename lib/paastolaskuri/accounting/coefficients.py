"""The coefficient table: kg of each gas and kg CO2e per *input* unit, per (activity, unit, basis).

Built once per factor set and GWP set from the set's factor rows, fuel properties and money tables;
the engine (calculation.py) multiplies activity lines by it. Texts are language-neutral codes and
numbers ("0.3 kg CH4/GJ × GWP 28"); reporting.presentation translates them.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.accounting.catalogue import Activity, Catalogue, load_catalogue
from paastolaskuri.accounting.factors import CONFIDENCE, DEFAULT_GWP, FactorSet, gas_column, gwp_of
from paastolaskuri.accounting.money import MoneyTables, is_money, load_money_tables, money_conversion
from paastolaskuri.accounting.units import ConversionError, convert_unit, display_unit


def _scope_and_category(activity_scope: int, activity_category: str, basis: str) -> tuple[int, str]:
    """(scope, category) of a coefficient: upstream bases (wtt, td_loss) of Scope 1-2 lines are Scope 3.3."""
    if basis in ("wtt", "td_loss") and activity_scope != 3:
        return (
            3,
            "s3_c3",
        )  # upstream of the reporter's own fuels and energy; a Scope 3 line keeps its category
    return activity_scope, activity_category


def fmt_neutral(x: float) -> str:
    """A number in the engine's language-neutral notation (6 significant digits); presentation localises it."""
    return f"{x:.6g}"


def build_coefficients(
    factor_set: FactorSet, gwp_set: str = DEFAULT_GWP, catalogue: Catalogue | None = None
) -> pd.DataFrame:
    """Kg of each gas and kg CO2e per *input* unit, for every (activity, unit, basis) the set can compute."""
    catalogue = catalogue or load_catalogue()
    key = (factor_set.name, factor_set.digest, gwp_set, id(catalogue))
    if key not in _COEFFICIENT_CACHE:
        _COEFFICIENT_CACHE[key] = _build_coefficients(factor_set, gwp_set, catalogue)
    return _COEFFICIENT_CACHE[key].copy()


_COEFFICIENT_CACHE: dict[tuple, pd.DataFrame] = {}


def _build_coefficients(factor_set: FactorSet, gwp_set: str, catalogue: Catalogue) -> pd.DataFrame:
    """Every coefficient row of the set: each catalogue activity x unit x basis the set's factors reach."""
    records: list[dict] = []
    factors = factor_set.factors
    money = (load_money_tables(factor_set.path), factor_set.reporting_year)
    # plain tuples grouped once: filtering a DataFrame per activity x unit x basis dominated the time
    by_activity: dict[str, list] = {}
    for r in factors.itertuples(index=False):
        by_activity.setdefault(r.activity, []).append(r)
    props_by_activity: dict[str, dict[str, float]] = {}
    for p in factor_set.properties.itertuples(index=False):
        props_by_activity.setdefault(p.activity, {})[p.property] = float(p.value)
    for activity in catalogue:
        if activity.no_emissions:
            records.extend(_no_emission_record(activity, unit) for unit in activity.units)
            continue
        rows = _reused_rows(activity, by_activity.get(activity.factor_key, []))
        props = props_by_activity.get(activity.factor_key, {})
        if not rows:
            # no factor in the set (e.g. "other refrigerant"): an own factor on the line is the only factor
            # (a Scope 2 supply without a grid average, such as district cooling, uses it on both bases)
            for basis in ("location", "market") if activity.scope == 2 else ("direct",):
                for unit in activity.units:
                    records.append(_empty_record(activity, unit, basis))
            continue
        bases = list(dict.fromkeys(r.basis for r in rows))
        if activity.scope == 2 and "location" in bases and "market" not in bases:
            bases.append("market")  # no residual mix (heat): market-based falls back to location-based
        for unit in activity.units:
            for basis in bases:
                brows = [r for r in rows if r.basis == basis]
                fallback = False
                if not brows and basis == "market":
                    brows = [r for r in rows if r.basis == "location"]
                    fallback = True
                rec = _coefficient_record(activity, unit, basis, brows, props, gwp_set, money)
                if rec is None:
                    continue
                if fallback:
                    rec["gwp_note"] = (rec["gwp_note"] + " " if rec["gwp_note"] else "") + "market=location"
                records.append(rec)
    table = pd.DataFrame.from_records(records)
    return table


def _reused_rows(activity, rows: list) -> list:
    """A Scope 3 activity reusing another's factors: the grid (location) factor becomes its direct one.

    The market basis and T&D losses stay with the reporter's own Scope 2 lines; well-to-tank rows
    follow the reused fuel or energy (booked to the reusing line's own category).
    """
    if not activity.factor_from or activity.scope != 3:
        return rows
    kept = [r for r in rows if r.basis not in ("market", "td_loss")]
    return [r._replace(basis="direct") if r.basis == "location" else r for r in kept]


_NO_MONEY = (MoneyTables(), None)


def _convert(unit, row, props, money: tuple[MoneyTables, int | None]):
    """Input unit -> the factor row's unit: money through money.py (rate, price year), the rest by units."""
    if is_money(unit) and is_money(row.unit):
        return money_conversion(unit, row.unit, row.factor_id, money[1], money[0])
    return convert_unit(unit, row.unit, props)


def _zero_record(activity: Activity, unit: str, basis: str) -> dict:
    """A coefficient row with every gas at zero, booked to the scope and category of `basis`."""
    scope, category = _scope_and_category(activity.scope, activity.category.code, basis)
    return dict(
        activity=activity.key,
        unit=unit,
        basis=basis,
        scope=scope,
        category=category,
        co2=0.0,
        ch4=0.0,
        n2o=0.0,
        other_gas="",
        other=0.0,
        co2e_fixed=0.0,
        co2_biogenic=0.0,
        co2e=0.0,
    )


# Own renewable production consumed on site: the GHG Protocol Scope 2 Guidance (2015, ch. 5, setting
# the Scope 2 boundary) counts only purchased or acquired energy in Scope 2, and solar panels or
# collectors burn nothing (no Scope 1). Seen in summaries of the guidance (decisions: h26b).
NO_EMISSION_FACTOR_ID = "definition.own_production"
NO_EMISSION_SOURCE = (
    "WRI/WBCSD: GHG Protocol Scope 2 Guidance (2015), ch. 5: energy produced and consumed on site "
    "is not purchased (no Scope 2); solar generation burns no fuel (no Scope 1)"
)
NO_EMISSION_URL = "https://ghgprotocol.org/scope_2_guidance"


def _no_emission_record(activity: Activity, unit: str) -> dict:
    """The row of an activity with no emissions by definition: 0 kg, direct basis, sourced to the rule."""
    rec = _zero_record(activity, unit, "direct")
    rec.update(
        factor_unit=unit,
        to_factor_unit=1.0,
        conversion="",
        factor_id=NO_EMISSION_FACTOR_ID,
        factor_text=f"0 kg CO2e/{display_unit(unit)}",
        source=NO_EMISSION_SOURCE,
        url=NO_EMISSION_URL,
        confidence="definition",
        gwp_note="",
    )
    return rec


def _empty_record(activity: Activity, unit: str, basis: str) -> dict:
    """The row of an activity the set has no factor for: only an own factor on the line gives emissions."""
    rec = _zero_record(activity, unit, basis)
    rec.update(
        factor_unit=unit,
        to_factor_unit=1.0,
        conversion="",
        factor_id="",
        factor_text="",
        source="",
        url="",
        confidence="unverified",
        gwp_note="",
    )
    return rec


def _coefficient_record(activity, unit, basis, brows, props, gwp_set, money=_NO_MONEY) -> dict | None:
    """The row of (activity, unit, basis) from the set's factor rows `brows`; None if the unit cannot reach them."""
    rec = _zero_record(activity, unit, basis)
    texts: list[str] = []
    gwp_notes: list[str] = []
    ids, sources, urls, confs = [], [], [], []
    primary = None  # (conversion, gas, factor unit) of the row whose unit the line is shown in
    for r in brows:
        try:
            conv = _convert(unit, r, props, money)
        except ConversionError:
            return None  # this unit cannot reach this factor: the validator reports it
        _add_gas(rec, r, conv.factor * r.value, gwp_set, texts, gwp_notes)
        if primary is None or (r.gas in ("CO2", "CO2e") and primary[1] not in ("CO2", "CO2e")):
            primary = (conv, r.gas, r.unit)
        ids.append(r.factor_id)
        sources.append(f"{r.publisher}: {r.document}" + (f" ({r.year})" if r.year else ""))
        urls.append(r.url)
        confs.append(r.confidence)
    if primary is None:
        return None
    conv = primary[0]
    rec.update(
        factor_unit=primary[2],
        to_factor_unit=conv.factor,
        conversion="; ".join(conv.steps),
        factor_id="+".join(ids),
        factor_text=" + ".join(texts),
        source=" | ".join(dict.fromkeys(sources)),
        url=" ".join(u for u in dict.fromkeys(urls) if u),
        confidence=max(confs, key=CONFIDENCE.index),
        gwp_note="; ".join(gwp_notes),
    )
    return rec


def _add_gas(rec: dict, r, per_input: float, gwp_set: str, texts: list[str], gwp_notes: list[str]) -> None:
    """Add factor row `r` (`per_input` kg of its gas per input unit) to the record's gas and CO2e sums."""
    gas = r.gas
    if gas == "CO2_biogenic":
        # outside the scopes: not a term of the CO2e sum, so not in factor_text (kg_co2_biogenic has it)
        rec["co2_biogenic"] += per_input
    elif gas == "CO2e":
        rec["co2e_fixed"] += per_input
        rec["co2e"] += per_input
        texts.append(f"{fmt_neutral(r.value)} kg CO2e/{display_unit(r.unit)}")
        if r.value_gwp and r.value_gwp != gwp_set:
            gwp_notes.append(f"{r.factor_id}: CO2e in {r.value_gwp}")
    else:
        gwp = gwp_of(gas, gwp_set)
        col = gas_column(gas)  # fossil CH4 is CH4 in the results, with its own GWP
        if col == "other":
            rec["other_gas"] = gas
        rec[col] += per_input
        rec["co2e"] += per_input * gwp
        texts.append(
            f"{fmt_neutral(r.value)} kg {gas}/{display_unit(r.unit)}"
            + ("" if gwp == 1 else f" × GWP {fmt_neutral(gwp)}")
        )
