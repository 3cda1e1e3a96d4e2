"""The one schema of climate commitments (ilmastositoumukset): columns, choices and the records.

It drives the template's "Sitoumukset / Commitments" sheet, the coordinator's
``data/commitments.csv``, the validator (:mod:`paastolaskuri.intake.commitments`), the tracking and
the data dictionary. Adding a column is one entry in :data:`COLUMNS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paastolaskuri.core.i18n import pair, pairs

COMMITMENT_SHEETS = pair("commitment.sheet.name")  # (fi, en): the reader accepts either
COMMITMENT_HEADER_ROW = 4
COMMITMENT_FIRST_ROW = 5
COMMITMENT_BLANK_ROWS = 30  # rows with drop-downs prepared in a new template

PERCENT_COLUMNS = ("reduction_pct", "link_value")  # a share 0-100: the sheet's validation and the reader's
PERCENT_MIN, PERCENT_MAX = 0.0, 100.0
CATEGORY_SEPARATOR = ";"  # several categories in one cell: their names separated by semicolons

KINDS = pairs("commitment.kind")
COVERAGES = pairs("commitment.coverage")
METRICS = pairs("commitment.metric")
STATUSES = pairs("commitment.status")
LINK_RULES = pairs("commitment.link_rule")


@dataclass(frozen=True)
class Column:
    """One column of the commitments sheet and CSV."""

    key: str
    label_fi: str
    label_en: str
    help_fi: str
    help_en: str
    kind: str = "text"  # text | int | number | choice
    choices: dict[str, tuple[str, str]] | None = None
    applies_to: str = "both"  # target | action | both
    width: int = 16

    def label(self, lang: str) -> str:
        """The header label in the reader's language."""
        return self.label_fi if lang == "fi" else self.label_en

    def help(self, lang: str) -> str:
        """The input help in the reader's language."""
        return self.help_fi if lang == "fi" else self.help_en


def _column(
    key: str,
    kind: str = "text",
    choices: dict[str, tuple[str, str]] | None = None,
    applies_to: str = "both",
    width: int = 16,
) -> Column:
    """A column with its header and help from the catalogue (commitment.column / commitment.column_help)."""
    label, help_ = pair(f"commitment.column.{key}"), pair(f"commitment.column_help.{key}")
    return Column(key, *label, *help_, kind, choices, applies_to, width)


COLUMNS: list[Column] = [
    _column("commitment_id", width=9),
    _column("kind", "choice", KINDS, width=13),
    _column("coverage", "choice", COVERAGES, "target", 26),
    _column("categories", applies_to="target", width=22),
    _column("metric", "choice", METRICS, "target", 20),
    _column("base_year", "int", applies_to="target", width=11),
    _column("target_year", "int", applies_to="target", width=12),
    _column("reduction_pct", "number", applies_to="target", width=12),
    _column("compensated_t", "number", applies_to="target", width=16),
    _column("milestones", applies_to="target", width=18),
    _column("description", width=40),
    _column("due", "int", applies_to="action", width=12),
    _column("status", "choice", STATUSES, "action", 13),
    _column("link_activity", applies_to="action", width=24),
    _column("link_rule", "choice", LINK_RULES, "action", 22),
    _column("link_value", "number", applies_to="action", width=10),
    _column("link_from", "int", applies_to="action", width=12),
]
COLUMN_KEYS = [c.key for c in COLUMNS]


@dataclass(frozen=True)
class Origin:
    """Where a commitment row was read: file, sheet and row (for messages and the report)."""

    file: str
    sheet: str
    row: int
    cells: tuple[tuple[str, str], ...] = ()  # (column key, cell reference) of the row's columns

    def cell(self, key: str) -> str:
        """The cell reference of one column of the row (column A when unknown)."""
        return dict(self.cells).get(key, f"A{self.row}")


@dataclass(frozen=True)
class Target:
    """An emission reduction target: coverage, metric, base and target year, reduction and milestones."""

    partner_id: str
    commitment_id: str
    coverage: str
    metric: str
    base_year: int
    target_year: int
    reduction_pct: float
    categories: tuple[str, ...] = ()
    milestones: tuple[tuple[int, float], ...] = ()
    compensated_t: float | None = None
    description: str = ""
    origin: Origin | None = field(default=None, compare=False)

    @property
    def is_net_zero(self) -> bool:
        """A 100 % target: "hiilineutraali" / net zero (any compensation stays apart)."""
        return self.reduction_pct >= 100.0


@dataclass(frozen=True)
class Action:
    """A climate action the partner will take, optionally linked to an activity that shows it in the data."""

    partner_id: str
    commitment_id: str
    description: str
    status: str
    due: int | None = None
    link_activity: str = ""
    link_rule: str = ""
    link_value: float | None = None
    link_from: int | None = None
    origin: Origin | None = field(default=None, compare=False)


Commitment = Target | Action


def choice_label(choices: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    """The label of a choice key in the reader's language (the key itself when unknown)."""
    pair = choices.get(key)
    return (pair[0] if lang == "fi" else pair[1]) if pair else key


SCHEMA_BEGIN = "<!-- commitments-schema:begin (generated from intake/commitment_schema.py) -->"
SCHEMA_END = "<!-- commitments-schema:end -->"


def schema_markdown() -> str:
    """The commitments schema as the data dictionary's table (docs/data_dictionary.md embeds it verbatim)."""
    lines = [
        SCHEMA_BEGIN,
        "",
        "| column (CSV key) | header fi / en | for | type | allowed values (key: fi / en) | help |",
        "|---|---|---|---|---|---|",
    ]
    for c in COLUMNS:
        choices = "; ".join(f"`{k}`: {fi} / {en}" for k, (fi, en) in (c.choices or {}).items())
        lines.append(
            f"| `{c.key}` | {c.label_fi} / {c.label_en} | {c.applies_to} | {c.kind} | {choices} | {c.help_en} |"
        )
    lines += ["", SCHEMA_END]
    return "\n".join(lines)
