"""The optional Renewable share column (template version 2): read, checked, used by the energy balance."""

from __future__ import annotations

import openpyxl
import pytest

from helpers import build_template
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.intake.template_layout import ACTIVITY_HEADER_ROW, TEMPLATE_VERSION

LINES = [
    # 432 GJ = 120 MWh of district heat, 40 % renewable by the supplier's statement -> 48 MWh renewable
    {"activity": "district_heat", "quantity": 432, "unit": "GJ", "renewable_share": 40},
    # 10 MWh electricity with guarantees of origin: 100 % whatever the share column says
    {"activity": "electricity", "quantity": 10, "unit": "MWh", "contract": "go", "renewable_share": 20},
]


def test_share_is_read_and_used(tmp_path):
    fp = compute_footprint(build_template(tmp_path, lines=LINES), workspace=tmp_path)
    assert fp.ok, [p.format("en") for p in fp.problems]
    assert TEMPLATE_VERSION == "2"
    assert list(fp.submission.lines["renewable_share"]) == [40.0, 20.0]
    energy = fp.as_dict("en")["energy"]
    assert energy["total_mwh"] == pytest.approx(130.0)
    assert energy["renewable_mwh"] == pytest.approx(58.0)  # 120 x 0.4 + 10
    assert energy["non_renewable_mwh"] == pytest.approx(72.0)


def test_bad_and_misplaced_shares_are_located(tmp_path):
    lines = [
        {"activity": "district_heat", "quantity": 100, "unit": "MWh", "renewable_share": 150},
        {"activity": "diesel", "quantity": 100, "unit": "l", "renewable_share": 30},
    ]
    fp = compute_footprint(build_template(tmp_path, lines=lines), workspace=tmp_path, display="f.xlsx")
    messages = [p.format("en") for p in fp.problems]
    assert (
        'f.xlsx: Toiminta!K7: renewable share "150" is not valid: give a number from 0 to 100 (per cent) '
        "or leave it empty"
    ) in messages
    assert (
        "f.xlsx: Toiminta!K8: warning: a renewable share applies only to purchased energy "
        "(electricity, heat, cooling, steam): ignored on this line"
    ) in messages
    assert [p.severity for p in fp.problems if p.cell == "K8"] == ["warning"]


def test_a_version_1_file_without_the_column_stays_readable(tmp_path):
    path = build_template(tmp_path, lines=[{"activity": "district_heat", "quantity": 100, "unit": "MWh"}])
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[1]
    ws.delete_cols(11)  # column K: what a version-1 template lacks
    assert ws.cell(ACTIVITY_HEADER_ROW, 11).value is None
    wb.save(path)
    fp = compute_footprint(path, workspace=tmp_path)
    assert fp.ok, [p.format("en") for p in fp.problems]
    assert (
        fp.energy is not None and fp.energy.renewable_mwh == 0 and fp.energy.total_mwh == pytest.approx(100.0)
    )
