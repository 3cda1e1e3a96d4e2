"""The partner and network reports' own texts, in Finnish and English (one (fi, en) pair per key).

Texts from the package's other tables (category labels, totals labels, suppression words) stay
with their modules; numbers are filled in by `numformat` through the sections.
"""

from __future__ import annotations

T = {
    "partner_title": ("Kasvihuonekaasupäästöt {year}", "Greenhouse-gas emissions {year}"),
    "network_title": ("Ilmastokumppaniverkoston päästöt {year}", "Climate-partner network emissions {year}"),
    "meta": (
        "Toimiala: {sector} · Kerroinsarja {factor_set} · GWP100 {gwp} · Päästölaskuri {version}",
        "Sector: {sector} · Factor set {factor_set} · GWP100 {gwp} · Päästölaskuri {version}",
    ),
    "headline": ("Kokonaispäästöt", "Total emissions"),
    "market": ("markkinaperusteinen", "market-based"),
    "location": ("sijaintiperusteinen", "location-based"),
    "biogenic": (
        "Biogeeninen CO2 (raportoidaan erikseen, ei scopeissa): {v} t",
        "Biogenic CO2 (reported apart, outside the scopes): {v} t",
    ),
    "biggest": ("Suurimmat päästölähteet ovat {items}.", "The biggest sources are {items}."),
    "scope": ("Scope", "Scope"),
    "tco2e": ("t CO2e", "t CO2e"),
    "intensity": ("Päästöintensiteetti", "Emission intensity"),
    "per_fte": ("t CO2e / henkilötyövuosi", "t CO2e per FTE"),
    "per_m2": ("kg CO2e / m²", "kg CO2e per m²"),
    "per_meur": ("t CO2e / milj. € liikevaihtoa", "t CO2e per M€ revenue"),
    "not_given": ("ei annettu", "not given"),
    "breakdown": ("Päästöt luokittain", "Emissions by category"),
    "by_scope": ("Päästöt scopeittain (markkinaperusteinen)", "Emissions by scope (market-based)"),
    "trend": ("Kehitys vuosittain", "Trend over the years"),
    "no_history": (
        "Aiempia vuosia ei ole vielä laskettu tälle kumppanille.",
        "No earlier years have been computed for this partner yet.",
    ),
    "no_history_network": (
        "Aiempia vuosia ei ole vielä laskettu verkostolle.",
        "No earlier years have been computed for the network yet.",
    ),
    "base_year": ("perusvuosi", "base year"),
    "vs_base": ("muutos perusvuodesta", "change from base year"),
    "vs_prev": ("muutos edellisestä vuodesta", "change from previous year"),
    "comparison": ("Vertailu verkostoon", "Comparison with the network"),
    "cmp_group_section": (
        "Vertailuryhmä: toimiala {section} ({n} kumppania).",
        "Comparison group: sector {section} ({n} partners).",
    ),
    "cmp_group_all": (
        "Vertailuryhmä: koko verkosto ({n} kumppania); omalla toimialalla on alle {min} kumppania.",
        "Comparison group: the whole network ({n} partners); fewer than {min} partners in the sector.",
    ),
    "cmp_none": (
        "Vertailuun tarvitaan vähintään {min} kumppania.",
        "A comparison needs at least {min} partners.",
    ),
    "you": ("Oma arvo", "Yours"),
    "at_median": ("ryhmän mediaanin tasolla", "at the group median"),
    "median": ("mediaani", "median"),
    "q1q3": ("neljännekset", "quartiles"),
    "better": ("alle ryhmän mediaanin", "below the group median"),
    "worse": ("yli ryhmän mediaanin", "above the group median"),
    "quality": ("Tietojen laatu ja luotettavuus", "Data quality and confidence"),
    "q_estimated": ("Arvioituja rivejä: {share} % riveistä.", "Estimated lines: {share} % of lines."),
    "q_unverified": (
        "Tarkistamattomia kertoimia käytetty {n} päästörivillä: {items}.",
        "Unverified factors used on {n} emission lines: {items}.",
    ),
    "q_unverified_none": (
        "Kaikki käytetyt kertoimet on tarkistettu lähteestä.",
        "Every factor used was checked in its source.",
    ),
    "q_own": (
        "Omia kertoimia (toimittajan kerroin tai alkuperätakuu) {n} rivillä.",
        "Own factors (supplier factor or guarantees of origin) on {n} lines.",
    ),
    "explain": ("Laskennan erittely", "How each number was calculated"),
    "sources": ("Menetelmä ja lähteet", "Method and sources"),
    "method": (
        "Laskenta noudattaa GHG-protokollaa. Scope 2 esitetään sekä sijainti- että markkinaperusteisena; kokonaispäästö "
        "esitetään markkinaperusteisena. Biogeeninen CO2 on scopejen ulkopuolella. Verkostovertailu perustuu "
        "ajon hetken verkostotietoihin.",
        "The calculation follows the GHG Protocol. Scope 2 is shown both location- and market-based; the total is "
        "market-based. Biogenic CO2 is outside the scopes. The network comparison uses the network as of the run.",
    ),
    "col_activity": ("Toiminto", "Activity"),
    "col_quantity": ("Määrä", "Quantity"),
    "col_calc": ("Laskenta", "Calculation"),
    "col_result": ("kg CO2e", "kg CO2e"),
    "col_source": ("Lähde", "Source"),
    "col_conf": ("Luotettavuus", "Confidence"),
    "col_scope": ("Scope", "Scope"),
    "col_category": ("Luokka", "Category"),
    "col_share": ("Osuus", "Share"),
    "col_year": ("Vuosi", "Year"),
    "col_total": ("Yhteensä t CO2e", "Total t CO2e"),
    "col_partner": ("Kumppani", "Partner"),
    "col_sector": ("Toimiala", "Sector"),
    "col_n": ("Kumppaneita", "Partners"),
    "col_status": ("Tila", "Status"),
    "col_messages": ("Viestit", "Messages"),
    "col_factor_set": ("Kerroinsarja", "Factor set"),
    "glance": ("Yhdellä silmäyksellä", "At a glance"),
    "g_size": (
        "Kokonaispäästöt {v} t CO2e (markkinaperusteinen).",
        "Total emissions {v} t CO2e (market-based).",
    ),
    "g_source": ("Suurin lähde: {cat} ({share} %).", "Biggest source: {cat} ({share} %)."),
    "g_trend_down": ("{pct} % vähemmän kuin {year}.", "{pct} % less than in {year}."),
    "g_trend_up": ("{pct} % enemmän kuin {year}.", "{pct} % more than in {year}."),
    "g_trend_none": (
        "Ensimmäinen laskettu vuosi: ei vielä vertailua.",
        "First year computed: no comparison yet.",
    ),
    "g_peer": (
        "Intensiteetti {v} {unit}: {rel} (mediaani {m}, {n} kumppania).",
        "Intensity {v} {unit}: {rel} (median {m}, {n} partners).",
    ),
    "g_sure": (
        "Varmuus: {est} % riveistä arvioitu, {unv} päästöriviä tarkistamattomilla kertoimilla.",
        "Certainty: {est} % of lines estimated, {unv} emission lines on unverified factors.",
    ),
    "overview": ("Yleiskuva", "Overview"),
    "reporting": (
        "Raportoineita kumppaneita {n} / rekisteröityjä {reg}.",
        "Partners reporting: {n} of {reg} registered.",
    ),
    "net_trend": ("Verkoston päästöt vuosittain", "Network emissions over the years"),
    "by_sector": ("Päästöt toimialoittain", "Emissions by sector"),
    "distribution": ("Kumppanien päästöintensiteetit", "Partner emission intensities"),
    "partners": ("Kumppanit", "Partners"),
    "failed": ("Puuttuvat ja epäonnistuneet", "Missing and failed"),
    "failed_none": (
        "Kaikki rekisteröidyt kumppanit raportoivat ja laskenta onnistui.",
        "Every registered partner reported and was computed.",
    ),
    "failed_public": (
        "{failed} kumppanin tiedot eivät läpäisseet tarkistusta ja {missing} ei raportoinut.",
        "{failed} partners' data did not pass the checks and {missing} did not report.",
    ),
    "biogenic_withheld": (
        "Biogeeninen CO2 (raportoidaan erikseen, ei scopeissa): {v}.",
        "Biogenic CO2 (reported apart, outside the scopes): {v}.",
    ),
    "col_total_row": ("Yhteensä", "Total"),
    "col_share_pct": ("Osuus %", "Share %"),
    "missing": ("ei raportoinut", "did not report"),
    "failed_status": ("tarkistus ei läpäissyt", "did not pass checks"),
}


def t(key: str, lang: str, **kw: object) -> str:
    """The text `key` in `lang` ("fi" or "en"), with its fields filled in."""
    fi, en = T[key]
    return (fi if lang == "fi" else en).format(**kw)
