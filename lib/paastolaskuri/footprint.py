"""One partner's footprint from one input file: read, validate, pick the year's factor set, calculate."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from paastolaskuri.accounting.calculation import calculate_emissions, summarise_totals
from paastolaskuri.accounting.catalogue import Catalogue, load_catalogue
from paastolaskuri.accounting.factors import (
    DEFAULT_GWP,
    FactorSet,
    FactorSetError,
    factor_set_for_year,
    find_factor_set,
    pinned_sets,
    scope2_basis_text,
)
from paastolaskuri.accounting.pins import newest_set
from paastolaskuri.intake.commitment_merge import submission_commitment_problems
from paastolaskuri.intake.reader import Submission, read_submission
from paastolaskuri.intake.validation import validate_against_factor_set
from paastolaskuri.messages import Problem
from paastolaskuri.workspace import Workspace

EXPLAIN_COLUMNS = [
    "row",
    "site",
    "activity",
    "label",
    "scope",
    "category",
    "basis",
    "quantity",
    "unit",
    "conversion",
    "converted_quantity",
    "factor_unit",
    "factor_id",
    "factor_text",
    "kg_co2e_per_unit",
    "kg_co2",
    "kg_ch4",
    "kg_n2o",
    "other_gas",
    "kg_other_gas",
    "kg_co2e_unsplit",
    "kg_co2_biogenic",
    "kg_co2e",
    "gwp_set",
    "factor_set",
    "source",
    "url",
    "confidence",
    "own_factor_used",
    "gwp_note",
    "quality",
    "note",
]


@dataclass
class Footprint:
    """One file's footprint: what was read (submission), the factor set used, emission lines and totals."""

    submission: Submission
    factor_set: FactorSet | None
    gwp_set: str
    emissions: pd.DataFrame = field(default_factory=pd.DataFrame)
    totals: dict = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        """Every problem found in the file (errors and warnings)."""
        return self.submission.problems

    @property
    def ok(self) -> bool:
        """True when the file has no errors (warnings allowed)."""
        return self.submission.ok

    @property
    def organisation(self) -> dict:
        """The organisation sheet's fields (partner_id, name, year, sector, ...)."""
        return self.submission.organisation

    def explain_table(self, lang: str = "fi") -> pd.DataFrame:
        """The emission lines with their arithmetic and sources (EXPLAIN_COLUMNS), activities named in `lang`."""
        catalogue = load_catalogue()
        df = self.emissions.copy()
        df["label"] = [catalogue[a].label(lang) for a in df["activity"]]
        return df[EXPLAIN_COLUMNS]

    def as_dict(self, lang: str = "fi") -> dict:
        """The footprint as JSON-ready data (what `calc --format json` prints): organisation, totals, lines."""
        org = self.organisation
        lines = self.explain_table(lang)
        records = []
        for rec in lines.to_dict(orient="records"):
            records.append({k: (None if isinstance(v, float) and v != v else v) for k, v in rec.items()})
        return {
            "partner_id": org.get("partner_id"),
            "name": org.get("name"),
            "year": org.get("year"),
            "factor_set": self.factor_set.name if self.factor_set else None,
            "scope2_basis": scope2_basis_text(self.factor_set, lang) if self.factor_set else None,
            "gwp_set": self.gwp_set,
            "unit": "kg CO2e",
            "totals": self.totals,
            "organisation": org,
            "lines": records,
            "problems": [p.as_dict(lang) for p in self.problems],
        }


def compute_footprint(
    path: Path | str,
    *,
    workspace: Path | None = None,
    gwp_set: str = DEFAULT_GWP,
    factor_set_name: str | None = None,
    display: str | None = None,
    year: int | None = None,
    partner_id: str | None = None,
    catalogue: Catalogue | None = None,
) -> Footprint:
    """Everything `calc` and the runner need for one file. Problems are collected, never raised.

    Reads the file (xlsx template or CSV), checks it, finds the factor set pinned for its year (or
    the one named), checks the lines against that set and, when the file has no errors, computes
    the emission lines and their totals.

    Parameters
    ----------
    path
        The partner's template (``.xlsx``) or activity CSV.
    workspace
        The workspace whose ``data/factors/`` pins and own sets apply (None: the default
        workspace, ``workspace.default_root()``).
    gwp_set
        ``"AR5"`` or ``"AR6"`` (``accounting.factors.GWP_SETS``).
    factor_set_name
        A factor set to use instead of the one pinned for the file's year (``"fi-2024-r2"``).
    display
        The file name problems are reported under (default: `path` as given).
    year, partner_id
        For a CSV, which has no organisation sheet: the reporting year and the partner.
    catalogue
        The activity catalogue (default: the shipped one).

    Returns
    -------
    Footprint
        ``submission`` (what was read), ``factor_set``, ``gwp_set``, ``emissions`` (one row per
        line and basis, ``EXPLAIN_COLUMNS``), ``totals`` (kg CO2e per scope and basis) and
        ``problems``; ``emissions`` is empty when the file has errors (``ok`` is False).

    Examples
    --------
    >>> fp = compute_footprint("demo/data/raw/2024/demo-saha.xlsx", workspace="demo")
    >>> fp.ok, fp.factor_set.name
    (True, 'fi-2024-r2')
    >>> round(fp.totals["total_market"]) > 0
    True
    """
    catalogue = catalogue or load_catalogue()
    sub = read_submission(path, display=display, catalogue=catalogue, year=year, partner_id=partner_id)
    pid = str(sub.organisation.get("partner_id") or "") if sub.organisation else ""
    year_of_file = sub.organisation.get("year") if sub.organisation else None
    ws = Workspace.at(workspace)
    sub.problems.extend(submission_commitment_problems(sub.commitments, pid, ws, year_of_file))
    fp = Footprint(submission=sub, factor_set=None, gwp_set=gwp_set)
    report_year = sub.organisation.get("year") if sub.organisation else None
    if sub.ok or (report_year and not sub.lines.empty):
        pins = pinned_sets(workspace)
        try:
            if factor_set_name:
                fp.factor_set = find_factor_set(factor_set_name, workspace)
            elif report_year and int(report_year) not in pins:
                # a year not yet pinned (next year's template): an error for `check` and `run` alike, since
                # nothing can be computed; the message names the coordinator's command and the newest set
                sub.problems.append(
                    Problem(
                        sub.display,
                        "year_not_pinned",
                        params={
                            "year": report_year,
                            "pinned": ", ".join(map(str, sorted(pins))),
                            "newest": newest_set(workspace) or "SET",
                        },
                    )
                )
            elif report_year:
                fp.factor_set = factor_set_for_year(int(report_year), workspace)
        except FactorSetError as exc:
            sub.problems.append(
                Problem(sub.display, "no_factor_set", params={"year": report_year, "detail": str(exc)})
            )
    if fp.factor_set is None and sub.ok and report_year is None:
        if sub.sheets.get("activities") == "csv":
            sub.problems.append(Problem(sub.display, "csv_year_missing"))
        else:
            sub.problems.append(Problem(sub.display, "field_missing", params={"field": "year"}))
    if fp.factor_set is not None:
        sub.problems.extend(validate_against_factor_set(sub, fp.factor_set, gwp_set, catalogue))
    if sub.ok and fp.factor_set is not None:
        fp.emissions = calculate_emissions(sub.lines, fp.factor_set, gwp_set, catalogue)
        fp.totals = summarise_totals(fp.emissions)
    return fp
