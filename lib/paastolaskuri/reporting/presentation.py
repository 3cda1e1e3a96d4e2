"""Numbers and labels as a Finnish or English reader expects them (1 234,5 vs 1,234.5)."""

from __future__ import annotations

import re

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.units import display_unit

TOTAL_LABELS = {
    "scope1": ("Scope 1", "Scope 1"),
    "scope2_location": ("Scope 2 (sijaintiperusteinen)", "Scope 2 (location-based)"),
    "scope2_market": ("Scope 2 (markkinaperusteinen)", "Scope 2 (market-based)"),
    "scope3": ("Scope 3", "Scope 3"),
    "total_location": ("Yhteensä (sijaintiperusteinen)", "Total (location-based)"),
    "total_market": ("Yhteensä (markkinaperusteinen)", "Total (market-based)"),
    "biogenic_co2": ("Biogeeninen CO2 (scopejen ulkopuolella)", "Biogenic CO2 (outside the scopes)"),
}

BASIS_LABELS = {
    "direct": ("suora", "direct"),
    "location": ("sijaintiperusteinen", "location-based"),
    "market": ("markkinaperusteinen", "market-based"),
    "wtt": ("polttoaineen tuotantoketju", "well-to-tank"),
    "td_loss": ("siirtohäviöt", "T&D losses"),
}
CONFIDENCE_LABELS = {
    "definition": ("määritelmä", "definition"),
    "seen-in-source": ("tarkistettu lähteestä", "seen in source"),
    "derived-from-seen": ("johdettu tarkistetuista", "derived from seen"),
    "unverified": ("TARKISTAMATON", "UNVERIFIED"),
    "own factor": ("oma kerroin", "own factor"),
}


NBSP = "\u00a0"  # thousands separator that never breaks a number across lines


def fmt_number(x: float, lang: str = "fi", decimals: int = 1) -> str:
    if x is None or x != x:
        return "–"
    text = f"{x:,.{decimals}f}"
    if lang == "fi":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")
_TERMS_FI = {
    "density": "tiheys",
    "ncv_mass": "lämpöarvo",
    "ncv_volume": "lämpöarvo",
    "passenger-km": "hkm",
    "tonne-km": "tkm",
    "(biogenic)": "(biogeeninen)",
}


def localise_text(text: str, lang: str) -> str:
    """Engine texts (factor values, conversions) with Finnish decimal commas and terms."""
    if lang != "fi" or not isinstance(text, str):
        return text
    text = _DECIMAL.sub(",", text)
    for en, fi in _TERMS_FI.items():
        text = text.replace(en, fi)
    return text


def fmt_tonnes(kg: float, lang: str = "fi", decimals: int = 1) -> str:
    return f"{fmt_number(kg / 1000.0, lang, decimals)} t CO2e"


def unit_label(unit: str, lang: str) -> str:
    return localise_text(display_unit(unit), lang)


def basis_label(basis: str, lang: str) -> str:
    fi, en = BASIS_LABELS.get(basis, (basis, basis))
    return fi if lang == "fi" else en


def confidence_label(conf: str, lang: str) -> str:
    fi, en = CONFIDENCE_LABELS.get(conf, (conf, conf))
    return fi if lang == "fi" else en


def category_label(code: str, lang: str) -> str:
    cat = load_catalogue().categories.get(code)
    return cat.label(lang) if cat else code


def totals_text(fp, lang: str = "fi") -> str:
    org = fp.organisation
    head = {
        "fi": f"{org.get('name') or org.get('partner_id')} – {org.get('year')} – kerroinsarja {fp.factor_set.name}, GWP {fp.gwp_set}",
        "en": f"{org.get('name') or org.get('partner_id')} – {org.get('year')} – factor set {fp.factor_set.name}, GWP {fp.gwp_set}",
    }[lang]
    width = max(len(v[0 if lang == "fi" else 1]) for v in TOTAL_LABELS.values())
    lines = [head, ""]
    for key in (
        "scope1",
        "scope2_location",
        "scope2_market",
        "scope3",
        "total_location",
        "total_market",
        "biogenic_co2",
    ):
        label = TOTAL_LABELS[key][0 if lang == "fi" else 1]
        unit = "kg CO2" if key == "biogenic_co2" else "kg CO2e"
        lines.append(f"{label:<{width}}  {fmt_number(fp.totals[key], lang, 1):>14} {unit}")
    from paastolaskuri.accounting.calculation import totals_by_category

    lines.append("")
    lines.append("Luokittain (markkinaperusteinen):" if lang == "fi" else "By category (market-based):")
    cats = totals_by_category(fp.emissions, "market").sort_values("kg_co2e", ascending=False)
    for r in cats.itertuples():
        lines.append(
            f"  Scope {r.scope}  {category_label(r.category, lang):<70} {fmt_number(r.kg_co2e, lang, 1):>14} kg CO2e"
        )
    return "\n".join(lines)


def explain_line(rec: dict, lang: str) -> str:
    """Quantity (unit) → converted quantity × factor = kg CO2e, with the source and its confidence."""
    catalogue = load_catalogue()
    label = catalogue[rec["activity"]].label(lang)
    scope = f"Scope {rec['scope']}" + (
        f" ({basis_label(rec['basis'], lang)})" if rec["basis"] != "direct" else ""
    )
    q = f"{fmt_number(rec['quantity'], lang, 3).rstrip('0').rstrip(',.')} {unit_label(rec['unit'], lang)}"
    if rec.get("conversion"):
        q += f" = {fmt_number(rec['converted_quantity'], lang, 4)} {unit_label(rec['factor_unit'], lang)}"
    factor = localise_text(rec["factor_text"], lang)
    result = f"{fmt_number(rec['kg_co2e'], lang, 2)} kg CO2e"
    per_unit = f"{fmt_number(rec['kg_co2e_per_unit'], lang, 6)} kg CO2e/{unit_label(rec['unit'], lang)}"
    src_word = "lähde" if lang == "fi" else "source"
    conf = confidence_label(rec["confidence"], lang)
    text = f"r{rec['row']} {label} – {scope}: {q} × [{factor}] → {per_unit} = {result}"
    if rec.get("kg_co2_biogenic"):
        bio = "biogeeninen CO2" if lang == "fi" else "biogenic CO2"
        text += f" (+ {fmt_number(rec['kg_co2_biogenic'], lang, 2)} kg {bio})"
    text += f"\n    {src_word}: {rec['source']} [{conf}]"
    if rec.get("conversion"):
        text += (
            f"\n    {'muunnos' if lang == 'fi' else 'conversion'}: {localise_text(rec['conversion'], lang)}"
        )
    if rec.get("gwp_note"):
        text += f"\n    GWP: {rec['gwp_note']}"
    return text


def explain_text(fp, lang: str = "fi") -> str:
    return "\n".join(explain_line(rec, lang) for rec in fp.emissions.to_dict(orient="records"))
