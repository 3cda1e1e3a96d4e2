"""Coursework grading benchmark (issue 22): N generated students × 4 assignments graded with --jobs J.

    .venv/bin/python benchmarks/bench_coursework.py [--students 30] [--jobs 2] [--out /tmp/cw-bench]

Each student hands in the solution notebooks (every third one in English), so every row must be full
marks; the script prints the wall time, the rows and the scores. Run by hand (docs/benchmarks.md),
never in the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import nbformat

from paastolaskuri.coursework.build import load_solutions, solution_notebook
from paastolaskuri.coursework.grade import grade_folder
from paastolaskuri.coursework.sandbox import namespaces_available
from paastolaskuri.coursework.secret import init_secret

BASES = ("01_scope1_2", "02_scope3", "03_data_quality", "04_actions")


def make_class(root: Path, students: int) -> Path:
    """A fresh course (with its secret) and the class's submissions: root/course, root/palautukset."""
    shutil.rmtree(root, ignore_errors=True)
    init_secret(root / "course")
    solutions = load_solutions()  # run from the repository root (coursework-solutions/ is not packaged)
    for i in range(students):
        sid = f"s{3000 + i}"
        for base in BASES:
            name = base + ("_en" if i % 3 == 0 else "")
            folder = root / "palautukset" / sid / name
            folder.mkdir(parents=True)
            nbformat.write(solution_notebook(name, solutions), folder / f"{name}.ipynb")
    return root / "palautukset"


def main() -> int:
    """Build the class, grade it, print the time and whether every row got full marks."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--students", type=int, default=30)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/cw-bench"))
    args = ap.parse_args()
    folder = make_class(args.out, args.students)
    start = time.perf_counter()
    result = grade_folder(folder, args.out / "course", jobs=args.jobs)
    seconds = time.perf_counter() - start
    g = result.grades
    full = int((g["score"] == g["max_score"]).sum())
    print(
        f"namespaces: {namespaces_available()}; notebooks {result.notebooks}; students {len(result.students)}"
    )
    print(f"wall time {seconds:.0f} s with --jobs {args.jobs}; full marks {full} of {len(g)} rows")
    print(g.groupby("assignment")[["score", "max_score"]].mean().to_string())
    return 0 if full == len(g) else 1


if __name__ == "__main__":
    sys.exit(main())
