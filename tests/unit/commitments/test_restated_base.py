"""Tracking on the restated base (issue 19.2): a year computed with a set other than the pinned one.

The issue's case: demo-saha's 2022 computed with fi-2022-r1, 2024 with the pinned fi-2024-r2, then
fi-2022-r2 pinned again without rerunning (the workspace's own pin: the shipped one is fi-2022-r3 now). 2022 under r1: 2 138.10 t (Scope 1+2+3, market). The r1 -> r2
restatement of that year (see `restate`): T&D losses -48.5301 t, appliances and tools spend -16.3646 t,
mixed waste -14.5381 t = -79.4328 t, so the restated base is 2 058.67 t. Target T1: -60 % from 2022
to 2025, so the pathway in 2024 is 0.6 x 2 058.67 = 1 235.20 t and the gap 1 975.64 - 1 235.20 = 740.44 t
(with the unrestated base: 1 975.64 - 0.6 x 2 138.10 = 692.78 t, the issue's 692.8).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from paastolaskuri.commitments.command import run_commitments
from paastolaskuri.commitments.store import track_partner, tracking_problems
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.demo.network import write_demo
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.reporting.commitments_section import partner_section
from paastolaskuri.reporting.processed import write_partner, write_year_tables

PIN_2022_R2 = "year,factor_set\n2022,fi-2022-r2\n"


def _saha_workspace(root: Path, sets: dict[int, str | None]) -> Workspace:
    write_demo(root, years=sorted(sets))
    (root / "data" / "factors").mkdir(parents=True, exist_ok=True)
    (root / "data" / "factors" / "years.csv").write_text(PIN_2022_R2, encoding="utf-8")
    (root / "data" / "commitments.csv").unlink()  # other partners' rows: this workspace runs only the sawmill
    ws = Workspace.at(root)
    for year, name in sets.items():
        path = next(p for p in ws.templates(year) if p.stem == "demo-saha")
        fp = compute_footprint(path, workspace=root, factor_set_name=name)
        assert fp.ok, [p.format("en") for p in fp.problems]
        write_year_tables(ws, year, [write_partner(ws, year, "demo-saha", fp, "fi")], "fi")
    return ws


@pytest.fixture(scope="module")
def saha(tmp_path_factory) -> Workspace:
    return _saha_workspace(tmp_path_factory.mktemp("saha"), {2022: "fi-2022-r1", 2024: None})


def test_the_issues_case_tracks_against_the_base_year_restated_with_the_pinned_set(saha):
    pt = track_partner(saha, "demo-saha", 2024)
    (tr,) = pt.targets
    assert tr.base_value == pytest.approx(2138.10 - 79.4328, abs=0.01)
    assert tr.latest_value == pytest.approx(1975.64, abs=0.01)
    assert tr.pathway_value_latest == pytest.approx(0.6 * (2138.10 - 79.4328), abs=0.01)
    assert tr.gap == pytest.approx(740.44, abs=0.02)
    assert [(b.year, b.recorded_set, b.pinned_set, b.restated) for b in pt.bases] == [
        (2022, "fi-2022-r1", "fi-2022-r2", True)
    ]
    assert not [p for p in pt.problems if p.code == "commitment_not_restated"]


def test_commitments_says_which_year_was_restated(saha, capsys):
    args = argparse.Namespace(workspace=saha.root, year=2024, partner="demo-saha", format="table", lang="en")
    assert run_commitments(args) == 0
    out = capsys.readouterr().out
    assert "2022: 2,058.7" in out and "2022: 2,138.1" not in out
    assert (
        "demo-saha: 2022 was recomputed for tracking with the factor set pinned now, fi-2022-r2 "
        "(that year's report used fi-2022-r1), so that the change shows emissions, not factors"
    ) in out


def test_a_year_computed_with_the_pinned_set_is_not_restated(tmp_path):
    ws = _saha_workspace(tmp_path, {2022: None, 2024: None})
    pt = track_partner(ws, "demo-saha", 2024)
    assert pt.bases == []
    assert pt.targets[0].base_value == pytest.approx(2058.67, abs=0.01)


def test_where_it_cannot_restate_it_warns_in_commitments_run_and_the_report(saha, capsys):
    pins = saha.root / "data" / "factors" / "years.csv"
    pins.write_text("year,factor_set\n2022,fi-2022-r9\n", encoding="utf-8")  # a set that is not there
    try:
        pt = track_partner(saha, "demo-saha", 2024)
        assert pt.targets[0].base_value == pytest.approx(2138.10, abs=0.01)  # the recorded figures
        (warning,) = [p for p in pt.problems if p.code == "commitment_not_restated"]
        message = warning.format("en")
        assert message.startswith(
            "demo-saha: warning: the figures of 2022 were computed with the factor set fi-2022-r1, but "
            "fi-2022-r9 is pinned for that year now, and the year could not be recomputed for tracking ("
        )
        assert message.endswith("Coordinator: run the year again (paastolaskuri run --year 2022)")
        # the run's summary lines
        assert message in [p.format("en") for p in tracking_problems(saha, 2024)]
        # the commitments command
        args = argparse.Namespace(workspace=saha.root, year=2024, partner=None, format="table", lang="en")
        run_commitments(args)
        assert message in capsys.readouterr().err
        # the partner report
        assert "fi-2022-r9 is pinned for that year now" in partner_section(pt, "en").html
    finally:
        pins.write_text(PIN_2022_R2, encoding="utf-8")
