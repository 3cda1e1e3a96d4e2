"""`paastolaskuri coursework case`, the case files, and the committed source notebooks."""

from __future__ import annotations

import json

import nbformat
import pytest

from paastolaskuri.cli import main
from paastolaskuri.coursework import check_fixed_file, ensure_case
from paastolaskuri.coursework.assignments import MODULES, SOURCE_DIR, assignment_name, notebook_text
from paastolaskuri.footprint import compute_footprint


def test_case_command_writes_the_files_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "s1001"
    assert main(["coursework", "case", "--student", "s1001", "--out", str(out)]) == 0
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == [
        "case.xlsx",
        "case_broken.xlsx",
        "facts.csv",
        "facts.md",
        "opettaja-teacher/answer_key.json",
    ]
    key = json.loads((out / "opettaja-teacher" / "answer_key.json").read_text(encoding="utf-8"))
    assert key["student_id"] == "s1001" and key["exercises"]["02.category_flight"]["expected"] == 6
    facts = (out / "facts.md").read_text(encoding="utf-8")
    assert "| Sähkönmyyjän ilmoittama päästökerroin | 157 | g CO2/kWh | `supplier_g_per_kwh` |" in facts
    assert "Kurssitehtävän kuvitteellinen tapaus: ei oikea kumppani" in facts
    before = (out / "case.xlsx").read_bytes()
    capsys.readouterr()
    assert main(["coursework", "case", "--student", "s1002", "--out", str(out)]) == 2
    assert "on jo olemassa: anna toinen --out-kansio tai lisää --force" in capsys.readouterr().err
    assert (out / "case.xlsx").read_bytes() == before
    assert main(["coursework", "case", "--student", "s1002", "--out", str(out), "--force"]) == 0
    assert (out / "case.xlsx").read_bytes() != before


def test_case_command_names_the_folder_and_the_teachers_key_in_each_language(tmp_path, capsys):
    # the key's path fills the text's {key} placeholder (it once clashed with text()'s own `key`)
    out = tmp_path / "s1001"
    assert main(["coursework", "case", "--student", "s1001", "--out", str(out), "--lang", "en"]) == 0
    assert capsys.readouterr().out == (
        f"Case written: {out} (case.xlsx, case_broken.xlsx, facts.md, facts.csv); the teacher's answer "
        f"key: {out}/opettaja-teacher/answer_key.json (do not hand it out)\n"
    )
    assert main(["coursework", "case", "--student", "s1001", "--out", str(out), "--force"]) == 0
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
        'case_broken.xlsx: Toiminta!C9: quantity "257.1 MWh" is not a number',
    ]
    with pytest.raises(
        AssertionError, match=r"03\.fixed_file: the corrected template does not match the case yet"
    ):
        check_fixed_file("s1001", files.broken)
    check_fixed_file("s1001", files.case)  # the intact case is the right fix


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
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert tests and all(
            c.metadata["nbgrader"]["locked"] and c.metadata["nbgrader"]["points"] > 0 for c in tests
        )
        answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert answers and all(
            "### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source for c in answers
        )
        params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert [c.source for c in params] == [
            'STUDENT_ID = "esimerkki-001"  # kirjoita oma opiskelijatunnuksesi'
        ]
