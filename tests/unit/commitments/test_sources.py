"""Template and data/commitments.csv rows merge per ID (the template wins, a conflict is named); the CSV's bad rows stop the partner."""

from __future__ import annotations

import openpyxl

from helpers import build_template, run_cli
from paastolaskuri.footprint import compute_footprint


def _workspace_csv(ws, text: str) -> None:
    (ws / "data").mkdir(parents=True, exist_ok=True)
    (ws / "data" / "commitments.csv").write_text(text, encoding="utf-8")


def _with_template_target(path, base_year=2024):
    wb = openpyxl.load_workbook(path)
    ws = wb["Sitoumukset"]
    ws["A5"], ws["B5"], ws["C5"], ws["F5"], ws["G5"], ws["H5"] = (
        "T1",
        "tavoite",
        "Scope 1",
        base_year,
        2030,
        40,
    )
    wb.save(path)
    return path


def test_both_sources_merge_per_id_the_template_wins_and_a_conflict_is_named(tmp_path):
    ws = tmp_path / "ws"
    _workspace_csv(
        ws,
        "partner_id,commitment_id,kind,coverage,base_year,target_year,reduction_pct\n"
        "testi-oy,T9,target,scope123,2024,2035,90\ntesti-oy,T1,target,scope1,2024,2030,10\n"
        "muu-oy,T1,target,scope1,2022,2030,10\n",
    )
    path = _with_template_target(build_template(tmp_path))
    fp = compute_footprint(path, workspace=ws, display="f.xlsx")
    assert fp.ok
    assert [p.format("en") for p in fp.problems] == [
        "data/commitments.csv: warning: commitment T1 of partner testi-oy is both in the template and in "
        "data/commitments.csv, with different content: the template's row applies, the file's row is ignored"
    ]
    assert [c.commitment_id for c in fp.submission.commitments] == ["T1"]  # the template's own rows


def test_a_bad_csv_row_of_the_partner_stops_check_with_a_located_message(tmp_path):
    ws = tmp_path / "ws"
    _workspace_csv(
        ws,
        "partner_id,commitment_id,kind,coverage,base_year,target_year,reduction_pct\n"
        "muu-oy,T1,target,scope1,2022,2030,10\ntesti-oy,T1,target,scope1,2022,2030,140\n",
    )
    path = build_template(tmp_path)
    res = run_cli(["check", str(path), "--workspace", str(ws), "--lang", "en"])
    assert res.returncode == 1
    assert (
        'data/commitments.csv: csv!G3: "140" is not a percentage between 0 and 100: write e.g. 50 (without %)'
        in res.stdout
    )
    assert "csv!G2" not in res.stdout  # the other partner's rows are not this file's concern


def test_a_base_year_without_a_computed_footprint_is_a_located_warning(tmp_path):
    ws = tmp_path / "ws"
    path = _with_template_target(build_template(tmp_path), base_year=2021)
    fp = compute_footprint(path, workspace=ws, display="f.xlsx")
    assert fp.ok
    assert [p.format("en") for p in fp.problems] == [
        "f.xlsx: Sitoumukset!F5: warning: there is no computed footprint for the base year 2021 in the workspace: "
        'tracking shows "no data" until that year is run'
    ]
    # once the base year is computed (its totals.json exists), the warning goes away
    totals = ws / "data" / "processed" / "2021" / "partners" / "testi-oy" / "totals.json"
    totals.parent.mkdir(parents=True)
    totals.write_text("{}", encoding="utf-8")
    assert compute_footprint(path, workspace=ws, display="f.xlsx").problems == []
