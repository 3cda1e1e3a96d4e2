"""The one schema of climate commitments (ilmastositoumukset): columns, choices and the records.

It drives the template's "Sitoumukset / Commitments" sheet, the coordinator's
``data/commitments.csv``, the validator (:mod:`paastolaskuri.intake.commitments`), the tracking and
the data dictionary. Adding a column is one entry in :data:`COLUMNS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paastolaskuri.i18n import pairs

COMMITMENT_SHEETS = ("Sitoumukset", "Commitments")
COMMITMENT_HEADER_ROW = 4
COMMITMENT_FIRST_ROW = 5
COMMITMENT_BLANK_ROWS = 30  # rows with drop-downs prepared in a new template

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


COLUMNS: list[Column] = [
    Column(
        "commitment_id", "Tunnus", "ID", "Lyhyt tunnus, esim. T1 tai A1", "Short ID, e.g. T1 or A1", width=9
    ),
    Column("kind", "Laji", "Kind", "tavoite tai toimenpide", "target or action", "choice", KINDS, width=13),
    Column(
        "coverage",
        "Kattavuus",
        "Coverage",
        "Mitä päästöjä tavoite koskee",
        "Which emissions the target covers",
        "choice",
        COVERAGES,
        "target",
        26,
    ),
    Column(
        "categories",
        "Luokat",
        "Categories",
        "Kun kattavuus on 'valitut luokat': luokkien tunnukset pilkuin, esim. s1_stationary, s2_heat",
        "With coverage 'selected categories': category keys separated by commas, e.g. s1_stationary, s2_heat",
        applies_to="target",
        width=22,
    ),
    Column(
        "metric",
        "Mittari",
        "Metric",
        "Absoluuttinen tai intensiteetti",
        "Absolute or an intensity",
        "choice",
        METRICS,
        "target",
        20,
    ),
    Column(
        "base_year",
        "Perusvuosi",
        "Base year",
        "Vuosi, johon vähennystä verrataan",
        "Year the reduction is measured from",
        "int",
        applies_to="target",
        width=11,
    ),
    Column(
        "target_year",
        "Tavoitevuosi",
        "Target year",
        "Vuosi, johon mennessä tavoite saavutetaan",
        "Year by which the target is met",
        "int",
        applies_to="target",
        width=12,
    ),
    Column(
        "reduction_pct",
        "Vähennys (%)",
        "Reduction (%)",
        "0–100; 100 = hiilineutraali (jäännös kompensoidaan erikseen)",
        "0–100; 100 = net zero (the residual is compensated separately)",
        "number",
        applies_to="target",
        width=12,
    ),
    Column(
        "compensated_t",
        "Kompensoitava jäännös (t CO2e)",
        "Residual to compensate (t CO2e)",
        "Arvio jäännöspäästöistä, jotka aiotaan kompensoida: näytetään erikseen, ei vähennetä",
        "Residual emissions you expect to compensate: shown apart, never netted",
        "number",
        applies_to="target",
        width=16,
    ),
    Column(
        "milestones",
        "Välitavoitteet",
        "Milestones",
        "Vuosi: vähennys-%, puolipistein, esim. 2027: 30; 2030: 50",
        "Year: reduction %, separated by semicolons, e.g. 2027: 30; 2030: 50",
        applies_to="target",
        width=18,
    ),
    Column("description", "Kuvaus", "Description", "Mitä aiotte tehdä", "What you will do", width=40),
    Column(
        "due",
        "Määräaika (vuosi)",
        "Due (year)",
        "Vuosi, johon mennessä toimenpide on tehty",
        "Year by which the action is done",
        "int",
        applies_to="action",
        width=12,
    ),
    Column(
        "status",
        "Tila",
        "Status",
        "suunniteltu, käynnissä tai valmis",
        "planned, in progress or done",
        "choice",
        STATUSES,
        "action",
        13,
    ),
    Column(
        "link_activity",
        "Seurattava toiminto",
        "Linked activity",
        "Valinnainen: toiminto, josta toteutuminen näkyy (kuten Toiminta-välilehdellä)",
        "Optional: the activity whose lines show the action (as on the Activities sheet)",
        applies_to="action",
        width=24,
    ),
    Column(
        "link_rule",
        "Ehto",
        "Condition",
        "Mitä toiminnon riveiltä seurataan",
        "What is checked in the activity's lines",
        "choice",
        LINK_RULES,
        "action",
        22,
    ),
    Column(
        "link_value",
        "Osuus (%)",
        "Share (%)",
        "Alkuperätakuuosuuden vähimmäismäärä",
        "Minimum guarantees-of-origin share",
        "number",
        applies_to="action",
        width=10,
    ),
    Column(
        "link_from",
        "Alkaen vuodesta",
        "From year",
        "Ensimmäinen vuosi, jona ehdon pitää täyttyä",
        "First year the condition must hold",
        "int",
        applies_to="action",
        width=12,
    ),
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
