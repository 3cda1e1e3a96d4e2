"""The action catalogue: actions.csv, parameters.csv (sourced defaults) and prices.csv (yearly prices).

actions.csv says what each action is; prices.csv holds the yearly prices and other year-dependent
values, chosen by the report's year.

Every parameter carries publisher, document, year, url and a confidence mark: `seen-in-source`,
`derived-from-seen`, `unverified` (no source found or a stand-in; the note says which: the one rule in
paastolaskuri.core.confidence marks every row whose note calls it a stand-in) or `choice`
(a scenario choice such as "half of the domestic flights", not a fact). A cost parameter with no
value means the cost is not estimated unless the user gives one.

Money parameters carry the VAT basis of their source (`vat`: excl or incl). The catalogue shows every
money value on one basis, the partner's: excluding VAT for an organisation that deducts it, including
it for one that does not (housing companies, associations), from the organisation's sector unless
`common.prices_include_vat` says otherwise. A `--set` value is the user's own and taken as given.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from paastolaskuri.core.confidence import confidence_mark
from paastolaskuri.core.errors import PaastolaskuriError
from paastolaskuri.core.i18n import text, text_or
from paastolaskuri.core.numformat import MISSING, format_plain
from paastolaskuri.intake.price_sheet import PartnerPrice

DATA_DIR = Path(__file__).resolve().parent / "catalogue_data"
COMMON = "common"
CONFIDENCE_MARKS = ("seen-in-source", "derived-from-seen", "unverified", "choice")
PARTNER = "partner"  # the confidence mark of a price the partner gave in its template's prices sheet

# a carrier of the template's prices sheet -> the price parameter it sets
CARRIER_PARAMETERS = {
    "electricity": "common.electricity_eur_per_kwh",
    "district_heat": "common.district_heat_eur_per_mwh",
    "fuel_oil": "common.fuel_oil_eur_per_mwh",
    "natural_gas": "common.gas_eur_per_mwh",
    "diesel": "common.diesel_eur_per_l",
    "petrol": "common.petrol_eur_per_l",
    "go_premium": "green_electricity.premium_eur_per_mwh",
}
# the sheet gives energy in EUR/MWh and fuels in EUR/l: the factor to each parameter's unit
_FROM_SHEET_UNIT = {"EUR/MWh": 1.0, "EUR/kWh": 0.001, "EUR/l": 1.0}


# the catalogue's own "documents" (no publication), as parameters.csv names them -> their catalogue key
OWN_DOCUMENTS = {
    "Scenario choice (default; change with --set)": "actions.own_document.scenario_choice",
    "No published source found": "actions.own_document.no_source",
}


@dataclass(frozen=True)
class Parameter:
    """One assumption: its value (None = not given), allowed range and source."""

    action_id: str
    name: str
    kind: str  # effect | cost | choice
    value: float | None
    minimum: float
    maximum: float
    unit: str
    label_fi: str
    label_en: str
    publisher: str
    document: str
    year: str
    url: str
    confidence: str
    note: str = ""
    note_fi: str = ""
    overridden: bool = False
    low: float | None = None  # the uncertainty range the sensitivity uses (None: not varied)
    high: float | None = None
    vat: str = ""  # VAT basis of a money value as published: "excl", "incl" or "" (not money)
    price_year: int | None = None  # the prices.csv year the value was taken from (None: not yearly)

    @property
    def key(self) -> str:
        """`action.param`, the name `--set` uses."""
        return f"{self.action_id}.{self.name}"

    def label(self, lang: str) -> str:
        """The label in the reader's language."""
        return self.label_fi if lang == "fi" else self.label_en

    def note_text(self, lang: str) -> str:
        """Why the value is what it is, in the reader's language."""
        return self.note_fi if lang == "fi" and self.note_fi else self.note

    def source_text(self, lang: str = "en") -> str:
        """Publisher: document (year), or the user's own value; this tool's own entries translated."""
        if self.overridden:
            return text("actions.source.user_value", lang)
        if self.confidence == PARTNER:
            comment = self.document or text("actions.source.partner_no_comment", lang)
            return text("actions.source.partner_value", lang, comment=comment)
        own = OWN_DOCUMENTS.get(self.document)
        document = text(own, lang) if own else self.document
        return f"{self.publisher}: {document} ({self.year})"


