"""The publication ledger: two public outputs of one year must not differ by a late partner's figures."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from paastolaskuri.disclosure.ledger import ledger_path, read_publication, write_publication
from paastolaskuri.reporting.network_tables import public_figures

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from disclosure_checks import write_network


def _partner(pid: str, section: str, kg: float) -> dict:
    return {"id": pid, "section": section, "cats": {"s2_electricity": 0.8 * kg, "s3_c1": 0.2 * kg}}


# six balanced partners of about 500 t each; the total, about 3 000 t, is printed to 10 t
FIRST = [_partner(f"j{i}", "J", 480_000.0 + 10_000.0 * i) for i in range(6)]


def _figures(tmp_path: Path, network: list[dict], previous=None):
    partners, emissions = write_network(tmp_path, network)
    return public_figures(partners, emissions, previous), partners


def test_the_ledger_round_trips(tmp_path):
    f, _ = _figures(tmp_path, FIRST)
    assert f.publication is not None
    path = write_publication(ledger_path(tmp_path, 2024), f.publication)
    assert path == tmp_path / "data" / "publications" / "2024.json"
    assert read_publication(path) == f.publication
    assert read_publication(tmp_path / "missing.json") is None


def test_a_late_partner_whose_figures_the_difference_would_show_is_kept_out(tmp_path):
    first, _ = _figures(tmp_path, FIRST)
    assert first.total_market == 3_030_000.0  # 3 030 000 kg exactly, 3 significant digits
    # a late partner of 400 t: the new total minus the old gives it within ±10 t, i.e. ±2.5 %
    second, partners = _figures(tmp_path, [*FIRST, _partner("late", "C", 400_000.0)], first.publication)
    assert second.held_back == 1
    assert second.total_market == first.total_market and second.partners == 6
    assert "late" not in second.publication.partners
    # without the ledger the late partner would be in, and the total would move by its 400 t
    alone = public_figures(partners, pd.read_csv(tmp_path / "data/processed/2024/emissions.csv"))
    assert alone.held_back == 0 and alone.total_market == 3_430_000.0


def test_late_partners_that_hide_each_other_come_in(tmp_path):
    first, _ = _figures(tmp_path, FIRST)
    late = [_partner(f"k{i}", "J", 470_000.0 + 10_000.0 * i) for i in range(3)]
    second, _ = _figures(tmp_path, [*FIRST, *late], first.publication)
    # three balanced newcomers: their sum shows, but none of them within ±10 %
    assert second.held_back == 0 and second.partners == 9
    assert second.audit is not None and second.audit.passed
