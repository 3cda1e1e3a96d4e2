"""The calculation engine: activity lines x factor set -> emission lines -> totals.

Each activity line gives one emission line per *basis*: `direct` (its own scope), `location` and
`market` (Scope 2, both always), `wtt` and `td_loss` (Scope 3 category 3, when the set has them).
All arithmetic is vectorised over a small coefficient table built once per factor set and GWP set.

The engine returns numbers and codes, never sentences: `factor_text` lists the terms of the kg CO2e
sum in neutral notation ("0.3 kg CH4/GJ × GWP 28"; biogenic CO2 is in `kg_co2_biogenic`, outside the
sum), `gwp_note` holds codes separated by "; " (`market=location` for a market-based line that
falls back to the location-based factor, `<factor id>: CO2e in <GWP set>` for a CO2e-only factor
computed in another GWP set). `reporting.presentation` turns them into Finnish or English.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from paastolaskuri.accounting.catalogue import Catalogue, load_catalogue
from paastolaskuri.accounting.factors import CONFIDENCE, DEFAULT_GWP, FactorSet, gas_column, gwp_of
from paastolaskuri.accounting.money import MoneyTables, is_money, load_money_tables, money_conversion
from paastolaskuri.accounting.units import ConversionError, convert_unit, display_unit

LINE_COLUMNS = [
    "row",
    "site",
    "activity",
    "quantity",
    "unit",
    "own_factor",
    "own_factor_source",
    "contract",
    "quality",
    "note",
]
GAS_COLUMNS = ["kg_co2", "kg_ch4", "kg_n2o", "kg_other_gas", "kg_co2e_unsplit", "kg_co2_biogenic"]
_COEF_NUMERIC = ["co2", "ch4", "n2o", "other", "co2e_fixed", "co2_biogenic", "co2e", "to_factor_unit"]
CONTRACT_GO = "go"
TOTAL_KEYS = (
    "scope1",
    "scope2_location",
    "scope2_market",
    "scope3",
    "biogenic_co2",
    "total_location",
    "total_market",
)


def _scope_and_category(activity_scope: int, activity_category: str, basis: str) -> tuple[int, str]:
    if basis in ("wtt", "td_loss") and activity_scope != 3:
        return 3, "s3_c3"  # upstream of the reporter's own fuels and energy; a Scope 3 line keeps its category
    return activity_scope, activity_category


def _fmt(x: float) -> str:
    """A number in the engine's language-neutral notation; presentation localises it."""
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
    records = []
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


def _empty_record(activity, unit, basis):
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


def _coefficient_record(activity, unit, basis, brows, props, gwp_set, money=_NO_MONEY):
    scope, category = _scope_and_category(activity.scope, activity.category.code, basis)
    rec = dict(
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
    texts, ids, sources, urls, confs, gwp_notes = [], [], [], [], [], []
    primary = None
    for r in brows:
        try:
            conv = _convert(unit, r, props, money)
        except ConversionError:
            return None  # this unit cannot reach this factor: the validator reports it
        per_input = conv.factor * r.value
        gas = r.gas
        if gas == "CO2_biogenic":
            # outside the scopes: not a term of the CO2e sum, so not in factor_text (kg_co2_biogenic has it)
            rec["co2_biogenic"] += per_input
        elif gas == "CO2e":
            rec["co2e_fixed"] += per_input
            rec["co2e"] += per_input
            texts.append(f"{_fmt(r.value)} kg CO2e/{display_unit(r.unit)}")
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
                f"{_fmt(r.value)} kg {gas}/{display_unit(r.unit)}"
                + ("" if gwp == 1 else f" × GWP {_fmt(gwp)}")
            )
        if primary is None or gas in ("CO2", "CO2e"):
            if primary is None or primary[1] not in ("CO2", "CO2e"):
                primary = (conv, gas, r.unit)
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


def empty_lines() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(
                dtype="float64" if c in ("quantity", "own_factor") else ("int64" if c == "row" else "object")
            )
            for c in LINE_COLUMNS
        }
    )


