"""Cells every assignment starts with: the student ID parameter and the setup (the student's own case)."""

from __future__ import annotations

from paastolaskuri.core import i18n
from paastolaskuri.coursework.assignments.cells import code, md, pick

SHEET = i18n.by_lang("template.sheet")["activities"]  # the template's sheet names, lang -> name
ORG_SHEET = i18n.by_lang("template.sheet")["organisation"]


def intro(
    lang: str,
    number: str,
    title: tuple[str, str],
    goals: tuple[str, str],
    minutes: int,
    footprint: bool = True,
    fixed_file: bool = False,
) -> list[dict]:
    """Title, learning goals, how the checks work, the STUDENT_ID parameter and the setup cell."""
    t = pick(lang)
    text = i18n.text(
        "coursework.notebook.intro", lang, number=number, title=t(*title), goals=t(*goals), minutes=minutes
    )
    names = ["check_answer", "check_fixed_file", "ensure_case"]
    checks = ", ".join(n for n in names if fixed_file or n != "check_fixed_file")
    footprint_import = "from paastolaskuri.footprint import compute_footprint\n" if footprint else ""
    setup = f"""import sys

import pandas as pd

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.factors import factor_set_for_year
from paastolaskuri.coursework import {checks}
{footprint_import}
case = ensure_case(STUDENT_ID, lang="{lang}")
facts = pd.read_csv(case.facts_csv).set_index("key")["value"]
fs = factor_set_for_year(int(facts["year"]))  # the factor set pinned for the case year
factors = fs.factors.set_index("factor_id")
catalogue = load_catalogue()
PAASTOLASKURI = f"{{sys.executable}} -m paastolaskuri.cli"  # the paastolaskuri command of this kernel
print(case.folder, "|", fs.name)"""

    return [
        md(text),
        code(
            'STUDENT_ID = "esimerkki-001"  # ' + i18n.text("coursework.notebook.student_id_comment", lang),
            locked=False,
            tags=["parameters"],
        ),
        code(setup),
        md(i18n.text("coursework.notebook.facts_heading", lang)),
        code('from IPython.display import Markdown\n\nMarkdown(case.facts.read_text(encoding="utf-8"))'),
    ]
