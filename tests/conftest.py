"""Fixtures wrapping tests/helpers.py, and the 2024 factor set."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import build_template, make_lines_frame, set_cells
from paastolaskuri.accounting.factors import find_factor_set


@pytest.fixture
def make_template(tmp_path):
    """make_template(lines=..., organisation=..., lang="fi", name="f.xlsx") -> Path (inside tmp_path)."""

    def _make(lines=None, organisation=None, lang="fi", name="f.xlsx"):
        return build_template(tmp_path, lines=lines, organisation=organisation, lang=lang, name=name)

    return _make


@pytest.fixture
def edit_cells():
    return set_cells


@pytest.fixture
def lines_frame():
    return make_lines_frame


@pytest.fixture(scope="session")
def fs2024():
    return find_factor_set("fi-2024-r1")
