"""Issue 24, item 1: a rule's value is written once, in its home; everywhere else it is a named constant.

Read as source over all of ``lib/`` (``make lint`` runs this file): the GWP set names (``"AR5"``),
the factor-ID markers of emission lines (``"own"``, ``"contract:go"``) and the exit codes of the
commands (``return 0``). Each detector is shown the copies it must find and the code it must let be.
"""

from __future__ import annotations

import ast
from pathlib import Path

import paastolaskuri
from paastolaskuri.accounting.calculation import GO_FACTOR_ID, OWN_FACTOR_ID
from paastolaskuri.accounting.factors import DEFAULT_GWP, GWP_SETS
from paastolaskuri.core.errors import EXIT_FAILED, EXIT_LOCKED, EXIT_NOTHING, EXIT_OK, EXIT_USAGE

PACKAGE = Path(paastolaskuri.__file__).parent
GWP_HOME = "accounting/factors.py"
FACTOR_ID_HOME = "accounting/calculation.py"
EXIT_HOME = "core/errors.py"
EXIT_CODES = {EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_NOTHING}
GWP_NAMES = {g.upper() for g in (*GWP_SETS, DEFAULT_GWP)}


def _definitions(tree: ast.Module) -> set[ast.AST]:
    """The constants of module-level ``UPPER_CASE = ...`` assignments: where a home defines its values."""
    found: set[ast.AST] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and all(
            isinstance(t, ast.Name) and t.id.isupper() for t in targets
        ):
            found |= {c for c in ast.walk(node) if isinstance(c, ast.Constant)}
    return found


def gwp_copies(source: str, home: bool = False) -> list[str]:
    """Where `source` writes a GWP set's name ("AR5", "ar6") instead of `DEFAULT_GWP` / `GWP_SETS`."""
    tree = ast.parse(source)
    skip = _definitions(tree) if home else set()
    return sorted(
        {
            f"line {n.lineno}: GWP set {n.value!r}"
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.upper() in GWP_NAMES
            if n not in skip
        }
    )


def _marker_constants(node: ast.AST) -> list[ast.Constant]:
    """The factor-ID markers a node holds directly or in a list/tuple/set literal."""
    items = node.elts if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else [node]
    return [i for i in items if isinstance(i, ast.Constant) and i.value in (OWN_FACTOR_ID, GO_FACTOR_ID)]


def factor_id_copies(source: str, home: bool = False) -> list[str]:
    """Where `source` matches or writes a factor-ID marker as a literal instead of `OWN_FACTOR_ID`/`GO_FACTOR_ID`.

    "contract:go" is found anywhere; "own" (also a plain word and a dict key) where it is compared,
    passed to ``isin`` or written next to a ``"factor_id"`` argument.
    """
    tree = ast.parse(source)
    skip = _definitions(tree) if home else set()
    found = set()
    for node in ast.walk(tree):
        sides: list[ast.AST] = []
        if isinstance(node, ast.Constant) and node.value == GO_FACTOR_ID:
            sides = [node]
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
        elif isinstance(node, ast.Call):
            is_isin = isinstance(node.func, ast.Attribute) and node.func.attr == "isin"
            names_column = any(isinstance(a, ast.Constant) and a.value == "factor_id" for a in node.args)
            sides = list(node.args) if is_isin or names_column else []
        for c in (c for s in sides for c in _marker_constants(s)):
            if c not in skip:
                found.add(f"line {c.lineno}: factor-ID marker {c.value!r}")
    return sorted(found)


def _codes(node: ast.AST | None) -> list[ast.Constant]:
    """Integer constants a return value is made of (``0``, ``1 if failed else 0``)."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return [node]
    if isinstance(node, ast.IfExp):
        return _codes(node.body) + _codes(node.orelse)
    return []


def exit_code_copies(source: str, command: bool) -> list[str]:
    """Literal exit codes: ``exit_code = 2`` anywhere; in a command module ``return 1``, ``sys.exit(2)``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        codes: list[ast.Constant] = []
        sets_exit_code = isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "exit_code" for t in node.targets
        )
        if sets_exit_code or (command and isinstance(node, ast.Return)):
            codes = _codes(getattr(node, "value", None))
        elif command and isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            codes = [c for a in node.args for c in _codes(a)] if name in ("exit", "SystemExit") else []
        found |= {f"line {c.lineno}: exit code {c.value}" for c in codes if c.value in EXIT_CODES}
    return sorted(found)


