"""Fixtures wrapping tests/helpers.py, and the 2024 factor set."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import HYPOTHESIS_PROFILE, build_template, make_lines_frame, set_cells
from paastolaskuri.accounting.factors import find_factor_set

# "ci" draws the same examples on every run (a red CI is reproducible, not bad luck); "deep" draws
# new ones and more of them (helpers.examples), for `make test-deep`
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("deep", derandomize=False, deadline=None, print_blob=True)
settings.load_profile(HYPOTHESIS_PROFILE)


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
