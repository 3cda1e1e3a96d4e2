"""Next year's templates: each partner's organisation, last year's lines (quantities left to update) and commitments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from paastolaskuri.core.i18n import by_lang
from paastolaskuri.core.workspace import Workspace, partner_slug
from paastolaskuri.intake.reader import read_submission
from paastolaskuri.intake.template import write_template


@dataclass
class NextYearResult:
    """What `write_next_year_templates` did: files written, existing files left alone, sources skipped."""

    written: list[Path] = field(default_factory=list)
    existing: list[Path] = field(default_factory=list)  # already there: never overwritten without force
    unreadable: list[Path] = field(default_factory=list)  # last year's files without a usable partner ID
    duplicates: list[Path] = field(default_factory=list)  # last year's files of a partner already written
    sources: int = 0  # last year's templates found


def _share(value) -> float | None:
    """A renewable share carried to next year's template (the supplier's mix rarely changes), None if none."""
    return None if value is None or value != value else value


def next_year_lines(lines) -> list[dict]:
    """Last year's activity lines as template lines for the next year: quantities moved to 'last year'."""
    out = []
    for rec in lines.to_dict(orient="records"):
        own = rec.get("own_factor")
        out.append(
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
                "renewable_share": _share(rec.get("renewable_share")),
            }
        )
    return out


def write_next_year_templates(
    workspace: Path | str, year: int, out_dir: Path | str, lang: str = "fi", force: bool = False
) -> NextYearResult:
    """For every readable template of `year - 1`, a template for `year` in `out_dir` (never in data/raw).

    A template already in `out_dir` may hold values a partner or the coordinator typed: it is left as
    it is and listed in `existing`, unless `force`.
    """
    ws = Workspace.at(workspace)
    out_dir = Path(out_dir)
    result = NextYearResult()
    for path in ws.templates(year - 1):
        result.sources += 1
        sub = read_submission(path)
        org = dict(sub.organisation or {})
        slug = partner_slug(org.get("partner_id") or "")
        if not slug:
            result.unreadable.append(path)
            continue
        out = out_dir / f"{slug}.xlsx"
        if out in result.written:
            result.duplicates.append(path)
            continue
        if out.exists() and not force:
            result.existing.append(out)
            continue
        org["year"] = year
        lines = next_year_lines(sub.lines)
        written = write_template(
            out,
            lang=lang,
            organisation=org,
            lines=lines,
            commitments=sub.commitments,
            prices=sub.prices,
            carry_prices_forward=True,
            boundary=sub.boundary,
        )
        result.written.append(written)
    return result


def next_year_messages(result: NextYearResult, year: int, workspace: Path | str, lang: str) -> list[str]:
    """One line (fi or en) per file skipped, or why nothing was written; empty when all went as asked."""
    lang = lang if lang in ("fi", "en") else "fi"
    text = {k: v[lang] for k, v in by_lang("next_year").items()}
    lines = [text["existing"].format(path=p) for p in result.existing]
    lines += [text["unreadable"].format(path=p) for p in result.unreadable]
    lines += [text["duplicate"].format(path=p, year=year - 1) for p in result.duplicates]
    if result.sources == 0:
        folder = Workspace.at(workspace).raw_dir(year - 1)
        lines.append(text["none"].format(year=year - 1, folder=folder))
    return lines
