"""The attacks: each takes what an attacker sees (`outputs.Seen`) and the truth (`networks.Truth`) and
returns the partner figures it recovered within ±P_PERCENT (an empty list: the attack failed).

The attacker matches a published number to a figure "at the published precision": the figure
rounded to the decimals the number was written with equals the number. Only numbers written with
at least MIN_DIGITS significant digits count (shorter ones match unrelated figures by chance): a
figure published with 3 significant digits is not tried, which is the rounding rule's protection
only in part (see README.md, "What the suite does not see").
Thresholds come from paastolaskuri.disclosure.rules, never copied.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from networks import INJECT_MARKER, Truth
from outputs import Seen

from paastolaskuri.disclosure.rules import (
    MIN_CONTRIBUTORS,
    P_PERCENT,
    SIGNIFICANT_DIGITS,
    dominance_sensitive,
    order_statistics_allowed,
)

MIN_DIGITS = 4  # fewer digits match unrelated figures by chance (tests/disclosure_checks.py: the same)
DIFFERENCE_DIGITS = 4  # differences and interpolations: the same precision
INTENSITIES = {"t_per_fte": "employees_fte", "kg_per_m2": "floor_area_m2", "t_per_meur": "revenue_eur"}
# size = total (t) * SIZE_FACTOR / intensity
SIZE_FACTOR = {"t_per_fte": 1.0, "kg_per_m2": 1000.0, "t_per_meur": 1.0e6}
TOTAL_COLUMNS = ("t_total_market", "kg_total_market")
SCOPES = {"kg_scope1": "Scope 1", "kg_scope2_market": "Scope 2 (market)", "kg_scope3": "Scope 3"}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Recovered:
    """A partner figure the attacker recovered: which, the true value, the attacker's estimate, how."""

    partner: str
    year: int
    figure: str
    true: float
    estimate: float
    how: str

    def __str__(self) -> str:
        return f"{self.partner} {self.year} {self.figure}: {self.estimate:.6g} (true {self.true:.6g}) by {self.how}"


@dataclass(frozen=True)
class Cell:
    """A published-or-withheld aggregate of one year: its label and each contributor's amount (t)."""

    year: int
    label: str
    parts: dict[str, float]

    @property
    def total(self) -> float:
        """The cell's value, t."""
        return sum(self.parts.values())


def within(estimate: float, true: float, p: float = P_PERCENT) -> bool:
    """True when `estimate` is within ±p % of `true`."""
    return abs(estimate - true) <= p / 100.0 * abs(true)


def significant_digits(value: float, decimals: int) -> int:
    """The significant digits of a number written with `decimals` decimals (1975,6 -> 5; 49,35 -> 4).

    A whole number's trailing zeros are not significant (1 700 -> 2): a figure rounded to the
    hundreds reads the same as an exact one, and a reader cannot tell them apart.
    """
    if not value:
        return 0
    digits = str(abs(round(value * 10**decimals)))
    return len(digits.rstrip("0")) if decimals == 0 else len(digits)


def at_precision(figure: float, published: float, decimals: int) -> bool:
    """True when `figure` rounded to `decimals` decimals is `published` (and both are non-zero)."""
    if not figure or not published:
        return False
    return abs(round(figure, decimals) - published) <= 0.5 * 10.0**-decimals + 1e-9 * abs(published)


def precise_numbers(seen: Seen, digits: int = MIN_DIGITS) -> list[tuple[float, int]]:
    """The published numbers with at least `digits` significant digits, deduplicated (100: a share total)."""
    return sorted({(v, d) for v, d in seen.numbers if significant_digits(v, d) >= digits and v != 100})


def others(seen: Seen, truth: Truth, years: list[int] | None = None) -> pd.DataFrame:
    """The partner-years the attacker does not own, up to the output's year."""
    p = truth.partners
    p = p[p["year"] <= seen.year] if years is None else p[p["year"].isin(years)]
    return p[p["partner_id"] != seen.viewer] if seen.viewer else p


# --- (a) order statistics ------------------------------------------------------------------------
def _groups(partners: pd.DataFrame, column: str):
    """(year, group label, values by partner) of every year's sections and the whole network."""
    for year, in_year in partners.groupby("year"):
        yield year, "network", in_year.set_index("partner_id")[column].dropna()
        for section, group in in_year.groupby("section"):
            yield year, f"section {section}", group.set_index("partner_id")[column].dropna()


