"""Grading a folder of submissions: each notebook run apart, its answers judged in the grader's process.

A submission folder has nbgrader's layout, DIR/<student>/<assignment>/<assignment>.ipynb (what
`nbgrader collect` or an LMS export sorted by student gives), plus, for assignment 03, the fixed
template DIR/<student>/03_data_quality/case_fixed.xlsx. For each notebook the grader

1. rebuilds it from the assignment's own cells, taking only the student's answer cells (so a
   changed check or setup cell counts for nothing) and the submitter's ID (their own case);
2. runs it in a limited child process (sandbox.py) in a temporary folder holding that student's
   graded case, which then writes the answer variables out as JSON;
3. judges those values here, against the key of the case derived from the course secret
   (checks.judge): redefining any name in the notebook changes nothing;
4. writes the notebook with each check's verdict as feedback (course/autograded/...) and one row
   per student and assignment into grades.csv, merged with the rows already there.

A file that is not a known assignment's notebook is reported with the closest assignment and
skipped; the others are graded (`--jobs N` students at a time; one student's notebooks share
one child process and kernel, never two students').
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from paastolaskuri.core.errors import PaastolaskuriError
from paastolaskuri.core.i18n import pair
from paastolaskuri.core.outputs import write_csv, write_text
from paastolaskuri.coursework.assignments import MODULES, assignment_name, assignment_names
from paastolaskuri.coursework.assignments.cells import DISPLAY_ONLY, build_notebook
from paastolaskuri.coursework.case import case_slug
from paastolaskuri.coursework.checks import judge, judge_fixed_file
from paastolaskuri.coursework.key import AnswerKey, answer_key
from paastolaskuri.coursework.sandbox import Limits, namespaces_available, run_isolated
from paastolaskuri.coursework.secret import load_secret
from paastolaskuri.coursework.student_files import write_case_folder

FIXED_FILE = "case_fixed.xlsx"  # assignment 03's collected file, next to the notebook
GRADE_COLUMNS = [
    "student_id",
    "assignment",
    "language",
    "status",
    "score",
    "max_score",
    "notebook",
    "graded_at",
]
SUBMITTED, MISSING, FAILED = "submitted", "missing", "failed"


class SubmissionLayoutError(PaastolaskuriError, ValueError):
    """The folder does not hold DIR/<student>/<assignment>/*.ipynb for a known assignment."""


class NoSecretError(PaastolaskuriError, ValueError):
    """The course folder has no secret: graded cases cannot be rebuilt (run `coursework init`)."""


@dataclass(frozen=True)
class Submission:
    """One notebook to grade."""

    student: str
    assignment: str  # the full name: 01_scope1_2 or 01_scope1_2_en
    notebook: Path

    @property
    def base(self) -> str:
        """The assignment without its language: 01_scope1_2."""
        return self.assignment.removesuffix("_en")

    @property
    def lang(self) -> str:
        """The language: "fi" or "en"."""
        return "en" if self.assignment.endswith("_en") else "fi"


@dataclass(frozen=True)
class Skipped:
    """A file not graded, and why (with the closest assignment, when one is near)."""

    path: Path
    reason: str


@dataclass
class Found:
    """What a submission folder holds: the notebooks to grade and the files left out."""

    submissions: list[Submission] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class Verdict:
    """One check's result: points earned of points, and the hint when wrong."""

    grade_id: str
    exercise: str
    points: float
    max_points: float
    hint: str | None


@dataclass(frozen=True)
class GradeResult:
    """The grade table, where it was written, and what was graded or skipped."""

    csv: Path
    grades: pd.DataFrame
    assignments: list[str]
    students: list[str]
    notebooks: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    isolated: bool = True  # False: no user namespaces here, the runs could read the course folder


def closest_assignment(name: str) -> str | None:
    """The assignment a misnamed file most likely is: "02_scope3_en (1)" -> "02_scope3_en"."""
    cleaned = re.sub(r"\s*\(\d+\)$", "", Path(name).stem).strip().lower().replace(" ", "_").replace("-", "_")
    names = assignment_names()
    if cleaned in names:
        return cleaned
    close = difflib.get_close_matches(cleaned, names, n=1, cutoff=0.5)
    return close[0] if close else None


def _skip_reason(path: Path) -> str:
    fi, en = pair("coursework.grade.misnamed")
    guess = closest_assignment(path.name) or closest_assignment(path.parent.name) or "?"
    return f"{fi.format(closest=guess)} / {en.format(closest=guess)}"


def find_submissions(folder: Path) -> Found:
    """The notebooks of `folder` named as an assignment (DIR/<student>/<assignment>/<assignment>.ipynb).

    Anything else (a renamed copy, an unknown folder) is skipped with the closest assignment named;
    a student with both languages of an assignment is graded on the newer file.
    """
    known = set(assignment_names())
    found = Found()
    chosen: dict[tuple[str, str], Submission] = {}
    for nb in sorted(Path(folder).glob("*/*/*.ipynb")):
        if ".ipynb_checkpoints" in nb.parts:
            continue
        student, assignment = nb.parent.parent.name, nb.parent.name
        if assignment not in known or nb.stem != assignment:
            found.skipped.append(Skipped(nb, _skip_reason(nb)))
            continue
        sub = Submission(student, assignment, nb)
        other = chosen.get((student, sub.base))
        if other is None or nb.stat().st_mtime > other.notebook.stat().st_mtime:
            if other is not None:
                found.skipped.append(Skipped(other.notebook, _both("coursework.grade.older_language")))
            chosen[(student, sub.base)] = sub
        else:
            found.skipped.append(Skipped(nb, _both("coursework.grade.older_language")))
    found.submissions = sorted(chosen.values(), key=lambda s: (s.student, s.assignment))
    if not found.submissions:
        names = ", ".join(sorted(known))
        fi, en = pair("coursework.cli.no_submissions")
        raise SubmissionLayoutError(
            f"{fi.format(folder=folder, assignments=names)}\n{en.format(folder=folder, assignments=names)}"
        )
    return found


def _both(key: str) -> str:
    return " / ".join(pair(key))


def _module_of(assignment: str):
    return next(m for m in MODULES for lang in ("fi", "en") if assignment_name(m, lang) == assignment)


def source_notebook(assignment: str) -> nbformat.NotebookNode:
    """The assignment's own notebook as the package holds it: answer cells without worked answers."""
    module = _module_of(assignment)
    return build_notebook(assignment, module.cells("en" if assignment.endswith("_en") else "fi"))


def strip_solution(source: str) -> str:
    """An answer cell as released: the lines between the solution markers removed."""
    return re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION\n?", "", source, flags=re.S).rstrip()


def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def assemble(submitted: nbformat.NotebookNode, assignment: str, student: str) -> nbformat.NotebookNode:
    """The notebook that is run: the assignment's cells, the student's answer cells, the submitter's ID.

    Check cells and display-only cells are emptied (the grader judges; nothing reads what they
    show), locked cells come from the assignment itself.
    """
    theirs = {
        _grade_id(c): c.source
        for c in submitted.cells
        if c.metadata.get("nbgrader", {}).get("solution") and _grade_id(c)
    }
    nb = source_notebook(assignment)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = f"STUDENT_ID = {student!r}"
        elif meta.get("solution"):
            cell.source = theirs.get(meta["grade_id"], strip_solution(cell.source))
        elif meta.get("grade"):
            cell.source = ""  # judged by the grader, never in the student's kernel
        elif DISPLAY_ONLY in cell.metadata.get("tags", []):
            cell.source = ""  # shows the student something, defines nothing: not worth a grading run
    return nb


def answer_variables(nb: nbformat.NotebookNode) -> list[str]:
    """The variables the check cells read (metadata ``paastolaskuri.variable``)."""
    return [c.metadata["paastolaskuri"]["variable"] for c in nb.cells if "paastolaskuri" in c.metadata]


def verdicts(
    nb: nbformat.NotebookNode, key: AnswerKey, answers: dict, fixed_file: Path | None
) -> list[Verdict]:
    """Judge every check cell of the assignment on the answers read as data (the grader's process)."""
    out = []
    for cell in nb.cells:
        meta = cell.metadata.get("paastolaskuri")
        if not meta:
            continue
        exercise, points = meta["exercise"], float(cell.metadata["nbgrader"]["points"])
        if exercise == "03.fixed_file":
            hint = (
                judge_fixed_file(key, fixed_file) if fixed_file else judge_fixed_file(key, Path(FIXED_FILE))
            )
        else:
            hint = judge(key, exercise, answers.get(meta["variable"]))
        out.append(
            Verdict(cell.metadata["nbgrader"]["grade_id"], exercise, 0.0 if hint else points, points, hint)
        )
    return out


def feedback_notebook(executed: nbformat.NotebookNode, found: list[Verdict]) -> nbformat.NotebookNode:
    """The executed notebook with each check cell showing the grader's verdict (the capture cell dropped)."""
    by_id = {v.grade_id: v for v in found}
    nb = executed
    nb.cells = nb.cells[:-1]  # the answer capture cell
    for cell in nb.cells:
        v = by_id.get(_grade_id(cell) or "")
        if v is None:
            continue
        cell.source = f"# {v.exercise}: {v.points:g} / {v.max_points:g}"
        if v.hint:
            cell.outputs = [
                nbformat.v4.new_output("error", ename="AssertionError", evalue=v.hint, traceback=[v.hint])
            ]
        else:
            fi, en = pair("coursework.check.correct")
            text = f"✓ {v.exercise}: {fi} / {en}\n"
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return nb


def feedback_path(course: Path, sub: Submission) -> Path:
    """Where the judged notebook goes: nbgrader's submitted/ folder, which `record_in_gradebook` reads."""
    return Path(course) / "submitted" / sub.student / sub.assignment / f"{sub.assignment}.ipynb"


def record_in_gradebook(course: Path, subs: list[Submission]) -> list[Skipped]:
    """Put the judged notebooks into nbgrader's gradebook without running anything again.

    nbgrader's autograde is configured without its output clearing and its execution: it only saves
    the verdicts already in the check cells (an error output scores 0) and makes the written answers
    gradable by hand, so the formgrader lists every submission and autograded/ holds the feedback.
    """
    # nbgrader and nbconvert load only when a course is built or graded: a student's checks stay light
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        DeduplicateIds,
        LimitOutput,
        OverwriteCells,
        OverwriteKernelspec,
        SaveAutoGrades,
    )

    # nbgrader and nbconvert load only when a course is built or graded: a student's checks stay light
    from paastolaskuri.coursework.build import (
        COURSE_SOURCE_DIR,
        generate_release,
        nbgrader_api,
        prepare_course,
    )

    if not (Path(course) / COURSE_SOURCE_DIR).is_dir():
        prepare_course(course)
    names = sorted({s.assignment for s in subs})
    generate_release(course, [n for n in names if not (Path(course) / "release" / n).is_dir()])
    api = nbgrader_api(course)
    api.config.Autograde.sanitize_preprocessors = [
        DeduplicateIds,
        OverwriteKernelspec,
        OverwriteCells,
        CheckCellMetadata,
    ]
    api.config.Autograde.autograde_preprocessors = [
        ClearMetadataPreprocessor,
        LimitOutput,
        SaveAutoGrades,
        AssignLatePenalties,
        CheckCellMetadata,
    ]
    skipped = []
    for sub in subs:
        if not feedback_path(course, sub).is_file():
            continue
        result = api.autograde(sub.assignment, sub.student, force=True, create=True)
        if not result.get("success"):
            skipped.append(Skipped(sub.notebook, f"nbgrader: {str(result.get('error', ''))[-300:]}"))
    return skipped


def _fixed_file(sub: Submission, workdir: Path, case_dir: Path) -> Path | None:
    """Assignment 03's fixed template, collected or made by the run.

    The collected file lies next to the notebook or in its case folder; else the run's own file.
    """
    here = sub.notebook.parent
    candidates = [here / FIXED_FILE, *sorted(here.glob(f"*-*/{FIXED_FILE}")), case_dir / FIXED_FILE]
    return next((p for p in candidates if p.is_file()), None)


