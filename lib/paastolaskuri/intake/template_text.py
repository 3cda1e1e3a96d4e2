"""What the template says to the person filling it in (fi/en): instructions, hints, cell prompts, errors.

Input messages (shown when a cell is selected) and error texts (shown when a value is refused) are
per column or field, so each says what that column wants. Excel's limits: title 32 characters,
prompt 255, error 225 (`test_template_layout` checks them).
"""

from __future__ import annotations

from dataclasses import dataclass

from paastolaskuri.i18n import by_lang

TITLE_LIMIT, PROMPT_LIMIT, ERROR_LIMIT = 32, 255, 225

INSTRUCTIONS = {
    "fi": [
        "Päästölaskuri – kasvihuonekaasupäästöjen tiedonkeruupohja",
        "",
        "Näin täytät pohjan",
        "1. Välilehti Organisaatio: täytä keltaiset solut (tunnus, nimi, toimiala, henkilöstö, pinta-ala, "
        "liikevaihto, raportointivuosi).",
        "2. Välilehti Toiminta: yksi rivi kutakin kulutusta kohden, alkaen riviltä 7. Valitse toiminto ja "
        "yksikkö pudotusvalikosta. Kirjoita määrä lukuna ilman yksikköä ja merkitse, onko tieto mitattu "
        "(lasku, mittari) vai arvioitu.",
        "3. Oma kerroin: jos toimittaja ilmoittaa päästökertoimen (esim. kaukolämpöyhtiö tai sähkön myyjä), "
        "kirjoita se muodossa kg CO2e yksikköä kohden ja sen lähde viereiseen sarakkeeseen. Oma kerroin "
        "korvaa kerroinsarjan arvon.",
        "4. Alkuperätakuilla ostettu sähkö: valitse sarakkeeseen Sopimus 'alkuperätakuu'.",
        "Kun valitset solun, sen ohje näkyy ruudulla. Älä muuta otsikkorivejä tai välilehtien nimiä.",
        "",
        "Kun pohja on valmis",
        "Tallenna tiedosto ja lähetä se verkoston koordinaattorille (sähköpostin liitteenä). Koordinaattori "
        "tarkistaa tiedot, kysyy tarvittaessa lisää ja lähettää organisaatiosi raportin.",
        "",
        "Menetelmä lyhyesti (GHG-protokolla)",
        "- Scope 1: omat polttoaineet, ajoneuvot, kylmäainevuodot ja prosessipäästöt.",
        "- Scope 2: ostosähkö ja -lämpö kahdella tavalla: sijaintiperusteinen (verkon keskiarvo) ja "
        "markkinaperusteinen (myyjän kerroin, alkuperätakuu tai muuten jäännösjakauma).",
        "- Scope 3: kaikki GHG-protokollan 15 luokkaa (hankinnat, pääomahyödykkeet, tuotantoketjut, "
        "kuljetukset, jätteet, matkat, vuokratut hyödykkeet, myytyjen tuotteiden käyttö ja elinkaaren loppu, "
        "sijoitukset). Hankinnat euroina arvonlisäveroineen (kertoimet ovat ALV:n sisältäviä ostohintoja "
        "kohti) tai valuuttana USD, GBP, SEK, NOK, DKK tai CHF: muunto raportointivuoden EKP:n "
        "keskikurssilla ja hintaindeksillä kertoimen hintavuoteen.",
        "- Biomassan poltosta vapautuva (biogeeninen) CO2 raportoidaan erikseen, scopejen ulkopuolella.",
        "- Kasvihuonekaasut muunnetaan CO2-ekvivalenteiksi IPCC:n GWP100-arvoilla (oletus AR5).",
        "- Jokaisella kertoimella on lähde ja luotettavuusmerkintä; tarkistamattomat kertoimet merkitään "
        "raportteihin.",
    ],
    "en": [
        "Päästölaskuri – greenhouse-gas data collection template",
        "",
        "How to fill it in",
        "1. Sheet Organisation: fill in the yellow cells (ID, name, sector, employees, floor area, revenue, "
        "reporting year).",
        "2. Sheet Activities: one row per consumption, from row 7 on. Choose the activity and the unit from "
        "the drop-down lists. Enter the quantity as a number without its unit and mark whether it is "
        "measured (invoice, meter) or estimated.",
        "3. Own factor: if your supplier publishes an emission factor (a district-heat company, an "
        "electricity seller), enter it as kg CO2e per unit and its source in the next column. An own "
        "factor replaces the factor set's value.",
        "4. Electricity bought with guarantees of origin: choose 'guarantees of origin' in the Contract "
        "column.",
        "When you select a cell, its help shows on screen. Do not change the header rows or the sheet names.",
        "",
        "When the template is ready",
        "Save the file and send it to the network's coordinator (as an e-mail attachment). The coordinator "
        "checks the data, asks if anything is missing and sends your organisation its report.",
        "",
        "The method in brief (GHG Protocol)",
        "- Scope 1: own fuels, vehicles, refrigerant leaks and process emissions.",
        "- Scope 2: purchased electricity and heat, both location-based (grid average) and market-based "
        "(supplier factor, guarantees of origin, otherwise the residual mix).",
        "- Scope 3: all 15 GHG Protocol categories (purchases, capital goods, supply chains, transport, "
        "waste, travel, leased assets, use and end of life of sold products, investments). Spend in euros "
        "including VAT (the factors are per VAT-inclusive purchase price) or in USD, GBP, SEK, NOK, DKK or "
        "CHF: converted at the reporting year's average ECB rate and with a price index to the factor's "
        "price year.",
        "- CO2 from burning biomass (biogenic) is reported apart, outside the scopes.",
        "- Gases are converted to CO2 equivalents with IPCC GWP100 values (AR5 by default).",
        "- Every factor carries its source and a confidence mark; unverified factors are flagged in reports.",
    ],
}
# rows of INSTRUCTIONS shown as headings (1-based)
INSTRUCTION_HEADINGS = (3, 10, 13)

