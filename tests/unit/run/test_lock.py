"""The workspace lock: one run at a time, and no lock file left behind on any way out."""

from __future__ import annotations

import fcntl
import os

import pytest

from paastolaskuri.run.lock import LOCK_NAME, RunLocked, _acquire, workspace_lock


def test_lock_file_is_removed_after_the_body(tmp_path):
    with workspace_lock(tmp_path) as path:
        assert path == tmp_path / LOCK_NAME and path.is_file()
    assert not (tmp_path / LOCK_NAME).exists()


def test_lock_file_is_removed_when_the_body_raises(tmp_path):
    with pytest.raises(KeyError), workspace_lock(tmp_path):
        raise KeyError("x")
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_second_run_is_refused_while_the_first_holds_the_lock(tmp_path):
    with workspace_lock(tmp_path), pytest.raises(RunLocked) as exc, workspace_lock(tmp_path):
        pass
    assert str(exc.value) == str(tmp_path / LOCK_NAME)
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_stale_lock_file_of_a_killed_run_is_taken_over_and_removed(tmp_path):
    (tmp_path / LOCK_NAME).write_text("12345\n")  # SIGKILL leaves the file; the kernel released its lock
    with workspace_lock(tmp_path) as path:
        assert path.read_text().strip().isdigit() and path.read_text() != "12345\n"
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_file_removed_between_open_and_lock_is_not_trusted(tmp_path, monkeypatch):
    """The first holder removes the file while a second run has it open: the second run must lock the
    file now at the path, not the removed one (else a third run could lock a new file alongside)."""
    path = tmp_path / LOCK_NAME
    real_flock, calls = fcntl.flock, []

    def flock_after_removal(fd, op):
        if not calls:  # the holder finishes right between our open and our lock
            path.unlink()
        calls.append(op)
        return real_flock(fd, op)

    monkeypatch.setattr(fcntl, "flock", flock_after_removal)
    fh = _acquire(path)
    try:
        assert path.is_file()
        assert os.fstat(fh.fileno()).st_ino == os.stat(path).st_ino
        assert len(calls) == 2  # it tried again on the new file
    finally:
        fh.close()
