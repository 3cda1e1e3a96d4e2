"""`paastolaskuri check FILE --annotate OUT.xlsx`: a commented, coloured copy; the original never changes."""

from __future__ import annotations

import hashlib
import zipfile

import openpyxl
import pytest

from helpers import run_cli
from paastolaskuri.intake.annotate import ERROR_COLOUR, WARNING_COLOUR, AnnotateError, annotate_workbook
from paastolaskuri.intake.file_safety import OLE_MAGIC
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.messages import Problem


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill_of(cell) -> str:
    return (
        (cell.fill.fgColor.rgb or "")[-6:] if cell.fill is not None and cell.fill.fill_type == "solid" else ""
    )


def listed(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(min_row=5, max_col=4, values_only=True) if any(r)]


def test_annotated_copy_marks_the_cell_and_leaves_the_original(tmp_path, make_template, edit_cells):
    src = edit_cells(make_template(), {"Toiminta": {"C7": "12 0OO"}})
    before, mtime = sha(src), src.stat().st_mtime_ns
    problems = read_submission(src, display="f.xlsx").problems
    out = annotate_workbook(src, problems, tmp_path / "out" / "f-tarkistettu.xlsx")

    assert sha(src) == before and src.stat().st_mtime_ns == mtime
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Tarkistus" and wb.active.title == "Tarkistus"
    c7 = wb["Toiminta"]["C7"]
    assert c7.value == "12 0OO"  # the partner's value stays as written
    assert c7.comment is not None and c7.comment.text == 'määrä "12 0OO" ei ole luku'
    assert c7.comment.author == "Päästölaskuri"
    assert fill_of(c7) == ERROR_COLOUR
    check = wb["Tarkistus"]
    assert check["A2"].value == "1 virhe, 0 varoitusta"
    assert listed(check) == [("virhe", "Toiminta", "C7", 'määrä "12 0OO" ei ole luku')]
    assert (
        check["C5"].hyperlink.location == "'Toiminta'!C7" or check["C5"].hyperlink.target == "#'Toiminta'!C7"
    )
    assert [ws.sheet_view.tabSelected for ws in wb.worksheets].count(True) == 1
    # nothing else was written beside the output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["f-tarkistettu.xlsx"]


