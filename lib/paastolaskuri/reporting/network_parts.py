"""The pieces of the network report's sections: tables and charts from disclosed network figures.

The figures come from `network_tables` (public: already through `disclosure`, rounded and
audited); these functions only lay them out, in the reader's language.
"""

from __future__ import annotations

import pandas as pd

from paastolaskuri.accounting.metrics import INTENSITIES
from paastolaskuri.disclosure.tables import GroupTable
from paastolaskuri.intake.template_layout import tol_label, tol_section
from paastolaskuri.reporting import charts
from paastolaskuri.reporting.html import tonnes, tonnes_or_withheld
from paastolaskuri.reporting.network_tables import SCOPE_KEYS, NetworkFigures, labelled
from paastolaskuri.reporting.presentation import fmt_number, total_label
from paastolaskuri.reporting.report_texts import t


def sector_name(code: object, lang: str) -> str:
    """A TOL code with its section's name: "C Teollisuus (16101)"."""
    code = "" if code is None or (isinstance(code, float) and code != code) else str(code)
    section = tol_section(code)
    if not section:
        return code or t("not_given", lang)
    name = f"{section} {tol_label(section, lang)}"
    return name if code == section else f"{name} ({code})"


def scope_rows(f: NetworkFigures, lang: str) -> pd.DataFrame:
    """Scopes adding up to the market-based total, then the location-based figures (withheld: a text)."""
    col, val = t("col_scope", lang), t("tco2e", lang)
    rows = [
        {col: r.label, val: tonnes(r.kg, lang, f.public)}
        for r in labelled(f.scopes, "scope", lang).itertuples()
    ]
    for key, kg in (
        ("total_market", f.total_market),
        ("scope2_location", f.scope2_location),
        ("total_location", f.total_location),
    ):
        rows.append({col: total_label(key, lang), val: tonnes_or_withheld(kg, lang, "", f.public)})
    return pd.DataFrame(rows)


def group_rows(table: GroupTable, kind: str, lang: str, public: bool = False) -> pd.DataFrame:
    """A sector or category table with a total row; the rows add up to it.

    Public: small groups merged, figures at their published precision.
    """
    rows = labelled(table, kind, lang)
    first = t("col_sector" if kind == "sector" else "col_category", lang)
    out = pd.DataFrame({first: rows["label"]})
    if kind == "category":
        out.insert(0, t("col_scope", lang), rows["scope"])
    out[t("col_n", lang)] = rows["partners"].astype(str)
    out[t("tco2e", lang)] = [tonnes(v, lang, public) for v in rows["kg"]]
    out[t("col_share_pct", lang)] = [fmt_number(v, lang, 1) for v in rows["share"]]
    total = dict.fromkeys(out.columns, "")
    total.update({first: t("col_total_row", lang), t("tco2e", lang): tonnes(table.total_kg, lang, public)})
    total[t("col_share_pct", lang)] = fmt_number(100.0, lang, 1) if table.total_kg else ""
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def trend_figure(df: pd.DataFrame, stackable: bool, lang: str):
    """The network's totals per year: stacked by scope (colours of `charts.SCOPE_COLOURS`) or one bar."""
    fig, ax = charts.figure(7.5, 3.2)
    bottom = pd.Series(0.0, index=df.index)
    if stackable:
        stacks = [(key, charts.SCOPE_COLOURS[n], f"Scope {n}") for n, key in enumerate(SCOPE_KEYS, start=1)]
    else:
        stacks = [("total_market", charts.SCOPE_COLOURS[2], t("headline", lang))]
    for key, colour, label in stacks:
        tonnes_ = df[key].fillna(0.0) / 1000.0
        ax.bar(df["year"].astype(str), tonnes_, bottom=bottom, color=colour, label=label)
        bottom += tonnes_
    ax.set_ylabel("t CO2e")
    charts.number_axis(ax, "y", lang)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig


def trend_table(df: pd.DataFrame, lang: str, public: bool = False) -> pd.DataFrame:
    """Year, partners reporting and the market-based total (withheld years: the withheld text)."""
    return pd.DataFrame(
        {
            t("col_year", lang): df["year"],
            t("col_n", lang): ["–" if n != n else int(n) for n in df["n"]],  # NaN: a count not shown
            t("col_total", lang): [
                tonnes_or_withheld(None if v != v else v, lang, "", public) for v in df["total_market"]
            ],
        }
    )


def intensity_metrics(lang: str) -> list[tuple[str, str]]:
    """(title, column) of every intensity, for `charts.frame_panels`."""
    return [(t(spec.metric, lang), spec.column) for spec in INTENSITIES]


def partner_rows(partners: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Coordinator only: every partner by market-based total, with sector and intensities."""
    p = partners.sort_values("kg_total_market", ascending=False)
    table = pd.DataFrame(
        {
            t("col_partner", lang): p["name"],
            t("col_sector", lang): [sector_name(s, lang) for s in p["sector"]],
            t("col_total", lang): [tonnes(v, lang) for v in p["kg_total_market"]],
        }
    )
    for spec in INTENSITIES:
        if spec.column in p:
            table[t(spec.metric, lang)] = [fmt_number(v, lang, spec.decimals) for v in p[spec.column]]
    return table


def failure_rows(failed: list[dict], missing: list[str], lang: str) -> pd.DataFrame:
    """Coordinator only: who failed the checks (first five messages) and who did not report."""
    partner, status, messages = t("col_partner", lang), t("col_status", lang), t("col_messages", lang)
    rows = [
        {
            partner: f["partner"],
            status: t("failed_status", lang),
            messages: " | ".join(f.get("messages", [])[:5]),
        }
        for f in failed
    ]
    rows += [{partner: m, status: t("missing", lang), messages: ""} for m in missing]
    return pd.DataFrame(rows)
