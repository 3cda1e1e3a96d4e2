"""Commitment rows: located messages for every bad cell, all at once; valid rows become records."""

from __future__ import annotations

from pathlib import Path

from paastolaskuri.intake.commitment_schema import Action, Target
from paastolaskuri.intake.commitments import read_commitment_sheet, read_commitments_csv

HEADER = [
    "Tunnus",
    "Laji",
    "Kattavuus",
    "Luokat",
    "Mittari",
    "Perusvuosi",
    "Tavoitevuosi",
    "Vähennys (%)",
    "Kompensoitava jäännös (t CO2e)",
    "Välitavoitteet",
    "Kuvaus",
    "Määräaika (vuosi)",
    "Tila",
    "Seurattava toiminto",
    "Ehto",
    "Osuus (%)",
    "Alkaen vuodesta",
]


def sheet(*rows: list) -> list[list]:
    return [["Sitoumukset"], [], [], HEADER, *rows]


def test_valid_target_and_action_from_finnish_labels():
    items, problems = read_commitment_sheet(
        sheet(
            [
                "T1",
                "tavoite",
                "Scope 1+2+3",
                None,
                "absoluuttinen",
                2022,
                2030,
                50,
                None,
                "2026: 20; 2028: 35",
            ],
            [
                "A1",
                "toimenpide",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "Luovutaan öljystä",
                2027,
                "käynnissä",
                "Kevyt polttoöljy",
                "loppuu (määrä nolla)",
                None,
                2027,
            ],
        ),
        "f.xlsx",
        "Sitoumukset",
        "saha",
    )
    assert problems == []
    target, action = items
    assert isinstance(target, Target) and isinstance(action, Action)
    assert (target.partner_id, target.coverage, target.base_year, target.target_year) == (
        "saha",
        "scope123",
        2022,
        2030,
    )
    assert target.milestones == ((2026, 20.0), (2028, 35.0))
    assert (action.status, action.link_activity, action.link_rule, action.link_from) == (
        "in_progress",
        "light_fuel_oil",
        "zero",
        2027,
    )
    assert target.origin.row == 5


def test_every_problem_located_at_once_in_finnish():
    _, problems = read_commitment_sheet(
        sheet(
            ["T1", "tavoite", "Scope 9", None, None, 2030, 2025, 120, None, "2027: 30; 2026: 40"],
            [
                "A1",
                "toimenpide",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "x",
                None,
                "valmis",
                "ydinvoimala",
                "loppuu (määrä nolla)",
            ],
            ["T1", "tavoite", "Scope 1", None, None, 2020, 2030, 40],
        ),
        "f.xlsx",
        "Sitoumukset",
        "saha",
    )
    lines = [p.format("fi") for p in problems]
    assert lines == [
        'f.xlsx: Sitoumukset!C5: "Scope 9" ei ole sallittu valinta: valitse jokin näistä: Scope 1, '
        "Scope 1+2 markkinaperusteinen, Scope 1+2 sijaintiperusteinen, Scope 1+2+3, valitut luokat",
        "f.xlsx: Sitoumukset!G5: tavoitevuosi 2025 ei ole perusvuoden 2030 jälkeen: tavoitevuoden pitää olla myöhempi",
        'f.xlsx: Sitoumukset!H5: "120" ei ole prosentti väliltä 0–100: kirjoita esim. 50 (ilman %-merkkiä)',
        'f.xlsx: Sitoumukset!J5: välitavoitteet "2027: 30; 2026: 40" eivät ole järjestyksessä: vuodet perus- ja '
        "tavoitevuoden välissä nousevassa järjestyksessä, prosentit kasvavina",
        'f.xlsx: Sitoumukset!N6: toimintoa "ydinvoimala" ei ole luettelossa: valitse toiminto kuten Toiminta-välilehdellä',
        'f.xlsx: Sitoumukset!A7: tunnus "T1" on jo käytössä rivillä 5: anna jokaiselle sitoumukselle oma tunnus',
    ]


def test_english_messages_and_missing_fields():
    _, problems = read_commitment_sheet(
        sheet(["T2", "target", "scope1", None, None, None, 2030, None]), "f.xlsx", "Commitments", "p"
    )
    assert [p.format("en") for p in problems] == [
        "f.xlsx: Commitments!F5: Base year is missing: fill it in",
        "f.xlsx: Commitments!H5: Reduction (%) is missing: fill it in",
    ]


def test_csv_names_the_partner_per_row_and_needs_the_column(tmp_path: Path):
    good = tmp_path / "commitments.csv"
    good.write_text(
        "partner_id;commitment_id;kind;coverage;base_year;target_year;reduction_pct\n"
        "saha;T1;target;scope12_market;2022;2030;40\nkoulu;T1;target;scope1;2023;2035;100\n",
        encoding="utf-8",
    )
    items, problems = read_commitments_csv(good, "data/commitments.csv")
    assert problems == []
    assert [(i.partner_id, i.coverage, i.reduction_pct) for i in items] == [
        ("saha", "scope12_market", 40.0),
        ("koulu", "scope1", 100.0),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("commitment_id,kind\nT1,target\n", encoding="utf-8")
    _, problems = read_commitments_csv(bad, "data/commitments.csv")
    assert [p.format("en") for p in problems] == [
        "data/commitments.csv: csv!A1: column partner_id is missing: data/commitments.csv needs the partner ID on every row"
    ]
