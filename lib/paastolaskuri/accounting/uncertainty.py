"""How sure we are: a seeded, vectorised Monte Carlo of footprint totals (IPCC Approach 2).

Every emission line's kg CO2e is drawn as kg × F × A: F the multiplier of its factor, A that of its
activity line's quantity. Both are lognormal with median 1 and a 95 % range of [1/(1+U), 1+U] for a
stated 95 % half-width U (σ = ln(1+U) / 1.96). Lognormal, not normal: factors and quantities cannot
be negative, and the default ranges here are wide (up to ±100 %), where a normal draw would go below
zero; for small U the two agree. The 95 % interval of a total is the 2.5th and 97.5th percentile of
its draws.

Sharing: one draw of a factor is used by every line (and, in a network, every partner) whose
emission line carries that factor id, so a shared factor's error adds up instead of cancelling. A
line's own factor is drawn for that line alone; an activity line's quantity is drawn once and used by
all its bases (location, market, WTT). Between two years a factor id present in both is drawn once,
so an unchanged factor's error cancels in the change, as it does in reality.

Defaults (95 % half-widths) when the factor set carries no `uncertainty` column:
FACTOR_UNCERTAINTY by confidence mark, SPEND_FACTOR_UNCERTAINTY for spend (EUR) factors,
ACTIVITY_UNCERTAINTY by the line's quality. Their sources and marks are in UNCERTAINTY_SOURCES.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from paastolaskuri.accounting.calculation import TOTAL_KEYS, basis_totals, scope_masks
from paastolaskuri.accounting.factors import UNCERTAINTY_COLUMN

DRAWS = 10_000
SEED = 20261207  # fixed: the same input gives the same interval on every run
Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal
_CHUNK_CELLS = 4_000_000  # draws × lines held at once (32 MB of float64): bounds memory for big files

#: 95 % half-width of a factor by its confidence mark (a fraction of the value)
FACTOR_UNCERTAINTY = {
    "definition": 0.0,  # a value true by definition (a unit conversion)
    "seen-in-source": 0.10,
    "derived-from-seen": 0.20,
    "unverified": 0.50,
    "own factor": 0.20,
}
SPEND_FACTOR_UNCERTAINTY = 1.0  # spend-based (environmentally extended input-output) factors
#: 95 % half-width of a quantity by the line's data quality (template column "Laatu / Quality")
ACTIVITY_UNCERTAINTY = {"measured": 0.05, "estimated": 0.30}
ACTIVITY_UNCERTAINTY_BLANK = 0.30  # no quality given: treated as estimated
UNCERTAINTY_SOURCES = {
    "method": {
        "publisher": "IPCC",
        "document": "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol. 1 Ch. 3 "
        "Uncertainties, section 3.2.3.2 (Approach 2: Monte Carlo simulation)",
        "year": 2006,
        "confidence": "unverified",
        "note": "the chapter was found (table of contents seen) but its tables were not read; the "
        "lognormal choice and the ranges below are this project's, stated so that they can be replaced. "
        "Searched again (h25b, 2026-12-07): the stored copies of ch. 3 (scribd.com 'V1_3_Ch3_Uncertainties') "
        "hold only its contents pages; the default ranges the 2006 Guidelines give are per source "
        "category in the sector volumes (e.g. Vol. 3 Table 4.23, lead production: production data "
        "±10 %, default factor ±50 %, seen in a secondary copy, climate-policy-watcher.org), none by "
        "confidence mark or source type as used here",
        "url": "https://ja.scribd.com/document/236134928/V1-3-Ch3-Uncertainties",
    },
    "method.ghg_protocol": {
        "publisher": "WRI/WBCSD",
        "document": "GHG Protocol guidance on uncertainty assessment in GHG inventories and calculating "
        "statistical parameter uncertainty (with the GHG Protocol Uncertainty Tool)",
        "year": None,  # the copy seen shows no date
        "confidence": "unverified",
        "note": "found (contents and overview seen, docplayer.net copy); the tool asks the user to assign "
        "an uncertainty range to each activity datum and factor (OpenEI's description of the tool) and "
        "gives no default ranges by source type, so it supplies none of the values below",
        "url": "https://openei.org/wiki/The_Greenhouse_Gas_Protocol_Initiative:_Measurement_and_Estimation_of_Uncertainty_of_GHG_Emissions",
    },
    "activity.measured": {
        "publisher": "IPCC",
        "document": "Good Practice Guidance and Uncertainty Management (2000), Energy chapter: default "
        "uncertainty of fossil fuel combustion data from energy statistics, ±5 %",
        "year": 2000,
        "confidence": "seen-in-source",
        "note": "seen in a secondary copy (climate-policy-watcher.org, 'Activity data uncertainties'); "
        "applied here to a partner's metered or invoiced quantities",
    },
    "activity.estimated": {"confidence": "unverified", "range": "±20 % to ±50 %; ±30 % used"},
    "factor.seen-in-source": {"confidence": "unverified", "range": "±5 % to ±20 %; ±10 % used"},
    "factor.derived-from-seen": {"confidence": "unverified", "range": "±10 % to ±30 %; ±20 % used"},
    "factor.unverified": {"confidence": "unverified", "range": "±30 % to ±100 %; ±50 % used"},
    "factor.own factor": {"confidence": "unverified", "range": "±10 % to ±30 %; ±20 % used"},
    "factor.spend": {"confidence": "unverified", "range": "±50 % to ±200 %; ±100 % used"},
}


def sigma(half_width) -> np.ndarray:
    """The log-standard deviation of a median-1 lognormal whose 95 % upper bound is 1 + half_width."""
    return np.log1p(np.maximum(np.asarray(half_width, dtype="float64"), 0.0)) / Z95


@dataclass(frozen=True)
class UncertainLines:
    """What the simulation needs: per emission line its values, factor and activity draw, and sigmas.

    kg_by_total: (lines, K) kg per total; factor_index / activity_index: which factor / activity draw each
    line uses; factor_sigma / activity_sigma: the log-sd of each factor / activity draw.
    """

    kg_by_total: np.ndarray
    factor_index: np.ndarray
    factor_sigma: np.ndarray
    activity_index: np.ndarray
    activity_sigma: np.ndarray
    keys: tuple[str, ...] = TOTAL_KEYS
    activity_mu: np.ndarray | None = None  # log-mean of each activity draw (pooled draws); None: all 0


def simulate(lines: UncertainLines, draws: int = DRAWS, seed: int = SEED) -> np.ndarray:
    """(draws, K) simulated totals: each draw multiplies every line by its factor and activity draws."""
    rng = np.random.default_rng(seed)
    n_lines = len(lines.factor_index)
    out = np.empty((draws, lines.kg_by_total.shape[1]))
    if n_lines == 0:
        out[:] = 0.0
        return out
    chunk = max(1, _CHUNK_CELLS // max(n_lines, 1))
    for start in range(0, draws, chunk):
        k = min(chunk, draws - start)
        f = np.exp(rng.standard_normal((k, len(lines.factor_sigma))) * lines.factor_sigma)
        a = rng.standard_normal((k, len(lines.activity_sigma))) * lines.activity_sigma
        if lines.activity_mu is not None:
            a += lines.activity_mu
        a = np.exp(a)
        out[start : start + k] = (f[:, lines.factor_index] * a[:, lines.activity_index]) @ lines.kg_by_total
    return out


def interval(samples: np.ndarray) -> np.ndarray:
    """(K, 2): the 2.5th and 97.5th percentile of each column of `samples`."""
    return np.percentile(samples, [2.5, 97.5], axis=0).T


def total_values(emissions: pd.DataFrame) -> np.ndarray:
    """(lines, len(TOTAL_KEYS)) each emission line's kg in each total (0 where the total leaves it out)."""
    kg = emissions["kg_co2e"].to_numpy(dtype="float64")
    masks = scope_masks(emissions)
    cols = {k: np.where(m, kg, 0.0) for k, m in masks.items()}
    cols["biogenic_co2"] = emissions["kg_co2_biogenic"].to_numpy(dtype="float64")
    cols.update(basis_totals(cols))
    return np.column_stack([cols[k] for k in TOTAL_KEYS]) if len(kg) else np.zeros((0, len(TOTAL_KEYS)))


