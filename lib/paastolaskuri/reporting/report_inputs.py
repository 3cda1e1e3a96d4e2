"""Before a report notebook reads processed data: is it there? If not, say what exists and what to run.

A notebook run by hand (papermill, JupyterLab) with a mistyped partner ID or a year not yet run would
otherwise end in a bare FileNotFoundError naming an internal path.
"""

from __future__ import annotations

import json

from paastolaskuri.core.errors import PaastolaskuriError
from paastolaskuri.core.i18n import text
from paastolaskuri.core.workspace import Workspace


class ReportInputMissing(PaastolaskuriError, FileNotFoundError):
    """The processed data a report needs are not there; the message says what exists and what to run."""


def _t(key: str, lang: str, **kw) -> str:
    return text(f"report.inputs.{key}", lang, **kw)


def _command(ws: Workspace, year: int) -> str:
    return f"paastolaskuri run --year {year} --workspace {ws.root}"


def computed_partners(ws: Workspace, year: int) -> list[str]:
    """The partner IDs with processed data for `year` (as typed in their templates), sorted."""
    folder = ws.processed_dir(year) / "partners"
    ids = []
    if folder.is_dir():
        for d in folder.iterdir():
            totals = d / "totals.json"
            if totals.is_file():
                ids.append(str(json.loads(totals.read_text(encoding="utf-8")).get("partner_id") or d.name))
    return sorted(ids)


def _year_missing(ws: Workspace, year: int, lang: str) -> ReportInputMissing:
    years = ", ".join(
        str(y) for y in ws.processed_years() if (ws.processed_dir(y) / "partners.csv").is_file()
    )
    return ReportInputMissing(
        _t(
            "no_year",
            lang,
            year=year,
            ws=ws.root,
            years=years or _t("none", lang),
            command=_command(ws, year),
        )
    )


def require_partner(ws: Workspace, year: int, partner_id: str, slug: str, lang: str = "fi") -> None:
    """Raise ReportInputMissing unless the partner's processed files for `year` exist."""
    d = ws.partner_processed_dir(year, slug)
    if slug and all((d / n).is_file() for n in ("organisation.json", "totals.json", "emissions.csv")):
        return
    known = computed_partners(ws, year)
    if not known:
        raise _year_missing(ws, year, lang)
    raise ReportInputMissing(
        _t(
            "no_partner",
            lang,
            partner=repr(str(partner_id)),
            year=year,
            ws=ws.root,
            known=", ".join(known),
            command=_command(ws, year),
        )
    )


def require_network(ws: Workspace, year: int, lang: str = "fi") -> None:
    """Raise ReportInputMissing unless the year's network tables exist."""
    d = ws.processed_dir(year)
    if not all((d / n).is_file() for n in ("partners.csv", "emissions.csv")):
        raise _year_missing(ws, year, lang)