def calculate_emissions(
    lines: pd.DataFrame, factor_set: FactorSet, gwp_set: str = DEFAULT_GWP, catalogue: Catalogue | None = None
) -> pd.DataFrame:
    """Emission lines (one per activity line x basis) with kg per gas, kg CO2e and the explain trail.

    `lines` must be valid (see validation.validate_lines): known activity, allowed unit, quantity >= 0.
    """
    catalogue = catalogue or load_catalogue()
    coef = build_coefficients(factor_set, gwp_set, catalogue)
    lines = lines.reset_index(drop=True)
    li, ci = _match_coefficients(lines, coef, catalogue)
    out = lines.iloc[li].reset_index(drop=True)
    out.insert(0, "line_index", li)
    big = len(out) > 10000
    for col in [
        "basis",
        "scope",
        "category",
        "factor_id",
        "factor_text",
        "factor_unit",
        "conversion",
        "source",
        "url",
        "confidence",
        "gwp_note",
        "other_gas",
    ]:
        if big:  # categorical by codes: no hashing of a million strings
            codes, uniques = pd.factorize(coef[col], sort=False)
            out[col] = pd.Categorical.from_codes(codes[ci], categories=pd.Index(uniques))
        else:
            out[col] = coef[col].to_numpy()[ci]
    out["scope"] = coef["scope"].to_numpy(dtype="int64")[ci]
    per_unit = {c: coef[c].to_numpy(dtype="float64")[ci] for c in _COEF_NUMERIC}

    # A line's own factor (kg CO2e per its unit) replaces the set: for Scope 2 it is the supplier's
    # market-based factor, elsewhere it replaces the direct factor.
    scope2 = out["scope"].to_numpy() == 2
    is_market = (coef["basis"] == "market").to_numpy()[ci]
    is_direct = (coef["basis"] == "direct").to_numpy()[ci]
    own = out["own_factor"].to_numpy(dtype="float64")
    has_own = ~np.isnan(own)
    no_set_factor = (coef["factor_id"] == "").to_numpy()[ci]
    target = has_own & ((is_market & scope2) | (is_direct & ~scope2) | no_set_factor)
    go = (lines["contract"] == CONTRACT_GO).to_numpy(dtype=bool)[li] & is_market & ~has_own
    replaced = target | go
    if replaced.any():
        for c in ("co2", "ch4", "n2o", "other", "co2_biogenic", "co2e_fixed", "co2e"):
            per_unit[c] = np.where(replaced, 0.0, per_unit[c])
        per_unit["co2e_fixed"] = np.where(target, own, per_unit["co2e_fixed"])
        per_unit["co2e"] = np.where(target, own, per_unit["co2e"])
        per_unit["to_factor_unit"] = np.where(replaced, 1.0, per_unit["to_factor_unit"])
        own_src = out["own_factor_source"].astype(object).to_numpy()
        unit = out["unit"].astype(object).to_numpy()
        idx = np.flatnonzero(target)
        _assign(out, "factor_id", idx, "own")
        _assign(
            out,
            "factor_text",
            idx,
            [f"{_fmt(v)} kg CO2e/{display_unit(u)}" for v, u in zip(own[idx], unit[idx])],
        )
        _assign(out, "source", idx, own_src[idx])
        _assign(out, "confidence", idx, "own factor")
        idx = np.flatnonzero(go)
        _assign(out, "factor_id", idx, "contract:go")
        _assign(out, "factor_text", idx, "0 kg CO2/kWh")
        _assign(out, "source", idx, "Guarantees of origin (contract) / Alkuperätakuut (sopimus)")
        _assign(out, "confidence", idx, "own factor")
        idx = np.flatnonzero(replaced)
        _assign(out, "factor_unit", idx, unit[idx])
        for col in ("conversion", "url", "gwp_note", "other_gas"):
            _assign(out, col, idx, "")
    out["own_factor_used"] = replaced

    q = out["quantity"].to_numpy(dtype="float64")
    out["converted_quantity"] = q * per_unit["to_factor_unit"]
    out["kg_co2e_per_unit"] = per_unit["co2e"]
    out["kg_co2"] = q * per_unit["co2"]
    out["kg_ch4"] = q * per_unit["ch4"]
    out["kg_n2o"] = q * per_unit["n2o"]
    out["kg_other_gas"] = q * per_unit["other"]
    out["kg_co2e_unsplit"] = q * per_unit["co2e_fixed"]
    out["kg_co2_biogenic"] = q * per_unit["co2_biogenic"]
    out["kg_co2e"] = q * per_unit["co2e"]
    out["gwp_set"] = gwp_set
    out["factor_set"] = factor_set.name
    return out


