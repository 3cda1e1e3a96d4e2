"""Issue 8, defect 10: explain texts add up as shown, are wholly Finnish (or English) and keep one order.

Hand-computed from the fi-2024-r1 set: wood chips 2880 MJ/m³ = 800 kWh/m³; CH4 0.3 kg/GJ × GWP 28 and
N2O 0.004 kg/GJ × GWP 265 per GJ (2.88 GJ/m³): 2.88 × (8.4 + 1.06) = 27.2448 kg CO2e/m³;
biogenic CO2 0.35 kg/kWh × 800 = 280 kg CO2/m³, outside the scopes.
"""

from types import SimpleNamespace

import pytest

from paastolaskuri.accounting.calculation import calculate_emissions, summarise_totals
from paastolaskuri.reporting.presentation import explain_line, explain_text, totals_text

NB = "\u00a0"


@pytest.fixture
def mixed(lines_frame, fs2024):
    """Electricity (r7), wood chips (r8), district heat (r9), R-404A (r10), electricity with GOs (r11)."""
    lines = lines_frame(
        [
            {"activity": "electricity", "quantity": 10, "unit": "MWh"},
            {"activity": "wood_chips", "quantity": 100, "unit": "m3"},
            {"activity": "district_heat", "quantity": 20, "unit": "MWh"},
            {"activity": "refrigerant_r404a", "quantity": 2, "unit": "kg"},
            {"activity": "electricity", "quantity": 5000, "unit": "kWh", "contract": "go"},
        ]
    )
    return calculate_emissions(lines, fs2024)


def record(out, row, basis):
    return out[(out["row"] == row) & (out["basis"] == basis)].iloc[0].to_dict()


def test_wood_chips_biogenic_term_is_shown_apart_not_in_the_sum(mixed):
    text = explain_line(record(mixed, 8, "direct"), "fi")
    assert text.splitlines()[:2] == [
        f"r8 Metsähake (irto-m³) – Scope 1: 100 m³ = 80{NB}000 kWh × [0,3 kg CH4/GJ × GWP 28 + "
        f"0,004 kg N2O/GJ × GWP 265] → 27,2448 kg CO2e/m³ = 2{NB}724,48 kg CO2e",
        f"    biogeeninen CO2: 100 m³ × 280 kg CO2/m³ = 28{NB}000,00 kg CO2, raportoidaan scopejen "
        "ulkopuolella (ei mukana summassa)",
    ]
    en = explain_line(record(mixed, 8, "direct"), "en").splitlines()[1]
    assert en == (
        "    biogenic CO2: 100 m³ × 280 kg CO2/m³ = 28,000.00 kg CO2, reported outside the scopes (not in the sum)"
    )


def test_engine_factor_text_holds_only_the_terms_of_the_co2e_sum(mixed):
    direct = record(mixed, 8, "direct")
    assert direct["factor_text"] == "0.3 kg CH4/GJ × GWP 28 + 0.004 kg N2O/GJ × GWP 265"
    assert direct["kg_co2_biogenic"] == pytest.approx(28000.0, rel=1e-12)  # numbers untouched
    assert direct["kg_co2e"] == pytest.approx(2724.48, rel=1e-12)


def test_no_english_fragments_in_finnish_explain(mixed):
    heat = explain_line(record(mixed, 9, "market"), "fi")
    assert heat.splitlines()[-1] == (
        "    huom.: markkinaperusteinen kerroin = sijaintiperusteinen: jäännösjakaumaa ei ole julkaistu"
    )
    assert "market=location" not in heat and "GWP:" not in heat
    ref = explain_line(record(mixed, 10, "direct"), "fi")
    assert ref.splitlines()[1] == (
        "    lähde: Päästölaskuri: määritelmä: ilmoitettu massa on nimetyn kaasun massa [määritelmä]"
    )
    go = explain_line(record(mixed, 11, "market"), "fi")
    assert go.splitlines()[1] == "    lähde: Alkuperätakuut (sopimus) [oma kerroin]"
    go_en = explain_line(record(mixed, 11, "market"), "en")
    assert go_en.splitlines()[1] == "    source: Guarantees of origin (contract) [own factor]"
    chips = explain_line(record(mixed, 8, "direct"), "fi")
    assert chips.splitlines()[-1] == f"    muunnos: m³ → kWh × 800 (lämpöarvo 2{NB}880 MJ/m³)"
    assert explain_line(record(mixed, 9, "market"), "en").splitlines()[-1] == (
        "    note: market-based factor = location-based: no residual mix is published"
    )


