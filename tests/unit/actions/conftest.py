"""A processed demo workspace (what `run` writes under data/processed, without rendering reports)."""

from __future__ import annotations

import pytest

from paastolaskuri.demo import write_demo
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.reporting.processed import write_partner, write_year_tables
from paastolaskuri.workspace import Workspace, partner_slug


def processed_demo(root, partners: int = 6, year: int = 2024):
    """Demo templates for `year`, calculated into data/processed; returns the organisations."""
    ws = Workspace.at(root)
    write_demo(root, years=[year], partners=partners)
    rows, orgs = [], []
    for path in ws.templates(year):
        fp = compute_footprint(path, workspace=root)
        assert fp.ok, [p.format("en") for p in fp.problems]
        rows.append(write_partner(ws, year, partner_slug(fp.organisation["partner_id"]), fp, "fi"))
        orgs.append(fp.organisation)
    write_year_tables(ws, year, rows, "fi")
    return orgs


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory):
    """(root, organisations) of a six-partner processed demo workspace, shared by a module's tests."""
    root = tmp_path_factory.mktemp("actions-demo")
    return root, processed_demo(root)
