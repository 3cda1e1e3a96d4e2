"""The template's optional "Hinnat / Prices" sheet: a partner's own energy prices.

One row per priced carrier (electricity, district heat, fuel oil, ...): the price, its unit (€/MWh or
€/kWh for energy, €/l for fuels), whether it includes VAT, and where it comes from. The reader turns a
row into a :class:`PartnerPrice` in a neutral unit (€/MWh for energy, €/l for fuels); the action
catalogue maps each carrier onto its own price parameter. Templates from before the sheet (version 1)
have none: the reader treats a missing sheet as "no own prices".
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from paastolaskuri.core.i18n import pair, pairs, text
from paastolaskuri.core.outputs import neutralise_formula
from paastolaskuri.intake.cells import (
    choice,
    column_letter,
    fold,
    is_blank,
    label_matches,
    parse_number,
    short,
)
from paastolaskuri.intake.template_format import print_setup
from paastolaskuri.messages import Problem, Translated

PRICE_SHEETS = pair("prices.sheet.name")  # (fi, en): the reader accepts either
PRICE_HEADER_ROW = 3
PRICE_FIRST_ROW = 4
PRICE_BLANK_ROWS = 10  # rows with drop-downs prepared in a new template (one per carrier is enough)
MAX_PRICE_ROWS = 100  # a price sheet is short; rows past this are not read
PRICES_JSON = "prices.json"  # the partner's prices in data/processed/<year>/partners/<slug>/

# carrier -> the dimension its price is per ("energy": €/MWh or €/kWh; "volume": €/l)
CARRIERS = {
    "electricity": "energy",
    "district_heat": "energy",
    "fuel_oil": "energy",
    "natural_gas": "energy",
    "diesel": "volume",
    "petrol": "volume",
    "go_premium": "energy",
}
# unit as written in the template -> (dimension, factor to €/MWh or €/l)
UNITS = {"€/MWh": ("energy", 1.0), "€/kWh": ("energy", 1000.0), "€/l": ("volume", 1.0)}
# no carrier's yearly price reaches 1 €/kWh: a price above it in €/kWh was meant per MWh (a unit slip)
UNIT_SLIP_EUR_PER_MWH = 1000.0
VAT_ANSWERS = pairs("template.consent")  # yes / no: kyllä / ei
LIST_COLUMN = 40  # column AN of the hidden lists sheet onward holds the price choices (clear of others)
COLUMN_KEYS = ("carrier", "price", "unit", "vat", "source", "last_year")
COLUMN_WIDTHS = (34, 12, 10, 16, 48, 14)


@dataclass(frozen=True)
class PartnerPrice:
    """One price a partner gave: carrier, value in €/MWh (energy) or €/l (fuels), VAT basis, its source."""

    carrier: str
    value: float  # € per MWh for energy carriers, € per litre for fuels
    includes_vat: bool
    comment: str = ""
    cell: str = ""  # where it was read (sheet!cell), for the report's source column


def carrier_label(key: str) -> str:
    """The drop-down text of a carrier ("electricity" -> "sähkö / electricity")."""
    fi, en = pair(f"prices.carrier.{key}")
    return f"{fi} / {en}"


def column_label(key: str) -> str:
    """A column's header: "fi / en"."""
    fi, en = pair(f"prices.column.{key}")
    return f"{fi} / {en}"


def sheet_name(lang: str) -> str:
    """The sheet's name in the template's language."""
    return text("prices.sheet.name", lang)


# ---------------------------------------------------------------- writing


def _choice_lists(lists) -> dict[str, str]:
    """Write the carrier, unit and VAT choices into the hidden lists sheet; the range formula per column."""
    choices = {
        "carrier": [carrier_label(k) for k in CARRIERS],
        "unit": list(UNITS),
        "vat": [f"{fi} / {en}" for fi, en in VAT_ANSWERS.values()],
    }
    formulas = {}
    for offset, (key, labels) in enumerate(choices.items()):
        col = LIST_COLUMN + offset
        letter = column_letter(col)
        lists.cell(row=1, column=col, value=f"price_{key}")
        for i, label in enumerate(labels, start=2):
            lists.cell(row=i, column=col, value=label)
        formulas[key] = f"'{lists.title}'!${letter}$2:${letter}${len(labels) + 1}"
    return formulas


