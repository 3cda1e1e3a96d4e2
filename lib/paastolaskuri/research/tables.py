"""The microdata tables (--microdata) built from the processed year tables: partner_years, category_years, lines.

Nothing free-text leaves here: no name, site, note, contact or source text; partners are named by
pseudonym only; sizes become bands (research.disclosure) and rare categories and activities merge.
No size can be derived: totals (3 significant digits) stand beside intensity bands only, never
beside a precise intensity; line counts, biogenic CO2 and line quantities are bands that k partners
share (research.bands). Every magnitude arrives here already multiplied by its partner's noise
factor (research.noise), so no line's kg ÷ its public factor, and no sum of a partner's lines, is
within ±p % of the truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from paastolaskuri.accounting.calculation import on_basis
from paastolaskuri.accounting.metrics import INTENSITY_COLUMNS
from paastolaskuri.commitments.store import NO_TARGETS
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.disclosure import rules
from paastolaskuri.reporting.processed_schema import read_year_table
from paastolaskuri.research.bands import banded_by
from paastolaskuri.research.disclosure import QI_COLUMNS, generalise, levels_at, released_values
from paastolaskuri.research.schema import CATEGORY_YEARS, LINES, PARTNER_YEARS

TOTALS = {
    "kg_scope1": "t_scope1",
    "kg_scope2_location": "t_scope2_location",
    "kg_scope2_market": "t_scope2_market",
    "kg_scope3": "t_scope3",
    "kg_total_location": "t_total_location",
    "kg_total_market": "t_total_market",
}


@dataclass
class Processed:
    """The processed year tables of the workspace: partners (all years) and emissions (requested years)."""

    partners: pd.DataFrame  # every processed year: consent is read from the newest
    emissions: pd.DataFrame  # the requested years only


@dataclass
class ResearchTables:
    """The released tables and what disclosure control did."""

    partner_years: pd.DataFrame
    category_years: pd.DataFrame
    lines: pd.DataFrame | None
    counts: dict = field(default_factory=dict)
    # pseudonym -> partner ID of the released partners: for the audit in memory, never written
    partner_of: dict = field(default_factory=dict)


def load_processed(ws: Workspace, years: list[int]) -> Processed:
    """Partners of every processed year and emissions of `years`, from Parquet (or CSV for older runs).

    Parameters
    ----------
    ws
        The workspace.
    years
        The years whose emission lines are read (partners are read for every processed year).

    Returns
    -------
    Processed
        ``partners`` (one row per partner and year) and ``emissions`` (one row per line and basis).

    Examples
    --------
    >>> data = load_processed(Workspace.at("demo"), [2024])
    >>> sorted(data.emissions["year"].unique().tolist())
    [2024]
    """
    partner_frames, emission_frames = [], []
    for year in ws.processed_years():
        d = ws.processed_dir(year)
        partners = read_year_table(d, "partners")
        if partners is None or partners.empty:
            continue
        partners = partners.assign(year=year)
        if "research_use" not in partners:  # processed before the consent field existed: no consent
            partners["research_use"] = False
        partner_frames.append(partners)
        if year in years:
            emissions = read_year_table(d, "emissions")
            if emissions is not None and not emissions.empty:
                emission_frames.append(emissions.assign(year=year))
    partners = pd.concat(partner_frames, ignore_index=True) if partner_frames else pd.DataFrame()
    emissions = pd.concat(emission_frames, ignore_index=True) if emission_frames else pd.DataFrame()
    return Processed(partners, emissions)


def published(values: pd.Series, digits: int = rules.SIGNIFICANT_DIGITS) -> pd.Series:
    """Each value rounded with `rules.round_published` (NaN stays NaN)."""
    x = pd.to_numeric(values, errors="coerce").astype("float64")
    return x.map(lambda v: rules.round_published(v, digits))


def _quality_shares(emissions: pd.DataFrame) -> pd.DataFrame:
    market = on_basis(emissions, "market")
    em = emissions.loc[market, ["pseudonym", "year", "kg_co2e", "quality", "confidence", "own_factor_used"]]
    kg = em["kg_co2e"].astype(float)
    parts = pd.DataFrame(
        {
            "pseudonym": em["pseudonym"],
            "year": em["year"],
            "kg": kg,
            "est": kg.where(em["quality"].astype(str) != "measured", 0.0),
            "unv": kg.where(em["confidence"].astype(str) == "unverified", 0.0),
            "own": kg.where(em["own_factor_used"].astype(str).str.lower() == "true", 0.0),
        }
    )
    sums = parts.groupby(["pseudonym", "year"]).sum()
    total = sums["kg"].where(sums["kg"] != 0)
    return pd.DataFrame(
        {
            "share_kg_estimated": sums["est"] / total,
            "share_kg_unverified": sums["unv"] / total,
            "share_kg_own_factor": sums["own"] / total,
        }
    ).reset_index()


def partner_years(partners: pd.DataFrame, k: int) -> tuple[pd.DataFrame, dict]:
    """One row per released partner-year; quasi-identifiers from the partner's last year, k-anonymised.

    The data-quality shares by CO2e come from the emissions afterwards (`with_quality_shares`).
    """
    last = partners.sort_values("year", kind="stable").groupby("pseudonym").tail(1).set_index("pseudonym")
    presence = partners.groupby("pseudonym")["year"].apply(lambda s: tuple(sorted(int(y) for y in s)))
    qi = last[["section", "employees_fte", "floor_area_m2", "revenue_eur", "base_year"]].assign(
        presence=presence
    )
    result = generalise(qi, k)
    kept = partners[~partners["pseudonym"].isin(result.suppressed)]
    out = kept[["pseudonym", "year"]].join(result.released, on="pseudonym")
    for source, target in TOTALS.items():
        out[target] = published(kept[source] / 1000.0)
    for column in INTENSITY_COLUMNS:
        out[f"{column}_band"] = banded_by(kept, column, ["year"], k)
    out["lines_band"] = banded_by(kept, "lines", ["year"], k)
    out["biogenic_co2_band"] = banded_by(kept.assign(t=kept["kg_biogenic_co2"] / 1000.0), "t", ["year"], k)
    out["share_lines_estimated"] = pd.to_numeric(kept["share_estimated"]).round(3)
    out["factor_set"] = kept["factor_set"].to_numpy()
    out["gwp_set"] = kept["gwp_set"].to_numpy()
    status = (
        kept["commitment_status"] if "commitment_status" in kept else pd.Series(NO_TARGETS, index=kept.index)
    )
    out["commitment_status"] = status.fillna(NO_TARGETS).replace("", NO_TARGETS).to_numpy()
    out = out.reindex(columns=PARTNER_YEARS.names).sort_values(["pseudonym", "year"]).reset_index(drop=True)
    exact = _ungeneralised(qi.loc[result.released.index])
    counts = {
        "partners_suppressed": len(result.suppressed),
        "partner_years_suppressed": int(len(partners) - len(kept)),
        "partners_generalised": {c: int((result.released[c] != exact[c]).sum()) for c in QI_COLUMNS},
    }
    return out, counts


def with_quality_shares(partner_years: pd.DataFrame, emissions: pd.DataFrame) -> pd.DataFrame:
    """Partner-years with the shares of CO2e from estimated lines, unverified factors and own factors."""
    if emissions.empty:
        return partner_years
    shares = _quality_shares(emissions).round(3)
    out = partner_years.drop(columns=list(shares.columns[2:])).merge(
        shares, on=["pseudonym", "year"], how="left"
    )
    return out.reindex(columns=PARTNER_YEARS.names)


def _ungeneralised(qi: pd.DataFrame) -> pd.DataFrame:
    rows = [released_values(r, levels_at(0)) for r in qi.to_dict(orient="records")]
    return pd.DataFrame(rows, index=qi.index, columns=list(QI_COLUMNS))


def _rare(frame: pd.DataFrame, column: str, k: int) -> pd.Series:
    """True where fewer than k partners use the value of `column` in that year."""
    users = frame.groupby(["year", column])["pseudonym"].transform("nunique")
    return users < k


def category_years(emissions: pd.DataFrame, k: int) -> tuple[pd.DataFrame, int]:
    """Per partner, year, scope and category: t CO2e on each Scope 2 basis; rare categories merged."""
    market, location = on_basis(emissions, "market"), on_basis(emissions, "location")
    em = emissions[["pseudonym", "year", "scope", "category", "kg_co2e"]].copy()
    em["scope"] = em["scope"].astype(int)
    em["m"] = np.where(market, em["kg_co2e"], 0.0)
    em["l"] = np.where(location, em["kg_co2e"], 0.0)
    rare = _rare(em, "category", k)
    em.loc[rare, "category"] = "s" + em.loc[rare, "scope"].astype(str) + "_other"
    merged = int(rare.sum())
    out = em.groupby(["pseudonym", "year", "scope", "category"], as_index=False)[["m", "l"]].sum()
    out["t_co2e_market"] = published(out["m"] / 1000.0)
    out["t_co2e_location"] = published(out["l"] / 1000.0)
    return out.reindex(columns=CATEGORY_YEARS.names), merged


def lines_table(emissions: pd.DataFrame, k: int) -> tuple[pd.DataFrame, int]:
    """Every emission row of the released partners, without any free text; rare activities generalised."""
    em = emissions[
        [
            "pseudonym",
            "year",
            "row",
            "activity",
            "quantity",
            "unit",
            "quality",
            "basis",
            "scope",
            "category",
            "kg_co2e",
        ]
    ].copy()
    em["scope"] = em["scope"].astype(int)
    em["line"] = em.groupby(["pseudonym", "year"])["row"].rank(method="dense").astype(int)
    rare_category = _rare(em, "category", k)
    em.loc[rare_category, "category"] = "s" + em.loc[rare_category, "scope"].astype(str) + "_other"
    rare_activity = _rare(em, "activity", k)
    em.loc[rare_activity, "activity"] = em.loc[rare_activity, "category"]
    em["quality"] = em["quality"].fillna("")
    em["quantity_band"] = banded_by(em, "quantity", ["year", "activity", "unit"], k)
    em["kg_co2e"] = published(em["kg_co2e"])
    out = em.reindex(columns=LINES.names).sort_values(["pseudonym", "year", "line", "basis"], kind="stable")
    return out.reset_index(drop=True), int(rare_activity.sum())
