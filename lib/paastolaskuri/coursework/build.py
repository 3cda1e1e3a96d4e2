"""`make coursework`: the nbgrader course folder, the student release, the cases and the answer keys.

The course folder (default build/coursework/, ignored by git) gets a copy of notebooks/coursework/
(source/ and nbgrader_config.py); nbgrader writes release/ and gradebook.db there. Per student ID the
graded case (from the course secret, `coursework init`) goes to cases/<id>/ to hand out; everything
the students must not see goes to private/: the secret, answer_key/<id>.json, answers.csv and the
solution notebooks executed on a practice case (solutions/).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from paastolaskuri.coursework.assignments import SOURCE_DIR, assignment_names
from paastolaskuri.coursework.case import case_slug
from paastolaskuri.coursework.key import answer_key
from paastolaskuri.coursework.secret import PRIVATE_DIR, load_secret
from paastolaskuri.coursework.student_files import write_case_folder
from paastolaskuri.errors import PaastolaskuriError
from paastolaskuri.i18n import pair
from paastolaskuri.outputs import write_csv, write_json

COURSE_SOURCE = SOURCE_DIR.parent  # notebooks/coursework
DEFAULT_COURSE = (
    Path("build") / "coursework"
)  # below the folder the command runs in (the repository for make)
EXAMPLE_STUDENT = "esimerkki-001"


@dataclass(frozen=True)
class BuildResult:
    """What `build_course` wrote."""

    course: Path
    release: list[Path]
    executed: list[Path]
    keys: list[Path]


def tool(name: str) -> str:
    """A console script of this Python environment (nbgrader, papermill), else the name on PATH."""
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def tool_env() -> dict[str, str]:
    """The environment with this Python's scripts first on PATH (nbgrader calls `alembic` by name)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader_api(course: Path):
    """Nbgrader's Python API on the course folder, configured by its nbgrader_config.py (one process)."""
    # nbgrader loads only for `coursework build` and `grade`
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    os.environ["PATH"] = tool_env()["PATH"]  # nbgrader runs `alembic` by name
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(Path(course).resolve())
    config.Exchange.root = str(
        Path(course).resolve() / "exchange"
    )  # unused (no JupyterHub exchange), kept local
    return NbGraderAPI(config=config)


def api_call(result: dict, what: str) -> dict:
    """Nbgrader's API reports failures in its result: raise them with nbgrader's own log."""
    if not result.get("success"):
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('log', '')}\n{result.get('error', '')}")
    return result


def prepare_course(course: Path) -> Path:
    """Copy the sources and the nbgrader configuration into the course folder (sources replaced)."""
    course = Path(course)
    course.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(course / "source", ignore_errors=True)
    shutil.copytree(COURSE_SOURCE / "source", course / "source")
    shutil.copy2(COURSE_SOURCE / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def generate_release(course: Path, names: list[str] | None = None) -> list[Path]:
    """`nbgrader generate_assignment` for each assignment: release/<name>/<name>.ipynb, solutions stripped."""
    api = nbgrader_api(course)
    written = []
    for name in names or assignment_names():
        api_call(api.generate_assignment(name, force=True), f"generate_assignment {name}")
        written.append(course / "release" / name / f"{name}.ipynb")
    return written


def execute_solutions(course: Path, student_id: str, names: list[str]) -> list[Path]:
    """The solution notebooks run for one student (papermill): the teacher's worked answers."""
    out_dir = Path(course) / PRIVATE_DIR / "solutions"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        out = out_dir / f"{name}.ipynb"
        cmd = [tool("papermill"), str(Path(course) / "source" / name / f"{name}.ipynb"), str(out)]
        cmd += [
            "-p",
            "STUDENT_ID",
            student_id,
            "--cwd",
            str(out_dir),
            "-k",
            "python3",
            "--log-level",
            "ERROR",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=tool_env())
        if proc.returncode != 0:
            raise RuntimeError(f"{name}: the solution notebook failed:\n{proc.stderr[-3000:]}")
        written.append(out)
    return written


class CourseSecretMissing(PaastolaskuriError, ValueError):
    """`coursework build` needs the course secret (`coursework init` makes it)."""


def write_student_keys(course: Path, students: list[str], secret: bytes) -> list[Path]:
    """Per student: the graded case to hand out (cases/<id>/) and, in private/, the key and answers.csv."""
    course = Path(course)
    rows, written = [], []
    for sid in students:
        write_case_folder(sid, course / "cases" / case_slug(sid), secret=secret, with_key=False)
        key = answer_key(sid, secret)
        written.append(
            write_json(course / PRIVATE_DIR / "answer_key" / f"{case_slug(sid)}.json", key.as_dict())
        )
        for exercise, ex in key.exercises.items():
            rows.append({"student_id": sid, "exercise": exercise, "expected": ex.expected, "unit": ex.unit})
    if rows:
        written.append(write_csv(course / PRIVATE_DIR / "answers.csv", pd.DataFrame(rows)))
    return written


def build_course(
    course: Path = DEFAULT_COURSE,
    students: list[str] | None = None,
    *,
    execute: bool = True,
    names: list[str] | None = None,
) -> BuildResult:
    """Everything `make coursework` builds (the course folder is derived: rebuilt from the sources)."""
    secret = load_secret(course)
    if secret is None:
        fi, en = pair("coursework.grade.no_secret")
        raise CourseSecretMissing(f"{fi.format(course=course)}\n{en.format(course=course)}")
    course = prepare_course(course)
    names = names or assignment_names()
    release = generate_release(course, names)
    students = students or [EXAMPLE_STUDENT]
    executed = execute_solutions(course, students[0], names) if execute else []
    return BuildResult(course, release, executed, write_student_keys(course, students, secret))
