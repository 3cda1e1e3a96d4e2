"""No command destroys a file it did not just create (issue 8, defect 1).

`template OUT`, `template --next-year` and `check --annotate OUT` refuse (or skip) existing files with a
message naming the file and the way on (`--force` or a new name); nothing is written under data/raw/.
"""

from __future__ import annotations

import hashlib

import openpyxl
import pytest

from helpers import build_template, set_cells
from paastolaskuri.cli import main
from paastolaskuri.demo.network import write_demo


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled(tmp_path, monkeypatch):
    """saha.xlsx in the current folder, a template with a name and a quantity typed in."""
    monkeypatch.chdir(tmp_path)
    path = build_template(tmp_path, name="saha.xlsx", organisation={"partner_id": "saha", "name": "Saha Oy"})
    set_cells(path, {"Toiminta": {"C7": 1234}})
    return path


def test_template_refuses_an_existing_filled_file(filled, capsys):
    before = digest(filled)
    code = main(["template", "saha.xlsx", "--partner", "saha", "--year", "2024", "--workspace", "."])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "paastolaskuri template: saha.xlsx on jo olemassa, eikä sitä korvata (siinä voi olla täytettyjä "
        "tietoja): anna uusi tiedostonimi, tai lisää --force, jos tiedoston saa korvata"
    ]
    assert digest(filled) == before
    assert openpyxl.load_workbook(filled)["Toiminta"]["C7"].value == 1234
    assert sorted(p.name for p in filled.parent.iterdir()) == ["saha.xlsx"]  # no temporary left


def test_template_refusal_in_english(filled, capsys):
    assert main(["template", "saha.xlsx", "--lang", "en", "--workspace", "."]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "paastolaskuri template: saha.xlsx already exists and is not overwritten (it may hold filled-in "
        "data): give a new file name, or add --force if the file may be replaced"
    ]


def test_template_force_replaces(filled, capsys):
    assert main(["template", "saha.xlsx", "--partner", "saha", "--year", "2024", "--force"]) == 0
    assert capsys.readouterr().out == "Kirjoitettu: saha.xlsx\n"
    ws = openpyxl.load_workbook(filled)["Toiminta"]
    assert ws["C7"].value is None


def test_template_new_name_is_written(filled, capsys):
    assert main(["template", "templates/2024/saha-2.xlsx", "--partner", "saha", "--year", "2024"]) == 0
    assert capsys.readouterr().out == "Kirjoitettu: templates/2024/saha-2.xlsx\n"
    assert (filled.parent / "templates" / "2024" / "saha-2.xlsx").is_file()


def test_template_never_writes_under_data_raw(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "raw" / "2024").mkdir(parents=True)
    assert main(["template", "data/raw/2024/saha.xlsx", "--year", "2024", "--force"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "paastolaskuri template: data/raw/2024/saha.xlsx on kansiossa data/raw/, joka on vain "
        "kumppaneilta saaduille tiedostoille: kirjoita muualle, esim. templates/2024/saha.xlsx"
    ]
    assert list((tmp_path / "data" / "raw" / "2024").iterdir()) == []


def test_template_refuses_a_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out.xlsx").mkdir()
    assert main(["template", "out.xlsx", "--lang", "en"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "paastolaskuri template: out.xlsx is a folder: give a file name, e.g. templates/2024/out.xlsx"
    ]


@pytest.fixture
def last_year(tmp_path, monkeypatch):
    """A workspace with two 2024 templates (saha, koulu) and a 2025 template of saha already typed into."""
    monkeypatch.chdir(tmp_path)
    raw = tmp_path / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    for pid in ("saha", "koulu"):
        build_template(raw, name=f"{pid}.xlsx", organisation={"partner_id": pid, "name": pid.title()})
    typed = tmp_path / "templates" / "2025" / "saha.xlsx"
    typed.parent.mkdir(parents=True)
    build_template(typed.parent, name="saha.xlsx", organisation={"partner_id": "saha", "year": 2025})
    set_cells(typed, {"Toiminta": {"C7": 999}})
    return tmp_path, typed


def test_next_year_skips_existing_files_and_says_which(last_year, capsys):
    _root, typed = last_year
    before = digest(typed)
    assert main(["template", "--next-year", "2025"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ["Kirjoitettu: templates/2025/koulu.xlsx"]
    assert err.splitlines() == [
        "Ohitettu, on jo olemassa (siinä voi olla täytettyjä tietoja): templates/2025/saha.xlsx "
        "(korvaa: --force)"
    ]
    assert digest(typed) == before
    assert sorted(p.name for p in typed.parent.iterdir()) == ["koulu.xlsx", "saha.xlsx"]


def test_next_year_force_overwrites(last_year, capsys):
    _root, typed = last_year
    assert main(["template", "--next-year", "2025", "--force", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert sorted(out.splitlines()) == [
        "Written: templates/2025/koulu.xlsx",
        "Written: templates/2025/saha.xlsx",
    ]
    assert err == ""
    ws = openpyxl.load_workbook(typed)["Activities"]
    assert ws["C7"].value is None  # the quantity is left to fill ...
    assert ws["J7"].value == 1000  # ... beside last year's


def test_next_year_never_writes_under_data_raw(last_year, capsys):
    assert main(["template", "--next-year", "2025", "data/raw/2025"]) == 2
    assert "data/raw/2025 on kansiossa data/raw/" in capsys.readouterr().err
    assert not (last_year[0] / "data" / "raw" / "2025").exists()


def test_next_year_without_last_years_templates_fails(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["template", "--next-year", "2031", "--workspace", str(tmp_path), "--lang", "en"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"No 2030 templates in {tmp_path}/data/raw/2030: nothing to write"
    ]
    assert not (tmp_path / "templates").exists()


def test_check_annotate_refuses_an_existing_file(filled, capsys):
    out_file = filled.parent / "tarkistettu.xlsx"
    out_file.write_bytes(b"someone's notes")
    code = main(["check", "saha.xlsx", "--annotate", "tarkistettu.xlsx"])
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [
        "paastolaskuri check --annotate: tarkistettu.xlsx on jo olemassa, eikä sitä korvata (siinä voi "
        "olla täytettyjä tietoja): anna uusi tiedostonimi, tai lisää --force, jos tiedoston saa korvata"
    ]
    assert out_file.read_bytes() == b"someone's notes"
    assert main(["check", "saha.xlsx", "--annotate", "tarkistettu.xlsx", "--force"]) == 0
    assert openpyxl.load_workbook(out_file).sheetnames[0] == "Tarkistus"


def test_check_annotate_never_writes_under_data_raw(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    raw = tmp_path / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    build_template(raw, name="saha.xlsx")
    assert main(["check", "data/raw/2024/saha.xlsx", "--annotate", "data/raw/2024/saha-x.xlsx"]) == 2
    assert sorted(p.name for p in raw.iterdir()) == ["saha.xlsx"]


def test_demo_keeps_a_demo_file_someone_edited(tmp_path, capsys):
    (written,) = write_demo(tmp_path, years=[2024], partners=1, lang="en")
    set_cells(written, {"Activities": {"C7": 4321}})
    before = digest(written)
    assert write_demo(tmp_path, years=[2024], partners=1, lang="en") == []
    assert capsys.readouterr().out.splitlines() == [
        "demo: data/raw/2024/demo-saha.xlsx changed after the demo wrote it: left as it is"
    ]
    assert digest(written) == before