def order_statistics(seen: Seen, truth: Truth) -> list[Recovered]:
    """A published number equal to, or linearly interpolating two adjacent, values of a group under 10.

    Values: each intensity and the market-based total (t). An interpolation at a quarter, half or
    three quarters between adjacent values: the viewer in the pair solves the other exactly; an
    outsider takes the number itself as each value within ±p %.
    """
    found = []
    partners = truth.partners[truth.partners["year"] <= seen.year].assign(
        t_total_market=lambda f: f["kg_total_market"] / 1000.0
    )
    numbers = [n for n in precise_numbers(seen) if not _own(n, partners, seen.viewer)]
    by_decimals: dict[int, list[float]] = {}
    for value, decimals in numbers:
        if value:
            by_decimals.setdefault(decimals, []).append(value)
    for column in (*INTENSITIES, "t_total_market"):
        for year, label, values in _groups(partners, column):
            values = values[values > 0].sort_values()
            if len(values) < 2 or order_statistics_allowed(len(values)):
                continue
            ids, v = list(values.index), values.to_numpy(dtype=float)
            for decimals, published in by_decimals.items():
                # at_precision for every (partner value, published number) pair at once
                nums = np.asarray(published)
                tol = 0.5 * 10.0**-decimals + 1e-9 * np.abs(nums)
                equal = np.abs(np.round(v, decimals)[:, None] - nums[None, :]) <= tol[None, :]
                for i, j in zip(*np.nonzero(equal), strict=True):
                    if ids[i] != seen.viewer:
                        found.append(
                            Recovered(ids[i], year, column, v[i], nums[j], f"equal in {label} (n={len(v)})")
                        )
                # solving an interpolation needs a precise number
                precise = np.array([significant_digits(x, decimals) >= DIFFERENCE_DIGITS for x in nums])
                for f in (0.25, 0.5, 0.75):
                    between = np.round(v[:-1] + f * (v[1:] - v[:-1]), decimals)
                    hit = (np.abs(between[:, None] - nums[None, :]) <= tol[None, :]) & precise[None, :]
                    for i, j in zip(*np.nonzero(hit), strict=True):
                        found += _interpolated(
                            ids[i : i + 2], list(v[i : i + 2]), f, nums[j], seen, year, column, label
                        )
    return sorted(set(found), key=str)


def _own(number: tuple[float, int], partners: pd.DataFrame, viewer: str | None) -> bool:
    """True when the number is one of the viewer's own figures: it knows them, they prove nothing."""
    if viewer is None:
        return False
    mine = partners.loc[partners["partner_id"] == viewer, [*INTENSITIES, "t_total_market"]]
    return any(at_precision(float(x), *number) for x in mine.to_numpy().ravel() if x == x)


def _interpolated(ids, v, f, value, seen, year, column, label) -> list[Recovered]:
    how = f"{f:g}-interpolation in {label}"
    if seen.viewer in ids:  # the viewer knows its own value: the other one follows exactly
        if ids[0] == seen.viewer:
            return [Recovered(ids[1], year, column, v[1], v[0] + (value - v[0]) / f, how + " solved")]
        return [Recovered(ids[0], year, column, v[0], (value - f * v[1]) / (1 - f), how + " solved")]
    return [
        Recovered(pid, year, column, x, value, how) for pid, x in zip(ids, v, strict=True) if within(value, x)
    ]


# --- (b) ratio -------------------------------------------------------------------------------------
def ratio(seen: Seen, truth: Truth) -> list[Recovered]:
    """Total ÷ intensity in one row gives a size (FTE, m², revenue): recovered when one partner matches."""
    found = []
    for table in seen.tables:
        total_col = next((c for c in TOTAL_COLUMNS if c in table), None)
        if total_col is None:
            continue
        totals = pd.to_numeric(table[total_col], errors="coerce") / (
            1000.0 if total_col.startswith("kg") else 1
        )
        for column, size_field in INTENSITIES.items():
            if column not in table:
                continue
            intensity = pd.to_numeric(table[column], errors="coerce")
            for idx in table.index[(intensity > 0) & (totals > 0)]:
                year = int(table.loc[idx, "year"]) if "year" in table else seen.year
                size = totals[idx] * SIZE_FACTOR[column] / intensity[idx]
                found += _one_match(
                    truth, seen, year, size_field, size, totals[idx], f"{total_col} / {column}"
                )
    return sorted(set(found), key=str)


def _one_match(truth, seen, year, size_field, size, total_t, how) -> list[Recovered]:
    year_rows = others(seen, truth, [year])
    sizes = pd.to_numeric(year_rows[size_field], errors="coerce")
    mask = [
        s > 0 and within(size, s) and within(total_t, kg / 1000.0)
        for s, kg in zip(sizes.fillna(0), year_rows["kg_total_market"], strict=True)
    ]
    close = year_rows[mask]
    if len(close) != 1:
        return []
    row = close.iloc[0]
    return [Recovered(row["partner_id"], year, size_field, float(row[size_field]), size, how)]