def _validation(key: str, lang: str, formula: str | None):
    """The cell check of one column: a drop-down, a price above zero, or free text."""
    from openpyxl.worksheet.datavalidation import DataValidation  # the writer only: reading stays light

    if formula is not None:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    elif key == "price":
        dv = DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True)
    else:
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="500", allow_blank=True)
    help_text = text(f"prices.column_help.{key}", lang)
    dv.promptTitle = dv.errorTitle = column_label(key)[:32]
    dv.prompt = dv.error = help_text[:255]
    dv.showInputMessage = dv.showErrorMessage = True
    return dv


def _row_cells(price: PartnerPrice | dict, carry_forward: bool) -> list[object]:
    """One row's cells; carried forward to next year, the price moves to "last year" and is left blank."""
    p = price if isinstance(price, dict) else asdict(price)
    energy = CARRIERS.get(str(p.get("carrier")), "energy") == "energy"
    value = p.get("value")
    return [
        carrier_label(p["carrier"]) if p.get("carrier") in CARRIERS else p.get("carrier"),
        None if carry_forward else value,
        "€/MWh" if energy else "€/l",
        f"{VAT_ANSWERS['yes'][0]} / {VAT_ANSWERS['yes'][1]}"
        if p.get("includes_vat")
        else f"{VAT_ANSWERS['no'][0]} / {VAT_ANSWERS['no'][1]}",
        p.get("comment") or None,
        value if carry_forward else None,
    ]


def add_price_sheet(
    wb, lang: str, prices: list[PartnerPrice | dict] | None, lists_sheet: str, carry_forward: bool = False
) -> None:
    """Append the prices sheet to a template workbook, pre-filled with `prices` (next year: price blank)."""
    from openpyxl.styles import Alignment, Font, PatternFill  # the writer only: reading stays light

    ws = wb.create_sheet(sheet_name(lang))
    ws.cell(row=1, column=1, value=text("prices.sheet.title", lang)).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=text("prices.sheet.intro", lang)).alignment = Alignment(
        wrap_text=True, vertical="top"
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMN_KEYS))
    ws.row_dimensions[2].height = 60
    formulas = _choice_lists(wb[lists_sheet])
    last_row = PRICE_FIRST_ROW + max(PRICE_BLANK_ROWS, len(prices or [])) - 1
    header_fill, input_fill = PatternFill("solid", fgColor="DDEBF7"), PatternFill("solid", fgColor="FFF9E5")
    for index, (key, width) in enumerate(zip(COLUMN_KEYS, COLUMN_WIDTHS, strict=True), start=1):
        letter = column_letter(index)
        cell = ws.cell(row=PRICE_HEADER_ROW, column=index, value=column_label(key))
        cell.font, cell.fill = Font(bold=True), header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = width
        if key != "last_year":
            dv = _validation(key, lang, formulas.get(key))
            dv.add(f"{letter}{PRICE_FIRST_ROW}:{letter}{last_row}")
            ws.add_data_validation(dv)
            for row in range(PRICE_FIRST_ROW, last_row + 1):
                ws.cell(row=row, column=index).fill = input_fill
    ws.row_dimensions[PRICE_HEADER_ROW].height = 30
    for offset, price in enumerate(prices or []):
        for index, value in enumerate(_row_cells(price, carry_forward), start=1):
            if value is not None:  # the partner's own text, never a formula
                ws.cell(row=PRICE_FIRST_ROW + offset, column=index, value=neutralise_formula(value))
    ws.freeze_panes = ws.cell(row=PRICE_FIRST_ROW, column=1)
    print_setup(ws, landscape=True, title_rows=f"{PRICE_HEADER_ROW}:{PRICE_HEADER_ROW}")  # one page wide


# ---------------------------------------------------------------- reading


def _header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """(header row number, column key -> 0-based index) of the first row naming carrier and price."""
    for r, row in enumerate(rows[: PRICE_FIRST_ROW + 5], start=1):
        found = {}
        for c, value in enumerate(row or ()):
            for key in COLUMN_KEYS:
                if key not in found and label_matches(value, (*pair(f"prices.column.{key}"), key)):
                    found[key] = c
                    break
        if "carrier" in found and "price" in found:
            return r, found
    return None


def _carrier(raw) -> str:
    """The carrier key of a cell (its key, Finnish or English name or the "fi / en" label); "" if none."""
    options = {k: pair(f"prices.carrier.{k}") for k in CARRIERS}
    return choice(raw, options)


