"""The partner's Excel template: written from the catalogue, so drop-downs always match the validator."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.accounting.units import UNITS
from paastolaskuri.intake.template_layout import (
    ACTIVITY_COLUMNS,
    ACTIVITY_FIRST_ROW,
    ACTIVITY_HEADER_ROW,
    BLANK_ROWS,
    CONSENT_VALUES,
    CONTRACT_VALUES,
    ORG_FIRST_ROW,
    ORG_HEADER_ROW,
    ORGANISATION_FIELDS,
    QUALITY_VALUES,
    SHEETS,
    TEMPLATE_VERSION,
    TOL_SECTIONS,
    consent_label,
    contract_label,
    quality_label,
)
from paastolaskuri.outputs import atomic_path, reproducible_xlsx

TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
WRAP = Alignment(wrap_text=True, vertical="top")

INSTRUCTIONS = {
    "fi": [
        "Päästölaskuri – kasvihuonekaasupäästöjen tiedonkeruupohja",
        "",
        "1. Täytä välilehti Organisaatio: tunnus, nimi, toimiala, henkilöstö, pinta-ala, liikevaihto ja raportointivuosi.",
        "2. Täytä välilehti Toiminta: yksi rivi kutakin kulutusta kohden. Valitse toiminto ja yksikkö pudotusvalikoista.",
        "   Kirjoita määrä lukuna ilman yksikköä. Merkitse, onko tieto mitattu (lasku, mittari) vai arvioitu.",
        "3. Oma kerroin: jos toimittaja ilmoittaa päästökertoimen (esim. kaukolämpöyhtiö tai sähkön myyjä), kirjoita se",
        "   muodossa kg CO2e yksikköä kohden ja lähde viereiseen sarakkeeseen. Oma kerroin korvaa kerroinsarjan arvon.",
        "4. Alkuperätakuilla ostettu sähkö: valitse sarakkeeseen Sopimus 'alkuperätakuu'.",
        "",
        "Menetelmä lyhyesti (GHG-protokolla):",
        "- Scope 1: omat polttoaineet, ajoneuvot, kylmäainevuodot ja prosessipäästöt.",
        "- Scope 2: ostosähkö ja -lämpö kahdella tavalla: sijaintiperusteinen (verkon keskiarvo) ja markkinaperusteinen",
        "  (myyjän kerroin, alkuperätakuu tai muuten jäännösjakauma).",
        "- Scope 3: hankinnat, polttoaineiden tuotantoketju, jätteet, työmatkat ja työmatkaliikenne.",
        "- Biomassan poltosta vapautuva (biogeeninen) CO2 raportoidaan erikseen, scopejen ulkopuolella.",
        "- Kasvihuonekaasut muunnetaan CO2-ekvivalenteiksi IPCC:n GWP100-arvoilla (oletus AR5).",
        "- Jokaisella kertoimella on lähde ja luotettavuusmerkintä; tarkistamattomat kertoimet merkitään raportteihin.",
        "",
        "Tarkista täytetty pohja: paastolaskuri check TIEDOSTO.xlsx",
    ],
    "en": [
        "Päästölaskuri – greenhouse-gas data collection template",
        "",
        "1. Fill in sheet Organisation: ID, name, sector, employees, floor area, revenue and reporting year.",
        "2. Fill in sheet Activities: one row per consumption. Choose the activity and the unit from the drop-down lists.",
        "   Enter the quantity as a number without its unit. Mark whether it is measured (invoice, meter) or estimated.",
        "3. Own factor: if your supplier publishes an emission factor (a district-heat company, an electricity seller),",
        "   enter it as kg CO2e per unit and its source in the next column. An own factor replaces the factor set's value.",
        "4. Electricity bought with guarantees of origin: choose 'guarantees of origin' in the Contract column.",
        "",
        "The method in brief (GHG Protocol):",
        "- Scope 1: own fuels, vehicles, refrigerant leaks and process emissions.",
        "- Scope 2: purchased electricity and heat, both location-based (grid average) and market-based",
        "  (supplier factor, guarantees of origin, otherwise the residual mix).",
        "- Scope 3: purchases, fuel supply chains, waste, business travel and commuting.",
        "- CO2 from burning biomass (biogenic) is reported apart, outside the scopes.",
        "- Gases are converted to CO2 equivalents with IPCC GWP100 values (AR5 by default).",
        "- Every factor carries its source and a confidence mark; unverified factors are flagged in reports.",
        "",
        "Check a filled template: paastolaskuri check FILE.xlsx",
    ],
}


def write_template(
    out: Path, *, lang: str = "fi", organisation: dict | None = None, lines: list[dict] | None = None
) -> Path:
    """Write a template to `out` (atomically). `organisation` and `lines` pre-fill it (demo data, next year).

    Each line is a dict with keys of ACTIVITY_COLUMNS (activity as catalogue key, unit as our symbol).
    """
    catalogue = load_catalogue()
    wb = Workbook()
    # fixed timestamps: the same content gives the same bytes
    stamp = dt.datetime(2020, 1, 1)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "Päästölaskuri"
    wb.properties.title = "Päästölaskuri template"
    wb.properties.keywords = f"paastolaskuri-template v{TEMPLATE_VERSION} lang={lang}"

    ws = wb.active
    ws.title = SHEETS["instructions"][lang]
    for i, text in enumerate(INSTRUCTIONS[lang], start=1):
        ws.cell(row=i, column=1, value=text).font = TITLE if i == 1 else Font()
    ws.column_dimensions["A"].width = 120

    lists = wb.create_sheet(SHEETS["lists"][lang])
    activities = list(catalogue)
    lists["A1"], lists["B1"], lists["C1"] = "activity", "key", "units"
    for i, a in enumerate(activities, start=2):
        lists.cell(row=i, column=1, value=a.label(lang))
        lists.cell(row=i, column=2, value=a.key)
        lists.cell(row=i, column=3, value=" ".join(a.units))
    units = list(UNITS)
    lists["D1"] = "unit"
    for i, u in enumerate(units, start=2):
        lists.cell(row=i, column=4, value=u)
    lists["E1"] = "quality"
    for i, k in enumerate(QUALITY_VALUES, start=2):
        lists.cell(row=i, column=5, value=quality_label(k))
    lists["F1"] = "contract"
    for i, k in enumerate(CONTRACT_VALUES, start=2):
        lists.cell(row=i, column=6, value=contract_label(k))
    lists["G1"] = "sector"
    for i, s in enumerate(TOL_SECTIONS, start=2):
        lists.cell(row=i, column=7, value=f"{s[0]} {s[3] if lang == 'fi' else s[4]}")
    lists["H1"] = "research_use"
    for i, k in enumerate(CONSENT_VALUES, start=2):
        lists.cell(row=i, column=8, value=consent_label(k))
    lists.sheet_state = "hidden"
    ln = SHEETS["lists"][lang]

    _organisation_sheet(wb, lang, organisation or {}, ln)
    _activity_sheet(wb, lang, lines or [], ln, len(activities), len(units))
    wb.move_sheet(ln, offset=3)  # keep the visible sheets first
    wb.active = 1
    with atomic_path(Path(out)) as tmp:
        tmp.write_bytes(_reproducible_xlsx(wb))
    return Path(out)


def _reproducible_xlsx(wb) -> bytes:
    raw = io.BytesIO()
    wb.save(raw)
    return reproducible_xlsx(raw.getvalue())


def _organisation_sheet(wb, lang, organisation, lists_name):
    ws = wb.create_sheet(SHEETS["organisation"][lang])
    ws["A1"] = "Organisaation tiedot" if lang == "fi" else "Organisation"
    ws["A1"].font = TITLE
    for col, text in zip("ABC", ("Tieto / Field", "Arvo / Value", "Ohje / Help")):
        c = ws[f"{col}{ORG_HEADER_ROW}"]
        c.value, c.font, c.fill = text, BOLD, HEADER_FILL
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    years = DataValidation(
        type="whole", operator="between", formula1="1990", formula2="2100", allow_blank=True
    )
    sectors = DataValidation(
        type="list", formula1=f"'{lists_name}'!$G$2:$G${len(TOL_SECTIONS) + 1}", allow_blank=True
    )
    sectors.showErrorMessage = False  # a numeric TOL code (16101) is welcome too
    consent = DataValidation(
        type="list", formula1=f"'{lists_name}'!$H$2:$H${len(CONSENT_VALUES) + 1}", allow_blank=True
    )
    for dv in (numbers, years, sectors, consent):
        dv.error = "Tarkista arvo / Check the value"
        dv.showErrorMessage = dv is not sectors
        ws.add_data_validation(dv)
    for i, f in enumerate(ORGANISATION_FIELDS):
        row = ORG_FIRST_ROW + i
        ws.cell(row=row, column=1, value=f.label(lang)).font = BOLD
        value = organisation.get(f.key)
        if f.kind == "consent" and value in CONSENT_VALUES:
            value = consent_label(value)
        cell = ws.cell(row=row, column=2, value=value)
        cell.fill = INPUT_FILL
        ws.cell(row=row, column=3, value=f.help_fi if lang == "fi" else f.help_en).alignment = WRAP
        if f.kind == "number":
            numbers.add(cell.coordinate)
        elif f.kind == "int":
            years.add(cell.coordinate)
        elif f.kind == "sector":
            sectors.add(cell.coordinate)
        elif f.kind == "consent":
            consent.add(cell.coordinate)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 70


def _activity_sheet(wb, lang, lines, lists_name, n_activities, n_units):
    catalogue = load_catalogue()
    ws = wb.create_sheet(SHEETS["activities"][lang])
    ws["A1"] = "Toiminta ja kulutus" if lang == "fi" else "Activities and consumption"
    ws["A1"].font = TITLE
    hints = {
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
    }[lang]
    for i, text in enumerate(hints, start=2):
        ws.cell(row=i, column=1, value=text)
    for col in ACTIVITY_COLUMNS:
        c = ws[f"{col.letter}{ACTIVITY_HEADER_ROW}"]
        c.value, c.font, c.fill, c.alignment = col.label(), BOLD, HEADER_FILL, WRAP
        ws.column_dimensions[col.letter].width = col.width
    ws.row_dimensions[ACTIVITY_HEADER_ROW].height = 32
    ws.freeze_panes = f"A{ACTIVITY_FIRST_ROW}"

    last = ACTIVITY_FIRST_ROW + max(BLANK_ROWS, len(lines) + 50) - 1
    first = ACTIVITY_FIRST_ROW
    ref = lambda letter: f"{letter}{first}:{letter}{last}"  # noqa: E731
    dvs = [
        (
            DataValidation(
                type="list", formula1=f"'{lists_name}'!$A$2:$A${n_activities + 1}", allow_blank=True
            ),
            "B",
        ),
        (DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True), "C"),
        (
            DataValidation(type="list", formula1=f"'{lists_name}'!$D$2:$D${n_units + 1}", allow_blank=True),
            "D",
        ),
        (
            DataValidation(
                type="list", formula1=f"'{lists_name}'!$E$2:$E${len(QUALITY_VALUES) + 1}", allow_blank=True
            ),
            "E",
        ),
        (DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True), "F"),
        (
            DataValidation(
                type="list", formula1=f"'{lists_name}'!$F$2:$F${len(CONTRACT_VALUES) + 1}", allow_blank=True
            ),
            "H",
        ),
    ]
    for dv, letter in dvs:
        dv.error = "Valitse luettelosta tai anna luku ≥ 0 / Choose from the list or give a number ≥ 0"
        dv.errorTitle = "Päästölaskuri"
        dv.showErrorMessage = True
        dv.add(ref(letter))
        ws.add_data_validation(dv)
    for row in range(first, first + len(lines)):
        for col in ACTIVITY_COLUMNS[:-1]:
            ws[f"{col.letter}{row}"].fill = INPUT_FILL
    for i, line in enumerate(lines):
        row = first + i
        activity = catalogue.activities.get(line.get("activity", ""))
        values = {
            "site": line.get("site"),
            "activity": activity.label(lang) if activity else line.get("activity"),
            "quantity": line.get("quantity"),
            "unit": line.get("unit"),
            "quality": quality_label(line["quality"])
            if line.get("quality") in QUALITY_VALUES
            else line.get("quality"),
            "own_factor": line.get("own_factor"),
            "own_factor_source": line.get("own_factor_source"),
            "contract": contract_label(line["contract"])
            if line.get("contract") in CONTRACT_VALUES
            else line.get("contract"),
            "note": line.get("note"),
            "last_year": line.get("last_year"),
        }
        for col in ACTIVITY_COLUMNS:
            value = values[col.key]
            if value is not None and value != "":
                ws[f"{col.letter}{row}"] = value
        if activity is not None and line.get("with_help"):
            ws[f"B{row}"].comment = Comment(activity.help(lang), "Päästölaskuri")
    for col in range(1, len(ACTIVITY_COLUMNS) + 1):
        ws.cell(row=ACTIVITY_HEADER_ROW, column=col).alignment = WRAP
