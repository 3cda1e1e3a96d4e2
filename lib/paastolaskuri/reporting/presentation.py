"""Numbers and labels as a Finnish or English reader expects them (1 234,5 vs 1,234.5), and the explain texts.

Every number goes through `paastolaskuri.core.numformat` (Babel). The engine returns numbers and short
codes (factor ids, `market=location`); the words around them are written here, in both languages.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from paastolaskuri.accounting.calculation import GO_FACTOR_ID, totals_by_category
from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.factors import CONFIDENCE as CONFIDENCE_MARKS
from paastolaskuri.accounting.factors import scope2_basis_text
from paastolaskuri.accounting.units import display_unit
from paastolaskuri.core.i18n import pairs, per_lang, text, text_or
from paastolaskuri.core.numformat import NBSP, format_number, format_plain, localise_numbers

__all__ = ["NBSP", "change_text", "explain_line", "explain_text", "fmt_number", "fmt_plain", "totals_text"]

TOTAL_LABELS = pairs("label.total")

BASIS_LABELS = pairs("label.basis")
BASIS_ORDER = tuple(BASIS_LABELS)

# texts the project itself wrote into the factor sets (publisher "Päästölaskuri"): English as written
# there, Finnish from the catalogue
_OWN_SOURCES = pairs("label.own_source")
_TERMS = per_lang("label.term")
_CO2E_IN = re.compile(r"^(?P<factor>\S+): CO2e in (?P<gwp>\S+)$")


def word(key: str, lang: str, **kw) -> str:
    """A word of the reports (catalogue area `label.word`) in the reader's language, with its fields filled in."""
    return text(f"label.word.{key}", lang, **kw)


def fmt_number(x: float, lang: str = "fi", decimals: int = 1) -> str:
    """`x` with `decimals` decimals, Finnish (1 234,5 with a non-breaking space) or English (1,234.5)."""
    return format_number(x, lang, decimals)


def fmt_plain(x: float, lang: str = "fi") -> str:
    """`x` as written, without trailing zeros (a quantity or a factor): 0,18; 1 200,5; 73,5."""
    return format_plain(x, lang)


# the money steps the engine writes (accounting/money.py), and the confidence marks it quotes
_PRICE_STEP = re.compile(r"€ (?P<from_year>\d{4}) → € (?P<to_year>\d{4}) prices")
_ECB_RATE = re.compile(r"ECB reference rate, (?P<year>\d{4}) annual average")
_MARKS = re.compile(r"\[(?P<marks>[a-z][a-z -]*(?: / [a-z][a-z -]*)*)\]")


def _marks(match: re.Match, lang: str) -> str:
    marks = match.group("marks").split(" / ")
    if not all(m in CONFIDENCE_MARKS for m in marks):
        return match.group(0)
    return "[" + " / ".join(confidence_label(m, lang) for m in marks) + "]"


def localise_text(text: str, lang: str, keep_years: bool = False) -> str:
    """Engine texts (factor values, conversions): numbers and terms in the reader's language.

    `keep_years` for texts that name years (a conversion through a price index or exchange rate).
    The money step's words and the confidence marks it quotes are translated too.
    """
    if not isinstance(text, str):
        return text
    text = _PRICE_STEP.sub(lambda m: word("price_step", lang, **m.groupdict()), text)
    text = _ECB_RATE.sub(lambda m: word("ecb_rate", lang, **m.groupdict()), text)
    text = _MARKS.sub(lambda m: _marks(m, lang), text)
    text = localise_numbers(text, lang, keep_years)
    for term, shown in _TERMS.get(lang, {}).items():
        text = text.replace(term, shown)
    return text


def fmt_tonnes(kg: float, lang: str = "fi", decimals: int = 1) -> str:
    """Kilograms shown as tonnes CO2e."""
    return f"{fmt_number(kg / 1000.0, lang, decimals)} t CO2e"


def unit_label(unit: str, lang: str) -> str:
    """A unit as the reader writes it (m³, €, hkm)."""
    return localise_text(display_unit(unit), lang)


def total_label(key: str, lang: str) -> str:
    """A total's label (scope1, scope2_market, total_location, biogenic_co2, ...) in words."""
    return text(f"label.total.{key}", lang)


def basis_label(basis: str, lang: str) -> str:
    """The emission basis in words."""
    return text_or(f"label.basis.{basis}", lang, basis)


def confidence_label(conf: str, lang: str) -> str:
    """The factor's confidence mark in words."""
    return text_or(f"label.confidence.{conf}", lang, conf)


def category_label(code: str, lang: str) -> str:
    """The GHG Protocol category's label."""
    cat = load_catalogue().categories.get(code)
    return cat.label(lang) if cat else code


