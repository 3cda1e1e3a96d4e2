"""The network report reads what the run stored for each partner instead of computing it again (issue 20).

On a copy of the section tests' processed workspace (conftest.py: Alfa, Beta and Gamma in 2024, each
with light fuel oil and electricity, so the fuel and electricity actions apply to all three): the
network's potentials from the partners' stored actions equal those computed on the spot, and so
does the section's HTML in both audiences; with every partner stored, no action is evaluated; a
partner whose stored file no longer applies is evaluated, alone.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.reporting import actions_section
from paastolaskuri.reporting.actions_section import network_actions, network_potentials
from paastolaskuri.reporting.partner_results import write_partner_actions

PARTNERS = ("alfa", "beta", "gamma")


@pytest.fixture(scope="module")
def stored(processed_ws, tmp_path_factory):
    """(root, potentials and section HTML computed before anything was stored) with every partner's
    actions then stored, as the run stores them before the network report."""
    root = shutil.copytree(processed_ws.root, tmp_path_factory.mktemp("network-stored") / "ws")
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
    calls = _counting_engine(monkeypatch)
    potentials = _potentials(root)
    assert calls == [[0]]  # one engine call, with one partner's lines
    pd.testing.assert_frame_equal(
        potentials, computed[list(potentials.columns)], check_exact=False, rtol=1e-12
    )
    assert list(dict.fromkeys(potentials["partner_id"])) == list(PARTNERS)
