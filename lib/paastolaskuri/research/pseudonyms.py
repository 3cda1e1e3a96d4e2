"""Pseudonyms: HMAC-SHA256 of the partner ID with a secret key kept in the workspace (never exported).

The key is created once (`<workspace>/.paastolaskuri/research.key`, mode 0600), so a partner keeps
its pseudonym across years and exports and the panel links. Rotating the key starts a new series;
the old key is kept beside it under a dated name, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_DIR = ".paastolaskuri"
KEY_NAME = "research.key"
PSEUDONYM_HEX = 16  # 64 bits: collisions are negligible for a network of thousands


def key_path(workspace: Path) -> Path:
    """Where the workspace's research key lives."""
    return Path(workspace) / KEY_DIR / KEY_NAME


def _create_key(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never replaces an existing key
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return bytes.fromhex(key)


def load_or_create_key(workspace: Path) -> tuple[bytes, bool]:
    """The workspace's research key and whether it was just created.

    Parameters
    ----------
    workspace
        The workspace root; the key lives in its ``key_path`` (outside every output folder).

    Returns
    -------
    tuple of (bytes, bool)
        The key, and True when this call created it.

    Examples
    --------
    >>> key, created = load_or_create_key(Path("demo"))
    >>> len(key) >= 32
    True
    """
    path = key_path(workspace)
    if path.is_file():
        text = path.read_text(encoding="ascii").strip()
        return bytes.fromhex(text), False
    return _create_key(path), True


def rotate_key(workspace: Path, now: dt.datetime | None = None) -> Path | None:
    """Retire the current key (renamed `research.key.retired-<time>`) so that the next export starts a new series.

    Returns the retired key's path, or None when there was no key.
    """
    path = key_path(workspace)
    if not path.is_file():
        return None
    stamp = (now or dt.datetime.now()).strftime("%Y%m%dT%H%M%S")
    retired = path.with_name(f"{KEY_NAME}.retired-{stamp}")
    os.replace(path, retired)
    return retired


def pseudonym(key: bytes, partner_id: str) -> str:
    """The pseudonym of a partner ID under `key` (16 hex digits of HMAC-SHA256)."""
    digest = hmac.new(key, str(partner_id).strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_HEX]
