"""The partner report's energy balance section: MWh by carrier, renewable and not, a table and a chart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.reporting import charts
from paastolaskuri.reporting.blocks import Block, heading, paragraph
from paastolaskuri.reporting.html import compose
from paastolaskuri.reporting.presentation import fmt_number
from paastolaskuri.reporting.report_texts import t

RENEWABLE_COLOUR = "#2f7d5b"
NON_RENEWABLE_COLOUR = "#9a9a9a"


def energy_rows(energy: dict, lang: str) -> pd.DataFrame:
    """The table: carrier, renewable MWh, non-renewable MWh, total MWh (one decimal), a total row last."""
    catalogue = load_catalogue()
    carriers = energy["by_carrier"]
    names = [catalogue[c["carrier"]].label(lang) for c in carriers] + [t("col_total_row", lang)]
    ren = [c["renewable_mwh"] for c in carriers] + [energy["renewable_mwh"]]
    non = [c["non_renewable_mwh"] for c in carriers] + [energy["non_renewable_mwh"]]
    tot = [c["mwh"] for c in carriers] + [energy["total_mwh"]]
    return pd.DataFrame(
        {
            t("col_carrier", lang): names,
            t("col_renewable_mwh", lang): [fmt_number(v, lang, 1) for v in ren],
            t("col_non_renewable_mwh", lang): [fmt_number(v, lang, 1) for v in non],
            t("col_mwh", lang): [fmt_number(v, lang, 1) for v in tot],
        }
    )


def energy_bars(energy: dict, lang: str):
    """Horizontal bars per carrier, renewable and non-renewable stacked, in MWh (the first at the top)."""
    catalogue = load_catalogue()
    carriers = energy["by_carrier"][::-1]
    labels = [catalogue[c["carrier"]].label(lang) for c in carriers]
    ren = np.array([c["renewable_mwh"] for c in carriers], dtype=float)
    non = np.array([c["non_renewable_mwh"] for c in carriers], dtype=float)
    fig, ax = charts.figure(7.5, 0.45 * max(len(labels), 3) + 1.2)
    ax.barh(labels, ren, color=RENEWABLE_COLOUR, label=t("col_renewable_mwh", lang))
    ax.barh(labels, non, left=ren, color=NON_RENEWABLE_COLOUR, label=t("col_non_renewable_mwh", lang))
    ax.set_xlabel("MWh")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncols=2, frameon=False)
    charts.number_axis(ax, "x", lang)
    return fig


def energy_section(energy: dict | None, lang: str) -> Block:
    """The section: a lead sentence, the chart, the table, the renewable rule, and lines left out."""
    title = heading(2, t("energy", lang))
    if not energy or not energy["by_carrier"]:
        return compose(title, paragraph(t("energy_none", lang)))
    total, renewable = energy["total_mwh"], energy["renewable_mwh"]
    share = fmt_number(100 * renewable / total, lang, 0) if total else "0"
    lead = t(
        "energy_lead",
        lang,
        total=fmt_number(total, lang, 1),
        renewable=fmt_number(renewable, lang, 1),
        share=share,
    )
    rows = ", ".join(f"{u['row']} ({u['activity']}, {u['unit']})" for u in energy.get("unconverted", []))
    return compose(
        title,
        paragraph(lead),
        energy_bars(energy, lang),
        energy_rows(energy, lang),
        paragraph(t("energy_rule", lang), "pl-sub"),
        paragraph(t("energy_unconverted", lang, rows=rows), "pl-flag") if rows else None,
        alt=t("energy", lang),
    )