@dataclass(frozen=True)
class Action:
    """One reduction action: the activities it transforms and its parameters."""

    action_id: str
    order: int
    group: str
    applies_to: tuple[str, ...]
    label_fi: str
    label_en: str
    description_fi: str
    description_en: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    def label(self, lang: str) -> str:
        """The label in the reader's language."""
        return self.label_fi if lang == "fi" else self.label_en

    def description(self, lang: str) -> str:
        """The description in the reader's language."""
        return self.description_fi if lang == "fi" else self.description_en


VAT_EXCL, VAT_INCL = "excl", "incl"
# TOL 2008 sector prefixes whose organisations cannot deduct VAT: housing companies (68202) and
# membership organisations (94); every other sector is taken to deduct it (a method choice)
NON_DEDUCTING_SECTORS = ("68202", "94")


def vat_basis_for_sector(sector: str | None) -> str:
    """The VAT basis: "incl" for a sector that cannot deduct VAT (housing companies, associations)."""
    code = str(sector or "").strip()
    return VAT_INCL if code and code.startswith(NON_DEDUCTING_SECTORS) else VAT_EXCL


@dataclass(frozen=True)
class ActionCatalogue:
    """All actions (in their default plan order), the common price parameters and the VAT basis."""

    actions: tuple[Action, ...]
    common: tuple[Parameter, ...]
    sector_vat_basis: str = VAT_EXCL  # from the organisation's sector; `prices_include_vat` overrides it
    price_year: int | None = None  # the year of the price table in use

    @property
    def vat_basis(self) -> str:
        """The partner's basis: `common.prices_include_vat` when given, else the sector's."""
        given = next((p.value for p in self.common if p.name == "prices_include_vat"), None)
        if given is None:
            return self.sector_vat_basis
        return VAT_INCL if given >= 0.5 else VAT_EXCL

    @property
    def vat_rate(self) -> float:
        """The general VAT rate of the price year (a share)."""
        return float(next((p.value for p in self.common if p.name == "vat_rate"), 0.0) or 0.0)

    def on_basis(self, p: Parameter) -> float | None:
        """A parameter's value on the partner's VAT basis (a user's own value is taken as given)."""
        if p.value is None or not p.vat or p.overridden or p.vat == self.vat_basis:
            return p.value
        return p.value * (1 + self.vat_rate) if self.vat_basis == VAT_INCL else p.value / (1 + self.vat_rate)

    @property
    def spend_to_basis(self) -> float:
        """Multiplier from spend as the template asks for it (including VAT) to the partner's basis."""
        return 1.0 if self.vat_basis == VAT_INCL else 1.0 / (1 + self.vat_rate)

    def __getitem__(self, action_id: str) -> Action:
        for a in self.actions:
            if a.action_id == action_id:
                return a
        raise KeyError(action_id)

    def ids(self) -> list[str]:
        """Action ids in plan order."""
        return [a.action_id for a in self.actions]

    def all_parameters(self) -> list[Parameter]:
        """The common parameters, then every action's."""
        return [*self.common, *(p for a in self.actions for p in a.parameters)]

    def values(self, action_id: str) -> dict[str, float | None]:
        """Parameter values an action's transformation and cost see: its own and the common ones.

        Money values are on the partner's VAT basis; `spend_to_basis` converts spend lines to it.
        """
        out = {p.name: self.on_basis(p) for p in self.common}
        out.update({p.name: self.on_basis(p) for p in self[action_id].parameters})
        out["spend_to_basis"] = self.spend_to_basis
        return out


