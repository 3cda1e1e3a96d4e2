"""`paastolaskuri run` as a coordinator meets it, without notebook kernels: errors, summary, languages.

The pool that executes the report notebooks is replaced by a stand-in that writes small report files
(the slow tests in tests/integration run the real kernels); everything else (checking, calculation,
processed data, fingerprints, the manifest, the lock, the summary, the exit code) is the real code.
Duplicate partner IDs and the dry run are in test_run_duplicates_and_dry_run.py.
"""

from __future__ import annotations

import pytest
from run_stand_in import fake_render, manifest, run

from paastolaskuri import cli
from paastolaskuri.run import runner
from paastolaskuri.run.lock import LOCK_NAME

# --- defect 3: tracebacks and false success -----------------------------------------------------------


def test_missing_workspace_is_a_message_and_exit_2(tmp_path, capsys):
    missing = tmp_path / "ei-ole"
    assert run(missing, "--year", "2024") == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"Työtilaa {missing} ei ole (tai se ei ole kansio): anna kansio, jossa on data/raw/<vuosi>/ "
        "(--workspace KANSIO)."
    ]
    assert not missing.exists()


def test_missing_workspace_in_english(tmp_path, capsys):
    missing = tmp_path / "nope"
    assert run(missing, "--year", "2024", "--lang", "en") == 2
    assert capsys.readouterr().err.strip() == (
        f"There is no workspace {missing} (or it is not a folder): give a folder holding data/raw/<year>/ "
        "(--workspace DIR)."
    )


def test_year_without_templates_says_nothing_to_run_and_writes_nothing(ws, capsys, no_kernels):
    assert run(ws, "--year", "1999") == 4
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        f"Ei ajettavaa vuodelle 1999: kansiossa {ws / 'data/raw/1999'} ei ole pohjia (.xlsx). Mitään ei kirjoitettu."
    ]
    assert out.out == ""  # no summary, no "Raportit: …network.html"
    assert not (ws / "reports").exists()
    assert not (ws / LOCK_NAME).exists()


def test_empty_workspace_has_nothing_to_run(tmp_path, capsys):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    assert run(tmp_path, "--lang", "en") == 4
    assert capsys.readouterr().err.strip() == (
        f"Nothing to run: {tmp_path / 'data/raw'} has no year folders holding templates (<year>/*.xlsx). "
        "Nothing was written."
    )
    assert not (tmp_path / LOCK_NAME).exists()


def test_exit_codes_are_in_the_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["run", "--help", "--lang", "en"])  # the help is Finnish unless --lang en
    text = " ".join(capsys.readouterr().out.split())
    assert "4 nothing to run (no templates for the year)" in text
    assert "3 another run holds the workspace's lock" in text


def test_lock_file_removed_after_a_run_and_after_an_error(ws, capsys, no_kernels):
    assert run(ws, "--year", "2024") == 0
    assert not (ws / LOCK_NAME).exists()
    assert run(ws, "--year", "2024", "--partner", "sahaa") == 2  # unknown partner: an error inside the lock
    assert "Tuntematon kumppani: sahaa. Tämän vuoden kumppanit: koulu, saha" in capsys.readouterr().err
    assert not (ws / LOCK_NAME).exists()


def test_summary_names_only_reports_that_exist(ws, capsys, monkeypatch):
    monkeypatch.setattr(
        runner, "render_all", lambda *a, **kw: fake_render(*a, **kw, network_ok=False)
    )  # the network notebook fails: no network.html
    assert run(ws, "--year", "2024") == 1
    out = capsys.readouterr().out
    assert not (ws / "reports/2024/network.html").exists()
    assert "network.html" not in out
    partners = ws / "reports/2024/partners"
    assert (
        out.splitlines()[-1] == f"Raportit: 2 kumppanin raportit kansiossa {partners} (ei verkostoraporttia)"
    )


