"""fi-2022-r3: the 2022 residual mix read in the Energy Authority's release, pinned for 2022.

Energiavirasto, "Residualmixen för år 2022 har publicerats" (20.6.2023): 471.27 g CO2/kWh (fossil and
peat 70.12 %, renewable 11.68 %, nuclear 18.20 %). fi-2022-r2 used the 2023 mix (554.90) as a stand-in.

Hand-computed: a 2022 template with 12 000 kWh of grid electricity and no guarantees of origin:
  market-based Scope 2   12 000 x 0.47127 = 5655.24 kg   (r2: 12 000 x 0.5549 = 6658.8)
  location-based Scope 2 12 000 x 0.13042 = 1565.04 kg   (unchanged from r2)
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from paastolaskuri import cli
from paastolaskuri.accounting.factors import SHIPPED_FACTORS_DIR, find_factor_set, pinned_sets


def raw(name: str) -> pd.DataFrame:
    return pd.read_csv(SHIPPED_FACTORS_DIR / name / "factors.csv", dtype=str, keep_default_na=False)


def test_r3_residual_mix_is_the_2022_release_seen_in_source():
    row = raw("fi-2022-r3").set_index("factor_id").loc["el.residual"]
    assert (row["value"], row["unit"], row["gas"], row["basis"]) == ("0.47127", "kWh", "CO2", "market")
    assert row["confidence"] == "seen-in-source"
    assert row["publisher"].startswith("Energiavirasto")
    assert "Residualmixen för år 2022" in row["document"] and row["year"] == "2023"
    assert "70.12 %" in row["note"] and "11.68 %" in row["note"] and "18.20 %" in row["note"]


def test_r3_differs_from_r2_only_in_the_residual_mix_value_and_stand_in_marks():
    r2 = raw("fi-2022-r2").set_index("factor_id")
    r3 = raw("fi-2022-r3").set_index("factor_id")
    assert list(r2.index) == list(r3.index)
    changed_values = r3.index[r2["value"] != r3["value"]].tolist()
    assert changed_values == ["el.residual"]
    changed_marks = set(r3.index[r2["confidence"] != r3["confidence"]])
    spend_proxies = {i for i in r3.index if "used as a proxy" in r3.loc[i, "note"]}
    assert len(spend_proxies) == 11
    assert changed_marks == {"el.residual"} | spend_proxies
    assert set(r3.loc[sorted(spend_proxies), "confidence"]) == {"unverified"}
    for name in ("properties.csv", "exchange_rates.csv", "price_indices.csv", "spend_basis.csv"):
        a = (SHIPPED_FACTORS_DIR / "fi-2022-r2" / name).read_bytes()
        assert a == (SHIPPED_FACTORS_DIR / "fi-2022-r3" / name).read_bytes(), name


def test_2022_pins_r3_and_r2_stays_loadable():
    assert pinned_sets()[2022] == "fi-2022-r3"
    fs = find_factor_set("fi-2022-r3")
    assert (fs.revision, fs.reporting_year, fs.meta["scope2_basis"]["code"]) == ("r3", 2022, "direct_co2")
    old = find_factor_set("fi-2022-r2").factors.set_index("factor_id")
    assert old.loc["el.residual", "value"] == pytest.approx(0.5549)


def test_calc_on_a_2022_template_uses_the_2022_residual_mix(tmp_path, make_template, capsys):
    path = make_template(
        lines=[{"activity": "electricity", "quantity": 12000, "unit": "kWh", "quality": "measured"}],
        organisation={"year": 2022},
    )
    assert cli.main(["calc", str(path), "--format", "json", "--workspace", str(tmp_path)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["factor_set"] == "fi-2022-r3"
    assert result["totals"]["scope2_market"] == pytest.approx(5655.24)
    assert result["totals"]["scope2_location"] == pytest.approx(1565.04)
    market = next(line for line in result["lines"] if line["basis"] == "market")
    assert market["kg_co2e_per_unit"] == pytest.approx(0.47127)
