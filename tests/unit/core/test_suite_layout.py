"""The suite's own layout rule: slow tests live under tests/integration/."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2]


def test_slow_tests_live_under_integration_only():
    slow = re.compile(r"pytest\.mark\.slow\b")
    misplaced = [
        p.relative_to(TESTS).as_posix()
        for p in (TESTS / "unit").rglob("*.py")
        if slow.search(p.read_text(encoding="utf-8"))
    ]
    assert misplaced == []
