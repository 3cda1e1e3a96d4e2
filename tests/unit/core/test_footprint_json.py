"""`calc --format json` additions (footprint.Footprint.as_dict): interval_95, boundary and change."""

from __future__ import annotations

import pytest

from paastolaskuri.accounting.calculation import TOTAL_KEYS
from paastolaskuri.footprint import compute_footprint, previous_year_emissions


def _workspace(tmp_path, make_template):
    for year, litres in ((2023, 1000), (2024, 800)):
        (tmp_path / "ws" / "data" / "raw" / str(year)).mkdir(parents=True)
        make_template(
            organisation={"year": year},
            lines=[{"activity": "light_fuel_oil", "quantity": litres, "unit": "l", "quality": "measured"}],
            name=f"ws/data/raw/{year}/testi.xlsx",
        )
    return tmp_path / "ws"


def test_json_holds_interval_boundary_and_change_only_with_the_previous_year(tmp_path, make_template):
    ws = _workspace(tmp_path, make_template)
    old = compute_footprint(ws / "data/raw/2023/testi.xlsx", workspace=ws)
    fp = compute_footprint(ws / "data/raw/2024/testi.xlsx", workspace=ws)
    assert fp.attach_change(ws) is not None
    out = fp.as_dict("fi")
    assert list(out["interval_95"]) == list(TOTAL_KEYS)
    for key in ("scope1", "scope3", "total_market"):
        low, high = out["interval_95"][key]
        assert low < fp.totals[key] < high
    assert [b["category"] for b in out["boundary"]][:2] == ["s3_c1", "s3_c2"]
    # the WTT line of light fuel oil is category 3.3, measured; nothing else is stated
    assert {b["category"]: b["status"] for b in out["boundary"]}["s3_c3"] == "measured"
    ch = out["change"]
    assert (ch["from_year"], ch["method"]) == (2023, "shapley-2")
    s1 = ch["scope1"]
    assert set(s1) == {"from", "to", "change", "activity_effect", "factor_effect", "method"}
    assert s1["change"] == pytest.approx(fp.totals["scope1"] - old.totals["scope1"])
    # one line key: activity effect (800 - 1000) × (f2023 + f2024) / 2, f the kg per litre of each year
    f0, f1 = old.totals["scope1"] / 1000, fp.totals["scope1"] / 800
    assert s1["activity_effect"] == pytest.approx(-200 * (f0 + f1) / 2)
    assert s1["activity_effect"] + s1["factor_effect"] == pytest.approx(s1["change"])
    # 2022 is not in the workspace: no change for 2023
    assert previous_year_emissions(ws, "testi-oy", 2023) is None
    assert old.attach_change(ws) is None
    assert "change" not in old.as_dict("en")
