"""What the pool's forkserver imports once, so that every render worker forks with it already loaded.

Without it each worker imported pandas, papermill, nbconvert and the reporting code itself (about 2 s
of CPU per worker, on the cores the template calculation and the other worker need). The forkserver
imports this module at its start (`run/pool.py`); importing it never raises, because an exception
other than ImportError in a preloaded module stops the forkserver and with it every worker (a failed
import here only means the worker imports the module itself, as before).
"""

from __future__ import annotations

import contextlib
import importlib

# render first: it keeps rfc3987_syntax out before nbformat is imported; papermill before the warm
# engine, which papermill's entry points load while papermill itself is being imported
PRELOADED = (
    "paastolaskuri.run.render",
    "papermill",
    "nbconvert",
    "paastolaskuri.reporting.partner_results",
    "paastolaskuri.run.warm_engine",
)
"""The modules imported, in this order."""


def preload(names) -> list[str]:
    """Import each module of `names` in order; the names imported (a failing one is skipped, never raised)."""
    loaded = []
    for name in names:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
            loaded.append(name)
    return loaded


preload(PRELOADED)
