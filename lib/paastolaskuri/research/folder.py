"""The output folder of a research package: what may be written where, and what --force may replace.

A package folder carries a marker file (`MARKER`) listing the package's files. `--force` replaces
only a folder holding that marker, an earlier package of ours, and removes the files the new package
does not list (a withdrawn partner's old `lines.csv` must not stay behind). Any other non-empty folder
is refused, with or without --force: it may hold someone's work. Nothing is ever written under the
workspace's data/raw/ (`output_guard.under_raw`).
"""

from __future__ import annotations

from pathlib import Path

from paastolaskuri.core.errors import PaastolaskuriError
from paastolaskuri.core.output_guard import under_raw
from paastolaskuri.core.outputs import write_json

MARKER = ".paastolaskuri-research"


class ExportRefused(PaastolaskuriError):
    """The export cannot be written; `code` names the message (research.cli.<code>), `params` fill it."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def is_ours(out: Path) -> bool:
    """True when `out` holds the marker of an earlier research package."""
    return (Path(out) / MARKER).is_file()


def check_out(out: Path, workspace: Path, force: bool) -> None:
    """Refuse a folder the export must not write: under data/raw/, a file, someone else's or (unforced) ours."""
    out = Path(out)
    if under_raw(out, workspace):
        raise ExportRefused("out_raw", path=str(out))
    if out.exists() and not out.is_dir():
        raise ExportRefused("out_not_dir", path=str(out))
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not is_ours(out):
        raise ExportRefused("out_not_ours", path=str(out))
    if not force:
        raise ExportRefused("out_not_empty", path=str(out))


def claim(out: Path, mode: str) -> None:
    """Mark `out` as a research package folder before anything else is written into it."""
    write_marker(out, mode, [])


def write_marker(out: Path, mode: str, files: list[Path]) -> Path:
    """Write the marker with the package's mode and file names."""
    names = sorted(Path(f).name for f in files)
    return write_json(Path(out) / MARKER, {"tool": "paastolaskuri", "mode": mode, "files": names})


def remove_unlisted(out: Path, files: list[Path]) -> list[str]:
    """Delete the files in `out` that the new package does not list (the marker stays); their names."""
    keep = {Path(f).name for f in files} | {MARKER}
    removed = []
    for path in sorted(Path(out).iterdir()):
        if path.is_file() and path.name not in keep:
            path.unlink()
            removed.append(path.name)
    return removed
