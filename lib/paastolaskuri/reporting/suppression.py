"""Moved: the public disclosure rule now lives in `paastolaskuri.disclosure` (rules and tables).

This module only re-exports the moved names for the modules that still import them from here;
nothing is defined in it, and it goes once they import `paastolaskuri.disclosure` directly.
"""

from __future__ import annotations

from paastolaskuri.disclosure.rules import MIN_CONTRIBUTORS as MIN_GROUP
from paastolaskuri.disclosure.rules import passes_threshold as enough
from paastolaskuri.disclosure.tables import (
    OTHER,
    GroupTable,
    disclose_groups,
    disclose_value,
    merged_label,
    other_label,
    withheld_text,
)

__all__ = [
    "MIN_GROUP",
    "OTHER",
    "GroupTable",
    "disclose_groups",
    "disclose_value",
    "enough",
    "merged_label",
    "other_label",
    "withheld_text",
]
