"""`paastolaskuri coursework case`, the case files, and the committed source notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from paastolaskuri.cli import main
from paastolaskuri.coursework import check_fixed_file, ensure_case
from paastolaskuri.coursework.assignments import MODULES, SOURCE_DIR, assignment_name, notebook_text
from paastolaskuri.coursework.build import load_solutions, prepare_course, solution_notebook
from paastolaskuri.footprint import compute_footprint


def test_without_a_course_secret_the_case_command_writes_a_practice_case_and_no_key(tmp_path, capsys):
    out = tmp_path / "s1001"
    assert main(["coursework", "case", "--student", "s1001", "--out", str(out), "--lang", "en"]) == 0
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == ["case.json", "case.xlsx", "case_broken.xlsx", "facts.csv", "facts.md"]
    marker = json.loads((out / "case.json").read_text(encoding="utf-8"))
    assert marker == {"student_id": "s1001", "partner_id": "practice-328461", "graded": False}
    assert capsys.readouterr().out == (
        f"Practice case written: {out} (not graded, no key; a graded case needs the secret of a --course folder)\n"
    )


def test_case_command_writes_the_files_and_refuses_to_overwrite(tmp_path, capsys):
    out, course = tmp_path / "s1001", tmp_path / "course"
    assert main(["coursework", "init", "--course", str(course)]) == 0
    assert main(["coursework", "init", "--course", str(course)]) == 2  # a secret is never replaced
    assert (
        "on jo olemassa: uusi salaisuus muuttaisi jokaisen opiskelijan tapauksen" in capsys.readouterr().err
    )
    assert main(["coursework", "case", "--student", "s1001", "--out", str(out), "--course", str(course)]) == 0
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == [
        "case.json",
        "case.xlsx",
        "case_broken.xlsx",
        "facts.csv",
        "facts.md",
        "opettaja-teacher/answer_key.json",
    ]
    key = json.loads((out / "opettaja-teacher" / "answer_key.json").read_text(encoding="utf-8"))
    assert key["student_id"] == "s1001" and key["exercises"]["02.category_flight"]["expected"] == 6
    assert key["partner_id"].startswith("kurssi-")  # the graded case, not the practice one
    facts = (out / "facts.md").read_text(encoding="utf-8")
    assert "Kurssitehtävän kuvitteellinen tapaus: ei oikea kumppani" in facts
    before = (out / "case.xlsx").read_bytes()
    capsys.readouterr()
    assert main(["coursework", "case", "--student", "s1002", "--out", str(out)]) == 2
    assert "on jo olemassa: anna toinen --out-kansio tai lisää --force" in capsys.readouterr().err
    assert (out / "case.xlsx").read_bytes() == before
    assert (
        main(
            [
                "coursework",
                "case",
                "--student",
                "s1002",
                "--out",
                str(out),
                "--force",
                "--course",
                str(course),
            ]
        )
        == 0
    )
    assert (out / "case.xlsx").read_bytes() != before


def test_case_command_names_the_folder_and_the_teachers_key_in_each_language(tmp_path, capsys):
    # the key's path fills the text's {key} placeholder (it once clashed with text()'s own `key`)
    out, course = tmp_path / "s1001", tmp_path / "course"
    assert main(["coursework", "init", "--course", str(course), "--lang", "en"]) == 0
    assert capsys.readouterr().out == (
        f"Course secret created: {course}/private/course_secret. Keep the course folder to yourself: the "
        "secret gives every student's answers.\n"
    )
    assert (
        main(
            [
                "coursework",
                "case",
                "--student",
                "s1001",
                "--out",
                str(out),
                "--lang",
                "en",
                "--course",
                str(course),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == (
        f"Case written: {out} (case.xlsx, case_broken.xlsx, facts.md, facts.csv); the teacher's answer "
        f"key: {out}/opettaja-teacher/answer_key.json (do not hand it out)\n"
    )
    assert (
        main(
            [
                "coursework",
                "case",
                "--student",
                "s1001",
                "--out",
                str(out),
                "--force",
                "--course",
                str(course),
            ]
        )
        == 0
    )
    assert capsys.readouterr().out == (
        f"Tapaus kirjoitettu: {out} (case.xlsx, case_broken.xlsx, facts.md, facts.csv); opettajan "
        f"vastausavain: {out}/opettaja-teacher/answer_key.json (älä jaa opiskelijalle)\n"
    )


def test_an_empty_student_id_is_refused_in_both_languages(tmp_path, capsys):
    assert main(["coursework", "case", "--student", " ", "--out", str(tmp_path / "x")]) == 2
    assert (
        capsys.readouterr().err == "paastolaskuri coursework case: --student on tyhjä / --student is empty\n"
    )
    with pytest.raises(ValueError) as raised:
        ensure_case(" ", tmp_path / "y")
    assert str(raised.value) == (
        "STUDENT_ID on tyhjä: kirjoita opiskelijatunnuksesi / STUDENT_ID is empty: write your student ID"
    )


def test_the_case_template_is_valid_and_the_broken_one_has_the_planted_errors(tmp_path):
    files = ensure_case("s1001", tmp_path / "c")
    assert compute_footprint(files.case).ok
    broken = compute_footprint(files.broken, display="case_broken.xlsx")
    assert [p.format("en") for p in broken.problems if p.is_error][:2] == [
        "case_broken.xlsx: Organisaatio!B9: reporting year is missing: fill in the cell",
        'case_broken.xlsx: Toiminta!C7: quantity "3.23 m3" is not a number',
    ]
    with pytest.raises(
        AssertionError, match=r"03\.fixed_file: the corrected template does not match the case yet"
    ):
        check_fixed_file("s1001", files.broken)  # the broken copy handed in unchanged
    with pytest.raises(AssertionError, match=r"the file is not a corrected case_broken\.xlsx"):
        check_fixed_file("s1001", files.case)  # case.xlsx copied: check passes, but it is not the fix
    fixed = tmp_path / "case_fixed.xlsx"
    _fix_s1001(files.broken, fixed)
    check_fixed_file("s1001", fixed)


def _fix_s1001(broken, out):
    """The four planted errors of s1001 fixed by hand from its facts (3 230 l oil, 157 g/kWh, 2024, waste t)."""
    import openpyxl

    wb = openpyxl.load_workbook(broken)
    ws = wb["Toiminta"]
    ws["C7"], ws["D7"] = 3230.0, "l"
    ws["G9"] = "Sähkönmyyjän päästötieto"
    ws["D13"] = "t"
    wb["Organisaatio"]["B9"] = 2024
    wb.save(out)


def test_ensure_case_never_overwrites(tmp_path):
    folder = tmp_path / "tapaus"
    files = ensure_case("s1001", folder)
    files.facts.write_text("my notes", encoding="utf-8")
    ensure_case("s1001", folder)
    assert files.facts.read_text(encoding="utf-8") == "my notes"
    assert not files.key.exists()  # the student's folder never gets the answer key


def test_committed_source_notebooks_are_generated_from_the_modules():
    for module in MODULES:
        for lang in ("fi", "en"):
            name = assignment_name(module, lang)
            path = SOURCE_DIR / name / f"{name}.ipynb"
            assert path.read_text(encoding="utf-8") == notebook_text(module, lang), (
                f"{path} is stale: python -m paastolaskuri.coursework.assignments"
            )


def test_every_check_cell_is_locked_graded_and_every_answer_has_solution_markers():
    for module in MODULES:
        nb = nbformat.reads(notebook_text(module, "fi"), 4)
        meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
        ids = [m["grade_id"] for m in meta if m]
        assert len(ids) == len(set(ids))
        tests = [
            c
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"]["solution"]
        ]
        assert tests and all(
            c.metadata["nbgrader"]["locked"] and c.metadata["nbgrader"]["points"] > 0 for c in tests
        )
        answers = [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
        ]
        assert answers and all(
            "### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source for c in answers
        )
        written = [
            c for c in nb.cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade")
        ]  # one answer in words per assignment, graded by hand in the formgrader
        assert len(written) == 1 and written[0].metadata["nbgrader"]["solution"]
        assert written[0].metadata["nbgrader"]["points"] == 2
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert [c.source for c in params] == [
            'STUDENT_ID = "esimerkki-001"  # kirjoita oma opiskelijatunnuksesi'
        ]


def test_no_given_cell_prints_a_checked_value():
    # calc --explain and `actions` print every line's figures; fp.totals shown is 1.8's answer
    for module in MODULES:
        for lang in ("fi", "en"):
            nb = nbformat.reads(notebook_text(module, lang), 4)
            given = [
                c.source
                for c in nb.cells
                if c.cell_type == "code" and not c.metadata.get("nbgrader", {}).get("solution")
            ]
            for source in given:
                assert "--explain" not in source and "} actions" not in source, source
                assert not source.rstrip().endswith("fp.totals"), source
                assert "avoided_market_kg" not in source and "pathway_at:" not in source, source
                # the electricity line's kg shown would be 1.6's and 4.2's answer
                assert not ('== "electricity"]' in source and "kg_co2e" in source), source


REPO = Path(__file__).resolve().parents[3]
# worked answers that must never be in what a student installs (one per assignment, both languages)
WORKED = [
    'oil_kg_co2 = oil_energy_gj * factors.loc["lfo.co2", "value"]',
    "category_flight = 6",
    'ws["F9"] = float(facts["supplier_g_per_kwh"])',
    "remote_meetings_avoided_kg = 0.25 * flights_kg",
]


def test_the_package_holds_no_worked_answer_and_the_solutions_file_fills_every_answer_cell():
    package = [p for p in (REPO / "lib" / "paastolaskuri").rglob("*.py")]
    package += list(SOURCE_DIR.rglob("*.ipynb"))  # shipped/notebooks is a link: rglob does not follow it
    assert len(package) > 50
    leaks = [(p.name, w) for p in package for w in WORKED if w in p.read_text(encoding="utf-8")]
    assert leaks == []
    solutions = load_solutions(REPO / "coursework-solutions" / "solutions.toml")
    assert all(any(w in code for a in solutions.values() for code in a.values()) for w in WORKED)
    for module in MODULES:
        for lang in ("fi", "en"):
            name = assignment_name(module, lang)
            nb = nbformat.reads(notebook_text(module, lang), 4)
            answers = {
                c.metadata["nbgrader"]["grade_id"]: c.source
                for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"
            }
            # the package's answer cells are empty between the markers; the file has each one's answer
            assert all(src.endswith("\n### BEGIN SOLUTION\n### END SOLUTION") for src in answers.values())
            assert sorted(solutions[name]) == sorted(answers), name
            filled = solution_notebook(name, solutions)
            for cell in filled.cells:
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                if gid in answers:
                    assert solutions[name][gid].strip() in cell.source and cell.source.startswith(
                        answers[gid].split("\n### BEGIN SOLUTION")[0]
                    )


def test_prepare_course_puts_the_worked_sources_under_private_only(tmp_path):
    solutions = load_solutions(REPO / "coursework-solutions" / "solutions.toml")
    prepare_course(tmp_path, {"04_actions": solutions["04_actions"]})
    assert not (tmp_path / "source").exists() and (tmp_path / "nbgrader_config.py").is_file()
    worked = (tmp_path / "private" / "source" / "04_actions" / "04_actions.ipynb").read_text(encoding="utf-8")
    plain = (tmp_path / "private" / "source" / "04_actions_en" / "04_actions_en.ipynb").read_text(
        encoding="utf-8"
    )
    assert "remote_meetings_avoided_kg = 0.25 * flights_kg" in worked
    assert "remote_meetings_avoided_kg = 0.25 * flights_kg" not in plain  # no answers given: none filled
    assert load_solutions(tmp_path / "absent.toml") == {}
