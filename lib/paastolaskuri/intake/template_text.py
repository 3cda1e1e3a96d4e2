"""What the template says to the person filling it in (fi/en): instructions, hints, cell prompts, errors.

Input messages (shown when a cell is selected) and error texts (shown when a value is refused) are
per column or field, so each says what that column wants. Excel's limits: title 32 characters,
prompt 255, error 225 (`test_template_layout` checks them).
"""

from __future__ import annotations

from dataclasses import dataclass

from paastolaskuri.core.i18n import LANGS, by_lang, per_lang, text

TITLE_LIMIT, PROMPT_LIMIT, ERROR_LIMIT = 32, 255, 225

# the instructions sheet, one catalogue key per row (template.instructions.<key>); None is a blank row
INSTRUCTION_ROWS = (
    "title",
    None,
    "how_heading",
    "how_organisation",
    "how_activities",
    "how_own_factor",
    "how_go",
    "how_commitments",
    "how_cell_help",
    None,
    "ready_heading",
    "ready_send",
    None,
    "method_heading",
    "method_scope1",
    "method_scope2",
    "method_scope3",
    "method_biogenic",
    "method_gwp",
    "method_sources",
)
INSTRUCTIONS = {
    lang: [text(f"template.instructions.{key}", lang) if key else "" for key in INSTRUCTION_ROWS]
    for lang in LANGS
}
# rows of INSTRUCTIONS shown as headings (1-based): the *_heading keys
INSTRUCTION_HEADINGS = tuple(
    row for row, key in enumerate(INSTRUCTION_ROWS, start=1) if key and key.endswith("_heading")
)

# the hint rows above the activity header, in catalogue order
ACTIVITY_HINTS = {lang: list(hints.values()) for lang, hints in per_lang("template.activity_hint").items()}


@dataclass(frozen=True)
class CellHelp:
    """The input message (title and prompt) and, for a restricted cell, the error text, in one language."""

    title: str
    prompt: str
    error: str = ""


def _help(column: str) -> dict[str, CellHelp]:
    """A column's help in each language from ``template.column_help.<column>.{title,prompt,error}``."""
    parts = per_lang(f"template.column_help.{column}")
    return {lang: CellHelp(**texts) for lang, texts in parts.items()}


# per activity column key
COLUMN_HELP: dict[str, dict[str, CellHelp]] = {
    column: _help(column)
    for column in (
        "site",
        "activity",
        "quantity",
        "unit",
        "quality",
        "own_factor",
        "own_factor_source",
        "contract",
        "note",
        "last_year",
        "renewable_share",
    )
}

# per organisation field kind; the field's own help text is the prompt
FIELD_ERRORS = by_lang("template.field_error")
