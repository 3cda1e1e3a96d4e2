"""The restatement's words: causes per factor without factor IDs, Finnish plurals, units, who does what."""

from __future__ import annotations

from dataclasses import replace

from paastolaskuri.accounting.restatement import FactorChange, Significance, YearRestatement
from paastolaskuri.reporting.restatement_data import PartnerRestatement
from paastolaskuri.reporting.restatement_section import cause_lines, restatement_text, rule_sentence

TOTALS = dict(scope1=1000.0, scope2_location=0.0, scope2_market=0.0, scope3=0.0, total_location=1000.0,
              total_market=1000.0)  # fmt: skip


def _change(unit: str, lines: int, kg: float, old_id="fuel.lfo", new_id="fuel.lfo") -> FactorChange:
    return FactorChange(
        "light_fuel_oil", "direct", 1, old_id, new_id, "2.6 kg CO2e/l", "2.7 kg CO2e/l", lines, kg, unit
    )


def _year(causes, recorded="a-r1") -> YearRestatement:
    return YearRestatement(2022, "a-r1", "a-r2", TOTALS, {**TOTALS, "total_market": 1100.0}, causes, recorded)


def test_one_cause_per_factor_whatever_the_units_named_without_factor_ids():
    r = _year([_change("l", 1, 100.0), _change("m3", 1, 50.0), _change("l", 1, -10.0, "el.td_loss", "")])
    fi = cause_lines(r, "fi")
    assert len(fi) == 2  # litres and m³ of the same factor change are one cause
    assert fi[0] == (
        "Kevyt polttoöljy (l, m³), Scope 1 suora: 2,6 kg CO2e/l → 2,7 kg CO2e/l: +150,0 kg CO2e (2 riviä)"
    )
    assert fi[1].endswith("(1 rivi)")
    assert not any(fid in line for line in fi for fid in ("fuel.lfo", "el.td_loss"))
    assert cause_lines(r, "en")[1].endswith("(1 line)")


def _result(recorded: str) -> PartnerRestatement:
    year = _year([_change("l", 1, 100.0)], recorded)
    sig = Significance(2022, 0.05, {"total_location": 0.0, "total_market": 0.1}, recorded != "a-r2",
                       recorded == "a-r2")  # fmt: skip
    return PartnerRestatement("p1", 2024, [year], 2022, sig)


def test_the_rule_warns_only_for_figures_computed_with_another_set_and_says_who_does_what():
    stale = rule_sentence(_result("a-r1"), "en")
    assert stale.startswith(
        "Base year 2022 must be recalculated: its figures were computed with the factor set a-r1"
    )
    assert "Coordinator: run the year again with paastolaskuri run --year 2022." in stale
    assert "The partner need not do anything" in stale
    done = rule_sentence(_result("a-r2"), "en")
    assert done.startswith("Base year 2022 is already computed with the factor set pinned now, a-r2")
    assert "must" not in done


def test_the_cli_table_names_its_unit():
    header = restatement_text(_result("a-r1"), "en").splitlines()[2]
    assert "Old, t CO2e" in header and "New, t CO2e" in header and "Change, t CO2e" in header
    assert "Vanha, t CO2e" in restatement_text(replace(_result("a-r1")), "fi")
