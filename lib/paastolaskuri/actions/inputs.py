"""Where a partner-year's activity lines come from: a template/CSV file, or the workspace's processed data.

The processed emissions (one row per line × basis) are turned back into the engine's lines: the own
factor is the `own` row's per-unit factor, guarantees of origin are the `contract:go` row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from paastolaskuri.accounting.calculation import CONTRACT_GO, GO_FACTOR_ID, LINE_COLUMNS, OWN_FACTOR_ID
from paastolaskuri.accounting.factors import DEFAULT_GWP, FactorSet, find_factor_set
from paastolaskuri.commitments.store import PartnerTracking, track_partner
from paastolaskuri.core.errors import PaastolaskuriError
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.intake.price_sheet import PRICES_JSON, PartnerPrice, read_prices_json


@dataclass
class PartnerLines:
    """One partner-year's lines, the factor set they were calculated with, and who they are."""

    lines: pd.DataFrame
    factor_set: FactorSet
    gwp_set: str
    partner_id: str | None
    year: int | None
    sector: str | None = None  # the organisation's TOL code: decides the VAT basis of the prices
    prices: list[PartnerPrice] = field(default_factory=list)  # the partner's own prices (prices sheet)


class InputMissing(PaastolaskuriError):
    """No processed data for the partner and year (the run has not computed it)."""


def _text(values: pd.Series) -> np.ndarray:
    """Text values with missing ones as "" (a column read from CSV may be all-empty floats)."""
    return np.array(["" if pd.isna(v) else str(v) for v in values], dtype=object)


def lines_from_emissions(emissions: pd.DataFrame) -> pd.DataFrame:
    """The activity lines behind processed emission rows (own factors and GO contracts restored)."""
    if emissions.empty:
        return pd.DataFrame(columns=LINE_COLUMNS)
    em = emissions.copy()
    em["factor_id"] = em["factor_id"].fillna("").astype(str)
    keep = ~em["basis"].isin(["wtt", "td_loss"])
    first = em[keep].drop_duplicates("row", keep="first").set_index("row")
    own = em[keep & (em["factor_id"] == OWN_FACTOR_ID)].drop_duplicates("row").set_index("row")
    go = set(em.loc[keep & (em["factor_id"] == GO_FACTOR_ID), "row"])
    lines = pd.DataFrame(
        {
            "row": first.index.astype(int),
            "site": _text(first["site"]),
            "activity": first["activity"].astype(str).to_numpy(),
            "quantity": first["quantity"].astype(float).to_numpy(),
            "unit": first["unit"].astype(str).to_numpy(),
            "own_factor": own["kg_co2e_per_unit"].reindex(first.index).astype(float).to_numpy(),
            "own_factor_source": _text(own["source"].reindex(first.index)),
            "contract": np.where(first.index.isin(list(go)), CONTRACT_GO, ""),
            "quality": _text(first["quality"]),
            "note": _text(first["note"]),
        }
    )
    return lines[LINE_COLUMNS]


def lines_from_workspace(workspace: Path | str, year: int, partner_id: str) -> PartnerLines:
    """A computed partner-year from data/processed/<year>/partners/<id>/ (InputMissing if absent).

    Parameters
    ----------
    workspace
        The workspace folder.
    year
        The reporting year.
    partner_id
        The partner's ID.

    Returns
    -------
    PartnerLines
        The lines, the factor set and GWP set they were computed with, partner and year.

    Raises
    ------
    InputMissing
        When the partner-year has not been computed (``paastolaskuri run``).

    Examples
    --------
    >>> pl = lines_from_workspace("demo", 2024, "demo-saha")
    >>> pl.partner_id, pl.year
    ('demo-saha', 2024)
    """
    ws = Workspace.at(workspace)
    d = ws.partner_processed_dir(int(year), partner_slug(partner_id))
    if not (d / "emissions.csv").is_file() or not (d / "totals.json").is_file():
        raise InputMissing(str(d))
    totals = json.loads((d / "totals.json").read_text(encoding="utf-8"))
    org_file = d / "organisation.json"
    org = json.loads(org_file.read_text(encoding="utf-8")) if org_file.is_file() else {}
    emissions = pd.read_csv(d / "emissions.csv", keep_default_na=False, na_values=[""])
    return PartnerLines(
        lines_from_emissions(emissions),
        find_factor_set(totals["factor_set"], ws.root),
        totals.get("gwp_set") or DEFAULT_GWP,
        totals.get("partner_id") or str(partner_id),
        int(year),
        (org or {}).get("sector"),
        read_prices_json(d / PRICES_JSON),
    )


def partner_ids(workspace: Path | str, year: int) -> list[str]:
    """The partner ids computed for the year (from partners.csv), for the network potentials."""
    f = Workspace.at(workspace).processed_dir(int(year)) / "partners.csv"
    if not f.is_file() or f.stat().st_size <= 1:
        return []
    return [str(x) for x in pd.read_csv(f, dtype={"partner_id": str})["partner_id"]]


def required_reduction(workspace: Path | str, year: int, partner_id: str) -> float | None:
    """The reduction (kg CO2e a year) still needed to reach the partner's commitment, or None.

    Compared with the actions' market-based totals, so only absolute targets on the whole footprint
    (coverage scope123) count: target value minus the latest measured value, the largest such gap.
    None when the partner recorded no such target.

    Parameters
    ----------
    workspace
        The workspace folder.
    year
        The reporting year.
    partner_id
        The partner's ID.

    Returns
    -------
    float or None
        kg CO2e a year.

    Examples
    --------
    >>> gap = required_reduction("demo", 2024, "demo-saha")
    >>> gap is None or gap >= 0
    True
    """
    return reduction_still_needed(track_partner(Workspace.at(workspace), str(partner_id), int(year)))


def reduction_still_needed(tracked: PartnerTracking) -> float | None:
    """`required_reduction` of a partner's tracked commitments (kg CO2e a year), or None without such a target."""
    gaps = [
        max(0.0, t.latest_value - t.target_value) * 1000.0
        for t in tracked.targets
        if t.kind == "absolute"
        and t.coverage == "scope123"
        and t.latest_value is not None
        and t.target_value is not None
    ]
    return max(gaps) if gaps else None
