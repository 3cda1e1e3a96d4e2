"""The validator: one exact, located message line per problem, in Finnish and English; never a traceback."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from helpers import run_cli
from paastolaskuri.intake.file_safety import OLE_MAGIC
from paastolaskuri.intake.reader import read_submission

HIGH_YEAR = dt.date.today().year + 1  # the reader accepts 1990 .. next year


def lines_of(sub, lang="fi"):
    return [p.format(lang) for p in sub.problems]


def read(path, display="f.xlsx"):
    return read_submission(path, display=display)


# --- the file as a whole -----------------------------------------------------------------------------


def test_text_file_named_xlsx(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_text("partner;quantity\nfoo;12\n", encoding="utf-8")
    sub = read(path)
    assert lines_of(sub) == [
        "f.xlsx: ei ole Excel-työkirja (.xlsx): tallenna tiedosto Excelissä tai LibreOfficessa muodossa .xlsx"
    ]
    assert lines_of(sub, "en") == [
        "f.xlsx: not an Excel workbook (.xlsx): save the file as .xlsx in Excel or LibreOffice"
    ]
    assert sub.lines.empty and not sub.ok


def test_ole_header_is_old_xls(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 1024)
    sub = read(path)
    assert lines_of(sub) == [
        "f.xlsx: vanha .xls-muoto tai salasanalla suojattu työkirja: poista salasana ja tallenna muodossa .xlsx"
    ]
    assert lines_of(sub, "en") == [
        "f.xlsx: old .xls format or a password-protected workbook: remove the password and save as .xlsx"
    ]


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    assert lines_of(read(path)) == [
        "f.xlsx: ei ole Excel-työkirja (.xlsx): tallenna tiedosto Excelissä tai LibreOfficessa muodossa .xlsx"
    ]


def test_missing_file(tmp_path):
    assert lines_of(read(tmp_path / "f.xlsx")) == ["f.xlsx: tiedostoa ei löydy"]


def test_missing_activity_sheet(make_template):
    path = make_template()
    wb = openpyxl.load_workbook(path)
    del wb["Toiminta"]
    wb.save(path)
    sub = read(path)
    assert lines_of(sub) == [
        "f.xlsx: välilehti Toiminta / Activities puuttuu: käytä Päästölaskurin pohjaa (paastolaskuri template)"
    ]
    assert lines_of(sub, "en") == [
        "f.xlsx: sheet Toiminta / Activities is missing: use the Päästölaskuri template (paastolaskuri template)"
    ]
    assert sub.organisation["partner_id"] == "testi-oy"  # the other sheet is still read


# --- activity cells ---------------------------------------------------------------------------------


def test_text_in_quantity(make_template, edit_cells):
    path = edit_cells(make_template(), {"Toiminta": {"C7": "12 0OO"}})
    sub = read(path)
    assert lines_of(sub) == ['f.xlsx: Toiminta!C7: määrä "12 0OO" ei ole luku']
    assert lines_of(sub, "en") == ['f.xlsx: Toiminta!C7: quantity "12 0OO" is not a number']
    assert sub.lines.empty


def test_negative_quantity(make_template, edit_cells):
    path = edit_cells(make_template(), {"Toiminta": {"C7": -250}})
    sub = read(path)
    assert lines_of(sub) == [
        "f.xlsx: Toiminta!C7: määrä -250 on negatiivinen: anna nolla tai positiivinen luku"
    ]
    assert lines_of(sub, "en") == [
        "f.xlsx: Toiminta!C7: quantity -250 is negative: give zero or a positive number"
    ]
    assert sub.lines.empty


def test_unknown_activity(make_template, edit_cells):
    path = edit_cells(make_template(), {"Toiminta": {"B7": "Kuumailmapallo"}})
    sub = read(path)
    assert lines_of(sub) == [
        'f.xlsx: Toiminta!B7: tuntematon toiminto "Kuumailmapallo": valitse toiminto pudotusvalikosta'
    ]
    assert lines_of(sub, "en") == [
        'f.xlsx: Toiminta!B7: unknown activity "Kuumailmapallo": choose one from the drop-down list'
    ]


def test_unit_not_allowed_for_activity(make_template, edit_cells):
    path = edit_cells(make_template(), {"Toiminta": {"D7": "pkm"}})
    assert lines_of(read(path)) == [
        "f.xlsx: Toiminta!D7: yksikkö pkm ei käy toiminnolle Kevyt polttoöljy: "
        "sallitut yksiköt ovat l m3 kg t kWh MWh GJ"
    ]


def test_unit_not_allowed_english_template(make_template, edit_cells):
    path = edit_cells(make_template(lang="en"), {"Activities": {"D7": "EUR"}})
    assert lines_of(read(path), "en") == [
        "f.xlsx: Activities!D7: unit EUR does not fit activity Light fuel oil: allowed units are l m3 kg t kWh MWh GJ"
    ]


def test_unknown_unit(make_template, edit_cells):
    path = edit_cells(make_template(), {"Toiminta": {"D7": "gallona"}})
    assert lines_of(read(path)) == [
        'f.xlsx: Toiminta!D7: tuntematon yksikkö "gallona": sallitut yksiköt ovat l m3 kg t kWh MWh GJ'
    ]


def test_unit_alias_is_accepted(make_template, edit_cells):
    path = edit_cells(make_template(), {"Toiminta": {"D7": "litraa"}})
    sub = read(path)
    assert sub.problems == []
    assert sub.lines["unit"].tolist() == ["l"]


def test_missing_year(make_template):
    sub = read(make_template(organisation={"year": None}))
    assert lines_of(sub) == ["f.xlsx: Organisaatio!B9: raportointivuosi puuttuu: täytä solu"]
    assert lines_of(sub, "en") == ["f.xlsx: Organisaatio!B9: reporting year is missing: fill in the cell"]
    assert sub.organisation["year"] is None


@pytest.mark.parametrize("year", [1850, 3024, 2024.5])
def test_impossible_year(make_template, year):
    sub = read(make_template(organisation={"year": year}))
    shown = f"{year:g}"
    assert lines_of(sub) == [
        f'f.xlsx: Organisaatio!B9: raportointivuosi "{shown}" ei ole mahdollinen: anna vuosi 1990–{HIGH_YEAR}'
    ]
    assert lines_of(sub, "en") == [
        f'f.xlsx: Organisaatio!B9: reporting year "{shown}" is impossible: give a year 1990–{HIGH_YEAR}'
    ]


def test_formula_without_stored_value_in_quantity(make_template, edit_cells):
    # openpyxl saves formulas without a cached result: data_only reading sees an empty cell
    path = edit_cells(make_template(), {"Toiminta": {"C7": "=1+1"}})
    sub = read(path)
    assert lines_of(sub) == [
        "f.xlsx: Toiminta!C7: kaavalla ei ole tallennettua tulosta: avaa ja tallenna tiedosto Excelissä"
    ]
    assert lines_of(sub, "en") == [
        "f.xlsx: Toiminta!C7: formula without a stored result: open and save the file in Excel"
    ]
    assert sub.lines.empty


def test_formula_without_stored_value_in_year(make_template, edit_cells):
    path = edit_cells(make_template(), {"Organisaatio": {"B9": "=2020+4"}})
    assert lines_of(read(path)) == [
        "f.xlsx: Organisaatio!B9: kaavalla ei ole tallennettua tulosta: avaa ja tallenna tiedosto Excelissä"
    ]


def test_text_number_accepted_with_warning(make_template, edit_cells):
    path = edit_cells(make_template(), {"Toiminta": {"C7": "12 000"}})
    sub = read(path)
    assert lines_of(sub) == [
        'f.xlsx: Toiminta!C7: varoitus: määrä "12 000" on tallennettu tekstinä; luettu lukuna 12\u00a0000'
    ]
    assert lines_of(sub, "en") == [
        'f.xlsx: Toiminta!C7: warning: quantity "12 000" is stored as text; read as the number 12,000'
    ]
    assert sub.ok  # a warning is not an error
    assert sub.lines["quantity"].tolist() == [12000.0]


def test_decimal_comma_text_number(make_template, edit_cells):
    path = edit_cells(make_template(), {"Toiminta": {"C7": "1 234,5"}})
    sub = read(path)
    assert sub.ok
    assert sub.lines["quantity"].tolist() == [1234.5]


def test_all_problems_reported_at_once(make_template, edit_cells):
    lines = [
        {"activity": "light_fuel_oil", "quantity": 1000, "unit": "l"},
        {"activity": "electricity", "quantity": 50000, "unit": "kWh"},
        {"activity": "spend_other", "quantity": 2000, "unit": "EUR"},
        {"activity": "flight_domestic", "quantity": 1200, "unit": "pkm"},
    ]
    path = edit_cells(make_template(lines=lines), {"Toiminta": {"C7": "12 0OO", "C8": -5, "D9": "kWh"}})
    sub = read(path)
    assert lines_of(sub) == [
        'f.xlsx: Toiminta!C7: määrä "12 0OO" ei ole luku',
        "f.xlsx: Toiminta!C8: määrä -5 on negatiivinen: anna nolla tai positiivinen luku",
        "f.xlsx: Toiminta!D9: yksikkö kWh ei käy toiminnolle Hankinnat: muut tavarat ja palvelut (€): "
        "sallitut yksiköt ovat EUR kEUR USD GBP SEK NOK DKK CHF",
    ]
    # the one good line is still read
    assert sub.lines["activity"].tolist() == ["flight_domestic"]
    assert sub.lines["row"].tolist() == [10]


def test_valid_template_has_no_problems(make_template):
    sub = read(make_template())
    assert sub.problems == []
    assert sub.ok
    assert sub.organisation["year"] == 2024
    assert sub.lines[["activity", "quantity", "unit"]].values.tolist() == [["light_fuel_oil", 1000.0, "l"]]


# --- the command line: exit codes, located lines, never a traceback -------------------------------


def run_check(tmp_path, *files, lang="fi"):
    """`paastolaskuri check FILES` from `tmp_path`, through the CLI's entry point in this process."""
    return run_cli(
        ["check", *[str(f) for f in files], "--lang", lang, "--workspace", str(tmp_path)], tmp_path
    )


