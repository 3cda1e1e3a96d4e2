"""The assignments' source notebooks, generated from cell descriptions (one module per assignment).

`python -m paastolaskuri.coursework.assignments` rewrites notebooks/coursework/source/; a unit test
keeps the committed notebooks equal to what the modules generate.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from paastolaskuri.core.packaged import packaged
from paastolaskuri.coursework.assignments import a01, a02, a03, a04
from paastolaskuri.coursework.assignments.cells import build_notebook

MODULES = (a01, a02, a03, a04)
LANGS = ("fi", "en")
SOURCE_DIR = packaged("notebooks", "coursework", "source")


def assignment_name(module, lang: str) -> str:
    """Nbgrader assignment (and notebook) name: 01_scope1_2 (Finnish), 01_scope1_2_en (English)."""
    return module.NAME if lang == "fi" else f"{module.NAME}_en"


def assignment_names() -> list[str]:
    """Every assignment, Finnish and English."""
    return [assignment_name(m, lang) for m in MODULES for lang in LANGS]


def notebook_text(module, lang: str) -> str:
    """The source notebook of an assignment as it is written to disk."""
    return nbformat.writes(build_notebook(assignment_name(module, lang), module.cells(lang))) + "\n"


def write_sources(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """Write every assignment's source notebook: source/<assignment>/<assignment>.ipynb."""
    written = []
    for module in MODULES:
        for lang in LANGS:
            name = assignment_name(module, lang)
            path = Path(source_dir) / name / f"{name}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(notebook_text(module, lang), encoding="utf-8")
            written.append(path)
    return written
