"""Assignment 01: Scope 1 and 2 by hand (fuel litres -> energy -> CO2; location- vs market-based)."""

from __future__ import annotations

from paastolaskuri.coursework.assignments.cells import check_cell, code, md, pick, solution, written
from paastolaskuri.coursework.assignments.common import SHEET, intro

NAME = "01_scope1_2"


def cells(lang: str) -> list[dict]:
    """The notebook's cells in `lang`."""
    t = pick(lang)
    sheet = SHEET[lang]
    out = intro(
        lang,
        "01",
        ("Scope 1 ja 2 käsin", "Scope 1 and 2 by hand"),
        (
            "luet pohjan pandasilla, muunnat polttoainelitrat energiaksi ja hiilidioksidiksi, laskette "
            "sähkön päästöt sijainti- ja markkinaperusteisesti ja vertaat tuloksia Päästölaskurin omaan.",
            "read the template with pandas, convert fuel litres to energy and CO2, compute electricity "
            "location- and market-based, and compare with the workbench's own result.",
        ),
        75,
    )
    out += [
        md(
            t(
                f"## 1. Pohja pandasilla\n\nKumppanin täyttämä pohja on `case.xlsx`. Toimintorivit ovat välilehdellä "
                f"*{sheet}*, otsikkorivi on rivi 6 (`header=5`, koska pandas laskee nollasta).",
                f"## 1. The template with pandas\n\nThe partner's filled template is `case.xlsx`. The activity lines are "
                f"on the *{sheet}* sheet, with the header on row 6 (`header=5`: pandas counts from zero).",
            )
        ),
        code(
            f'lines = pd.read_excel(case.case, sheet_name="{sheet}", header=5).dropna(subset=["Määrä / Quantity"])\n'
            'OWN = "Oma kerroin (kg CO2e/yksikkö) / Own factor (kg CO2e/unit)"\n'
            'lines[["Toiminto / Activity", "Määrä / Quantity", "Yksikkö / Unit", OWN]]'
        ),
        code(
            "def line(activity_key):\n"
            '    """The template row of an activity (by its catalogue key, e.g. "light_fuel_oil")."""\n'
            f'    label = catalogue[activity_key].label("{lang}")\n'
            '    return lines[lines["Toiminto / Activity"] == label].iloc[0]\n\n\n'
            'line("light_fuel_oil")'
        ),
        md(
            t(
                "## 2. Esimerkki: 1 000 litraa kevyttä polttoöljyä\n\nKerroin on **energiaa kohden** (kg CO2/GJ). "
                "Litrat muunnetaan ensin massaksi tiheydellä (kg/l), massa energiaksi lämpöarvolla (MJ/kg), ja "
                "megajoulet gigajouleiksi (/1000). Luvut ovat kerroinsarjasta, lähteineen:",
                "## 2. Worked example: 1,000 litres of light fuel oil\n\nThe factor is **per unit of energy** "
                "(kg CO2/GJ). Litres become mass with the density (kg/l), mass becomes energy with the net calorific "
                "value (MJ/kg), and megajoules become gigajoules (/1000). The figures come from the factor set, sourced:",
            )
        ),
        code(
            'props = fs.properties[fs.properties["activity"] == "light_fuel_oil"]\n'
            'display(props[["property", "value", "unit", "publisher", "confidence"]])\n'
            'display(factors.loc[["lfo.co2"], ["value", "unit", "gas", "publisher", "confidence"]])\n'
            'density = fs.properties_for("light_fuel_oil")["density"]\n'
            'ncv = fs.properties_for("light_fuel_oil")["ncv_mass"]\n'
            "example_gj = 1000 * density * ncv / 1000\n"
            'print(f"1000 l × {density} kg/l × {ncv} MJ/kg / 1000 = {example_gj:.4f} GJ")\n'
            'lfo_co2 = factors.loc["lfo.co2", "value"]\n'
            'print(f"{example_gj:.4f} GJ × {lfo_co2} kg CO2/GJ = {example_gj * lfo_co2:.1f} kg CO2")'
        ),
        md(
            t(
                "### Tehtävä 1.1\nMontako **litraa** kevyttä polttoöljyä tapauksesi pohjassa on? (Tarkista yksikkö: "
                "l vai m³.)",
                "### Exercise 1.1\nHow many **litres** of light fuel oil does your case's template hold? (Check the "
                "unit: l or m³.)",
            )
        ),
        solution("a01-oil-litres", "oil_litres = None"),
        check_cell("t01-oil-litres", "01.oil_litres", "oil_litres", 1),
        md(
            t(
                "### Tehtävä 1.2\nPolttoöljyn energia gigajouleina (GJ).",
                "### Exercise 1.2\nThe fuel oil's energy in gigajoules (GJ).",
            )
        ),
        solution("a01-oil-gj", "oil_energy_gj = None"),
        check_cell("t01-oil-gj", "01.oil_energy_gj", "oil_energy_gj", 2),
        md(
            t(
                "### Tehtävä 1.3\nPolttoöljyn hiilidioksidipäästö (kg CO2, pelkkä CO2 ilman CH4:ää ja N2O:ta).",
                "### Exercise 1.3\nThe fuel oil's carbon dioxide (kg CO2, CO2 alone without CH4 and N2O).",
            )
        ),
        solution("a01-oil-co2", "oil_kg_co2 = None"),
        check_cell("t01-oil-co2", "01.oil_kg_co2", "oil_kg_co2", 2),
        md(
            t(
                "### Tehtävä 1.4\nPakettiautojen dieselin CO2 (kg). Dieselin kerroin on litraa kohden (`diesel.co2`).",
                "### Exercise 1.4\nThe vans' diesel CO2 (kg). The diesel factor is per litre (`diesel.co2`).",
            )
        ),
        solution("a01-diesel", "diesel_kg_co2 = None"),
        check_cell("t01-diesel", "01.diesel_kg_co2", "diesel_kg_co2", 1),
        md(
            t(
                "## 3. Sähkö: sijainti- ja markkinaperusteinen\n\n*Sijaintiperusteinen* käyttää sähköverkon "
                "keskimääräistä kerrointa (`el.location`, kg/kWh). *Markkinaperusteinen* käyttää sähkönmyyjän omaa "
                "kerrointa (faktoissa g CO2/kWh; pohjassa sarakkeessa *Oma kerroin* rivin yksikköä kohden) tai, "
                "jos sitä ei ole, jäännösjakaumaa. Raportoi aina molemmat. Huomaa yksikkö: kWh vai MWh.",
                "## 3. Electricity: location- and market-based\n\n*Location-based* uses the grid's average factor "
                "(`el.location`, kg/kWh). *Market-based* uses the supplier's own factor (in the facts as g CO2/kWh; in "
                "the template's *Own factor* column per the line's unit) or, without one, the residual mix. Always "
                "report both. Mind the unit: kWh or MWh.",
            )
        ),
        code(
            'factors.loc[["el.location", "el.residual"], ["value", "unit", "publisher", "document", "confidence"]]'
        ),
        md(
            t(
                "### Tehtävä 1.5\nSähkön sijaintiperusteinen päästö (kg CO2e).",
                "### Exercise 1.5\nElectricity, location-based (kg CO2e).",
            )
        ),
        solution("a01-el-loc", "electricity_location_kg = None"),
        check_cell("t01-el-loc", "01.electricity_location_kg", "electricity_location_kg", 2),
        md(
            t(
                "### Tehtävä 1.6\nSähkön markkinaperusteinen päästö (kg CO2e), myyjän kertoimella.",
                "### Exercise 1.6\nElectricity, market-based (kg CO2e), with the supplier's factor.",
            )
        ),
        solution("a01-el-mkt", "electricity_market_kg = None"),
        check_cell("t01-el-mkt", "01.electricity_market_kg", "electricity_market_kg", 2),
        md(
            t(
                "### Tehtävä 1.7\nScope 2 yhteensä molemmilla perusteilla (sähkö + kaukolämpö, kg CO2e). Kaukolämmön "
                "kerroin on `dh.location`; tässä sarjassa sen markkinaperusteinen kerroin on sama, koska "
                "jäännösjakaumaa ei ole julkaistu.",
                "### Exercise 1.7\nScope 2 in total on both bases (electricity + district heat, kg CO2e). The district "
                "heat factor is `dh.location`; in this set its market-based factor is the same, since no residual mix "
                "is published.",
            )
        ),
        solution("a01-scope2", "scope2_location_kg = None\nscope2_market_kg = None"),
        check_cell("t01-scope2-loc", "01.scope2_location_kg", "scope2_location_kg", 1),
        check_cell("t01-scope2-mkt", "01.scope2_market_kg", "scope2_market_kg", 1),
        md(
            t(
                "## 4. Scope 1 Päästölaskurilla ja biogeeninen CO2\n\n`compute_footprint(case.case)` laskee "
                "koko pohjan; `fp.emissions` on rivit (sarakkeet `scope`, `basis`, `kg_co2`, `kg_co2e`, "
                "`kg_co2_biogenic`) ja `fp.totals` summat. Puupellettien CO2 on **biogeenistä**: se raportoidaan "
                "erikseen eikä kuulu Scope 1:een; pellettien CH4 ja N2O kuuluvat. Vastauksen jälkeen voit "
                "verrata lukujasi komentoon `paastolaskuri calc case.xlsx --explain` päätteessä.",
                "## 4. Scope 1 with the workbench, and biogenic CO2\n\n`compute_footprint(case.case)` computes "
                "the whole template; `fp.emissions` holds the lines (columns `scope`, `basis`, `kg_co2`, "
                "`kg_co2e`, `kg_co2_biogenic`) and `fp.totals` the sums. The wood pellets' CO2 is **biogenic**: "
                "it is reported apart and is not in Scope 1; the pellets' CH4 and N2O are. Once you have "
                "answered you may compare your figures with `paastolaskuri calc case.xlsx --explain` in a terminal.",
            )
        ),
        code("fp = compute_footprint(case.case)  # computed, not shown: the checks ask for its figures"),
        md(
            t(
                "### Tehtävä 1.8\nScope 1 yhteensä (kg CO2e, biogeeninen CO2 ei mukana).",
                "### Exercise 1.8\nScope 1 in total (kg CO2e, without the biogenic CO2).",
            )
        ),
        solution("a01-scope1", "scope1_kg = None"),
        check_cell("t01-scope1", "01.scope1_kg", "scope1_kg", 1),
        md(
            t(
                "### Tehtävä 1.9\nPuupellettien biogeeninen CO2 (kg CO2), kertoimella `pellets.bio`.",
                "### Exercise 1.9\nThe wood pellets' biogenic CO2 (kg CO2), with the factor `pellets.bio`.",
            )
        ),
        solution("a01-biogenic", "biogenic_co2_kg = None"),
        check_cell("t01-biogenic", "01.biogenic_co2_kg", "biogenic_co2_kg", 1),
    ]
    out += written(
        "w01-market",
        2,
        t(
            "### Tehtävä 1.10 (kirjallinen, opettaja arvioi)\nMiksi tapauksesi markkinaperusteinen sähkön päästö "
            "on suurempi (tai pienempi) kuin sijaintiperusteinen? Mitä se kertoo sähkösopimuksesta? 2–4 virkettä.",
            "### Exercise 1.10 (written, graded by your teacher)\nWhy is your case's market-based electricity "
            "figure larger (or smaller) than the location-based one? What does it say about the electricity "
            "contract? 2–4 sentences.",
        ),
    )
    return out
