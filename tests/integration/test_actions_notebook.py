"""notebooks/actions.ipynb runs under papermill on a demo workspace, with a plan and a changed assumption."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from helpers import VENV_BIN, processed_demo

pytestmark = pytest.mark.slow
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "actions.ipynb"


def test_actions_notebook_under_papermill(tmp_path):
    processed_demo(tmp_path, partners=2)
    out = tmp_path / "out.ipynb"
    proc = subprocess.run(
        [
            str(VENV_BIN / "papermill"),
            str(NOTEBOOK),
            str(out),
            "-p", "partner_id", "demo-saha",
            "-p", "year", "2024",
            "-p", "workspace", str(tmp_path),
            "-p", "lang", "en",
            "-p", "plan", "green_electricity,heat_pump_ground",
            "-y", "assumptions: {solar_pv.yield_kwh_per_kwp: 850}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    cells = json.loads(out.read_text(encoding="utf-8"))["cells"]
    texts = []
    for cell in cells:
        for o in cell.get("outputs", []):
            assert o["output_type"] != "error", o
            texts.append("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/html", "")))
    joined = "\n".join(texts)
    assert "No commitment recorded." in joined
    # the changed assumption, in the parameter table with its value and marked as the user's
    rows = [r for r in joined.split("<tr>") if ">solar_pv.yield_kwh_per_kwp<" in r]
    assert any("850" in r and ">user<" in r for r in rows), rows
    assert "<h2>Most effective actions</h2>" in joined
    assert any("image/png" in o.get("data", {}) for c in cells for o in c.get("outputs", []))
    # the source notebook stays output-free
    source = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in source["cells"] if c["cell_type"] == "code")
