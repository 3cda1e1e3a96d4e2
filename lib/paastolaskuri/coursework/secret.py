"""The course secret: the teacher's random key from which every graded case and answer key derives.

`coursework init` writes it into the teacher's course folder (private/course_secret, mode 0600),
never into the release or the package. A case is then seeded by HMAC-SHA256(secret, student ID):
without the secret nobody can regenerate a student's graded case or its key. Without a secret the
workbench makes only *practice* cases, whose partner IDs (``practice-…``) differ visibly from the
graded ones (``kurssi-…``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

PRIVATE_DIR = "private"  # the teacher's part of the course folder: never released
SECRET_FILE = "course_secret"
SECRET_BYTES = 32


class SecretExistsError(FileExistsError):
    """`coursework init` refuses to replace a course secret (it would change every student's case)."""


def secret_path(course: Path) -> Path:
    """Where a course folder keeps its secret."""
    return Path(course) / PRIVATE_DIR / SECRET_FILE


def init_secret(course: Path) -> Path:
    """Create the course secret (refused when one exists: replacing it changes every case)."""
    path = secret_path(course)
    if path.exists():
        raise SecretExistsError(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(SECRET_BYTES) + "\n")
    return path


def load_secret(course: Path | None) -> bytes | None:
    """The course secret as bytes, or None when the course folder has none (practice cases only)."""
    if course is None:
        return None
    path = secret_path(course)
    if not path.is_file():
        return None
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def keyed_seed(student_id: str, secret: bytes) -> int:
    """A graded case's seed: HMAC-SHA256(secret, normalised ID), first 64 bits."""
    text = str(student_id).strip().lower().encode("utf-8")
    return int(hmac.new(secret, text, hashlib.sha256).hexdigest()[:16], 16)
