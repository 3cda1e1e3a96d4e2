"""The kernel side of the warm-kernel engine: give each notebook the state a fresh kernel would give it.

The engine (run/warm_engine.py) sends this file's source into its kernel once, then calls `enter`
before every notebook (into the notebook's working directory) and `restore` after it (which leaves
the kernel as new, in its own directory). A notebook that fails takes its kernel with it, so every
notebook starts in a restored kernel.
Only the standard library is imported here, so that any Python kernel can run it; libraries a
notebook imported stay imported (that is the warmth), and their settings are put back as a fresh
import leaves them. What is restored, and why each:

- the user namespace, `In`/`Out` and the execution counter (`InteractiveShell.reset`, as `%reset -f`
  with a new history session): a name of partner A's run must not exist in partner B's, and cell
  numbers must start at 1 as in a fresh kernel;
- open matplotlib figures closed, `rcParams` back to their values at import: no figure or style of one
  report leaks into the next;
- pandas options back to their defaults;
- `os.environ`, `sys.path`, the root logger, the warning filters and the "shown once" registries, as
  they were when the kernel started: a warning a library gives once must be given again to the next
  notebook, as a fresh kernel would;
- the working directory.

Module-level caches of imported packages are kept: they are keyed by their inputs, and they are what
makes the second report cheaper.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class Baseline:
    """The process state of the kernel when it started, which `restore` puts back."""

    cwd: str
    """The kernel's own working directory."""

    environ: dict[str, str]
    """Its environment variables."""

    path: list[str]
    """`sys.path`."""

    filters: list
    """`warnings.filters`."""

    log_level: int
    """The root logger's level."""

    log_handlers: list
    """The root logger's handlers."""


_BASELINE: Baseline | None = None


def capture() -> Baseline:
    """Record the kernel's state now (call once, right after the kernel started) and return it."""
    global _BASELINE
    root = logging.getLogger()
    _BASELINE = Baseline(
        cwd=os.getcwd(),
        environ=dict(os.environ),
        path=list(sys.path),
        filters=list(warnings.filters),
        log_level=root.level,
        log_handlers=list(root.handlers),
    )
    return _BASELINE


def restore(shell) -> None:
    """Give the kernel a fresh namespace and its starting state, back in its own directory (after a notebook).

    `shell` is the kernel's IPython shell (`get_ipython()`); `capture` must have run before.
    """
    if _BASELINE is None:
        raise RuntimeError("warm_namespace.capture() was not called when the kernel started")
    close_figures()
    reset_library_settings()
    restore_process_state(_BASELINE)
    return_home(_BASELINE.cwd)
    # the namespace last, then collect what it held (IPython's reset collects too, unless its output
    # cache is off): nothing of the notebook may be left uncollected when the survivors are frozen
    shell.reset(new_session=True)
    gc.collect()
    # what survives is modules and their caches: keep it out of every later collection, which
    # otherwise walks the whole of pandas and matplotlib each time (~0.25 s per collection)
    gc.freeze()


def enter(shell, cwd: str) -> None:
    """Move a restored kernel into the notebook's directory, which its fresh namespace records (`_dh`)."""
    os.chdir(cwd)
    directories = shell.user_ns.get("_dh")
    if isinstance(directories, list):
        directories[:] = [os.getcwd()]


def return_home(home: str) -> None:
    """Back to the kernel's own directory (where it started: the first notebook's).

    If that folder has been removed since, to the temporary folder, so that the kernel stays usable.
    """
    try:
        os.chdir(home)
    except OSError:
        os.chdir(tempfile.gettempdir())


def close_figures() -> None:
    """Close every pyplot figure (a figure of one notebook must not be drawn into the next)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


def reset_library_settings() -> None:
    """Matplotlib's rcParams as imported (the backend kept: it is chosen once), pandas' options as default."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated keys and options warn when they are set back
        mpl = sys.modules.get("matplotlib")
        if mpl is not None:
            original = {k: v for k, v in mpl.rcParamsOrig.items() if k != "backend"}
            mpl.rcParams.update(original)
        pd = sys.modules.get("pandas")
        if pd is not None and hasattr(pd, "reset_option"):
            pd.reset_option("all")


def restore_process_state(base: Baseline) -> None:
    """Environment, import path, root logger and warning filters as in `base`; "once" warnings forgotten."""
    if dict(os.environ) != base.environ:
        os.environ.clear()
        os.environ.update(base.environ)
    sys.path[:] = base.path
    root = logging.getLogger()
    root.setLevel(base.log_level)
    root.handlers[:] = base.log_handlers
    # resetwarnings bumps the filters' version, which every module's __warningregistry__ is checked
    # against: so the "already shown" records of all modules are forgotten at once (public API only)
    warnings.resetwarnings()
    warnings.filters[:] = base.filters  # type: ignore[index]  # a list at run time, typeshed says Sequence
    warnings.onceregistry.clear()  # type: ignore[attr-defined]  # public in the module, absent in typeshed
