"""Excel summaries beside the HTML reports: what a partner or the city can filter and reuse."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paastolaskuri.outputs import reproducible_excel
from paastolaskuri.presentation import category_label


def _safe_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Text from templates must never become a formula in Excel (CSV/formula injection)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype).startswith("str"):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v)
    return out


def write_partner_excel(path: Path, totals: dict, emissions: pd.DataFrame, lang: str = "fi") -> Path:
    tot = pd.DataFrame([{"key": k, "kg_co2e": v} for k, v in totals["totals"].items()])
    keep = (emissions["scope"] != 2) | (emissions["basis"] == "market")
    cats = emissions[keep].groupby(["scope", "category"], as_index=False)["kg_co2e"].sum()
    cats.insert(2, "label", [category_label(c, lang) for c in cats["category"]])
    with reproducible_excel(Path(path)) as buf:
        with pd.ExcelWriter(buf, engine="openpyxl") as xw:
            _safe_cells(tot).to_excel(xw, sheet_name="totals", index=False)
            _safe_cells(cats).to_excel(xw, sheet_name="categories", index=False)
            _safe_cells(emissions).to_excel(xw, sheet_name="lines", index=False)
    return Path(path)


def write_network_excel(path: Path, partners: pd.DataFrame, emissions: pd.DataFrame, public: bool,
                        lang: str = "fi") -> Path:
    from paastolaskuri.processed import MIN_GROUP

    keep = (emissions["scope"] != 2) | (emissions["basis"] == "market")
    cats = emissions[keep].groupby(["scope", "category"], as_index=False).agg(
        kg_co2e=("kg_co2e", "sum"), partners=("partner_id", "nunique"))
    cats.insert(2, "label", [category_label(c, lang) for c in cats["category"]])
    sectors = partners.groupby("section", as_index=False, dropna=False).agg(
        partners=("slug", "count"), kg_total_market=("kg_total_market", "sum"))
    if public:
        cats = cats[cats["partners"] >= MIN_GROUP]
        sectors = sectors[sectors["partners"] >= MIN_GROUP]
    totals = pd.DataFrame([{"key": k, "kg_co2e": float(partners[f"kg_{k}"].sum())} for k in
                           ("scope1", "scope2_location", "scope2_market", "scope3", "total_location", "total_market",
                            "biogenic_co2")]) if len(partners) else pd.DataFrame(columns=["key", "kg_co2e"])
    with reproducible_excel(Path(path)) as buf:
        with pd.ExcelWriter(buf, engine="openpyxl") as xw:
            totals.to_excel(xw, sheet_name="totals", index=False)
            _safe_cells(sectors).to_excel(xw, sheet_name="sectors", index=False)
            _safe_cells(cats).to_excel(xw, sheet_name="categories", index=False)
            if not public:
                _safe_cells(partners).to_excel(xw, sheet_name="partners", index=False)
    return Path(path)