def factor_half_width(
    emissions: pd.DataFrame, set_uncertainty: Mapping[str, float] | None = None
) -> np.ndarray:
    """Each emission line's factor 95 % half-width: the set's `uncertainty` column, else the defaults.

    A line that combines several factor rows (CO2 + CH4 + N2O) takes the widest of them.
    """
    conf = emissions["confidence"].astype(str).to_numpy()
    ids = emissions["factor_id"].astype(str).to_numpy()
    spend = emissions["activity"].astype(str).str.startswith("spend_").to_numpy()
    out = np.array([FACTOR_UNCERTAINTY.get(c, FACTOR_UNCERTAINTY["unverified"]) for c in conf])
    out = np.where(spend & (conf != "own factor"), SPEND_FACTOR_UNCERTAINTY, out)
    if set_uncertainty:
        for i, fid in enumerate(ids):
            stated = [set_uncertainty[p] for p in fid.split("+") if p in set_uncertainty]
            if stated:
                out[i] = max(stated)
    return out


def activity_half_width(emissions: pd.DataFrame) -> np.ndarray:
    """Each emission line's quantity 95 % half-width from its quality (measured / estimated / blank)."""
    quality = emissions["quality"] if "quality" in emissions.columns else pd.Series([None] * len(emissions))
    return np.array(
        [ACTIVITY_UNCERTAINTY.get(str(q), ACTIVITY_UNCERTAINTY_BLANK) for q in quality], dtype="float64"
    )


