"""The one rule for files a command writes on request: never destroy a file the command did not just create.

A command that writes to a path the user names (`template OUT.xlsx`, `check --annotate OUT.xlsx`)
asks `refusal()` first. An existing file may hold values someone typed, so it is replaced only with
`--force`; a folder is never a file; and nothing is written under a workspace's `data/raw/`, which
holds partners' files exactly as received.
"""

from __future__ import annotations

from pathlib import Path

from paastolaskuri.core.i18n import by_lang

TEXT = by_lang("output")


def under_raw(path: Path | str, workspace: Path | str) -> bool:
    """True if `path` lies in the workspace's data/raw/ folder (symlinks and '..' resolved)."""
    raw = (Path(workspace) / "data" / "raw").resolve()
    target = Path(path).resolve()
    return target == raw or raw in target.parents


def refusal(
    path: Path | str,
    *,
    command: str,
    lang: str,
    workspace: Path | str,
    force: bool = False,
    example: str = "templates/2024/saha-oy.xlsx",
) -> str | None:
    """The message why `command` must not write `path` (fi or en), or None when writing is safe.

    `force` allows replacing an existing file, never a folder or a file under data/raw/.
    """
    path = Path(path)
    lang = lang if lang in ("fi", "en") else "fi"
    key = None
    if path.is_dir():
        key = "folder"
    elif path.suffix.lower() != ".xlsx":
        key = "suffix"
    elif under_raw(path, workspace):
        key = "raw"
    elif path.exists() and not force:
        key = "exists"
    if key is None:
        return None
    return TEXT[key][lang].format(command=command, path=path, example=example)
