"""One row of the activity sheet (or of a CSV) checked cell by cell into a typed activity line.

Every problem becomes a `Problem` naming the cell; a row with an error gives no line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from paastolaskuri.accounting.catalogue import Activity, Catalogue
from paastolaskuri.accounting.units import normalise_unit
from paastolaskuri.intake.cells import MAX_TEXT, choice, column_letter, is_blank, parse_number, short
from paastolaskuri.intake.template_layout import ACTIVITY_COLUMNS, CONTRACT_VALUES, QUALITY_VALUES
from paastolaskuri.messages import Problem, Translated

MAX_QUANTITY = 1e12
CSV_SHEET = "csv"  # the sheet name a CSV's problems carry (intake/reader.py)

_FORMULA_CHECKED = (
    "activity",
    "quantity",
    "unit",
    "quality",
    "own_factor",
    "own_factor_source",
    "contract",
    "renewable_share",
)
_QUANTITY_CODES = {  # parse_number's code -> (problem code, severity)
    "text": ("quantity_text", "error"),
    "bool": ("quantity_bool", "error"),
    "date": ("quantity_date", "error"),
    "not_finite": ("quantity_not_finite", "error"),
    "text_read": ("quantity_text_read", "warning"),
}


@dataclass
class RowContext:
    """One row being read: where it is, its raw values by column key, and the list its problems go to."""

    display: str
    sheet: str
    row: int
    values: dict
    cols: dict[str, int]  # column key -> 1-based column number
    formula_cells: set[tuple[int, int]]
    problems: list[Problem]

    def cell(self, key: str) -> str:
        """The cell of column `key` on this row (column A when the sheet has no such column)."""
        return f"{column_letter(self.cols[key])}{self.row}" if key in self.cols else f"A{self.row}"

    def add(self, code: str, key: str, severity: str = "error", **params) -> None:
        """Record a problem in the cell of column `key`."""
        self.problems.append(Problem(self.display, code, self.sheet, self.cell(key), params, severity))

    def formula_without_value(self, key: str) -> bool:
        """True when column `key` holds a formula here (its missing value was already reported)."""
        return key in self.cols and (self.row, self.cols[key]) in self.formula_cells

    def error_count(self) -> int:
        """How many errors (not warnings) have been recorded so far."""
        return sum(1 for p in self.problems if p.is_error)


def parse_line(ctx: RowContext, catalogue: Catalogue) -> dict | None:
    """One typed activity line, or None when the row has errors (each one recorded)."""
    before = ctx.error_count()
    for key in _FORMULA_CHECKED:
        if ctx.values.get(key) is None and ctx.formula_without_value(key):
            ctx.add("formula_no_value", key)
    texts = {key: _text(ctx, key) for key in ("site", "note", "own_factor_source")}
    activity = _activity(ctx, catalogue)
    quantity = _quantity(ctx)
    unit = _unit(ctx, activity)
    quality = _choice_cell(ctx, "quality", QUALITY_VALUES)
    own_factor = _own_factor(ctx, activity, texts["own_factor_source"])
    contract = _contract(ctx, activity)
    renewable_share = _renewable_share(ctx, activity)
    if ctx.error_count() > before or activity is None or quantity is None or unit is None:
        return None
    return {
        "row": ctx.row,
        "site": texts["site"],
        "activity": activity.key,
        "quantity": quantity,
        "unit": unit,
        "own_factor": own_factor,
        "own_factor_source": texts["own_factor_source"],
        "contract": contract,
        "quality": quality,
        "note": texts["note"],
        "renewable_share": renewable_share,
    }


def _text(ctx: RowContext, key: str) -> str:
    """A free-text cell, stripped; "" (and an error) when longer than its limit."""
    raw = ctx.values.get(key)
    text = "" if raw is None else str(raw).strip()
    if len(text) > MAX_TEXT[key]:
        ctx.add("text_too_long", key, length=len(text), limit=MAX_TEXT[key])
        return ""
    return text


def _activity(ctx: RowContext, catalogue: Catalogue) -> Activity | None:
    """The catalogue activity the row names, or None (missing or unknown: an error)."""
    raw = ctx.values.get("activity")
    if raw is None or not str(raw).strip():
        if not ctx.formula_without_value("activity"):
            ctx.add("activity_missing", "activity")
        return None
    activity = catalogue.find(str(raw))
    if activity is None and ctx.sheet == CSV_SHEET:
        _unknown_in_csv(ctx, catalogue, str(raw))
    elif activity is None:
        ctx.add("activity_unknown", "activity", value=short(raw))
    return activity


def _unknown_in_csv(ctx: RowContext, catalogue: Catalogue, raw: str) -> None:
    """A CSV has no drop-down: the message names the closest keys (with their labels) instead."""
    closest = catalogue.closest(raw)
    if not closest:
        ctx.add("activity_unknown_csv_none", "activity", value=short(raw))
        return

    def names(lang: str) -> str:
        return ", ".join(f"{a.key} ({a.label(lang)})" for a in closest)

    ctx.add("activity_unknown_csv", "activity", value=short(raw), closest=Translated.of(names))


def _quantity(ctx: RowContext) -> float | None:
    """The quantity: a finite number from 0 to MAX_QUANTITY, or None (with the reason recorded)."""
    raw = ctx.values.get("quantity")
    quantity, code = parse_number(raw)
    if code == "missing":
        if not ctx.formula_without_value("quantity"):
            ctx.add("quantity_missing", "quantity")
    elif code in _QUANTITY_CODES:
        problem, severity = _QUANTITY_CODES[code]
        value = raw if code == "bool" else short(raw)
        extra = {"number": float(quantity)} if quantity is not None else {}
        ctx.add(problem, "quantity", severity, value=value, **extra)
    if quantity is None:
        return None
    if quantity < 0:
        ctx.add("quantity_negative", "quantity", value=float(quantity))
        return None
    if quantity > MAX_QUANTITY:
        ctx.add("quantity_too_large", "quantity", value=float(quantity), limit=float(MAX_QUANTITY))
        return None
    return quantity


def _unit(ctx: RowContext, activity: Activity | None) -> str | None:
    """The unit in its catalogue spelling, or None (missing, unknown or not allowed for the activity)."""
    raw = ctx.values.get("unit")
    allowed = " ".join(activity.units) if activity else ""
    if raw is None or not str(raw).strip():
        if not ctx.formula_without_value("unit"):
            ctx.add("unit_missing", "unit", allowed=allowed or "—")
        return None
    unit = normalise_unit(raw)
    if unit is None:
        ctx.add("unit_unknown", "unit", value=short(raw), allowed=allowed or "—")
        return None
    if activity is not None and unit not in activity.units:
        ctx.add("unit_not_allowed", "unit", value=unit, activity=activity.key, allowed=allowed)
        return None
    return unit


def _choice_cell(ctx: RowContext, key: str, options: dict[str, tuple[str, str]]) -> str:
    """The key of an optional drop-down cell; "" when empty or not one of `options` (then an error)."""
    raw = ctx.values.get(key)
    if raw is None or not str(raw).strip():
        return ""
    picked = choice(raw, options)
    if not picked:
        params = {"value": short(raw)}
        if key == "contract":
            params["allowed"] = ", ".join(f"{fi} / {en}" for fi, en in options.values())
        ctx.add(f"{key}_invalid", key, **params)
    return picked


def _own_factor(ctx: RowContext, activity: Activity | None, source: str) -> float:
    """The partner's own factor (kg CO2e per unit), NaN when none is given or it is not usable."""
    raw = ctx.values.get("own_factor")
    own_factor = math.nan
    if not is_blank(raw):
        number, _code = parse_number(raw)
        if number is None:
            ctx.add("own_factor_invalid", "own_factor", value=short(raw))
        elif number < 0:
            ctx.add("own_factor_negative", "own_factor", value=float(number))
        else:
            own_factor = number
            if not source:
                source_col = ctx.cols.get("own_factor_source")
                column = column_letter(source_col) if source_col else ACTIVITY_COLUMNS[6].label()
                ctx.add("own_factor_no_source", "own_factor", column=column)
    if activity is not None and activity.own_factor_required and math.isnan(own_factor) and raw is None:
        ctx.add("own_factor_required", "own_factor", activity=activity.key)
    return own_factor


def _contract(ctx: RowContext, activity: Activity | None) -> str:
    """The energy contract key ("go"); "" when none, invalid, or given for a line outside Scope 2 (a warning)."""
    contract = _choice_cell(ctx, "contract", CONTRACT_VALUES)
    if contract and activity is not None and activity.scope != 2:
        ctx.add("contract_ignored", "contract", "warning")
        return ""
    return contract


def _renewable_share(ctx: RowContext, activity: Activity | None) -> float:
    """The supplier's renewable share of purchased energy in per cent (0-100); NaN when none or not usable.

    Only purchased energy (Scope 2) has one: elsewhere it is ignored with a warning.
    """
    raw = ctx.values.get("renewable_share")
    if is_blank(raw):
        return math.nan
    number, _code = parse_number(raw)
    if number is None or not 0 <= number <= 100:
        ctx.add("renewable_share_invalid", "renewable_share", value=short(raw))
        return math.nan
    if activity is not None and activity.scope != 2:
        ctx.add("renewable_share_ignored", "renewable_share", "warning")
        return math.nan
    return float(number)