ACTIVITY_HINTS = {
    "fi": [
        "Yksi rivi kutakin kulutusta kohden. Valitse toiminto ja yksikkö pudotusvalikosta; määrä lukuna.",
        "Oma kerroin (kg CO2e/yksikkö) vain, jos toimittaja ilmoittaa sen; kirjoita silloin myös lähde.",
        "Sähkön markkinaperusteinen päästö: myyjän kerroin, alkuperätakuu tai jäännösjakauma.",
    ],
    "en": [
        "One row per consumption. Choose the activity and unit from the drop-down lists; quantity as a number.",
        "Own factor (kg CO2e/unit) only when your supplier publishes one; then give its source too.",
        "Market-based electricity: supplier factor, guarantees of origin, or else the residual mix.",
    ],
}


@dataclass(frozen=True)
class CellHelp:
    """The input message (title and prompt) and, for a restricted cell, the error text, in one language."""

    title: str
    prompt: str
    error: str = ""


def _help(fi: tuple[str, ...], en: tuple[str, ...]) -> dict[str, CellHelp]:
    return {"fi": CellHelp(*fi), "en": CellHelp(*en)}


# per activity column key
COLUMN_HELP: dict[str, dict[str, CellHelp]] = {
    "site": _help(
        ("Toimipaikka", "Vapaaehtoinen: toimipaikka tai rakennus, jota rivi koskee (esim. Pääkonttori)."),
        ("Site", "Optional: the site or building the line concerns (e.g. Head office)."),
    ),
    "activity": _help(
        (
            "Toiminto",
            "Valitse toiminto pudotusvalikosta (nuoli solun oikealla puolella).",
            "Toiminto ei ole luettelossa. Valitse toiminto pudotusvalikosta; jos sopivaa ei löydy, "
            "kirjoita kulutus sarakkeeseen Huomautus ja kysy koordinaattorilta.",
        ),
        (
            "Activity",
            "Choose the activity from the drop-down list (the arrow at the right of the cell).",
            "The activity is not in the list. Choose one from the drop-down; if none fits, describe the "
            "consumption in the Note column and ask the coordinator.",
        ),
    ),
    "quantity": _help(
        (
            "Määrä",
            "Määrä lukuna ilman yksikköä, esim. 12500 tai 2,5. Yksikkö valitaan sarakkeeseen Yksikkö.",
            "Määrän pitää olla luku, joka on vähintään 0, ilman yksikköä tai muuta tekstiä (esim. 12500 tai 2,5).",
        ),
        (
            "Quantity",
            "The quantity as a number without its unit, e.g. 12500 or 2.5. The unit goes in the Unit column.",
            "The quantity must be a number of at least 0, without a unit or other text (e.g. 12500 or 2.5).",
        ),
    ),
    "unit": _help(
        (
            "Yksikkö",
            "Valitse määrän yksikkö, esim. kWh tai MWh (sähkö, lämpö), l (polttoaineet), km, kg, EUR.",
            "Yksikkö ei ole luettelossa. Valitse yksikkö pudotusvalikosta, esim. kWh, MWh, l, kg, km tai EUR.",
        ),
        (
            "Unit",
            "Choose the quantity's unit, e.g. kWh or MWh (electricity, heat), l (fuels), km, kg, EUR.",
            "The unit is not in the list. Choose one from the drop-down, e.g. kWh, MWh, l, kg, km or EUR.",
        ),
    ),
    "quality": _help(
        (
            "Tiedon laatu",
            "mitattu: lasku, mittari tai kirjanpito; arvioitu: laskettu arvio.",
            "Valitse pudotusvalikosta mitattu tai arvioitu.",
        ),
        (
            "Data quality",
            "measured: an invoice, meter or the books; estimated: a calculated estimate.",
            "Choose measured or estimated from the drop-down list.",
        ),
    ),
    "own_factor": _help(
        (
            "Oma kerroin",
            "Vain jos toimittaja ilmoittaa kertoimen: kg CO2e rivin yksikköä kohden (MWh-rivillä "
            "kg CO2e/MWh). Kirjoita lähde seuraavaan sarakkeeseen. Muuten jätä tyhjäksi.",
            "Oman kertoimen pitää olla luku, joka on vähintään 0: kg CO2e rivin yksikköä kohden "
            "(esim. 120 kg CO2e/MWh).",
        ),
        (
            "Own factor",
            "Only when your supplier publishes one: kg CO2e per the line's unit (kg CO2e/MWh on a MWh "
            "line). Give its source in the next column. Otherwise leave it empty.",
            "The own factor must be a number of at least 0: kg CO2e per the line's unit "
            "(e.g. 120 kg CO2e/MWh).",
        ),
    ),
    "own_factor_source": _help(
        ("Kertoimen lähde", "Pakollinen, jos annoit oman kertoimen: toimittaja, asiakirja ja vuosi."),
        ("Own factor source", "Required with an own factor: the supplier, the document and the year."),
    ),
    "contract": _help(
        (
            "Sopimus",
            "Valitse alkuperätakuu, jos sähkö on ostettu alkuperätakuilla. Muuten jätä tyhjäksi.",
            "Valitse pudotusvalikosta alkuperätakuu tai jätä solu tyhjäksi.",
        ),
        (
            "Contract",
            "Choose guarantees of origin if the electricity was bought with them. Otherwise leave it empty.",
            "Choose guarantees of origin from the drop-down list, or leave the cell empty.",
        ),
    ),
    "note": _help(
        ("Huomautus", "Vapaaehtoinen: esim. laskun numero tai miten arvio on tehty."),
        ("Note", "Optional: e.g. the invoice number or how an estimate was made."),
    ),
    "last_year": _help(
        ("Edellinen vuosi", "Viime vuoden määrä vertailun vuoksi. Sitä ei lueta laskentaan."),
        ("Last year", "Last year's quantity, for comparison. It is not read into the calculation."),
    ),
}

# per organisation field kind; the field's own help text is the prompt
FIELD_ERRORS = by_lang("template.field_error")
