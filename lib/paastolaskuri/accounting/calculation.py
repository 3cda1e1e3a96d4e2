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

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from paastolaskuri.accounting.catalogue import Catalogue, load_catalogue
from paastolaskuri.accounting.coefficients import build_coefficients, fmt_neutral  # also imported from here
from paastolaskuri.accounting.factors import DEFAULT_GWP, FactorSet
from paastolaskuri.accounting.units import display_unit
from paastolaskuri.core.i18n import pair

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
# the factor_id of a line whose own (supplier) factor replaced the set's, and of a Scope 2 market-based
# line zeroed by guarantees of origin: the two markers every reader of emission lines matches
OWN_FACTOR_ID = "own"
GO_FACTOR_ID = f"contract:{CONTRACT_GO}"
# the source written on a guarantees-of-origin line: "English / Finnish" (label.word.go_source)
GO_SOURCE = " / ".join(reversed(pair("label.word.go_source")))
TOTAL_KEYS = (
    "scope1",
    "scope2_location",
    "scope2_market",
    "scope3",
    "biogenic_co2",
    "total_location",
    "total_market",
)


def empty_lines() -> pd.DataFrame:
    """An activity-line frame with no rows and the LINE_COLUMNS types (row int, quantities float)."""
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
    _copy_coefficient_texts(out, coef, ci)
    out["scope"] = coef["scope"].to_numpy(dtype="int64")[ci]
    per_unit = {c: coef[c].to_numpy(dtype="float64")[ci] for c in _COEF_NUMERIC}
    out["own_factor_used"] = _use_own_factors(out, lines, coef, li, ci, per_unit)
    q = out["quantity"].to_numpy(dtype="float64")
    out["converted_quantity"] = q * per_unit["to_factor_unit"]
    out["kg_co2e_per_unit"] = per_unit["co2e"]
    for column, key in _KG_COLUMNS.items():
        out[column] = q * per_unit[key]
    out["gwp_set"] = gwp_set
    out["factor_set"] = factor_set.name
    return out


_TEXT_COLUMNS = [  # coefficient columns copied to each emission line
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
]
_KG_COLUMNS = {  # emission-line column -> the coefficient (kg per input unit) it multiplies
    "kg_co2": "co2",
    "kg_ch4": "ch4",
    "kg_n2o": "n2o",
    "kg_other_gas": "other",
    "kg_co2e_unsplit": "co2e_fixed",
    "kg_co2_biogenic": "co2_biogenic",
    "kg_co2e": "co2e",
}


def _copy_coefficient_texts(out: pd.DataFrame, coef: pd.DataFrame, ci: np.ndarray) -> None:
    """Each emission line's basis, scope, category and explain texts from its coefficient row `ci`."""
    big = len(out) > 10000
    for col in _TEXT_COLUMNS:
        if big:  # categorical by codes: no hashing of a million strings
            codes, uniques = pd.factorize(coef[col], sort=False)
            out[col] = pd.Categorical.from_codes(codes[ci], categories=pd.Index(uniques))
        else:
            out[col] = coef[col].to_numpy()[ci]


def _use_own_factors(
    out: pd.DataFrame,
    lines: pd.DataFrame,
    coef: pd.DataFrame,
    li: np.ndarray,
    ci: np.ndarray,
    per_unit: dict[str, np.ndarray],
) -> np.ndarray:
    """Replace the set's factor by a line's own factor or its contract; True where one was used.

    A line's own factor (kg CO2e per its unit) replaces the set: for Scope 2 it is the supplier's
    market-based factor, elsewhere it replaces the direct factor. A guarantees-of-origin contract makes
    a Scope 2 line's market-based factor zero. `per_unit` is changed in place.
    """
    scope2 = out["scope"].to_numpy() == 2
    is_market = (coef["basis"] == "market").to_numpy()[ci]
    is_direct = (coef["basis"] == "direct").to_numpy()[ci]
    own = out["own_factor"].to_numpy(dtype="float64")
    has_own = ~np.isnan(own)
    no_set_factor = (coef["factor_id"] == "").to_numpy()[ci]
    target = has_own & ((is_market & scope2) | (is_direct & ~scope2) | no_set_factor)
    go = (lines["contract"] == CONTRACT_GO).to_numpy(dtype=bool)[li] & is_market & ~has_own
    replaced = target | go
    if not replaced.any():
        return replaced
    for c in ("co2", "ch4", "n2o", "other", "co2_biogenic", "co2e_fixed", "co2e"):
        per_unit[c] = np.where(replaced, 0.0, per_unit[c])
    per_unit["co2e_fixed"] = np.where(target, own, per_unit["co2e_fixed"])
    per_unit["co2e"] = np.where(target, own, per_unit["co2e"])
    per_unit["to_factor_unit"] = np.where(replaced, 1.0, per_unit["to_factor_unit"])
    own_src = out["own_factor_source"].astype(object).to_numpy()
    unit = out["unit"].astype(object).to_numpy()
    idx = np.flatnonzero(target)
    texts = [f"{fmt_neutral(v)} kg CO2e/{display_unit(u)}" for v, u in zip(own[idx], unit[idx], strict=True)]
    _assign(out, "factor_id", idx, OWN_FACTOR_ID)
    _assign(out, "factor_text", idx, texts)
    _assign(out, "source", idx, own_src[idx])
    _assign(out, "confidence", idx, "own factor")
    idx = np.flatnonzero(go)
    _assign(out, "factor_id", idx, GO_FACTOR_ID)
    _assign(out, "factor_text", idx, "0 kg CO2/kWh")
    _assign(out, "source", idx, GO_SOURCE)
    _assign(out, "confidence", idx, "own factor")
    idx = np.flatnonzero(replaced)
    _assign(out, "factor_unit", idx, unit[idx])
    for col in ("conversion", "url", "gwp_note", "other_gas"):
        _assign(out, col, idx, "")
    return replaced


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


