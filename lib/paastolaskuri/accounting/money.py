"""Money on spend lines: a currency to euros, then reporting-year euros to the factor's price year.

A spend factor (kg CO2e per EUR) is valid for euros of one *price year* and one *VAT basis*. A line
entered in another currency is first converted at the annual average ECB reference rate of the
reporting year; reporting-year euros are then deflated to the factor's price year with a price index.
Both steps, with their sources, become the line's conversion text (the explain trail).

The functions here are pure: the tables come from the factor set's `exchange_rates.csv`,
`price_indices.csv` and `spend_basis.csv` (see `load_money_tables`). A set without them (the r1
sets) converts nothing: euro lines are taken as they are, other currencies cannot be computed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from paastolaskuri.accounting.factors import MONEY_FILES
from paastolaskuri.accounting.units import UNITS, Conversion, ConversionError, display_unit
from paastolaskuri.core.confidence import confidence_mark

EURO = "EUR"
RATE_FILE, INDEX_FILE, BASIS_FILE = MONEY_FILES
VAT_BASES = ("incl", "excl")


@dataclass(frozen=True)
class Source:
    """Where a rate or index value comes from, with its confidence mark."""

    publisher: str
    document: str
    url: str
    confidence: str
    note: str = ""

    def text(self) -> str:
        """The source as one line: publisher: document [confidence]."""
        return f"{self.publisher}: {self.document} [{self.confidence}]"


@dataclass(frozen=True)
class ExchangeRate:
    """Annual average ECB reference rate: `per_eur` units of `currency` buy one euro."""

    currency: str
    year: int
    per_eur: float
    source: Source


@dataclass(frozen=True)
class PriceIndex:
    """One annual average point of a price index series (e.g. the CPI 2010=100)."""

    series: str
    year: int
    value: float
    source: Source


@dataclass(frozen=True)
class SpendBasis:
    """A spend factor's price year, VAT basis and the index series that deflates euros to it."""

    factor_id: str
    price_year: int
    vat_basis: str  # "incl" or "excl"
    series: str
    source: Source


@dataclass(frozen=True)
class MoneyTables:
    """A factor set's exchange rates, price indices and spend-factor bases."""

    rates: dict[tuple[str, int], ExchangeRate] = field(default_factory=dict)
    indices: dict[tuple[str, int], PriceIndex] = field(default_factory=dict)
    bases: dict[str, SpendBasis] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when the set has no money tables (no rates, indices or spend bases)."""
        return not (self.rates or self.indices or self.bases)


def currency_of(unit: str) -> tuple[str, float] | None:
    """(currency code, size) of a money unit: EUR -> ("EUR", 1), kEUR -> ("EUR", 1000); None otherwise."""
    dim, size = UNITS.get(unit, ("", 0.0))
    if dim == "money":
        return EURO, size
    if dim.startswith("money_"):
        return dim.removeprefix("money_"), size
    return None


def is_money(unit: str) -> bool:
    """True for euros and every other currency unit."""
    return currency_of(unit) is not None


def currencies() -> list[str]:
    """Every currency a spend line may be entered in (EUR first)."""
    return [EURO] + [u for u, (dim, _) in UNITS.items() if dim.startswith("money_")]


def euro_step(unit: str, year: int | None, tables: MoneyTables) -> tuple[float, str]:
    """(euros per one `unit`, explain text): kEUR -> 1000; USD -> 1 / the year's rate, with its source."""
    code, size = currency_of(unit) or ("", 0.0)
    if not code:
        raise ConversionError(f"{unit} is not a currency")
    if code == EURO:
        text = "" if size == 1 else f"{display_unit(unit)} → € × {size:g}"
        return size, text
    rate = tables.rates.get((code, year)) if year is not None else None
    if rate is None:
        raise ConversionError(f"no exchange rate for {code} in {year}")
    factor = size / rate.per_eur
    text = (
        f"{code} → EUR × {factor:.6g} (ECB reference rate, {year} annual average: "
        f"1 EUR = {rate.per_eur:g} {code}; {rate.source.text()})"
    )
    return factor, text


