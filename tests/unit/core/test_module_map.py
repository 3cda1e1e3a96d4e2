"""Issue 24, item 4: the plan is true: the module map, the decisions and security.md against the code.

The module map in ``paastolaskuri/__init__.py`` names the groups in the order of ``LAYERS`` and every
module of every folder; ``docs/decisions.md`` numbers each decision once, in order; the escaping
functions ``docs/security.md`` names exist where it says; ``make lint`` runs the structure checks.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import paastolaskuri
from paastolaskuri import GROUP_MODULES, LAYERS

PACKAGE = Path(paastolaskuri.__file__).parent
ROOT = PACKAGE.parents[1]
RULE = "=" * 25  # the map's first column is 25 wide


def map_rows(doc: str) -> dict[str, str]:
    """The module map's rows: the group named in the first column -> its whole description."""
    lines = doc.splitlines()
    rules = [i for i, line in enumerate(lines) if line.startswith(RULE) and not line.strip("= ")]
    rows: dict[str, str] = {}
    group = ""
    for line in lines[rules[0] + 1 : rules[1]]:  # between the opening and the closing rule
        first = line[:25].strip()
        if first:
            group = first.strip("`").rstrip("/")
            rows[group] = ""
        if group:
            rows[group] += " " + line[25:].strip()
    return rows


def folder_modules(group: str) -> set[str]:
    """A group's modules: a folder's .py files and subpackages, or the top-level modules it names."""
    folder = PACKAGE / group
    if not folder.is_dir():
        return set(GROUP_MODULES.get(group, (group,)))
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__"} | {
        p.name + "/" for p in folder.iterdir() if (p / "__init__.py").is_file()
    }


def missing_from_map(rows: dict[str, str]) -> dict[str, list[str]]:
    """Per group, the modules the map does not name as ``name``."""
    out = {}
    for group, text in rows.items():
        named = {group, *re.findall(r"``([\w/]+)[`.]", text)}  # ``blocks.Block`` names blocks
        missing = sorted(folder_modules(group) - named)
        if missing:
            out[group] = missing
    return out


def test_module_map_follows_the_layers_and_names_every_module():
    rows = map_rows(paastolaskuri.__doc__ or "")
    assert list(rows) == [g for layer in LAYERS for g in layer]
    assert missing_from_map(rows) == {}


def test_module_map_check_sees_a_missing_module():
    rows = {"disclosure": "``rules``, ``tables``", "cli": "top-level ``cli``"}
    assert missing_from_map(rows) == {
        "disclosure": ["audit", "ledger", "peers"],
        "cli": ["cli_parser"],
    }
    doc = f"x\n\n{RULE}  ===\n``run/``{' ' * 19}``runner``\n{' ' * 27}``plan``\n{RULE}  ===\n"
    assert map_rows(doc) == {"run": " ``runner`` ``plan``"}


def decision_numbers(text: str) -> list[int]:
    """The numbers of the numbered decisions (``N. **...``), in file order."""
    return [int(n) for n in re.findall(r"^(\d+)\. \*\*", text, flags=re.M)]


def test_decisions_are_numbered_once_in_order():
    text = (ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    numbers = decision_numbers(text)
    assert numbers == list(range(1, len(numbers) + 1))
    # every decision is numbered: a bold-led paragraph without a number is a decision too
    assert re.findall(r"^\*\*[A-Z]", text, flags=re.M) == []
    assert decision_numbers("1. **a**\n2. **b**\n2. **c**\n") == [1, 2, 2]


def test_decisions_point_only_to_files_in_the_repository():
    text = (ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`([\w./-]+/[\w.-]+\.(?:py|md|ipynb|toml|yml))`", text))
    # a path is from the repository root, or from lib/ or the package (``reporting/html.py``)
    where = (ROOT, ROOT / "lib", PACKAGE)
    assert len(paths) > 10 and sorted(p for p in paths if not any((w / p).exists() for w in where)) == []


def test_security_md_names_the_functions_that_escape():
    """Each `module.function` security.md credits with escaping exists there (no re-export is named)."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    named = re.findall(r"`paastolaskuri\.([\w.]+)\.(\w+)`", text)
    assert {f"{m}.{f}" for m, f in named} >= {
        "core.outputs.neutralise_formula",
        "core.outputs.csv_field",
        "reporting.blocks.esc",
        "reporting.presentation.html_table",
    }
    for module, function in named:
        defined = importlib.import_module(f"paastolaskuri.{module}")
        assert getattr(defined, function).__module__ == f"paastolaskuri.{module}", (module, function)


def test_make_lint_runs_the_structure_checks():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    block = makefile.split("STRUCTURE :=", 1)[1].split("\n\n", 1)[0]
    files = re.findall(r"tests/\S+\.py", block)
    assert "tests/unit/core/test_layers.py" in files and Path(__file__).relative_to(ROOT).as_posix() in files
    assert all((ROOT / f).is_file() for f in files)
    assert "$(STRUCTURE)" in makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
