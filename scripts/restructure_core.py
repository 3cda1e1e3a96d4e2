"""Issue 24, item 5: move the core modules into ``core/`` and the demo into ``demo/``; rewrite every import.

Run from the repository root: ``python scripts/restructure_core.py``. It is idempotent: the moves
happen only while the old file exists (``git mv``), and every rewrite matches old names only, so
running it again after merging branches that still import the old paths rewrites just their code.

=========================================  ==============================================
old                                        new
=========================================  ==============================================
``paastolaskuri.errors``                   ``paastolaskuri.core.errors``
``paastolaskuri.workspace``                ``paastolaskuri.core.workspace``
``paastolaskuri.i18n``                     ``paastolaskuri.core.i18n``
``paastolaskuri.numformat``                ``paastolaskuri.core.numformat``
``paastolaskuri.outputs``                  ``paastolaskuri.core.outputs``
``paastolaskuri.output_guard``             ``paastolaskuri.core.output_guard``
``paastolaskuri.confidence``               ``paastolaskuri.core.confidence``
``paastolaskuri.packaged``                 ``paastolaskuri.core.packaged``
``paastolaskuri.demo``                     ``paastolaskuri.demo.network``
``paastolaskuri.demo_commitments``         ``paastolaskuri.demo.commitments``
``paastolaskuri.reporting.reports``        ``paastolaskuri.report`` (the one re-export)
=========================================  ==============================================

The same names as paths (``paastolaskuri/errors.py`` -> ``paastolaskuri/core/errors.py``) and in
``from paastolaskuri import i18n`` forms are rewritten too, in lib/, tests/, scripts/, benchmarks/,
notebooks/ (.ipynb), docs/, README.md, Makefile and pyproject.toml.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = "lib/paastolaskuri"
CORE = ("errors", "workspace", "i18n", "numformat", "outputs", "output_guard", "confidence", "packaged")
MODULES = {
    **{name: f"core.{name}" for name in CORE},
    "demo": "demo.network",
    "demo_commitments": "demo.commitments",
    "reporting.reports": "report",
}
NEW_PACKAGES = {
    "core": '"""The core every stage stands on: errors and exit codes, the workspace\'s paths, the message\n'
    "catalogue, number formatting, atomic and formula-safe outputs, the output guard, confidence\n"
    'marks, and the shipped data (``packaged``)."""\n',
    "demo": '"""The fictional demo network: ``network`` writes its partners\' templates and workspace files,\n'
    '``commitments`` their commitments."""\n',
}
SUFFIXES = {".py", ".ipynb", ".md", ".toml"}
FOLDERS = ("lib", "tests", "scripts", "benchmarks", "notebooks", "docs")
SINGLE_FILES = ("README.md", "Makefile", "pyproject.toml")
# edits of particular files that name the moved modules by a bare relative name (old -> new, exact)
EXACT = {
    f"{PKG}/core/workspace.py": [
        (
            "REPOSITORY_ROOT = Path(__file__).resolve().parents[2]",
            "REPOSITORY_ROOT = Path(__file__).resolve().parents[3]",
        ),
        ("(lib/paastolaskuri/); an installed", "(lib/paastolaskuri/core/); an installed"),
    ],
    f"{PKG}/core/i18n.py": [
        (
            'LOCALE_DIR = Path(__file__).parent / "locale"',
            'LOCALE_DIR = Path(__file__).parents[1] / "locale"',
        ),
    ],
    f"{PKG}/__init__.py": [
        (
            '    "core": ("errors", "workspace", "i18n", "numformat", "outputs", "output_guard", "confidence", "packaged"),\n'
            '    "demo": ("demo", "demo_commitments"),\n',
            "",
        ),
        (
            '# A group is a subpackage or top-level module; "core" and "demo" name the modules that belong together.',
            "# A group is a subpackage or a top-level module.",
        ),
        (
            "``core``                   top-level modules every stage stands on:",
            "``core/``                  the modules every stage stands on:",
        ),
        (
            "``demo``                   top-level ``demo`` and ``demo_commitments``: the fictional network",
            "``demo/``                  the fictional network: ``network`` and ``commitments``",
        ),
    ],
    "tests/unit/core/test_i18n.py": [
        ("LIB = Path(i18n.__file__).parent\n", "LIB = Path(i18n.__file__).parents[1]\n"),
        ('    "demo.py": "fictional', '    "demo/network.py": "fictional'),
        ('    "demo_commitments.py": "fictional', '    "demo/commitments.py": "fictional'),
        ('    "numformat.py": "Babel', '    "core/numformat.py": "Babel'),
    ],
    "tests/unit/core/test_one_home_literals.py": [
        ('EXIT_HOME = "errors.py"', 'EXIT_HOME = "core/errors.py"')
    ],
    "tests/unit/core/test_layers.py": [
        (
            'module_violations("i18n.py", "import paastolaskuri.demo.network")',
            'module_violations("core/i18n.py", "import paastolaskuri.demo.network")',
        ),
        (
            '"i18n.py:1: core imports demo from a higher layer"',
            '"core/i18n.py:1: core imports demo from a higher layer"',
        ),
    ],
    "tests/unit/core/test_module_map.py": [
        (
            '        "outputs.neutralise_formula",\n        "outputs.csv_field",',
            '        "core.outputs.neutralise_formula",\n        "core.outputs.csv_field",',
        ),
    ],
}


