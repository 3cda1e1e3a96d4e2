"""The research-use consent of one template, read cheaply: the partner ID and consent cells only.

The research export needs the answer of the newest template each partner has sent, whether or not
that template validates or has been run. Reading it must not cost a full validation, yet the file
passes the same container checks (`file_safety`) as any template before a parser sees it. Anything
that cannot be read — a refused or corrupt file, a missing sheet, a formula without a value, an
answer outside the drop-down — reads as no consent.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass
from pathlib import Path

from paastolaskuri.intake.cells import choice, is_blank
from paastolaskuri.intake.file_safety import inspect_container
from paastolaskuri.intake.organisation import ORG_SCAN_ROWS, find_fields
from paastolaskuri.intake.reader import find_sheets
from paastolaskuri.intake.template_layout import CONSENT_VALUES

YES = "yes"


@dataclass(frozen=True)
class ConsentStatement:
    """What one template file says: its partner ID (None when unreadable) and whether it consents."""

    path: Path
    partner_id: str | None
    consents: bool


def read_consent(path: Path | str) -> ConsentStatement:
    """The partner ID and research-use answer of a template; never raises on bad content.

    Read once per version of the file: a process that exports several times (a session, the tests)
    parses a template again only when its inode, size, modification or change time changed.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return ConsentStatement(path, None, False)
    return _read_consent(path, (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))


@functools.lru_cache(maxsize=4096)
def _read_consent(path: Path, _version: tuple[int, int, int, int]) -> ConsentStatement:
    """`read_consent` of one version of the file (inode, size, modification and change time: the key)."""
    try:
        if inspect_container(path).fatal:
            return ConsentStatement(path, None, False)
        cells = _organisation_cells(path)
    except Exception:  # an unreadable file is no consent, whatever broke
        return ConsentStatement(path, None, False)
    partner = cells.get("partner_id")
    partner_id = None if is_blank(partner) else _id_text(partner)
    answer = cells.get("research_use")
    consents = not is_blank(answer) and choice(answer, CONSENT_VALUES) == YES
    return ConsentStatement(path, partner_id, consents)


def _organisation_cells(path: Path) -> dict[str, object]:
    """Field key -> raw value in column B of the organisation sheet (cached values; formulas give None)."""
    import openpyxl  # imported here: `paastolaskuri --help` stays fast

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        name = find_sheets(wb.sheetnames).get("organisation")
        if name is None:
            return {}
        rows = list(wb[name].iter_rows(min_row=1, max_row=ORG_SCAN_ROWS, max_col=2, values_only=True))
    finally:
        wb.close()
    return {key: value for key, (_row, value) in find_fields(rows).items()}


def _id_text(value: object) -> str:
    """A partner ID cell as the reader keeps it (a whole number typed as a number loses its '.0')."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
