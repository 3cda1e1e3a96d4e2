"""Building nbgrader notebooks from cell descriptions (markdown, code, solution and test cells)."""

from __future__ import annotations

import re

import nbformat

from paastolaskuri.core.i18n import choose

SCHEMA = 3  # nbgrader's cell metadata schema version
BEGIN_SOLUTION = "### BEGIN SOLUTION"  # nbgrader's markers of the region it strips in the release
END_SOLUTION = "### END SOLUTION"
# a given cell that only shows the student something (a command's output, a chart) and defines
# nothing a later cell reads: the grader leaves it out of the run (it cost a third of a class's time)
DISPLAY_ONLY = "display_only"


def _cell_id(text: str, n: int) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", f"c{n:02d}-{text}".lower())[:60]


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def md(text: str, grade_id: str | None = None) -> dict:
    """A locked markdown cell (explanations the student reads)."""
    return {"type": "markdown", "source": text.strip(), "grade_id": grade_id, "locked": True}


def code(source: str, grade_id: str | None = None, *, locked: bool = True, tags=()) -> dict:
    """A given code cell (locked unless `locked=False`, e.g. the parameters cell)."""
    return {
        "type": "code",
        "source": source.strip(),
        "grade_id": grade_id,
        "locked": locked,
        "tags": list(tags),
    }


def solution(grade_id: str, before: str) -> dict:
    """An answer cell: `before` stays, the solution markers enclose nothing.

    The worked answer is not in the package (the students' environment): the teacher's course folder
    gets it at `coursework build` from coursework-solutions/solutions.toml (``build.with_solutions``).
    """
    src = f"{before.strip()}\n{BEGIN_SOLUTION}\n{END_SOLUTION}"
    return {"type": "solution", "source": src, "grade_id": grade_id}


def test(grade_id: str, points: int, source: str, hidden: str = "") -> dict:
    """An autograded, locked test cell; `hidden` lines run only when the teacher autogrades."""
    src = source.strip()
    if hidden:
        src += f"\n### BEGIN HIDDEN TESTS\n{hidden.strip()}\n### END HIDDEN TESTS"
    return {"type": "test", "source": src, "grade_id": grade_id, "points": points}


def build_notebook(name: str, cells: list[dict]) -> nbformat.NotebookNode:
    """An nbformat 4 notebook with nbgrader metadata on every cell (ids deterministic).

    A check cell's metadata also names its exercise and answer variable (``paastolaskuri``): the
    grader reads those variables out of the executed notebook and judges them itself.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for n, c in enumerate(cells):
        gid = c.get("grade_id") or f"{name}-{n:02d}"
        if c["type"] == "markdown":
            cell = nbformat.v4.new_markdown_cell(c["source"])
            cell.metadata = _nbgrader(gid, locked=True) if c.get("locked") else {}
        elif c["type"] == "code":
            cell = nbformat.v4.new_code_cell(c["source"])
            cell.metadata = _nbgrader(gid, locked=True) if c.get("locked") else {}
            if c.get("tags"):
                cell.metadata["tags"] = c["tags"]
        elif c["type"] == "solution":
            cell = nbformat.v4.new_code_cell(c["source"])
            cell.metadata = _nbgrader(gid, solution=True)
        elif c["type"] == "written":
            cell = nbformat.v4.new_markdown_cell(c["source"])
            cell.metadata = _nbgrader(gid, grade=True, solution=True, points=c["points"])
        else:
            cell = nbformat.v4.new_code_cell(c["source"])
            cell.metadata = _nbgrader(gid, grade=True, locked=True, points=c["points"])
            if c.get("exercise"):
                cell.metadata["paastolaskuri"] = {"exercise": c["exercise"], "variable": c["variable"]}
        cell.id = _cell_id(gid, n)
        nb.cells.append(cell)
    return nb


def pick(lang: str):
    """t(fi, en) -> the text in `lang`."""
    return lambda fi, en: choose(lang, fi, en)


def check_cell(grade_id: str, exercise: str, variable: str, points: int = 1) -> dict:
    """The usual test cell: check_answer on the student's own case (the grader reads `variable`)."""
    cell = test(grade_id, points, f'check_answer("{exercise}", STUDENT_ID, {variable})')
    return cell | {"exercise": exercise, "variable": variable}


def written(grade_id: str, points: int, prompt: str) -> list[dict]:
    """A written answer graded by hand in the formgrader: the question, then a markdown answer cell."""
    return [md(prompt), {"type": "written", "source": "", "grade_id": grade_id, "points": points}]