def test_cli_check_bad_files_exit_1_without_traceback(tmp_path, make_template, edit_cells):
    bad = edit_cells(make_template(name="bad.xlsx"), {"Toiminta": {"C7": "12 0OO"}})
    text = tmp_path / "text.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    ole = tmp_path / "old.xlsx"
    ole.write_bytes(OLE_MAGIC + b"\x00" * 512)
    formula = edit_cells(make_template(name="formula.xlsx"), {"Toiminta": {"C7": "=1+1"}})
    result = run_check(tmp_path, "bad.xlsx", "text.xlsx", "old.xlsx", "formula.xlsx", "missing.xlsx")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    out = result.stdout.splitlines()
    assert 'bad.xlsx: Toiminta!C7: määrä "12 0OO" ei ole luku' in out
    assert (
        "text.xlsx: ei ole Excel-työkirja (.xlsx): tallenna tiedosto Excelissä tai LibreOfficessa muodossa .xlsx"
        in out
    )
    assert (
        "old.xlsx: vanha .xls-muoto tai salasanalla suojattu työkirja: poista salasana ja tallenna muodossa .xlsx"
        in out
    )
    assert (
        "formula.xlsx: Toiminta!C7: kaavalla ei ole tallennettua tulosta: avaa ja tallenna tiedosto Excelissä"
        in out
    )
    assert "missing.xlsx: tiedostoa ei löydy" in out
    assert out[-1] == "5 virhettä, 0 varoitusta"
    assert bad.exists() and formula.exists()  # check never touches its inputs


