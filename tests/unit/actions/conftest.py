"""A processed demo workspace (what `run` writes under data/processed, without rendering reports)."""

from __future__ import annotations

import pytest

from helpers import processed_demo


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory):
    """(root, organisations) of a six-partner processed demo workspace, shared by a module's tests."""
    root = tmp_path_factory.mktemp("actions-demo")
    return root, processed_demo(root)
