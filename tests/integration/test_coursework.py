"""Coursework end to end: nbgrader release and grading of assignment 01, the other solutions via papermill.

Runtime is kept modest: one assignment goes through nbgrader (release, three submissions, grades.csv),
the other assignments' solution notebooks run under papermill (in process, on one warm kernel) for
two student IDs (fi and en).
"""

from __future__ import annotations

import nbformat
import pandas as pd
import papermill
import pytest
from nbclient import NotebookClient

from paastolaskuri.coursework.assignments import SOURCE_DIR
from paastolaskuri.coursework.build import generate_release, prepare_course
from paastolaskuri.coursework.grade import grade_folder
from paastolaskuri.run import warm_engine

pytestmark = pytest.mark.slow
A01 = "01_scope1_2"
# every solution line of assignment 01 that must not reach students
SOLUTION_LINES = [
    'oil_kg_co2 = oil_energy_gj * factors.loc["lfo.co2", "value"]',
    'electricity_market_kg = el_kwh * facts["supplier_g_per_kwh"] / 1000',
    "### BEGIN SOLUTION",
    "### BEGIN HIDDEN TESTS",
    "check_student(STUDENT_ID)",
]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder with assignment 01 released (the Finnish and the English version)."""
    folder = prepare_course(tmp_path_factory.mktemp("course"))
    generate_release(folder, [A01, f"{A01}_en"])
    return folder


def _with_student(nb, student_id: str):
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            cell.source = f'STUDENT_ID = "{student_id}"'
    return nb


def test_release_has_no_solution_code(course):
    for name in (A01, f"{A01}_en"):
        text = _code(course / "release" / name / f"{name}.ipynb")
        for line in SOLUTION_LINES:
            assert line not in text, f"{name}: {line}"
        assert "# KIRJOITA VASTAUKSESI TÄHÄN / WRITE YOUR ANSWER HERE" in text
        source = _code(course / "source" / name / f"{name}.ipynb")
        assert all(line in source for line in SOLUTION_LINES)


def _code(path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, 4).cells)


def test_release_runs_top_to_bottom_failing_only_in_the_checks(course, tmp_path):
    nb = _with_student(nbformat.read(course / "release" / A01 / f"{A01}.ipynb", 4), "s2001")
    NotebookClient(
        nb, allow_errors=True, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    failed = [
        c for c in nb.cells if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)
    ]
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert failed == graded  # every check fails (nothing answered yet), and nothing else
    errors = [next(o for o in c.outputs if o.output_type == "error") for c in failed]
    assert {e.ename for e in errors} == {"AssertionError"}
    assert errors[0].evalue.splitlines() == [
        "01.oil_litres: vastaus puuttuu: laske arvo ja sijoita se muuttujaan (None ei ole vastaus)",
        "01.oil_litres: no answer yet: compute the value and assign it to the variable (None is not an answer)",
    ]
    assert (tmp_path / "tapaus-s2001" / "case.xlsx").is_file()


def test_three_submissions_graded_into_a_csv(course, tmp_path):
    """Full marks (the solutions), partial (1.1 and 1.2 right, 1.5 with a kWh/MWh slip), empty."""
    source = nbformat.read(course / "source" / A01 / f"{A01}.ipynb", 4)
    release = course / "release" / A01 / f"{A01}.ipynb"
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    partial = _with_student(nbformat.read(release, 4), "s2002")
    for cell in partial.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in ("a01-oil-litres", "a01-oil-gj"):
            cell.source = answers[gid]
        if gid == "a01-el-loc":  # the MWh figure times a per-kWh factor
            cell.source = 'el = line("electricity")\nelectricity_location_kg = facts["electricity_mwh"] * factors.loc["el.location", "value"]'
    submissions = {
        "s2001": _with_student(nbformat.read(course / "source" / A01 / f"{A01}.ipynb", 4), "s2001"),
        "s2002": partial,
        "s2003": _with_student(nbformat.read(release, 4), "s2003"),
    }
    folder = tmp_path / "submitted"
    for student, nb in submissions.items():
        (folder / student / A01).mkdir(parents=True)
        nbformat.write(nb, folder / student / A01 / f"{A01}.ipynb")
    result = grade_folder(folder, course)
    grades = pd.read_csv(result.csv).set_index("student_id")
    # 01: 1.1 (1) + 1.2 (2) + 1.3 (2) + 1.4 (1) + 1.5 (2) + 1.6 (2) + 1.7 (1 + 1) + 1.8 (1) = 13 points
    assert grades["max_score"].tolist() == [13.0, 13.0, 13.0]
    assert grades.loc["s2001", "score"] == 13.0
    assert grades.loc["s2002", "score"] == 3.0  # 1.1 and 1.2 only
    assert grades.loc["s2003", "score"] == 0.0
    feedback = nbformat.read(course / "autograded" / "s2002" / A01 / f"{A01}.ipynb", 4)
    slip = next(c for c in feedback.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "t01-el-loc")
    assert "sekoittuivatko kWh ja MWh?" in next(o for o in slip.outputs if o.output_type == "error").evalue


@pytest.fixture(scope="module")
def warm_kernel():
    """One warm kernel for the solution notebooks of this module; shut down after the last."""
    warm_engine.register()
    yield
    warm_engine.shutdown_all()


@pytest.mark.parametrize(
    "name, student",
    [
        ("02_scope3", "s3001"),
        ("03_data_quality", "s3001"),
        ("04_actions", "s3001"),
        ("01_scope1_2_en", "s3002"),
        ("03_data_quality_en", "s3002"),
    ],
)
def test_solution_notebooks_pass_every_check(name, student, tmp_path, warm_kernel):
    # papermill in this process on the warm-kernel engine (run/warm_engine.py): one kernel for the five
    # notebooks, each in a fresh namespace (tests/integration/test_warm_engine.py), instead of a papermill
    # process and a kernel each; the notebooks' code is what is tested here, not papermill's command line
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(SOURCE_DIR / name / f"{name}.ipynb"),
        str(out),
        parameters={"STUDENT_ID": student},
        engine_name="warm",
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
    )
    nb = nbformat.read(out, 4)
    checks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert checks and all("oikein / correct" in "".join(o.get("text", "") for o in c.outputs) for c in checks)
