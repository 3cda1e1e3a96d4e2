"""Issue 24, item 6: the API notebooks and researchers call has NumPy-style docstrings.

Each function or report section below documents its parameters (every one, by name), what it
returns, what it raises where it raises on purpose, and one example; ruff checks the layout
(``convention = "numpy"`` in pyproject.toml). The examples were run on a demo workspace by hand
(the suite has no computed workspace to spare for them).
"""

from __future__ import annotations

import inspect
import re

import pytest

from paastolaskuri.actions import (
    analyse,
    apply_overrides,
    combined_plan,
    commitment_gap,
    evaluate_actions,
    lines_from_workspace,
    load_action_catalogue,
    required_reduction,
)
from paastolaskuri.commitments.sources import read_workspace_file
from paastolaskuri.commitments.store import track_network, track_partner, year_footprints
from paastolaskuri.commitments.tracking import committed_pathway, pathway_at, track_target
from paastolaskuri.core.packaged import packaged
from paastolaskuri.footprint import compute_footprint
from paastolaskuri.report import NetworkReport, PartnerReport
from paastolaskuri.research.ledger import read_covered
from paastolaskuri.research.package import export_research
from paastolaskuri.research.pseudonyms import load_or_create_key
from paastolaskuri.research.tables import load_processed

PARTNER_SECTIONS = (
    "header", "headline", "intensity", "breakdown", "trend", "comparison", "commitments", "actions",
    "restatement", "data_quality", "explain", "sources",
)  # fmt: skip
NETWORK_SECTIONS = (
    "header", "overview", "trend", "by_sector", "by_category", "commitments", "actions", "distribution",
    "partner_table", "failures",
)  # fmt: skip
API = [
    compute_footprint,
    packaged,
    PartnerReport.load,
    NetworkReport.load,
    *(getattr(PartnerReport, s) for s in PARTNER_SECTIONS),
    *(getattr(NetworkReport, s) for s in NETWORK_SECTIONS),
    export_research,
    load_processed,
    load_or_create_key,
    read_covered,
    analyse,
    apply_overrides,
    combined_plan,
    commitment_gap,
    evaluate_actions,
    lines_from_workspace,
    load_action_catalogue,
    required_reduction,
    track_partner,
    track_network,
    year_footprints,
    track_target,
    committed_pathway,
    pathway_at,
    read_workspace_file,
]
# the API functions that raise on purpose, and what
RAISES = {
    PartnerReport.load: "ReportInputMissing",
    NetworkReport.load: "ReportInputMissing",
    export_research: "ExportRefused",
    apply_overrides: "ParameterError",
    lines_from_workspace: "InputMissing",
}


def sections(doc: str) -> dict[str, str]:
    """A NumPy docstring's sections: the name above a dashed underline -> the text up to the next one."""
    lines = inspect.cleandoc(doc).splitlines()
    heads = [i for i in range(1, len(lines)) if re.fullmatch(r"-{3,}", lines[i]) and lines[i - 1].strip()]
    return {
        lines[h - 1].strip(): "\n".join(lines[h + 1 : (nxt - 1 if nxt else len(lines))]).rstrip()
        for h, nxt in zip(heads, [*heads[1:], None], strict=True)
    }


def documented_parameters(text: str) -> set[str]:
    """The names a Parameters section describes (``year, partner_id`` lines name two; ``*parts`` one)."""
    names = set()
    for line in text.splitlines():
        if line and not line.startswith(" "):
            names |= {n.strip().lstrip("*").split(" ")[0] for n in line.split(",")}
    return names


def missing(func) -> list[str]:
    """What the function's docstring lacks: sections, and each parameter it does not describe."""
    found = sections(func.__doc__ or "")
    params = [p for p in inspect.signature(func).parameters if p not in ("self", "cls")]
    wanted = [
        "Returns",
        "Examples",
        *(["Parameters"] if params else []),
        *(["Raises"] if func in RAISES else []),
    ]
    gaps = [s for s in wanted if s not in found]
    gaps += [f"parameter {p}" for p in params if p not in documented_parameters(found.get("Parameters", ""))]
    if func in RAISES and RAISES[func] not in found.get("Raises", ""):
        gaps.append(f"raises {RAISES[func]}")
    if ">>>" not in found.get("Examples", ""):
        gaps.append("an example")
    return gaps


@pytest.mark.parametrize("func", API, ids=lambda f: f.__qualname__)
def test_api_docstring_has_numpy_sections(func):
    assert missing(func) == []


def test_the_section_reader_finds_what_is_missing():
    def f(workspace, year, *, lang="fi"):
        """One line.

        Parameters
        ----------
        workspace, year
            Where and when.

        Returns
        -------
        int
            A number.
        """

    assert sections(f.__doc__) == {
        "Parameters": "workspace, year\n    Where and when.",
        "Returns": "int\n    A number.",
    }
    assert missing(f) == ["Examples", "parameter lang", "an example"]
    assert documented_parameters("*parts\n    The path.\nyear, partner_id\n    x") == {
        "parts",
        "year",
        "partner_id",
    }
