"""The default demo shows every tracking status, computed in process (no notebook kernel)."""

from __future__ import annotations

import pytest

from paastolaskuri.commitments.store import track_network
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.demo.network import write_demo
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.reporting.processed import write_partner, write_year_tables


def test_default_demo_has_every_status_and_a_contradicted_action(tmp_path):
    write_demo(tmp_path, years=[2022, 2023, 2024])
    ws = Workspace.at(tmp_path)
    for year in (2022, 2023, 2024):
        rows = []
        for path in ws.templates(year):
            fp = compute_footprint(path, workspace=tmp_path)
            assert fp.ok, [p.format("en") for p in fp.problems]
            rows.append(write_partner(ws, year, partner_slug(fp.organisation["partner_id"]), fp, "fi"))
        write_year_tables(ws, year, rows, "fi")
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
    assert (tmp_path / "data" / "network.json").is_file()


def test_commitments_json_has_every_field_and_the_processed_numbers(tmp_path):
    import json
    import subprocess

    import pandas as pd

    from helpers import VENV_BIN

    test_default_demo_has_every_status_and_a_contradicted_action(tmp_path)
    done = subprocess.run(
        [str(VENV_BIN / "paastolaskuri"), "commitments", "--year", "2024", "--format", "json",
         "--workspace", str(tmp_path), "--lang", "en"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    data = json.loads(done.stdout)
    koodi = next(t for t in data["targets"] if t["partner_id"] == "demo-koodi")
    required = {"partner_id", "target_id", "coverage", "kind", "base_year", "base_value", "latest_year",
                "latest_value", "target_year", "target_value", "pathway_value_latest", "gap",
                "required_per_year", "status"}  # fmt: skip
    assert required <= set(koodi)
    rows = {y: pd.read_csv(tmp_path / "data" / "processed" / str(y) / "partners.csv").set_index("partner_id")
            for y in (2022, 2024)}  # fmt: skip
    covered = {y: (r.loc["demo-koodi", "kg_scope1"] + r.loc["demo-koodi", "kg_scope2_market"]) / 1000
               for y, r in rows.items()}  # fmt: skip
    assert koodi["base_value"] == pytest.approx(covered[2022])
    assert koodi["latest_value"] == pytest.approx(covered[2024])
    assert koodi["target_value"] == pytest.approx(covered[2022] * 0.7)  # -30 %
    # pathway 2022 -> 2030 at 2024: base + (target - base) * 2/8
    assert koodi["pathway_value_latest"] == pytest.approx(covered[2022] - covered[2022] * 0.3 * 2 / 8)
    assert koodi["status"] == "achieved"
