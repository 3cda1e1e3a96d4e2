"""Grading a folder of submitted notebooks with nbgrader: autograde, then export the grades as CSV.

A submission folder has nbgrader's layout, DIR/<student>/<assignment>/<notebook>.ipynb (what
`nbgrader collect` or an LMS export sorted by student gives). It is copied into the course's
submitted/ folder, each assignment is autograded (hidden checks included) and `nbgrader export`
writes one row per student and assignment.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from paastolaskuri.coursework.assignments import assignment_names
from paastolaskuri.coursework.build import api_call, generate_release, nbgrader_api, prepare_course
from paastolaskuri.errors import PaastolaskuriError
from paastolaskuri.i18n import pair
from paastolaskuri.outputs import write_csv


class SubmissionLayoutError(PaastolaskuriError, ValueError):
    """The folder does not hold DIR/<student>/<assignment>/*.ipynb for a known assignment."""


@dataclass(frozen=True)
class GradeResult:
    """The grade table and where it was written."""

    csv: Path
    grades: pd.DataFrame
    assignments: list[str]
    students: list[str]


def find_submissions(folder: Path) -> dict[str, list[str]]:
    """{assignment: [student, ...]} of the notebooks in `folder` (nbgrader's layout)."""
    known = set(assignment_names())
    found: dict[str, list[str]] = {}
    for nb in sorted(Path(folder).glob("*/*/*.ipynb")):
        student, assignment = nb.parent.parent.name, nb.parent.name
        if assignment in known and student not in found.get(assignment, []):
            found.setdefault(assignment, []).append(student)
    if not found:
        names = ", ".join(sorted(known))
        fi, en = pair("coursework.cli.no_submissions")
        raise SubmissionLayoutError(
            f"{fi.format(folder=folder, assignments=names)}\n{en.format(folder=folder, assignments=names)}"
        )
    return found


def copy_submissions(folder: Path, course: Path, found: dict[str, list[str]]) -> None:
    """Copy each student's assignment folder into course/submitted/ (a folder already there is replaced)."""
    target = Path(course) / "submitted"
    if Path(folder).resolve() == target.resolve():
        return
    for assignment, students in found.items():
        for student in students:
            dest = target / student / assignment
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(Path(folder) / student / assignment, dest)


def export_grades(api, course: Path) -> pd.DataFrame:
    """Nbgrader's CSV export of the gradebook (one row per student and assignment), read back."""
    # nbgrader loads only for `coursework build` and `grade`
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    tmp = course / ".grades-export.csv"
    plugin = CsvExportPlugin(config=api.config)
    plugin.to = str(tmp)
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        plugin.export(gb)
    grades = pd.read_csv(tmp)
    tmp.unlink()
    return grades


def grade_folder(folder: Path, course: Path, out: Path | None = None) -> GradeResult:
    """Autograde every submission in `folder` and write the grade CSV (default course/grades.csv)."""
    found = find_submissions(folder)
    prepare_course(course)
    assignments = sorted(found)
    generate_release(course, assignments)
    copy_submissions(folder, course, found)
    api = nbgrader_api(course)
    for assignment in assignments:
        for student in found[assignment]:
            api_call(
                api.autograde(assignment, student, force=True, create=True),
                f"autograde {assignment} {student}",
            )
    csv = Path(out) if out else Path(course) / "grades.csv"
    grades = export_grades(api, Path(course))
    grades = grades[grades["assignment"].isin(assignments)].reset_index(drop=True)
    write_csv(csv, grades)
    students = sorted({s for v in found.values() for s in v})
    return GradeResult(csv, grades, assignments, students)
