"""Cells every assignment starts with: the student ID parameter and the setup (the student's own case)."""

from __future__ import annotations

from paastolaskuri.coursework.assignments.cells import code, md, pick

SHEET = {"fi": "Toiminta", "en": "Activities"}
ORG_SHEET = {"fi": "Organisaatio", "en": "Organisation"}


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
    text = t(
        f"""# Tehtävä {number}: {title[0]}

**Tavoitteet:** {goals[0]}

Arvioitu työaika: noin {minutes} min.

**Näin etenet.** Kirjoita opiskelijatunnuksesi alla olevaan soluun (`STUDENT_ID`) ja aja solut
järjestyksessä (*Run All* toimii myös). Jokainen tehtävä on solu, jossa on muuttuja `None`:
kirjoita laskusi sen tilalle. Tarkistussolu vertaa vastaustasi **omaan tapaukseesi** (jokaisella
opiskelijalla on eri luvut) ja kertoo virheen todennäköisen syyn, esimerkiksi kWh/MWh-sekaannuksen.
Tapauksesi tiedostot kirjoitetaan kansioon `tapaus-<tunnus>/` tämän muistion viereen.""",
        f"""# Assignment {number}: {title[1]}

**Goals:** {goals[1]}

Estimated time: about {minutes} min.

**How to work.** Write your student ID in the cell below (`STUDENT_ID`) and run the cells in
order (*Run All* works too). Every exercise is a cell with a variable set to `None`: replace it
with your calculation. The check cell compares your answer with **your own case** (every student
has different numbers) and names the likely cause of a mistake, such as a kWh/MWh mix-up.
Your case's files are written into `case-<id>/` next to this notebook.""",
    )
    names = ["check_answer", "check_fixed_file", "check_student", "ensure_case"]
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
            'STUDENT_ID = "esimerkki-001"  # '
            + t("kirjoita oma opiskelijatunnuksesi", "write your own student ID"),
            locked=False,
            tags=["parameters"],
        ),
        code(setup),
        md(t("Tapauksesi faktat (`facts.md`):", "Your case's facts (`facts.md`):")),
        code('from IPython.display import Markdown\n\nMarkdown(case.facts.read_text(encoding="utf-8"))'),
    ]
