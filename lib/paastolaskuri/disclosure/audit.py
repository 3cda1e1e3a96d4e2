"""The interval audit: can any insider narrow a partner's figure to within ±p % from what is published?

One public output of one year is modelled as unknowns, one per (partner, item): an item is a
market-based category ("market:s1_mobile"), the location-based Scope 2 ("location:scope2") or the
biogenic CO2 ("biogenic"), each >= 0 (<= 0 for a negative amount). Every published figure is a sum
of some of these unknowns, known only to within its rounding: the printed value ± half a unit of
its last significant digit (`rules.SIGNIFICANT_DIGITS`), or exactly when it is printed unrounded.

For each sensitive contribution (a `Target`: a partner's amount in a merged or withheld cell, a
partner's total) and each attacker, two linear programs (scipy's HiGHS) find the smallest and the
largest value of the target that agrees with every published figure, while the attacker's own
unknowns are fixed to its true amounts. The p %-rule asks the feasible interval to reach at least
p % below and above the true value (Hundepool et al. 2012, §4.2.2 and §4.3 "audit").

Simplifications, so that 40 partners × 25 categories audit in seconds (each is stated in
docs/security.md):
- the attacker is assumed to know which partner reports in which category (a zero stays zero):
  the unknowns are only the non-zero (partner, item) pairs, which makes the attacker stronger;
- per target only the strongest insiders are tried: in each published figure that holds the
  target's amounts, its largest other contributor, and the largest other partner overall (an
  outsider knows less than any insider); coalitions of partners are not tried;
- a target whose true value is zero is not audited (there is nothing to estimate within ±p %);
- the attackers of one target are first tried together (a coalition knows more than each of its
  members, so a wide interval for it proves one for each); only when that fails is each tried alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, hstack, vstack

from paastolaskuri.disclosure import rules

Unknown = tuple[str, str]  # (partner, item)
_TOLERANCE = 1e-9  # relative slack for the solver's floating point, never a disclosure margin


def half_unit(published: float, exact: bool = False) -> float:
    """Half a unit of the last published digit of `published` (0 when it is printed exactly).

    `published` is the rounded value a reader sees, so a reader can compute this too.
    """
    if exact or published == 0 or not math.isfinite(published):
        return 0.0
    magnitude = math.floor(math.log10(abs(published)))
    return 0.5 * 10.0 ** (magnitude - (rules.SIGNIFICANT_DIGITS - 1))


@dataclass(frozen=True)
class Figure:
    """A published figure: the sum of `items` over `partners`, printed as `value` (± half its rounding unit)."""

    name: str
    partners: frozenset
    items: frozenset
    value: float
    exact: bool = False

    @property
    def terms(self) -> frozenset:
        """The (partner, item) unknowns the figure adds up."""
        return frozenset((p, i) for p in self.partners for i in self.items)

    @property
    def bounds(self) -> tuple[float, float]:
        """The interval the true sum must lie in, as a reader of the printed value knows it."""
        h = half_unit(self.value, self.exact)
        return self.value - h, self.value + h


@dataclass(frozen=True)
class Target:
    """A sensitive contribution: `partner`'s own amounts summed over `items`."""

    name: str
    partner: str
    items: frozenset

    @property
    def terms(self) -> frozenset:
        """The (partner, item) unknowns of the target."""
        return frozenset((self.partner, i) for i in self.items)


@dataclass(frozen=True)
class Violation:
    """A target an attacker can estimate too closely: its feasible interval [low, high] around `true`."""

    target: str
    attacker: str
    true: float
    low: float
    high: float


@dataclass(frozen=True)
class AuditResult:
    """What the audit tried and what it found; `passed` when no target is estimable within ±p %."""

    targets: int
    programs: int
    violations: tuple[Violation, ...]

    @property
    def passed(self) -> bool:
        """True when every audited interval reaches ±p % around its true value."""
        return not self.violations


