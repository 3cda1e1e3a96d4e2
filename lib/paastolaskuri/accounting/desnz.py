"""A factor set in the project's format from the UK government's (DESNZ) conversion factors flat file.

The flat file (for example `ghg-conversion-factors-2025-flat-format.xlsx`) is one long table with the
header `ID, Scope, Level 1, Level 2, Level 3, Level 4, Column Text, UOM, GHG/Unit, GHG Conversion
Factor YYYY`, under a few title rows. Each activity has a `kg CO2e` row and, where the file gives
gases, `kg CO2e of CO2 / CH4 / N2O per unit` rows; an empty cell means "not available", not zero.

Which row feeds which catalogue activity is one package table (`catalogue_data/desnz_map.csv`:
activity, basis, the four levels, column text, UOM, and `layout_check`: `seen` when that exact row
layout was seen in a copy of the flat file, `inferred` when it follows seen sibling rows; where it was
seen is `layout_seen_in`). The header, the sheet name `Factors by Category`, the `WTT- fuels` and
`Business travel- air` rows and the per-gas `kg CO2e of CH4 per unit` naming were seen in 2025 and
2026 copies (decisions: h26b). Per gas where the file gives gases: its CH4 and
N2O rows are CO2e, turned back into kg of gas with the AR5 GWP100 of data/factors/gwp.csv (DESNZ
states AR5 values: a secondary note, so the rows are marked `derived-from-seen`); otherwise the
`kg CO2e` row with its GWP set. Every row cites the file's own row ID.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from paastolaskuri.accounting.factors import (
    DESNZ_GWP,
    FACTOR_COLUMNS,
    PROPERTY_COLUMNS,
    gwp_of,
    load_factor_set,
)
from paastolaskuri.core.errors import EXIT_FAILED, EXIT_USAGE, PaastolaskuriError
from paastolaskuri.core.i18n import text
from paastolaskuri.core.outputs import records_csv_text, write_text

HEADER = ("ID", "Scope", "Level 1", "Level 2", "Level 3", "Level 4", "Column Text", "UOM", "GHG/Unit")
FACTOR_HEADER = re.compile(r"GHG Conversion Factor (\d{4})")
HEADER_SCAN_ROWS = 30
MAX_ROWS = 100_000  # the 2025 flat file has some 7 000 rows
# UOM as DESNZ writes it -> our unit symbol (accounting/units.py)
UOM_UNITS = {
    "litres": "l",
    "cubic metres": "m3",
    "tonnes": "t",
    "kg": "kg",
    "kwh": "kWh",
    "kwh (net cv)": "kWh",
    "passenger.km": "pkm",
    "tonne.km": "tkm",
    "km": "km",
    "miles": "mi",
}
# GHG/Unit -> our gas name (None: the CO2e total)
GHG_UNITS = {
    "kg co2e": None,
    "kg co2e of co2 per unit": "CO2",
    "kg co2e of ch4 per unit": "CH4",
    "kg co2e of n2o per unit": "N2O",
}
PUBLISHER = "UK DESNZ"
URL = "https://www.gov.uk/government/collections/government-conversion-factors-for-company-reporting"


class DesnzImportError(PaastolaskuriError):
    """The flat file cannot be read as DESNZ's layout, or the set cannot be written (a located message)."""

    def __init__(self, code: str, exit_code: int = EXIT_FAILED, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params
        self.exit_code = exit_code

    def message(self, lang: str = "fi") -> str:
        """The message in `lang`."""
        return text(f"desnz.{self.code}", lang, **self.params)


@dataclass(frozen=True)
class FlatRow:
    """One data row of the flat file: where it is, its identifying columns and its factor (None if empty)."""

    sheet: str
    excel_row: int
    cells: dict[str, str]
    value: float | None


@dataclass(frozen=True)
class FlatFile:
    """The flat file's data rows and the factor year its header names."""

    path: Path
    year: int
    rows: tuple[FlatRow, ...]


def _fold(value: object) -> str:
    """A cell compared as DESNZ text: stripped, spaces collapsed, case-folded."""
    return " ".join(str(value or "").split()).casefold()


def _header_columns(row: tuple) -> tuple[dict[str, int], int] | None:
    """(column name -> index, factor year) when `row` is the flat file's header row, else None."""
    names = [str(c).strip() if c is not None else "" for c in row]
    if not all(h in names for h in HEADER):
        return None
    for i, name in enumerate(names):
        m = FACTOR_HEADER.fullmatch(name)
        if m:
            cols = {h: names.index(h) for h in HEADER}
            cols["factor"] = i
            return cols, int(m.group(1))
    return None


def read_flat_file(path: Path | str) -> FlatFile:
    """The data rows of a DESNZ flat file (.xlsx): the sheet with the header row, read to its end."""
    # openpyxl loads only when a workbook is read or written here: importing the module stays light
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise DesnzImportError("not_found", EXIT_USAGE, file=path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a zip or XML error: say which file, not a traceback
        raise DesnzImportError("unreadable", file=path, detail=type(exc).__name__) from exc
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            for number, row in enumerate(rows, start=1):
                if number > HEADER_SCAN_ROWS:
                    break
                found = _header_columns(row)
                if found:
                    cols, year = found
                    return FlatFile(path, year, tuple(_data_rows(path, ws.title, rows, number, cols)))
    finally:
        wb.close()
    raise DesnzImportError("no_header", file=path, columns=", ".join(HEADER))


def _data_rows(path: Path, sheet: str, rows, header_row: int, cols: dict[str, int]):
    """The rows under the header (blank rows skipped); a factor that is not a number is a located error."""
    for number, row in enumerate(rows, start=header_row + 1):
        if number - header_row > MAX_ROWS:
            raise DesnzImportError("too_many_rows", file=path, limit=MAX_ROWS)
        if row is None or all(c is None or str(c).strip() == "" for c in row):
            continue
        cells = {h: ("" if i >= len(row) or row[i] is None else str(row[i]).strip()) for h, i in cols.items()}
        raw = row[cols["factor"]] if cols["factor"] < len(row) else None
        yield FlatRow(sheet, number, cells, _number(path, sheet, number, cols["factor"], raw))


def _number(path: Path, sheet: str, row: int, col: int, raw: object) -> float | None:
    """A factor cell as a float; None when empty (not available); an error naming the cell otherwise."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raw = str(raw)
    try:
        return float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        # openpyxl loads only when a workbook is read or written here: importing the module stays light
        from openpyxl.utils import get_column_letter

        cell = f"{get_column_letter(col + 1)}{row}"
        raise DesnzImportError(
            "not_a_number", file=path, sheet=sheet, cell=cell, value=str(raw)[:40]
        ) from None


def load_mapping() -> list[dict[str, str]]:
    """The rows of catalogue_data/desnz_map.csv: which DESNZ row feeds which activity and basis."""
    data = resources.files("paastolaskuri.accounting").joinpath("catalogue_data", "desnz_map.csv")
    return list(csv.DictReader(io.StringIO(data.read_text(encoding="utf-8"))))


_KEY = ("Level 1", "Level 2", "Level 3", "Level 4", "Column Text", "UOM")
_MAP_KEY = ("level_1", "level_2", "level_3", "level_4", "column_text", "uom")


def factor_rows(flat: FlatFile, mapping: list[dict[str, str]] | None = None) -> list[dict[str, str]]:
    """The set's factors.csv rows: per gas where the file gives every gas, else its kg CO2e row."""
    mapping = load_mapping() if mapping is None else mapping
    by_key: dict[tuple[str, ...], list[FlatRow]] = {}
    for row in flat.rows:
        by_key.setdefault(tuple(_fold(row.cells[k]) for k in _KEY), []).append(row)
    out: list[dict[str, str]] = []
    for m in mapping:
        matched = by_key.get(tuple(_fold(m[k]) for k in _MAP_KEY), [])
        gases = {GHG_UNITS.get(_fold(r.cells["GHG/Unit"]), "?"): r for r in matched if r.value is not None}
        unit = UOM_UNITS[_fold(m["uom"])]
        if all(g in gases for g in ("CO2", "CH4", "N2O")):
            for gas in ("CO2", "CH4", "N2O"):
                out.append(_row(flat, m, unit, gases[gas], gas))
        elif None in gases:
            out.append(_row(flat, m, unit, gases[None], None))
    return out


def _row(flat: FlatFile, m: dict[str, str], unit: str, src: FlatRow, gas: str | None) -> dict[str, str]:
    """One factors.csv row from flat-file row `src` (kg of `gas` per unit, or kg CO2e when gas is None)."""
    value = src.value or 0.0
    if gas in ("CH4", "N2O"):
        value = value / gwp_of(gas, DESNZ_GWP)  # the file's CO2e of the gas back to kg of the gas
    levels = " / ".join(src.cells[k] for k in _KEY[:5] if src.cells[k])
    return {
        "factor_id": f"desnz.{src.cells['ID']}" + (f".{gas.lower()}" if gas else ""),
        "activity": m["activity"],
        "basis": m["basis"],
        "unit": unit,
        "gas": gas or "CO2e",
        "value": f"{value:.10g}",
        "value_gwp": "" if gas else DESNZ_GWP,
        "publisher": PUBLISHER,
        "document": f"Greenhouse gas reporting: conversion factors {flat.year} (flat file), row ID {src.cells['ID']}",
        "year": str(flat.year),
        "url": URL,
        "confidence": "derived-from-seen" if gas in ("CH4", "N2O") else "seen-in-source",
        "note": (
            f"{flat.path.name} {src.sheet}!row {src.excel_row}: {levels}, {src.cells['UOM']}, {src.cells['GHG/Unit']}"
            + f"; mapping layout {m.get('layout_check') or 'unverified'}"
            + (f"; ÷ {DESNZ_GWP} GWP100 {gwp_of(gas, DESNZ_GWP):g}" if gas in ("CH4", "N2O") else "")
        ),
    }


def set_meta(name: str, flat: FlatFile) -> dict:
    """The new set's set.json: id and revision from `name` (uk-2025 -> id uk-2025, revision r1)."""
    set_id, _, revision = name.partition("-r") if re.search(r"-r\d+$", name) else (name, "", "")
    return {
        "id": set_id,
        "revision": f"r{revision}" if revision else "r1",
        "name": name,
        "reporting_year": flat.year,
        "gwp_default": DESNZ_GWP,
        "description": (
            f"UK DESNZ greenhouse gas conversion factors {flat.year}, imported from {flat.path.name} "
            "by `paastolaskuri factors import-desnz`: UK conditions (UK grid electricity)."
        ),
        "source_file": flat.path.name,
        "scope2_basis": {
            "code": "desnz_co2e",
            **{lang: text("desnz.scope2_basis", lang) for lang in ("fi", "en")},
        },
    }


def write_factor_set(flat: FlatFile, name: str, factors_dir: Path, force: bool = False) -> Path:
    """Write the set into `factors_dir/name/` (set.json, factors.csv, properties.csv) and validate it.

    A set that exists is never overwritten (published sets are immutable) unless `force`.
    """
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,60}", name):
        raise DesnzImportError("bad_name", EXIT_USAGE, name=name)
    rows = factor_rows(flat)
    if not rows:
        raise DesnzImportError("no_rows", file=flat.path)
    target = Path(factors_dir) / name
    if (target / "set.json").exists() and not force:
        raise DesnzImportError("exists", EXIT_USAGE, path=target)
    write_text(target / "factors.csv", records_csv_text(FACTOR_COLUMNS, rows))
    write_text(target / "properties.csv", records_csv_text(PROPERTY_COLUMNS, []))
    write_text(target / "set.json", json.dumps(set_meta(name, flat), ensure_ascii=False, indent=2) + "\n")
    load_factor_set(target)  # validated like any set: a FactorSetError names what is wrong
    return target
