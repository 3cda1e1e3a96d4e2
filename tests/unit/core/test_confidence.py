"""The stand-in rule (paastolaskuri.core.confidence), held over every catalogue and every factor set.

A value whose own note calls it a stand-in or a proxy is `unverified` as loaded, whatever mark its row
carries: published sets stay byte-unchanged (test_factor_sets_published) and still show the right mark.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from paastolaskuri.accounting.factors import available_sets, find_factor_set, load_gwp
from paastolaskuri.accounting.money import load_money_tables
from paastolaskuri.actions.catalogue import DATA_DIR as ACTIONS_DATA
from paastolaskuri.actions.catalogue import load_action_catalogue
from paastolaskuri.core.confidence import confidence_mark, is_stand_in

ACCOUNTING_DATA = (
    Path(__file__).resolve().parents[3] / "lib" / "paastolaskuri" / "accounting" / "catalogue_data"
)
SETS = available_sets()


@pytest.mark.parametrize(
    ("note", "stand_in"),
    [
        ("a household tariff stands in for business prices.", True),
        ("The 2023 mix (554.90 g CO2/kWh) stands in for it.", True),
        ("Stand-in on the set's direct-CO2 basis: Ember's figure ...", True),
        ("Household-consumption category 'clothes', used as a proxy for business purchases.", True),
        ("kotitaloushinta yrityshinnan sijaisena.", True),
        ("Replaces the 2023 mix (554.90) that stood in for it in fi-2022-r2.", False),  # an earlier set's
        ("Finnish residual mix 2023: 554.90 g CO2/kWh, direct CO2.", False),
        ("", False),
    ],
)
def test_what_the_notes_call_a_stand_in(note, stand_in):
    assert is_stand_in(note) is stand_in
    assert confidence_mark("seen-in-source", note) == ("unverified" if stand_in else "seen-in-source")


def test_every_action_parameter_follows_the_rule():
    params = load_action_catalogue().all_parameters()
    stand_ins = [p for p in params if is_stand_in(p.note) or is_stand_in(p.note_fi)]
    assert [p.key for p in stand_ins if p.confidence != "unverified"] == []
    # still stand-ins, marked: one month's oil price for the year, a vendor's warranty as a lifetime
    # (2024 business electricity is Eurostat's own first-half figure now, no longer 2023's)
    named = {"common.fuel_oil_eur_per_mwh", "solar_pv.lifetime_years"}
    assert named <= {p.key for p in stand_ins}
    by_key = {p.key: p for p in params}
    assert {by_key[k].confidence for k in named} == {"unverified"}
    # petrol consumption no longer stands in for diesel cars: each fuel has its own sourced figure
    assert "cars_to_electric.fuel_l_per_100km" not in by_key
    assert by_key["cars_to_electric.diesel_l_per_100km"].value == 6.4
    assert by_key["cars_to_electric.diesel_l_per_100km"].confidence == "seen-in-source"


def test_the_stored_action_marks_already_follow_the_rule():
    with (ACTIONS_DATA / "parameters.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    wrong = [
        f"{r['action_id']}.{r['param']}"
        for r in rows
        if (is_stand_in(r["note"]) or is_stand_in(r["note_fi"])) and r["confidence"] != "unverified"
    ]
    assert wrong == []


def test_the_accounting_catalogue_carries_no_values_to_mark():
    for name in ("activities.csv", "categories.csv"):
        with (ACCOUNTING_DATA / name).open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert "confidence" not in header and "value" not in header, name


@pytest.mark.parametrize("name", SETS)
def test_every_factor_set_follows_the_rule_as_loaded(name):
    fs = find_factor_set(name)
    for table in (fs.factors, fs.properties):
        marked = table[[is_stand_in(n) for n in table["note"]]]
        assert sorted(set(marked["confidence"])) in ([], ["unverified"]), name
    spend = fs.factors[fs.factors["note"].str.contains("used as a proxy for business purchases")]
    assert len(spend) == 11 and set(spend["confidence"]) == {"unverified"}
    money = load_money_tables(fs.path)
    sources = [x.source for x in (*money.rates.values(), *money.indices.values(), *money.bases.values())]
    assert [s.document for s in sources if is_stand_in(s.note) and s.confidence != "unverified"] == []


def test_the_gwp_table_follows_the_rule():
    table = load_gwp()
    assert [
        g for g, r in table.iterrows() if is_stand_in(r["note"]) and r["confidence"] != "unverified"
    ] == []


def test_a_value_read_in_its_own_source_keeps_its_mark():
    residual = find_factor_set("fi-2022-r3").factors.set_index("factor_id").loc["el.residual"]
    assert residual["confidence"] == "seen-in-source"