OUTSIDER = ""  # the attacker who knows no partner's own figures
_BATCHES = 3  # batch programs per side before the checks left get their own (each proves fewer)


def _ranked(truth: dict, partners: Iterable[str], items: Iterable[str]) -> list[str]:
    """`partners` by their true amount over `items`, largest first (ties by name)."""
    amounts = {p: sum(abs(truth.get((p, i), 0.0)) for i in items) for p in partners}
    return sorted((p for p in amounts if amounts[p] > 0), key=lambda p: (-amounts[p], p))


def _attackers(target: Target, truth: dict, figures: list[Figure], ranked: list[list[str]]) -> list[str]:
    """The strongest insiders against `target`, one per published figure that holds its amounts.

    In each such figure the largest other contributor knows the most about the rest of it (the
    reasoning of the p %-rule); the largest partner overall is tried too. With no other partner,
    only a reader outside the network is left (`OUTSIDER`).
    """
    chosen: list[str] = []
    for fig, order in zip(figures, ranked, strict=True):
        if target.partner in fig.partners and fig.items & target.items:
            best = next((p for p in order if p != target.partner), None)
            if best is not None and best not in chosen:
                chosen.append(best)
    overall = _ranked(truth, {p for p, _ in truth}, {i for _, i in truth})
    best = next((p for p in overall if p != target.partner), None)
    if best is not None and best not in chosen:
        chosen.append(best)
    return chosen or [OUTSIDER]


def _range(c: np.ndarray, a_ub, b_ub, bounds: list) -> tuple[float, float]:
    """(min, max) of c·x over the polytope; ±inf when unbounded."""
    out = []
    for sign in (1.0, -1.0):
        res = linprog(sign * c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
        if res.status == 3:  # unbounded
            out.append(-math.inf if sign > 0 else math.inf)
        elif res.status != 0:  # infeasible or failed: treat as disclosing, never as safe
            raise RuntimeError(f"disclosure audit: the linear program failed ({res.message})")
        else:
            out.append(sign * float(res.fun))
    return out[0], out[1]


class _Model:
    """The linear constraints of `figures` over the unknowns of `truth` (and of unseen partners)."""

    def __init__(self, truth: dict, figures: list[Figure]):
        known = {p for p, _ in truth}
        # a partner in a figure but not in `truth` (one dropped since an earlier publication): its
        # amounts are free unknowns >= 0, never fixed and never a target (its data are gone)
        unseen = sorted({t for f in figures for t in f.terms if t[0] not in known})
        self.keys = [k for k, v in truth.items() if v != 0] + unseen
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.truth = truth
        self.free = [(None, 0.0) if truth.get(k, 0.0) < 0 else (0.0, None) for k in self.keys]
        rows, cols, lo, hi = [], [], [], []
        for r, fig in enumerate(figures):
            for term in fig.terms:
                if term in self.index:
                    rows.append(r)
                    cols.append(self.index[term])
            low, high = fig.bounds
            lo.append(low)
            hi.append(high)
        a = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(figures), len(self.keys)))
        self.a_ub = vstack([a, -a]).tocsr() if len(figures) else None
        self.b_ub = np.concatenate([np.asarray(hi), -np.asarray(lo)]) if len(figures) else None

    def bounds(self, fixed: set) -> list:
        """Each unknown's bounds, the partners in `fixed` held at their true amounts."""
        return [
            (self.truth[k], self.truth[k]) if k[0] in fixed and k in self.truth else self.free[i]
            for i, k in enumerate(self.keys)
        ]

    def feasible(self, fixed: set) -> bool:
        """True when the figures agree with the true amounts of the partners in `fixed`."""
        if not self.keys:
            return True
        res = linprog(
            np.zeros(len(self.keys)),
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            bounds=self.bounds(fixed),
            method="highs",
        )
        return res.status == 0


