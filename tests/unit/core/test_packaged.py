"""Issue 24, item 3: what the package ships is found through importlib.resources, and all of it is package data.

The wheel itself is built and installed by tests/integration/test_wheel_install.py; here, in-process:
every shipped path comes from `packaged`, the shipped/ links point where the repository keeps the
files, pyproject's package-data globs cover every file there, and the default workspace of an
installed package is the current folder.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

import paastolaskuri
from paastolaskuri.accounting.factors import SHIPPED_FACTORS_DIR, factor_dirs, find_factor_set
from paastolaskuri.core import workspace
from paastolaskuri.core.packaged import packaged
from paastolaskuri.coursework.assignments import SOURCE_DIR
from paastolaskuri.run.network import NETWORK_NOTEBOOK
from paastolaskuri.run.runner import NOTEBOOKS

PACKAGE = Path(paastolaskuri.__file__).parent
ROOT = PACKAGE.parents[1]


def test_shipped_paths_come_from_the_package():
    shipped = PACKAGE / "shipped"
    assert SHIPPED_FACTORS_DIR == packaged("factors") == shipped / "factors"
    assert shipped / "notebooks" == NOTEBOOKS
    assert shipped / "notebooks" / "network_report.ipynb" == NETWORK_NOTEBOOK
    assert shipped / "notebooks" / "coursework" / "source" == SOURCE_DIR
    assert (SHIPPED_FACTORS_DIR / "years.csv").is_file() and NETWORK_NOTEBOOK.is_file()
    # in the repository the two are links to the folders people edit
    assert os.readlink(shipped / "factors") == "../../../data/factors"
    assert os.readlink(shipped / "notebooks") == "../../../notebooks"
    assert (shipped / "factors").resolve() == (ROOT / "data" / "factors").resolve()


def _package_data() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["paastolaskuri"]


def glob_regex(pattern: str) -> re.Pattern:
    """setuptools' package-data glob as a regex: "**/" is zero or more folders, "*" stays in one folder."""
    parts = re.split(r"(\*\*/|\*)", pattern)
    body = "".join({"**/": "(?:[^/]+/)*", "*": "[^/]*"}.get(part, re.escape(part)) for part in parts)
    return re.compile(body + r"\Z")


def unshipped(files: list[str], patterns: list[str]) -> list[str]:
    """The files (relative to the package) that no package-data pattern takes into the wheel."""
    regexes = [glob_regex(p) for p in patterns]
    return sorted(f for f in files if not any(r.match(f) for r in regexes))


def test_package_data_takes_every_shipped_file_into_the_wheel():
    shipped = PACKAGE / "shipped"
    files = [
        f"shipped/{kind}/{p.relative_to((shipped / kind).resolve()).as_posix()}"
        for kind in ("factors", "notebooks")
        for p in (shipped / kind).resolve().rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts
    ]
    assert len(files) > 40
    assert unshipped(files, _package_data()) == []
    locale = [p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "locale").rglob("*.po")]
    assert len(locale) == 2 and unshipped(locale, _package_data()) == []
    # the check itself: a file type or folder no pattern names is reported
    assert unshipped(
        ["shipped/factors/fi-2025-r1/notes.md", "shipped/factors/years.csv"], _package_data()
    ) == ["shipped/factors/fi-2025-r1/notes.md"]


def test_a_workspace_own_factor_set_comes_before_the_shipped_one(tmp_path):
    shutil_src = SHIPPED_FACTORS_DIR / "fi-2024-r2"
    own = tmp_path / "data" / "factors" / "fi-2024-r2"
    own.mkdir(parents=True)
    for f in shutil_src.iterdir():
        (own / f.name).write_bytes(f.read_bytes())
    assert factor_dirs(tmp_path)[0] == (tmp_path / "data" / "factors").resolve()
    assert find_factor_set("fi-2024-r2", tmp_path).path.resolve() == own.resolve()
    assert (
        find_factor_set("fi-2023-r2", tmp_path).path.resolve()
        == (SHIPPED_FACTORS_DIR / "fi-2023-r2").resolve()
    )


def test_default_workspace_is_the_checkout_or_else_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("PAASTOLASKURI_WORKSPACE", raising=False)
    assert workspace.default_root() == workspace.REPOSITORY_ROOT == ROOT
    # installed: the folder above site-packages/paastolaskuri has no pyproject.toml
    monkeypatch.setattr(workspace, "REPOSITORY_ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    assert workspace.Workspace.at(None).root == tmp_path.resolve()
    monkeypatch.setenv("PAASTOLASKURI_WORKSPACE", str(tmp_path / "ws"))
    assert workspace.Workspace.at("").root == (tmp_path / "ws").resolve()


@pytest.mark.parametrize("name", ["partner_report.ipynb", "network_report.ipynb", "actions.ipynb"])
def test_report_notebooks_are_shipped(name):
    assert packaged("notebooks", name).is_file()
