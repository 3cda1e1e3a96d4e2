"""`run --gwp ar6` computes with AR6, as `calc --gwp ar6` does, and records what it computed.

A refrigerant line separates the GWP sets: R-404A 2 kg refilled = 2 x 3943 = 7886 kg CO2e (AR5) or
2 x 4728 = 9456 kg CO2e (AR6) (data/factors/gwp.csv). No notebook kernel runs: rendering is stubbed.
"""

from __future__ import annotations

import json

import pytest

from helpers import build_template
from paastolaskuri import cli
from paastolaskuri.run import runner
from paastolaskuri.run.pool import record_render

LINES = [{"activity": "refrigerant_r404a", "quantity": 2, "unit": "kg", "quality": "measured"}]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    raw = tmp_path / "ws" / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    build_template(raw, lines=LINES, organisation={"partner_id": "kylma", "name": "Kylmä Oy"}, name="k.xlsx")

    def no_render(jobs_list, valid, year, options, extra=None, on_done=None):
        for job in jobs_list:
            record_render(valid[job.key][0], {"ok": False, "seconds": 0.0, "error": "not rendered"})
        return {"ok": False, "seconds": 0.0, "error": "not rendered"}

    monkeypatch.setattr(runner, "render_all", no_render)
    return tmp_path / "ws"


def calc_totals(path, gwp: str, capsys) -> dict:
    assert cli.main(["calc", str(path), "--format", "json", "--gwp", gwp]) == 0
    return json.loads(capsys.readouterr().out)["totals"]


def run_totals(ws, gwp: str, capsys) -> tuple[dict, dict]:
    cli.main(["run", "--workspace", str(ws), "--year", "2024", "--gwp", gwp, "--jobs", "1", "--no-progress"])
    capsys.readouterr()
    processed = json.loads(
        (ws / "data/processed/2024/partners/kylma/totals.json").read_text(encoding="utf-8")
    )
    manifest = json.loads((ws / "reports/2024/run.json").read_text(encoding="utf-8"))
    return processed["totals"], manifest


def test_run_with_ar6_equals_calc_with_ar6(workspace, capsys):
    template = workspace / "data/raw/2024/k.xlsx"
    totals, manifest = run_totals(workspace, "ar6", capsys)
    assert totals["scope1"] == pytest.approx(9456.0)
    assert totals == pytest.approx(calc_totals(template, "ar6", capsys))
    assert manifest["gwp_set"] == "AR6"


def test_changing_the_gwp_set_recomputes(workspace, capsys):
    template = workspace / "data/raw/2024/k.xlsx"
    assert run_totals(workspace, "ar6", capsys)[0]["scope1"] == pytest.approx(9456.0)
    totals, manifest = run_totals(workspace, "ar5", capsys)
    assert totals["scope1"] == pytest.approx(7886.0)
    assert totals == pytest.approx(calc_totals(template, "ar5", capsys))
    assert manifest["gwp_set"] == "AR5"
