"""The activity catalogue: the one schema behind the template, the validator, the engine and the docs."""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from paastolaskuri.accounting.units import UNITS


@dataclass(frozen=True)
class Category:
    """A reporting category of the catalogue (e.g. s1_fuels): its scope, GHG Protocol category and label."""

    code: str
    scope: int
    ghg_category: str  # GHG Protocol Scope 3 category number, "" for Scopes 1 and 2
    label_fi: str
    label_en: str

    def label(self, lang: str) -> str:
        """The category's name in `lang` ("fi" or "en")."""
        return self.label_fi if lang == "fi" else self.label_en


@dataclass(frozen=True)
class Activity:
    """One activity a partner can report (diesel, electricity, ...): its category, units, labels and help."""

    key: str
    category: Category
    units: tuple[str, ...]
    label_fi: str
    label_en: str
    help_fi: str
    help_en: str
    own_factor_required: bool
    # the activity whose factors this one reuses ("" = its own rows in the factor set): leased premises'
    # electricity reuses `electricity`, fuel burned by a carrier reuses `diesel`, ...
    factor_from: str = ""
    # what a manual category-3 line covers, "basis:key-or-category ..." (e.g. "td_loss:electricity"):
    # `check` warns when a derived line of the same basis covers the same energy
    covers: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # older keys or labels that still name this activity
    # no emissions by definition (own_factor column "none"): own renewable energy produced and consumed
    # on site has no Scope 1 (nothing burned) and no Scope 2 (nothing bought); see accounting.energy
    no_emissions: bool = False

    @property
    def factor_key(self) -> str:
        """The activity key the factor set is looked up with."""
        return self.factor_from or self.key

    @property
    def scope(self) -> int:
        """The GHG Protocol scope (1, 2 or 3) of the activity's category."""
        return self.category.scope

    def label(self, lang: str) -> str:
        """The activity's name in `lang` ("fi" or "en")."""
        return self.label_fi if lang == "fi" else self.label_en

    def help(self, lang: str) -> str:
        """The template's help text for the activity in `lang` ("fi" or "en")."""
        return self.help_fi if lang == "fi" else self.help_en


class Catalogue:
    """Every activity a partner can report, looked up by key or by its Finnish or English label."""

    def __init__(self, categories: list[Category], activities: list[Activity]):
        self.categories = {c.code: c for c in categories}
        self.activities = {a.key: a for a in activities}
        self._by_name: dict[str, Activity] = {}
        for a in activities:
            for name in (a.key, a.label_fi, a.label_en, *a.aliases):
                self._by_name[_fold(name)] = a

    def __iter__(self):
        return iter(self.activities.values())

    def __len__(self) -> int:
        return len(self.activities)

    def __getitem__(self, key: str) -> Activity:
        return self.activities[key]

    def find(self, name: str) -> Activity | None:
        """The activity a template cell names: its key, or its label in either language."""
        return self._by_name.get(_fold(name))

    def closest(self, name: str, n: int = 3) -> list[Activity]:
        """Up to `n` activities whose key or label is closest to a name that matched none (a typo's fix)."""
        names = difflib.get_close_matches(_fold(name), list(self._by_name), n=n * 4, cutoff=0.6)
        found: dict[str, Activity] = {}
        for match in names:
            found.setdefault(self._by_name[match].key, self._by_name[match])
        return list(found.values())[:n]

    def all_units(self) -> list[str]:
        """Every unit some activity accepts, each once, in catalogue order."""
        seen: dict[str, None] = {}
        for a in self:
            for u in a.units:
                seen[u] = None
        return list(seen)


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _read_csv(name: str) -> list[dict[str, str]]:
    text = (
        resources.files("paastolaskuri.accounting")
        .joinpath("catalogue_data", name)
        .read_text(encoding="utf-8")
    )
    return list(csv.DictReader(text.splitlines()))


NO_EMISSIONS = "none"  # the own_factor column's value for an activity with no emissions by definition


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The shipped activity catalogue (catalogue_data/*.csv), read once; a broken row raises ValueError."""
    categories = [
        Category(r["category"], int(r["scope"]), r["ghg_category"], r["label_fi"], r["label_en"])
        for r in _read_csv("categories.csv")
    ]
    by_code = {c.code: c for c in categories}
    activities = []
    rows = _read_csv("activities.csv")
    for r in rows:
        units = tuple(r["units"].split())
        if r.get("factor_from") and r["factor_from"] not in {x["key"] for x in rows}:
            raise ValueError(f"catalogue: activity {r['key']} reuses unknown activity {r['factor_from']}")
        unknown = [u for u in units if u not in UNITS]
        if unknown:
            raise ValueError(f"catalogue: activity {r['key']} names unknown units {unknown}")
        activities.append(
            Activity(
                key=r["key"],
                category=by_code[r["category"]],
                units=units,
                label_fi=r["label_fi"],
                label_en=r["label_en"],
                help_fi=r["help_fi"],
                help_en=r["help_en"],
                own_factor_required=r["own_factor"] == "required",
                factor_from=r.get("factor_from") or "",
                covers=tuple((r.get("covers") or "").split()),
                aliases=tuple(a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()),
                no_emissions=r["own_factor"] == NO_EMISSIONS,
            )
        )
    return Catalogue(categories, activities)