def consistent(truth: dict, figures: list[Figure]) -> bool:
    """True when every figure holds for the true amounts (e.g. an earlier publication, data unchanged)."""
    return _Model(truth, figures).feasible({p for p, _ in truth})


def audit(
    truth: dict,
    figures: list[Figure],
    targets: list[Target],
    p: float | None = None,
    first_only: bool = False,
) -> AuditResult:
    """Audit `targets` against `figures`; `truth` maps each (partner, item) unknown to its true amount.

    Unknowns of a known partner absent from `truth` are zero and known to be (see the module's
    simplifications). The figures must agree with `truth` (see `consistent`). With `first_only`
    the audit stops at its first violation (a caller that withholds on any failure needs no more).
    """
    p = rules.P_PERCENT if p is None else p
    model = _Model(truth, figures)
    ranked = [_ranked(truth, fig.partners, fig.items) for fig in figures]
    violations: list[Violation] = []
    programs = audited = 0
    for target in targets:
        true = float(sum(truth.get(t, 0.0) for t in target.terms))
        if true == 0.0:
            continue
        audited += 1
        c = np.zeros(len(model.keys))
        for t in target.terms:
            if t in model.index:
                c[model.index[t]] = 1.0
        margin = abs(true) * p / 100.0
        slack = _TOLERANCE * max(abs(true), 1.0)
        attackers = _attackers(target, truth, figures, ranked)
        if len(attackers) > 1:
            # all of them at once know more than any one of them: when even their coalition's
            # interval is wide enough, each one's (a superset) is too, and one pair of programs
            # stands for them all
            low, high = _range(c, model.a_ub, model.b_ub, model.bounds(set(attackers)))
            programs += 2
            if low <= true - margin + slack and high >= true + margin - slack:
                continue
        for attacker in attackers:
            low, high = _range(c, model.a_ub, model.b_ub, model.bounds({attacker}))
            programs += 2
            if low > true - margin + slack or high < true + margin - slack:
                violations.append(Violation(target.name, attacker, true, low, high))
                if first_only:
                    return AuditResult(audited, programs, tuple(violations))
    return AuditResult(audited, programs, tuple(violations))


# --- a researcher who also holds noisy microdata (research.noise) ------------------------------------
# Microdata multiply every magnitude of a partner by one secret factor f; its inverse g = 1/f is then
# one more unknown per partner, shared by all its years and figures. A released noisy magnitude ỹ of
# the sum of `items` (printed ± h) says: (ỹ - h)·g <= Σ items <= (ỹ + h)·g, linear in (x, g) since
# g > 0. The factor's unknown lies in the hull of the noise, [1/(1 + max), 1/(1 - max)]: the gap
# around 1 is not convex, so the model is a relaxation (it never makes the attacker weaker where
# the other partners' factors are concerned; stated in docs/security.md).


@dataclass(frozen=True)
class NoisyFigure:
    """A released noisy magnitude: `partner`'s sum of `items` times its factor, printed as `value`.

    `factor` names the partner's unknown g = 1/f (one per partner, shared by all its figures).
    """

    name: str
    partner: str
    items: frozenset
    value: float
    factor: str

    @property
    def terms(self) -> frozenset:
        """The (partner, item) unknowns the figure adds up (before the noise)."""
        return frozenset((self.partner, i) for i in self.items)


@dataclass(frozen=True)
class Factor:
    """A factor unknown g: its hull `bounds`, its true value, and the two values it must be able to reach.

    The factor is protected when the figures leave g <= `below` and g >= `above` both feasible
    (both sides of the noise, so no side can be told).
    """

    name: str
    bounds: tuple[float, float]
    true: float
    below: float
    above: float


