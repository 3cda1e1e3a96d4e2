"""Issue 24, item 2: the layers of `paastolaskuri.LAYERS` hold for every import in lib/ (`make lint` runs this).

Every ``import paastolaskuri...`` / ``from paastolaskuri... import`` is read from the source, at the
top of a module, in a function or under ``TYPE_CHECKING`` alike: a module may import its own group
and any lower layer, never a higher layer or a sibling group of its own layer. A temporary package
with one upward import shows that the check fails on it; a module in no group fails too, so the
layer table stays complete.
"""

from __future__ import annotations

import ast
from pathlib import Path

import paastolaskuri
from paastolaskuri import GROUP_MODULES, LAYERS

PACKAGE = Path(paastolaskuri.__file__).parent
PACKAGE_NAME = "paastolaskuri"


def group_of(parts: list[str]) -> str | None:
    """The group of a module given its dotted parts under the package (``["reporting", "html"]`` -> "reporting").

    The package's own ``__init__`` (``__version__``, the layer table) is core.
    """
    if not parts or parts[0] == "__init__":
        return "core"
    for group, modules in GROUP_MODULES.items():
        if parts[0] in modules:
            return group
    return parts[0] if any(parts[0] in layer for layer in LAYERS) else None


def layer_index() -> dict[str, int]:
    """Each group's layer, lowest 0."""
    return {group: i for i, layer in enumerate(LAYERS) for group in layer}


def _imported(node: ast.AST) -> list[list[str]]:
    """The package modules an import statement names, as dotted parts below the package."""
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = node.module.split(".")
        if names[0] != PACKAGE_NAME:
            return []
        if len(names) == 1:  # from paastolaskuri import reporting / __version__
            return [[a.name] if (PACKAGE / a.name).is_dir() else [] for a in node.names]
        return [names[1:]]
    if isinstance(node, ast.Import):
        return [a.name.split(".")[1:] for a in node.names if a.name.split(".")[0] == PACKAGE_NAME]
    return []


def module_violations(relative: str, source: str) -> list[str]:
    """Where a module at `relative` (below the package) imports against the layers ("path:line: why")."""
    own = group_of(list(Path(relative).with_suffix("").parts))
    if own is None:
        return [f"{relative}: in no group of paastolaskuri.LAYERS"]
    index = layer_index()
    found = []
    for node in ast.walk(ast.parse(source)):
        for parts in _imported(node):
            target = group_of(parts)
            if target is None or target == own:
                continue
            if index[target] > index[own]:
                found.append(f"{relative}:{node.lineno}: {own} imports {target} from a higher layer")
            elif index[target] == index[own]:
                found.append(f"{relative}:{node.lineno}: {own} imports its sibling {target}")
    return found


def layer_violations(package: Path = PACKAGE) -> list[str]:
    """Every import against the layers in the package at `package`."""
    return [
        v
        for path in sorted(package.rglob("*.py"))
        for v in module_violations(path.relative_to(package).as_posix(), path.read_text(encoding="utf-8"))
    ]


def test_every_import_in_lib_follows_the_layers():
    assert layer_violations() == []


def test_every_folder_and_top_level_module_is_in_one_group():
    units = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    units |= {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert {u: group_of([u]) for u in units if group_of([u]) is None} == {}
    grouped = [m for modules in GROUP_MODULES.values() for m in modules]
    assert len(grouped) == len(set(grouped))  # no module in two groups
    groups = [g for layer in LAYERS for g in layer]
    assert len(groups) == len(set(groups)) and set(GROUP_MODULES) <= set(groups)


def test_an_upward_import_in_a_temporary_module_fails_the_check(tmp_path):
    """The check `make lint` runs, on a package where accounting imports reporting (and a sibling)."""
    (tmp_path / "accounting").mkdir()
    (tmp_path / "accounting" / "new_rule.py").write_text(
        "from paastolaskuri.core.errors import EXIT_OK\n"  # core: allowed
        "from paastolaskuri.accounting.units import UNITS\n"  # own group: allowed
        "def f():\n"
        "    from paastolaskuri.reporting.html import tonnes\n",  # lazily or not, upward
        encoding="utf-8",
    )
    (tmp_path / "research").mkdir()
    (tmp_path / "research" / "x.py").write_text(
        "import paastolaskuri.coursework.key\nfrom paastolaskuri import reporting\n", encoding="utf-8"
    )
    (tmp_path / "newstage").mkdir()
    (tmp_path / "newstage" / "y.py").write_text("", encoding="utf-8")
    assert layer_violations(tmp_path) == [
        "accounting/new_rule.py:4: accounting imports reporting from a higher layer",
        "newstage/y.py: in no group of paastolaskuri.LAYERS",
        "research/x.py:1: research imports its sibling coursework",
    ]


def test_module_violations_reads_each_import_form():
    # messages sits above accounting: its import of the catalogue is allowed, intake's is not below it
    assert (
        module_violations("messages.py", "from paastolaskuri.accounting.catalogue import load_catalogue")
        == []
    )
    assert module_violations("messages.py", "from paastolaskuri.intake.reader import Submission") == [
        "messages.py:1: messages imports intake from a higher layer"
    ]
    assert module_violations("cli_parser.py", "from paastolaskuri import __version__\nimport json") == []
    assert module_violations("core/i18n.py", "import paastolaskuri.demo.network") == [
        "core/i18n.py:1: core imports demo from a higher layer"
    ]


def unexplained_lazy_imports(source: str) -> list[int]:
    """Lines of in-function imports without a "why": a comment on the line or above its run of imports."""
    lines = source.splitlines()
    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in (n for stmt in func.body for n in ast.walk(stmt)):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            first = node.lineno
            while first > 1 and lines[first - 2].strip().startswith(("import ", "from ")):
                first -= 1  # the run of imports this one belongs to
            said = "#" in lines[node.lineno - 1] or (first > 1 and lines[first - 2].strip().startswith("#"))
            if not said:
                found.append(node.lineno)
    return sorted(set(found))


def guarded_package_imports(source: str) -> list[int]:
    """Lines of package imports inside ``try: ... except ImportError`` (a cycle or an absence dodged)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
            for h in node.handlers
        ):
            found += [n.lineno for s in node.body for n in ast.walk(s) if _imported(n)]
    return found


def test_every_in_function_import_says_why_and_none_is_guarded():
    sources = {
        p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")
    }
    assert {m: unexplained_lazy_imports(s) for m, s in sources.items() if unexplained_lazy_imports(s)} == {}
    assert {m: guarded_package_imports(s) for m, s in sources.items() if guarded_package_imports(s)} == {}


def test_the_lazy_import_checks_see_what_they_look_for():
    source = (
        "def f():\n"
        "    # pandas loads on use\n"
        "    import pandas as pd\n"
        "    from x import y\n"  # the same run of imports: explained by the comment above it
        "    z = 1\n"
        "    from paastolaskuri.footprint import compute_footprint\n"
        "    try:\n"
        "        from paastolaskuri.commitments.store import track_partner\n"
        "    except ImportError:\n"
        "        return None\n"
    )
    assert unexplained_lazy_imports(source) == [6, 8]
    assert guarded_package_imports(source) == [8]
