"""The partner report's energy table shows own production as a row of its own, all renewable."""

from __future__ import annotations

from helpers import make_lines_frame
from paastolaskuri.accounting.energy import energy_balance
from paastolaskuri.accounting.factors import find_factor_set
from paastolaskuri.reporting.energy_section import energy_rows


def test_own_production_row_in_the_report_table():
    # 12 000 kWh own solar = 12.0 MWh renewable; 20 MWh bought without guarantees = non-renewable
    lines = make_lines_frame(
        [
            {"activity": "own_solar_electricity", "quantity": 12000, "unit": "kWh"},
            {"activity": "electricity", "quantity": 20, "unit": "MWh"},
        ]
    )
    table = energy_rows(energy_balance(lines, find_factor_set("fi-2024-r2")).as_dict(), "en")
    assert list(table.iloc[:, 0]) == [
        "Own solar electricity (produced and used on site)",
        "Purchased electricity",
        "Total",
    ]
    assert list(table.iloc[:, 1]) == ["12.0", "0.0", "12.0"]  # renewable MWh
    assert list(table.iloc[:, 3]) == ["12.0", "20.0", "32.0"]  # total MWh
