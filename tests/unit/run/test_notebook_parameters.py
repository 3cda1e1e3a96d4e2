"""The run sends each report notebook exactly the parameters it declares, with the declared types."""

from __future__ import annotations

from pathlib import Path

import papermill

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.run.parameters import network_parameters, partner_parameters

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"
TYPES = {"str": str, "int": int, "dict": dict}


def _declared(name: str) -> dict[str, type]:
    found = papermill.inspect_notebook(str(NOTEBOOKS / name))
    return {key: TYPES[p["inferred_type_name"]] for key, p in found.items()}


def test_partner_report_parameters_match_the_notebook(tmp_path):
    sent = partner_parameters("saha", 2024, Workspace.at(tmp_path), "fi")
    declared = _declared("partner_report.ipynb")
    assert list(sent) == list(declared)
    assert {k: type(v) for k, v in sent.items()} == declared


def test_network_report_parameters_match_the_notebook(tmp_path):
    sent = network_parameters(2024, Workspace.at(tmp_path), "en", "public")
    declared = _declared("network_report.ipynb")
    assert list(sent) == list(declared)
    assert {k: type(v) for k, v in sent.items()} == declared


def test_every_parameter_of_every_notebook_is_typed_and_explained():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        found = papermill.inspect_notebook(str(path))
        assert found, path.name
        for key, p in found.items():
            assert p["inferred_type_name"] != "None", f"{path.name}: {key} has no type"
            assert p["help"], f"{path.name}: {key} has no help comment"