# --- sensitive cells: what suppression must hide -----------------------------------------------------
def cells(truth: Truth, year: int) -> list[Cell]:
    """Every year's aggregates by scope, TOL section, category (market-based) and biogenic CO2, in t."""
    p = truth.year(year)
    out = []
    for column, label in SCOPES.items():
        out.append(Cell(year, label, _parts(p, column)))
    out.append(Cell(year, "biogenic CO2", _parts(p, "kg_biogenic_co2")))
    for section, group in p.groupby("section"):
        out.append(Cell(year, f"section {section}", _parts(group, "kg_total_market")))
    em = truth.emissions[(truth.emissions["year"] == year) & (truth.emissions["basis"] != "location")]
    for category, group in em.groupby("category"):
        kg = group.groupby("partner_id")["kg_co2e"].sum()
        out.append(Cell(year, f"category {category}", {k: v / 1000.0 for k, v in kg.items() if v}))
    return out


def _parts(frame: pd.DataFrame, column: str) -> dict[str, float]:
    values = pd.to_numeric(frame[column], errors="coerce").fillna(0.0)
    return {pid: v / 1000.0 for pid, v in zip(frame["partner_id"], values, strict=True) if v}


def sensitive(cell: Cell) -> bool:
    """True when the cell must not be published: under the threshold or p %-dominated."""
    return 0 < len(cell.parts) < MIN_CONTRIBUTORS or dominance_sensitive(cell.parts.values())


def _targets(seen: Seen, truth: Truth) -> list[tuple[Cell, str, float]]:
    """(cell, partner, figure) an attacker wants: each sensitive cell's value, named by its largest part."""
    out = []
    for year in sorted(truth.partners["year"].unique()):
        if year > seen.year:
            continue
        for cell in cells(truth, int(year)):
            if sensitive(cell):
                parts = {k: v for k, v in cell.parts.items() if k != seen.viewer}
                if parts:
                    largest = max(parts, key=parts.__getitem__)
                    out.append((cell, largest, parts[largest] if len(parts) == 1 else cell.total))
    return out


# --- (d) single- and two-contributor cells ---------------------------------------------------------------
def single_contributor(seen: Seen, truth: Truth) -> list[Recovered]:
    """A published number equal to a cell of one or two partners (or a p %-dominated one) of some year.

    This covers per-year rows (the committed pathway's years, the trend) when their value is one
    partner's scope or total: every partner's own total and scope totals are targets too.
    """
    found = []
    numbers = precise_numbers(seen)
    targets = [(c.label, c.year, pid, fig, c.total) for c, pid, fig in _targets(seen, truth)]
    for row in others(seen, truth, [seen.year]).itertuples():  # earlier years: their cells above
        for column in ("kg_total_market", "kg_scope1", "kg_scope2_market", "kg_scope3"):
            kg = getattr(row, column)
            scope12 = row.kg_scope1 + row.kg_scope2_market
            targets.append((column, row.year, row.partner_id, kg / 1000.0, kg / 1000.0))
        targets.append(("scope 1+2 (market)", row.year, row.partner_id, scope12 / 1000.0, scope12 / 1000.0))
    for label, year, pid, figure, cell_total in targets:
        for value, decimals in numbers:
            if at_precision(cell_total, value, decimals) and within(value, figure):
                found.append(Recovered(pid, year, label, figure, value, "published as a cell of itself"))
    return sorted(set(found), key=str)


def counts_of_one(seen: Seen) -> list[str]:
    """Public texts that show a count of one partner ("1 kumppani", "1 partner", a count cell of 1)."""
    hits = []
    for marker in ("1 kumppani", "1 partner", "(n = 1)", "(n=1)"):
        if marker in seen.text:
            hits.append(marker)
    return hits


# --- (c) differencing within one output and across publications --------------------------------------
def differencing(seen: Seen, truth: Truth) -> list[Recovered]:
    """The difference of two published numbers of one output equals a sensitive cell (at their precision).

    A total minus its published parts, a scope row minus a category row, a sector row minus
    another table's row: every pair of numbers is tried against every sensitive cell's value.
    """
    found = []
    numbers = [n for n in precise_numbers(seen, DIFFERENCE_DIGITS) if n[0] > 0]
    if len(numbers) < 2:
        return []
    values = np.array([v for v, _ in numbers])
    halves = np.array([0.5 * 10.0**-d for _, d in numbers])
    diff = values[:, None] - values[None, :]
    slack = halves[:, None] + halves[None, :]
    for cell, pid, figure in _targets(seen, truth):
        hits = np.argwhere((np.abs(diff - cell.total) <= slack) & (diff > 0))
        for i, j in hits:
            if within(diff[i, j], figure):
                how = f"{values[i]:g} - {values[j]:g}"
                found.append(Recovered(pid, cell.year, cell.label, figure, float(diff[i, j]), how))
    return sorted(set(found), key=str)


def rounding_half_unit(value: float, decimals: int) -> float:
    """How far a published number may lie from the figure behind it, as the attacker knows from the
    documentation: rounded to `rules.SIGNIFICANT_DIGITS` significant digits, printed with `decimals`."""
    if not value:
        return 0.5 * 10.0**-decimals
    exponent = math.floor(math.log10(abs(value))) - (SIGNIFICANT_DIGITS - 1)
    return max(0.5 * 10.0**exponent, 0.5 * 10.0**-decimals)


