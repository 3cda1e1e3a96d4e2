"""Fixtures of the `paastolaskuri run` tests without kernels (run_stand_in.py holds the stand-in pool)."""

from __future__ import annotations

from pathlib import Path

import pytest
from run_stand_in import STAMP, fake_render

from helpers import build_template
from paastolaskuri.run import plan, runner


@pytest.fixture
def no_kernels(monkeypatch):
    monkeypatch.setattr(runner, "render_all", fake_render)
    monkeypatch.setattr(plan, "now_stamp", lambda: STAMP)


@pytest.fixture
def ws(tmp_path) -> Path:
    """A workspace with two partners for 2024: saha (files a.xlsx) and koulu (b.xlsx)."""
    raw = tmp_path / "ws" / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    build_template(raw, organisation={"partner_id": "saha", "name": "Saha Oy"}, name="a.xlsx")
    build_template(
        raw,
        organisation={"partner_id": "koulu", "name": "Koulu ry", "sector": "P"},
        lines=[{"activity": "light_fuel_oil", "quantity": 500, "unit": "l", "quality": "measured"}],
        name="b.xlsx",
    )
    return tmp_path / "ws"
