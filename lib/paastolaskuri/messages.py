"""Every message a partner, student or coordinator reads about their input, in Finnish and English.

A problem prints as one line, like a compiler's: `FILE: SHEET!CELL: message`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from paastolaskuri.accounting.catalogue import load_catalogue
from paastolaskuri.core.i18n import plural, text, text_or
from paastolaskuri.core.numformat import format_plain


@dataclass(frozen=True)
class Translated:
    """A message parameter that is itself text, given in both languages (a column's label, a choice list)."""

    fi: str
    en: str

    @classmethod
    def of(cls, label: Callable[[str], str]) -> Translated:
        """Both languages of a `label(lang)` function."""
        return cls(label("fi"), label("en"))

    def __str__(self) -> str:
        return self.fi


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
        message = text(f"problem.{self.code}", lang, **params)
        return text("problem.warning_prefix", lang, text=message) if self.severity == "warning" else message

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
    if isinstance(value, Translated):
        return value.fi if lang == "fi" else value.en
    if key == "field":
        return field_name(value, lang)
    if key == "activity":
        return activity_name(value, lang)
    if isinstance(value, float):
        return format_plain(value, lang)
    return value


def activity_name(key: str, lang: str) -> str:
    """The activity's label in the reader's language (messages store the catalogue key)."""
    activity = load_catalogue().activities.get(str(key))
    return activity.label(lang) if activity else str(key)


def field_name(key: str, lang: str) -> str:
    """An organisation field's name in `lang` (messages store the field key)."""
    return text_or(f"field.{key}", lang, key)


def count_summary(errors: int, warnings: int, lang: str = "fi") -> str:
    """'1 virhe, 2 varoitusta' / '1 error, 2 warnings'."""
    return (
        f"{plural('problem.count_errors', errors, lang)}, {plural('problem.count_warnings', warnings, lang)}"
    )
