"""data/commitments.csv (issue 19.4): standard CSV, partner IDs checked, merged with the template per ID."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from paastolaskuri.cli import main
from paastolaskuri.commitments.command import run_commitments
from paastolaskuri.commitments.store import merge_sources, track_network
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.intake.commitment_schema import Action, Target
from paastolaskuri.intake.commitments import csv_table, read_commitments_csv, read_commitments_file
from paastolaskuri.run.command import print_summary
from paastolaskuri.run.runner import YearRun

HEADER = "partner_id,commitment_id,kind,coverage,base_year,target_year,reduction_pct,description,status\n"


def _workspace(tmp_path: Path, csv_text: str, partners=("saha", "koulu")) -> Workspace:
    """A workspace whose 2024 was computed for `partners` (partners.csv only) with data/commitments.csv."""
    ws = Workspace.at(tmp_path / "ws")
    d = ws.processed_dir(2024)
    d.mkdir(parents=True)
    rows = "".join(f"{p},fi-2024-r2,1000,0,0,0\n" for p in partners)
    (d / "partners.csv").write_text(
        "partner_id,factor_set,kg_scope1,kg_scope2_location,kg_scope2_market,kg_scope3\n" + rows,
        encoding="utf-8",
    )
    (ws.root / "data" / "commitments.csv").write_text(csv_text, encoding="utf-8")
    return ws


@pytest.mark.parametrize("sep", [",", ";"])
def test_a_quoted_field_with_the_delimiter_and_doubled_quotes_is_one_field(tmp_path, sep):
    path = tmp_path / "commitments.csv"
    path.write_text(
        HEADER.replace(",", sep)
        + sep.join(["saha", "A1", "action", "", "", "", "", '"Hanke ""Aurinko"", vaihe 2"', "planned"])
        + "\n",
        encoding="utf-8",
    )
    items, problems = read_commitments_csv(path)
    assert problems == []
    (action,) = items
    assert isinstance(action, Action)
    assert (action.partner_id, action.description, action.status) == (
        "saha",
        'Hanke "Aurinko", vaihe 2',
        "planned",
    )


def test_the_delimiter_is_the_one_that_names_the_columns():
    assert csv_table("partner_id;commitment_id;kind\nsaha;T1;target\n")[1] == ["saha", "T1", "target"]
    assert csv_table("partner_id\tcommitment_id\tkind\nsaha\tT1\ttarget\n")[1] == ["saha", "T1", "target"]


def test_an_unknown_partner_is_a_located_error_and_no_new_partner(tmp_path):
    ws = _workspace(
        tmp_path, HEADER + "sahaa,T1,target,scope1,2022,2030,40,,\nkoulu,T1,target,scope1,2022,2030,40,,\n"
    )
    found = read_commitments_file(
        ws.root / "data" / "commitments.csv", "data/commitments.csv", {"saha", "koulu"}
    )
    assert [p.format("en") for p in found.problems] == [
        'data/commitments.csv: csv!A2: partner "sahaa" has not been run in this workspace (partners: koulu, saha): '
        "correct the ID, or run the partner's template first; the row is ignored and makes no new partner"
    ]
    assert list(found.by_partner) == ["koulu"]
    assert sorted(pt.partner_id for pt in track_network(ws, 2024)) == ["koulu", "saha"]  # no third partner


def test_check_validates_the_commitments_file_as_one(tmp_path, capsys):
    ws = _workspace(tmp_path, HEADER + "sahaa,T1,target,scope1,2022,2030,40,,\n")
    assert main(["check", str(ws.root / "data" / "commitments.csv"), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f'{ws.root / "data" / "commitments.csv"}: csv!A2: partner "sahaa" has not been run' in out
    assert "1 error, 0 warnings" in out
    (ws.root / "data" / "commitments.csv").write_text(
        HEADER + "saha,T1,target,scope1,2022,2030,40,,\n", "utf-8"
    )
    assert main(["check", str(ws.root / "data" / "commitments.csv"), "--lang", "en"]) == 0
    assert "valid (lines: 1)" in capsys.readouterr().out


def test_one_bad_row_hides_only_its_own_partner(tmp_path, capsys):
    ws = _workspace(
        tmp_path,
        HEADER
        + "saha,T1,target,scope1,2022,2030,140,,\nsaha,T2,target,scope1,2022,2030,40,,\nkoulu,T1,target,scope1,2022,2030,40,,\n",
    )
    args = argparse.Namespace(workspace=ws.root, year=2024, partner=None, format="json", lang="en")
    assert run_commitments(args) == 1
    captured = capsys.readouterr()
    assert 'data/commitments.csv: csv!G2: "140" is not a percentage' in captured.err
    shown = [(t["partner_id"], t["target_id"]) for t in json.loads(captured.out)["targets"]]
    assert shown == [("koulu", "T1")]  # the sawmill held back whole, the school shown


def _target(cid: str, pct: float) -> Target:
    return Target("saha", cid, "scope1", "absolute", 2022, 2030, pct)


def test_template_and_file_merge_per_commitment_id_and_the_template_wins():
    template = [Action("saha", "A1", "LED", "done"), _target("T1", 40.0)]
    file_rows = [_target("T1", 50.0), _target("T2", 90.0), Action("saha", "A1", "LED", "done")]
    items, problems = merge_sources("saha", template, file_rows, "data/commitments.csv")
    assert [(i.commitment_id, getattr(i, "reduction_pct", None)) for i in items] == [
        ("A1", None),
        ("T1", 40.0),
        ("T2", 90.0),
    ]
    # T1 differs (a conflict, named); A1 is the same row in both (nothing to say)
    assert [p.format("en") for p in problems] == [
        "data/commitments.csv: warning: commitment T1 of partner saha is both in the template and in "
        "data/commitments.csv, with different content: the template's row applies, the file's row is ignored"
    ]


def test_the_run_summary_names_the_commitment_lines_once(capsys):
    line = 'data/commitments.csv: csv!A2: partner "sahaa" has not been run in this workspace'
    print_summary([YearRun(2024, notes=[line, line])], "en")
    assert capsys.readouterr().out.count(line) == 1
