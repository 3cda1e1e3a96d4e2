"""The research export and the exploration notebook on a synthetic network of 40 partners, 2019-2024.

The processed tables are synthesised straight in the processed schema (`research.synthetic`, about a
second) instead of computing 240 demo templates (a minute): the export and the notebook read only
those tables. The demo network's own year-to-year changes are tested in tests/unit/core/test_demo_network.py,
and the README replay exports and explores the real demo's processed data.
"""

from __future__ import annotations

import json
import subprocess

import pandas as pd
import pytest

from helpers import REPO, VENV_BIN
from paastolaskuri.cli import main
from paastolaskuri.core.outputs import write_csv
from paastolaskuri.demo.network import parse_years
from paastolaskuri.reporting.processed_schema import read_year_table, write_parquet
from paastolaskuri.research import package
from paastolaskuri.research.synthetic import write_synthetic_network

pytestmark = pytest.mark.slow
YEARS = parse_years("2019-2024")
PARTNERS = 40
# every fifth partner has not consented (8 of 40, as in the demo network): always the same ones
NO_CONSENT = [f"synthetic-{i:05d}" for i in range(0, PARTNERS, 5)]


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    """40 synthetic partners' processed tables for 2019-2024, eight of them without research consent."""
    ws = write_synthetic_network(tmp_path_factory.mktemp("research") / "ws", PARTNERS, YEARS, seed=7)
    for year in YEARS:
        d = ws.processed_dir(year)
        partners = read_year_table(d, "partners")
        partners["research_use"] = ~partners["partner_id"].isin(NO_CONSENT)
        write_csv(d / "partners.csv", partners)
        write_parquet(d / "partners.parquet", partners, "partners")
    return ws


@pytest.fixture
def without_public_audit(monkeypatch):
    """Every consenting partner released: this test is about the package's schema, texts and notebook.

    Beside the exact public figures of six years, the microdata's audit against them
    (`research.microdata_audit`, decisions 94-95) withholds 26 of the 32 consenting synthetic partners
    in eleven rounds of linear programs (about a minute on a quiet machine); it is tested where it is
    the subject (tests/security/test_microdata_public.py, tests/unit/research/test_microdata_audit.py)
    and runs on the real demo in the README replay.
    """
    monkeypatch.setattr(
        package,
        "audited_microdata",
        lambda ws, years, key, k, with_lines: package.build_tables(ws, years, key, k, with_lines),
    )


def test_export_and_notebook(network, tmp_path, without_public_audit):
    out = tmp_path / "pkg"
    argv = ["export", "research", "--workspace", str(network.root), "--years", "2019-2024"]
    argv += ["--out", str(out), "--lines", "--lang", "en", "--microdata", "--agreement", "TEST-2025-01"]
    assert main(argv) == 0
    meta = json.loads((out / "datapackage.json").read_text())
    assert meta["disclosure_control"]["partners_without_consent"] == len(NO_CONSENT) == 8
    valid = subprocess.run(
        [str(VENV_BIN / "frictionless"), "validate", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
    )
    assert valid.returncode == 0, valid.stdout[-3000:]
    blob = "\n".join(p.read_bytes().decode("utf-8", "replace") for p in out.iterdir() if p.is_file())
    blob += "\n".join(pd.read_parquet(p).to_csv() for p in out.glob("*.parquet"))
    for year in YEARS:
        em = pd.read_parquet(network.processed_dir(year) / "emissions.parquet")
        partners = pd.read_parquet(network.processed_dir(year) / "partners.parquet")
        secrets = set(partners["partner_id"]) | set(partners["name"]) | set(em["site"].dropna())
        secrets |= set(em["note"].dropna())
        assert len(secrets) == 2 * PARTNERS + 2  # ids, names, the one site and the one note
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