class CaseCache:
    """Each student's graded case written once per language and copied for each notebook.

    Threads share it; `root.parent` is the folder of the runs' working folders.
    """

    def __init__(self, root: Path, secret: bytes):
        self.root, self.secret = Path(root), secret
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._guard = threading.Lock()

    def copy_to(self, student: str, lang: str, dest: Path) -> Path:
        """The student's case folder copied to `dest` (written into the cache the first time)."""
        with self._guard:
            lock = self._locks.setdefault((student, lang), threading.Lock())
        folder = self.root / lang / case_slug(student)
        with lock:
            if not (folder / "case.json").is_file():
                write_case_folder(student, folder, lang=lang, secret=self.secret, with_key=False)
        shutil.copytree(folder, dest)
        return dest


def grade_student(
    subs: list[Submission],
    cases: CaseCache,
    course: Path,
    hidden: list[Path],
    limits: Limits,
    isolate: bool = True,
) -> list[tuple[Submission, list[Verdict], str]]:
    """Grade one student's notebooks: run them apart (one child, one kernel), judge here, write feedback."""
    out: list[tuple[Submission, list[Verdict], str]] = []
    readable: list[tuple[Submission, nbformat.NotebookNode]] = []
    for sub in subs:
        try:
            readable.append((sub, assemble(nbformat.read(sub.notebook, 4), sub.assignment, sub.student)))
        except Exception as exc:  # an unreadable file is that submission's failure, never the class's
            out.append((sub, [], f"{type(exc).__name__}: {exc}"))
    if not readable:
        return out
    with tempfile.TemporaryDirectory(prefix="run-", dir=cases.root.parent) as tmp:
        workdir = Path(tmp)
        case_dirs = {}
        for lang in sorted({sub.lang for sub, _ in readable}):
            prefix = "case" if lang == "en" else "tapaus"
            slug = case_slug(readable[0][0].student)
            case_dirs[lang] = cases.copy_to(readable[0][0].student, lang, workdir / f"{prefix}-{slug}")
        inputs = []
        for i, (_, nb) in enumerate(readable):
            path = workdir / f"assembled-{i}.ipynb"
            path.write_text(nbformat.writes(nb), encoding="utf-8")
            inputs.append((path, answer_variables(nb)))
        runs = run_isolated(inputs, workdir, hidden, limits, isolate)
        key = answer_key(readable[0][0].student, cases.secret)
        for (sub, nb), run in zip(readable, runs, strict=True):
            found = verdicts(nb, key, run.answers, _fixed_file(sub, workdir, case_dirs[sub.lang]))
            if run.executed:
                feedback = feedback_notebook(nbformat.read(run.executed, 4), found)
                write_text(feedback_path(course, sub), nbformat.writes(feedback))
            out.append((sub, found, run.error))
    return out