def bounded_within(low: float, high: float, true: float, p: float = P_PERCENT) -> bool:
    """True when everything the attacker cannot rule out, [low, high], lies within ±p % of `true`."""
    return within(low, true, p) and within(high, true, p)


def publication_difference(before: Seen, after: Seen, late: pd.Series) -> list[Recovered]:
    """Two publications of one year, before and after a `late` partner: a number minus its counterpart.

    The counterpart of a number of `after` that `before` does not print is the nearest smaller number
    of `before` (a number printed by both did not change, so it tells nothing of the late partner). A late
    partner's total or scope (t) is recovered when the difference, with the rounding of both numbers
    taken into account, bounds it within ±p % (an exact difference of unrounded figures always does).
    """
    found = []
    earlier = sorted(precise_numbers(before, digits=1))
    figures = {c: late[c] / 1000.0 for c in ("kg_total_market", *SCOPES) if late[c]}
    unchanged = {b for b, _ in earlier}
    for value, decimals in precise_numbers(after, digits=1):
        if value in unchanged:
            continue
        smaller = [(b, d) for b, d in earlier if b < value]
        if not smaller:
            continue
        base, base_decimals = smaller[-1]
        diff = value - base
        slack = rounding_half_unit(value, decimals) + rounding_half_unit(base, base_decimals)
        for column, figure in figures.items():
            if figure > 0 and bounded_within(diff - slack, diff + slack, figure) and value > 5 * figure:
                found.append(
                    Recovered(
                        late["partner_id"],
                        int(late["year"]),
                        column,
                        figure,
                        diff,
                        f"{value:g} - {base:g}",
                    )
                )
    return sorted(set(found), key=str)


# --- (e) p %-rule: an insider subtracts its own amount -------------------------------------------------
def dominance(seen: Seen, truth: Truth) -> list[Recovered]:
    """The second largest contributor of a published cell subtracts its own amount to estimate the largest."""
    found = []
    numbers = precise_numbers(seen)
    for year in sorted(y for y in truth.partners["year"].unique() if y <= seen.year):
        for cell in cells(truth, int(year)):
            if len(cell.parts) < MIN_CONTRIBUTORS:
                continue  # a cell of one or two: single_contributor's
            ranked = sorted(cell.parts.items(), key=lambda kv: kv[1], reverse=True)
            (largest, x1), (second, x2) = ranked[0], ranked[1]
            if seen.viewer not in (None, second):
                continue  # in a partner report only the viewer is the insider
            for value, decimals in numbers:
                if at_precision(cell.total, value, decimals) and within(value - x2, x1):
                    found.append(
                        Recovered(
                            largest, int(year), cell.label, x1, value - x2, f"{second} subtracts its own"
                        )
                    )
    return sorted(set(found), key=str)


# --- (h) formula injection ------------------------------------------------------------------------------
# which audiences each attack concerns (partner reports: only peer comparisons draw on others' values;
# microdata is partner-level by agreement, so only size derivation and linkage count there)
AUDIENCES = {
    "order_statistics": ("public", "partner"),
    "ratio": ("public", "researcher"),
    "differencing": ("public",),
    "single_contributor": ("public",),
    "dominance": ("public",),
    "unique_rows": ("public", "researcher"),
    "microdata_lines": ("researcher",),
}


def formula_injection(seen: Seen) -> list[str]:
    """Text cells of a CSV or XLSX output holding a payload that a spreadsheet would run."""
    return sorted({c for c in seen.cells if INJECT_MARKER in c and c.startswith(DANGEROUS)})


# --- (i) research microdata linkage ------------------------------------------------------------------------
def unique_rows(seen: Seen, truth: Truth) -> list[Recovered]:
    """Rows unique on line count, on biogenic CO2 or on the years a pseudonym appears: linked to a partner."""
    found = []
    for table in seen.tables:
        if "pseudonym" not in table or "year" not in table or not any(c in table for c in TOTAL_COLUMNS):
            continue
        total_col = next(c for c in TOTAL_COLUMNS if c in table)
        for key in _quasi_identifiers(table):
            for (year, value), rows in table.groupby(["year", key]):
                if len(rows) >= MIN_CONTRIBUTORS or value in (0, 0.0, "", None):
                    continue
                for _, row in rows.iterrows():
                    found += _link(truth, int(year), key, value, row, total_col)
    return sorted(set(found), key=str)


def _quasi_identifiers(table: pd.DataFrame) -> list[str]:
    table["_years"] = table.groupby("pseudonym")["year"].transform(
        lambda y: ",".join(map(str, sorted(set(y))))
    )
    return [c for c in ("lines", "t_biogenic_co2", "_years") if c in table]


