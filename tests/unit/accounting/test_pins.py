"""`paastolaskuri factors pin YEAR SET`: writes the workspace's pin, says what changes, refuses what it must.

The shipped pins (data/factors/years.csv): 2022 fi-2022-r3, 2023 fi-2023-r2, 2024 fi-2024-r2; the newest
shipped set is fi-2024-r2 (latest reporting year, highest revision).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from paastolaskuri import cli
from paastolaskuri.accounting.factors import pinned_sets
from paastolaskuri.accounting.pins import newest_set

AVAILABLE = "fi-2022-r1, fi-2022-r2, fi-2022-r3, fi-2023-r1, fi-2023-r2, fi-2024-r1, fi-2024-r2"


@pytest.fixture
def ws(tmp_path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    return root


def pin(ws: Path, *args: str, lang: str = "en") -> int:
    return cli.main(["factors", "pin", *args, "--workspace", str(ws), "--lang", lang])


def years_csv(ws: Path) -> Path:
    return ws / "data" / "factors" / "years.csv"


def test_newest_set_is_the_latest_year_and_revision(ws):
    assert newest_set() == "fi-2024-r2"
    own = ws / "data" / "factors" / "fi-2024-r10"
    own.mkdir(parents=True)
    (own / "set.json").write_text('{"name": "fi-2024-r10"}', encoding="utf-8")
    assert newest_set(ws) == "fi-2024-r10"  # r10 after r2: revisions compare as numbers


def test_pinning_a_new_year_writes_the_row_and_says_so(ws, capsys):
    assert pin(ws, "2025", "fi-2024-r2") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"2025: not pinned -> fi-2024-r2 (written to {years_csv(ws)})",
        "note: fi-2024-r2 is the factor set for 2024; it stands in for 2025 until a 2025 set is published",
    ]
    assert years_csv(ws).read_text(encoding="utf-8") == "year,factor_set\n2025,fi-2024-r2\n"
    assert pinned_sets(ws)[2025] == "fi-2024-r2" and pinned_sets(ws)[2024] == "fi-2024-r2"


def test_the_workspace_may_come_before_the_action(ws, capsys):
    assert cli.main(["factors", "--workspace", str(ws), "pin", "2025", "fi-2024-r2", "--lang", "en"]) == 0
    assert years_csv(ws).read_text(encoding="utf-8") == "year,factor_set\n2025,fi-2024-r2\n"


def test_an_unknown_set_is_refused_naming_the_available_ones(ws, capsys):
    assert pin(ws, "2025", "fi-2025-r1") == 2
    assert capsys.readouterr().err.strip() == (
        f"paastolaskuri factors: no factor set called fi-2025-r1; available: {AVAILABLE}"
    )
    assert pin(ws, "2025", "fi-2025-r1", lang="fi") == 2
    assert capsys.readouterr().err.strip() == (
        f"paastolaskuri factors: kerroinsarjaa fi-2025-r1 ei löydy; saatavilla: {AVAILABLE}"
    )
    assert not years_csv(ws).exists()


def test_changing_an_existing_pin_needs_force(ws, capsys):
    assert pin(ws, "2022", "fi-2022-r2") == 2
    assert capsys.readouterr().err.strip() == (
        "paastolaskuri factors: 2022 is already pinned to fi-2022-r3: add --force to change it to fi-2022-r2"
    )
    assert not years_csv(ws).exists()
    assert pin(ws, "2022", "fi-2022-r2", "--force") == 0
    assert capsys.readouterr().out.splitlines() == [
        f"2022: fi-2022-r3 -> fi-2022-r2 (written to {years_csv(ws)})"
    ]
    assert pinned_sets(ws)[2022] == "fi-2022-r2"


def test_the_same_pin_changes_nothing(ws, capsys):
    assert pin(ws, "2024", "fi-2024-r2") == 0
    assert capsys.readouterr().out.strip() == "2024 is already pinned to fi-2024-r2: nothing changed"
    assert not years_csv(ws).exists()


def test_the_workspaces_own_rows_are_kept_in_year_order(ws, capsys):
    years_csv(ws).parent.mkdir(parents=True)
    years_csv(ws).write_text("year,factor_set\n2026,fi-2024-r2\n2019,fi-2022-r1\n", encoding="utf-8")
    assert pin(ws, "2025", "fi-2024-r2") == 0
    assert years_csv(ws).read_text(encoding="utf-8") == (
        "year,factor_set\n2019,fi-2022-r1\n2025,fi-2024-r2\n2026,fi-2024-r2\n"
    )
