"""The research export and the exploration notebook on the demo network of 40 partners, 2019-2024."""

from __future__ import annotations

import json
import subprocess

import pandas as pd
import pytest

from helpers import REPO, VENV_BIN
from paastolaskuri.demo import parse_years, write_demo
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.reporting.processed import write_partner, write_year_tables
from paastolaskuri.workspace import Workspace, partner_slug

pytestmark = pytest.mark.slow
YEARS = parse_years("2019-2024")


@pytest.fixture(scope="module")
def demo_network(tmp_path_factory):
    """The demo's 40 partners, calculated into data/processed/ (the run's first stage, without reports)."""
    ws = Workspace.at(tmp_path_factory.mktemp("research") / "ws")
    write_demo(ws.root, years=YEARS, partners=40)
    for year in YEARS:
        rows = []
        for path in ws.templates(year):
            fp = compute_footprint(path, workspace=ws.root)
            assert fp.ok, [p.format("en") for p in fp.problems]
            rows.append(write_partner(ws, year, partner_slug(fp.organisation["partner_id"]), fp, "en"))
        write_year_tables(ws, year, rows, "en")
    return ws


def test_demo_network_changes_believably(demo_network):
    frames = [pd.read_parquet(demo_network.processed_dir(y) / "partners.parquet") for y in YEARS]
    partners = pd.concat(frames).sort_values(["partner_id", "year"])
    change = partners.groupby("partner_id")["kg_total_market"].pct_change().dropna() * 100
    assert len(change) == 40 * 5
    assert -10 < change.median() < 0  # a slow decline overall
    assert 3 < change.std() < 25  # partners differ, no jumps of orders of magnitude
    assert change.abs().max() < 60
    assert int(partners.groupby("year")["research_use"].sum().iloc[-1]) == 32  # 5 say no, 3 leave it empty


def test_export_and_notebook(demo_network, tmp_path):
    out = tmp_path / "pkg"
    res = subprocess.run(
        [
            *(str(VENV_BIN / "paastolaskuri"), "export", "research", "--workspace", str(demo_network.root)),
            *("--years", "2019-2024", "--out", str(out), "--lines", "--lang", "en"),
            *("--microdata", "--agreement", "TEST-2025-01"),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    meta = json.loads((out / "datapackage.json").read_text())
    assert meta["disclosure_control"]["partners_without_consent"] == 8
    valid = subprocess.run(
        [str(VENV_BIN / "frictionless"), "validate", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
    )
    assert valid.returncode == 0, valid.stdout[-3000:]
    blob = "\n".join(p.read_bytes().decode("utf-8", "replace") for p in out.iterdir())
    blob += "\n".join(pd.read_parquet(p).to_csv() for p in out.glob("*.parquet"))
    for year in YEARS:
        em = pd.read_parquet(demo_network.processed_dir(year) / "emissions.parquet")
        partners = pd.read_parquet(demo_network.processed_dir(year) / "partners.parquet")
        secrets = (
            set(partners["partner_id"]) | set(partners["name"]) | set(em["site"].dropna()) | {"demo@example"}
        )
        for s in secrets:
            assert s not in blob, s
    executed = tmp_path / "explore.ipynb"
    run = subprocess.run(
        [
            *(str(VENV_BIN / "papermill"), str(REPO / "notebooks" / "explore_network.ipynb"), str(executed)),
            *("-p", "package", str(out), "-k", "python3", "--cwd", str(tmp_path)),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    nb = json.loads(executed.read_text())
    texts = [
        "".join(o.get("text", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
    ]
    assert any("present in all 6 years" in t for t in texts)
    images = sum("image/png" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", []))
    assert images >= 6
