"""Microdata: no size derivable, no unique line count or biogenic CO2, lines banded and not summing back."""

import pandas as pd
from network import partner, write_year

from paastolaskuri.research import noise
from paastolaskuri.research.bands import coarse_bands
from paastolaskuri.research.package import export_research

YEAR = 2024


def test_bands_follow_the_1_2_5_series_and_merge_until_k_share_each():
    values = pd.Series([0.0, 0.0, 0.0, 150.0, 160.0, 170.0, 1200.0])
    # 0 x3 and 100-200 x3 hold three each; 1000-2000 holds one and merges with its neighbour
    assert coarse_bands(values, 3).tolist() == ["0", "0", "0", "100-2000", "100-2000", "100-2000", "100-2000"]
    assert coarse_bands(values, 4).tolist() == ["0-2000"] * 7
    one = coarse_bands(pd.Series([3.4, None]), 1)
    assert one[0] == "2-5" and pd.isna(one[1])


def test_microdata_never_gives_a_precise_intensity_line_count_or_lone_biogenic_figure(tmp_path, monkeypatch):
    monkeypatch.setattr(noise, "multiplier", lambda key, pid: 1.0)  # the bands are tested here, not the noise
    partners = [
        partner("a", x=10_000, fte=12.0, biogenic=0.0),
        partner("b", x=20_000, fte=25.0, biogenic=0.0),
        partner("c", x=30_000, fte=31.0, biogenic=0.0),
        partner("saha", x=40_000, fte=44.0, biogenic=512_000.0),  # the only one with biogenic CO2
    ]
    write_year(tmp_path / "ws", YEAR, partners)
    out = tmp_path / "pkg"
    export_research(tmp_path / "ws", [YEAR], out, microdata=True, agreement="T-1", with_lines=True)
    py = pd.read_csv(out / "partner_years.csv", dtype=str)
    assert not {"t_per_fte", "kg_per_m2", "t_per_meur", "lines", "t_biogenic_co2"} & set(py.columns)
    assert set(py["biogenic_co2_band"]) == {"0-1000"}  # 512 t hides among three zeros
    assert set(py["lines_band"]) == {"2-5"}  # three lines each
    # total ÷ intensity band gives FTE only within the band's factor, never the exact 12, 25, 31, 44
    assert set(py["t_per_fte_band"]) == {"2-5"}  # 2.5, 2.4, 2.9 and 2.7 t/FTE
    lines = pd.read_csv(out / "lines.csv")
    assert "quantity" not in lines.columns and lines["quantity_band"].notna().all()
    market = lines[lines["basis"] != "location"].groupby("pseudonym")["kg_co2e"].sum().sort_values()
    assert market.tolist() == [30_000.0, 60_000.0, 90_000.0, 120_000.0]  # 3 lines of x each, no noise here
