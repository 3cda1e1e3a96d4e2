"""Reduction actions computed on each partner's own activity lines (estimates, every assumption sourced).

``catalogue`` reads the action catalogue (actions.csv, parameters.csv) and checks `--set` values,
``transforms`` holds each action as a pure function of the lines, ``engine`` recomputes the
transformed lines with the ordinary calculation engine (many partner-years in one call) and runs
the combined plan, ``costs`` prices the change, ``analysis`` ranks one partner-year's actions,
``inputs`` finds the lines (a file or the workspace's processed data) and ``command`` is the CLI.
"""

from paastolaskuri.actions.analysis import ActionAnalysis, analyse, commitment_gap
from paastolaskuri.actions.catalogue import (
    ParameterError,
    apply_overrides,
    catalogue_for,
    load_action_catalogue,
)
from paastolaskuri.actions.engine import combined_plan, evaluate_actions
from paastolaskuri.actions.inputs import lines_from_workspace, required_reduction

__all__ = [
    "ActionAnalysis",
    "ParameterError",
    "analyse",
    "apply_overrides",
    "catalogue_for",
    "combined_plan",
    "commitment_gap",
    "evaluate_actions",
    "lines_from_workspace",
    "load_action_catalogue",
    "required_reduction",
]
