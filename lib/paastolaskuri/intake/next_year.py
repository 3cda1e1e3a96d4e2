"""Next year's templates: each partner's organisation and last year's lines, quantities left to update."""

from __future__ import annotations

from pathlib import Path

from paastolaskuri.intake.reader import read_submission
from paastolaskuri.intake.template import write_template
from paastolaskuri.workspace import Workspace, partner_slug


def write_next_year_templates(
    workspace: Path | str, year: int, out_dir: Path | str, lang: str = "fi"
) -> list[Path]:
    """For every readable template of `year - 1`, a template for `year` in `out_dir` (never in data/raw)."""
    ws = Workspace.at(workspace)
    out_dir = Path(out_dir)
    written = []
    for path in ws.templates(year - 1):
        sub = read_submission(path)
        org = dict(sub.organisation or {})
        slug = partner_slug(org.get("partner_id") or "")
        if not slug:
            continue
        org["year"] = year
        lines = []
        for rec in sub.lines.to_dict(orient="records"):
            own = rec.get("own_factor")
            lines.append(
                {
                    "site": rec["site"],
                    "activity": rec["activity"],
                    "quantity": None,
                    "unit": rec["unit"],
                    "quality": rec["quality"] or None,
                    "contract": rec["contract"] or None,
                    "own_factor": None if own is None or own != own else own,
                    "own_factor_source": rec["own_factor_source"] or None,
                    "note": rec["note"] or None,
                    "last_year": rec["quantity"],
                }
            )
        written.append(write_template(out_dir / f"{slug}.xlsx", lang=lang, organisation=org, lines=lines))
    return written