def _link(truth: Truth, year: int, key: str, value, row, total_col: str) -> list[Recovered]:
    p = truth.year(year)
    if key == "lines":
        match = p[p["lines"] == value]
    elif key == "t_biogenic_co2":
        match = p[[within(float(value), kg / 1000.0) for kg in p["kg_biogenic_co2"]]]
    else:
        years = set(map(int, str(value).split(",")))
        per = truth.partners.groupby("partner_id")["year"].apply(set)
        match = p[p["partner_id"].map(lambda pid: per[pid] == years)]
    total = pd.to_numeric(pd.Series([row[total_col]]), errors="coerce").iloc[0]
    if len(match) != 1 or not math.isfinite(total):
        return []
    true = float(match.iloc[0]["kg_total_market"]) / 1000.0
    estimate = total / (1000.0 if total_col.startswith("kg") else 1.0)
    if not within(estimate, true):
        return []
    return [
        Recovered(match.iloc[0]["partner_id"], year, "total (t)", true, estimate, f"unique {key}={value}")
    ]


def rotated_key_links(old: Seen, new: Seen) -> int:
    """Rows of a new export (new pseudonyms) that join exactly one old row on all their figures."""
    old_t = next((t for t in old.tables if "pseudonym" in t and "t_total_market" in t), None)
    new_t = next((t for t in new.tables if "pseudonym" in t and "t_total_market" in t), None)
    if old_t is None or new_t is None:
        return 0
    keys = [c for c in new_t.columns if c in old_t.columns and c not in ("pseudonym", "_years")]
    joined = new_t.merge(old_t, on=keys, suffixes=("_new", "_old"))
    per_row = joined.groupby("pseudonym_new")["pseudonym_old"].nunique()
    return int((per_row == 1).sum())


@dataclass(frozen=True)
class Printed:
    """A printed figure as an attacker reads it: the sum of `terms` ((partner, item) pairs) in [low, high]."""

    name: str
    terms: frozenset
    low: float
    high: float


def cross_difference(first: list[Printed], second: list[Printed], truth: dict, year: int) -> list[Recovered]:
    """Every figure of one publication minus every figure of another (same year) whose terms it holds.

    When what is left belongs to one partner, the difference's interval is that partner's amount;
    it is recovered when the whole interval lies within ±P_PERCENT of the true amount. `truth` maps
    (partner, item) to its true kg. Both orders are tried.
    """
    found = []
    for a, b in [(a, b) for a in first for b in second] + [(b, a) for a in first for b in second]:
        rest = a.terms - b.terms
        if not rest or not b.terms <= a.terms or len({p for p, _ in rest}) != 1:
            continue
        true = sum(truth.get(t, 0.0) for t in rest)
        low, high = a.low - b.high, a.high - b.low
        if true != 0 and bounded_within(low, high, true):
            partner = next(iter(rest))[0]
            found.append(Recovered(partner, year, a.name, true, (low + high) / 2, f"{a.name} - {b.name}"))
    return found


def line_quantities(lines: pd.DataFrame, truth_lines: pd.DataFrame) -> list[Recovered]:
    """quantity = published kg ÷ the public emission factor, on every microdata line.

    `truth_lines`: the true lines keyed like the package's (pseudonym, year, line, basis), with
    partner, true_quantity and true_kg; the factor (kg per unit) is public: true_kg ÷ true_quantity.
    """
    rows = lines.merge(truth_lines, on=["pseudonym", "year", "line", "basis"])
    found = []
    for r in rows.itertuples():
        if not (r.true_quantity > 0 and r.true_kg > 0) or pd.isna(r.kg_co2e):
            continue
        estimate = float(r.kg_co2e) / (r.true_kg / r.true_quantity)
        if within(estimate, r.true_quantity):
            found.append(
                Recovered(
                    r.partner,
                    int(r.year),
                    f"line {r.line} quantity",
                    r.true_quantity,
                    estimate,
                    "kg / factor",
                )
            )
    return found


def partner_sums(estimates: pd.Series, truth: pd.Series, how: str) -> list[Recovered]:
    """Partner-year figures an attacker computed (`estimates`, kg, indexed like `truth`: (partner, year))
    that lie within ±P_PERCENT of the true ones."""
    found = []
    for (partner, year), true in truth.items():
        estimate = estimates.get((partner, year))
        if estimate is not None and true and within(float(estimate), float(true)):
            found.append(
                Recovered(str(partner), int(year), "total market-based", float(true), float(estimate), how)
            )
    return found


def _true_lines(truth: Truth) -> pd.DataFrame:
    """The true lines keyed as a microdata package keys them (pseudonym from the workspace's key)."""
    from paastolaskuri.research.pseudonyms import key_path, pseudonym

    key = bytes.fromhex(key_path(truth.root).read_text(encoding="ascii").strip())
    em = truth.emissions
    out = pd.DataFrame(
        {
            "partner": em["partner_id"].astype(str),
            "pseudonym": [pseudonym(key, p) for p in em["partner_id"].astype(str)],
            "year": em["year"].astype(int),
            "row": em["row"],
            "basis": em["basis"].astype(str),
            "true_quantity": pd.to_numeric(em["quantity"], errors="coerce"),
            "true_kg": pd.to_numeric(em["kg_co2e"], errors="coerce"),
        }
    )
    out["line"] = out.groupby(["pseudonym", "year"])["row"].rank(method="dense").astype(int)
    return out.drop(columns="row")