def _row(sub: Submission, found: list[Verdict], error: str, when: str) -> dict:
    max_score = sum(v.max_points for v in found) or _max_points(sub.assignment)
    return {
        "student_id": sub.student,
        "assignment": sub.base,
        "language": sub.lang,
        "status": FAILED if error else SUBMITTED,
        "score": sum(v.points for v in found),
        "max_score": max_score,
        "notebook": sub.notebook.name,
        "graded_at": when,
    }


def _max_points(assignment: str) -> float:
    nb = source_notebook(assignment)
    return float(
        sum(c.metadata["nbgrader"].get("points", 0) for c in nb.cells if "paastolaskuri" in c.metadata)
    )


def missing_rows(subs: list[Submission], when: str, also: tuple[str, ...] = ()) -> list[dict]:
    """A `missing` row for each student without a notebook of an assignment that others handed in.

    `also`: students seen only through skipped files (a misnamed notebook is not a submission).
    """
    students = sorted({s.student for s in subs} | set(also))
    have = {(s.student, s.base) for s in subs}
    bases = sorted({s.base for s in subs})
    return [
        {
            "student_id": st,
            "assignment": base,
            "language": "",
            "status": MISSING,
            "score": 0.0,
            "max_score": _max_points(base),
            "notebook": "",
            "graded_at": when,
        }
        for st in students
        for base in bases
        if (st, base) not in have
    ]


