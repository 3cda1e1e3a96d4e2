"""Target tracking on hand-computed series (see the module docstring of commitments.tracking)."""

from __future__ import annotations

import pytest

from paastolaskuri.commitments.tracking import YearFootprint, track_target, trend_year
from paastolaskuri.intake.commitment_schema import Target


def fp(year: int, total_t: float, *, fte: float | None = None, cats: dict | None = None) -> YearFootprint:
    # Scope 1 half, Scope 2 market a quarter, Scope 3 a quarter; location-based Scope 2 is 10 t lower
    kg = total_t * 1000
    return YearFootprint(
        year, kg / 2, kg / 4 - 10_000, kg / 4, kg / 4, categories=cats or {}, employees_fte=fte
    )


def target(**kw) -> Target:
    base = dict(
        partner_id="p",
        commitment_id="T1",
        coverage="scope123",
        metric="absolute",
        base_year=2020,
        target_year=2030,
        reduction_pct=50.0,
    )
    base.update(kw)
    return Target(**base)


def test_on_track_linear_pathway_required_rate_trend_and_reference():
    # 200 t in 2020, 170 t in 2022, 160 t in 2024; -50 % by 2030 -> target 100 t
    tr = track_target(target(), {2020: fp(2020, 200), 2022: fp(2022, 170), 2024: fp(2024, 160)})
    assert tr.base_value == pytest.approx(200.0)
    assert tr.target_value == pytest.approx(100.0)
    assert (tr.latest_year, tr.latest_value) == (2024, pytest.approx(160.0))
    # pathway: 200 + (100 - 200) * 4/10 = 160
    assert tr.pathway_value_latest == pytest.approx(160.0)
    assert tr.gap == pytest.approx(0.0)
    assert tr.status == "on_track"
    # (160 - 100) / (2030 - 2024) = 10 t a year = 10 / 160 = 6.25 % of the latest value a year
    assert tr.required_per_year == pytest.approx(10.0)
    assert tr.required_pct_per_year == pytest.approx(6.25)
    # least squares through (2020,200),(2022,170),(2024,160): slope -10 t/yr, mean (2022, 176.667);
    # reaches 100 t at 2022 + 76.667/10 = 2029.67 -> 2030
    assert tr.trend_year == 2030
    # 1.5 degC reference: 200 * (1 - 0.042 * 4) = 166.4
    assert tr.reference_value_latest == pytest.approx(166.4)
    assert tr.unit == "t CO2e"


def test_behind_gap_in_tonnes_and_percent_of_base():
    tr = track_target(target(), {2020: fp(2020, 200), 2024: fp(2024, 180)})
    assert tr.status == "behind"
    assert tr.gap == pytest.approx(20.0)  # 180 - 160
    assert tr.gap_pct == pytest.approx(10.0)  # 20 / 200
    assert tr.required_per_year == pytest.approx(80.0 / 6)  # (180 - 100) / 6
    assert tr.required_pct_per_year == pytest.approx(80.0 / 6 / 180 * 100)


def test_achieved_when_latest_at_or_below_target():
    tr = track_target(target(), {2020: fp(2020, 200), 2023: fp(2023, 95)})
    assert tr.status == "achieved"
    assert tr.trend_year == 2023
    assert tr.required_per_year == pytest.approx(0.0)


def test_milestones_bend_the_pathway():
    # corners (2020, 200), (2025, 140), (2030, 100): 2024 -> 200 + (140 - 200) * 4/5 = 152
    tr = track_target(target(milestones=((2025, 30.0),)), {2020: fp(2020, 200), 2024: fp(2024, 160)})
    assert tr.pathway_value_latest == pytest.approx(152.0)
    assert tr.status == "behind"
    assert tr.pathway == ((2020, 200.0), (2025, 140.0), (2030, 100.0))


def test_scope12_bases_and_selected_categories():
    years = {
        2020: fp(2020, 200, cats={"s1_stationary": 50_000.0, "s2_heat": 30_000.0}),
        2024: fp(2024, 160, cats={"s1_stationary": 20_000.0, "s2_heat": 30_000.0}),
    }
    market = track_target(target(coverage="scope12_market"), years)
    location = track_target(target(coverage="scope12_location"), years)
    assert market.base_value == pytest.approx(150.0)  # 100 + 50
    assert location.base_value == pytest.approx(140.0)  # 100 + 40
    cats = track_target(target(coverage="categories", categories=("s1_stationary",), reduction_pct=60), years)
    assert (cats.base_value, cats.latest_value, cats.target_value) == (50.0, 20.0, pytest.approx(20.0))
    assert cats.status == "achieved"


def test_intensity_target_uses_each_years_own_denominator():
    years = {2020: fp(2020, 200, fte=10), 2024: fp(2024, 160, fte=16)}
    tr = track_target(target(metric="per_fte"), years)
    assert (tr.base_value, tr.latest_value) == (pytest.approx(20.0), pytest.approx(10.0))
    assert tr.unit == "t CO2e/FTE"
    assert tr.status == "achieved"


def test_no_data_without_base_year_or_later_year():
    missing = track_target(target(), {2022: fp(2022, 170)})
    assert (missing.status, missing.reason, missing.base_value) == ("no_data", "base_year_missing", None)
    only_base = track_target(target(), {2020: fp(2020, 200)})
    assert (only_base.status, only_base.reason, only_base.base_value) == ("no_data", "no_later_year", 200.0)
    assert only_base.target_value == pytest.approx(100.0)


def test_net_zero_keeps_compensation_apart():
    tr = track_target(
        target(reduction_pct=100, compensated_t=12.5), {2020: fp(2020, 200), 2024: fp(2024, 160)}
    )
    assert tr.target_value == 0.0
    assert tr.compensated_t == 12.5
    assert tr.latest_value == pytest.approx(160.0)  # never netted


def test_trend_year_none_when_not_falling():
    assert trend_year([(2020, 100.0), (2021, 110.0)], 50.0) is None
    assert trend_year([(2020, 100.0)], 50.0) is None