def test_warning_is_yellow_and_english(tmp_path, make_template, edit_cells):
    src = edit_cells(make_template(lang="en"), {"Activities": {"C7": "12 000"}})
    problems = read_submission(src, display="f.xlsx").problems
    out = annotate_workbook(src, problems, tmp_path / "out.xlsx", lang="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Check"
    c7 = wb["Activities"]["C7"]
    assert fill_of(c7) == WARNING_COLOUR
    assert c7.comment.text == 'warning: quantity "12 000" is stored as text; read as the number 12,000'
    assert listed(wb["Check"]) == [
        (
            "warning",
            "Activities",
            "C7",
            'warning: quantity "12 000" is stored as text; read as the number 12,000',
        )
    ]


def test_several_problems_one_cell_and_sheet_level_ones(tmp_path, make_template):
    src = make_template()
    problems = [
        Problem(
            "f.xlsx", "quantity_text_read", "Toiminta", "C7", {"value": "1 000", "number": "1000"}, "warning"
        ),
        Problem("f.xlsx", "quantity_too_large", "Toiminta", "C7", {"value": "1e+300", "limit": "1e+12"}),
        Problem("f.xlsx", "column_missing", "Toiminta", "", {"column": "Määrä / Quantity"}),
        Problem("f.xlsx", "macros_ignored", severity="warning"),
        Problem("f.xlsx", "no_lines", "Puuttuva", "A7", severity="warning"),  # a sheet the file does not have
    ]
    wb = openpyxl.load_workbook(annotate_workbook(src, problems, tmp_path / "out.xlsx"))
    c7 = wb["Toiminta"]["C7"]
    assert fill_of(c7) == ERROR_COLOUR  # an error outranks a warning
    assert c7.comment.text.splitlines() == [
        'varoitus: määrä "1 000" on tallennettu tekstinä; luettu lukuna 1000',
        "määrä 1e+300 on epäuskottavan suuri (yli 1e+12): tarkista yksikkö",
    ]
    rows = listed(wb["Tarkistus"])
    assert len(rows) == 5
    assert rows[2] == ("virhe", "Toiminta", None, "sarake Määrä / Quantity puuttuu otsikkoriviltä")
    assert rows[3] == (
        "varoitus",
        None,
        None,
        "varoitus: työkirjassa on makroja: niitä ei koskaan ajeta, vain arvot luetaan",
    )
    assert rows[4][:2] == ("varoitus", "Puuttuva")


def test_merged_cell_problem_goes_to_the_range_and_old_comments_stay(tmp_path, make_template):
    src = make_template(
        lines=[
            {"activity": "diesel", "quantity": 1, "unit": "l", "with_help": True},
            {"activity": "diesel", "quantity": 2, "unit": "l"},
        ]
    )
    wb = openpyxl.load_workbook(src)
    wb["Toiminta"].merge_cells("A7:A8")
    wb.save(src)
    problems = [
        Problem("f.xlsx", "merged_cells", "Toiminta", "A8", {"ref": "A7:A8"}),
        Problem("f.xlsx", "activity_missing", "Toiminta", "B7"),
    ]
    wb = openpyxl.load_workbook(annotate_workbook(src, problems, tmp_path / "out.xlsx"))
    ws = wb["Toiminta"]
    assert ws["A7"].comment.text == "yhdistettyjä soluja (A7:A8) taulukossa: pura yhdistäminen"
    help_text = ws["B7"].comment.text
    assert (
        help_text.startswith("toiminto puuttuu: valitse toiminto pudotusvalikosta\n\n")
        and len(help_text) > 60
    )


def test_a_file_that_cannot_be_opened_gets_only_the_list(tmp_path):
    for name, data in (("text.xlsx", b"partner;quantity\n"), ("old.xlsx", OLE_MAGIC + bytes(1024))):
        src = tmp_path / name
        src.write_bytes(data)
        problems = read_submission(src, display=name).problems
        wb = openpyxl.load_workbook(annotate_workbook(src, problems, tmp_path / f"{name}-out.xlsx"))
        assert wb.sheetnames == ["Tarkistus"]
        assert [r[0] for r in listed(wb["Tarkistus"])] == ["virhe"]
        assert src.read_bytes() == data


def test_a_zip_bomb_is_never_opened(tmp_path, make_template):
    src = make_template()
    with (
        zipfile.ZipFile(src, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("xl/media/zeros.bin", "w", force_zip64=True) as fh,
    ):
        for _ in range(16):
            fh.write(bytes(16 << 20))  # 256 MB of zeros: over the decompressed limit
    problems = read_submission(src, display="f.xlsx").problems
    assert [p.code for p in problems] == ["zip_bomb"]
    wb = openpyxl.load_workbook(annotate_workbook(src, problems, tmp_path / "out.xlsx"))
    assert wb.sheetnames == ["Tarkistus"]


def test_csv_input_becomes_a_sheet_named_csv(tmp_path):
    src = tmp_path / "lines.csv"
    src.write_text("activity,quantity,unit\ndiesel,paljon,l\n", encoding="utf-8")
    problems = read_submission(src, display="lines.csv", year=2024).problems
    assert [p.format() for p in problems] == ['lines.csv: csv!B2: määrä "paljon" ei ole luku']
    wb = openpyxl.load_workbook(annotate_workbook(src, problems, tmp_path / "lines.xlsx"))
    assert wb.sheetnames == ["Tarkistus", "csv"]
    assert wb["csv"]["B2"].value == "paljon" and fill_of(wb["csv"]["B2"]) == ERROR_COLOUR


def test_existing_check_sheet_name_is_kept(tmp_path, make_template):
    src = make_template()
    wb = openpyxl.load_workbook(src)
    wb.create_sheet("Tarkistus")
    wb.save(src)
    wb = openpyxl.load_workbook(annotate_workbook(src, [], tmp_path / "out.xlsx"))
    assert wb.sheetnames[0] == "Tarkistus (2)" and "Tarkistus" in wb.sheetnames
    assert wb["Tarkistus (2)"]["A2"].value == "Ei huomautettavaa."


def test_never_over_the_checked_file(tmp_path, make_template):
    src = make_template()
    before = sha(src)
    with pytest.raises(AnnotateError):
        annotate_workbook(src, [], src)
    with pytest.raises(AnnotateError):
        annotate_workbook(src, [], tmp_path / "." / src.name)
    assert sha(src) == before


def test_cli_check_annotate(tmp_path, make_template, edit_cells):
    src = edit_cells(make_template(name="bad.xlsx"), {"Toiminta": {"C7": "12 0OO"}})
    before = sha(src)
    result = run_cli(
        ["check", "bad.xlsx", "--annotate", "bad-check.xlsx", "--workspace", str(tmp_path)], tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        'bad.xlsx: Toiminta!C7: määrä "12 0OO" ei ole luku',
        "Kirjoitettu: bad-check.xlsx",
        "1 virhe, 0 varoitusta",
    ]
    assert sha(src) == before
    wb = openpyxl.load_workbook(tmp_path / "bad-check.xlsx")
    assert wb["Toiminta"]["C7"].comment.text == 'määrä "12 0OO" ei ole luku'
    assert fill_of(wb["Toiminta"]["C7"]) == ERROR_COLOUR
