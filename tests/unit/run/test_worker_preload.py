"""The pool's forkserver loads the rendering libraries once for every worker (run/worker_preload.py)."""

from __future__ import annotations

import subprocess
import sys
from multiprocessing import forkserver

import pytest

from paastolaskuri.run import pool, worker_preload


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS workers are spawned, not forked")
def test_the_pool_context_preloads_the_worker_module():
    ctx = pool._context()
    assert ctx.get_start_method() == "forkserver"
    assert forkserver._forkserver._preload_modules == ["paastolaskuri.run.worker_preload"]


def test_a_module_that_fails_to_import_is_skipped_not_raised():
    # an exception from a preloaded module would stop the forkserver and every worker with it
    loaded = worker_preload.preload(["paastolaskuri.no_such_module", "json", "paastolaskuri.run.render"])
    assert loaded == ["json", "paastolaskuri.run.render"]


def test_render_is_preloaded_before_nbformat():
    # render keeps rfc3987_syntax out, which nbformat's jsonschema would otherwise compile at import;
    # a fresh interpreter, as the forkserver is (this test process has imported it long since)
    names = worker_preload.PRELOADED
    assert names[0] == "paastolaskuri.run.render"
    assert names.index("papermill") < names.index("paastolaskuri.run.warm_engine")
    code = (
        "import sys, paastolaskuri.run.worker_preload as w; "
        "print(sorted(set(w.PRELOADED) - set(sys.modules)), sys.modules.get('rfc3987_syntax', 'absent'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] None"