def set_uncertainties(factors: pd.DataFrame) -> dict[str, float]:
    """Factor id -> 95 % half-width (fraction) from a set's optional `uncertainty` column (percent)."""
    if UNCERTAINTY_COLUMN not in factors.columns:
        return {}
    out = {}
    for fid, u in zip(factors["factor_id"], factors[UNCERTAINTY_COLUMN], strict=True):
        try:
            out[str(fid)] = float(u) / 100.0
        except (TypeError, ValueError):
            continue  # a blank cell: the default applies
    return out


@dataclass(frozen=True)
class PartYear:
    """One partner-year's emission lines for the simulation, with its sign (-1 for the earlier year)."""

    partner: str
    emissions: pd.DataFrame
    sign: float = 1.0
    set_uncertainty: Mapping[str, float] | None = None


def _part_keys(n: int, p: PartYear) -> pd.DataFrame:
    """One partner-year's emission lines as draw keys: factor key, activity-line id, quantity, widths."""
    em = p.emissions
    fid = em["factor_id"].astype(str).reset_index(drop=True)
    li_col = "line_index" if "line_index" in em.columns else ("row" if "row" in em.columns else None)
    li = em[li_col].astype(str).reset_index(drop=True) if li_col else pd.Series(range(len(em))).astype(str)
    own = (em["confidence"].astype(str) == "own factor").reset_index(drop=True)
    # an own factor or a line with no factor id is its own, unshared draw
    unshared = own | fid.isin(["", "nan"])
    prefix = f"{n}:"
    qty = em["quantity"].to_numpy(dtype="float64") if "quantity" in em.columns else np.ones(len(em))
    return pd.DataFrame(
        {
            "fkey": fid.where(~unshared, prefix + li + ":" + fid),
            "line": prefix + li,
            "activity": em["activity"].astype(str).to_numpy() if "activity" in em.columns else "",
            "unit": em["unit"].astype(str).to_numpy() if "unit" in em.columns else "",
            "q": np.nan_to_num(qty),
            "f_hw": factor_half_width(em, p.set_uncertainty),
            "a_hw": activity_half_width(em),
        }
    )