def source_label(rec: dict, lang: str) -> str:
    """The factor's source; the project's own wording (guarantees of origin, definitions) translated."""
    if rec.get("factor_id") == GO_FACTOR_ID:
        return word("go_source", lang)
    text = _text(rec.get("source"))
    if lang == "fi":
        for fi, en in _OWN_SOURCES.values():
            text = text.replace(en, fi)
    return text


def note_texts(gwp_note, lang: str) -> list[str]:
    """The engine's note codes (`market=location`, `<factor>: CO2e in <GWP>`) in words."""
    out = []
    for code in (c.strip() for c in _text(gwp_note).split(";")):
        match = _CO2E_IN.match(code)
        if code == "market=location":
            out.append(word("market_location", lang))
        elif match:
            out.append(word("co2e_in", lang, **match.groupdict()))
        elif code:
            out.append(code)
    return out


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def ordered(emissions: pd.DataFrame) -> pd.DataFrame:
    """Emission lines by scope, category (catalogue order), row, then basis: the same order every time."""
    if emissions.empty:
        return emissions
    categories = list(load_catalogue().categories)
    df = emissions.copy()
    cat = df["category"].astype(str)
    basis = df["basis"].astype(str)
    df["_cat"] = [categories.index(c) if c in categories else len(categories) for c in cat]
    df["_basis"] = [BASIS_ORDER.index(b) if b in BASIS_ORDER else len(BASIS_ORDER) for b in basis]
    df["_scope"] = df["scope"].astype(int)
    df = df.sort_values(["_scope", "_cat", "row", "_basis"], kind="stable")
    return df.drop(columns=["_cat", "_basis", "_scope"])


def totals_text(fp, lang: str = "fi", intervals: dict | None = None) -> str:
    """`calc`'s table: the totals by scope and basis, then the categories in scope order.

    `intervals` ({total key: [low, high]} kg, the footprint's interval_95): each total is followed
    by its 95 % interval.
    """
    org = fp.organisation
    head = word(
        "head",
        lang,
        name=org.get("name") or org.get("partner_id"),
        year=org.get("year"),
        factor_set=fp.factor_set.name,
        gwp=fp.gwp_set,
    )
    width = max(len(total_label(key, lang)) for key in TOTAL_LABELS)

    basis = word("scope2_basis", lang, basis=scope2_basis_text(fp.factor_set, lang))
    lines = [head, basis, ""]
    for key in TOTAL_LABELS:
        unit = "kg CO2" if key == "biogenic_co2" else "kg CO2e"
        line = f"{total_label(key, lang):<{width}}  {fmt_number(fp.totals[key], lang, 1):>14} {unit}"
        if intervals and key in intervals:
            low, high = (fmt_number(v, lang, 0) for v in intervals[key])
            line += f"  ({word('interval_95', lang, low=low, high=high)})"
        lines.append(line)
    lines += ["", word("by_category", lang)]
    cats = ordered(totals_by_category(fp.emissions, "market").assign(row=0, basis="direct"))
    cat_labels = [category_label(c, lang) for c in cats["category"]]
    width = max((len(label) for label in cat_labels), default=0)
    for r, label in zip(cats.itertuples(), cat_labels, strict=True):
        lines.append(f"  Scope {r.scope}  {label:<{width}}  {fmt_number(r.kg_co2e, lang, 1):>14} kg CO2e")
    return "\n".join(lines)


def _signed_number(x: float, lang: str) -> str:
    """A kg figure with one decimal and a sign: +1 234,5 / -12,0 (0,0 without one)."""
    s = fmt_number(x, lang, 1)
    return f"+{s}" if x > 0 and not s.startswith("+") else s


def change_text(change, lang: str = "fi") -> str:
    """`calc`'s change from last year (an accounting.change.Decomposition): change, activity and factors per total."""
    keys = [k for k in TOTAL_LABELS if k in change.totals]
    width = max(len(total_label(k, lang)) for k in keys)
    heads = [word(h, lang) for h in ("change_col", "activity_col", "factor_col")]
    col = max(16, *(len(h) for h in heads))
    lines = [
        word("change_from", lang, from_year=change.from_year),
        " " * width + "".join(f"  {h:>{col}}" for h in heads),
    ]
    for key in keys:
        tc = change.totals[key]
        cells = (_signed_number(v, lang) for v in (tc.change, tc.activity_effect, tc.factor_effect))
        lines.append(f"{total_label(key, lang):<{width}}" + "".join(f"  {c:>{col}}" for c in cells))
    return "\n".join(lines)


