"""Assignment 02: Scope 3 (spend- against activity-based, VAT, travel, commuting, waste, categories)."""

from __future__ import annotations

from paastolaskuri.coursework.assignments.cells import check_cell, code, md, pick, solution, written
from paastolaskuri.coursework.assignments.common import intro

NAME = "02_scope3"


def _spend(t) -> list[dict]:
    return [
        md(
            t(
                "## 1. Hankinnat euroina: arvonlisävero ja hintataso\n\nKulupohjaiset kertoimet (SYKE/ENVIMAT) ovat "
                "kg CO2e **alv:n sisältävää** euroa kohden ja vuoden 2013 hinnoin. Kirjanpidon summat ovat usein "
                "alv 0 %: lisää vero (yleinen alv 25,5 % 1.9.2024 alkaen, lähde alla) ja muunna hintataso "
                "indeksisuhteella (faktoissa `price_index_ratio`).",
                "## 1. Purchases in euros: VAT and price level\n\nThe spend factors (SYKE/ENVIMAT) are kg CO2e per "
                "euro **including VAT** in 2013 prices. Bookkeeping sums are often excluding VAT: add the tax "
                "(general VAT 25.5 % from 1.9.2024, source below) and convert the price level with the index ratio "
                "(`price_index_ratio` in the facts).",
            )
        ),
        code(
            "from paastolaskuri.coursework.constants import VAT_RATE\n\n"
            "print(VAT_RATE.value, VAT_RATE.publisher, VAT_RATE.url, VAT_RATE.confidence)\n"
            'factors.loc[["spend.paper_print", "mat.paper"], ["value", "unit", "publisher", "confidence"]]'
        ),
        md(
            t(
                "### Tehtävä 2.1\nPaperihankinnat puuttuvat pohjasta: kirjanpito antaa ne alv 0 % -summana "
                "(faktoissa `paper_excl_vat`). Paperihankintojen summa **alv:n kanssa** (€).",
                "### Exercise 2.1\nThe paper purchases are missing from the template: the bookkeeping gives them "
                "excluding VAT (`paper_excl_vat` in the facts). The paper purchases **including VAT** (€).",
            )
        ),
        solution("a02-vat", "paper_spend_incl_vat_eur = None"),
        check_cell("t02-vat", "02.paper_spend_incl_vat_eur", "paper_spend_incl_vat_eur", 1),
        md(
            t(
                "### Tehtävä 2.2\nPaperin päästö **kulupohjaisesti** (kg CO2e): € alv:n kanssa × indeksisuhde × kerroin.",
                "### Exercise 2.2\nThe paper's emissions, **spend-based** (kg CO2e): € incl. VAT × index ratio × factor.",
            )
        ),
        solution("a02-spend", "paper_spend_kg = None"),
        check_cell("t02-spend", "02.paper_spend_kg", "paper_spend_kg", 2),
        md(
            t(
                "### Tehtävä 2.3\nSama paperi **toimintopohjaisesti** painon mukaan (kg CO2e; kerroin `mat.paper` on "
                "tonnia kohden). Kumpi arvio on suurempi? Kumpaan luotat enemmän ja miksi?",
                "### Exercise 2.3\nThe same paper **activity-based**, by weight (kg CO2e; the factor `mat.paper` is per "
                "tonne). Which estimate is larger? Which do you trust more, and why?",
            )
        ),
        solution("a02-activity", "paper_activity_kg = None"),
        check_cell("t02-activity", "02.paper_activity_kg", "paper_activity_kg", 2),
    ]


def _travel(t) -> list[dict]:
    return [
        md(
            t(
                "## 2. Liikematkat, työmatkat ja jätteet\n\n### Tehtävä 2.4\nKotimaan lentojen henkilökilometrit (hkm) "
                "faktoista: matkat ovat meno-paluumatkoja.",
                "## 2. Business travel, commuting and waste\n\n### Exercise 2.4\nThe domestic flights' passenger-km "
                "(pkm) from the facts: the trips are return trips.",
            )
        ),
        solution("a02-pkm", "flight_pkm = None"),
        check_cell("t02-pkm", "02.flight_pkm", "flight_pkm", 1),
        md(
            t(
                "### Tehtävä 2.5\nLentojen päästö (kg CO2e, kerroin `air.domestic`).",
                "### Exercise 2.5\nThe flights' emissions (kg CO2e, factor `air.domestic`).",
            )
        ),
        solution("a02-flight", "flight_kg = None"),
        check_cell("t02-flight", "02.flight_kg", "flight_kg", 1),
        md(
            t(
                "### Tehtävä 2.6\nHenkilöstön työmatkat autolla (kg CO2e, kerroin `commute.car` per km).",
                "### Exercise 2.6\nEmployees' commuting by car (kg CO2e, factor `commute.car` per km).",
            )
        ),
        solution("a02-commute", "commute_kg = None"),
        check_cell("t02-commute", "02.commute_kg", "commute_kg", 1),
        md(
            t(
                "### Tehtävä 2.7\nSekajäte energiahyötykäyttöön (kg CO2e, kerroin `waste.mixed_inc` per tonni). Miksi "
                "kerroin on näin pieni? (Vihje: katso kerroinsarjan menetelmähuomautus `fs.meta['method']`.)",
                "### Exercise 2.7\nMixed waste to energy recovery (kg CO2e, factor `waste.mixed_inc` per tonne). Why is "
                "the factor so small? (Hint: see the set's method note `fs.meta['method']`.)",
            )
        ),
        solution("a02-waste", "waste_kg = None"),
        check_cell("t02-waste", "02.waste_kg", "waste_kg", 1),
    ]