def test_partner_notebook_with_a_wrong_id_says_which_partners_exist(ws, no_kernels):
    from paastolaskuri.report import NetworkReport, PartnerReport
    from paastolaskuri.reporting.report_inputs import ReportInputMissing

    assert run(ws, "--year", "2024") == 0
    with pytest.raises(ReportInputMissing) as exc:
        PartnerReport(ws, 2024, "sahaa", "fi")
    assert str(exc.value) == (
        f"Kumppanille 'sahaa' ei ole laskettuja tietoja vuodelta 2024 työtilassa {ws}. "
        "Vuoden 2024 kumppanit: koulu, saha. Tarkista partner_id, tai jos kumppani on uusi, aja ensin: "
        f"paastolaskuri run --year 2024 --workspace {ws}"
    )
    with pytest.raises(ReportInputMissing) as exc:
        PartnerReport(ws, 2023, "saha", "en")
    assert str(exc.value) == (
        f"There are no computed data for 2023 in workspace {ws} (years computed: 2024). "
        f"Run first: paastolaskuri run --year 2023 --workspace {ws}"
    )
    with pytest.raises(ReportInputMissing, match="There are no computed data for 2023"):
        NetworkReport(ws, 2023, "en")


def test_calc_and_check_of_a_folder_say_it_is_a_folder(ws, capsys):
    folder = ws / "data/raw/2024"
    assert cli.main(["calc", str(folder), "--workspace", str(ws)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{folder}: on kansio, ei tiedosto: anna tiedoston nimi, esimerkiksi {folder / 'a.xlsx'}",
        "Jalanjälkeä ei laskettu: korjaa virheet ensin.",
    ]
    assert cli.main(["check", str(ws / "data"), "--workspace", str(ws), "--lang", "en"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{ws / 'data'}: is a folder, not a file: give a file name, for example {ws / 'data' / '*.xlsx'}",
        "1 error, 0 warnings",
    ]


# --- defect 4: each language has its own reports ---------------------------------------------------------


def test_english_reports_do_not_overwrite_the_finnish_ones(ws, no_kernels):
    assert run(ws, "--year", "2024") == 0
    fi_files = sorted(p.relative_to(ws).as_posix() for p in (ws / "reports/2024").rglob("*.html"))
    assert fi_files == [
        "reports/2024/network.html",
        "reports/2024/partners/koulu.html",
        "reports/2024/partners/saha.html",
    ]
    before = {f: (ws / f).read_bytes() for f in fi_files}
    assert run(ws, "--year", "2024", "--lang", "en", "--partner", "saha") == 0
    assert {f: (ws / f).read_bytes() for f in fi_files} == before  # the Finnish reports are untouched
    en = ws / "reports/2024/en"
    assert '"lang": "en"' in (en / "partners/saha.html").read_text()
    assert (en / "partners/saha.xlsx").is_file() and (en / "network.html").is_file()
    assert not (en / "partners/koulu.html").exists()  # not asked for
    m = manifest(ws)
    assert m["reports"]["fi"]["partners"]["saha"]["files"]["html"] == "reports/2024/partners/saha.html"
    assert m["reports"]["en"]["partners"]["saha"]["files"]["html"] == "reports/2024/en/partners/saha.html"
    assert m["reports"]["en"]["network"]["files"]["html"] == "reports/2024/en/network.html"
    assert m["reports"]["fi"]["network"]["files"]["xlsx"] == "reports/2024/network.xlsx"
    assert "koulu" not in m["reports"]["en"]["partners"]


def test_fingerprints_are_per_language(ws, capsys, no_kernels):
    assert run(ws, "--year", "2024") == 0
    assert run(ws, "--year", "2024", "--lang", "en") == 0
    capsys.readouterr()
    # back to Finnish: nothing changed for the Finnish reports, so nothing runs
    assert run(ws, "--year", "2024") == 0
    m = manifest(ws)
    assert {k: v["status"] for k, v in m["partners"].items()} == {"saha": "skipped", "koulu": "skipped"}
    assert m["network"]["status"] == "skipped"
    assert {k: v["status"] for k, v in m["reports"]["en"]["partners"].items()} == {
        "saha": "ok",
        "koulu": "ok",
    }
    assert run(ws, "--year", "2024", "--lang", "en", "--dry-run") == 0
    assert capsys.readouterr().out.splitlines()[-3:] == [
        "2024 koulu: would skip (inputs unchanged since the run of 2025-03-01 14:02)",
        "2024 saha: would skip (inputs unchanged since the run of 2025-03-01 14:02)",
        # the processed data are in the language of the latest run: a dry run cannot know the network's yet
        "2024 network: would run (if the network data change; templates to read again: 2)",
    ]
    assert run(ws, "--year", "2024", "--lang", "en") == 0
    m = manifest(ws)
    assert {k: v["status"] for k, v in m["reports"]["en"]["partners"].items()} == {
        "saha": "skipped",
        "koulu": "skipped",
    }
    assert m["reports"]["en"]["network"]["status"] == "skipped"
