"""`paastolaskuri run` without notebook kernels: duplicate partner IDs and what the dry run says.

The pool is the stand-in of run_stand_in.py, as in test_run_command.py (split from it so that the
two xdist workers share the pair's ≈ 40 s); everything else is the real code.
"""

from __future__ import annotations

from pathlib import Path

from run_stand_in import fake_render, manifest, run

from helpers import build_template
from paastolaskuri.run import runner
from paastolaskuri.run.pool import record_render

# --- defect 12: duplicate partner IDs ----------------------------------------------------------------------


def test_duplicate_partner_ids_refuse_both_files(ws, capsys, no_kernels):
    raw = ws / "data/raw/2024"
    build_template(raw, organisation={"partner_id": "saha", "name": "Saha Oy (uusi)"}, name="c.xlsx")
    assert run(ws, "--year", "2024") == 1
    out = capsys.readouterr().out
    expected = [
        "data/raw/2024/a.xlsx: Organisaatio: kumppanin tunnus saha on myös tiedostossa data/raw/2024/c.xlsx: "
        "kummastakaan ei tehdä raporttia, ennen kuin tunnus on vain yhdessä tiedostossa (poista vanhentunut "
        "tiedosto tai korjaa tunnus)",
        "data/raw/2024/c.xlsx: Organisaatio: kumppanin tunnus saha on myös tiedostossa data/raw/2024/a.xlsx: "
        "kummastakaan ei tehdä raporttia, ennen kuin tunnus on vain yhdessä tiedostossa (poista vanhentunut "
        "tiedosto tai korjaa tunnus)",
    ]
    for line in expected:
        assert line in out.splitlines()
    assert not (ws / "reports/2024/partners/saha.html").exists()
    assert not (ws / "data/processed/2024/partners/saha").exists()
    assert (ws / "reports/2024/partners/koulu.html").is_file()
    m = manifest(ws)
    assert m["partners"]["data/raw/2024/a.xlsx"]["status"] == "failed"
    assert m["partners"]["data/raw/2024/c.xlsx"]["status"] == "failed"
    assert m["valid"] == ["koulu"]


def test_duplicate_arriving_after_a_good_run_refuses_the_reused_one_too(ws, capsys, no_kernels):
    assert run(ws, "--year", "2024") == 0
    build_template(ws / "data/raw/2024", organisation={"partner_id": "SAHA", "name": "Saha"}, name="c.xlsx")
    assert run(ws, "--year", "2024", "--lang", "en") == 1
    out = capsys.readouterr().out
    assert (
        "data/raw/2024/a.xlsx: Organisation: partner ID saha is also used by data/raw/2024/c.xlsx: neither gets "
        "a report until only one file uses it (remove the outdated file or correct the ID)"
    ) in out.replace("Organisaatio", "Organisation")
    assert "data/raw/2024/c.xlsx: Organisaatio: partner ID SAHA is also used by data/raw/2024/a.xlsx" in out
    assert not (ws / "reports/2024/en/partners/saha.html").exists()


# --- defect 13: the dry run says why -------------------------------------------------------------------


def dry(ws: Path, *args: str, capsys) -> list[str]:
    assert run(ws, "--year", "2024", "--dry-run", *args) == 0
    return capsys.readouterr().out.splitlines()


def test_dry_run_gives_the_reason_for_every_partner(ws, capsys, no_kernels):
    assert dry(ws, capsys=capsys) == [
        "2024 koulu: ajettaisiin (uusi kumppani)",
        "2024 saha: ajettaisiin (uusi kumppani)",
        "2024 verkosto: ajettaisiin (jos verkoston tiedot muuttuvat; uudelleen luettavia pohjia 2)",
    ]
    assert run(ws, "--year", "2024") == 0
    capsys.readouterr()
    assert dry(ws, capsys=capsys) == [
        "2024 koulu: ohitettaisiin (syötteet ennallaan 1.3.2025 klo 14.02 tehdyn ajon jälkeen)",
        "2024 saha: ohitettaisiin (syötteet ennallaan 1.3.2025 klo 14.02 tehdyn ajon jälkeen)",
        "2024 verkosto: ohitettaisiin (syötteet ennallaan 1.3.2025 klo 14.02 tehdyn ajon jälkeen)",
    ]
    assert dry(ws, "--force", capsys=capsys)[:2] == [
        "2024 koulu: ajettaisiin (pakotettu (--force))",
        "2024 saha: ajettaisiin (pakotettu (--force))",
    ]
    assert dry(ws, "--partner", "saha", capsys=capsys)[:2] == [
        "2024 koulu: ohitettaisiin (ei valittu (--partner))",
        "2024 saha: ohitettaisiin (syötteet ennallaan 1.3.2025 klo 14.02 tehdyn ajon jälkeen)",
    ]
    assert dry(ws, "--lang", "en", capsys=capsys) == [
        "2024 koulu: would run (no report in this language yet)",
        "2024 saha: would run (no report in this language yet)",
        "2024 network: would run (if the network data change; templates to read again: 2)",
    ]


def test_dry_run_names_what_changed(ws, capsys, no_kernels, edit_cells):
    assert run(ws, "--year", "2024") == 0
    edit_cells(ws / "data/raw/2024/a.xlsx", {"Toiminta": {"C7": 1234}})
    (ws / "reports/2024/partners/koulu.html").unlink()
    build_template(
        ws / "data/raw/2024", organisation={"partner_id": "kauppa", "name": "Kauppa"}, name="d.xlsx"
    )
    build_template(ws / "data/raw/2024", organisation={"partner_id": "rikki"}, name="e.xlsx")
    edit_cells(ws / "data/raw/2024/e.xlsx", {"Toiminta": {"C7": "12 0OO"}})
    capsys.readouterr()
    assert dry(ws, "--lang", "en", capsys=capsys)[:5] == [
        "2024 kauppa: would run (new partner)",
        "2024 koulu: would run (no report in this language yet)",
        "2024 rikki: would not run (did not pass checks: 1 error)",
        '    data/raw/2024/e.xlsx: Toiminta!C7: quantity "12 0OO" is not a number',
        "2024 saha: would run (no report in this language yet)",
    ]
    out = dry(ws, capsys=capsys)
    assert "2024 koulu: ajettaisiin (raportti puuttuu)" in out
    assert "2024 saha: ajettaisiin (pohja muuttui)" in out
    assert "2024 kauppa: ajettaisiin (uusi kumppani)" in out
    assert "2024 rikki: ei ajettaisi (tarkistus ei läpäissyt: 1 virhe)" in out


def test_dry_run_after_a_failed_report_says_so(ws, capsys, monkeypatch):
    def saha_fails(jobs_list, valid, *a, extra=None, **kw):
        fake_render([j for j in jobs_list if j.key != "saha"], valid, *a, extra=extra, **kw)
        record_render(valid["saha"][0], {"ok": False, "seconds": 0.1, "error": "KeyError: 'x'"})
        return {"ok": True, "seconds": 0.1, "error": None}

    monkeypatch.setattr(runner, "render_all", saha_fails)
    assert run(ws, "--year", "2024") == 1
    capsys.readouterr()
    assert "2024 saha: ajettaisiin (edellinen ajo epäonnistui)" in dry(ws, capsys=capsys)
