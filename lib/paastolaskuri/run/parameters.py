"""The parameters the run sends to each report notebook: exactly those the notebook declares.

papermill only warns about a parameter the notebook does not declare, and a missing one silently
keeps the notebook's default; a test compares these with ``papermill.inspect_notebook``.
"""

from __future__ import annotations

from paastolaskuri.core.workspace import Workspace


def partner_parameters(partner_id: str, year: int, ws: Workspace, lang: str) -> dict:
    """Parameters of notebooks/partner_report.ipynb for one partner-year."""
    return {"partner_id": partner_id, "year": int(year), "workspace": str(ws.root), "lang": lang}


def network_parameters(year: int, ws: Workspace, lang: str, audience: str) -> dict:
    """Parameters of notebooks/network_report.ipynb for one year and audience."""
    return {"year": int(year), "workspace": str(ws.root), "lang": lang, "audience": audience}