def microdata_lines(seen: Seen, truth: Truth) -> list[Recovered]:
    """A researcher's kg ÷ public factor on every line, and a partner's summed lines and published
    totals against its true market-based total (`line_quantities`, `partner_sums`)."""
    tables = [t for t in seen.tables if {"pseudonym", "line", "basis", "kg_co2e"} <= set(t.columns)]
    totals = [t for t in seen.tables if {"pseudonym", "year", "t_total_market"} <= set(t.columns)]
    if not tables and not totals:
        return []
    lines = _true_lines(truth)
    market = lines[lines["basis"] != "location"]
    true_totals = market.groupby(["pseudonym", "year"])["true_kg"].sum()
    found = []
    for table in tables:
        found += line_quantities(table, lines)
        summed = table[table["basis"] != "location"].groupby(["pseudonym", "year"])["kg_co2e"].sum()
        found += partner_sums(summed, true_totals, "sum of the lines")
    for table in totals:
        published = table.set_index(["pseudonym", "year"])["t_total_market"] * 1000.0
        found += partner_sums(published, true_totals, "partner_years total")
    return found


# --- the microdata's noise against the public figures (issue 18, h18c) -------------------------------
# A researcher holds the microdata (every magnitude of a partner times one secret factor f = 1 ± d,
# d in [NOISE_MIN, NOISE_MAX], the same in every year and figure) and the public figures, which are
# exact to their rounding. Per public figure: Σ_i g_i·ỹ_i (+ the amounts of partners not in the
# microdata) = published ± rounding, with g_i = 1/f_i unknown. The attacker is strong: it links
# pseudonyms to partners and knows which partner reports in which category (as the audit assumes).


@dataclass(frozen=True)
class Noisy:
    """A microdata partner's noisy amount over a public figure's items (kg) and its rounding half-width."""

    value: float
    half: float


@dataclass(frozen=True)
class Equation:
    """One public figure as the researcher reads it: `low` <= Σ g_i·noisy_i + Σ hidden <= `high`.

    `noisy`: microdata partner -> its noisy amount over the figure's items; `hidden`: the (partner,
    year, item) amounts of partners the microdata does not give (no consent, or not expressible);
    `true`: partner -> its true amount in the figure (for scoring only).
    """

    name: str
    year: int
    low: float
    high: float
    noisy: dict
    hidden: frozenset
    true: dict


def factor_hull() -> tuple[float, float]:
    """The g = 1/f interval every factor lies in: [1/(1 + NOISE_MAX), 1/(1 - NOISE_MAX)]."""
    from paastolaskuri.research.noise import NOISE_MAX

    return 1.0 / (1.0 + NOISE_MAX), 1.0 / (1.0 - NOISE_MAX)


def sign_known(g_low: float, g_high: float) -> bool:
    """True when a factor interval [g_low, g_high] leaves only one side of the noise feasible.

    f = 1 + d (d >= NOISE_MIN) means g <= 1/(1 + NOISE_MIN); f = 1 - d means g >= 1/(1 - NOISE_MIN).
    Knowing the side gives every figure of the partner within about ±5 %.
    """
    from paastolaskuri.research.noise import NOISE_MIN

    return g_low > 1.0 / (1.0 + NOISE_MIN) or g_high < 1.0 / (1.0 - NOISE_MIN)


@dataclass(frozen=True)
class Rows:
    """One microdata partner-year's `category_years` rows: the labels and kg on each basis."""

    labels: frozenset
    kg: dict  # basis -> {label: kg}

    @classmethod
    def of(cls, cy: pd.DataFrame) -> Rows:
        """The rows of one partner-year read once."""
        cats = cy["category"].astype(str)
        kg = {
            b: dict(zip(cats, cy[f"t_co2e_{b}"].astype(float) * 1000.0, strict=True))
            for b in ("market", "location")
        }
        return cls(frozenset(cats), kg)


def _partner_labels(labels: frozenset, mine: dict) -> dict:
    """{item: the category_years row (label) that holds it} of one microdata partner-year."""
    out = {}
    for item, scope in mine.items():
        cat = item.split(":", 1)[1]
        other = f"s{scope}_other"
        out[item] = cat if cat in labels else (other if other in labels else None)
    return out


