"""Every message a partner, student or coordinator reads about their input, in Finnish and English.

A problem prints as one line, like a compiler's: `FILE: SHEET!CELL: message`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paastolaskuri.numformat import format_plain

LANGS = ("fi", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # the file as a whole
    "file_missing": {"fi": "tiedostoa ei löydy", "en": "file not found"},
    "is_folder": {
        "fi": "on kansio, ei tiedosto: anna tiedoston nimi, esimerkiksi {example}",
        "en": "is a folder, not a file: give a file name, for example {example}",
    },
    "file_too_big": {
        "fi": "tiedosto on liian suuri ({size} Mt, enintään {limit} Mt)",
        "en": "file is too large ({size} MB, at most {limit} MB)",
    },
    "not_xlsx": {
        "fi": "ei ole Excel-työkirja (.xlsx): tallenna tiedosto Excelissä tai LibreOfficessa muodossa .xlsx",
        "en": "not an Excel workbook (.xlsx): save the file as .xlsx in Excel or LibreOffice",
    },
    "old_xls": {
        "fi": "vanha .xls-muoto tai salasanalla suojattu työkirja: poista salasana ja tallenna muodossa .xlsx",
        "en": "old .xls format or a password-protected workbook: remove the password and save as .xlsx",
    },
    "corrupt_xlsx": {
        "fi": "työkirja on vioittunut tai keskeneräinen ({detail}): tallenna se uudelleen Excelissä",
        "en": "the workbook is damaged or incomplete ({detail}): save it again in Excel",
    },
    "zip_unsafe": {
        "fi": "työkirjassa on vaarallinen sisäinen tiedostonimi ({name}): tiedostoa ei käsitellä",
        "en": "the workbook holds an unsafe internal file name ({name}): the file is not processed",
    },
    "zip_bomb": {
        "fi": "työkirja purkautuu liian suureksi ({size} Mt, enintään {limit} Mt): tiedostoa ei käsitellä",
        "en": "the workbook decompresses to too much data ({size} MB, at most {limit} MB): the file is not processed",
    },
    "zip_too_many_entries": {
        "fi": "työkirjassa on liikaa sisäisiä osia ({count}, enintään {limit}): tiedostoa ei käsitellä",
        "en": "the workbook holds too many internal parts ({count}, at most {limit}): the file is not processed",
    },
    "xml_unsafe": {
        "fi": "työkirjassa on kiellettyjä XML-rakenteita ({detail}): tallenna se uudelleen Excelissä",
        "en": "the workbook holds forbidden XML constructs ({detail}): save it again in Excel",
    },
    "encrypted": {
        "fi": "työkirja on suojattu salasanalla: poista salasana (Tiedosto > Tiedot > Suojaa työkirja) ja tallenna muodossa .xlsx",
        "en": "the workbook is password-protected: remove the password (File > Info > Protect Workbook) and save as .xlsx",
    },
    "xml_text_too_long": {
        "fi": "työkirjassa on liian pitkä teksti (yli {limit} tavua yhdessä solussa): tiedostoa ei käsitellä",
        "en": "the workbook holds too long a text (over {limit} bytes in one cell): the file is not processed",
    },
    "csv_unreadable": {
        "fi": "CSV-tiedostoa ei voi lukea ({detail}): käytä UTF-8-merkistöä ja pilkkua erottimena",
        "en": "cannot read the CSV file ({detail}): use UTF-8 and commas between columns",
    },
    "macros_ignored": {
        "fi": "työkirjassa on makroja: niitä ei koskaan ajeta, vain arvot luetaan",
        "en": "the workbook contains macros: they are never run, only values are read",
    },
    "external_links": {
        "fi": "työkirjassa on linkkejä toisiin tiedostoihin: vain tallennetut arvot luetaan",
        "en": "the workbook links to other files: only the stored values are read",
    },
    # sheets and headers
    "sheet_missing": {
        "fi": "välilehti {sheet} puuttuu: käytä Päästölaskurin pohjaa (paastolaskuri template)",
        "en": "sheet {sheet} is missing: use the Päästölaskuri template (paastolaskuri template)",
    },
    "header_missing": {
        "fi": "otsikkoriviä ei löydy (sarakkeet {columns}): älä poista tai nimeä otsikoita uudelleen",
        "en": "header row not found (columns {columns}): do not delete or rename the headers",
    },
    "column_missing": {
        "fi": "sarake {column} puuttuu otsikkoriviltä",
        "en": "column {column} is missing from the header row",
    },
    "too_many_rows": {
        "fi": "liikaa rivejä (yli {limit}): jaa tiedot tai poista tyhjät rivit",
        "en": "too many rows (over {limit}): split the data or delete empty rows",
    },
    "too_many_cells": {
        "fi": "liikaa soluja (yli {limit}): poista tyhjät rivit ja sarakkeet tai jaa tiedot",
        "en": "too many cells (over {limit}): delete empty rows and columns or split the data",
    },
    "merged_cells": {
        "fi": "yhdistettyjä soluja ({ref}) taulukossa: pura yhdistäminen",
        "en": "merged cells ({ref}) in the table: unmerge them",
    },
    # organisation
    "field_missing": {"fi": "{field} puuttuu: täytä solu", "en": "{field} is missing: fill in the cell"},
    "partner_id_invalid": {
        "fi": 'kumppanin tunnus "{value}" ei kelpaa: käytä kirjaimia, numeroita ja väliviivoja',
        "en": 'partner ID "{value}" is not usable: use letters, digits and hyphens',
    },
    "year_invalid": {
        "fi": 'raportointivuosi "{value}" ei ole mahdollinen: anna vuosi {low}–{high}',
        "en": 'reporting year "{value}" is impossible: give a year {low}–{high}',
    },
    "base_year_invalid": {
        "fi": 'perusvuosi "{value}" ei ole mahdollinen: anna vuosi {low}–{high}',
        "en": 'base year "{value}" is impossible: give a year {low}–{high}',
    },
    "sector_invalid": {
        "fi": 'toimiala "{value}" ei ole TOL 2008 -koodi: anna kirjain A–U tai numerokoodi, esim. 16101',
        "en": 'sector "{value}" is not a TOL 2008 code: give a letter A–U or a numeric code such as 16101',
    },
    "research_use_invalid": {
        "fi": 'tutkimuskäyttö "{value}" ei ole kyllä tai ei: tulkitaan ei (valitse pudotusvalikosta)',
        "en": 'research use "{value}" is neither yes nor no: read as no (choose from the drop-down)',
    },
    "sector_missing": {
        "fi": "toimiala puuttuu: vertailu tehdään koko verkostoon",
        "en": "sector is missing: the comparison uses the whole network",
    },
    "number_invalid": {"fi": '{field} "{value}" ei ole luku', "en": '{field} "{value}" is not a number'},
    "number_negative": {
        "fi": "{field} {value} on negatiivinen: anna nolla tai positiivinen luku",
        "en": "{field} {value} is negative: give zero or a positive number",
    },
    "year_mismatch": {
        "fi": "raportointivuosi {value} ei vastaa kansiota {folder}: siirrä tiedosto oikean vuoden kansioon",
        "en": "reporting year {value} does not match folder {folder}: move the file to the right year's folder",
    },
    "duplicate_partner": {
        "fi": "kumppanin tunnus {value} on myös tiedostossa {other}: kummastakaan ei tehdä raporttia, ennen kuin "
        "tunnus on vain yhdessä tiedostossa (poista vanhentunut tiedosto tai korjaa tunnus)",
        "en": "partner ID {value} is also used by {other}: neither gets a report until only one file uses it "
        "(remove the outdated file or correct the ID)",
    },
    # activity lines
    "no_lines": {
        "fi": "toimintorivejä ei ole: täytä vähintään yksi rivi",
        "en": "no activity lines: fill in at least one line",
    },
    "activity_missing": {
        "fi": "toiminto puuttuu: valitse toiminto pudotusvalikosta",
        "en": "activity is missing: choose one from the drop-down list",
    },
    "activity_unknown": {
        "fi": 'tuntematon toiminto "{value}": valitse toiminto pudotusvalikosta',
        "en": 'unknown activity "{value}": choose one from the drop-down list',
    },
    "quantity_missing": {
        "fi": "määrä puuttuu: kirjoita määrä tai poista rivi",
        "en": "quantity is missing: enter it or delete the row",
    },
    "quantity_text": {"fi": 'määrä "{value}" ei ole luku', "en": 'quantity "{value}" is not a number'},
    "quantity_text_read": {
        "fi": 'määrä "{value}" on tallennettu tekstinä; luettu lukuna {number}',
        "en": 'quantity "{value}" is stored as text; read as the number {number}',
    },
    "quantity_negative": {
        "fi": "määrä {value} on negatiivinen: anna nolla tai positiivinen luku",
        "en": "quantity {value} is negative: give zero or a positive number",
    },
    "quantity_not_finite": {
        "fi": 'määrä "{value}" ei ole äärellinen luku',
        "en": 'quantity "{value}" is not a finite number',
    },
    "quantity_too_large": {
        "fi": "määrä {value} on epäuskottavan suuri (yli {limit}): tarkista yksikkö",
        "en": "quantity {value} is implausibly large (over {limit}): check the unit",
    },
    "quantity_date": {
        "fi": "määrä on päivämäärä ({value}), ei luku: muuta solun muodoksi luku",
        "en": "quantity is a date ({value}), not a number: format the cell as a number",
    },
    "quantity_bool": {
        "fi": "määrä on totuusarvo ({value}), ei luku",
        "en": "quantity is a boolean ({value}), not a number",
    },
    "formula_no_value": {
        "fi": "kaavalla ei ole tallennettua tulosta: avaa ja tallenna tiedosto Excelissä",
        "en": "formula without a stored result: open and save the file in Excel",
    },
    "unit_missing": {
        "fi": "yksikkö puuttuu: sallitut yksiköt ovat {allowed}",
        "en": "unit is missing: allowed units are {allowed}",
    },
    "unit_unknown": {
        "fi": 'tuntematon yksikkö "{value}": sallitut yksiköt ovat {allowed}',
        "en": 'unknown unit "{value}": allowed units are {allowed}',
    },
    "unit_not_allowed": {
        "fi": "yksikkö {value} ei käy toiminnolle {activity}: sallitut yksiköt ovat {allowed}",
        "en": "unit {value} does not fit activity {activity}: allowed units are {allowed}",
    },
    "unit_not_convertible": {
        "fi": "yksikköä {value} ei voi muuntaa kertoimen yksiköksi {to} toiminnolle {activity} kerroinsarjassa {factor_set}",
        "en": "unit {value} cannot be converted to the factor's unit {to} for {activity} in factor set {factor_set}",
    },
    "quality_invalid": {
        "fi": 'tiedon laatu "{value}" ei kelpaa: valitse mitattu tai arvioitu',
        "en": 'data quality "{value}" is not valid: choose measured or estimated',
    },
    "own_factor_invalid": {
        "fi": 'oma kerroin "{value}" ei ole luku (kg CO2e yksikköä kohden)',
        "en": 'own factor "{value}" is not a number (kg CO2e per unit)',
    },
    "own_factor_implausible": {
        "fi": "oma kerroin {value} kg CO2e/{unit} on {ratio}-kertainen kerroinsarjan arvoon {reference} kg CO2e/{unit} nähden: tarkista, että kerroin on rivin yksikköä ({unit}) kohden",
        "en": "own factor {value} kg CO2e/{unit} is {ratio} times the factor set's {reference} kg CO2e/{unit}: check that it is per the line's unit ({unit})",
    },
    "own_factor_negative": {
        "fi": "oma kerroin {value} on negatiivinen",
        "en": "own factor {value} is negative",
    },
    "own_factor_no_source": {
        "fi": "omalle kertoimelle puuttuu lähde: kirjoita julkaisija ja asiakirja sarakkeeseen {column}",
        "en": "own factor has no source: name the publisher and document in column {column}",
    },
    "own_factor_required": {
        "fi": "toiminto {activity} tarvitsee oman kertoimen (esim. kaasun GWP) ja sen lähteen",
        "en": "activity {activity} needs an own factor (for example the gas's GWP) and its source",
    },
    "contract_invalid": {
        "fi": 'sopimus "{value}" ei kelpaa: jätä tyhjäksi tai valitse {allowed}',
        "en": 'contract "{value}" is not valid: leave empty or choose {allowed}',
    },
    "contract_ignored": {
        "fi": "sopimus koskee vain ostosähköä ja -lämpöä: sarake ohitetaan tällä rivillä",
        "en": "a contract applies only to purchased electricity and heat: ignored on this line",
    },
    "duplicate_line": {
        "fi": "sama rivi kuin rivi {other}: tarkista, ettei kulutusta ole kirjattu kahdesti",
        "en": "same as row {other}: check that the consumption is not entered twice",
    },
    "text_too_long": {
        "fi": "teksti on liian pitkä ({length} merkkiä, enintään {limit}): lyhennä",
        "en": "text is too long ({length} characters, at most {limit}): shorten it",
    },
    "hidden_row": {
        "fi": "rivi on piilotettu, mutta se luetaan mukaan",
        "en": "the row is hidden but it is included",
    },
    "no_factor_set": {
        "fi": "vuodelle {year} ei ole kerroinsarjaa: {detail}",
        "en": "no factor set for {year}: {detail}",
    },
    "year_not_pinned": {
        "fi": "vuodelle {year} ei ole vielä kiinnitetty kerroinsarjaa (vuodet {pinned}): koordinaattori lisää sen tiedostoon data/factors/years.csv; rivien yksiköitä ei voitu tarkistaa kertoimia vasten",
        "en": "no factor set is pinned for {year} yet (years {pinned}): the coordinator adds it to data/factors/years.csv; the lines' units could not be checked against factors",
    },
    "csv_year_missing": {
        "fi": "CSV-tiedostossa ei ole raportointivuotta: anna se valitsimella --year VUOSI",
        "en": "a CSV file has no reporting year: give it with --year YEAR",
    },
    "no_factor": {
        "fi": "kerroinsarjassa {factor_set} ei ole kerrointa toiminnolle {activity}: anna oma kerroin",
        "en": "factor set {factor_set} has no factor for {activity}: give an own factor",
    },
    "c3_double_cover": {
        "fi": "{activity} kattaa samat päästöt ({basis}) kuin rivin {row} {other}, jolle kerroinsarja jo laskee ne: poista toinen, ettei päästöjä lasketa kahdesti",
        "en": "{activity} covers the same emissions ({basis}) as row {row} {other}, for which the factor set already derives them: remove one so they are not counted twice",
    },
    # commitments (Sitoumukset / Commitments sheet and data/commitments.csv)
    "commitment_missing": {
        "fi": "{field} puuttuu: täytä se",
        "en": "{field_en} is missing: fill it in",
    },
    "commitment_bad_choice": {
        "fi": '"{value}" ei ole sallittu valinta: valitse jokin näistä: {allowed}',
        "en": '"{value}" is not an allowed choice: pick one of {allowed_en}',
    },
    "commitment_bad_year": {
        "fi": '"{value}" ei ole vuosi: kirjoita vuosi neljällä numerolla, esim. 2030',
        "en": '"{value}" is not a year: write a four-digit year, e.g. 2030',
    },
    "commitment_bad_percent": {
        "fi": '"{value}" ei ole prosentti väliltä 0–100: kirjoita esim. 50 (ilman %-merkkiä)',
        "en": '"{value}" is not a percentage between 0 and 100: write e.g. 50 (without %)',
    },
    "commitment_bad_number": {
        "fi": '"{value}" ei ole luku ≥ 0',
        "en": '"{value}" is not a number ≥ 0',
    },
    "commitment_target_before_base": {
        "fi": "tavoitevuosi {target} ei ole perusvuoden {base} jälkeen: tavoitevuoden pitää olla myöhempi",
        "en": "target year {target} is not after the base year {base}: the target year must be later",
    },
    "commitment_bad_milestone": {
        "fi": 'välitavoite "{value}" ei ole muotoa vuosi: prosentti (esim. 2027: 30)',
        "en": 'milestone "{value}" is not of the form year: percent (e.g. 2027: 30)',
    },
    "commitment_milestone_order": {
        "fi": 'välitavoitteet "{value}" eivät ole järjestyksessä: vuodet perus- ja tavoitevuoden välissä nousevassa järjestyksessä, prosentit kasvavina',
        "en": 'milestones "{value}" are out of order: years between the base and target year in increasing order, percentages increasing',
    },
    "commitment_categories_missing": {
        "fi": "kattavuus on 'valitut luokat', mutta luokat puuttuvat: kirjoita luokkien tunnukset pilkuin (ks. paastolaskuri activities)",
        "en": "coverage is 'selected categories' but no categories are given: write the category keys separated by commas (see paastolaskuri activities)",
    },
    "commitment_unknown_category": {
        "fi": "tuntemattomia luokkia: {value} (luokkien tunnukset: paastolaskuri activities)",
        "en": "unknown categories: {value} (category keys: paastolaskuri activities)",
    },
    "commitment_unknown_activity": {
        "fi": 'toimintoa "{value}" ei ole luettelossa: valitse toiminto kuten Toiminta-välilehdellä',
        "en": 'activity "{value}" is not in the catalogue: pick an activity as on the Activities sheet',
    },
    "commitment_rule_without_activity": {
        "fi": 'ehto "{rule}" on annettu ilman seurattavaa toimintoa: valitse toiminto tai poista ehto',
        "en": 'condition "{rule}" is given without a linked activity: pick an activity or remove the condition',
    },
    "commitment_duplicate_id": {
        "fi": 'tunnus "{value}" on jo käytössä rivillä {other}: anna jokaiselle sitoumukselle oma tunnus',
        "en": 'ID "{value}" is already used on row {other}: give every commitment its own ID',
    },
    "commitment_csv_partner_column": {
        "fi": "sarake partner_id puuttuu: data/commitments.csv tarvitsee kumppanin tunnuksen jokaiselle riville",
        "en": "column partner_id is missing: data/commitments.csv needs the partner ID on every row",
    },
    "commitments_both_sources": {
        "fi": "kumppanilla {partner} on sitoumuksia sekä pohjassa että tiedostossa {other}: pohjan rivit ovat voimassa, tiedoston rivit ohitetaan",
        "en": "partner {partner} has commitments both in the template and in {other}: the template's rows apply, the file's rows are ignored",
    },
    "commitment_base_year_no_data": {
        "fi": 'perusvuodelta {year} ei ole laskettua hiilijalanjälkeä työtilassa: seuranta näyttää "ei tietoa" kunnes vuosi lasketaan',
        "en": 'there is no computed footprint for the base year {year} in the workspace: tracking shows "no data" until that year is run',
    },
}

FIELD_NAMES: dict[str, dict[str, str]] = {
    "partner_id": {"fi": "kumppanin tunnus", "en": "partner ID"},
    "name": {"fi": "nimi", "en": "name"},
    "sector": {"fi": "toimiala (TOL 2008)", "en": "sector (TOL 2008)"},
    "employees_fte": {"fi": "henkilöstö (htv)", "en": "employees (FTE)"},
    "floor_area_m2": {"fi": "pinta-ala (m²)", "en": "floor area (m²)"},
    "revenue_eur": {"fi": "liikevaihto (€)", "en": "revenue (€)"},
    "year": {"fi": "raportointivuosi", "en": "reporting year"},
    "base_year": {"fi": "perusvuosi", "en": "base year"},
    "contact": {"fi": "yhteyshenkilö", "en": "contact"},
    "own_factor": {"fi": "oma kerroin", "en": "own factor"},
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or unusual (warning) with an input, located as precisely as we can."""

    file: str
    code: str
    sheet: str = ""
    cell: str = ""
    params: dict = field(default_factory=dict, hash=False, compare=False)
    severity: str = "error"  # or "warning"

    @property
    def is_error(self) -> bool:
        """True for an error (the file cannot be used), False for a warning."""
        return self.severity == "error"

    def message(self, lang: str = "fi") -> str:
        """The message alone in `lang` ("fi" or "en"), a warning prefixed "varoitus: " / "warning: "."""
        params = {k: _param(k, v, lang) for k, v in self.params.items()}
        text = MESSAGES[self.code][lang].format(**params)
        if self.severity == "warning":
            text = ("varoitus: " if lang == "fi" else "warning: ") + text
        return text

    def location(self) -> str:
        """Where the problem is: "FILE: SHEET!CELL", "FILE: SHEET" or "FILE"."""
        if self.sheet and self.cell:
            return f"{self.file}: {self.sheet}!{self.cell}"
        if self.sheet:
            return f"{self.file}: {self.sheet}"
        return self.file

    def format(self, lang: str = "fi") -> str:
        """The located line a command prints: `FILE: SHEET!CELL: message`."""
        return f"{self.location()}: {self.message(lang)}"

    def as_dict(self, lang: str = "fi") -> dict:
        """The problem as JSON-ready data: file, sheet, cell, severity, code and message in `lang`."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "severity": self.severity,
            "code": self.code,
            "message": self.message(lang),
        }


def _param(key: str, value, lang: str):
    """A message parameter as the reader reads it: names translated, a float in the reader's number format.

    Measured numbers are passed as floats (0.18 -> "0,18", 1200.5 -> "1 200,5"); years, rows and
    counts stay ints and are shown as they are.
    """
    if key == "field":
        return field_name(value, lang)
    if key == "activity":
        return activity_name(value, lang)
    if isinstance(value, float):
        return format_plain(value, lang)
    return value


def activity_name(key: str, lang: str) -> str:
    """The activity's label in the reader's language (messages store the catalogue key)."""
    from paastolaskuri.accounting.catalogue import load_catalogue

    activity = load_catalogue().activities.get(str(key))
    return activity.label(lang) if activity else str(key)


def field_name(key: str, lang: str) -> str:
    """An organisation field's name in `lang` (messages store the field key)."""
    return FIELD_NAMES.get(key, {}).get(lang, key)


def count_summary(errors: int, warnings: int, lang: str = "fi") -> str:
    """'1 virhe, 2 varoitusta' / '1 error, 2 warnings'."""
    if lang == "fi":
        return (
            f"{errors} {'virhe' if errors == 1 else 'virhettä'}, "
            f"{warnings} {'varoitus' if warnings == 1 else 'varoitusta'}"
        )
    return f"{errors} {'error' if errors == 1 else 'errors'}, {warnings} {'warning' if warnings == 1 else 'warnings'}"
