"""The suite's own layout rules: slow tests live under tests/integration/, files sharing a module
fixture stay on one xdist worker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[2]


def test_slow_tests_live_under_integration_only():
    slow = re.compile(r"pytest\.mark\.slow\b")
    misplaced = [
        p.relative_to(TESTS).as_posix()
        for p in (TESTS / "unit").rglob("*.py")
        if slow.search(p.read_text(encoding="utf-8"))
    ]
    assert misplaced == []


@pytest.fixture(scope="module")
def _shared_by_this_module():
    return object()


def test_a_test_using_a_module_fixture_is_grouped_by_its_file(request, _shared_by_this_module):
    marker = request.node.get_closest_marker("xdist_group")
    assert marker is not None and marker.args == ("tests/unit/core/test_suite_layout.py",)


def test_a_test_without_shared_fixtures_is_not_grouped(request):
    assert request.node.get_closest_marker("xdist_group") is None
