"""The network's commitments section: one pathway contribution per partner, and what the public sees."""

from __future__ import annotations

import pandas as pd
import pytest

from paastolaskuri.commitments.store import PartnerTracking
from paastolaskuri.commitments.tracking import YearFootprint, track_target
from paastolaskuri.intake.commitment_schema import Target
from paastolaskuri.reporting.commitments_section import (
    network_pathway,
    network_target,
    public_pathway,
    public_status_counts,
)


def _fp(year: int, s1: float, s2: float = 0.0, s3: float = 0.0) -> YearFootprint:
    """A year in t (stored in kg); Scope 2 the same on both bases."""
    return YearFootprint(year, s1 * 1000, s2 * 1000, s2 * 1000, s3 * 1000)


def _partner(pid: str, targets: list[tuple[str, str]], years: list[YearFootprint]) -> PartnerTracking:
    fps = {fp.year: fp for fp in years}
    tracked = [track_target(Target(pid, cid, cov, "absolute", 2022, 2030, 50.0), fps) for cid, cov in targets]
    return PartnerTracking(pid, 2024, "template", targets=tracked)


def test_a_partner_with_a_near_and_a_long_term_target_counts_once_and_never_above_the_network():
    # saha: Scope 1 100 t, Scope 2 300 t, Scope 3 600 t = 1 000 t in 2022 (950 t in 2023); its Scope 1+2
    # target covers 400 t (370 t)
    saha = _partner(
        "saha",
        [("T1", "scope12_market"), ("T2", "scope123")],
        [_fp(2022, 100, 300, 600), _fp(2023, 90, 280, 580)],
    )
    koulu = _partner("koulu", [("T1", "scope1")], [_fp(2022, 50, 0, 20), _fp(2023, 45, 0, 20)])
    assert network_target(saha).target_id == "T2"  # the broadest, whatever the order
    frame, n = network_pathway([saha, koulu])
    assert n == 2
    # pathways -50 % 2022 -> 2030: in 2023 1 000 - 500 / 8 = 937.5 and 50 - 25 / 8 = 46.875
    assert frame.to_dict("records") == [
        {"year": 2022, "measured_t": 1050.0, "pathway_t": 1050.0, "partners": 2},
        {"year": 2023, "measured_t": 995.0, "pathway_t": 984.375, "partners": 2},
    ]
    network_total = {2022: 1000.0 + 70.0, 2023: 950.0 + 65.0}  # both partners' Scope 1+2+3
    assert all(row.measured_t <= network_total[row.year] for row in frame.itertuples())
    assert all(row.pathway_t <= network_total[row.year] for row in frame.itertuples())
    # before: 1 000 + 400 + 50 = 1 450 t in 2022


@pytest.fixture
def three() -> list[PartnerTracking]:
    return [
        _partner("a", [("T1", "scope1")], [_fp(2022, 100.4), _fp(2023, 95), _fp(2024, 1000)]),
        _partner("b", [("T1", "scope1")], [_fp(2022, 90.3), _fp(2023, 85), _fp(2024, 30)]),
        _partner("c", [("T1", "scope1")], [_fp(2022, 80.2), _fp(2024, 20)]),  # no 2023
    ]


def test_the_public_sees_only_years_passing_the_rules_per_year_rounded(three):
    frame, _ = network_pathway(three)
    assert list(frame["year"]) == [2022, 2023, 2024]
    public = public_pathway(three)
    # 2023: two partners (threshold per year); 2024: 30 + 20 ... the rest (20) < 10 % of 1 000 (p %-rule)
    assert list(public["year"]) == [2022]
    assert public.loc[0, "measured_t"] == 271.0  # 100.4 + 90.3 + 80.2 = 270.9, to 3 significant digits
    assert public.loc[0, "pathway_t"] == 271.0


def _counts(**rows: tuple[int, int]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"status": s, "targets": t, "partners": p, "members": (s,)} for s, (t, p) in rows.items()]
    )


def test_targets_by_status_merge_counts_of_one_or_two():
    shown = public_status_counts(_counts(achieved=(5, 4), on_track=(1, 1), behind=(2, 2), no_data=(0, 0)))
    assert [(r.status, r.targets, r.members) for r in shown.itertuples()] == [
        ("achieved", 5, ("achieved",)),
        ("no_data", 0, ("no_data",)),
        ("__other__", 3, ("on_track", "behind")),
    ]


def test_a_merged_row_still_too_small_takes_in_the_smallest_shown_status():
    shown = public_status_counts(_counts(achieved=(5, 5), on_track=(1, 1), behind=(0, 0), no_data=(4, 3)))
    assert [(r.status, r.targets, r.members) for r in shown.itertuples()] == [
        ("achieved", 5, ("achieved",)),
        ("behind", 0, ("behind",)),
        ("__other__", 5, ("on_track", "no_data")),
    ]
    assert all(n == 0 or n >= 3 for n in shown["targets"]) and all(
        n == 0 or n >= 3 for n in shown["partners"]
    )


def test_too_few_targets_withhold_the_whole_table():
    assert public_status_counts(
        _counts(achieved=(1, 1), on_track=(1, 1), behind=(0, 0), no_data=(0, 0))
    ).empty


def test_no_absolute_target_gives_an_empty_public_pathway_with_its_columns():
    public = public_pathway([PartnerTracking("a", 2024, "")])
    assert public.empty and list(public.columns) == ["year", "measured_t", "pathway_t", "partners"]
