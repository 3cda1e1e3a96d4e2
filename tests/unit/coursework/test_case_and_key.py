"""The per-student case and its answer key: deterministic, different per student, hand-checked figures."""

from __future__ import annotations

import pytest

from paastolaskuri.coursework import answer_key, make_case
from paastolaskuri.coursework.case import case_slug


def test_same_id_same_case_and_spaces_or_case_do_not_matter():
    a, b = make_case("s1001"), make_case(" S1001 ")
    assert a.lines == b.lines and a.name == b.name and a.facts == b.facts


def test_two_students_get_different_numbers_but_the_same_line_kinds():
    a, b = make_case("s1001"), make_case("s1002")
    kinds = lambda c: [ln["activity"] for ln in c.lines if not ln["activity"].startswith("spend_")]  # noqa: E731
    assert (
        kinds(a)
        == kinds(b)
        == [
            "light_fuel_oil",
            "diesel",
            "electricity",
            "district_heat",
            "commute_car",
            "waste_mixed_incineration",
            "wood_pellets",
        ]
    )
    assert len(a.lines) == len(b.lines) == 8
    # the paper purchases and the flights are left out: their sum incl. VAT and their pkm are
    # exercises 2.1's and 2.4's answers
    assert "spend_paper_print" not in [ln["activity"] for ln in a.lines]
    assert "flight_domestic" not in [ln["activity"] for ln in a.lines]
    assert [ln["quantity"] for ln in a.lines] != [ln["quantity"] for ln in b.lines]
    assert answer_key("s1001").totals["total_market"] != answer_key("s1002").totals["total_market"]


def test_case_s1001_as_generated():
    case = make_case("s1001")
    assert case.name == "KOKEILU / PRACTICE: HARJOITUS: Lehtolan Rakennus Oy (kuvitteellinen kurssitapaus)"
    assert case.partner_id == "practice-328461"  # no course secret: a practice case
    assert case.name.startswith("KOKEILU / PRACTICE: HARJOITUS:") and not case.graded
    assert case.facts["pellets_mwh"] == 93.5
    assert case.sector == "F"
    assert (case.line("light_fuel_oil")["quantity"], case.line("light_fuel_oil")["unit"]) == (3.23, "m3")
    assert case.facts["oil_litres"] == 3230  # the facts give litres: 3.23 m³ x 1000
    assert case.facts["electricity_mwh"] == 257.1
    assert case.facts["supplier_g_per_kwh"] == 157
    assert case.facts["paper_excl_vat"] == 8370


def test_key_agrees_with_hand_arithmetic_for_s1001():
    ex = answer_key("s1001").exercises
    # 3 230 l x 0.845 kg/l x 42.5 MJ/kg / 1000 = 115.997375 GJ; x 73.5 kg CO2/GJ = 8 525.8070625 kg
    assert ex["01.oil_energy_gj"].expected == pytest.approx(115.997375)
    assert ex["01.oil_kg_co2"].expected == pytest.approx(8525.8070625)
    # 257.1 MWh = 257 100 kWh x 0.07225 kg/kWh = 18 575.475 kg; market: 257.1 MWh x 157 kg/MWh = 40 364.7 kg
    assert ex["01.electricity_location_kg"].expected == pytest.approx(18575.475)
    assert ex["01.electricity_market_kg"].expected == pytest.approx(40364.7)
    # VAT: 8 370 EUR x 1.255 = 10 504.35 EUR; flights: 29 trips x 2 x 610 km = 35 380 pkm
    assert ex["02.paper_spend_incl_vat_eur"].expected == pytest.approx(10504.35)
    assert ex["02.flight_pkm"].expected == pytest.approx(35380)
    assert ex["02.flight_pkm"].mistakes == ((17690, "return_trip"),)  # one way only: 29 x 610
    # 35 380 pkm x 0.13552 kg/pkm = 4 794.6976 kg (the engine on the flights alone)
    assert ex["02.flight_kg"].expected == pytest.approx(4794.6976)
    # paper by weight: 2 660 kg = 2.66 t x 1 345.0779 kg CO2e/t = 3 577.907214 kg
    assert ex["02.paper_activity_kg"].expected == pytest.approx(3577.907214)
    assert ex["03.error_count"].expected == 4
    # s1001's broken copy: year left empty, oil "3.23 m3" typed as text, own factor without source,
    # waste in m3 (rows: oil 7, electricity 9, waste 13)
    assert ex["03.error_cells"].expected == ["Organisaatio!B9", "Toiminta!C7", "Toiminta!D13", "Toiminta!F9"]
    # remote meetings avoid 25 % of the flights: 35 380 pkm x 0.13552 kg/pkm x 0.25 = 1 198.6744 kg
    assert ex["04.remote_meetings_avoided_kg"].expected == pytest.approx(1198.6744)
    # green electricity avoids the whole market-based electricity line
    assert ex["04.green_electricity_avoided_kg"].expected == pytest.approx(40364.7)


def test_pathway_is_a_straight_line_from_the_base_year():
    key = answer_key("s1001")
    base_t = key.totals["total_market"] / 1000
    # s1001: -60 % by 2030 from 2024; 2027 is half way: base x (1 - 0.6 x 3/6)
    assert make_case("s1001").facts["target_pct"] == 60 and make_case("s1001").facts["target_year"] == 2030
    assert key.exercises["04.target_t"].expected == pytest.approx(base_t * 0.4)
    assert key.exercises["04.pathway_t"].expected == pytest.approx(base_t * (1 - 0.6 * 3 / 6))


def test_case_slug_is_file_name_safe():
    assert case_slug(" Matti Meikäläinen/../x ") == "matti-meik-l-inen-x"
    assert case_slug("") == "opiskelija"


def test_empty_student_id_is_refused():
    with pytest.raises(ValueError, match="empty student ID"):
        make_case("  ")


SECRET = bytes(range(32))


def test_a_graded_case_derives_from_the_course_secret_in_its_own_id_space():
    from paastolaskuri.coursework.secret import keyed_seed

    practice, graded = make_case("s1001"), make_case("s1001", SECRET)
    other_course = make_case("s1001", bytes(32))
    assert graded.graded and graded.partner_id.startswith("kurssi-")
    assert practice.partner_id.startswith("practice-")
    assert graded.seed == keyed_seed("s1001", SECRET) != practice.seed
    assert graded.facts != practice.facts and graded.facts != other_course.facts
    assert make_case(" S1001 ", SECRET).facts == graded.facts  # the same ID, the same graded case
    key = answer_key("s1001", SECRET)
    assert key.partner_id == graded.partner_id
    assert key.exercises["01.oil_litres"].expected == graded.facts["oil_litres"]


def test_the_planted_errors_differ_between_students():
    cells = {tuple(answer_key(s).exercises["03.error_cells"].expected) for s in ("s1001", "s1002", "s1003")}
    assert len(cells) == 3 and all(len(c) == 4 for c in cells)


def test_init_secret_is_private_and_never_replaced(tmp_path):
    from paastolaskuri.coursework.secret import SecretExistsError, init_secret, load_secret

    assert load_secret(tmp_path) is None
    path = init_secret(tmp_path)
    assert path == tmp_path / "private" / "course_secret"
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    secret = load_secret(tmp_path)
    assert secret is not None and len(secret) == 32
    with pytest.raises(SecretExistsError):
        init_secret(tmp_path)
    assert load_secret(tmp_path) == secret