def test_cli_check_english(tmp_path, make_template, edit_cells):
    edit_cells(make_template(name="bad.xlsx", lang="en"), {"Activities": {"C7": -3}})
    result = run_check(tmp_path, "bad.xlsx", lang="en")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "bad.xlsx: Activities!C7: quantity -3 is negative: give zero or a positive number"
        in result.stdout.splitlines()
    )
    assert result.stdout.splitlines()[-1] == "1 error, 0 warnings"


def test_cli_check_valid_template_exits_0(tmp_path, make_template):
    make_template(
        name="ok.xlsx",
        lines=[
            {"activity": "light_fuel_oil", "quantity": 1000, "unit": "l", "quality": "measured"},
            {"activity": "electricity", "quantity": 50000, "unit": "kWh", "contract": "go"},
        ],
    )
    result = run_check(tmp_path, "ok.xlsx")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["ok.xlsx: kunnossa (rivejä 2)", "0 virhettä, 0 varoitusta"]
    assert "Traceback" not in result.stderr
    # check writes nothing into the workspace
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.xlsx"]


def test_cli_check_warning_only_exits_0(tmp_path, make_template, edit_cells):
    edit_cells(make_template(name="warn.xlsx"), {"Toiminta": {"C7": "12 000"}})
    result = run_check(tmp_path, "warn.xlsx")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        'warn.xlsx: Toiminta!C7: varoitus: määrä "12 000" on tallennettu tekstinä; luettu lukuna 12\u00a0000',
        "warn.xlsx: kunnossa (rivejä 1)",
        "0 virhettä, 1 varoitus",
    ]


# --- more cell types and whole-file failures ---------------------------------------------------------