def _pooled_activity(keys: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(group index per emission line, mu, sigma per group) of the pooled activity draws.

    Activity lines of one partner-year with the same activity, unit, width and factor keys give
    emission lines proportional to their quantity, so their errors enter every total through one
    sum, sum(q_l x A_l). That sum is drawn as one lognormal with the sum's mean and variance (the
    Fenton-Wilkinson approximation; exact for a group of one line), which keeps 5 000 lines fast.
    """
    lines, _ = pd.factorize(keys["line"])
    fcodes, funiq = pd.factorize(keys["fkey"])
    # a line's signature: the sum (mod 2**64) of a fixed random tag per factor key it draws
    tags = np.random.default_rng(0).integers(0, 2**63, size=len(funiq), dtype=np.uint64)
    signature = np.zeros(lines.max() + 1, dtype=np.uint64)
    np.add.at(signature, lines, tags[fcodes])
    part = keys["line"].str.split(":", n=1).str[0]
    table = pd.DataFrame(
        {
            "part": part,
            "activity": keys["activity"],
            "unit": keys["unit"],
            "hw": keys["a_hw"],
            "sig": signature[lines],
        }
    )
    codes = table.groupby(list(table.columns), sort=False).ngroup().to_numpy()
    uniques = np.arange(codes.max() + 1)
    first = ~keys["line"].duplicated().to_numpy()  # one row per activity line
    s2 = sigma(keys["a_hw"].to_numpy()[first]) ** 2
    q = keys["q"].to_numpy()[first]
    g = codes[first]
    weight = np.bincount(g, weights=q, minlength=len(uniques))
    mean = np.bincount(g, weights=q * np.exp(s2 / 2), minlength=len(uniques))
    var = np.bincount(g, weights=q**2 * np.expm1(s2) * np.exp(s2), minlength=len(uniques))
    with np.errstate(divide="ignore", invalid="ignore"):
        m = np.where(weight > 0, mean / weight, 1.0)  # the group's multiplier: mean of sum / sum of q
        v = np.where(weight > 0, var / weight**2, 0.0)
        sig2 = np.log1p(v / m**2)
    return codes, np.log(m) - sig2 / 2, np.sqrt(sig2)


def build_lines(parts: Sequence[PartYear]) -> UncertainLines:
    """Stack partner-years into one UncertainLines: factor draws shared by id, activity draws pooled."""
    frames = [p for p in parts if p.emissions is not None and not p.emissions.empty]
    if not frames:
        z = np.zeros(0, dtype=np.int64)
        return UncertainLines(np.zeros((0, len(TOTAL_KEYS))), z, np.zeros(0), z, np.zeros(0))
    values = np.vstack([total_values(p.emissions) * p.sign for p in frames])
    keys = pd.concat([_part_keys(n, p) for n, p in enumerate(frames)], ignore_index=True)
    fcodes, funiq = pd.factorize(keys["fkey"])
    f_sigma = np.zeros(len(funiq))
    # a factor id seen with two widths (two set revisions) keeps the widest
    np.maximum.at(f_sigma, fcodes, sigma(keys["f_hw"].to_numpy()))
    acodes, a_mu, a_sigma = _pooled_activity(keys)
    # emission lines drawing the same factor and the same activity group move together: one row each
    pairs, first = np.unique(fcodes.astype(np.int64) * (len(a_sigma) + 1) + acodes, return_inverse=True)
    summed = np.zeros((len(pairs), values.shape[1]))
    np.add.at(summed, first, values)
    rows = np.zeros(len(pairs), dtype=np.int64)
    rows[first] = np.arange(len(first))
    return UncertainLines(summed, fcodes[rows], f_sigma, acodes[rows], a_sigma, activity_mu=a_mu)


def intervals_95(parts: Sequence[PartYear], draws: int = DRAWS, seed: int = SEED) -> dict[str, list[float]]:
    """{total key: [low, high]} in kg CO2e: the 95 % interval of the (signed) sum of `parts`."""
    lines = build_lines(parts)
    bounds = interval(simulate(lines, draws, seed))
    return {k: [float(lo), float(hi)] for k, (lo, hi) in zip(lines.keys, bounds, strict=True)}


def partner_interval(
    emissions: pd.DataFrame, set_uncertainty: Mapping[str, float] | None = None, **kw
) -> dict[str, list[float]]:
    """One partner-year's 95 % interval per total (the `interval_95` of `calc --format json`)."""
    return intervals_95([PartYear("", emissions, 1.0, set_uncertainty)], **kw)


def change_interval(
    old: pd.DataFrame, new: pd.DataFrame, old_u=None, new_u=None, **kw
) -> dict[str, list[float]]:
    """The 95 % interval of new - old per total, a factor id common to both years drawn once."""
    return intervals_95([PartYear("", old, -1.0, old_u), PartYear("", new, 1.0, new_u)], **kw)


def exceeds(change: float, bounds: Sequence[float]) -> bool:
    """True when a change is larger than its uncertainty: its 95 % interval does not hold zero."""
    low, high = bounds
    return bool(change != 0 and (low > 0 or high < 0))


def line_variances(
    emissions: pd.DataFrame, key: str = "total_market", set_uncertainty: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Each activity line's first-order variance in total `key` (lines independent): row, activity, kg_co2e, variance.

    variance = sum over its emission lines of kg² × (σ_factor² + σ_activity²), in kg².
    """
    if emissions.empty:
        return pd.DataFrame(columns=["row", "activity", "kg_co2e", "variance"])
    kg = total_values(emissions)[:, TOTAL_KEYS.index(key)]
    s2 = (
        sigma(factor_half_width(emissions, set_uncertainty)) ** 2 + sigma(activity_half_width(emissions)) ** 2
    )
    df = pd.DataFrame(
        {
            "row": emissions["row"].to_numpy() if "row" in emissions.columns else np.arange(len(emissions)),
            "activity": emissions["activity"].astype(str).to_numpy(),
            "kg_co2e": kg,
            "variance": kg**2 * s2,
        }
    )
    return df.groupby(["row", "activity"], as_index=False)[["kg_co2e", "variance"]].sum()


def top_contributors(
    emissions: pd.DataFrame, key: str = "total_market", n: int = 5, set_uncertainty=None
) -> pd.DataFrame:
    """The activity lines that add most to the variance of total `key` (first-order, lines independent).

    Columns: row, activity, kg_co2e, variance, share (of the summed variance, 0..1); largest first.
    """
    g = line_variances(emissions, key, set_uncertainty)
    return with_shares(g).head(n)


def with_shares(lines: pd.DataFrame) -> pd.DataFrame:
    """`lines` (with a variance column) with each line's share of their summed variance, largest first."""
    total = float(lines["variance"].sum()) if len(lines) else 0.0
    out = lines.assign(share=lines["variance"] / total if total > 0 else 0.0)
    return out.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