def _noisy_amount(
    items: frozenset, partner: str, truth: dict, own: dict, scope_of: dict, rows: Rows
) -> Noisy | None:
    """The microdata's noisy amount of `partner` over `items` (kg), or None when it cannot be read.

    `own`: each partner's items in `truth`. Market items from `t_co2e_market`, location-based Scope 2
    items from `t_co2e_location` of the partner's `category_years` rows; a merged row counts only
    when all its categories are in `items`.
    """
    from paastolaskuri.disclosure.audit import half_unit
    from paastolaskuri.reporting.network_audit import BIOGENIC

    if BIOGENIC in items and (partner, BIOGENIC) in truth:
        return None  # the microdata gives biogenic CO2 as a band only
    value = half = 0.0
    for basis in ("market", "location"):
        mine = {i: scope_of[i.split(":", 1)[1]] for i in own.get(partner, ()) if i.startswith(f"{basis}:")}
        labels = _partner_labels(rows.labels, mine)
        for label in set(labels.values()):
            members = {i for i, lab in labels.items() if lab == label}
            inside = members & items
            if not inside:
                continue
            if label is None or inside != members:
                return None
            value += rows.kg[basis][label]
            half += half_unit(rows.kg[basis][label])
    return Noisy(value, half)


def _aggregate_figures(aggregate, year: int, partners: pd.DataFrame, scope_of: dict) -> list:
    """The printed cells of an aggregate research package's year, as sums of (partner, item) amounts."""
    import json

    from paastolaskuri.research.joint_audit import category_figures, group_figures
    from paastolaskuri.research.ledger import research_ledger_path

    ledger = None if aggregate is None else research_ledger_path(partners.attrs["root"], year)
    if ledger is None or not ledger.is_file():  # no aggregate package, or the year withheld from it
        return []
    groups = pd.read_csv(aggregate / "group_totals.csv", dtype={"sector_group": str, "fte_band": str})
    cats = pd.read_csv(aggregate / "category_totals.csv", dtype={"category": str})
    covered = json.loads(ledger.read_text(encoding="utf-8"))
    members = partners[partners["partner_id"].astype(str).isin(covered["partners"])]
    g, c = groups[groups["year"] == year], cats[cats["year"] == year]
    return group_figures(g, members, scope_of) + category_figures(c, members, scope_of)


def researcher_equations(root, package, years: list[int], aggregate=None) -> list[Equation]:
    """Every public figure of `years` (as the public report prints it, with the year's ledger), and
    every printed cell of the `aggregate` research package when given, read against the microdata
    package at `package` (category_years.csv)."""
    from paastolaskuri.core.workspace import Workspace
    from paastolaskuri.disclosure.ledger import ledger_path, read_publication
    from paastolaskuri.reporting.year_figures import public_year_figures
    from paastolaskuri.research.joint_audit import joint_truth, split_location
    from paastolaskuri.research.pseudonyms import key_path, pseudonym

    ws = Workspace.at(root)
    key = bytes.fromhex(key_path(ws.root).read_text(encoding="ascii").strip())
    py = pd.read_csv(package / "partner_years.csv")
    cy = pd.read_csv(package / "category_years.csv", dtype={"category": str})
    facts = Truth.read(ws.root)
    out = []
    for year in years:
        partners = facts.year(year).assign(partner_id=lambda f: f["partner_id"].astype(str))
        partners.attrs["root"] = ws.root
        emissions = facts.emissions[facts.emissions["year"] == year]
        truth, scope_of = joint_truth(partners, emissions)
        public = public_year_figures(ws, year).publication
        ledger = read_publication(ledger_path(ws.root, year))
        figures = split_location(
            list(public.figures if public else []) + list(ledger.figures if ledger else []), scope_of
        )
        figures += _aggregate_figures(aggregate, year, partners, scope_of)
        own: dict = {}
        for p, i in truth:
            own.setdefault(p, []).append(i)
        released = {}
        for pid in partners["partner_id"]:
            ps = pseudonym(key, pid)
            if ((py["pseudonym"] == ps) & (py["year"] == year)).any():
                released[pid] = Rows.of(cy[(cy["pseudonym"] == ps) & (cy["year"] == year)])
        for fig in figures:
            noisy, hidden, true = {}, set(), {}
            for p in fig.partners:
                terms = [(p, i) for i in fig.items if (p, i) in truth]
                if not terms:
                    continue
                true[p] = sum(truth[t] for t in terms)
                amount = (
                    _noisy_amount(fig.items, p, truth, own, scope_of, released[p]) if p in released else None
                )
                if amount is None:
                    hidden |= {(p, year, i, truth[(p, i)] < 0) for _, i in terms}
                else:
                    noisy[p] = amount
            low, high = fig.bounds
            out.append(Equation(f"{year} {fig.name}", year, low, high, noisy, frozenset(hidden), true))
    return out


def true_factors(root, partners) -> dict[str, float]:
    """g = 1/f of each partner (the coordinator's truth, from the workspace's noise key)."""
    from paastolaskuri.research.noise import load_or_create_noise_key, multiplier

    key = load_or_create_noise_key(root)
    return {str(p): 1.0 / multiplier(key, str(p)) for p in partners}