def is_command_module(relative: str) -> bool:
    """The modules that run a subcommand and return its exit code: cli.py, */command.py, *_command.py."""
    name = Path(relative).name
    return relative == "cli.py" or name == "command.py" or name.endswith("_command.py")


def lib_copies(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Every literal copy of a rule in the package, by module path (relative to the package)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        source = path.read_text(encoding="utf-8")
        found = (
            gwp_copies(source, home=rel == GWP_HOME)
            + factor_id_copies(source, home=rel == FACTOR_ID_HOME)
            + (exit_code_copies(source, is_command_module(rel)) if rel != EXIT_HOME else [])
        )
        if found:
            out[rel] = found
    return out


def test_gwp_detector_finds_the_removed_copies_and_lets_the_constants_be():
    assert gwp_copies('gwp: str = "AR5"') == ["line 1: GWP set 'AR5'"]
    assert gwp_copies('p.add_argument("--gwp", choices=["ar5", "ar6"], default="ar5")') == [
        "line 1: GWP set 'ar5'",
        "line 1: GWP set 'ar6'",
    ]
    assert gwp_copies('x = totals.get("gwp_set", "AR5")') == ["line 1: GWP set 'AR5'"]
    assert gwp_copies('x = totals.get("gwp_set", DEFAULT_GWP)\n"""AR5 or AR6 in a docstring"""') == []
    # the home defines them; the same definition elsewhere is a copy
    assert gwp_copies('DEFAULT_GWP = "AR5"\nGWP_SETS = ("AR5", "AR6")', home=True) == []
    assert gwp_copies('DEFAULT_GWP = "AR5"') == ["line 1: GWP set 'AR5'"]


def test_factor_id_detector_finds_the_removed_copies_and_lets_plain_words_be():
    removed = {
        'm = ~em["factor_id"].astype(str).isin(["own", "contract:go", ""])': [
            "line 1: factor-ID marker 'contract:go'",
            "line 1: factor-ID marker 'own'",
        ],
        'own = em[keep & (em["factor_id"] == "own")]': ["line 1: factor-ID marker 'own'"],
        'if rec.get("factor_id") == "contract:go": pass': ["line 1: factor-ID marker 'contract:go'"],
        '_assign(out, "factor_id", idx, "own")': ["line 1: factor-ID marker 'own'"],
    }
    assert {code: factor_id_copies(code) for code in removed} == removed
    allowed = 'sums = {"own": 1.0}\nshare = sums["own"] / total\nm = em["factor_id"] == OWN_FACTOR_ID\n'
    assert factor_id_copies(allowed) == []
    assert factor_id_copies('OWN_FACTOR_ID = "own"\nGO_FACTOR_ID = "contract:go"', home=True) == []


def test_exit_code_detector_finds_literal_codes_in_commands_only():
    command = (
        "def cmd(args):\n    if args.x:\n        return 2\n    sys.exit(1)\n    return 1 if failed else 0\n"
    )
    assert exit_code_copies(command, command=True) == [
        "line 3: exit code 2",
        "line 4: exit code 1",
        "line 5: exit code 0",
        "line 5: exit code 1",
    ]
    # a helper's return 0 is a number, not an exit code; a class's exit_code always is one
    assert exit_code_copies(command, command=False) == []
    assert exit_code_copies("class E(Exception):\n    exit_code = 2\n", command=False) == [
        "line 2: exit code 2"
    ]
    named = "def cmd(args):\n    return EXIT_FAILED if failed else EXIT_OK\n"
    assert exit_code_copies(named, command=True) == []
    assert [
        is_command_module(m) for m in ("cli.py", "run/command.py", "reporting/restatement_command.py")
    ] == [
        True,
        True,
        True,
    ]
    assert is_command_module("reporting/network_tables.py") is False


def test_no_module_in_lib_writes_a_rule_as_a_literal():
    assert len(list(PACKAGE.rglob("*.py"))) > 120  # the whole package is read, not one stage
    assert lib_copies() == {}


def test_a_new_literal_copy_in_a_temporary_package_is_found(tmp_path):
    """What `make lint` does with a new copy: the scan over a package names the module and line."""
    (tmp_path / "reporting").mkdir()
    (tmp_path / "reporting" / "new_section.py").write_text('GWP = "AR5"\n', encoding="utf-8")
    (tmp_path / "tool").mkdir()
    (tmp_path / "tool" / "command.py").write_text("def run(args):\n    return 2\n", encoding="utf-8")
    assert lib_copies(tmp_path) == {
        "reporting/new_section.py": ["line 1: GWP set 'AR5'"],
        "tool/command.py": ["line 2: exit code 2"],
    }
