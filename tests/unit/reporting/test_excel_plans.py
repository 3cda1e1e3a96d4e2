"""Issue 23: the Excel summaries' commitments and actions sheets, and a workbook readable when printed."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from paastolaskuri.commitments.store import PartnerTracking
from paastolaskuri.commitments.tracking import YearFootprint, track_target
from paastolaskuri.intake.commitment_schema import Target
from paastolaskuri.reporting import excel_plans
from paastolaskuri.reporting.excel_layout import Column, Table, fitted, new_workbook, pages_wide, save
from paastolaskuri.reporting.excel_plans import add_partner_commitments, partner_plans
from paastolaskuri.reporting.excel_summary import write_network_excel, write_partner_excel
from paastolaskuri.reporting.processed import read_partner


def _tracked(pid: str, latest_t: float) -> PartnerTracking:
    """A Scope 1 target: 200 t in 2020, -50 % by 2030 (pathway 2024: 160 t), `latest_t` in 2024."""
    pt = PartnerTracking(pid, 2024, "template")
    years = {2020: YearFootprint(2020, 200_000, 0, 0, 0), 2024: YearFootprint(2024, latest_t * 1000, 0, 0, 0)}
    pt.targets.append(track_target(Target(pid, "T1", "scope1", "absolute", 2020, 2030, 50.0), years))
    return pt


def _rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_partner_commitments_sheet_has_targets_pathway_and_years_as_years(tmp_path):
    wb = new_workbook("t")
    add_partner_commitments(wb, _tracked("p", 150.0), "P – ilmastositoumukset 2024", "P", "fi")
    path = save(wb, tmp_path / "c.xlsx", "fi")
    ws = openpyxl.load_workbook(path)["Sitoumukset"]
    rows = _rows(ws)
    head = next(i for i, r in enumerate(rows) if r[0] == "Tunnus")
    target = dict(zip(rows[head], rows[head + 1], strict=False))
    assert target["Perusvuosi"] == 2020 and target["Perusvuoden arvo"] == pytest.approx(200.0)
    assert target["Viimeisin arvo"] == pytest.approx(150.0) and target["Tavoitetaso"] == pytest.approx(100.0)
    assert target["Polun taso viimeisimpänä vuonna"] == pytest.approx(160.0)  # 200 - 100 × 4/10
    assert target["Ero polkuun"] == pytest.approx(-10.0) and target["Tila"] == "aikataulussa"
    year_cell = ws.cell(row=head + 2, column=rows[head].index("Perusvuosi") + 1)
    assert year_cell.number_format == "[$-40B]0"  # 2020, never "2 020"
    assert rows[head + 2][0].startswith("T1: ")  # the target's sentence under the table
    path_head = next(i for i, r in enumerate(rows) if r[0] == "Tavoite")
    assert rows[path_head][2:13] == [str(y) for y in range(2020, 2031)]
    measured, committed, reference = rows[path_head + 1 : path_head + 4]
    assert measured[1] == "Mitattu, t CO2e" and measured[2:7] == [200.0, None, None, None, 150.0]
    assert committed[6] == pytest.approx(160.0)
    assert reference[6] == pytest.approx(166.4)  # 200 × (1 - 0.042 × 4): the 1.5 °C reference


def test_partner_workbook_adds_commitments_actions_and_assumptions(tmp_path, processed_ws):
    data = read_partner(processed_ws, 2024, "alfa")
    plans = partner_plans(processed_ws.root, "alfa", 2024)
    path = write_partner_excel(tmp_path / "alfa.xlsx", data["totals"], data["emissions"], "fi", plans=plans)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Yhteenveto", "Luokat", "Rivit", "Sitoumukset", "Toimet", "Oletukset"]
    assert _rows(wb["Sitoumukset"])[2][0].startswith("Sitoumuksia ei ole kirjattu.")
    toimet = _rows(wb["Toimet"])
    best = plans.analysis.ranked("fi").iloc[0]
    assert toimet[3][0] == "Toimi" and toimet[4][0] == best["label"]
    assert toimet[4][1] == pytest.approx(best["t_avoided_market"])
    assumptions = {r[7]: r for r in _rows(wb["Oletukset"])[3:] if r[0]}
    rate = assumptions["common.discount_rate"]
    assert (rate[1], rate[2]) == (4.0, "% vuodessa")  # before: "0,04 1/a"
    assert wb["Toimet"].cell(row=5, column=2).number_format == "[$-40B]#,##0.0"


def test_public_network_sheets_show_no_partner_and_no_count_of_one_or_two(
    tmp_path, processed_ws, monkeypatch
):
    tracked = [
        _tracked("alfa", 170.0),
        _tracked("beta", 150.0),
        _tracked("gamma", 90.0),
    ]  # behind, on track, achieved
    monkeypatch.setattr(excel_plans, "network_tracking", lambda workspace, year: tracked)
    partners, emissions = (
        pd.read_csv(processed_ws.processed_dir(2024) / f, dtype={"partner_id": str, "sector": str})
        for f in ("partners.csv", "emissions.csv")
    )
    coordinator = openpyxl.load_workbook(
        write_network_excel(
            tmp_path / "c.xlsx", partners, emissions, False, "fi", 2024, workspace=processed_ws.root
        )
    )
    counts = {r[0]: r[1] for r in _rows(coordinator["Sitoumukset"]) if r[0] in ("jäljessä", "aikataulussa")}
    assert counts == {"jäljessä": 1, "aikataulussa": 1}  # the coordinator sees every status
    public = openpyxl.load_workbook(
        write_network_excel(
            tmp_path / "p.xlsx", partners, emissions, True, "fi", 2024, workspace=processed_ws.root
        )
    )
    assert public.sheetnames[-2:] == ["Sitoumukset", "Toimet"]
    for name in ("Sitoumukset", "Toimet"):
        cells = [c for r in _rows(public[name]) for c in r if c is not None]
        assert not [c for c in cells if isinstance(c, str) and ("alfa" in c or "beta" in c or "gamma" in c)]
    rows = _rows(public["Sitoumukset"])
    merged = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("muut tilat yhdessä"))
    assert merged[1] == 3  # three statuses of one target each: one row of three, never three rows of one
    assert not [r for r in rows if r[0] in ("jäljessä", "aikataulussa", "saavutettu")]


def test_columns_are_as_wide_as_their_content_and_sheets_print_across_pages():
    table = Table(
        [
            Column("Arvo", 30, "#,##0.0"),
            Column("Yksikkö", 12),
            Column("Lähde", 20, None, True),
            Column("Peruste", 16, None, True),
        ],
        [[1975.64, "t CO2e", "sana " * 10, "markkinaperusteinen"]],
    )
    widths = [c.width for c in fitted(table).columns]
    # "1,975.6" is 7 characters + 2 room + 2 for a right-aligned number; "Yksikkö" 7 + 2; a wrapped
    # column stops at its declared 20, but never breaks a word: "markkinaperusteinen" is 19
    assert widths == [11, 9, 22, 21]
    assert pages_wide([60, 60, 60], landscape=True) == 2 and pages_wide([60, 60], landscape=True) == 1
