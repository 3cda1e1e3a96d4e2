"""The grader's own parts, in process: finding submissions, assembling, judging answers read as data, grades.csv."""

from __future__ import annotations

import json

import nbformat
import pandas as pd
import pytest

from paastolaskuri.coursework import answer_key
from paastolaskuri.coursework.grade import (
    GRADE_COLUMNS,
    Submission,
    answer_variables,
    assemble,
    closest_assignment,
    find_submissions,
    merge_grades,
    missing_rows,
    source_notebook,
    strip_solution,
    verdicts,
)
from paastolaskuri.coursework.sandbox import capture_source, clean_env

SECRET = bytes(range(32))
A01 = "01_scope1_2"


def _write(folder, student, assignment, name=None):
    path = folder / student / assignment / f"{name or assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(), path)
    return path


def test_a_renamed_or_misplaced_notebook_is_skipped_with_the_closest_assignment(tmp_path):
    _write(tmp_path, "s1", A01)
    renamed = _write(tmp_path, "s2", "02_scope3_en", "02_scope3_en (1)")
    wrong_folder = _write(tmp_path, "s3", "week2", "02_scope3")
    found = find_submissions(tmp_path)
    assert [(s.student, s.assignment) for s in found.submissions] == [("s1", A01)]
    assert [k.path for k in found.skipped] == [renamed, wrong_folder]
    assert found.skipped[0].reason.endswith("skipped; closest assignment: 02_scope3_en")
    assert found.skipped[1].reason.endswith("closest assignment: 02_scope3")
    assert closest_assignment("03_data-quality.ipynb") == "03_data_quality"


def test_both_languages_of_one_assignment_grade_the_newer_file(tmp_path):
    import os

    older = _write(tmp_path, "s1", A01)
    newer = _write(tmp_path, "s1", f"{A01}_en")
    os.utime(older, (1, 1))
    found = find_submissions(tmp_path)
    assert [s.notebook for s in found.submissions] == [newer]
    assert [k.path for k in found.skipped] == [older]


def test_assemble_keeps_only_the_students_answers_and_their_own_id():
    submitted = source_notebook(A01)
    for cell in submitted.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            cell.source = "pass  # a check cell edited away"
        if meta.get("grade_id") == "a01-oil-litres":
            cell.source = "def check_answer(*a):\n    pass\noil_litres = 1"
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = 'STUDENT_ID = "someone-else"'
    nb = assemble(submitted, A01, "s1001")
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells}
    assert by_id["a01-oil-litres"] == "def check_answer(*a):\n    pass\noil_litres = 1"
    assert by_id["t01-oil-litres"] == ""  # checks never run in the student's kernel
    params = [c.source for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert params == ["STUDENT_ID = 's1001'"]
    # an answer cell left out of the submission runs as released: no solution code
    missing = nbformat.v4.new_notebook()
    stub = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in assemble(missing, A01, "s1").cells
        if "nbgrader" in c.metadata
    }
    assert stub["a01-oil-litres"] == "oil_litres = None"
    assert answer_variables(nb)[:3] == ["oil_litres", "oil_energy_gj", "oil_kg_co2"]


def test_strip_solution():
    assert strip_solution("x = None\n### BEGIN SOLUTION\nx = 42\n### END SOLUTION") == "x = None"


def test_answers_are_judged_here_the_redefinition_earns_nothing():
    key = answer_key("s1001", SECRET)
    nb = assemble(source_notebook(A01), A01, "s1001")
    # what the redefinition submission leaves: every answer None (its own "checks" said ok)
    none = verdicts(nb, key, {}, None)
    assert sum(v.points for v in none) == 0 and len(none) == 10
    assert none[0].hint.splitlines()[1].startswith("01.oil_litres: no answer yet")
    right = {
        "oil_litres": key.exercises["01.oil_litres"].expected,
        "scope1_kg": key.exercises["01.scope1_kg"].expected,
    }
    got = {v.exercise: v.points for v in verdicts(nb, key, right, None)}
    assert got["01.oil_litres"] == 1 and got["01.scope1_kg"] == 1 and sum(got.values()) == 2
    # the practice case's answers are not the graded case's
    practice = answer_key("s1001").exercises["01.oil_litres"].expected
    assert key.exercises["01.oil_litres"].expected != practice
    assert verdicts(nb, key, {"oil_litres": practice}, None)[0].points == 0


def test_the_capture_cell_writes_the_answer_variables_as_plain_json(tmp_path, monkeypatch):
    import numpy as np

    monkeypatch.chdir(tmp_path)
    scope = {"a": np.float64(1.5), "b": ["Toiminta!C7", np.int64(3)], "c": print, "d": None}
    exec(capture_source(["a", "b", "c", "d", "e"]), scope)
    assert json.loads((tmp_path / "answers.json").read_text(encoding="utf-8")) == {
        "a": 1.5,
        "b": ["Toiminta!C7", 3],
        "c": {"unsupported": "builtin_function_or_method"},
        "d": None,
        "e": None,
    }


def test_the_child_environment_holds_nothing_of_the_teachers(tmp_path, monkeypatch):
    monkeypatch.setenv("PAASTOLASKURI_COURSE_SECRET_HINT", "x")
    env = clean_env(tmp_path / "home")
    assert sorted(env) == [
        "HOME",
        "JUPYTER_PLATFORM_DIRS",
        "LANG",
        "LC_ALL",
        "MPLBACKEND",
        "PATH",
        "PYTHONPATH",
    ]
    assert env["HOME"] == str(tmp_path / "home")