def _categories(t, lang: str) -> list[dict]:
    out = [
        md(
            t(
                "## 3. Mihin Scope 3 -luokkaan rivi kuuluu?\n\nGHG-protokollan 15 luokkaa: 1 ostetut tavarat ja "
                "palvelut, 2 käyttöomaisuus, 3 polttoaine- ja energiaperäiset, 4 kuljetukset (hankinta), 5 jätteet, "
                "6 liikematkat, 7 työmatkat, ... 12 myytyjen tuotteiden elinkaaren loppu. Anna luokan numero; "
                "Päästölaskurin luettelo kertoo sen sarakkeessa `ghg_category` (`paastolaskuri activities`).",
                "## 3. Which Scope 3 category does a line belong to?\n\nThe GHG Protocol's 15 categories: 1 purchased "
                "goods and services, 2 capital goods, 3 fuel- and energy-related, 4 upstream transport, 5 waste, "
                "6 business travel, 7 commuting, ... 12 end of life of sold products. Give the category number; the "
                "workbench's catalogue names it in the column `ghg_category` (`paastolaskuri activities`).",
            )
        ),
        solution(
            "a02-categories",
            "category_paper = None\ncategory_flight = None\ncategory_commute = None\ncategory_waste = None",
        ),
        check_cell("t02-cat-paper", "02.category_paper", "category_paper", 1),
        check_cell("t02-cat-flight", "02.category_flight", "category_flight", 1),
        check_cell("t02-cat-commute", "02.category_commute", "category_commute", 1),
        check_cell("t02-cat-waste", "02.category_waste", "category_waste", 1),
        md(
            t(
                "## 4. Vertaa Päästölaskurin selitykseen\n\nKun olet vastannut, etsi omat lukusi komennon "
                "`paastolaskuri calc case.xlsx --explain` Scope 3 -riveiltä päätteessä. Huomaa myös luokan 3 "
                "rivit (polttoaineiden tuotantoketju), joita et laskenut käsin.",
                "## 4. Compare with the workbench's explanation\n\nOnce you have answered, find your own figures "
                "on the Scope 3 lines of `paastolaskuri calc case.xlsx --explain` in a terminal. Note also the "
                "category 3 lines (fuels' upstream), which you did not compute by hand.",
            )
        ),
    ]
    out += written(
        "w02-category",
        2,
        t(
            "### Tehtävä 2.8 (kirjallinen, opettaja arvioi)\nTyöntekijä lentää asiakastapaamiseen ja ajaa omalla "
            "autollaan kotoa lentokentälle. Mihin Scope 3 -luokkiin nämä kaksi matkaa kuuluvat, ja miksi? 2–4 virkettä.",
            "### Exercise 2.8 (written, graded by your teacher)\nAn employee flies to a client meeting and drives "
            "from home to the airport in their own car. Which Scope 3 categories do the two trips belong to, and "
            "why? 2–4 sentences.",
        ),
    )
    return out


def cells(lang: str) -> list[dict]:
    """The notebook's cells in `lang`."""
    t = pick(lang)
    out = intro(
        lang,
        "02",
        ("Scope 3", "Scope 3"),
        (
            "lasket hankintojen päästöt kulu- ja toimintopohjaisesti (alv ja hintataso), liikematkat, työmatkat "
            "ja jätteet, ja perustelet kunkin rivin Scope 3 -luokan.",
            "compute purchases spend- and activity-based (VAT and price level), business travel, commuting and "
            "waste, and justify each line's Scope 3 category.",
        ),
        75,
        footprint=False,
    )
    return out + _spend(t) + _travel(t) + _categories(t, lang)