@dataclass(frozen=True)
class ExplainedLine:
    """One emission line's arithmetic in words: what the explain text and the report's table show."""

    label: str  # "r7 Metsähake (irto-m³)"
    scope: str  # "Scope 2 (markkinaperusteinen)"
    calculation: str  # "5 013 MWh = 5 013 000 kWh × [...] → 34,056 kg CO2e/MWh"
    result: str  # "170 722,73 kg CO2e"
    biogenic: str  # "" or the biogenic CO2 reported outside the scopes
    source: str
    confidence: str
    conversion: str
    notes: tuple[str, ...]


def explain_parts(rec: dict, lang: str) -> ExplainedLine:
    """The pieces of one emission line's explanation (a record of an emissions table)."""
    unit = unit_label(rec["unit"], lang)
    label = rec.get("label") or load_catalogue()[rec["activity"]].label(lang)
    scope = f"Scope {rec['scope']}" + (
        f" ({basis_label(rec['basis'], lang)})" if rec["basis"] != "direct" else ""
    )
    calc = f"{fmt_plain(rec['quantity'], lang)} {unit}"
    conversion = _text(rec.get("conversion"))
    if conversion:
        calc += f" = {fmt_plain(rec['converted_quantity'], lang)} {unit_label(rec['factor_unit'], lang)}"
    calc += f" × [{localise_text(_text(rec.get('factor_text')), lang)}]"
    calc += f" → {fmt_plain(rec['kg_co2e_per_unit'], lang)} kg CO2e/{unit}"
    biogenic = ""
    bio = rec.get("kg_co2_biogenic") or 0.0
    if bio == bio and bio > 0:
        q = rec["quantity"]
        per = f"{fmt_plain(q, lang)} {unit} × {fmt_plain(bio / q, lang)} kg CO2/{unit} = " if q else ""
        biogenic = word("biogenic", lang, calc=per, v=fmt_number(bio, lang, 2))
    return ExplainedLine(
        label=f"r{rec['row']} {label}",
        scope=scope,
        calculation=calc,
        result=f"{fmt_number(rec['kg_co2e'], lang, 2)} kg CO2e",
        biogenic=biogenic,
        source=source_label(rec, lang),
        confidence=confidence_label(rec["confidence"], lang),
        conversion=localise_text(conversion, lang, keep_years=True),
        notes=tuple(note_texts(rec.get("gwp_note"), lang)),
    )


def explain_line(rec: dict, lang: str) -> str:
    """Quantity (unit) → converted quantity × factor = kg CO2e, with the source and its confidence."""
    p = explain_parts(rec, lang)
    text = f"{p.label} – {p.scope}: {p.calculation} = {p.result}"
    if p.biogenic:
        text += f"\n    {p.biogenic}"
    text += f"\n    {word('source', lang)}: {p.source} [{p.confidence}]"
    if p.conversion:
        text += f"\n    {word('conversion', lang)}: {p.conversion}"
    for note in p.notes:
        text += f"\n    {word('note', lang)}: {note}"
    return text


def explain_text(fp, lang: str = "fi") -> str:
    """Every emission line explained, by scope, category and row."""
    return "\n".join(explain_line(rec, lang) for rec in ordered(fp.emissions).to_dict(orient="records"))


# --- HTML tables --------------------------------------------------------------------------------
_NUMERIC_CELL = re.compile(r"^[-−+]?\d[\d\u00a0\u202f ,.]*(?: ?%)?$")


def is_numeric_column(values) -> bool:
    """True when every shown value is a formatted number (or "–") and at least one is a number."""
    texts = ["" if v is None or (isinstance(v, float) and v != v) else str(v).strip() for v in values]
    numbers = [t for t in texts if t not in ("", "–")]
    return bool(numbers) and all(_NUMERIC_CELL.match(t) for t in numbers)


def html_table(df: pd.DataFrame, css_class: str = "pl-table") -> str:
    """An escaped HTML table; columns of numbers are right-aligned (class pl-num) so digits line up."""
    numeric = [is_numeric_column(df[c].tolist()) for c in df.columns]

    def cell(tag: str, value, num: bool) -> str:
        missing = value is None or (isinstance(value, float) and value != value)
        text = "–" if missing else html.escape(str(value), quote=True)
        return f"<{tag} class='pl-num'>{text}</{tag}>" if num else f"<{tag}>{text}</{tag}>"

    head = "".join(cell("th", c, n) for c, n in zip(df.columns, numeric, strict=True))
    rows = "".join(
        "<tr>" + "".join(cell("td", v, n) for v, n in zip(row, numeric, strict=True)) + "</tr>"
        for row in df.itertuples(index=False, name=None)
    )
    return f"<table class='{css_class}'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
