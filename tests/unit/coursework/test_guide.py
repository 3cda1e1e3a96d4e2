"""Every command of the teacher's guide (docs/coursework.md and coursework.fi.md), replayed as written.

The `paastolaskuri` commands that are cheap run for real in process; the grading command is parsed
(its run is tests/integration/test_coursework.py's grader test); the make targets are dry-run
(`make -n`, nothing executed) and must expand to the documented paastolaskuri/nbgrader commands.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from paastolaskuri.cli import main
from paastolaskuri.cli_parser import build_parser
from paastolaskuri.coursework.assignments import assignment_names

ROOT = Path(__file__).resolve().parents[3]
GUIDES = [ROOT / "docs" / "coursework.md", ROOT / "docs" / "coursework.fi.md"]


def commands(path: Path) -> list[str]:
    """The lines of the guide's ```sh blocks."""
    blocks = re.findall(r"```sh\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_both_languages_give_the_same_commands():
    en, fi = (commands(g) for g in GUIDES)
    assert en == fi
    assert en == [
        'make coursework STUDENTS="s1001 s1002 s1003"',
        "paastolaskuri coursework case --student s1001 --out /tmp/s1001",
        "make coursework-grade SUBMITTED=palautukset JOBS=2",
        "paastolaskuri coursework grade palautukset --course build/coursework --jobs 2",
        "make lab",
        "cd build/coursework && ../../.venv/bin/nbgrader generate_feedback 01_scope1_2 --force",
    ]


def _dry_run(command: str, **variables: str) -> str:
    args = shlex.split(command)[1:] + [f"{k}={v}" for k, v in variables.items()]
    # run as a user types it: under `make test` the parent make's variables would add its own lines
    env = {
        k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")
    }
    proc = subprocess.run(
        ["make", "-n", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_make_coursework_creates_the_secret_once_then_builds(tmp_path):
    out = _dry_run(commands(GUIDES[0])[0], COURSE=str(tmp_path))
    assert (
        f"test -f {tmp_path}/private/course_secret || .venv/bin/paastolaskuri coursework init --course {tmp_path}"
        in out
    )
    assert (
        f'.venv/bin/paastolaskuri coursework build --course {tmp_path} --students "s1001 s1002 s1003"' in out
    )


def test_make_coursework_grade_is_the_documented_grade_command():
    out = _dry_run(commands(GUIDES[0])[2])
    assert ".venv/bin/paastolaskuri coursework grade palautukset --course build/coursework --jobs 2" in out
    assert (
        commands(GUIDES[0])[3]
        == "paastolaskuri coursework grade palautukset --course build/coursework --jobs 2"
    )


def test_make_lab_starts_in_the_course_folder_when_it_is_built(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("", encoding="utf-8")
    out = _dry_run(commands(GUIDES[0])[4], COURSE=str(tmp_path))
    lab = out.splitlines()[-1]  # (the lines before it would make .venv/ if it were missing)
    assert lab.startswith(f"cd {tmp_path} && ") and f"jupyter lab --notebook-dir={ROOT}" in lab


def test_the_practice_case_command_runs_as_written(tmp_path, capsys):
    command = commands(GUIDES[0])[1].replace("/tmp/", f"{tmp_path}/")
    assert main(shlex.split(command)[1:]) == 0
    assert (tmp_path / "s1001" / "case.xlsx").is_file()
    assert not (tmp_path / "s1001" / "opettaja-teacher").exists()  # a practice case has no key
    assert "Harjoitustapaus kirjoitettu" in capsys.readouterr().out


def test_the_grade_command_parses_as_written():
    args = build_parser("en").parse_args(shlex.split(commands(GUIDES[0])[3])[1:])
    assert (args.coursework_command, str(args.folder), str(args.course), args.jobs) == (
        "grade",
        "palautukset",
        "build/coursework",
        2,
    )


def test_generate_feedback_names_an_assignment_and_the_venv_relative_to_the_course():
    cd, nbgrader = commands(GUIDES[0])[5].split(" && ")
    course = ROOT / cd.removeprefix("cd ")
    tool = shlex.split(nbgrader)
    assert (course / tool[0]).resolve() == (ROOT / ".venv" / "bin" / "nbgrader").resolve()
    assert tool[1] == "generate_feedback" and tool[2] in assignment_names()


@pytest.mark.parametrize("guide", GUIDES, ids=["en", "fi"])
def test_every_documented_path_of_the_course_folder_is_what_build_writes(guide):
    from paastolaskuri.coursework.secret import PRIVATE_DIR, SECRET_FILE

    text = guide.read_text(encoding="utf-8")
    assert f"`{PRIVATE_DIR}/{SECRET_FILE}`" in text and "`cases/<" in text
