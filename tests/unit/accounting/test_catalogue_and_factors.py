"""The shipped reference data: the activity catalogue and every factor set under data/factors/."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from paastolaskuri.accounting.calculation import build_coefficients
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.factors import (
    BASES,
    CONFIDENCE,
    GWP_SETS,
    SHIPPED_FACTORS_DIR,
    factor_set_for_year,
    find_factor_set,
    load_gwp,
    pinned_sets,
)
from paastolaskuri.accounting.units import PROPERTY_EDGES, UNITS

CATALOGUE = load_catalogue()
SET_DIRS = sorted(p.parent for p in SHIPPED_FACTORS_DIR.glob("*/set.json"))
SET_NAMES = [p.name for p in SET_DIRS]
NON_GWP_GASES = {"CO2e", "CO2_biogenic"}
# activities with their own factor rows from r2 on (capital goods by mass, end of life, investments)
ACTIVITIES_NEW_IN_R2 = {
    "capital_concrete",
    "capital_metals",
    "capital_wood",
    "capital_electrical_large",
    "capital_electrical_small",
    "eol_plastics_landfill",
    "eol_plastics_incineration",
    "eol_plastics_recycling",
    "eol_paper_landfill",
    "eol_paper_recycling",
    "eol_metal_landfill",
    "eol_metal_recycling",
    "eol_wood_landfill",
    "eol_wood_incineration",
    "eol_textiles_landfill",
    "eol_textiles_incineration",
    "eol_glass_recycling",
    "eol_weee_recycling",
    "eol_mixed_landfill",
    "eol_mixed_incineration",
    "investment_emissions_share",
}
FOREIGN_CURRENCIES = {"USD", "GBP", "SEK", "NOK", "DKK", "CHF"}  # need the r2 exchange rates


def raw_factors(name: str) -> pd.DataFrame:
    return pd.read_csv(SHIPPED_FACTORS_DIR / name / "factors.csv", dtype=str, keep_default_na=False)


def raw_properties(name: str) -> pd.DataFrame:
    return pd.read_csv(SHIPPED_FACTORS_DIR / name / "properties.csv", dtype=str, keep_default_na=False)


def test_shipped_sets_found():
    assert SET_NAMES == [
        "fi-2022-r1",
        "fi-2022-r2",
        "fi-2022-r3",
        "fi-2023-r1",
        "fi-2023-r2",
        "fi-2024-r1",
        "fi-2024-r2",
    ]


@pytest.mark.parametrize("name", SET_NAMES)
def test_every_factor_row_is_sourced(name):
    f = raw_factors(name)
    unsourced = f[(f["publisher"].str.strip() == "") | (f["document"].str.strip() == "")]
    assert unsourced["factor_id"].tolist() == []
    bad = f[~f["confidence"].isin(["definition", "seen-in-source", "derived-from-seen", "unverified"])]
    assert bad[["factor_id", "confidence"]].to_numpy().tolist() == []
    assert set(CONFIDENCE) == {"definition", "seen-in-source", "derived-from-seen", "unverified"}


@pytest.mark.parametrize("name", SET_NAMES)
def test_every_property_row_is_sourced(name):
    p = raw_properties(name)
    assert p[(p["publisher"].str.strip() == "") | (p["document"].str.strip() == "")].to_numpy().tolist() == []
    assert sorted(set(p["confidence"]) - set(CONFIDENCE)) == []
    assert sorted(set(p["property"]) - set(PROPERTY_EDGES)) == []
    # the unit each property is given in is the one the conversion code assumes
    shown = {name: edge[2] for name, edge in PROPERTY_EDGES.items()}
    assert p[p["unit"] != p["property"].map(shown)].to_numpy().tolist() == []
    assert all(float(v) > 0 for v in p["value"])


@pytest.mark.parametrize("name", SET_NAMES)
def test_every_factor_unit_is_known(name):
    f = raw_factors(name)
    assert sorted(set(f["unit"]) - set(UNITS)) == []


@pytest.mark.parametrize("name", SET_NAMES)
def test_factor_ids_unique(name):
    f = raw_factors(name)
    assert f[f["factor_id"].duplicated(keep=False)]["factor_id"].tolist() == []


@pytest.mark.parametrize("name", SET_NAMES)
def test_factor_rows_are_well_formed(name):
    f = raw_factors(name)
    assert sorted(set(f["basis"]) - set(BASES)) == []
    assert sorted(set(f["activity"]) - set(CATALOGUE.activities)) == []  # no factor for an unknown activity
    assert sorted(set(f["value_gwp"]) - {"", *GWP_SETS}) == []
    values = f["value"].astype(float)
    assert (values >= 0).all()
    # a fixed CO2e value names its GWP set only when it has one; per-gas rows never do
    assert f[(f["gas"] != "CO2e") & (f["value_gwp"] != "")]["factor_id"].tolist() == []


@pytest.mark.parametrize("name", SET_NAMES)
def test_every_activity_has_a_factor_unless_own_factor_required(name):
    f = raw_factors(name)
    missing = sorted(
        a.key
        for a in CATALOGUE
        if a.factor_key not in set(f["activity"]) and not a.own_factor_required and not a.no_emissions
    )
    # the frozen r1 sets predate the activities whose factors r2 added: there an own factor is needed
    assert missing == (sorted(ACTIVITIES_NEW_IN_R2) if name.endswith("-r1") else [])


@pytest.mark.parametrize("name", SET_NAMES)
@pytest.mark.parametrize("gwp", GWP_SETS)
def test_every_allowed_unit_is_computable(name, gwp):
    # each unit a partner may choose reaches its factor (through the set's densities and calorific values)
    coef = build_coefficients(find_factor_set(name), gwp)
    computable = set(zip(coef["activity"], coef["unit"], strict=True))
    missing = [
        (a.key, u)
        for a in CATALOGUE
        if not a.own_factor_required
        for u in a.units
        if (a.key, u) not in computable
    ]
    if name.endswith("-r1"):  # frozen before the r2 activities and the exchange rates
        missing = [
            (k, u) for k, u in missing if k not in ACTIVITIES_NEW_IN_R2 and u not in FOREIGN_CURRENCIES
        ]
    assert missing == []


@pytest.mark.parametrize("name", SET_NAMES)
def test_scope2_activities_have_both_bases(name):
    coef = build_coefficients(find_factor_set(name))
    for a in CATALOGUE:
        if a.scope == 2:
            bases = set(coef.loc[coef["activity"] == a.key, "basis"])
            assert {"location", "market"} <= bases, a.key


@pytest.mark.parametrize("name", SET_NAMES)
def test_every_gas_has_a_gwp(name):
    f = raw_factors(name)
    gwp = load_gwp()
    gases = set(f["gas"]) - NON_GWP_GASES
    assert sorted(gases - set(gwp.index)) == []
    for gas in gases:
        for s in GWP_SETS:
            assert gwp.loc[gas, s] > 0, (gas, s)


def test_gwp_table_values():
    gwp = load_gwp()
    assert (gwp.loc["CO2", "AR5"], gwp.loc["CO2", "AR6"]) == (1.0, 1.0)
    assert (gwp.loc["CH4", "AR5"], gwp.loc["CH4", "AR6"]) == (28.0, 27.9)
    assert (gwp.loc["N2O", "AR5"], gwp.loc["N2O", "AR6"]) == (265.0, 273.0)
    assert sorted(set(gwp["confidence"]) - set(CONFIDENCE)) == []
    assert all(s.strip() for s in gwp["source"])


def test_r404a_gwp_is_mass_weighted_blend():
    # R-404A = 44 % HFC-125 + 52 % HFC-143a + 4 % HFC-134a (by mass)
    gwp = load_gwp()
    for s in GWP_SETS:
        blend = 0.44 * gwp.loc["HFC-125", s] + 0.52 * gwp.loc["HFC-143a", s] + 0.04 * gwp.loc["HFC-134a", s]
        # AR5: 0.44×3170 + 0.52×4800 + 0.04×1300 = 1394.8 + 2496 + 52 = 3942.8 → 3943
        # AR6: 0.44×3740 + 0.52×5810 + 0.04×1530 = 1645.6 + 3021.2 + 61.2 = 4728.0
        assert gwp.loc["R-404A", s] == pytest.approx(blend, abs=0.5)


@pytest.mark.parametrize("set_dir", SET_DIRS, ids=SET_NAMES)
def test_set_json_names_its_folder(set_dir):
    meta = json.loads((set_dir / "set.json").read_text(encoding="utf-8"))
    assert meta["name"] == set_dir.name
    assert meta["name"] == f"{meta['id']}-{meta['revision']}"
    assert meta["gwp_default"] in GWP_SETS
    assert meta["description"].strip()


def test_years_pin_their_own_sets():
    pins = pinned_sets()
    assert pins == {2022: "fi-2022-r3", 2023: "fi-2023-r2", 2024: "fi-2024-r2"}
    for year in pins:
        assert factor_set_for_year(year).reporting_year == year


def test_catalogue_units_and_categories():
    assert len(CATALOGUE) == len({a.key for a in CATALOGUE})
    for a in CATALOGUE:
        assert a.units, a.key
        assert set(a.units) <= set(UNITS), a.key
        assert a.label_fi.strip() and a.label_en.strip(), a.key
        assert a.scope in (1, 2, 3)
        # Scope 3 categories carry their GHG Protocol category number, Scopes 1 and 2 none
        assert (a.category.ghg_category != "") == (a.scope == 3), a.key


def test_catalogue_labels_find_their_activity():
    for a in CATALOGUE:
        assert CATALOGUE.find(a.key) is a
        assert CATALOGUE.find(a.label_fi) is a
        assert CATALOGUE.find(a.label_en) is a
        assert CATALOGUE.find("  " + a.label_fi.upper() + " ") is a  # spacing and case do not matter
