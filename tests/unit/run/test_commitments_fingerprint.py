"""A changed commitment reruns that partner's report and the network's, and no other partner's."""

from __future__ import annotations

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.run.plan import commitments_digest

HEADER = "partner_id,commitment_id,kind,coverage,base_year,target_year,reduction_pct\n"


def _write(ws_root, rows: str) -> Workspace:
    (ws_root / "data").mkdir(parents=True, exist_ok=True)
    (ws_root / "data" / "commitments.csv").write_text(HEADER + rows, encoding="utf-8")
    return Workspace.at(ws_root)


def test_partner_digest_follows_only_its_own_rows(tmp_path):
    ws = _write(tmp_path, "saha,T1,target,scope1,2022,2030,40\nkoulu,T1,target,scope1,2022,2030,10\n")
    saha, koulu, network = (
        commitments_digest(ws, "saha"),
        commitments_digest(ws, "koulu"),
        commitments_digest(ws),
    )
    _write(tmp_path, "saha,T1,target,scope1,2022,2030,40\nkoulu,T1,target,scope1,2022,2030,20\n")
    assert commitments_digest(ws, "saha") == saha
    assert commitments_digest(ws, "koulu") != koulu
    assert commitments_digest(ws) != network


def test_network_digest_follows_the_city_target_setting(tmp_path):
    ws = _write(tmp_path, "")
    before = commitments_digest(ws)
    (tmp_path / "data" / "network.json").write_text('{"city_target": {"fi": "x"}}', encoding="utf-8")
    assert commitments_digest(ws) != before
    assert commitments_digest(ws, "saha") == commitments_digest(Workspace.at(tmp_path / "nowhere"), "saha")