def _unit(raw) -> str:
    """The unit as the template writes it ("€/MWh", "€/kWh", "€/l"); "" if not one of them."""
    folded = fold(str(raw).replace("eur", "€").replace("EUR", "€").replace(" ", ""))
    return next((u for u in UNITS if fold(u) == folded), "")


def _read_row(row: list, r: int, cols: dict[str, int], where: tuple[str, str], problems: list[Problem]):
    """One non-empty row as a PartnerPrice, or None (every problem appended, located)."""
    file, sheet = where

    def cell(key: str) -> str:
        return f"{column_letter(cols.get(key, 0) + 1)}{r}"

    def value(key: str):
        return row[cols[key]] if key in cols and cols[key] < len(row) else None

    def problem(key: str, code: str, severity: str = "error", **params) -> None:
        problems.append(Problem(file, code, sheet, cell(key), params, severity))

    carrier = _carrier(value("carrier")) if not is_blank(value("carrier")) else ""
    if not carrier:
        choices = Translated(*(", ".join(pair(f"prices.carrier.{k}")[i] for k in CARRIERS) for i in (0, 1)))
        problem("carrier", "price_carrier", value=short(value("carrier") or ""), allowed=choices)
        return None
    if is_blank(value("price")):
        problem("price", "price_blank", "warning", carrier=Translated(*pair(f"prices.carrier.{carrier}")))
        return None
    number, code = parse_number(value("price"))
    ok = number is not None and code in (None, "text_read")
    if not ok or number is None or number <= 0:
        problem("price", "price_not_positive", value=short(value("price")))
        return None
    unit = _unit(value("unit")) if not is_blank(value("unit")) else ""
    if not unit or UNITS[unit][0] != CARRIERS[carrier]:
        allowed = ", ".join(u for u, (dim, _) in UNITS.items() if dim == CARRIERS[carrier])
        problem("unit", "price_unit", value=short(value("unit") or ""), allowed=allowed)
        return None
    if unit == "€/kWh" and number * UNITS[unit][1] > UNIT_SLIP_EUR_PER_MWH:
        problem("price", "price_unit_slip", value=number)
        return None
    vat = choice(value("vat"), VAT_ANSWERS) if not is_blank(value("vat")) else ""
    if not vat:
        problem("vat", "price_vat", value=short(value("vat") or ""))
        return None
    comment = "" if is_blank(value("source")) else short(value("source"), 300)
    return PartnerPrice(carrier, number * UNITS[unit][1], vat == "yes", comment, f"{sheet}!{cell('price')}")


def read_price_sheet(rows: list[list], file: str, sheet: str) -> tuple[list[PartnerPrice], list[Problem]]:
    """The prices of a sheet's rows, and every problem, each located (FILE: SHEET!CELL)."""
    problems: list[Problem] = []
    header = _header(rows)
    if header is None:
        labels = f"{column_label('carrier')}, {column_label('price')}"
        problems.append(Problem(file, "price_header", sheet, f"A{PRICE_HEADER_ROW}", {"columns": labels}))
        return [], problems
    header_row, cols = header
    prices: list[PartnerPrice] = []
    first_row: dict[str, int] = {}
    for r, row in enumerate(rows[header_row:], start=header_row + 1):
        row = list(row or ())
        if all(is_blank(row[c]) if c < len(row) else True for k, c in cols.items() if k != "last_year"):
            continue
        price = _read_row(row, r, cols, (file, sheet), problems)
        if price is None:
            continue
        if price.carrier in first_row:
            where = f"{column_letter(cols['carrier'] + 1)}{r}"
            params = {"other": first_row[price.carrier]}
            problems.append(Problem(file, "price_duplicate", sheet, where, params))
            continue
        first_row[price.carrier] = r
        prices.append(price)
    return prices, problems


def prices_to_json(prices: list[PartnerPrice]) -> list[dict]:
    """The prices as JSON-ready records (data/processed/.../prices.json)."""
    return [asdict(p) for p in prices]


def read_prices_json(path: Path) -> list[PartnerPrice]:
    """A partner's prices from prices.json; none when the file is absent (computed before the sheet)."""
    if not path.is_file():
        return []
    return [PartnerPrice(**r) for r in json.loads(path.read_text(encoding="utf-8"))]
