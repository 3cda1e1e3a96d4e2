"""A partner's change from last year depends on last year's processed lines (issue 20, point 2).

When year Y-1 is recomputed, year Y's processed change.json and its report must follow even though
Y's own template did not change. Light fuel oil, the same factor set in both years (fi-2024-r2 is
pinned for 2023 and 2024): 1 000 l in 2023 → 2 000 l makes 2023's total exactly twice as large, so
2024's change must start from twice the old figure. No notebook kernel runs: rendering is stubbed
(it writes the three report files a successful render leaves).
"""

from __future__ import annotations

import json

import pytest

from helpers import build_template
from paastolaskuri import cli
from paastolaskuri.run import runner
from paastolaskuri.run.pool import record_render

ORG = {"partner_id": "saha", "name": "Saha Oy"}


def _lines(litres: float) -> list[dict]:
    return [{"activity": "light_fuel_oil", "quantity": litres, "unit": "l", "quality": "measured"}]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    for year in (2023, 2024):
        raw = ws / "data" / "raw" / str(year)
        raw.mkdir(parents=True)
        build_template(raw, lines=_lines(1000), organisation={**ORG, "year": year}, name="s.xlsx")

    def fake_render(jobs_list, valid, year, options, extra=None, on_done=None):
        for job in jobs_list:
            for path in (job.ipynb, job.html):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("rendered", encoding="utf-8")
            record_render(valid[job.key][0], {"ok": True, "seconds": 0.0})
        return {"ok": True, "seconds": 0.0, "error": ""}

    monkeypatch.setattr(runner, "render_all", fake_render)
    return ws


def _run(ws, year: int, capsys) -> dict:
    cli.main(["run", "--workspace", str(ws), "--year", str(year), "--jobs", "1", "--no-progress"])
    capsys.readouterr()
    return json.loads((ws / f"reports/{year}/run.json").read_text(encoding="utf-8"))


def _change(ws) -> dict:
    path = ws / "data/processed/2024/partners/saha/change.json"
    return json.loads(path.read_text(encoding="utf-8"))["total_market"]


def test_recomputing_last_year_recomputes_this_years_change_and_reruns_its_report(workspace, capsys):
    _run(workspace, 2023, capsys)
    _run(workspace, 2024, capsys)
    before = _change(workspace)
    assert before["from"] == pytest.approx(before["to"])  # the same 1 000 l in both years
    assert _run(workspace, 2024, capsys)["partners"]["saha"]["status"] == "skipped"  # nothing changed

    build_template(
        workspace / "data/raw/2023", lines=_lines(2000), organisation={**ORG, "year": 2023}, name="s.xlsx"
    )
    _run(workspace, 2023, capsys)
    manifest = _run(workspace, 2024, capsys)

    after = _change(workspace)
    assert after["from"] == pytest.approx(2 * before["from"])
    assert after["to"] == pytest.approx(before["to"])
    assert after["change"] == pytest.approx(-before["from"])
    assert manifest["partners"]["saha"]["status"] == "ok"  # rendered again, not skipped