def _noisy_rows(model: _Model, noisy: list[NoisyFigure], column: dict) -> tuple[list, list, list, list]:
    """Sparse (rows, cols, values) and right-hand sides of x - (ỹ ± h)·g within bounds, as A·z <= b."""
    rows, cols, vals, rhs = [], [], [], []
    r = 0
    for fig in noisy:
        h = half_unit(fig.value)
        terms = [model.index[t] for t in fig.terms if t in model.index]
        # Σx - (ỹ + h)·g <= 0 and -Σx + (ỹ - h)·g <= 0
        for sign, edge in ((1.0, fig.value + h), (-1.0, fig.value - h)):
            for c in terms:
                rows.append(r)
                cols.append(c)
                vals.append(sign)
            rows.append(r)
            cols.append(column[fig.factor])
            vals.append(-sign * edge)
            rhs.append(0.0)
            r += 1
    return rows, cols, vals, rhs


def noisy_audit(
    truth: dict,
    figures: list[Figure],
    noisy: list[NoisyFigure],
    factors: list[Factor],
    targets: list[Target],
    p: float | None = None,
    limit: int | None = None,
) -> AuditResult:
    """Audit exact `figures` and noisy microdata `noisy` together, for a reader holding both.

    The reader knows no partner's own figures (a researcher). Each factor in `factors` must keep
    both sides of the noise feasible (a `Violation` named "<factor> noise side" otherwise, with its
    feasible interval); each `Target` (a partner not in the microdata) must keep its ±p % interval,
    as in `audit`. `truth` is as in `audit`; the figures and the noisy ones must agree with it and
    with each factor's true value. With `limit` the audit stops after that many violations.

    Parameters
    ----------
    truth
        Every (partner, item) unknown's true amount.
    figures
        The exact published figures (each ± its rounding).
    noisy
        The released noisy magnitudes, each tied to its partner's factor.
    factors
        The factor unknowns, one per microdata partner.
    targets
        The sensitive contributions of the partners not in the microdata.
    p
        The p of the p %-rule (default `rules.P_PERCENT`).
    limit
        Stop after this many violations (None: find them all).

    Returns
    -------
    AuditResult
        The targets and factors audited, the programs solved, the violations.

    Examples
    --------
    A figure of b alone, against b's noisy figure, gives its factor (50 / 60) and so its side:

    >>> truth = {("b", "x"): 50.0}
    >>> total = Figure("total", frozenset({"b"}), frozenset({"x"}), 50.0)
    >>> g = Factor("g_b", (0.8, 1.3), 1.0 / 1.2, 1.0 / 1.11, 1.0 / 0.89)
    >>> b = NoisyFigure("b x", "b", frozenset({"x"}), 60.0, "g_b")
    >>> noisy_audit(truth, [total], [b], [g], []).violations[0].target
    'g_b noise side'
    """
    p = rules.P_PERCENT if p is None else p
    model = _Model(truth, figures)
    n = len(model.keys)
    column = {f.name: n + i for i, f in enumerate(factors)}
    rows, cols, vals, rhs = _noisy_rows(model, noisy, column)
    width = n + len(factors)
    parts: list = []
    b: list[np.ndarray] = []
    if model.a_ub is not None and model.b_ub is not None:
        # the published figures hold no factor: zero columns for the factors
        parts.append(hstack([model.a_ub, csr_matrix((model.a_ub.shape[0], len(factors)))]))
        b.append(model.b_ub)
    if rows:
        parts.append(csr_matrix((vals, (rows, cols)), shape=(max(rows) + 1, width)))
        b.append(np.asarray(rhs))
    a_ub = vstack(parts).tocsr() if parts else None
    b_ub = np.concatenate(b) if b else None
    bounds = model.bounds(set()) + [f.bounds for f in factors]
    checks: list[_Check] = []
    for factor in factors:
        c = np.zeros(width)
        c[column[factor.name]] = 1.0
        checks.append(_Check(f"{factor.name} noise side", c, factor.true, factor.below, factor.above))
    for target in targets:
        true = float(sum(truth.get(t, 0.0) for t in target.terms))
        if true == 0.0:
            continue
        c = np.zeros(width)
        for t in target.terms:
            if t in model.index:
                c[model.index[t]] = 1.0
        margin, slack = abs(true) * p / 100.0, _TOLERANCE * max(abs(true), 1.0)
        checks.append(_Check(target.name, c, true, true - margin + slack, true + margin - slack))
    return _run_checks(checks, a_ub, b_ub, bounds, limit)