def merge_grades(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Regrading merges: a new row replaces the old one of its student and assignment.

    Except that a `missing` row never replaces a graded one (a partial regrade does not erase work).
    """
    if old is None or old.empty:
        merged = new
    else:
        old = old.reindex(columns=GRADE_COLUMNS)
        keyed = old.set_index(["student_id", "assignment"])
        keep_new = [
            not (r.status == MISSING and (r.student_id, r.assignment) in keyed.index)
            for r in new.itertuples()
        ]
        new = new[keep_new]
        replaced = set(zip(new["student_id"], new["assignment"], strict=True))
        old = old[[(s, a) not in replaced for s, a in zip(old["student_id"], old["assignment"], strict=True)]]
        merged = pd.concat([old, new], ignore_index=True)
    merged = merged.astype({"student_id": str, "assignment": str})
    return merged.sort_values(["student_id", "assignment"], kind="stable").reset_index(drop=True)[
        GRADE_COLUMNS
    ]


def _read_old(csv: Path) -> pd.DataFrame | None:
    if not csv.is_file():
        return None
    try:
        return pd.read_csv(csv, dtype={"student_id": str, "assignment": str}, keep_default_na=False)
    except (ValueError, OSError):
        return None


def hidden_paths(folder: Path, course: Path) -> list[Path]:
    """What the child process must not see: the course folder and the submissions folder.

    The course folder holds the secret, the keys and the other students' feedback.
    """
    return [Path(course).resolve(), Path(folder).resolve()]


def grade_folder(
    folder: Path,
    course: Path,
    out: Path | None = None,
    *,
    jobs: int = 1,
    limits: Limits | None = None,
    progress: Callable[[Submission, str], None] | None = None,
    gradebook: bool = True,
) -> GradeResult:
    """Grade every notebook in `folder` (`jobs` at a time) and merge the rows into grades.csv."""
    limits = limits or Limits()
    secret = load_secret(course)
    if secret is None:
        fi, en = pair("coursework.grade.no_secret")
        raise NoSecretError(f"{fi.format(course=course)}\n{en.format(course=course)}")
    found = find_submissions(folder)
    hidden = hidden_paths(folder, course)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="paastolaskuri-grade-") as root,
        ThreadPoolExecutor(max_workers=max(1, jobs)) as pool,
    ):
        # every run's working folder and the case cache lie under `root`, hidden from each run but its own
        cases = CaseCache(Path(root) / "cases", secret)
        hidden = [*hidden, Path(root).resolve()]
        by_student: dict[str, list[Submission]] = {}
        for sub in found.submissions:
            by_student.setdefault(sub.student, []).append(sub)
        isolate = namespaces_available()
        futures = [
            pool.submit(grade_student, subs, cases, course, hidden, limits, isolate)
            for subs in by_student.values()
        ]
        for fut in futures:
            for sub, verdict_list, error in fut.result():
                if error:
                    found.skipped.append(Skipped(sub.notebook, error.strip().splitlines()[-1][:300]))
                rows.append(_row(sub, verdict_list, error, when))
                if progress:
                    progress(sub, error)
    if gradebook:
        found.skipped.extend(record_in_gradebook(course, found.submissions))
    seen = tuple(p.path.parent.parent.name for p in found.skipped if p.path.is_relative_to(Path(folder)))
    new = pd.DataFrame(rows + missing_rows(found.submissions, when, seen), columns=GRADE_COLUMNS)
    csv = Path(out) if out else Path(course) / "grades.csv"
    grades = merge_grades(_read_old(csv), new)
    write_csv(csv, grades)
    students = sorted({s.student for s in found.submissions})
    return GradeResult(
        csv,
        grades,
        sorted({s.assignment for s in found.submissions}),
        students,
        len(found.submissions),
        found.skipped,
        isolate,
    )