def move(old: str, new: str | None) -> None:
    """`git mv` (or `git rm` when `new` is None) while the old file exists."""
    if not (ROOT / old).exists():
        return
    if new is None:
        subprocess.run(["git", "rm", "-q", old], cwd=ROOT, check=True)
        return
    (ROOT / new).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "mv", old, new], cwd=ROOT, check=True)


def rewrite(text: str) -> str:
    """Every old module name, dotted or as a path, and every ``from paastolaskuri import <moved>``."""
    for old, new in MODULES.items():
        dotted_old = re.escape(f"paastolaskuri.{old}")
        # not a longer name (paastolaskuri.demo_commitments for .demo), nor the new one (.demo.network)
        guard = r"(?![\w])" + (r"(?!\.(?:network|commitments)\b)" if old == "demo" else "")
        text = re.sub(rf"(?<![\w.]){dotted_old}{guard}", f"paastolaskuri.{new}", text)
        text = re.sub(
            rf"paastolaskuri/{re.escape(old.replace('.', '/'))}\.py\b",
            f"paastolaskuri/{new.replace('.', '/')}.py",
            text,
        )
    return re.sub(r"^(\s*)from paastolaskuri import ([\w, ]+)$", _split_from_import, text, flags=re.M)


def _split_from_import(match: re.Match) -> str:
    """``from paastolaskuri import cli, i18n`` -> ``from paastolaskuri import cli`` + ``from paastolaskuri.core import i18n``."""
    indent, names = match.group(1), [n.strip() for n in match.group(2).split(",")]
    kept = [n for n in names if n not in CORE]
    moved = [n for n in names if n in CORE]
    if not moved:
        return match.group(0)
    lines = [f"{indent}from paastolaskuri import {', '.join(kept)}"] if kept else []
    lines.append(f"{indent}from paastolaskuri.core import {', '.join(moved)}")
    return "\n".join(lines)


def files() -> list[Path]:
    """Every file the rewrite reads (the links under shipped/ are not followed: their targets are read once)."""
    found = [ROOT / f for f in SINGLE_FILES if (ROOT / f).is_file()]
    for folder in FOLDERS:
        found += [
            p
            for p in (ROOT / folder).rglob("*")
            if p.is_file()
            and p.suffix in SUFFIXES
            and "shipped" not in p.relative_to(ROOT).parts
            and ".ipynb_checkpoints" not in p.parts
            and "__pycache__" not in p.parts
        ]
    return sorted(set(found) - {Path(__file__).resolve()})  # not this script's own table


def main() -> int:
    """Move, add the two packages' __init__.py, rewrite, apply the exact edits; print what changed."""
    for name in CORE:
        move(f"{PKG}/{name}.py", f"{PKG}/core/{name}.py")
    move(f"{PKG}/demo.py", f"{PKG}/demo/network.py")
    move(f"{PKG}/demo_commitments.py", f"{PKG}/demo/commitments.py")
    move(f"{PKG}/reporting/reports.py", None)
    for package, doc in NEW_PACKAGES.items():
        init = ROOT / PKG / package / "__init__.py"
        if not init.exists():
            init.write_text(doc, encoding="utf-8")
    changed = []
    for path in files():
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        for old, replacement in EXACT.get(path.relative_to(ROOT).as_posix(), []):
            new = new.replace(old, replacement)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path.relative_to(ROOT).as_posix())
    print(f"{len(changed)} files rewritten", *changed, sep="\n  ")
    # the rewritten imports sort differently (paastolaskuri.core.* before paastolaskuri.disclosure)
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    python = [p for p in changed if p.endswith(".py")]
    if ruff and python:
        subprocess.run([ruff, "check", "--fix", "--select", "I", "-q", *python], cwd=ROOT, check=False)
        subprocess.run([ruff, "format", "-q", *python], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
