"""`make coursework`: the nbgrader course folder, the student release, the cases and the answer keys.

The course folder (default build/coursework/, ignored by git) gets nbgrader_config.py and, in
private/source/, the assignments' notebooks with the worked answers filled in from
coursework-solutions/solutions.toml (outside the package: the students' environment holds no
solution code); nbgrader writes release/ and gradebook.db there. Per student ID the graded case (from
the course secret, `coursework init`) goes to cases/<id>/ to hand out; everything the students must
not see goes to private/: the secret, the sources with solutions, answer_key/<id>.json, answers.csv
and the solution notebooks executed on a practice case (solutions/).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd

from paastolaskuri.core.errors import PaastolaskuriError
from paastolaskuri.core.i18n import pair
from paastolaskuri.core.outputs import write_csv, write_json
from paastolaskuri.coursework.assignments import SOURCE_DIR, assignment_names
from paastolaskuri.coursework.assignments.cells import BEGIN_SOLUTION, END_SOLUTION
from paastolaskuri.coursework.case import case_slug
from paastolaskuri.coursework.key import answer_key
from paastolaskuri.coursework.secret import PRIVATE_DIR, load_secret
from paastolaskuri.coursework.student_files import write_case_folder

COURSE_SOURCE = SOURCE_DIR.parent  # notebooks/coursework
DEFAULT_COURSE = (
    Path("build") / "coursework"
)  # below the folder the command runs in (the repository for make)
EXAMPLE_STUDENT = "esimerkki-001"
# the worked answers: in the repository, never in the package (relative to the folder the command
# runs in, the repository root for make, like DEFAULT_COURSE)
SOLUTIONS_FILE = Path("coursework-solutions") / "solutions.toml"
COURSE_SOURCE_DIR = Path(PRIVATE_DIR) / "source"  # nbgrader's source/ (nbgrader_config.py names it)


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


def load_solutions(path: Path = SOLUTIONS_FILE) -> dict[str, dict[str, str]]:
    """The worked answers, assignment -> answer cell's grade_id -> code; {} when the file is absent."""
    path = Path(path)
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def with_solutions(nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The notebook with each answer cell's solution region filled from `answers` (by grade_id)."""
    empty = f"{BEGIN_SOLUTION}\n{END_SOLUTION}"
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "code" and gid in answers:
            cell.source = cell.source.replace(
                empty, f"{BEGIN_SOLUTION}\n{answers[gid].strip()}\n{END_SOLUTION}"
            )
    return nb


def solution_notebook(assignment: str, solutions: dict[str, dict[str, str]]) -> nbformat.NotebookNode:
    """An assignment's notebook with the worked answers in (the teacher's; what an honest student writes)."""
    # grade builds the notebooks from the modules; imported here because grade imports this module
    from paastolaskuri.coursework.grade import source_notebook

    return with_solutions(source_notebook(assignment), solutions.get(assignment, {}))


def prepare_course(course: Path, solutions: dict[str, dict[str, str]] | None = None) -> Path:
    """The nbgrader configuration and the sources, with `solutions` filled in, into the course folder.

    The sources go to private/source/ (replaced each time): with the worked answers in, they are the
    teacher's only.
    """
    course = Path(course)
    course.mkdir(parents=True, exist_ok=True)
    target = course / COURSE_SOURCE_DIR
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(COURSE_SOURCE / "source", target)
    for name, answers in (solutions or {}).items():
        path = target / name / f"{name}.ipynb"
        if path.is_file():
            nbformat.write(with_solutions(nbformat.read(path, 4), answers), path)
    shutil.copy2(COURSE_SOURCE / "nbgrader_config.py", course / "nbgrader_config.py")
    return course


def generate_release(course: Path, names: list[str] | None = None) -> list[Path]:
    """`nbgrader generate_assignment` for each assignment: release/<name>/<name>.ipynb, solutions stripped.

    `names` None: every assignment; an empty list: none (grading a released course releases nothing again).
    """
    names = assignment_names() if names is None else names
    if not names:
        return []
    api = nbgrader_api(course)
    written = []
    for name in names:
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
        cmd = [tool("papermill"), str(Path(course) / COURSE_SOURCE_DIR / name / f"{name}.ipynb"), str(out)]
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
    solutions_file: Path = SOLUTIONS_FILE,
) -> BuildResult:
    """Everything `make coursework` builds (the course folder is derived: rebuilt from the sources).

    Without the solutions file (a package installed elsewhere than the repository) the release, the
    cases and the keys are built all the same; no solution notebook is run (`executed` is empty).
    """
    secret = load_secret(course)
    if secret is None:
        fi, en = pair("coursework.grade.no_secret")
        raise CourseSecretMissing(f"{fi.format(course=course)}\n{en.format(course=course)}")
    solutions = load_solutions(solutions_file)
    course = prepare_course(course, solutions)
    names = names or assignment_names()
    release = generate_release(course, names)
    students = students or [EXAMPLE_STUDENT]
    executed = execute_solutions(course, students[0], names) if execute and solutions else []
    return BuildResult(course, release, executed, write_student_keys(course, students, secret))
