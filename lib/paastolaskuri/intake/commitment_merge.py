"""A partner's commitments from its template and the coordinator's data/commitments.csv, merged and checked.

Part of intake (``check`` and ``run`` say it of a file, as they say a template's own problems): the
footprint of a file calls it, and commitments tracking reads the merged list.
"""

from __future__ import annotations

from dataclasses import replace

from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.intake.commitment_schema import Commitment, Target
from paastolaskuri.intake.commitments import COMMITMENTS_CSV, read_commitments_csv
from paastolaskuri.messages import Problem


def _same(a: Commitment, b: Commitment) -> bool:
    """True when two rows say the same thing (wherever they were written)."""
    return replace(a, origin=None) == replace(b, origin=None)


def merge_sources(
    partner_id: str, template_items: list[Commitment], csv_items: list[Commitment], display: str
) -> tuple[list[Commitment], list[Problem]]:
    """The partner's commitments from both sources, merged per commitment ID; the template wins per ID.

    A file row whose ID the template also uses is dropped; when the two rows differ, a warning names the
    conflict. File rows with other IDs (a target the coordinator added for a partner whose template
    has only actions) are kept.
    """
    in_template = {item.commitment_id: item for item in template_items}
    merged = list(template_items)
    warnings = []
    for item in csv_items:
        ours = in_template.get(item.commitment_id)
        if ours is None:
            merged.append(item)
        elif not _same(ours, item):
            params = {"partner": partner_id, "id": item.commitment_id, "other": str(COMMITMENTS_CSV)}
            warnings.append(Problem(display, "commitments_conflict", params=params, severity="warning"))
    return merged, warnings


def submission_commitment_problems(
    template_items: list[Commitment], partner_id: str, ws: Workspace, report_year: int | None = None
) -> list[Problem]:
    """What ``check`` and ``run`` say of a partner's commitments beyond its own file.

    The partner's rows in data/commitments.csv are validated (their errors stop the partner like a
    template error would); a warning names each commitment ID both sources hold with different content;
    and a target whose base year (other than the file's own year) has no computed footprint in the
    workspace gets a warning on its base-year cell: tracking will say "no data".
    """
    path = ws.root / COMMITMENTS_CSV
    if not partner_id:
        return []
    problems: list[Problem] = []
    csv_items: list[Commitment] = []
    if path.is_file():
        csv_items, problems = read_commitments_csv(path, str(COMMITMENTS_CSV), partner_id=partner_id)
    items, warnings = merge_sources(partner_id, template_items, csv_items, str(COMMITMENTS_CSV))
    for item in items:
        if isinstance(item, Target) and item.base_year != report_year and item.origin is not None:
            totals = ws.partner_processed_dir(item.base_year, partner_slug(partner_id)) / "totals.json"
            if not totals.is_file():
                origin = item.origin
                warnings.append(
                    Problem(origin.file, "commitment_base_year_no_data", origin.sheet, origin.cell("base_year"),
                            {"year": item.base_year}, "warning")
                )  # fmt: skip
    return problems + warnings
