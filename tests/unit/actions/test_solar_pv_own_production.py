"""The solar_pv action books its output as own production, so the plan's energy balance keeps it."""

from __future__ import annotations

import pytest

from helpers import make_lines_frame
from paastolaskuri.accounting.energy import energy_balance
from paastolaskuri.accounting.factors import find_factor_set
from paastolaskuri.actions.line_ops import GROUP, Context
from paastolaskuri.actions.transforms import OWN_SOLAR, solar_pv

FS = find_factor_set("fi-2024-r2")


def test_solar_output_becomes_own_production_lines():
    lines = make_lines_frame([{"activity": "electricity", "quantity": 100, "unit": "MWh"}])
    lines[GROUP] = "p"
    values = {
        "share_of_electricity": 0.15,
        "yield_kwh_per_kwp": 800,
        "investment_eur_per_kwp": 1200,
        "lifetime_years": 25,
    }
    out, q = solar_pv(lines, values, Context(FS, 2024))
    # 15 % of 100 MWh = 15 000 kWh produced: bought electricity 85 MWh, own solar 15 000 kWh
    assert list(zip(out["activity"], out["quantity"], out["unit"], strict=True)) == [
        ("electricity", pytest.approx(85.0), "MWh"),
        (OWN_SOLAR, pytest.approx(15000.0), "kWh"),
    ]
    assert q["d_electricity_mwh"]["p"] == pytest.approx(-15.0)  # per group
    assert q["kwp"]["p"] == pytest.approx(18.75)  # 15 000 kWh / 800 kWh per kWp
    balance = energy_balance(out.drop(columns=GROUP), FS)
    assert balance.total_mwh == pytest.approx(100.0)  # the energy used is unchanged
    assert balance.own_production_mwh == pytest.approx(15.0)
    assert balance.renewable_mwh == pytest.approx(15.0)
