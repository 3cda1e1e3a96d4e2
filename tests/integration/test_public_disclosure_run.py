"""`paastolaskuri run --audience public` through real kernels: no partner's own figure in any public file.

A sawmill alone has sector C, wood chips (Scope 1 stationary) and biogenic CO2; two shops share
sector G and commuting (Scope 3.7); three software firms are sector J. Every file the public run
writes for the network (HTML, executed notebook, workbook, log) is searched for those figures in
every number format, and the workbook's tables must add up to the network total.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_checks import notebook_text, sheet_tables, text_leaks, workbook_leaks
from helpers import build_template
from paastolaskuri.disclosure import rules
from paastolaskuri.disclosure.audit import half_unit
from paastolaskuri.footprint import compute_footprint

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent

PARTNERS = {
    "saha": ("16101", [("wood_chips", 4862, "MWh"), ("electricity", 2_634_000, "kWh")]),
    "koodi-1": ("62010", [("electricity", 95_000, "kWh"), ("diesel", 1_200, "l")]),
    "koodi-2": ("62010", [("electricity", 105_000, "kWh"), ("diesel", 1_350, "l")]),
    "koodi-3": ("62010", [("electricity", 115_000, "kWh"), ("diesel", 1_475, "l")]),
    "kauppa-1": ("47111", [("electricity", 310_000, "kWh"), ("commute_car", 42_000, "km")]),
    "kauppa-2": ("47111", [("electricity", 330_000, "kWh"), ("commute_car", 47_500, "km")]),
}


def _market(fp):
    em = fp.emissions
    return em[(em["scope"] != 2) | (em["basis"] == "market")]


@pytest.fixture(scope="module")
def public_run(tmp_path_factory):
    ws = tmp_path_factory.mktemp("ws-public")
    raw = ws / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    (ws / "reports").mkdir()
    fps = {}
    for pid, (sector, lines) in PARTNERS.items():
        org = {
            "partner_id": pid,
            "name": f"Yritys {pid} Oy",
            "sector": sector,
            "year": 2024,
            "employees_fte": 12,
        }
        rows = [{"activity": a, "quantity": q, "unit": u, "quality": "measured"} for a, q, u in lines]
        path = build_template(raw, lines=rows, organisation=org, name=f"{pid}.xlsx")
        fps[pid] = compute_footprint(path, workspace=ws)
    proc = subprocess.run(
        # one partner report (--partner) beside the public network report: the network report reads every
        # partner's processed data whichever reports are selected, and five more partner reports only cost time;
        # two reports: one pool worker (one kernel to start and warm up) renders both
        [
            *(str(BIN / "paastolaskuri"), "run", "--workspace", str(ws), "--year", "2024"),
            *("--audience", "public", "--partner", "saha", "--jobs", "1"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    # the network report is what this test is about; a partner report may fail for its own reasons
    assert "Traceback" not in proc.stderr, proc.stderr
    assert (ws / "reports" / "2024" / "network-public.xlsx").is_file(), proc.stdout + proc.stderr
    return ws, fps


def _forbidden(fps) -> dict[str, float]:
    saha = fps["saha"]
    m = _market(saha)
    shops = [fps["kauppa-1"], fps["kauppa-2"]]
    out = {
        "saha total": saha.totals["total_market"],
        "saha biogenic": saha.totals["biogenic_co2"],
        "saha scope 1": saha.totals["scope1"],
        "saha stationary": float(m.loc[m["category"] == "s1_stationary", "kg_co2e"].sum()),
        "sector G (two shops)": sum(fp.totals["total_market"] for fp in shops),
        "commuting (two shops)": sum(
            float(_market(fp).loc[_market(fp)["category"] == "s3_c7", "kg_co2e"].sum()) for fp in shops
        ),
    }
    for pid, fp in fps.items():
        out[f"{pid} total"] = fp.totals["total_market"]
    assert out["saha biogenic"] == pytest.approx(4862 * 350.0)  # 4 862 MWh × 0.35 kg CO2/kWh (biogenic)
    return out


def test_public_files_leak_no_partner_figure(public_run):
    ws, fps = public_run
    files = sorted(p for p in (ws / "reports" / "2024").rglob("network-public*") if p.is_file())
    assert {p.suffix for p in files} >= {".html", ".ipynb", ".xlsx"}
    forbidden = _forbidden(fps)
    found = []
    for path in files:
        if path.suffix == ".xlsx":
            hits = workbook_leaks(path, forbidden)
        elif path.suffix == ".ipynb":
            hits = text_leaks(notebook_text(path), forbidden)
        else:
            hits = text_leaks(path.read_text(encoding="utf-8", errors="replace"), forbidden)
        found += [f"{path.name}: {h}" for h in hits]
    assert found == []
    total = sum(fp.totals["total_market"] for fp in fps.values())
    html = (ws / "reports" / "2024" / "network-public.html").read_text(encoding="utf-8")
    # what must be there is there: the total at its published precision, never the exact one
    assert text_leaks(html, {"network total": rules.round_published(total)}) != []
    assert text_leaks(html, {"exact total": total}) == []
    for name in ("Yritys saha Oy", "kauppa-1", "koodi-2"):
        assert name not in html


def test_public_workbook_tables_add_up(public_run):
    ws, fps = public_run
    total_t = sum(fp.totals["total_market"] for fp in fps.values()) / 1000.0
    tables = sheet_tables(
        ws / "reports" / "2024" / "network-public.xlsx", ("Yhteensä", "Yhteensä (markkinaperusteinen)")
    )
    assert [name for name, *_ in tables] == ["Yhteenveto", "Toimialat", "Luokat"]
    for name, values, total in tables:
        assert total == pytest.approx(rules.round_published(total_t), abs=1e-9), name
        # each row printed to 3 significant digits: the sum is off by at most their half units
        slack = half_unit(total) + sum(half_unit(v) for v in values)
        assert abs(sum(values) - total) <= slack + 1e-9, name
