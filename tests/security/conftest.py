"""Session fixtures of the attacker suite: the demo network (6 partners) and a 40-partner network, built once.

Built in code without a kernel (tests/security/networks.py). Under pytest-xdist every worker shares
one build: the first takes a file lock in the session's common temporary folder, the others wait
and reuse it. `views` caches what each output shows, so every attack on it reads the same files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from networks import Truth, build_once
from outputs import Output, Seen

from helpers import shared_tmp

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """The attacker suite's test calls run without coverage tracing (pytest-cov's `no_cover`).

    The attacks drive the library through whole outputs of two networks, about a third slower under
    the tracer, while every line they reach is covered by the unit tests of its stage; so the figure
    `make test` reports (and its floor) counts the other tests only, and can only be lower for it.
    """
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.no_cover)


YEAR = 2024
# built in the background from the start of the session: without it, the first net40 test built it
# (≈ 30 s) while a net40 test of another file on the other worker waited on its lock
BACKGROUND = "net40"


def _shared(config) -> Path:
    """`helpers.shared_tmp` from a hook, where there is no fixture: the session's shared folder."""
    worker = config.workerinput["workerid"] if hasattr(config, "workerinput") else "master"
    return shared_tmp(config._tmp_path_factory, worker)


def pytest_collection_finish(session):
    """Start building the 40-partner network in a child process as soon as a test that needs it is selected.

    Every worker starts one; the first takes the lock and builds, the others wait on it and find it
    done. At the end of the session a build still running is stopped (a later session starts afresh).
    """
    if not any(BACKGROUND in item.nodeid for item in session.items):
        return
    code = (
        f"import sys; sys.path.insert(0, {str(HERE)!r}); from pathlib import Path; "
        f"from networks import build_once; build_once(Path({str(_shared(session.config))!r}), {BACKGROUND!r})"
    )
    # its output is not read: a build that fails leaves no .done marker, and the first test that
    # needs the network builds it again in its own process, where the error shows
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def stop() -> None:
        if child.poll() is None:
            child.terminate()
        child.wait()

    session.config.add_cleanup(stop)


def _network(tmp_path_factory, worker_id: str, name: str) -> Truth:
    return Truth.read(build_once(shared_tmp(tmp_path_factory, worker_id), name))


@pytest.fixture(scope="session")
def networks(tmp_path_factory, worker_id) -> dict[str, Truth]:
    """Both networks by name, built once per session (lazily: only those a test asks for)."""

    class Lazy(dict):
        def __missing__(self, name: str) -> Truth:
            self[name] = _network(tmp_path_factory, worker_id, name)
            return self[name]

    return Lazy()


@pytest.fixture(scope="session")
def views(networks, tmp_path_factory):
    """views(network, output) -> what each reader of `output` sees in YEAR (loaded once per session)."""
    cache: dict[tuple[str, str], list[Seen]] = {}

    def load(network: str, output: Output) -> list[Seen]:
        key = (network, output.name)
        if key not in cache:
            scratch = tmp_path_factory.mktemp(f"{network}-out")
            cache[key] = output.load(networks[network].root, YEAR, scratch)
        return cache[key]

    return load
