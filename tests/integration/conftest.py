"""Session fixtures of the integration tests: the README replayed once, shared by every xdist worker."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from filelock import FileLock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from readme_replay import Replay, build_replay, load_replay

from helpers import shared_tmp


@pytest.fixture(scope="session")
def readme_replay(tmp_path_factory, worker_id) -> Replay:
    """A rendered demo workspace: the repository copied, `make demo` and every README command run.

    Only for tests that read it: the first worker to ask builds it under a file lock (about a minute
    and a half), the others wait and load its outcome. A test that changes files needs its own workspace.
    """
    shared = shared_tmp(tmp_path_factory, worker_id)
    root, done = shared / "readme-replay", shared / "readme-replay.done"
    with FileLock(str(shared / "readme-replay.lock")):
        if not done.exists():
            build_replay(root)
            done.write_text("ok")
    return load_replay(root)
