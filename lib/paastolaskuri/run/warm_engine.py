"""A papermill engine that keeps one warm kernel per process and runs notebook after notebook in it.

papermill's own engine starts a kernel for every notebook and shuts it down afterwards: about 0.7 s
of kernel start plus ~0.7 s of the kernel importing pandas, matplotlib and the package, for every
report. This engine, registered as "warm" (``papermill --engine warm ...``, and used by the yearly
run's render pool), starts one kernel the first time a process needs it and keeps it, so the next
notebook pays neither. Each notebook still sees what a fresh kernel would show it: before the
notebook the kernel-side helper (run/warm_namespace.py, sent into the kernel once) moves into the
notebook's working directory; after it, the helper closes figures, empties the user namespace,
restarts the cell counter, puts the environment, import path, warning filters, pandas options and
matplotlib settings back and returns to the kernel's own directory.

A kernel that dies (a cell calling `os._exit`, a crash, out of memory) or that is left in doubt (a
timeout, an interrupt, a failed reset) is discarded: the notebook it was running fails, and the next
notebook gets a new kernel. Kernels are shut down when their process exits (pool workers through
multiprocessing's finaliser, other processes through atexit).

The kernel process's own stdout and stderr go to /dev/null: one kernel serves many notebooks, so the
descriptor it inherited would otherwise collect every later notebook's low-level chatter in whichever
report log was open when it started. Cell output (streams, errors, displays) reaches each notebook and
papermill's `stdout_file`/`stderr_file` as with papermill's own engine.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
from dataclasses import dataclass, field
from multiprocessing import util
from pathlib import Path

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

from paastolaskuri.run import warm_namespace

ENGINE_NAME = "warm"
"""The name papermill knows this engine by (pyproject.toml's `papermill.engine` entry point)."""

KERNEL_MODULE = "_paastolaskuri_warm_namespace"
"""Name of the helper module inside the kernel (private: no notebook imports it)."""

RESET_TIMEOUT = 60
"""Seconds the kernel may take to set itself up or to reset between notebooks."""

HISTORY_ARGUMENT = "--HistoryManager.hist_file=:memory:"
"""As papermill's engine (nbclient) starts kernels: no history database on disk, no lock between kernels."""


class WarmKernelError(RuntimeError):
    """The warm kernel could not be set up or reset (it is discarded; the notebook fails)."""


@dataclass
class WarmKernel:
    """One running kernel of this process: its manager and its connected client."""

    kernel_name: str
    km: object
    """jupyter_client's AsyncKernelManager."""

    kc: object
    """The manager's AsyncKernelClient, channels started (None only while the kernel starts)."""

    owner_pid: int = field(default_factory=os.getpid)
    """The process that started it (a forked child never drives its parent's kernel)."""

    notebooks: int = 0
    """How many notebooks it has run (the first one is the cold one)."""


_KERNELS: dict[str, WarmKernel] = {}
_EXIT_HOOKED: list[int] = []


def _run(coro_fn, *args, **kwargs):
    """Run a jupyter_client coroutine to completion on this thread's loop (as nbclient does)."""
    # Jupyter's libraries load only when a notebook is rendered
    from jupyter_core.utils import run_sync

    return run_sync(coro_fn)(*args, **kwargs)


def _setup_code() -> str:
    """Code that defines the kernel-side helper module (run/warm_namespace.py) and records the start state."""
    source = Path(warm_namespace.__file__).read_text(encoding="utf-8")
    return (
        "def _paastolaskuri_warm_setup(source):\n"
        "    import sys, types\n"
        f"    module = types.ModuleType({KERNEL_MODULE!r})\n"
        f"    sys.modules[{KERNEL_MODULE!r}] = module\n"  # dataclasses look their module up while defined
        f"    exec(compile(source, {KERNEL_MODULE!r}, 'exec'), module.__dict__)\n"
        "    module.capture()\n"
        f"_paastolaskuri_warm_setup({source!r})\n"
        "del _paastolaskuri_warm_setup\n"
    )


def _helper_call(function: str, *args: str) -> str:
    """Code that calls the kernel-side helper's `function` with the kernel's shell and `args` (as literals)."""
    call_args = ", ".join(["__import__('IPython').get_ipython()", *map(repr, args)])
    return f"__import__('sys').modules[{KERNEL_MODULE!r}].{function}({call_args})"


def _enter_code(cwd: str) -> str:
    """Code that moves a restored kernel into the notebook's directory `cwd`."""
    return _helper_call("enter", cwd)


RESTORE_CODE = _helper_call("restore")
"""Code that gives the kernel a fresh namespace and its starting state again (after every notebook)."""


def run_silent(kernel: WarmKernel, code: str, timeout: float = RESET_TIMEOUT) -> None:
    """Execute `code` in the kernel without output, history or a cell number; raise WarmKernelError if it fails."""
    errors: list[str] = []

    def collect(msg) -> None:
        if msg.get("msg_type") == "error":
            errors.append(f"{msg['content'].get('ename')}: {msg['content'].get('evalue')}")

    try:
        reply = _run(
            kernel.kc.execute_interactive,  # type: ignore[attr-defined]
            code,
            silent=True,
            store_history=False,
            allow_stdin=False,
            timeout=timeout,
            output_hook=collect,
        )
    except Exception as exc:
        raise WarmKernelError(f"the warm kernel did not answer: {type(exc).__name__}: {exc}") from exc
    content = reply.get("content", {})
    if content.get("status") != "ok":
        detail = errors[0] if errors else f"{content.get('ename')}: {content.get('evalue')}"
        raise WarmKernelError(f"the warm kernel could not reset: {detail}")


def start_kernel(kernel_name: str, start_timeout: float) -> WarmKernel:
    """Start a kernel in the current directory, connect to it and install the helper; discard it on failure."""
    # Jupyter's libraries load only when a notebook is rendered
    from jupyter_client.manager import AsyncKernelManager

    km = AsyncKernelManager(kernel_name=kernel_name)
    kernel = WarmKernel(kernel_name, km, kc=None)
    try:
        _run(
            km.start_kernel,
            extra_arguments=[HISTORY_ARGUMENT],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        kernel.kc = kc = km.client()  # after the start: the client copies the ports the kernel got
        kc.start_channels()
        _run(kc.wait_for_ready, timeout=start_timeout)
        kc.allow_stdin = False
        run_silent(kernel, _setup_code())
    except BaseException:
        shutdown_kernel(kernel)
        raise
    _hook_exit()
    return kernel


def shutdown_kernel(kernel: WarmKernel) -> None:
    """Stop the kernel now (nothing in it is worth waiting for) and forget it; never raises."""
    if _KERNELS.get(kernel.kernel_name) is kernel:
        del _KERNELS[kernel.kernel_name]
    if kernel.owner_pid != os.getpid():
        return  # a forked child's copy: the kernel belongs to the parent
    with contextlib.suppress(Exception):
        kernel.kc.stop_channels()  # type: ignore[attr-defined]
    with contextlib.suppress(Exception):
        _run(kernel.km.shutdown_kernel, now=True)  # type: ignore[attr-defined]


def shutdown_all() -> None:
    """Stop every warm kernel of this process (at exit, and for tests)."""
    for kernel in list(_KERNELS.values()):
        shutdown_kernel(kernel)


def _hook_exit() -> None:
    """Shut the kernels down when this process ends, once per process.

    A multiprocessing worker leaves through os._exit, which skips atexit but runs multiprocessing's
    finalisers; a main process runs both (shutting down twice is harmless).
    """
    if os.getpid() in _EXIT_HOOKED:
        return
    _EXIT_HOOKED.append(os.getpid())
    atexit.register(shutdown_all)

    util.Finalize(None, shutdown_all, exitpriority=100)


def _alive(kernel: WarmKernel) -> bool:
    try:
        return bool(_run(kernel.km.is_alive))  # type: ignore[attr-defined]
    except Exception:
        return False


def acquire_kernel(kernel_name: str, start_timeout: float, cwd: str) -> WarmKernel:
    """The live kernel of this process for `kernel_name`, in `cwd`, for a new notebook.

    The kernel was restored after its last notebook (or discarded), so entering `cwd` is all that is
    left to do. A dead kernel, or one that does not answer, is replaced by a new one.
    """
    kernel = _KERNELS.get(kernel_name)
    if kernel is not None and (kernel.owner_pid != os.getpid() or not _alive(kernel)):
        shutdown_kernel(kernel)
        kernel = None
    if kernel is not None:
        try:
            run_silent(kernel, _enter_code(cwd))
            return kernel
        except WarmKernelError:
            shutdown_kernel(kernel)
    kernel = start_kernel(kernel_name, start_timeout)
    try:
        run_silent(kernel, _enter_code(cwd))
    except BaseException:
        shutdown_kernel(kernel)
        raise
    _KERNELS[kernel_name] = kernel
    return kernel


def prestart_kernel(kernel_name: str, start_timeout: float) -> None:
    """Start this process's kernel for `kernel_name` now, before its first notebook (no-op if it has one).

    The first notebook then only enters its directory (`acquire_kernel`). Started in the current
    directory, which the kernel returns to after each notebook, as a kernel started for a notebook does.
    """
    if kernel_name not in _KERNELS:
        _KERNELS[kernel_name] = start_kernel(kernel_name, start_timeout)


def release_kernel(kernel: WarmKernel) -> None:
    """After a notebook: close its figures, empty its namespace, return to the kernel's own directory.

    A kernel that cannot do so is discarded (the next notebook starts a new one).
    """
    kernel.notebooks += 1
    try:
        run_silent(kernel, RESTORE_CODE)
    except WarmKernelError:
        shutdown_kernel(kernel)


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine, but on this process's warm kernel (see the module docstring)."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        **kwargs,
    ):
        """Execute the parameterised notebook in the warm kernel; the arguments are papermill's engine's."""
        # the same argument handling as papermill's NBClientEngine
        kwargs = remove_args(["input_path"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            safe_kwargs,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        # papermill has already moved this process into the notebook's working directory
        kernel = acquire_kernel(kernel_name, start_timeout, os.getcwd())
        client = PapermillNotebookClient(nb_man, km=kernel.km, **final_kwargs)
        client.kc = (
            kernel.kc
        )  # the connected client: nbclient neither starts nor stops the kernel it was given
        try:
            nb = client.execute()
        except BaseException:
            # a dead kernel, a timeout with the cell still running, an interrupt: nothing to trust in it
            shutdown_kernel(kernel)
            raise
        release_kernel(kernel)
        return nb


def register() -> None:
    """Make "warm" known to papermill in this process (the entry point does it once the package is installed)."""
    # Jupyter's libraries load only when a notebook is rendered
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE_NAME, WarmEngine)