def _assign(out: pd.DataFrame, col: str, idx: np.ndarray, values) -> None:
    """Set out[col] at positions idx, keeping a categorical column categorical."""
    if len(idx) == 0:
        return
    series = out[col]
    values = np.broadcast_to(np.asarray(values, dtype=object), len(idx))
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories  # read once: each access rebuilds the index
        new_codes, new_values = pd.factorize(values)
        known = set(cats)
        missing = [v for v in new_values if v not in known]
        if missing:
            cats = cats.append(pd.Index(missing, dtype=object))
        codes = series.cat.codes.to_numpy().astype(np.int64)  # wide enough for the new categories
        codes[idx] = cats.get_indexer(new_values)[new_codes]
        out[col] = pd.Categorical.from_codes(codes, categories=cats)
    else:
        arr = series.to_numpy(dtype=object).copy()
        arr[idx] = values
        out[col] = arr


def _match_coefficients(
    lines: pd.DataFrame, coef: pd.DataFrame, catalogue: Catalogue
) -> tuple[np.ndarray, np.ndarray]:
    """(line index, coefficient index) pairs: every basis a line's (activity, unit) has, in line order."""
    activities = pd.Index([a.key for a in catalogue])
    units = pd.Index(list(dict.fromkeys(u for a in catalogue for u in a.units)))
    n_units = len(units)
    pair = activities.get_indexer(lines["activity"]) * n_units + units.get_indexer(lines["unit"])
    coef_pair = activities.get_indexer(coef["activity"]) * n_units + units.get_indexer(coef["unit"])
    lis, cis = [], []
    for basis in dict.fromkeys(coef["basis"]):
        lookup = np.full(len(activities) * n_units, -1, dtype=np.int64)
        rows = np.flatnonzero((coef["basis"] == basis).to_numpy())
        lookup[coef_pair[rows]] = rows
        hit = lookup[pair]
        ok = hit >= 0
        lis.append(np.flatnonzero(ok))
        cis.append(hit[ok])
    li = np.concatenate(lis) if lis else np.zeros(0, dtype=np.int64)
    ci = np.concatenate(cis) if cis else np.zeros(0, dtype=np.int64)
    order = np.argsort(li, kind="stable")
    return li[order], ci[order]


def summarise_totals(emissions: pd.DataFrame) -> dict[str, float]:
    """Totals in kg CO2e: per scope with both Scope 2 bases; biogenic CO2 apart (outside the scopes)."""
    scope = emissions["scope"].to_numpy().astype(int)
    basis = (
        (emissions["basis"] == "location").to_numpy(dtype=bool),
        (emissions["basis"] == "market").to_numpy(dtype=bool),
    )
    kg = emissions["kg_co2e"].to_numpy(dtype="float64")
    scope1 = float(kg[scope == 1].sum())
    s2l = float(kg[(scope == 2) & basis[0]].sum())
    s2m = float(kg[(scope == 2) & basis[1]].sum())
    scope3 = float(kg[scope == 3].sum())
    return {
        "scope1": scope1,
        "scope2_location": s2l,
        "scope2_market": s2m,
        "scope3": scope3,
        "biogenic_co2": float(emissions["kg_co2_biogenic"].sum()),
        "total_location": scope1 + s2l + scope3,
        "total_market": scope1 + s2m + scope3,
    }


def lines_on_basis(emissions: pd.DataFrame, basis: str = "market") -> pd.DataFrame:
    """The emission lines that make up the total on `basis`: Scope 2 only on that basis, every other line.

    The one definition of which lines a market-based (or location-based) total counts; totals by
    category, the network's category table and the Excel summaries all go through it.
    """
    if emissions.empty:
        return emissions
    return emissions[(emissions["scope"].astype(int) != 2) | (emissions["basis"].astype(str) == basis)]


def totals_by_category(
    emissions: pd.DataFrame, basis: str = "market", by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Kg CO2e per (scope, category), Scope 2 counted on `basis`; `by` adds grouping columns in front.

    Columns: *by, scope (int), category (str), kg_co2e; sorted by (*by, scope, category).
    """
    df = lines_on_basis(emissions, basis)
    if df.empty:
        return pd.DataFrame(columns=[*by, "scope", "category", "kg_co2e"])
    df = df.loc[:, [*by, "scope", "category", "kg_co2e"]].copy()
    df["scope"] = df["scope"].astype(int)
    df["category"] = df["category"].astype(str)
    return df.groupby([*by, "scope", "category"], as_index=False, observed=True)["kg_co2e"].sum()