def test_co2e_only_factor_note_is_translated():
    rec = {
        "row": 7,
        "activity": "hvo",
        "scope": 1,
        "basis": "direct",
        "quantity": 1000.0,
        "unit": "l",
        "conversion": "",
        "factor_text": "0.03558 kg CO2e/l",
        "kg_co2e_per_unit": 0.03558,
        "kg_co2e": 35.58,
        "kg_co2_biogenic": 0.0,
        "source": "X: Y",
        "confidence": "seen-in-source",
        "gwp_note": "hvo.ghg: CO2e in AR5",
    }
    assert explain_line(rec, "fi").splitlines()[-1] == (
        "    huom.: kerroin hvo.ghg on julkaistu CO2e:nä AR5-arvoilla, eikä sitä voi laskea uudelleen kaasuittain"
    )


def test_explain_lines_ordered_by_scope_category_row(mixed):
    fp = SimpleNamespace(emissions=mixed)
    heads = [line.split(":")[0] for line in explain_text(fp, "fi").splitlines() if line.startswith("r")]
    assert heads == [
        "r8 Metsähake (irto-m³) – Scope 1",
        "r10 Kylmäaine R-404A (täyttömäärä) – Scope 1",
        "r7 Ostosähkö – Scope 2 (sijaintiperusteinen)",
        "r7 Ostosähkö – Scope 2 (markkinaperusteinen)",
        "r11 Ostosähkö – Scope 2 (sijaintiperusteinen)",
        "r11 Ostosähkö – Scope 2 (markkinaperusteinen)",
        "r9 Kaukolämpö – Scope 2 (sijaintiperusteinen)",
        "r9 Kaukolämpö – Scope 2 (markkinaperusteinen)",
        "r7 Ostosähkö – Scope 3 (siirtohäviöt)",
        "r8 Metsähake (irto-m³) – Scope 3 (polttoaineen tuotantoketju)",
        "r9 Kaukolämpö – Scope 3 (polttoaineen tuotantoketju)",
        "r11 Ostosähkö – Scope 3 (siirtohäviöt)",
    ]
    # the same order whatever order the engine's rows come in
    shuffled = SimpleNamespace(emissions=mixed.sample(frac=1.0, random_state=3))
    assert explain_text(shuffled, "fi") == explain_text(fp, "fi")


def test_totals_text_categories_in_scope_order(mixed, fs2024):
    fp = SimpleNamespace(
        emissions=mixed,
        totals=summarise_totals(mixed),
        organisation={"name": "Testi Oy", "year": 2024},
        factor_set=fs2024,
        gwp_set="AR5",
    )
    lines = totals_text(fp, "fi").splitlines()
    assert lines[0] == "Testi Oy – 2024 – kerroinsarja fi-2024-r1, GWP AR5"
    cats = lines[lines.index("Luokittain (markkinaperusteinen):") + 1 :]
    assert [c.split()[1] for c in cats] == ["1", "1", "2", "2", "3"]
    # 5 549 + 0 (GOs) = 5 549 kg market-based purchased electricity
    assert cats[2].startswith("  Scope 2  Ostosähkö") and cats[2].endswith(f"5{NB}549,0 kg CO2e")


def test_totals_text_shows_each_total_with_its_95_interval(mixed, fs2024):
    fp = SimpleNamespace(
        emissions=mixed,
        totals=summarise_totals(mixed),
        organisation={"name": "Testi Oy", "year": 2024},
        factor_set=fs2024,
        gwp_set="AR5",
    )
    lines = totals_text(fp, "fi", {"scope1": [12.4, 987.6]}).splitlines()
    scope1 = next(line for line in lines if line.startswith("Scope 1 "))
    assert scope1.endswith("kg CO2e  (95 %:n väli 12 … 988)")
    assert not any("väli" in line for line in lines if line is not scope1)  # no interval given: none shown
    english = totals_text(fp, "en", {"scope1": [12.4, 987.6]})
    assert "kg CO2e  (95 % interval 12 … 988)" in english


def test_change_text_splits_each_total_into_activity_and_factors():
    import pandas as pd

    from paastolaskuri.accounting.change import Decomposition, TotalChange
    from paastolaskuri.reporting.presentation import change_text

    # 100 -> 70 kg: -20 kg from less activity, -10 kg from lower factors
    d = Decomposition(
        2023, 2024, {"total_market": TotalChange("total_market", 100.0, 70.0, -20.0, -10.0)}, pd.DataFrame()
    )
    lines = change_text(d, "en").splitlines()
    assert lines[0] == "Change from 2023 (kg CO2e), split into its causes:"
    assert lines[1].split() == ["change", "activity", "emission", "factors"]
    assert lines[2].startswith("Total (market-based)") and lines[2].split()[-3:] == [
        "-30.0",
        "-20.0",
        "-10.0",
    ]
    fi = change_text(d, "fi").splitlines()
    assert fi[0] == "Muutos vuodesta 2023 (kg CO2e), jaettuna syihin:"
    assert fi[2].split()[-3:] == ["-30,0", "-20,0", "-10,0"]
