"""The workspace lock: one run at a time per workspace, and no lock file left behind.

`fcntl.flock` on `.paastolaskuri-run.lock` in the workspace: the kernel releases it even after SIGKILL
(the file then stays until the next run, which takes it over and removes it). A run removes the file
while it still holds the lock; a second run that opened the file just before that notices, after
locking, that the path no longer names the file it locked, and tries again on the new file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from paastolaskuri.core.errors import EXIT_LOCKED, PaastolaskuriError

LOCK_NAME = ".paastolaskuri-run.lock"


class RunLocked(PaastolaskuriError):
    """Another run holds the workspace's lock (the argument is the lock file's path)."""

    exit_code = EXIT_LOCKED


def _still_at(fh, path: Path) -> bool:
    """True when `path` still names the file `fh` has open (it was not removed or replaced meanwhile)."""
    try:
        here, there = os.fstat(fh.fileno()), os.stat(path)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _acquire(path: Path):
    """Open and exclusively lock the lock file; raises RunLocked when another process holds it."""
    while True:
        fh = open(path, "a+")  # noqa: SIM115 (held open for the whole run, closed by workspace_lock)
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise RunLocked(str(path)) from None
            raise
        if _still_at(fh, path):
            return fh
        fh.close()  # the previous holder removed it between our open and our lock: take the new file


@contextlib.contextmanager
def workspace_lock(root: Path) -> Iterator[Path]:
    """Hold the workspace's exclusive run lock for the body; the lock file is removed on every way out."""
    path = Path(root) / LOCK_NAME
    fh = _acquire(path)
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        fh.close()
