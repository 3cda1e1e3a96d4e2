"""A partner's actions, restatement and change split stored once by the run are what its report shows.

On a copy of the section tests' processed workspace (conftest.py: Alfa Oy, light fuel oil and
electricity, so the fuel and electricity actions apply; 2023 and 2024, so its change is split): the whole report's HTML from the stored
analysis equals, byte for byte, the report computed on the spot; the stored file is really read
(the computing function is made to fail); and a file whose inputs changed, or of another layout,
is not read. The tests that only read or spoil a stored file start from a copy where it was stored once.
"""

from __future__ import annotations

import json
import math
import shutil

import pandas as pd
import pytest

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.reporting import actions_section, change_section, partner_results, restatement_section
from paastolaskuri.reporting.partner_report import PartnerReport
from paastolaskuri.reporting.partner_results import (
    ACTIONS_JSON,
    CHANGE_SPLIT_JSON,
    RESTATEMENT_JSON,
    frame_from_json,
    frame_to_json,
    stored_partner_analysis,
    stored_partner_change,
    stored_partner_restatement,
    write_partner_results,
)

SECTIONS = PartnerReport.SECTIONS


@pytest.fixture
def ws_root(processed_ws, tmp_path):
    """A copy of the shared workspace: this test writes a file into it."""
    return shutil.copytree(processed_ws.root, tmp_path / "ws")


@pytest.fixture(scope="module")
def stored_root(processed_ws, tmp_path_factory):
    """A copy of the shared workspace where the run's step has stored Alfa's 2024 results (once per module)."""
    root = shutil.copytree(processed_ws.root, tmp_path_factory.mktemp("stored") / "ws")
    write_partner_results(root, 2024, "alfa")
    return root


@pytest.fixture
def stored_ws_root(stored_root, tmp_path):
    """A copy of `stored_root` for one test: the test changes an input or the stored file."""
    return shutil.copytree(stored_root, tmp_path / "ws")


def _report_html(root, lang: str) -> str:
    report = PartnerReport.load(root, 2024, "alfa", lang)
    return "".join(getattr(report, name)().html for name in SECTIONS)


def _actions_html(root, lang: str) -> str:
    return PartnerReport.load(root, 2024, "alfa", lang).actions().html


def test_the_report_from_the_stored_analysis_is_byte_identical(ws_root, monkeypatch):
    computed = {"fi": _report_html(ws_root, "fi"), "en": _actions_html(ws_root, "en")}
    written = write_partner_results(ws_root, 2024, "alfa")
    assert written == ws_root / "data/processed/2024/partners/alfa" / ACTIONS_JSON
    assert len(json.loads(written.read_text(encoding="utf-8"))["results"]["values"][0]) > 0

    def not_again(*args, **kwargs):
        raise AssertionError("computed again although the run stored it")

    assert (written.parent / RESTATEMENT_JSON).is_file() and (written.parent / CHANGE_SPLIT_JSON).is_file()
    monkeypatch.setattr(actions_section, "compute_partner_analysis", not_again)
    monkeypatch.setattr(restatement_section, "restate_partner", not_again)
    monkeypatch.setattr(change_section, "partner_change_figures", not_again)
    assert _report_html(ws_root, "fi") == computed["fi"]  # the whole report, every section
    assert _actions_html(ws_root, "en") == computed["en"]


def test_a_stored_analysis_whose_inputs_changed_is_not_read(ws_root):
    assert stored_partner_analysis(ws_root, "alfa", 2024) is None  # not stored yet
    write_partner_results(ws_root, 2024, "alfa")
    assert stored_partner_analysis(ws_root, "alfa", 2024) is not None
    (ws_root / "data" / "commitments.csv").write_text(
        "partner_id,commitment_id,kind,coverage,base_year,target_year,reduction_pct\n"
        "alfa,T1,target,scope123,2023,2030,50\n",
        encoding="utf-8",
    )
    assert stored_partner_analysis(ws_root, "alfa", 2024) is None  # the required reduction may differ


def test_a_stored_analysis_of_another_layout_is_not_read(stored_ws_root):
    path = stored_ws_root / "data/processed/2024/partners/alfa" / ACTIONS_JSON
    assert stored_partner_analysis(stored_ws_root, "alfa", 2024) is not None  # read while of this layout
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "format": partner_results.FORMAT + 1}), encoding="utf-8")
    assert stored_partner_analysis(stored_ws_root, "alfa", 2024) is None


def test_a_table_is_read_back_with_its_values_and_dtypes_exactly():
    frame = pd.DataFrame(
        {
            "action_id": pd.Series(["a", None], dtype="str"),
            "kg": [0.1 + 0.2, float("nan")],
            "year": [2024, 2025],
            "flag": pd.Series([True, None], dtype=object),
        }
    )
    back = frame_from_json(json.loads(json.dumps(frame_to_json(frame))))
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    assert back["kg"][0] == 0.30000000000000004 and math.isnan(back["kg"][1])
    assert back["flag"][0] is True and back["flag"][1] is None


def test_a_stored_restatement_whose_threshold_or_pins_changed_is_not_read(stored_ws_root):
    ws_root = stored_ws_root
    stored = stored_partner_restatement(ws_root, "alfa", 2024)
    assert stored is not None and [y.year for y in stored.years] == [2023, 2024]
    (ws_root / "data" / "restatement.json").write_text(
        '{"significance_threshold_percent": 1}', encoding="utf-8"
    )
    assert stored_partner_restatement(ws_root, "alfa", 2024) is None
    (ws_root / "data" / "restatement.json").unlink()
    assert stored_partner_restatement(ws_root, "alfa", 2024) is not None
    (ws_root / "data" / "factors").mkdir(parents=True, exist_ok=True)
    (ws_root / "data" / "factors" / "years.csv").write_text(
        "year,factor_set\n2024,fi-2024-r1\n", encoding="utf-8"
    )
    assert stored_partner_restatement(ws_root, "alfa", 2024) is None  # another set pinned for 2024


def test_a_stored_change_split_follows_last_years_lines(stored_ws_root):
    ws_root = stored_ws_root
    ws = Workspace.at(ws_root)
    stored = stored_partner_change(ws, 2024, "alfa")
    assert stored is not None
    # Alfa 2023 → 2024 (conftest.py): 61 743.3 → 58 616.65 kg market-based
    assert stored[0].totals["total_market"].change == pytest.approx(58616.65 - 61743.3)
    last_year = ws.partner_processed_dir(2023, "alfa") / "emissions.csv"
    last_year.write_text(last_year.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert stored_partner_change(ws, 2024, "alfa") is None
