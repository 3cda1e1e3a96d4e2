"""The default demo shows every tracking status, computed in process (no notebook kernel).

The demo (six partners, 2022-2024) is written and calculated once for the module: both tests only
read it (the commitments command writes nothing).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from paastolaskuri.cli import main
from paastolaskuri.commitments.store import track_network
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.demo.network import write_demo
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.reporting.processed import write_partner, write_year_tables

YEARS = (2022, 2023, 2024)


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory):
    """The default demo for 2022-2024, every partner calculated into data/processed."""
    root = tmp_path_factory.mktemp("demo")
    write_demo(root, years=list(YEARS))
    ws = Workspace.at(root)
    for year in YEARS:
        rows = []
        for path in ws.templates(year):
            fp = compute_footprint(path, workspace=root)
            assert fp.ok, [p.format("en") for p in fp.problems]
            rows.append(write_partner(ws, year, partner_slug(fp.organisation["partner_id"]), fp, "fi"))
        write_year_tables(ws, year, rows, "fi")
    return root


def test_default_demo_has_every_status_and_a_contradicted_action(demo_root):
    ws = Workspace.at(demo_root)
    tracked = {pt.partner_id: pt for pt in track_network(ws, 2024)}
    status = {pid: [t.status for t in pt.targets] for pid, pt in tracked.items()}
    assert status == {
        "demo-asunto": ["on_track"],
        "demo-kauppa": ["achieved"],
        "demo-koodi": ["achieved"],
        "demo-koulu": ["no_data"],
        "demo-saha": ["behind"],
        "demo-yhdistys": [],
    }
    assert tracked["demo-kauppa"].source == "csv"  # signed outside the template
    assert tracked["demo-koodi"].source == "template"
    evidence = {(pid, a.commitment_id): ev.status for pid, pt in tracked.items() for a, ev in pt.actions}
    assert evidence == {
        ("demo-koodi", "A1"): "consistent",
        ("demo-saha", "A1"): "contradicted",
        ("demo-yhdistys", "A1"): "no_link",
        ("demo-yhdistys", "A2"): "no_link",
    }
    assert (demo_root / "data" / "network.json").is_file()


def test_commitments_json_has_every_field_and_the_processed_numbers(demo_root, capsys):
    # through the CLI's entry point in process: the command line's parsing, output and exit code
    argv = [
        "commitments",
        "--year",
        "2024",
        "--format",
        "json",
        "--workspace",
        str(demo_root),
        "--lang",
        "en",
    ]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    koodi = next(t for t in data["targets"] if t["partner_id"] == "demo-koodi")
    required = {"partner_id", "target_id", "coverage", "kind", "base_year", "base_value", "latest_year",
                "latest_value", "target_year", "target_value", "pathway_value_latest", "gap",
                "required_per_year", "status"}  # fmt: skip
    assert required <= set(koodi)
    rows = {y: pd.read_csv(demo_root / "data" / "processed" / str(y) / "partners.csv").set_index("partner_id")
            for y in (2022, 2024)}  # fmt: skip
    covered = {y: (r.loc["demo-koodi", "kg_scope1"] + r.loc["demo-koodi", "kg_scope2_market"]) / 1000
               for y, r in rows.items()}  # fmt: skip
    assert koodi["base_value"] == pytest.approx(covered[2022])
    assert koodi["latest_value"] == pytest.approx(covered[2024])
    assert koodi["target_value"] == pytest.approx(covered[2022] * 0.7)  # -30 %
    # pathway 2022 -> 2030 at 2024: base + (target - base) * 2/8
    assert koodi["pathway_value_latest"] == pytest.approx(covered[2022] - covered[2022] * 0.3 * 2 / 8)
    assert koodi["status"] == "achieved"