@dataclass(frozen=True)
class _Check:
    """c·z must be able to reach `below` and `above` (each side feasible), else a violation."""

    name: str
    c: np.ndarray
    true: float
    below: float
    above: float


def _point(objective: np.ndarray, a_ub, b_ub, bounds: list) -> np.ndarray | None:
    """A feasible point minimising `objective` (None when the program has no finite optimum)."""
    res = linprog(objective, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    return res.x if res.status == 0 else None


def _reaches(check: _Check, side: float, value: float) -> bool:
    """True when `value` of c·z reaches the check's `below` (side +1) or `above` (side -1)."""
    return value <= check.below if side > 0 else value >= check.above


def _run_checks(checks: list[_Check], a_ub, b_ub, bounds: list, limit: int | None) -> AuditResult:
    """Each check's two sides, proven with as few programs as possible: one feasible point serves many.

    A point minimising the sum of the open checks (each scaled by its true value) that has c·z <=
    `below` proves that side of every such check; so does the maximising point for `above`. After a
    few such batches, each check left gets its own program for the side still open, and its optimum
    point proves that side of the others it reaches too. A side a check's own optimum cannot reach
    is a violation (its interval, both ends, is reported). Only proofs are taken from shared points,
    so the result is the one the per-check programs give, in far fewer programs.
    """
    # a finite box for the batch programs only: a point inside it is feasible for the real model too
    scale = max(
        [abs(ch.true) for ch in checks] + [abs(v) for v in (b_ub if b_ub is not None else [])] + [1.0]
    )
    boxed = [(-1e6 * scale if lo is None else lo, 1e6 * scale if hi is None else hi) for lo, hi in bounds]
    programs = 0
    failed: dict[int, None] = {}  # the checks with a side they cannot reach, in order
    for side in (1.0, -1.0):
        pending = list(range(len(checks)))
        for _ in range(_BATCHES):
            objective = sum(side * checks[i].c / max(abs(checks[i].true), 1e-9) for i in pending)
            z = _point(np.asarray(objective), a_ub, b_ub, boxed)
            programs += 1
            if z is None:
                break
            left = [i for i in pending if not _reaches(checks[i], side, float(checks[i].c @ z))]
            proved_some, pending = len(left) < len(pending), left
            if not proved_some or not pending:
                break
        while pending:
            i = pending.pop(0)
            res = linprog(side * checks[i].c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
            programs += 1
            if res.status == 3:  # unbounded: this side is reached
                continue
            if res.status != 0:  # infeasible or failed: treat as disclosing, never as safe
                raise RuntimeError(f"disclosure audit: the linear program failed ({res.message})")
            if not _reaches(checks[i], side, side * float(res.fun)):
                failed[i] = None
                if limit is not None and len(failed) >= limit:
                    pending = []
                    break
            pending = [j for j in pending if not _reaches(checks[j], side, float(checks[j].c @ res.x))]
        if limit is not None and len(failed) >= limit:
            break
    violations: list[Violation] = []
    for i in failed:
        low, high = _range(checks[i].c, a_ub, b_ub, bounds)
        programs += 2
        violations.append(Violation(checks[i].name, "researcher", checks[i].true, low, high))
    return AuditResult(len(checks), programs, tuple(violations))


__all__ = [
    "AuditResult",
    "Factor",
    "Figure",
    "NoisyFigure",
    "Target",
    "Unknown",
    "Violation",
    "audit",
    "consistent",
    "half_unit",
    "noisy_audit",
]
