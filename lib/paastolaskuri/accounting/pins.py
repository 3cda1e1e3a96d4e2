"""Pinning a factor set to a reporting year: `paastolaskuri factors pin YEAR SET`.

A workspace's pins live in its own `data/factors/years.csv` (they override the shipped ones: see
`factors.pinned_sets`). Pinning a year that has no pin adds a row; changing an existing pin (a new
revision for a year already reported) needs `--force`, since every report of that year then changes.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from paastolaskuri.accounting.factors import available_sets, find_factor_set, pinned_sets
from paastolaskuri.core.errors import EXIT_USAGE, PaastolaskuriError
from paastolaskuri.core.i18n import text
from paastolaskuri.core.outputs import records_csv_text, write_text

YEARS_FILE = Path("data") / "factors" / "years.csv"
_SET_NAME = re.compile(r"^(?P<id>.+)-r(?P<n>\d+)$")


class PinRefused(PaastolaskuriError):
    """`factors pin` refused: an unknown set, or a year already pinned to another set without --force."""

    exit_code = EXIT_USAGE

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str = "fi") -> str:
        """The refusal in the reader's language."""
        return text(f"factors.pin.{self.key}", lang, **self.params)


@dataclass(frozen=True)
class PinChange:
    """What `factors pin` does: the year, its set before (None: not pinned) and after, and the file."""

    year: int
    old: str | None
    new: str
    path: Path
    set_year: int | None  # the reporting year the new set was published for

    @property
    def changes(self) -> bool:
        """Whether the pin differs from what is pinned now."""
        return self.old != self.new


def _order(name: str) -> tuple[int, int, str]:
    """Sort key of a set name: its reporting year, then its revision number (fi-2024-r2 after fi-2024-r1)."""
    m = _SET_NAME.match(name)
    year = re.search(r"(\d{4})", name)
    return (int(year.group(1)) if year else 0, int(m["n"]) if m else 0, name)


def newest_set(workspace: Path | None = None) -> str | None:
    """The newest factor set found: the latest reporting year, then the highest revision (None if none)."""
    names = available_sets(workspace)
    return max(names, key=_order) if names else None


def plan_pin(year: int, set_name: str, workspace: Path, force: bool = False) -> PinChange:
    """The change pinning `set_name` to `year` makes; PinRefused for an unknown set or an unforced change."""
    names = available_sets(workspace)
    if set_name not in names:
        raise PinRefused("unknown_set", name=set_name, available=", ".join(sorted(names, key=_order)))
    old = pinned_sets(workspace).get(year)
    if old is not None and old != set_name and not force:
        raise PinRefused("already_pinned", year=year, old=old, new=set_name)
    set_year = find_factor_set(set_name, workspace).reporting_year
    return PinChange(year, old, set_name, Path(workspace) / YEARS_FILE, set_year)


def _own_pins(path: Path) -> dict[int, str]:
    """The pins written in this one years.csv (not merged with the shipped ones)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {int(row["year"]): row["factor_set"].strip() for row in csv.DictReader(fh)}


def write_pin(change: PinChange) -> None:
    """Write the pin into the workspace's years.csv (created when absent), one row per year, in year order."""
    pins = _own_pins(change.path)
    pins[change.year] = change.new
    rows = [{"year": y, "factor_set": pins[y]} for y in sorted(pins)]
    write_text(change.path, records_csv_text(["year", "factor_set"], rows))


def change_lines(change: PinChange, lang: str) -> list[str]:
    """What `factors pin` prints: old -> new, or that nothing changed; a note when the set is another year's."""
    if not change.changes:
        return [text("factors.pin.unchanged", lang, year=change.year, new=change.new)]
    old = change.old or text("factors.pin.not_pinned", lang)
    lines = [text("factors.pin.changed", lang, year=change.year, old=old, new=change.new, path=change.path)]
    if change.set_year is not None and change.set_year != change.year:
        lines.append(
            text("factors.pin.other_year", lang, new=change.new, set_year=change.set_year, year=change.year)
        )
    return lines
