"""Coursework end to end: the nbgrader release of assignment 01, the grader on three students, solutions.

Runtime is kept modest: one assignment is released by nbgrader; the grader runs two submissions (the
honest one and the one that redefines the checks and tries to read the course secret) in parallel,
with a third student's renamed file skipped; the other solution notebooks run under papermill on
practice cases (fi and en).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from nbclient import NotebookClient

from paastolaskuri.coursework.build import (
    COURSE_SOURCE_DIR,
    generate_release,
    load_solutions,
    prepare_course,
    solution_notebook,
    tool,
    tool_env,
)
from paastolaskuri.coursework.grade import grade_folder
from paastolaskuri.coursework.secret import init_secret
from paastolaskuri.run import warm_engine

pytestmark = pytest.mark.slow
A01 = "01_scope1_2"
SOLUTIONS = load_solutions(Path(__file__).resolve().parents[2] / "coursework-solutions" / "solutions.toml")
# every solution line of assignment 01 that must not reach students
SOLUTION_LINES = [
    'oil_kg_co2 = oil_energy_gj * factors.loc["lfo.co2", "value"]',
    'electricity_market_kg = el_kwh * facts["supplier_g_per_kwh"] / 1000',
    "### BEGIN SOLUTION",
]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder with assignment 01 released (the Finnish and the English version)."""
    folder = prepare_course(tmp_path_factory.mktemp("course"), SOLUTIONS)
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
        # the worked answers are in the teacher's sources, under private/ only
        source = _code(course / COURSE_SOURCE_DIR / name / f"{name}.ipynb")
        assert all(line in source for line in SOLUTION_LINES)
    released = [p for p in (course / "release").rglob("*") if p.is_file()]
    assert released and not any(
        line in p.read_text(encoding="utf-8") for p in released for line in SOLUTION_LINES[:2]
    )
    assert not (course / "source").exists()


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
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    assert failed == graded  # every check fails (nothing answered yet), and nothing else
    errors = [next(o for o in c.outputs if o.output_type == "error") for c in failed]
    assert {e.ename for e in errors} == {"AssertionError"}
    assert errors[0].evalue.splitlines() == [
        "01.oil_litres: vastaus puuttuu: laske arvo ja sijoita se muuttujaan (None ei ole vastaus)",
        "01.oil_litres: no answer yet: compute the value and assign it to the variable (None is not an answer)",
    ]
    assert (tmp_path / "tapaus-s2001" / "case.xlsx").is_file()


SPY = """import os
def check_answer(*args, **kwargs):
    print("✓ oikein / correct")
check_fixed_file = check_answer
print("ENV", sorted(os.environ))
print("SIBLINGS", len(os.listdir(os.path.dirname(os.getcwd()))))
print("SECRET", open({secret!r}).read())"""


def test_the_grader_judges_answers_itself_and_skips_a_renamed_file(tmp_path, monkeypatch):
    """Honest: full marks; redefined checks with no answers (and a peek at the secret): 0; renamed: skipped."""
    monkeypatch.setenv("TEACHERS_OWN_VARIABLE", "not for submissions")
    course = tmp_path / "course"
    secret = init_secret(course)
    folder = tmp_path / "palautukset"
    honest = _with_student(solution_notebook(A01, SOLUTIONS), "s2001")
    spy = _with_student(solution_notebook(A01, SOLUTIONS), "s2002")
    for cell in spy.cells:
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
            cell.source = SPY.format(secret=str(secret))
    for student, nb, name in [("s2001", honest, A01), ("s2002", spy, A01), ("s2003", honest, f"{A01} (1)")]:
        (folder / student / A01).mkdir(parents=True)
        nbformat.write(nb, folder / student / A01 / f"{name}.ipynb")
    result = grade_folder(folder, course, jobs=2)
    grades = result.grades.set_index("student_id")
    assert grades["status"].to_dict() == {"s2001": "submitted", "s2002": "submitted", "s2003": "missing"}
    assert grades.loc["s2001", "score"] == 14.0 == grades.loc["s2001", "max_score"]
    assert grades.loc["s2002", "score"] == 0.0
    assert [str(k.path.name) for k in result.skipped] == [f"{A01} (1).ipynb"]
    assert result.notebooks == 2 and result.students == ["s2001", "s2002"]
    csv = pd.read_csv(course / "grades.csv")
    assert list(csv.columns) == [
        "student_id",
        "assignment",
        "language",
        "status",
        "score",
        "max_score",
        "notebook",
        "graded_at",
    ]
    feedback = nbformat.read(course / "autograded" / "s2002" / A01 / f"{A01}.ipynb", 4)
    outputs = "\n".join(
        o.get("text", "") + o.get("evalue", "")
        for c in feedback.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "ENV [" in outputs and "TEACHERS_OWN_VARIABLE" not in outputs  # a scrubbed environment
    assert secret.read_text(encoding="ascii").strip() not in outputs  # the secret stayed out of reach
    assert f"No such file or directory: '{secret}'" in outputs  # hidden behind an empty mount
    assert "SIBLINGS 1\n" in outputs  # the other runs' folders and the cached cases are hidden too
    assert "01.oil_litres: no answer yet" in outputs
    # the guide's feedback line, as written, on this graded course (nbgrader's own command, no kernel)
    guide = (Path(__file__).resolve().parents[2] / "docs" / "coursework.md").read_text(encoding="utf-8")
    assert "nbgrader generate_feedback 01_scope1_2 --force" in guide
    proc = subprocess.run(
        [tool("nbgrader"), "generate_feedback", A01, "--force"],
        cwd=course,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert sorted(p.parent.parent.name for p in (course / "feedback").glob(f"*/{A01}/{A01}.html")) == [
        "s2001",
        "s2002",
    ]


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
    worked = tmp_path / f"{name}.solution.ipynb"
    nbformat.write(solution_notebook(name, SOLUTIONS), worked)
    papermill.execute_notebook(
        str(worked),
        str(out),
        parameters={"STUDENT_ID": student},
        engine_name="warm",
        kernel_name="python3",
        cwd=str(tmp_path),
        progress_bar=False,
    )
    nb = nbformat.read(out, 4)
    checks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    assert checks and all("oikein / correct" in "".join(o.get("text", "") for o in c.outputs) for c in checks)


def test_the_formgrader_finds_the_course_from_its_config_file(course, tmp_path, monkeypatch):
    """`make lab` starts JupyterLab in the course folder: its nbgrader_config.py names the root itself."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.chdir(tmp_path)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    assert config.CourseDirectory.root == str(course)
    names = [a["name"] for a in NbGraderAPI(config=config).get_assignments()]
    assert A01 in names and f"{A01}_en" in names
