"""The network report (and the partner's own) read what the run stored for each partner (issue 20).

On a copy of the section tests' processed workspace (conftest.py: Alfa, Beta and Gamma in 2024, each
with light fuel oil and electricity, so the fuel and electricity actions apply to all three): the
network's potentials from the partners' stored actions equal those computed on the spot, and so
does the section's HTML in both audiences; with every partner stored, no action is evaluated; a
partner whose stored file no longer applies is evaluated, alone. The commitments tracked to the
year are stored once per partner too and read back equal (dataclass for dataclass), by the partner's
section, the Excel summary and the network's section, none of which tracks again; a file whose
commitments changed is not read.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from paastolaskuri.commitments import store
from paastolaskuri.commitments.store import track_partner
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.reporting import actions_section, partner_results
from paastolaskuri.reporting.actions_section import network_actions, network_potentials
from paastolaskuri.reporting.commitments_section import network_section, partner_commitments
from paastolaskuri.reporting.excel_plans import partner_plans
from paastolaskuri.reporting.partner_results import (
    partner_tracking,
    stored_partner_tracking,
    stored_results_apply,
    write_partner_actions,
    write_partner_tracking,
)

PARTNERS = ("alfa", "beta", "gamma")


@pytest.fixture(scope="module")
def stored(processed_ws, tmp_path_factory):
    """(root, potentials and section HTML computed before anything was stored) with every partner's
    actions then stored, as the run stores them before the network report."""
    root = shutil.copytree(processed_ws.root, tmp_path_factory.mktemp("network-stored") / "ws")
    assert not stored_results_apply(root, 2024, "alfa")  # nothing stored yet
    computed, html = _potentials(root), _sections(root)
    assert set(computed["partner_id"]) == set(PARTNERS)
    for pid in PARTNERS:
        assert write_partner_actions(Workspace.at(root), 2024, pid) is not None
    return root, computed, html


def _potentials(root) -> pd.DataFrame:
    actions_section._potentials.cache_clear()  # kept per process while the year's tables are unchanged
    return network_potentials(root, 2024)


def _sections(root) -> list[str]:
    actions_section._potentials.cache_clear()
    return [network_actions(root, 2024, "en", audience).html for audience in ("coordinator", "public")]


def _counting_engine(monkeypatch) -> list[list[int]]:
    """evaluate_actions wrapped: each call's partner groups recorded."""
    calls: list[list[int]] = []
    real = actions_section.evaluate_actions

    def counted(lines, *args, **kwargs):
        calls.append(sorted(set(lines["_group"])))
        return real(lines, *args, **kwargs)

    monkeypatch.setattr(actions_section, "evaluate_actions", counted)
    return calls


def test_the_network_reads_every_partners_stored_actions_and_shows_the_same(stored, monkeypatch):
    root, computed, html = stored
    calls = _counting_engine(monkeypatch)
    potentials = _potentials(root)
    assert calls == []  # no partner evaluated again
    pd.testing.assert_frame_equal(
        potentials, computed[list(potentials.columns)], check_exact=False, rtol=1e-12
    )
    assert _sections(root) == html
    assert calls == []


def test_a_partner_whose_stored_actions_no_longer_apply_is_evaluated_alone(stored, tmp_path, monkeypatch):
    root, computed, _ = stored
    root = shutil.copytree(root, tmp_path / "ws")
    organisation = root / "data/processed/2024/partners/beta/organisation.json"
    organisation.write_text(
        organisation.read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )  # changed since
    assert stored_results_apply(root, 2024, "alfa") and not stored_results_apply(root, 2024, "beta")
    calls = _counting_engine(monkeypatch)
    potentials = _potentials(root)
    assert calls == [[0]]  # one engine call, with one partner's lines
    pd.testing.assert_frame_equal(
        potentials, computed[list(potentials.columns)], check_exact=False, rtol=1e-12
    )
    assert list(dict.fromkeys(potentials["partner_id"])) == list(PARTNERS)


COMMITMENTS = (
    "partner_id,commitment_id,kind,coverage,base_year,target_year,reduction_pct,description,status\n"
    "alfa,T1,target,scope123,2023,2030,50,,\n"
    "beta,A1,action,,,,,Aurinkopaneelit katolle,planned\n"
)


@pytest.fixture
def tracked_ws(processed_ws, tmp_path):
    """A copy with data/commitments.csv: a target of Alfa's (2023 base, 2024 measured), an action of Beta's."""
    root = shutil.copytree(processed_ws.root, tmp_path / "ws")
    (root / "data" / "commitments.csv").write_text(COMMITMENTS, encoding="utf-8")
    return Workspace.at(root)


def test_the_stored_tracking_is_what_tracking_gives_and_every_reader_reads_it(tracked_ws, monkeypatch):
    ws = tracked_ws
    computed = {pid: track_partner(ws, pid, 2024) for pid in PARTNERS}
    html = (partner_commitments(ws.root, "alfa", 2024, "en").html, network_section(ws.root, 2024, "en"))
    assert [t.target_id for t in computed["alfa"].targets] == ["T1"]
    assert [a.commitment_id for a, _ in computed["beta"].actions] == ["A1"]
    for pid in PARTNERS:
        write_partner_tracking(ws, 2024, pid)

    def not_again(*args, **kwargs):
        raise AssertionError("tracked again although the run stored it")

    monkeypatch.setattr(store, "track_partner", not_again)
    monkeypatch.setattr(partner_results, "track_partner", not_again)
    for pid in PARTNERS:
        stored = stored_partner_tracking(ws, pid, 2024)
        assert stored == computed[pid]
        assert [a.origin for a, _ in stored.actions] == [a.origin for a, _ in computed[pid].actions]
        assert [p.message("en") for p in stored.problems] == [p.message("en") for p in computed[pid].problems]
    assert partner_commitments(ws.root, "alfa", 2024, "en").html == html[0]
    assert network_section(ws.root, 2024, "en").html == html[1].html
    assert partner_plans(ws.root, "alfa", 2024).tracking == computed["alfa"]  # the Excel summary's


def test_a_stored_tracking_whose_commitments_changed_is_not_read(tracked_ws):
    write_partner_tracking(tracked_ws, 2024, "alfa")
    assert stored_partner_tracking(tracked_ws, "alfa", 2024) is not None
    (tracked_ws.root / "data" / "commitments.csv").write_text(
        COMMITMENTS.replace(",50,", ",60,"), encoding="utf-8"
    )
    assert stored_partner_tracking(tracked_ws, "alfa", 2024) is None
    assert partner_tracking(tracked_ws.root, "alfa", 2024).targets[0].reduction_pct == 60.0  # tracked now
