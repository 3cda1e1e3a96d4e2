"""docs/method.md: a factor set's exchange rates, price indices and spend-factor bases (accounting/money.py)."""

from __future__ import annotations

from pathlib import Path

from paastolaskuri.accounting.money import load_money_tables


def _conf(mark: str) -> str:
    return f"**{mark}**" if mark == "unverified" else mark


def money_tables_markdown(set_path: Path) -> list[str]:
    """Markdown lines for the set's money tables; none when the set has no tables (the r1 sets)."""
    tables = load_money_tables(set_path)
    if tables.empty:
        return []
    out = ["", "Spend lines: currency → euros (annual average ECB rate of the reporting year), then euros →"]
    out.append("the factor's price year (price index). VAT basis as the factor's: enter spend including VAT.")
    out += ["", "| currency | year | units per 1 EUR | source | confidence |", "|---|---|---|---|---|"]
    for r in sorted(tables.rates.values(), key=lambda r: (r.year, r.currency)):
        out.append(
            f"| {r.currency} | {r.year} | {r.per_eur:g} | {r.source.publisher}: {r.source.document} | {_conf(r.source.confidence)} |"
        )
    out += ["", "| price index | year | value | source | confidence |", "|---|---|---|---|---|"]
    for p in sorted(tables.indices.values(), key=lambda p: (p.series, p.year)):
        out.append(
            f"| {p.series} | {p.year} | {p.value:g} | {p.source.publisher}: {p.source.document} | {_conf(p.source.confidence)} |"
        )
    out += [
        "",
        "| spend factor | price year | VAT basis | deflated with | confidence |",
        "|---|---|---|---|---|",
    ]
    for b in tables.bases.values():
        vat = "including VAT" if b.vat_basis == "incl" else "excluding VAT"
        out.append(
            f"| `{b.factor_id}` | {b.price_year} | {vat} | {b.series} | {_conf(b.source.confidence)} |"
        )
    sources = [x.source for x in tables.rates.values()]
    sources += [x.source for x in tables.indices.values()]
    sources += [x.source for x in tables.bases.values()]
    notes = dict.fromkeys(s.note for s in sources if s.note)
    out += ["", "Notes on these figures:", ""] + [f"- {n}" for n in notes]
    return out
