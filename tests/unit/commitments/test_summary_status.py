"""One status per partner-year for the research export: the worst target wins; none without targets."""

from __future__ import annotations

from paastolaskuri.commitments.store import PartnerTracking, commitment_statuses, summary_status
from paastolaskuri.commitments.tracking import YearFootprint, track_target
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.intake.commitment_schema import Target


def _tracked(*latest_t: float) -> PartnerTracking:
    pt = PartnerTracking("p", 2024, "template")
    for i, latest in enumerate(latest_t):
        target = Target("p", f"T{i}", "scope1", "absolute", 2020, 2030, 50.0)
        years = {
            2020: YearFootprint(2020, 200_000, 0, 0, 0),
            2024: YearFootprint(2024, latest * 1000, 0, 0, 0),
        }
        pt.targets.append(track_target(target, years))
    return pt


def test_worst_status_wins():
    # 200 t -> 100 t by 2030; pathway 2024 = 160 t
    assert summary_status(_tracked(90)) == "achieved"
    assert summary_status(_tracked(90, 150)) == "on_track"
    assert summary_status(_tracked(90, 150, 170)) == "behind"
    assert summary_status(_tracked()) == "none"


def test_a_workspace_without_commitments_costs_nothing(tmp_path):
    assert commitment_statuses(Workspace.at(tmp_path), [("a", 2024), ("b", 2024)]) == ["none", "none"]