def test_date_bool_and_infinity_in_quantity(make_template, edit_cells):
    lines = [
        {"activity": "diesel", "quantity": 10, "unit": "l"},
        {"activity": "petrol", "quantity": 20, "unit": "l"},
        {"activity": "lpg", "quantity": 30, "unit": "kg"},
    ]
    path = edit_cells(
        make_template(lines=lines), {"Toiminta": {"C7": dt.datetime(2024, 1, 2), "C8": True, "C9": "inf"}}
    )
    assert lines_of(read(path)) == [
        "f.xlsx: Toiminta!C7: määrä on päivämäärä (2024-01-02 00:00:00), ei luku: muuta solun muodoksi luku",
        "f.xlsx: Toiminta!C8: määrä on totuusarvo (True), ei luku",
        'f.xlsx: Toiminta!C9: määrä "inf" ei ole äärellinen luku',
    ]


def test_truncated_workbook(make_template):
    path = make_template()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert lines_of(read(path)) == [
        "f.xlsx: työkirja on vioittunut tai keskeneräinen (BadZipFile): tallenna se uudelleen Excelissä"
    ]


def test_year_without_factor_set(tmp_path, make_template):
    from paastolaskuri.footprint import compute_footprint

    path = make_template(organisation={"year": 2021})
    fp = compute_footprint(path, workspace=tmp_path, display="f.xlsx")
    assert not fp.ok
    assert fp.emissions.empty
    [line] = [p.format() for p in fp.problems]
    assert line == (
        "f.xlsx: vuodelle 2021 ei ole kiinnitetty kerroinsarjaa (kiinnitetyt vuodet 2022, 2023, 2024): "
        "koordinaattori kiinnittää sen komennolla paastolaskuri factors pin 2021 fi-2024-r2 "
        "(uusin sarja: fi-2024-r2); rivien yksiköitä ei voitu tarkistaa kertoimia vasten"
    )
    assert fp.problems[0].severity == "error"  # `check` and `run` read the same problem: both fail


def test_check_csv_needs_and_takes_year(tmp_path):
    csv_path = tmp_path / "lines.csv"
    csv_path.write_text("activity,quantity,unit\nelectricity,1000,kWh\n", encoding="utf-8")
    no_year = run_cli(["check", str(csv_path)], tmp_path)
    assert no_year.returncode == 1
    assert no_year.stdout.splitlines()[
        0
    ] == "lines.csv: CSV-tiedostossa ei ole raportointivuotta: anna se valitsimella --year VUOSI".replace(
        "lines.csv", str(csv_path)
    )
    ok = run_cli(["check", str(csv_path), "--year", "2024"])
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout.splitlines() == [f"{csv_path}: kunnossa (rivejä 1)", "0 virhettä, 0 varoitusta"]


def test_cli_unusable_workspace_factor_set_no_traceback(tmp_path, make_template):
    # a coordinator's own copy of a set with a typo in a unit ("litre" for "l")
    import shutil

    from paastolaskuri.accounting.factors import SHIPPED_FACTORS_DIR, pinned_sets

    pinned = pinned_sets()[2024]  # the workspace's copy must be the set the template's year uses
    own = tmp_path / "data" / "factors" / pinned
    shutil.copytree(SHIPPED_FACTORS_DIR / pinned, own)
    csv_path = own / "factors.csv"
    text = csv_path.read_text(encoding="utf-8")
    if "petrol.co2,petrol,direct,l," not in text:  # not an assert: a changed fixture must fail, not xfail
        raise RuntimeError(f"{pinned} no longer has the petrol.co2 row this test edits")
    csv_path.write_text(
        text.replace("petrol.co2,petrol,direct,l,", "petrol.co2,petrol,direct,litre,"), encoding="utf-8"
    )
    make_template(name="ok.xlsx")
    result = run_check(tmp_path, "ok.xlsx")
    assert "Traceback" not in result.stderr, result.stderr[-300:]
    assert result.returncode == 1
    assert "litre" in result.stdout  # the report names the broken unit


def test_activity_named_in_the_readers_language(make_template):
    # a Finnish template checked in English names the activity in English, and vice versa
    from paastolaskuri.intake.reader import read_submission

    path = make_template(lines=[{"activity": "light_fuel_oil", "quantity": 5, "unit": "pkm"}])
    problem = next(p for p in read_submission(path).problems if p.code == "unit_not_allowed")
    assert (
        problem.message("en")
        == "unit pkm does not fit activity Light fuel oil: allowed units are l m3 kg t kWh MWh GJ"
    )
    assert problem.message("fi") == (
        "yksikkö pkm ei käy toiminnolle Kevyt polttoöljy: sallitut yksiköt ovat l m3 kg t kWh MWh GJ"
    )
