"""The grading child: runs one student's assembled notebooks in one kernel (sandbox.py starts it).

Started by path with ``python -I`` (isolated: no script folder or PYTHONPATH on its own sys.path), it
imports nbformat and nbclient and nothing of the package: importing ``paastolaskuri.coursework``
(the engine, pandas) cost about 0.5 s of CPU per student for nothing, and jsonschema's IRI grammar
(``rfc3987_syntax``, built at import for a format check notebooks never use) 1.1 s (benchmark in
docs/benchmarks.md). The kernel it starts gets the environment sandbox.py gave this process.

    python -I sandbox_child.py WORKDIR CELL_TIMEOUT COUNT
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # the child only: the grader that imports the names below is left alone
    # jsonschema imports rfc3987_syntax when it is installed and skips the IRI format check when the
    # import fails: None in sys.modules makes it fail, before nbformat loads jsonschema
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from pathlib import Path

import nbformat
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

RESET = "%reset -f"  # the notebook before it in the same kernel leaves nothing behind


def input_name(i: int) -> str:
    """The i-th notebook given to the child."""
    return f"input-{i}.ipynb"


def executed_name(i: int) -> str:
    """The i-th notebook as executed (the reset cell removed, the capture cell kept)."""
    return f"executed-{i}.ipynb"


def answers_name(i: int) -> str:
    """The i-th notebook's answers as JSON."""
    return f"answers-{i}.json"


def failed_name(i: int) -> str:
    """Written by the child when the i-th notebook's run broke off (the kernel died, a cell timed out)."""
    return f"failed-{i}.txt"


def execute(workdir: Path, cell_timeout: int, count: int) -> None:
    """In the child: run the notebooks one after another in one kernel (errors kept in the cells).

    A notebook whose run breaks off (the kernel died, a cell timed out) is marked failed, and the
    next one gets a fresh kernel.
    """
    km = None
    for i in range(count):
        nb = nbformat.read(workdir / input_name(i), 4)
        client = NotebookClient(
            nb,
            km=km,
            timeout=cell_timeout,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(workdir)}},
        )
        try:
            client.execute(cleanup_kc=False)
            km = client.km
        except Exception as exc:  # the student's kernel broke: this notebook failed, the next starts afresh
            (workdir / failed_name(i)).write_text(f"{type(exc).__name__}: {exc}"[:2000], encoding="utf-8")
            _shutdown(client.km)
            km = None
        finally:
            nb.cells = nb.cells[1:]  # the reset cell
            nbformat.write(nb, workdir / executed_name(i))
    _shutdown(km)


def _shutdown(km) -> None:
    if km is None:
        return

    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # already dead: nothing to shut down
        return


if __name__ == "__main__":
    execute(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
