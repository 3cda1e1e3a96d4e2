"""One partner's footprint from one input file: read, validate, pick the year's factor set, calculate."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from paastolaskuri.accounting.calculation import calculate_emissions, summarise_totals
from paastolaskuri.accounting.catalogue import Catalogue, load_catalogue
from paastolaskuri.accounting.change import Decomposition, decompose_partner
from paastolaskuri.accounting.energy import EnergyBalance, energy_balance
from paastolaskuri.accounting.factors import (
    DEFAULT_GWP,
    FactorSet,
    FactorSetError,
    factor_set_for_year,
    find_factor_set,
    pinned_sets,
    scope2_basis_code,
    scope2_basis_text,
)
from paastolaskuri.accounting.pins import newest_set
from paastolaskuri.accounting.uncertainty import partner_interval, set_uncertainties
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.intake.boundary import boundary_records
from paastolaskuri.intake.commitment_merge import submission_commitment_problems
from paastolaskuri.intake.reader import Submission, read_submission
from paastolaskuri.intake.validation import validate_against_factor_set
from paastolaskuri.messages import Problem

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
    change: Decomposition | None = None  # set by attach_change: last year -> this year, when known

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

    @property
    def energy(self) -> EnergyBalance | None:
        """The energy balance (MWh by carrier, renewable or not); None when nothing could be calculated."""
        if self.factor_set is None or not self.ok:
            return None
        return energy_balance(self.submission.lines, self.factor_set)

    def explain_table(self, lang: str = "fi") -> pd.DataFrame:
        """The emission lines with their arithmetic and sources (EXPLAIN_COLUMNS), activities named in `lang`."""
        catalogue = load_catalogue()
        df = self.emissions.copy()
        df["label"] = [catalogue[a].label(lang) for a in df["activity"]]
        return df[EXPLAIN_COLUMNS]

    def interval_95(self) -> dict[str, list[float]]:
        """{total key: [low, high]} kg CO2e: the Monte Carlo 95 % interval of each total (empty if not computed)."""
        if self.emissions.empty or self.factor_set is None:
            return {}
        return partner_interval(self.emissions, set_uncertainties(self.factor_set.factors))

    def attach_change(self, workspace: Path | None = None) -> Decomposition | None:
        """Decompose the change from the partner's previous year, when the workspace holds that year."""
        year, pid = self.organisation.get("year"), self.organisation.get("partner_id")
        if self.emissions.empty or not year or not pid:
            return None
        previous = previous_year_emissions(workspace, str(pid), int(year))
        if previous is not None:
            self.change = decompose_partner(previous, self.emissions, int(year) - 1, int(year))
        return self.change

    def as_dict(self, lang: str = "fi") -> dict:
        """The footprint as JSON-ready data (what `calc --format json` prints): organisation, totals, lines."""
        org = self.organisation
        lines = self.explain_table(lang)
        records = []
        for rec in lines.to_dict(orient="records"):
            records.append({k: (None if isinstance(v, float) and v != v else v) for k, v in rec.items()})
        energy = self.energy
        return {
            "partner_id": org.get("partner_id"),
            "name": org.get("name"),
            "year": org.get("year"),
            "factor_set": self.factor_set.name if self.factor_set else None,
            # a code for programs, its words in the reader's language beside it
            "scope2_basis": scope2_basis_code(self.factor_set) if self.factor_set else None,
            "scope2_basis_text": scope2_basis_text(self.factor_set, lang) if self.factor_set else None,
            "gwp_set": self.gwp_set,
            "unit": "kg CO2e",
            "totals": self.totals,
            "energy": energy.as_dict() if energy is not None else None,
            "interval_95": self.interval_95(),
            "boundary": boundary_records(self.submission.boundary, self.emissions),
            **({"change": self.change.as_dict()} if self.change is not None else {}),
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


def previous_year_emissions(workspace: Path | None, partner_id: str, year: int) -> pd.DataFrame | None:
    """The partner's emission lines of `year - 1` in the workspace, or None when it holds none.

    The run's processed lines (data/processed/<year-1>/partners/<slug>/emissions.csv) first; else the
    year's templates in data/raw/<year-1>/, computed, the one whose partner id matches.
    """
    ws = Workspace.at(workspace)
    processed = ws.partner_processed_dir(year - 1, partner_slug(partner_id)) / "emissions.csv"
    if processed.is_file():
        return pd.read_csv(processed, keep_default_na=False, na_values=[""])
    for path in ws.templates(year - 1):
        fp = compute_footprint(path, workspace=ws.root)
        if str(fp.organisation.get("partner_id") or "") == partner_id and not fp.emissions.empty:
            return fp.emissions
    return None
