"""The default demo shows every tracking status, computed in process (no notebook kernel)."""

from __future__ import annotations

from paastolaskuri.commitments.store import track_network
from paastolaskuri.demo import write_demo
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.reporting.processed import write_partner, write_year_tables
from paastolaskuri.workspace import Workspace, partner_slug


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