SCOPE2_BASES = ("location", "market")  # a Scope 2 line is on one of these; its total counts one of them


def _scopes(emissions: pd.DataFrame) -> np.ndarray:
    """Each emission line's scope as an int array."""
    return emissions["scope"].to_numpy().astype(int)


def _is_basis(emissions: pd.DataFrame, basis: str) -> np.ndarray:
    """True where a line's basis is `basis` (a missing basis is not)."""
    return (emissions["basis"] == basis).to_numpy(dtype=bool, na_value=False)


def scope2_on_basis(emissions: pd.DataFrame, basis: str) -> np.ndarray:
    """Boolean mask of the Scope 2 lines on `basis` ("location" or "market"): what `scope2_<basis>` sums."""
    return (_scopes(emissions) == 2) & _is_basis(emissions, basis)


def uses_set_factor(emissions: pd.DataFrame) -> np.ndarray:
    """Boolean mask of the lines whose factor comes from the factor set: no own factor, no GO, not missing."""
    return ~emissions["factor_id"].astype(str).isin([OWN_FACTOR_ID, GO_FACTOR_ID, ""]).to_numpy(dtype=bool)


def figure_differs_by_basis(basis: str, scope: int) -> bool:
    """True when a figure of `scope` on `basis` is a figure of its own, not the market-based one again.

    A total on either basis counts every line outside Scope 2 alike (see `on_basis`), so a
    location-based figure differs from the market-based one only in Scope 2.
    """
    return basis == "market" or int(scope) == 2


def on_basis(emissions: pd.DataFrame, basis: str = "market") -> np.ndarray:
    """Boolean mask of the lines a total on `basis` counts: every line outside Scope 2, Scope 2 only on `basis`.

    The one definition of how Scope 2 counts in a total; `lines_on_basis` is its frame form.
    """
    return (_scopes(emissions) != 2) | _is_basis(emissions, basis)


def scope_masks(emissions: pd.DataFrame) -> dict[str, np.ndarray]:
    """Boolean masks of the lines in each scope total: scope1, scope2_location, scope2_market, scope3."""
    scope = _scopes(emissions)
    return {
        "scope1": scope == 1,
        "scope2_location": (scope == 2) & _is_basis(emissions, "location"),
        "scope2_market": (scope == 2) & _is_basis(emissions, "market"),
        "scope3": scope == 3,
    }


def basis_totals(parts: Mapping[str, Any]) -> dict[str, Any]:
    """{"total_location", "total_market"} from the scope totals in `parts` (floats or Series alike).

    Each total is Scope 1 + Scope 2 on its basis + Scope 3; `parts` maps the keys of `scope_masks`.
    """
    return {f"total_{b}": parts["scope1"] + parts[f"scope2_{b}"] + parts["scope3"] for b in SCOPE2_BASES}


def summarise_totals(emissions: pd.DataFrame) -> dict[str, float]:
    """Totals in kg CO2e: per scope with both Scope 2 bases; biogenic CO2 apart (outside the scopes)."""
    kg = emissions["kg_co2e"].to_numpy(dtype="float64")
    parts = {key: float(kg[mask].sum()) for key, mask in scope_masks(emissions).items()}
    return {**parts, "biogenic_co2": float(emissions["kg_co2_biogenic"].sum()), **basis_totals(parts)}


def lines_on_basis(emissions: pd.DataFrame, basis: str = "market") -> pd.DataFrame:
    """The emission lines that make up the total on `basis`: Scope 2 only on that basis, every other line.

    The frame form of `on_basis`; totals by category, the network's category table and the Excel
    summaries all go through it.
    """
    if emissions.empty:
        return emissions
    return emissions[on_basis(emissions, basis)]


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