def complement(equations: list[Equation], factors: dict[str, float]) -> list[Recovered]:
    """A public figure minus the other contributors' noisy amounts (each within its noise hull).

    When every other contributor is in the microdata, what is left is one partner's amount in an
    interval; a microdata partner's interval over its own noisy amount bounds its factor g. Recovered:
    a factor whose side of the noise is certain, or an amount known within ±p %.
    """
    g_lo, g_hi = factor_hull()
    found = []
    for eq in equations:
        hidden_partners = {h[0] for h in eq.hidden}
        for t in set(eq.noisy) | hidden_partners:
            others = {p: a for p, a in eq.noisy.items() if p != t}
            if hidden_partners - {t}:
                continue
            rest_lo = sum(min((a.value - a.half) * g_lo, (a.value - a.half) * g_hi) for a in others.values())
            rest_hi = sum(max((a.value + a.half) * g_lo, (a.value + a.half) * g_hi) for a in others.values())
            low, high = eq.low - rest_hi, eq.high - rest_lo
            true = eq.true.get(t, 0.0)
            if t in eq.noisy and eq.noisy[t].value > eq.noisy[t].half:
                a = eq.noisy[t]
                g_low, g_high = max(low / (a.value + a.half), g_lo), min(high / (a.value - a.half), g_hi)
                if sign_known(g_low, g_high):
                    found.append(
                        Recovered(t, eq.year, "noise side", factors[t], (g_low + g_high) / 2, eq.name)
                    )
                    continue
            if true and bounded_within(low, high, true):
                found.append(
                    Recovered(t, eq.year, eq.name, true, (low + high) / 2, f"{eq.name} - the others")
                )
    return found


def _system(equations: list[Equation]):
    """(A, low, high, partner columns, hidden columns) of the researcher's linear system."""
    _, g_hi = factor_hull()
    partners = sorted({p for eq in equations for p in eq.noisy})
    hidden = sorted({h for eq in equations for h in eq.hidden})
    col = {p: i for i, p in enumerate(partners)} | {h: len(partners) + i for i, h in enumerate(hidden)}
    a = np.zeros((len(equations), len(col)))
    low, high = np.zeros(len(equations)), np.zeros(len(equations))
    for r, eq in enumerate(equations):
        slack = 0.0
        for p, amount in eq.noisy.items():
            a[r, col[p]] = amount.value
            slack += abs(amount.half) * g_hi  # the noisy value's rounding, times g
        for h in eq.hidden:
            a[r, col[h]] = 1.0
        low[r], high[r] = eq.low - slack, eq.high + slack
    return a, low, high, partners, hidden


def factor_intervals(equations: list[Equation]) -> dict[str, tuple[float, float]]:
    """Each microdata partner's feasible g interval over every equation at once (an LP, HiGHS)."""
    from scipy.optimize import linprog

    a, low, high, partners, hidden = _system(equations)
    # a hidden amount has the sign of its truth; the attacker knows which side (as the audit assumes)
    bounds = [factor_hull()] * len(partners) + [(None, 0.0) if h[3] else (0.0, None) for h in hidden]
    a_ub, b_ub = np.vstack([a, -a]), np.concatenate([high, -low])
    out = {}
    for i, p in enumerate(partners):
        ends = []
        for sign in (1.0, -1.0):
            c = np.zeros(a.shape[1])
            c[i] = sign
            res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
            if res.status != 0:
                raise AssertionError(f"the researcher's system is infeasible: {res.message}")
            ends.append(sign * res.fun)
        out[p] = (ends[0], ends[1])
    return out


def least_squares_factors(equations: list[Equation]) -> dict[str, float]:
    """Each microdata partner's g by least squares (`lsq_linear`, bounded by the noise hull)."""
    from scipy.optimize import lsq_linear

    a, low, high, partners, hidden = _system(equations)
    if not partners:
        return {}
    lo = [factor_hull()[0]] * len(partners) + [-np.inf if h[3] else 0.0 for h in hidden]
    hi = [factor_hull()[1]] * len(partners) + [0.0 if h[3] else np.inf for h in hidden]
    scale = np.maximum(np.abs((low + high) / 2), 1.0)  # relative residuals: each figure counts alike
    res = lsq_linear(a / scale[:, None], (low + high) / 2 / scale, bounds=(lo, hi))
    return dict(zip(partners, res.x[: len(partners)], strict=True))


def factor_attack(equations: list[Equation], factors: dict[str, float]) -> list[Recovered]:
    """The linear-system attack: a partner whose feasible g interval lies on one side of the noise."""
    found = []
    estimates = least_squares_factors(equations)
    for p, (g_low, g_high) in factor_intervals(equations).items():
        if sign_known(g_low, g_high):
            found.append(
                Recovered(
                    p, 0, "noise side", factors[p], estimates[p], f"LP: g in [{g_low:.4f}, {g_high:.4f}]"
                )
            )
    return found
