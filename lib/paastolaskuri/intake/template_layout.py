"""The template's contract: sheet names, organisation fields and activity columns, shared by writer and reader."""

from __future__ import annotations

from dataclasses import dataclass

from paastolaskuri.core.i18n import by_lang, pair, pairs

# 2 (unreleased until this session's changes ship together): optional column K, renewable share of
# purchased energy; the optional "Hinnat / Prices" sheet; the commitments sheet bilingual, with
# drop-downs for categories and the tracked activity; the optional "Rajaus / Boundary" sheet.
# Version 1 files stay readable.
TEMPLATE_VERSION = "2"

SHEETS = by_lang("template.sheet")


@dataclass(frozen=True)
class Field:
    """One organisation field: its key, bilingual label (column A), kind, and help text (column C)."""

    key: str
    label_fi: str
    label_en: str
    kind: str  # text, int, number, sector, consent (kyllä / ei)
    required: bool
    help_fi: str
    help_en: str

    def label(self, lang: str) -> str:
        """The label in column A: always bilingual, "fi / en" (the reader accepts either half)."""
        return f"{self.label_fi} / {self.label_en}"

    def help(self, lang: str) -> str:
        """The help text (column C and the cell's input message) in the reader's language."""
        return self.help_fi if lang == "fi" else self.help_en


def _field(key: str, kind: str, required: bool = False) -> Field:
    """A field with its label and help from the catalogue (template.field_label / template.field_help)."""
    return Field(
        key, *pair(f"template.field_label.{key}"), kind, required, *pair(f"template.field_help.{key}")
    )


ORGANISATION_FIELDS = [
    _field("partner_id", "text", True),
    _field("name", "text", True),
    _field("sector", "sector"),
    _field("employees_fte", "number"),
    _field("floor_area_m2", "number"),
    _field("revenue_eur", "number"),
    _field("year", "int", True),
    _field("base_year", "int"),
    _field("contact", "text"),
    _field("research_use", "consent"),
]
ORG_HEADER_ROW = 2  # row of "Tieto / Field", "Arvo / Value", "Ohje / Help"
ORG_FIRST_ROW = 3


@dataclass(frozen=True)
class Column:
    """One activity column: key, fixed letter, bilingual header (row 6) and width in character units."""

    key: str
    letter: str
    label_fi: str
    label_en: str
    width: int
    required: bool = False

    def label(self) -> str:
        """The header on row 6: "fi / en"."""
        return f"{self.label_fi} / {self.label_en}"


def _column(key: str, letter: str, width: int, required: bool = False) -> Column:
    """A column with its header labels from the catalogue (template.column.<key>)."""
    return Column(key, letter, *pair(f"template.column.{key}"), width, required)


ACTIVITY_COLUMNS = [
    _column("site", "A", 18),
    _column("activity", "B", 44, True),
    _column("quantity", "C", 13, True),
    _column("unit", "D", 10, True),
    _column("quality", "E", 15),
    _column("own_factor", "F", 17),
    _column("own_factor_source", "G", 24),
    _column("contract", "H", 19),
    _column("note", "I", 24),
    _column("last_year", "J", 12),
    _column("renewable_share", "K", 16),  # from template version 2; older files without it stay readable
]
REFERENCE_COLUMNS = ("last_year",)  # shown to the partner, never read as input
ACTIVITY_HEADER_ROW = 6
ACTIVITY_FIRST_ROW = 7
BLANK_ROWS = 200  # rows with drop-downs prepared in a new template

QUALITY_VALUES = pairs("template.quality")
CONTRACT_VALUES = pairs("template.contract")
CONSENT_VALUES = pairs("template.consent")


def quality_label(key: str) -> str:
    """The drop-down text of a data-quality key ("measured" -> "mitattu / measured")."""
    fi, en = QUALITY_VALUES[key]
    return f"{fi} / {en}"


def contract_label(key: str) -> str:
    """The drop-down text of a contract key ("go" -> "alkuperätakuu / guarantees of origin")."""
    fi, en = CONTRACT_VALUES[key]
    return f"{fi} / {en}"


def consent_label(key: str) -> str:
    """The drop-down text of a research-use answer ("yes" -> "kyllä / yes")."""
    fi, en = CONSENT_VALUES[key]
    return f"{fi} / {en}"


# TOL 2008 sections (identical to NACE Rev. 2) and the two-digit divisions each covers
_TOL_DIVISIONS = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
# (letter, first division, last division, Finnish name, English name); names: template.tol_section.<letter>
TOL_SECTIONS = [(s, low, high, *pair(f"template.tol_section.{s.lower()}")) for s, low, high in _TOL_DIVISIONS]


def tol_section(code: str) -> str | None:
    """The TOL 2008 section letter of a code such as 'C', '16', '16101', 'C 16101' or 'C - Teollisuus'; None if invalid."""
    text = str(code).strip().upper()
    if not text:
        return None
    letters = {s[0] for s in TOL_SECTIONS}
    head = text.split()[0].rstrip(".:-")
    if head in letters:
        return head
    digits = head.replace(".", "")
    if digits.isdigit() and 2 <= len(digits) <= 5:
        division = int(digits[:2])
        for letter, low, high, *_ in TOL_SECTIONS:
            if low <= division <= high:
                return letter
    return None


def tol_label(letter: str, lang: str) -> str:
    """The name of TOL 2008 section `letter` in `lang`; the letter itself if unknown."""
    for s in TOL_SECTIONS:
        if s[0] == letter:
            return s[3] if lang == "fi" else s[4]
    return letter