def _number(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


def _parameter(row: dict[str, str]) -> Parameter:
    return Parameter(
        action_id=row["action_id"],
        name=row["param"],
        kind=row["kind"],
        value=_number(row["value"]),
        minimum=float(row["min"]),
        maximum=float(row["max"]),
        unit=row["unit"],
        label_fi=row["label_fi"],
        label_en=row["label_en"],
        publisher=row["publisher"],
        document=row["document"],
        year=row["year"],
        url=row["url"],
        confidence=confidence_mark(row["confidence"], row["note"], row.get("note_fi", "")),
        note=row["note"],
        note_fi=row.get("note_fi", ""),
        low=_number(row.get("low", "")),
        high=_number(row.get("high", "")),
        vat=row.get("vat", "") or "",
    )


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class YearValue:
    """One row of prices.csv: a parameter's value for one year, with its own source."""

    year: int
    key: str  # action.param
    row: dict


@lru_cache(maxsize=1)
def load_price_table() -> tuple[YearValue, ...]:
    """Every row of prices.csv (cached)."""
    return tuple(YearValue(int(r["year"]), r["key"], r) for r in _read("prices.csv"))


def price_year_for(year: int | None, table: tuple[YearValue, ...] | None = None) -> int:
    """The price table's year for reporting year `year`.

    That year, else the latest earlier one, else the earliest (a report before the table's first
    year); the latest year when `year` is None.
    """
    years = sorted({v.year for v in (table or load_price_table())})
    if year is None:
        return years[-1]
    earlier = [y for y in years if y <= int(year)]
    return earlier[-1] if earlier else years[0]


def with_prices(catalogue: ActionCatalogue, year: int | None) -> ActionCatalogue:
    """The catalogue with the price table's values of `year` (see `price_year_for`), each with its source."""
    table = load_price_table()
    chosen = price_year_for(year, table)
    rows = {v.key: v.row for v in table if v.year == chosen}

    def priced(p: Parameter) -> Parameter:
        row = rows.get(p.key)
        if row is None or p.overridden:
            return p
        return replace(
            p,
            value=_number(row["value"]),
            low=_number(row["low"]),
            high=_number(row["high"]),
            vat=row["vat"] or p.vat,
            publisher=row["publisher"],
            document=row["document"],
            year=str(chosen),
            url=row["url"],
            confidence=confidence_mark(row["confidence"], row["note"], row["note_fi"]),
            note=row["note"],
            note_fi=row["note_fi"],
            price_year=chosen,
        )

    return replace(
        catalogue,
        actions=tuple(
            replace(a, parameters=tuple(priced(p) for p in a.parameters)) for a in catalogue.actions
        ),
        common=tuple(priced(p) for p in catalogue.common),
        price_year=chosen,
    )


def _partner_note(price: PartnerPrice, lang: str) -> str:
    """Where a partner's price was read and its VAT basis, for the assumptions' note column."""
    vat = text(f"actions.source.partner_vat_{'incl' if price.includes_vat else 'excl'}", lang)
    return text("actions.source.partner_note", lang, cell=price.cell, vat=vat)


def with_partner_prices(catalogue: ActionCatalogue, prices: Sequence[PartnerPrice]) -> ActionCatalogue:
    """The catalogue with the partner's own prices (its template's prices sheet) in place of the table's.

    Each is marked `partner`, its comment as the source, and not varied by the sensitivity; its VAT
    basis is the one the partner stated, so `on_basis` converts it to the partner's basis like any price.
    A price outside its parameter's range raises ParameterError, as a `--set` value would.
    """
    given = {CARRIER_PARAMETERS[p.carrier]: p for p in prices if p.carrier in CARRIER_PARAMETERS}

    def own(p: Parameter) -> Parameter:
        price = given.get(p.key)
        if price is None or p.overridden:
            return p
        value = price.value * _FROM_SHEET_UNIT[p.unit]
        if not (p.minimum <= value <= p.maximum):  # the same range a --set value must keep
            raise ParameterError(
                "partner_out_of_range",
                cell=price.cell,
                key=p.key,
                value=_fmt(value),
                minimum=_fmt(p.minimum),
                maximum=_fmt(p.maximum),
                unit=p.unit,
            )
        return replace(
            p,
            value=value,
            low=None,
            high=None,
            vat=VAT_INCL if price.includes_vat else VAT_EXCL,
            publisher=PARTNER,
            document=price.comment,
            url="",
            confidence=PARTNER,
            note=_partner_note(price, "en"),
            note_fi=_partner_note(price, "fi"),
        )

    return replace(
        catalogue,
        actions=tuple(replace(a, parameters=tuple(own(p) for p in a.parameters)) for a in catalogue.actions),
        common=tuple(own(p) for p in catalogue.common),
    )


def catalogue_for(
    year: int | None,
    sector: str | None = None,
    overrides: list[str] | dict[str, float] | None = None,
    partner_prices: Sequence[PartnerPrice] = (),
) -> ActionCatalogue:
    """The shipped catalogue with the year's prices, the partner's own, the VAT basis and `--set` values.

    A `--set` value wins over the partner's price, which wins over the year's table.
    """
    cat = with_partner_prices(with_prices(_base_catalogue(), year), partner_prices)
    cat = replace(cat, sector_vat_basis=vat_basis_for_sector(sector))
    return apply_overrides(cat, overrides or [])


@lru_cache(maxsize=1)
def load_action_catalogue() -> ActionCatalogue:
    """The shipped catalogue with the latest year's prices (cached; immutable); see `catalogue_for`.

    Returns
    -------
    ActionCatalogue
        The actions (``actions.csv``) and their sourced parameters (``parameters.csv``), priced with the
        newest year of ``prices.csv``.

    Examples
    --------
    >>> len(load_action_catalogue().ids()) > 0
    True
    """
    return with_prices(_base_catalogue(), None)


@lru_cache(maxsize=1)
def _base_catalogue() -> ActionCatalogue:
    """actions.csv and parameters.csv as written (the yearly prices not yet applied)."""
    params = [_parameter(r) for r in _read("parameters.csv")]
    actions = []
    for r in _read("actions.csv"):
        actions.append(
            Action(
                action_id=r["action_id"],
                order=int(r["order"]),
                group=r["group"],
                applies_to=tuple(r["applies_to"].split()),
                label_fi=r["label_fi"],
                label_en=r["label_en"],
                description_fi=r["description_fi"],
                description_en=r["description_en"],
                parameters=tuple(p for p in params if p.action_id == r["action_id"]),
            )
        )
    actions.sort(key=lambda a: a.order)
    return ActionCatalogue(tuple(actions), tuple(p for p in params if p.action_id == COMMON))


class ParameterError(PaastolaskuriError, ValueError):
    """A `--set` that names an unknown action or parameter, or a value out of its range."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def message(self, lang: str = "fi") -> str:
        """The message in Finnish or English."""
        params = dict(self.params)
        if "unit" in params:
            unit = params["unit"]
            if unit in PERCENT_UNITS:  # the range as the reader sees the value: 0 … 20 % a year
                for end in ("minimum", "maximum"):
                    params[end] = format_plain(100 * float(params[end]), lang)
            params["unit"] = "%" if unit == "share" else unit_label(unit, lang)
        return text(f"actions.parameter.{self.code}", lang, **params).rstrip()


def _fmt(x: float) -> str:
    return f"{x:g}"


def unit_label(unit: str, lang: str) -> str:
    """A parameter's unit as the reader says it (osuus / share)."""
    return text_or(f"actions.unit.{unit}", lang, unit)


PERCENT_UNITS = ("share", "1/a")  # shown as per cent: 0.04 1/a -> "4 % a year", 1 share -> "100 %"


# an assumption is shown to 4 significant digits: a price moved to the partner's VAT basis (0.2 / 1.245 =
# 0.160643 €/l) is not more precise than the figure it came from
ASSUMPTION_DIGITS = 4


def parameter_value_text(value: float | None, unit: str, lang: str) -> str:
    """A parameter's value with its unit, through the locale's number formatter ("–" when not given).

    Shares and rates are shown as per cent.
    """
    if value is None or value != value:
        return MISSING
    if unit in PERCENT_UNITS:
        number = format_plain(100 * value, lang, ASSUMPTION_DIGITS)
        return f"{number} %" if unit == "share" else f"{number} {unit_label(unit, lang)}"
    return f"{format_plain(value, lang, ASSUMPTION_DIGITS)} {unit_label(unit, lang)}".strip()


def parse_override(text: str) -> tuple[str, str, float]:
    """`ACTION.PARAM=VALUE` -> (action, param, value); raises ParameterError on bad syntax."""
    if "=" not in text or "." not in text.split("=", 1)[0]:
        raise ParameterError("syntax", text=text)
    key, raw = text.split("=", 1)
    action, param = key.strip().split(".", 1)
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        raise ParameterError("not_a_number", text=text, value=raw.strip()) from None
    if not math.isfinite(value):
        raise ParameterError("not_a_number", text=text, value=raw.strip())
    return action.strip(), param.strip(), value


def apply_overrides(catalogue: ActionCatalogue, overrides: list[str] | dict[str, float]) -> ActionCatalogue:
    """A copy of the catalogue with `--set` values; every value is checked against its range.

    Parameters
    ----------
    catalogue
        The catalogue to change (left as it is).
    overrides
        ``["ACTION.PARAM=VALUE", ...]`` as given to ``--set``, or ``{"ACTION.PARAM": value}``.

    Returns
    -------
    ActionCatalogue
        A new catalogue with the values set.

    Raises
    ------
    ParameterError
        A value that is not ``ACTION.PARAM=NUMBER``, names an unknown action or parameter, or lies
        outside the parameter's sourced range.

    Examples
    --------
    >>> cat = load_action_catalogue()
    >>> apply_overrides(cat, {}) == cat
    True
    """
    items: list[tuple[str, str, float]] = (
        [parse_override(t) for t in overrides]
        if isinstance(overrides, list)
        else [(*_action_and_param(k), float(v)) for k, v in overrides.items()]
    )
    common = {p.name: p for p in catalogue.common}
    actions = {a.action_id: {p.name: p for p in a.parameters} for a in catalogue.actions}
    for action, param, value in items:
        text = f"{action}.{param}={_fmt(value)}"
        table = common if action == COMMON else actions.get(action)
        if table is None:
            raise ParameterError(
                "unknown_action", text=text, action=action, allowed=", ".join([COMMON, *catalogue.ids()])
            )
        if param not in table:
            raise ParameterError(
                "unknown_param", text=text, action=action, param=param, allowed=", ".join(table)
            )
        p = table[param]
        if not (p.minimum <= value <= p.maximum):
            raise ParameterError(
                "out_of_range",
                key=p.key,
                value=_fmt(value),
                minimum=_fmt(p.minimum),
                maximum=_fmt(p.maximum),
                unit=p.unit,
            )
        table[param] = replace(p, value=value, overridden=True)
    return replace(
        catalogue,
        actions=tuple(replace(a, parameters=tuple(actions[a.action_id].values())) for a in catalogue.actions),
        common=tuple(common.values()),
    )


def _action_and_param(key: str) -> tuple[str, str]:
    """("action", "param") of an "action.param" key."""
    action, param = key.split(".", 1)
    return action, param


def check_plan(catalogue: ActionCatalogue, plan: list[str]) -> list[str]:
    """The plan's action ids, each checked to exist (ParameterError otherwise)."""
    for action in plan:
        if action not in catalogue.ids():
            raise ParameterError("unknown_plan_action", action=action, allowed=", ".join(catalogue.ids()))
    return list(plan)
