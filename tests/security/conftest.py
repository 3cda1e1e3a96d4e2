"""Session fixtures of the attacker suite: the demo network (6 partners) and a 40-partner network, built once.

Built in code without a kernel (tests/security/networks.py). Under pytest-xdist every worker shares
one build: the first takes a file lock in the session's common temporary folder, the others wait
and reuse it. `views` caches what each output shows, so every attack on it reads the same files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from filelock import FileLock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from networks import Truth, build_network
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


NETWORKS = {"demo": (6, False), "net40": (40, True)}  # partners, formula payloads in some templates
YEAR = 2024


def _network(tmp_path_factory, worker_id: str, name: str) -> Truth:
    shared = shared_tmp(tmp_path_factory, worker_id)
    root, done = shared / f"security-{name}", shared / f"security-{name}.done"
    with FileLock(str(shared / f"security-{name}.lock")):
        if not done.exists():
            partners, injected = NETWORKS[name]
            build_network(root, partners, injected=injected)
            done.write_text("ok")
    return Truth.read(root)


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
