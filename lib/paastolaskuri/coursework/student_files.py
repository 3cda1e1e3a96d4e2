"""Writing a student's case folder: case.xlsx, case_broken.xlsx, facts.md/.csv and the teacher's key."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from paastolaskuri.core.i18n import pair, text
from paastolaskuri.core.outputs import write_json
from paastolaskuri.coursework.case import case_slug, make_case
from paastolaskuri.coursework.files import (
    BROKEN_FILE,
    CASE_FILE,
    FACTS_CSV,
    FACTS_FILE,
    write_broken_template,
    write_case_template,
    write_facts,
)
from paastolaskuri.coursework.key import answer_key, paper_spend_row

KEY_DIR = "opettaja-teacher"  # the teacher keeps this folder; students get the others
KEY_FILE = "answer_key.json"
MARKER_FILE = "case.json"  # which case the folder holds: student ID, partner ID, graded or practice
FOLDER_PREFIXES = ("tapaus", "case")  # ./tapaus-<id>/ (Finnish notebooks), ./case-<id>/ (English)


@dataclass(frozen=True)
class CaseFiles:
    """Where a student's case files are."""

    folder: Path
    case: Path
    broken: Path
    facts: Path
    facts_csv: Path

    @property
    def key(self) -> Path:
        """The teacher's answer key (written only by the `coursework case` command)."""
        return self.folder / KEY_DIR / KEY_FILE


def case_files(folder: Path) -> CaseFiles:
    """The paths of a case folder's files (existing or not)."""
    folder = Path(folder)
    return CaseFiles(
        folder, folder / CASE_FILE, folder / BROKEN_FILE, folder / FACTS_FILE, folder / FACTS_CSV
    )


def price_ratio(student_id: str) -> float:
    """The engine's price-level conversion of the paper spend line (2024 € -> the factor's price year)."""
    case = make_case(student_id)
    with tempfile.TemporaryDirectory(prefix="paastolaskuri-case-") as tmp:
        row = paper_spend_row(case, Path(tmp))
    return float(row["converted_quantity"]) / float(row["quantity"])


def existing_outputs(folder: Path) -> list[Path]:
    """Files a `coursework case` run would write that already exist."""
    f = case_files(folder)
    marker = Path(folder) / MARKER_FILE
    return [p for p in (f.case, f.broken, f.facts, f.facts_csv, marker, f.key) if p.exists()]


def write_marker(case, folder: Path) -> Path:
    """case.json: the student ID, the partner ID and whether the case is graded (no figures)."""
    marker = {"student_id": case.student_id, "partner_id": case.partner_id, "graded": case.graded}
    return write_json(Path(folder) / MARKER_FILE, marker)


def read_marker(folder: Path) -> dict:
    """The folder's case.json ({} when absent or unreadable: then it is treated as practice)."""
    try:
        return dict(json.loads((Path(folder) / MARKER_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return {}


def find_case_folder(student_id: str, where: Path) -> Path | None:
    """The student's case folder next to the notebook (tapaus-<id>/ or case-<id>/), if there is one."""
    for prefix in FOLDER_PREFIXES:
        folder = Path(where) / f"{prefix}-{case_slug(student_id)}"
        if (folder / CASE_FILE).is_file():
            return folder
    return None


def write_case_folder(
    student_id: str,
    folder: Path,
    *,
    lang: str = "fi",
    secret: bytes | None = None,
    with_key: bool = True,
) -> CaseFiles:
    """Write every file of the student's case into `folder` (the caller decides about existing files).

    With the course secret: the graded case, and (`with_key`) its answer key under opettaja-teacher/.
    Without: the practice case and never a key (a key for a real student ID would need the secret).
    """
    case = make_case(student_id, secret)
    files = case_files(folder)
    write_case_template(case, files.case, lang)
    write_broken_template(case, files.broken, lang)
    write_facts(case, files.folder, price_ratio(student_id), lang)
    write_marker(case, files.folder)
    if with_key and secret:
        write_json(files.key, answer_key(case.student_id, secret).as_dict())
    return files


def ensure_case(student_id: str, folder: Path | str | None = None, lang: str = "fi") -> CaseFiles:
    """The student's case next to the notebook (./tapaus-<id>/, ./case-<id>/ in English), written if missing.

    A graded case is the folder the teacher hands out (`coursework build`); when there is none, a
    practice case is written, whose answers the notebook checks at once. No key is ever written here.
    """
    if not str(student_id).strip():
        raise ValueError(" / ".join(pair("coursework.case.student_id_empty")))
    prefix = text("coursework.case.folder_prefix", lang)
    folder = Path(folder) if folder else Path.cwd() / f"{prefix}-{case_slug(student_id)}"
    files = case_files(folder)
    if not (files.case.is_file() and files.broken.is_file() and files.facts.is_file()):
        case = make_case(student_id)  # no secret here: a student's own notebook gets a practice case
        if not files.case.is_file():
            write_case_template(case, files.case, lang)
        if not files.broken.is_file():
            write_broken_template(case, files.broken, lang)
        if not files.facts.is_file():
            write_facts(case, folder, price_ratio(student_id), lang)
        if not (folder / MARKER_FILE).is_file():
            write_marker(case, folder)
    return files
