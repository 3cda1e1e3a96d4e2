"""The new year (issue 19, point 5): `check` and `run` agree that an unpinned year is an error, name the
command and the newest set, and both pass once `factors pin` has pinned the year.

No notebook kernel runs: the report pool is replaced by a stand-in that records a failed render.
"""

from __future__ import annotations

import pytest

from helpers import build_template
from paastolaskuri import cli
from paastolaskuri.run import runner
from paastolaskuri.run.pool import record_render

MESSAGE = (
    "no factor set is pinned for 2025 (pinned years: 2022, 2023, 2024): the coordinator pins one with "
    "paastolaskuri factors pin 2025 fi-2024-r2 (newest set: fi-2024-r2); the lines' units could not be "
    "checked against factors"
)


@pytest.fixture
def ws(tmp_path, monkeypatch):
    raw = tmp_path / "ws" / "data" / "raw" / "2025"
    raw.mkdir(parents=True)
    build_template(raw, organisation={"partner_id": "saha", "name": "Saha Oy", "year": 2025}, name="a.xlsx")

    def no_render(jobs_list, valid, year, options, extra=None, on_done=None):
        for job in jobs_list:
            record_render(valid[job.key][0], {"ok": True, "seconds": 0.0, "error": None})
        return {"ok": True, "seconds": 0.0, "error": None}

    monkeypatch.setattr(runner, "render_all", no_render)
    return tmp_path / "ws"


def check(ws) -> int:
    return cli.main(["check", str(ws / "data/raw/2025/a.xlsx"), "--workspace", str(ws), "--lang", "en"])


def run(ws) -> int:
    return cli.main(
        ["run", "--workspace", str(ws), "--year", "2025", "--jobs", "1", "--no-progress", "--lang", "en"]
    )


def test_check_and_run_both_fail_an_unpinned_year_with_the_same_message(ws, capsys):
    assert check(ws) == 1
    out = capsys.readouterr().out
    assert f"{ws / 'data/raw/2025/a.xlsx'}: {MESSAGE}" in out.splitlines()
    assert run(ws) == 1
    printed = capsys.readouterr()
    assert MESSAGE in printed.out + printed.err


def test_after_factors_pin_check_and_run_pass(ws, capsys):
    assert cli.main(["factors", "pin", "2025", "fi-2024-r2", "--workspace", str(ws)]) == 0
    capsys.readouterr()
    assert check(ws) == 0
    assert MESSAGE not in capsys.readouterr().out
    assert run(ws) == 0
    assert (ws / "data/processed/2025/partners/saha/totals.json").is_file()
