"""A wrong answer fails with the hint that names its likely mistake (exact text), a right one passes."""

from __future__ import annotations

import pytest

from paastolaskuri.coursework import check_answer, check_fixed_file, check_student
from paastolaskuri.coursework.checks import normalise_cell

SID = "s1001"  # electricity 257.1 MWh, supplier 157 g/kWh (see test_case_and_key.py)


def fails_with(exercise, value) -> str:
    with pytest.raises(AssertionError) as err:
        check_answer(exercise, SID, value)
    return str(err.value)


def test_right_answers_pass_and_print_a_confirmation(capsys):
    check_answer("01.electricity_market_kg", SID, 257.1 * 157)
    check_answer("01.oil_litres", SID, 3230)
    check_answer("02.category_flight", SID, 6)
    check_answer("03.error_cells", SID, ["toiminta!c9", "Activities!D10", "Toiminta!F9", "Organisation!B9"])
    assert capsys.readouterr().out.splitlines()[0] == "✓ 01.electricity_market_kg: oikein / correct"


def test_kwh_mwh_slip():
    # 257.1 MWh taken as kWh: 257.1 x 0.07225 = 18.575 kg instead of 18 575 kg
    assert fails_with("01.electricity_location_kg", 257.1 * 0.07225) == (
        "01.electricity_location_kg: vastaus on 1000-kertainen tai 1000. osa oikeasta: sekoittuivatko kWh ja MWh? "
        "1 MWh = 1000 kWh, ja kertoimen yksikön on vastattava määrän yksikköä\n"
        "01.electricity_location_kg: the answer is 1000 times too large or too small: did kWh and MWh get mixed "
        "up? 1 MWh = 1000 kWh, and the factor's unit must match the quantity's unit"
    )


def test_wrong_scope2_basis():
    assert fails_with("01.electricity_market_kg", 257100 * 0.07225).splitlines() == [
        "01.electricity_market_kg: väärä Scope 2 -peruste: sijaintiperusteinen käyttää sähköverkon "
        "keskimääräistä kerrointa, markkinaperusteinen sähkönmyyjän omaa kerrointa (tai jäännösjakaumaa)",
        "01.electricity_market_kg: wrong Scope 2 basis: location-based uses the grid's average factor, "
        "market-based the supplier's own factor (or the residual mix)",
    ]


def test_litres_multiplied_by_the_energy_factor():
    assert fails_with("01.oil_kg_co2", 3230 * 73.5).splitlines()[1] == (
        "01.oil_kg_co2: the factor is per unit of energy (kg CO2/GJ): convert the litres to energy first "
        "(litres × density × calorific value); do not multiply litres by the factor"
    )


def test_vat_missing_and_old_rate():
    assert fails_with("02.paper_spend_incl_vat_eur", 8370).splitlines()[0] == (
        "02.paper_spend_incl_vat_eur: arvonlisävero puuttuu: kulukertoimet ovat alv:n sisältäviä euroja kohden, "
        "joten alv 0 % -summa kerrotaan 1,255:llä (yleinen alv 25,5 % 1.9.2024 alkaen)"
    )
    assert fails_with("02.paper_spend_incl_vat_eur", 8370 * 1.24).splitlines()[1] == (
        "02.paper_spend_incl_vat_eur: you used the old VAT rate of 24 %: the invoices are dated after 1.9.2024, "
        "when the general rate is 25.5 %"
    )


def test_wrong_category_names_the_rule():
    assert fails_with("02.category_commute", 6).splitlines()[1] == (
        "02.category_commute: wrong category: business travel (flights, hotels, work trips) is Scope 3 "
        "category 6, employees' trips between home and work category 7"
    )
    assert "luokka 5" in fails_with("02.category_waste", 12)


def test_missing_not_a_number_close_and_generic():
    assert fails_with("01.oil_litres", None).splitlines()[0] == (
        "01.oil_litres: vastaus puuttuu: laske arvo ja sijoita se muuttujaan (None ei ole vastaus)"
    )
    assert fails_with("01.oil_litres", "3230 l").splitlines()[1] == (
        "01.oil_litres: the answer is not a number: give the number alone, without a unit or text"
    )
    assert (
        fails_with("01.oil_litres", 3230 * 1.02).splitlines()[1].startswith("01.oil_litres: close, but not")
    )
    assert fails_with("01.oil_litres", 17).splitlines()[1] == (
        "01.oil_litres: does not match the expected value (17 l). Check the steps: m³ × 1000 = l"
    )


def test_error_counts_and_cells():
    assert "errors_too_few" not in fails_with("03.error_count", 3)
    assert fails_with("03.error_count", 3).splitlines()[1].startswith("03.error_count: not every error found")
    assert fails_with("03.error_count", 6).splitlines()[1].startswith("03.error_count: too many")
    assert fails_with("03.error_cells", ["Toiminta!C9", "Toiminta!A1"]).splitlines()[1] == (
        "03.error_cells: the cells do not match: error cells missing: 3, extra: Toiminta!A1; "
        "give the cells as Toiminta!C9"
    )
    assert normalise_cell(" organisation!b9 ") == "Organisaatio!B9"


def test_fixed_file_must_exist(tmp_path):
    with pytest.raises(AssertionError, match="there is no file"):
        check_fixed_file(SID, tmp_path / "case_fixed.xlsx")


def test_student_id_must_be_the_submitters_under_autograde(tmp_path):
    folder = tmp_path / "autograded" / "s1002" / "01_scope1_2"
    check_student("s1002", folder)
    check_student("anything", tmp_path)  # not under autograde: nothing to compare
    with pytest.raises(AssertionError, match="is not the submitter's ID"):
        check_student(SID, folder)
