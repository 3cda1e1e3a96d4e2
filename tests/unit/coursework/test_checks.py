"""A wrong answer fails with the hint that names its likely mistake (exact text), a right one passes."""

from __future__ import annotations

import pytest

from paastolaskuri.coursework import answer_key, check_answer, check_fixed_file, judge
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
    check_answer("03.error_cells", SID, ["toiminta!c7", "Activities!D13", "Toiminta!F9", "Organisation!B9"])
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


def test_error_counts_and_cells():
    assert "errors_too_few" not in fails_with("03.error_count", 3)
    assert fails_with("03.error_count", 3).splitlines()[1].startswith("03.error_count: not every error found")
    assert fails_with("03.error_count", 6).splitlines()[1].startswith("03.error_count: too many")
    assert fails_with("03.error_cells", ["Toiminta!C7", "Toiminta!A1"]).splitlines()[1] == (
        "03.error_cells: the cells do not match: error cells missing: 3, extra: Toiminta!A1; "
        "give the cells as Toiminta!C9"
    )
    assert normalise_cell(" organisation!b9 ") == "Organisaatio!B9"


def test_fixed_file_must_exist(tmp_path):
    with pytest.raises(AssertionError, match="there is no file"):
        check_fixed_file(SID, tmp_path / "case_fixed.xlsx")


def test_a_wrong_answer_names_the_students_value_as_theirs_never_as_expected():
    # 17 l is the student's figure: the hint says "your answer 17 l", and the key (3 230 l) is not shown
    hint = fails_with("01.oil_litres", 17)
    assert hint.splitlines()[1] == (
        "01.oil_litres: your answer 17 l does not match the expected value. Check the steps: m³ × 1000 = l"
    )
    assert "3230" not in hint and "3 230" not in hint


def test_scope1_as_co2_alone_or_with_biogenic_co2_is_told_apart_from_co2e():
    ex = answer_key(SID).exercises
    scope1 = ex["01.scope1_kg"].expected
    (biogenic_added, _), (co2_only, _) = ex["01.scope1_kg"].mistakes
    # s1001 burns 93.5 MWh of pellets: 93 500 kWh x 0.35 kg CO2/kWh = 32 725 kg biogenic CO2, apart from Scope 1
    assert ex["01.biogenic_co2_kg"].expected == pytest.approx(32725)
    assert biogenic_added - scope1 == pytest.approx(ex["01.biogenic_co2_kg"].expected)
    assert (
        fails_with("01.scope1_kg", biogenic_added)
        .splitlines()[1]
        .startswith("01.scope1_kg: you added the biogenic CO2 (wood pellets) to Scope 1")
    )
    assert (
        fails_with("01.scope1_kg", co2_only)
        .splitlines()[1]
        .startswith("01.scope1_kg: you summed CO2 alone: Scope 1 is CO2e")
    )
    check_answer("01.scope1_kg", SID, scope1 * 1.001)  # rounding stays inside the tolerance


def test_the_tolerance_narrows_below_a_mistake_that_lies_within_half_a_per_cent():
    from paastolaskuri.coursework.key import Exercise

    ex = Exercise("number", 1000.0, "kg CO2e", ((998.0, "co2_only"),))  # CO2 alone 0.2 % under CO2e
    assert ex.tolerance() == pytest.approx(0.002 / 3)
    key = answer_key(SID)
    narrowed = type(key)(key.student_id, key.partner_id, key.factor_set, key.totals, {"01.scope1_kg": ex})
    assert (
        judge(narrowed, "01.scope1_kg", 998.0)
        .splitlines()[1]
        .startswith("01.scope1_kg: you summed CO2 alone")
    )
    assert judge(narrowed, "01.scope1_kg", 1000.4) is None


def test_biogenic_co2_counted_as_co2e_is_named():
    wrong = answer_key(SID).exercises["01.biogenic_co2_kg"].mistakes[0][0]
    assert "the question asks for the biogenic CO2" in fails_with("01.biogenic_co2_kg", wrong)


def test_judge_is_pure_and_odd_values_are_not_answers():
    key = answer_key(SID)
    assert judge(key, "01.oil_litres", 3230) is None
    assert judge(key, "01.oil_litres", {"unsupported": "function"}).splitlines()[1] == (
        "01.oil_litres: the answer is not a number: give the number alone, without a unit or text"
    )
    assert judge(key, "03.error_cells", {"unsupported": "DataFrame"}) is not None


def test_a_graded_case_next_to_the_notebook_is_only_recorded(tmp_path, monkeypatch, capsys):
    from paastolaskuri.coursework.student_files import write_case_folder

    write_case_folder(SID, tmp_path / f"tapaus-{SID}", secret=bytes(range(32)))
    monkeypatch.chdir(tmp_path)
    check_answer("01.oil_litres", SID, 1)  # not judged in the student's kernel: no key there
    assert capsys.readouterr().out == (
        "• 01.oil_litres: vastaus tallennettu: opettaja arvioi sen (arvioitavan tapauksen avain ei ole "
        "muistikirjassa) / answer recorded: your teacher grades it (a graded case's key is not in the notebook)\n"
    )
    with pytest.raises(AssertionError, match="no answer yet"):
        check_answer("01.oil_litres", SID, None)