def _rows(*rows):
    return pd.DataFrame([dict(zip(GRADE_COLUMNS, r, strict=True)) for r in rows], columns=GRADE_COLUMNS)


def test_regrading_merges_and_a_missing_row_never_erases_a_grade():
    old = _rows(
        ("s1", "01_scope1_2", "fi", "submitted", 14.0, 14.0, "a.ipynb", "2026-12-01T10:00:00Z"),
        ("s1", "02_scope3", "fi", "submitted", 9.0, 13.0, "b.ipynb", "2026-12-01T10:00:00Z"),
        ("s2", "01_scope1_2", "", "missing", 0.0, 14.0, "", "2026-12-01T10:00:00Z"),
    )
    new = _rows(
        ("s1", "02_scope3", "en", "submitted", 13.0, 13.0, "b.ipynb", "2026-12-08T10:00:00Z"),
        ("s1", "01_scope1_2", "", "missing", 0.0, 14.0, "", "2026-12-08T10:00:00Z"),
        ("s2", "01_scope1_2", "fi", "submitted", 7.0, 14.0, "c.ipynb", "2026-12-08T10:00:00Z"),
    )
    merged = merge_grades(old, new)
    assert merged[["student_id", "assignment", "status", "score", "graded_at"]].to_numpy().tolist() == [
        ["s1", "01_scope1_2", "submitted", 14.0, "2026-12-01T10:00:00Z"],  # kept: missing does not erase
        ["s1", "02_scope3", "submitted", 13.0, "2026-12-08T10:00:00Z"],  # regraded
        ["s2", "01_scope1_2", "submitted", 7.0, "2026-12-08T10:00:00Z"],  # handed in late
    ]


def test_missing_rows_only_for_assignments_someone_handed_in(tmp_path):
    subs = [Submission("s1", A01, tmp_path / "x"), Submission("s2", "02_scope3_en", tmp_path / "y")]
    rows = missing_rows(subs, "T", also=("s3",))
    assert [(r["student_id"], r["assignment"], r["status"]) for r in rows] == [
        ("s1", "02_scope3", "missing"),
        ("s2", "01_scope1_2", "missing"),
        ("s3", "01_scope1_2", "missing"),
        ("s3", "02_scope3", "missing"),
    ]
    assert rows[1]["max_score"] == 14.0  # 01: 13 points of checks before + 1.9 biogenic CO2


def test_grading_without_a_course_secret_is_refused(tmp_path):
    from paastolaskuri.coursework.grade import NoSecretError, grade_folder

    _write(tmp_path / "in", "s1", A01)
    with pytest.raises(NoSecretError, match="coursework init --course"):
        grade_folder(tmp_path / "in", tmp_path / "course")


def test_build_hands_out_cases_and_keeps_the_keys_under_private(tmp_path):
    from paastolaskuri.coursework.build import CourseSecretMissing, build_course, write_student_keys
    from paastolaskuri.coursework.secret import init_secret, load_secret

    with pytest.raises(CourseSecretMissing, match="coursework init --course"):
        build_course(tmp_path, ["s1001"], execute=False)
    assert not (tmp_path / "release").exists()  # refused before writing anything
    init_secret(tmp_path)
    write_student_keys(tmp_path, ["s1001"], load_secret(tmp_path))
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == [
        "cases/s1001/case.json",
        "cases/s1001/case.xlsx",
        "cases/s1001/case_broken.xlsx",
        "cases/s1001/facts.csv",
        "cases/s1001/facts.md",
        "private/answer_key/s1001.json",
        "private/answers.csv",
        "private/course_secret",
    ]
    marker = json.loads((tmp_path / "cases" / "s1001" / "case.json").read_text(encoding="utf-8"))
    key = json.loads((tmp_path / "private" / "answer_key" / "s1001.json").read_text(encoding="utf-8"))
    assert marker["graded"] is True and marker["partner_id"] == key["partner_id"]


def test_display_only_cells_are_left_out_of_the_grading_run():
    # the `check` command's output (03) and the pathway chart (04): shown to the student, read by
    # nothing later; together about a third of a student's cell time in the grading run
    shown = {}
    for name in ("01_scope1_2", "02_scope3", "03_data_quality", "04_actions_en"):
        cells = source_notebook(name).cells
        shown[name] = [c.source.split("\n")[0] for c in cells if "display_only" in c.metadata.get("tags", [])]
        run = assemble(source_notebook(name), name, "s1001").cells
        assert [c.source for c in run if "display_only" in c.metadata.get("tags", [])] == [""] * len(
            shown[name]
        )
    assert shown == {
        "01_scope1_2": [],
        "02_scope3": [],
        "03_data_quality": ['!{PAASTOLASKURI} check "{case.broken}" --lang fi'],
        "04_actions_en": ["import matplotlib.pyplot as plt"],
    }


def test_an_empty_list_releases_nothing_again(tmp_path, monkeypatch):
    # grading a course whose assignments are all released asks for none: none is generated (it used to
    # mean every assignment, regenerated over the released files)
    from paastolaskuri.coursework import build

    calls: list = []
    monkeypatch.setattr(build, "nbgrader_api", lambda course: calls.append(course))
    assert build.generate_release(tmp_path, []) == []
    assert calls == [] and list(tmp_path.iterdir()) == []