def deflation_step(year: int | None, basis: SpendBasis, tables: MoneyTables) -> tuple[float, str]:
    """(multiplier, explain text) taking reporting-year euros to euros of the factor's price year."""
    if year is None or year == basis.price_year:
        return 1.0, ""
    now = tables.indices.get((basis.series, year))
    then = tables.indices.get((basis.series, basis.price_year))
    if now is None or then is None:
        missing = year if now is None else basis.price_year
        raise ConversionError(f"no {basis.series} price index for {missing}")
    factor = then.value / now.value
    sources = _sources_text([then.source, now.source])
    text = (
        f"€ {year} → € {basis.price_year} prices × {factor:.6g} ({basis.series}: "
        f"{then.value:g} ({basis.price_year}) / {now.value:g} ({year}); {sources})"
    )
    return factor, text


def _sources_text(sources: list[Source]) -> str:
    """Sources once each; the same document with different marks becomes one entry with both marks."""
    marks: dict[str, list[str]] = {}
    for src in sources:
        marks.setdefault(f"{src.publisher}: {src.document}", [])
        if src.confidence not in marks[f"{src.publisher}: {src.document}"]:
            marks[f"{src.publisher}: {src.document}"].append(src.confidence)
    return " | ".join(f"{doc} [{' / '.join(m)}]" for doc, m in marks.items())


def money_conversion(
    from_unit: str, to_unit: str, factor_id: str, year: int | None, tables: MoneyTables
) -> Conversion:
    """How an amount in `from_unit` of reporting year `year` becomes `to_unit` of the factor's price year.

    `to_unit` is the factor's money unit (EUR or kEUR). A factor with a spend basis in `tables` is
    deflated to its price year; one without is taken in current euros (the r1 sets).
    """
    to_currency = currency_of(to_unit)
    if to_currency is None or to_currency[0] != EURO:
        raise ConversionError(f"cannot convert {from_unit} to {to_unit}")
    per_unit, rate_text = euro_step(from_unit, year, tables)
    factor = per_unit / to_currency[1]
    steps = [rate_text] if rate_text else []
    basis = tables.bases.get(factor_id)
    if basis is not None:
        deflator, text = deflation_step(year, basis, tables)
        factor *= deflator
        if text:
            steps.append(text)
    return Conversion(from_unit, to_unit, factor, tuple(steps))


def _source(row: dict[str, str]) -> Source:
    return Source(
        row["publisher"],
        row["document"],
        row.get("url", ""),
        confidence_mark(row["confidence"], row.get("note", "")),
        row.get("note", ""),
    )


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def parse_money_tables(
    rate_rows: list[dict[str, str]], index_rows: list[dict[str, str]], basis_rows: list[dict[str, str]]
) -> MoneyTables:
    """The tables from the rows of the three CSV files (a wrong currency or VAT basis raises ValueError)."""
    known = set(currencies())
    rates = {}
    for r in rate_rows:
        if r["currency"] not in known or r["currency"] == EURO:
            raise ValueError(f"{RATE_FILE}: unknown currency {r['currency']!r}")
        rate = ExchangeRate(r["currency"], int(r["year"]), float(r["per_eur"]), _source(r))
        rates[(rate.currency, rate.year)] = rate
    indices = {}
    for r in index_rows:
        point = PriceIndex(r["series"], int(r["year"]), float(r["value"]), _source(r))
        indices[(point.series, point.year)] = point
    bases = {}
    for r in basis_rows:
        if r["vat_basis"] not in VAT_BASES:
            raise ValueError(f"{BASIS_FILE}: VAT basis {r['vat_basis']!r} is not one of {VAT_BASES}")
        basis = SpendBasis(r["factor_id"], int(r["price_year"]), r["vat_basis"], r["series"], _source(r))
        bases[basis.factor_id] = basis
    return MoneyTables(rates, indices, bases)


def load_money_tables(set_path: Path) -> MoneyTables:
    """The money tables of the factor set in `set_path` (empty when it has none)."""
    return _load_cached(str(Path(set_path).resolve()), _stamp(Path(set_path)))


def _stamp(path: Path) -> tuple:
    return tuple((name, (path / name).stat().st_mtime_ns) for name in MONEY_FILES if (path / name).is_file())


@lru_cache(maxsize=32)
def _load_cached(path: str, stamp: tuple) -> MoneyTables:
    base = Path(path)
    return parse_money_tables(_rows(base / RATE_FILE), _rows(base / INDEX_FILE), _rows(base / BASIS_FILE))
