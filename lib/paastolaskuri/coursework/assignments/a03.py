"""Assignment 03: data quality (find and fix the planted errors; what an estimate does to certainty)."""

from __future__ import annotations

from paastolaskuri.coursework.assignments.cells import (
    DISPLAY_ONLY,
    check_cell,
    code,
    md,
    pick,
    solution,
    test,
    written,
)
from paastolaskuri.coursework.assignments.common import intro

NAME = "03_data_quality"


def _find(t, lang: str) -> list[dict]:
    return [
        md(
            t(
                "## 1. Mitä `check` löytää?\n\nKumppani palautti pohjan `case_broken.xlsx`, jossa on virheitä. "
                "`paastolaskuri check` tulostaa jokaisen ongelman omalle rivilleen muodossa "
                "`TIEDOSTO: VÄLILEHTI!SOLU: viesti`. Virhe estää laskennan; varoitus ei.",
                "## 1. What does `check` find?\n\nThe partner returned `case_broken.xlsx`, which has errors. "
                "`paastolaskuri check` prints every problem on its own line as `FILE: SHEET!CELL: message`. An "
                "error stops the calculation; a warning does not.",
            )
        ),
        code(f'!{{PAASTOLASKURI}} check "{{case.broken}}" --lang {lang}', tags=[DISPLAY_ONLY]),
        md(
            t(
                "### Tehtävä 3.1\nMontako **virhettä** (ei varoitusta) check löysi? Voit laskea tulosteesta tai "
                "käyttää `compute_footprint(...).problems` (jokaisella on `is_error`).",
                "### Exercise 3.1\nHow many **errors** (not warnings) did check find? Count them from the output or "
                "use `compute_footprint(...).problems` (each has `is_error`).",
            )
        ),
        solution("a03-count", "error_count = None"),
        check_cell("t03-count", "03.error_count", "error_count", 1),
        md(
            t(
                '### Tehtävä 3.2\nMissä soluissa virheet ovat? Anna lista muodossa `"Toiminta!C9"`.',
                '### Exercise 3.2\nWhich cells hold the errors? Give a list such as `"Activities!C9"`.',
            )
        ),
        solution("a03-cells", "error_cells = None"),
        check_cell("t03-cells", "03.error_cells", "error_cells", 2),
        md(
            t(
                "`check --annotate` kirjoittaa kopion, jossa virhesolut on värjätty ja kommentoitu: avaa se "
                "Excelissä tai LibreOfficessa.",
                "`check --annotate` writes a copy with the problem cells coloured and commented: open it in Excel "
                "or LibreOffice.",
            )
        ),
        code(
            'annotated = case.folder / "case_broken_annotated.xlsx"\n'
            f'!{{PAASTOLASKURI}} check "{{case.broken}}" --annotate "{{annotated}}" --force --lang {lang}'
        ),
    ]


def _fix(t, lang: str) -> list[dict]:
    return [
        md(
            t(
                "## 2. Korjaa pohja\n\nKorjaa virheet faktojen (`facts.md`) avulla ja tallenna tiedosto nimellä "
                "`case_fixed.xlsx` tapauskansioosi. Voit korjata Excelissä tai Pythonilla (openpyxl). Korjattu "
                "pohja on oikein, kun check ei löydä virheitä ja jalanjälki on sama kuin `case.xlsx`:n. Korjaa "
                "`case_broken.xlsx` (kopio `case.xlsx`:stä ei kelpaa) ja **palauta `case_fixed.xlsx` "
                "muistikirjan kanssa**.",
                "## 2. Fix the template\n\nFix the errors with the facts (`facts.md`) and save the file as "
                "`case_fixed.xlsx` in your case folder. Fix it in Excel or with Python (openpyxl). The corrected "
                "template is right when check finds no errors and the footprint equals that of `case.xlsx`. Fix "
                "`case_broken.xlsx` (a copy of `case.xlsx` does not count) and **hand in `case_fixed.xlsx` "
                "with the notebook**.",
            )
        ),
        solution(
            "a03-fix",
            'fixed = case.folder / "case_fixed.xlsx"',
        ),
        test("t03-fixed", 3, "check_fixed_file(STUDENT_ID, fixed)")
        | {"exercise": "03.fixed_file", "variable": "fixed"},
    ]


def _certainty(t) -> list[dict]:
    return [
        md(
            t(
                "## 3. Arvioitu rivi ja tuloksen varmuus\n\nRivin *Tiedon laatu* on `mitattu` tai `arvioitu`. "
                "Arvioidun rivin virhe voi olla kymmeniä prosentteja, joten mitä suurempi osa jalanjäljestä on "
                "arvioitua, sitä epävarmempi kokonaisuus. Raportti kertoo osuuden.\n\n### Tehtävä 3.3\n"
                "Kuinka monta **prosenttia** markkinaperusteisesta kokonaismäärästä tulee arvioiduilta riveiltä? "
                "(Markkinaperusteiseen kuuluvat kaikki rivit paitsi sijaintiperusteiset, sarake `basis`.)",
                "## 3. An estimated line and the result's certainty\n\nA line's *Data quality* is `measured` or "
                "`estimated`. An estimate can be tens of per cent off, so the larger the estimated share of the "
                "footprint, the less certain the whole. The report states the share.\n\n### Exercise 3.3\n"
                "What **percentage** of the market-based total comes from estimated lines? (The market-based total "
                "has every line except the location-based ones, column `basis`.)",
            )
        ),
        code('fp = compute_footprint(case.case)\nfp.emissions[["activity", "basis", "quality", "kg_co2e"]]'),
        solution("a03-share", "estimated_share_pct = None"),
        check_cell("t03-share", "03.estimated_share_pct", "estimated_share_pct", 2),
        md(
            t(
                "Pohdi: jos arvioitu rivi voi olla ±30 % pielessä, kuinka paljon se muuttaa kokonaismäärää? "
                "Miten kumppani saisi rivin mitatuksi?",
                "Reflect: if the estimated line may be ±30 % off, how much does that move the total? How could the "
                "partner measure the line instead?",
            )
        ),
    ]


def cells(lang: str) -> list[dict]:
    """The notebook's cells in `lang`."""
    t = pick(lang)
    out = intro(
        lang,
        "03",
        ("Tiedon laatu", "Data quality"),
        (
            "löydät ja korjaat virheet pohjasta checkin ja check --annotaten avulla ja arvioit, mitä arvioitu "
            "rivi tekee tuloksen varmuudelle.",
            "find and fix the errors in a template with check and check --annotate, and judge what an "
            "estimated line does to the result's certainty.",
        ),
        60,
        fixed_file=True,
    )
    return (
        out
        + _find(t, lang)
        + _fix(t, lang)
        + _certainty(t)
        + written(
            "w03-estimate",
            2,
            t(
                "### Tehtävä 3.4 (kirjallinen, opettaja arvioi)\nMikä tapauksesi arvioiduista riveistä kannattaisi "
                "ensimmäisenä mitata, ja miksi juuri se? 2–4 virkettä.",
                "### Exercise 3.4 (written, graded by your teacher)\nWhich of your case's estimated lines should be "
                "measured first, and why that one? 2–4 sentences.",
            ),
        )
    )
