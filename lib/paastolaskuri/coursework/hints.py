"""The hints a failed check gives: each names the likely mistake, in Finnish (first line) and English."""

from __future__ import annotations

HINTS: dict[str, tuple[str, str]] = {
    "missing": (
        "vastaus puuttuu: laske arvo ja sijoita se muuttujaan (None ei ole vastaus)",
        "no answer yet: compute the value and assign it to the variable (None is not an answer)",
    ),
    "not_number": (
        "vastaus ei ole luku: anna pelkkä luku ilman yksikköä tai tekstiä",
        "the answer is not a number: give the number alone, without a unit or text",
    ),
    "kwh_mwh": (
        "vastaus on 1000-kertainen tai 1000. osa oikeasta: sekoittuivatko kWh ja MWh? "
        "1 MWh = 1000 kWh, ja kertoimen yksikön on vastattava määrän yksikköä",
        "the answer is 1000 times too large or too small: did kWh and MWh get mixed up? "
        "1 MWh = 1000 kWh, and the factor's unit must match the quantity's unit",
    ),
    "mj_gj": (
        "vastaus on 1000-kertainen tai 1000. osa oikeasta: MJ vai GJ? lämpöarvo on MJ/kg, "
        "päästökerroin kg CO2/GJ, ja 1 GJ = 1000 MJ",
        "the answer is 1000 times too large or too small: MJ or GJ? the calorific value is in MJ/kg, "
        "the emission factor in kg CO2/GJ, and 1 GJ = 1000 MJ",
    ),
    "m3_l": (
        "vastaus on 1000-kertainen tai 1000. osa oikeasta: m³ vai litrat? 1 m³ = 1000 l",
        "the answer is 1000 times too large or too small: m³ or litres? 1 m³ = 1000 l",
    ),
    "kg_t": (
        "vastaus on 1000-kertainen tai 1000. osa oikeasta: kg vai t? kerroin on tonnia kohden, 1 t = 1000 kg",
        "the answer is 1000 times too large or too small: kg or t? the factor is per tonne, 1 t = 1000 kg",
    ),
    "result_unit": (
        "vastaus on 1000-kertainen tai 1000. osa oikeasta: kilogrammat vai tonnit? "
        "katso, missä yksikössä tehtävä pyytää vastauksen (kg CO2e vai t CO2e)",
        "the answer is 1000 times too large or too small: kilograms or tonnes? "
        "check which unit the exercise asks for (kg CO2e or t CO2e)",
    ),
    "litres_energy": (
        "kerroin on energiaa kohden (kg CO2/GJ): muunna litrat ensin energiaksi "
        "(litrat × tiheys × lämpöarvo), älä kerro litroja suoraan kertoimella",
        "the factor is per unit of energy (kg CO2/GJ): convert the litres to energy first "
        "(litres × density × calorific value); do not multiply litres by the factor",
    ),
    "density": (
        "tiheys puuttuu: litrat muunnetaan kilogrammoiksi (× tiheys kg/l) ennen lämpöarvoa (MJ/kg)",
        "the density is missing: litres become kilograms (× density in kg/l) before the calorific value (MJ/kg)",
    ),
    "scope2_basis": (
        "väärä Scope 2 -peruste: sijaintiperusteinen käyttää sähköverkon keskimääräistä kerrointa, "
        "markkinaperusteinen sähkönmyyjän omaa kerrointa (tai jäännösjakaumaa)",
        "wrong Scope 2 basis: location-based uses the grid's average factor, market-based the "
        "supplier's own factor (or the residual mix)",
    ),
    "vat_missing": (
        "arvonlisävero puuttuu: kulukertoimet ovat alv:n sisältäviä euroja kohden, joten alv 0 % "
        "-summa kerrotaan 1,255:llä (yleinen alv 25,5 % 1.9.2024 alkaen)",
        "VAT is missing: the spend factors are per euro including VAT, so the amount excluding VAT "
        "is multiplied by 1.255 (general VAT 25.5 % from 1.9.2024)",
    ),
    "vat_extra": (
        "summa on 1,255-kertainen: lisäsitkö arvonlisäveron summaan, joka jo sisälsi sen?",
        "the amount is 1.255 times too large: did you add VAT to an amount that already included it?",
    ),
    "vat_old": (
        "käytit vanhaa alv-kantaa 24 %: laskut ovat 1.9.2024 jälkeen, jolloin yleinen verokanta on 25,5 %",
        "you used the old VAT rate of 24 %: the invoices are dated after 1.9.2024, when the general rate is 25.5 %",
    ),
    "price_year": (
        "hintatason muunnos puuttuu: kulukerroin on vuoden 2013 hinnoin, joten vuoden 2024 eurot "
        "kerrotaan ensin indeksisuhteella (katso faktat tai calc --explain)",
        "the price-level step is missing: the spend factor is in 2013 prices, so 2024 euros are first "
        "multiplied by the index ratio (see the facts or calc --explain)",
    ),
    "return_trip": (
        "meno-paluu puuttuu: jokainen matka on kaksi lentoa (yhdensuuntainen matka × 2)",
        "the return flight is missing: every trip is two flights (one-way distance × 2)",
    ),
    "remaining_vs_avoided": (
        "laskit jäljelle jäävät päästöt, et vältettyjä: vältetty = osuus × nykyiset päästöt",
        "you computed the emissions that remain, not those avoided: avoided = share × present emissions",
    ),
    "percent": (
        "anna vastaus prosentteina (0–100), ei osuutena (0–1)",
        "give the answer in per cent (0–100), not as a share (0–1)",
    ),
    "category_6_7": (
        "väärä luokka: liikematkat (lennot, hotellit, työajot) ovat Scope 3 -luokka 6, henkilöstön "
        "matkat kodin ja työpaikan välillä luokka 7",
        "wrong category: business travel (flights, hotels, work trips) is Scope 3 category 6, "
        "employees' trips between home and work category 7",
    ),
    "category_waste": (
        "väärä luokka: toiminnassa syntyvät jätteet ovat Scope 3 -luokka 5; luokka 12 on myytyjen "
        "tuotteiden elinkaaren loppu",
        "wrong category: waste generated in operations is Scope 3 category 5; category 12 is the "
        "end of life of sold products",
    ),
    "category_purchases": (
        "väärä luokka: ostetut tavarat ja palvelut (myös paperi) ovat Scope 3 -luokka 1; luokka 2 on "
        "käyttöomaisuus (koneet, rakennukset, ajoneuvot)",
        "wrong category: purchased goods and services (paper too) are Scope 3 category 1; category 2 "
        "is capital goods (machinery, buildings, vehicles)",
    ),
    "category_other": (
        "väärä luokka: katso luokka komennolla paastolaskuri activities (sarake ghg_category) ja "
        "GHG-protokollan 15 luokan kuvauksista",
        "wrong category: look the category up with paastolaskuri activities (column ghg_category) "
        "and in the GHG Protocol's 15 category descriptions",
    ),
    "wrong_action": (
        "ei kärjessä: järjestä toimet vältettyjen tonnien mukaan (markkinaperusteinen), suurin ensin; "
        "anna toimen tunnus (action_id)",
        "not the top one: rank the actions by tonnes avoided (market-based), largest first; give the "
        "action's ID (action_id)",
    ),
    "errors_too_few": (
        "kaikkia virheitä ei löytynyt: check tulostaa jokaisen virheen omalle rivilleen; laske virheet "
        "(ei varoituksia) ja katso yhteenvetorivi",
        "not every error found: check prints each error on its own line; count the errors (not the "
        "warnings) and look at the summary line",
    ),
    "errors_too_many": (
        "liian monta: laskitko mukaan varoituksia? vain virheet estävät laskennan (katso yhteenvetorivi)",
        "too many: did you count warnings too? only errors stop the calculation (see the summary line)",
    ),
    "cells": (
        "solut eivät täsmää: virhesoluja puuttuu {missing}, ylimääräisiä: {extra}; anna solut muodossa Toiminta!C9",
        "the cells do not match: error cells missing: {missing}, extra: {extra}; give the cells as Toiminta!C9",
    ),
    "fixed_file": (
        "korjattu pohja ei vielä vastaa tapausta: {detail}",
        "the corrected template does not match the case yet: {detail}",
    ),
    "close": (
        "lähellä, mutta ei toleranssin ({tol}) sisällä: pyöristitkö välituloksia? käytä kertoimia ja "
        "muuntokertoimia täsmälleen",
        "close, but not within the tolerance ({tol}): did you round intermediate results? use the "
        "factors and conversions exactly",
    ),
    "generic": (
        "ei vastaa odotettua ({value} {unit}). Tarkista vaiheet: {how}",
        "does not match the expected value ({value} {unit}). Check the steps: {how}",
    ),
}


def hint_lines(exercise: str, key: str, **params) -> str:
    """The two-line message of a failed check: Finnish first, English second, each naming the exercise."""
    fi, en = HINTS[key]
    fi_params = {k: (v[0] if isinstance(v, tuple) else v) for k, v in params.items()}
    en_params = {k: (v[1] if isinstance(v, tuple) else v) for k, v in params.items()}
    return f"{exercise}: {fi.format(**fi_params)}\n{exercise}: {en.format(**en_params)}"
