"""The README replayed in a copy of the repository: `make demo`, then every command of its ```sh blocks.

Built once per test session (tests/integration/conftest.py, under a file lock shared by the xdist
workers) and read by every test that needs a rendered demo workspace without changing it. What
each command gave (exit code, the end of its stderr) is kept in a JSON file next to the copy, so
a worker that did not run the replay reads the same outcome.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from helpers import REPO, VENV_BIN

# lines the replay does not run, by name: each is covered elsewhere (make demo is replayed first)
NOT_RUN = {
    "make demo",  # replayed: paastolaskuri demo + paastolaskuri run --all-years
    "make test",  # the test suite itself
    "make lint",  # CI runs it before the tests (.ci/run)
    "make format",  # rewrites the sources: make lint checks the result
}
# exit codes other than 0 that the README documents next to the command
EXPECTED_EXIT = {
    "paastolaskuri check templates/2024/saha-oy.xlsx": 1,  # "exit 1: the blank template has no name …"
}
MAKE_DEMO = (["paastolaskuri", "demo", "--years", "2022-2024"], ["paastolaskuri", "run", "--all-years"])


@dataclass(frozen=True)
class CommandResult:
    """One README command as the replay ran it."""

    line: str  # as written in the README, comment included
    key: str  # without its comment: what NOT_RUN and EXPECTED_EXIT name
    returncode: int
    stderr_tail: str  # the last 2 000 characters of its stderr
    traceback: bool  # "Traceback" anywhere in its stderr


@dataclass(frozen=True)
class Replay:
    """A repository copy after `make demo` and every README command; what each command gave."""

    root: Path
    commands: list[CommandResult]
    new_files: list[str]  # files the commands left that the copy's .gitignore does not ignore


def readme_commands(text: str) -> list[str]:
    """The command lines of every ```sh block (indented blocks too), without comments or blank lines."""
    commands = []
    for block in re.findall(r"^[ \t]*```sh\n(.*?)^[ \t]*```", text, flags=re.M | re.S):
        for line in block.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def command_key(line: str) -> str:
    """The command without its trailing comment and extra spaces."""
    return " ".join(line.split("#", 1)[0].split())


def replay_env(root: Path) -> dict[str, str]:
    """The project's .venv/bin first on PATH (as the README asks) and the copy as the notebooks' workspace."""
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PAASTOLASKURI_WORKSPACE"] = str(root)  # notebooks: the copy is "the repository itself"
    env.pop("PAASTOLASKURI_LANG", None)
    return env


def _copy_repository(dest: Path) -> None:
    files = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for rel in filter(None, files):
        src = REPO / rel
        if src.is_symlink():  # lib/paastolaskuri/shipped/: links to data/factors and notebooks
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / rel).symlink_to(os.readlink(src))
        elif src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / ".venv").symlink_to(VENV_BIN.parent, target_is_directory=True)


def _files(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and ".venv" not in p.relative_to(root).parts
    }


def _not_ignored(root: Path, paths: set[str]) -> list[str]:
    """The paths that the copy's .gitignore does not ignore (junk a `git status` would show)."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    ignored = subprocess.run(
        ["git", "-C", str(root), "check-ignore", "--no-index", "--stdin"],
        input="\n".join(sorted(paths)),
        capture_output=True,
        text=True,
    ).stdout.split()
    return sorted(paths - set(ignored))


def build_replay(root: Path) -> Replay:
    """Copy the repository to `root`, replay `make demo`, run every README command; the outcome (saved)."""
    shutil.rmtree(root, ignore_errors=True)  # what a worker's failed build left: start again
    root.mkdir(parents=True)
    _copy_repository(root)
    env = replay_env(root)
    for argv in MAKE_DEMO:
        done = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
    before = _files(root)
    results = []
    for line in readme_commands((REPO / "README.md").read_text(encoding="utf-8")):
        key = command_key(line)
        if key in NOT_RUN:
            continue
        done = subprocess.run(
            ["bash", "-c", line], cwd=root, env=env, capture_output=True, text=True, timeout=600
        )
        results.append(
            CommandResult(line, key, done.returncode, done.stderr[-2000:], "Traceback" in done.stderr)
        )
    replay = Replay(root, results, _not_ignored(root, _files(root) - before))
    saved = {"commands": [asdict(c) for c in results], "new_files": replay.new_files}
    _outcome_file(root).write_text(json.dumps(saved), encoding="utf-8")
    return replay


def _outcome_file(root: Path) -> Path:
    """Where the outcome of the replay at `root` is kept: beside the copy, not inside it (git status)."""
    return root.parent / f"{root.name}.json"


def load_replay(root: Path) -> Replay:
    """The outcome `build_replay` saved for the copy at `root`."""
    saved = json.loads(_outcome_file(root).read_text(encoding="utf-8"))
    return Replay(root, [CommandResult(**c) for c in saved["commands"]], saved["new_files"])
