"""The warm engine is registered under papermill's engine entry point, so `papermill --engine warm` finds it.

The entry point is declared in pyproject.toml; an environment sees it once the package is installed
(`pip install -e .`). Both the declaration and, where installed, the environment's metadata are checked.
"""

from __future__ import annotations

import importlib
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from papermill.engines import Engine, NBClientEngine, PapermillEngines

from paastolaskuri.run import warm_engine
from paastolaskuri.run.warm_engine import ENGINE_NAME, WarmEngine

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"


def _declared() -> dict[str, str]:
    with PYPROJECT.open("rb") as f:
        return tomllib.load(f)["project"]["entry-points"]["papermill.engine"]


def _load(target: str):
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def test_pyproject_declares_the_warm_engine_under_papermills_group():
    declared = _declared()
    assert declared == {"warm": "paastolaskuri.run.warm_engine:WarmEngine"}
    assert ENGINE_NAME == "warm"
    engine = _load(declared["warm"])
    assert engine is WarmEngine
    assert issubclass(engine, NBClientEngine) and issubclass(engine, Engine)


def test_an_installed_environment_exposes_the_same_entry_point():
    """After `pip install -e .` the package's metadata carries the entry point papermill reads."""
    try:
        dist = metadata.distribution("paastolaskuri")
    except metadata.PackageNotFoundError:
        pytest.skip("paastolaskuri is not installed in this environment (only on PYTHONPATH)")
    installed = {ep.name: ep.value for ep in dist.entry_points if ep.group == "papermill.engine"}
    assert installed == _declared(), (
        "the environment was installed before the papermill.engine entry point: run `pip install -e .`"
    )


def test_register_makes_the_engine_known_without_the_entry_point(monkeypatch):
    """render.py registers it itself, so an environment installed before the entry point still renders."""
    from papermill import engines

    fresh = PapermillEngines()
    monkeypatch.setattr(engines, "papermill_engines", fresh)
    warm_engine.register()
    assert fresh.get_engine("warm") is WarmEngine
