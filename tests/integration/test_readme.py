"""Every command in README.md's ```sh blocks runs as written from the repository root after `make demo`
(issue 8, defect 5).

In a temporary copy of the repository's tracked files (with the project's .venv linked in and its
bin first on PATH, as the README asks), the demo is written and run as `make demo` does, then each
README command runs in order, from the copy's root, and must end with its documented exit code.
The replay is built once per session (tests/integration/readme_replay.py); the tests below read it.
"""

from __future__ import annotations

import json

import pytest
from readme_replay import EXPECTED_EXIT, NOT_RUN, command_key, readme_commands

from helpers import REPO

pytestmark = pytest.mark.slow


def test_readme_commands_are_parsed():
    text = (
        "1. Run:\n\n   ```sh\n   paastolaskuri run --year 2024   # a comment\n   # only a comment\n   ```\n"
    )
    text += "```csv\nsite,activity\n```\n```sh\nmake demo\n```\n"
    assert readme_commands(text) == ["paastolaskuri run --year 2024   # a comment", "make demo"]
    assert command_key("paastolaskuri run --year 2024   # a comment") == "paastolaskuri run --year 2024"


def test_every_readme_command_runs_as_written(readme_replay):
    commands = readme_commands((REPO / "README.md").read_text(encoding="utf-8"))
    keys = [command_key(c) for c in commands]
    assert "paastolaskuri check data/raw/2024/demo-saha.xlsx" in keys  # the parse found the student block
    assert set(EXPECTED_EXIT) <= set(keys), "an expected exit code names a command the README lost"
    assert [c.key for c in readme_replay.commands] == [k for k in keys if k not in NOT_RUN]
    failures = [
        f"{c.line}\n  exit {c.returncode}, expected {EXPECTED_EXIT.get(c.key, 0)}\n{c.stderr_tail}"
        for c in readme_replay.commands
        if c.returncode != EXPECTED_EXIT.get(c.key, 0) or c.traceback
    ]
    assert failures == [], "\n".join(failures)
    assert readme_replay.new_files == [], "README commands left files git would show"
    root = readme_replay.root
    assert (root / "templates" / "2024" / "saha-oy.xlsx").is_file()
    assert (root / "reports" / "2024" / "demo-saha-by-hand.ipynb").is_file()


def test_plain_papermill_ran_the_partner_notebook(readme_replay):
    # the README's `.venv/bin/papermill notebooks/partner_report.ipynb ... -p partner_id demo-saha`
    nb = json.loads((readme_replay.root / "reports/2024/demo-saha-by-hand.ipynb").read_text(encoding="utf-8"))
    text = json.dumps(nb, ensure_ascii=False)
    assert "Kasvihuonekaasupäästöt 2024" in text
    assert "Kuvitteellinen Saha Oy (demo)" in text
    assert "Traceback" not in text
    injected = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(injected) == 1 and 'partner_id = "demo-saha"' in "".join(injected[0]["source"])
