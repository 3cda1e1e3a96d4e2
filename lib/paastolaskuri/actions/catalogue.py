"""The action catalogue: actions.csv (what each action is) and parameters.csv (its sourced defaults).

Every parameter carries publisher, document, year, url and a confidence mark: `seen-in-source`,
`derived-from-seen`, `unverified` (no source found or a stand-in; the note says which: the one rule in
paastolaskuri.confidence marks every row whose note calls it a stand-in) or `choice`
(a scenario choice such as "half of the domestic flights", not a fact). A cost parameter with no
value means the cost is not estimated unless the user gives one.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from paastolaskuri.confidence import confidence_mark
from paastolaskuri.errors import PaastolaskuriError
from paastolaskuri.i18n import text, text_or

DATA_DIR = Path(__file__).resolve().parent / "catalogue_data"
COMMON = "common"
CONFIDENCE_MARKS = ("seen-in-source", "derived-from-seen", "unverified", "choice")


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


@dataclass(frozen=True)
class ActionCatalogue:
    """All actions (in their default plan order) and the common price parameters."""

    actions: tuple[Action, ...]
    common: tuple[Parameter, ...]

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
        """Parameter values an action's transformation and cost see: its own and the common ones."""
        out = {p.name: p.value for p in self.common}
        out.update({p.name: p.value for p in self[action_id].parameters})
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
    )


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def load_action_catalogue() -> ActionCatalogue:
    """The shipped catalogue (cached; immutable).

    Returns
    -------
    ActionCatalogue
        The actions (``actions.csv``) and their sourced parameters (``parameters.csv``).

    Examples
    --------
    >>> len(load_action_catalogue().ids()) > 0
    True
    """
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
            params["unit"] = unit_label(params["unit"], lang)
        return text(f"actions.parameter.{self.code}", lang, **params).rstrip()


def _fmt(x: float) -> str:
    return f"{x:g}"


def unit_label(unit: str, lang: str) -> str:
    """A parameter's unit as the reader says it (osuus / share)."""
    return text_or(f"actions.unit.{unit}", lang, unit)


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
    return ActionCatalogue(
        tuple(replace(a, parameters=tuple(actions[a.action_id].values())) for a in catalogue.actions),
        tuple(common.values()),
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
