"""Excel summaries beside the HTML reports: what a partner or the city can filter and reuse."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from paastolaskuri.outputs import reproducible_excel
from paastolaskuri.reporting.presentation import TOTAL_LABELS, category_label


def _safe_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Text from templates must never become a formula in Excel (CSV/formula injection)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype).startswith("str"):
            out[col] = out[col].map(
                lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v
            )
    return out


SHEETS = {"fi": ("Yhteenveto", "Luokat", "Rivit"), "en": ("Summary", "Categories", "Lines")}
HEAD = {
    "fi": ("Tunnus", "Selite", "t CO2e", "Scope", "Luokka", "Osuus %"),
    "en": ("Key", "Item", "t CO2e", "Scope", "Category", "Share %"),
}


def write_partner_excel(path: Path, totals: dict, emissions: pd.DataFrame, lang: str = "fi") -> Path:
    h = HEAD[lang]
    tot = pd.DataFrame(
        [
            {h[0]: k, h[1]: TOTAL_LABELS[k][0 if lang == "fi" else 1], h[2]: round(v / 1000.0, 3)}
            for k, v in totals["totals"].items()
        ]
    )
    tot.loc[len(tot)] = {
        h[0]: "factor_set",
        h[1]: "Kerroinsarja" if lang == "fi" else "Factor set",
        h[2]: totals.get("factor_set"),
    }
    tot.loc[len(tot)] = {h[0]: "gwp_set", h[1]: "GWP100", h[2]: totals.get("gwp_set")}
    keep = (emissions["scope"] != 2) | (emissions["basis"] == "market")
    cats = emissions[keep].groupby(["scope", "category"], as_index=False)["kg_co2e"].sum()
    total = cats["kg_co2e"].sum()
    cats = pd.DataFrame(
        {
            h[3]: cats["scope"],
            h[4]: [category_label(c, lang) for c in cats["category"]],
            h[2]: (cats["kg_co2e"] / 1000.0).round(3),
            h[5]: (100 * cats["kg_co2e"] / total).round(1) if total else 0.0,
        }
    )
    names = SHEETS[lang]
    with reproducible_excel(Path(path)) as buf, pd.ExcelWriter(buf, engine="openpyxl") as xw:
        _safe_cells(tot).to_excel(xw, sheet_name=names[0], index=False)
        _safe_cells(cats.sort_values(h[2], ascending=False)).to_excel(xw, sheet_name=names[1], index=False)
        _safe_cells(emissions).to_excel(xw, sheet_name=names[2], index=False)
        for ws in xw.book.worksheets:
            for col in ws.columns:
                ws.column_dimensions[col[0].column_letter].width = min(
                    60, max(10, *(len(str(c.value or "")) for c in col[:200])) + 2
                )
    return Path(path)


def write_network_excel(
    path: Path, partners: pd.DataFrame, emissions: pd.DataFrame, public: bool, lang: str = "fi"
) -> Path:
    from paastolaskuri.reporting.processed import MIN_GROUP

    keep = (emissions["scope"] != 2) | (emissions["basis"] == "market")
    cats = (
        emissions[keep]
        .groupby(["scope", "category"], as_index=False)
        .agg(kg_co2e=("kg_co2e", "sum"), partners=("partner_id", "nunique"))
    )
    cats.insert(2, "label", [category_label(c, lang) for c in cats["category"]])
    sectors = partners.groupby("section", as_index=False, dropna=False).agg(
        partners=("slug", "count"), kg_total_market=("kg_total_market", "sum")
    )
    if public:
        cats = cats[cats["partners"] >= MIN_GROUP]
        sectors = sectors[sectors["partners"] >= MIN_GROUP]
    totals = (
        pd.DataFrame(
            [
                {"key": k, "kg_co2e": float(partners[f"kg_{k}"].sum())}
                for k in (
                    "scope1",
                    "scope2_location",
                    "scope2_market",
                    "scope3",
                    "total_location",
                    "total_market",
                    "biogenic_co2",
                )
            ]
        )
        if len(partners)
        else pd.DataFrame(columns=["key", "kg_co2e"])
    )
    with reproducible_excel(Path(path)) as buf, pd.ExcelWriter(buf, engine="openpyxl") as xw:
        totals.to_excel(xw, sheet_name="totals", index=False)
        _safe_cells(sectors).to_excel(xw, sheet_name="sectors", index=False)
        _safe_cells(cats).to_excel(xw, sheet_name="categories", index=False)
        if not public:
            _safe_cells(partners).to_excel(xw, sheet_name="partners", index=False)
    return Path(path)
