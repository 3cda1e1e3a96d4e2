"""The warm-kernel papermill engine (run/warm_engine.py) on a real kernel: one kernel for the whole module.

Each notebook must see a fresh kernel's state although the kernel is kept; a report must come out the
same warm as cold; a kernel that dies takes only its own notebook down.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import nbformat
import papermill
import pytest
from nbclient.exceptions import DeadKernelError

from paastolaskuri.core.workspace import Workspace
from paastolaskuri.demo.network import write_demo
from paastolaskuri.run import runner, warm_engine
from paastolaskuri.run.options import RunOptions
from paastolaskuri.run.parameters import partner_parameters
from paastolaskuri.run.render import RenderJob, render_notebook

pytestmark = pytest.mark.slow
YEAR = 2024


@pytest.fixture(scope="module", autouse=True)
def one_kernel():
    """Every test of this module runs on this process's one warm kernel; it is shut down at the end."""
    warm_engine.register()
    yield
    warm_engine.shutdown_all()


def notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, str(path))
    return path


def run_warm(path: Path, cwd: Path):
    return papermill.execute_notebook(
        str(path),
        str(path.with_suffix(".out.ipynb")),
        engine_name="warm",
        kernel_name="python3",
        progress_bar=False,
        cwd=str(cwd),
    )


def stdout(nb, cell: int = 0) -> str:
    return "".join(o.get("text", "") for o in nb.cells[cell].outputs if o.get("name") == "stdout")


def kernel_eval(expression: str) -> str:
    """repr() of `expression` evaluated in the warm kernel now, between notebooks."""
    kernel = warm_engine._KERNELS["python3"]
    reply = warm_engine._run(
        kernel.kc.execute_interactive,
        "",
        silent=True,
        store_history=False,
        user_expressions={"v": expression},
        timeout=60,
        output_hook=lambda msg: None,
    )
    return reply["content"]["user_expressions"]["v"]["data"]["text/plain"]


def test_a_name_defined_in_one_notebook_is_absent_in_the_next(tmp_path):
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    b_dir.mkdir()
    a = notebook(
        tmp_path / "a.ipynb",
        "import os, sys, matplotlib, matplotlib.pyplot as plt\n"
        "secret_of_a = 1234.5\n"
        "os.environ['PAASTOLASKURI_SECRET_OF_A'] = '1234.5'\n"
        "sys.path.append('/partner-a')\n"
        "matplotlib.rcParams['lines.linewidth'] = 9.0\n"
        "plt.figure()\n"
        "print(os.getpid(), os.getcwd())\n"
        "os.chdir('/')",
    )
    b = notebook(
        tmp_path / "b.ipynb",
        "import os, sys, matplotlib, matplotlib.pyplot as plt\nprint(os.getpid(), os.getcwd())",
        "print(sorted(n for n in dir() if 'secret' in n), 'PAASTOLASKURI_SECRET_OF_A' in os.environ,\n"
        "      '/partner-a' in sys.path, matplotlib.rcParams['lines.linewidth'], plt.get_fignums())",
        "21 * 2",
    )
    pid_a, cwd_a = stdout(run_warm(a, a_dir)).split()
    assert cwd_a == str(a_dir)
    # between notebooks the kernel is back in its own directory, not where notebook A left it
    assert kernel_eval("__import__('os').getcwd()") == kernel_eval(
        f"__import__('sys').modules[{warm_engine.KERNEL_MODULE!r}]._BASELINE.cwd"
    )
    assert kernel_eval("__import__('os').getcwd()") != "'/'"
    out_b = run_warm(b, b_dir)
    assert stdout(out_b, 0) == f"{pid_a} {b_dir}\n"  # the same kernel process, in B's directory
    assert stdout(out_b, 1) == "[] False False 1.5 []\n"
    # the cell counter starts again at 1, as in a fresh kernel
    assert [c.execution_count for c in out_b.cells] == [1, 2, 3]
    assert out_b.cells[2].outputs[0]["execution_count"] == 3
    assert out_b.cells[2].outputs[0]["data"]["text/plain"] == "42"


def test_a_crashed_kernel_fails_only_its_notebook_and_is_replaced(tmp_path):
    probe = notebook(tmp_path / "probe.ipynb", "import os\nprint(os.getpid())")
    crash = notebook(tmp_path / "crash.ipynb", "import os\nos._exit(1)", "print('never')")
    before = int(stdout(run_warm(probe, tmp_path)))
    with pytest.raises(DeadKernelError, match="Kernel died"):
        run_warm(crash, tmp_path)
    assert "python3" not in warm_engine._KERNELS  # discarded, not kept for the next notebook
    after = int(stdout(run_warm(probe, tmp_path)))
    assert after != before
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)  # the first kernel is gone
    # the runner's way: the crashing notebook is recorded as failed, the next report renders
    job = RenderJob(
        key="crash",
        notebook=crash,
        parameters={},
        ipynb=tmp_path / "out/crash.ipynb",
        html=tmp_path / "out/crash.html",
        log=tmp_path / "out/crash.log",
        timeout=120,
        cwd=tmp_path,
        title="crash",
    )
    res = render_notebook(job)
    assert (res["ok"], res["error"], res["attempts"]) == (False, "DeadKernelError: Kernel died", 1)
    assert not job.html.exists()
    assert not job.ipynb.exists()
    out = tmp_path / "out"
    nxt = render_notebook(
        dataclasses.replace(
            job, key="probe", notebook=probe, ipynb=out / "p.ipynb", html=out / "p.html", log=out / "p.log"
        )
    )
    assert nxt["ok"] is True
    assert (out / "p.html").is_file()


# --- a real report, warm and cold ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory):
    """Three demo partners for 2024, checked and calculated (data/processed written), no report rendered."""
    root = tmp_path_factory.mktemp("warm-ws")
    write_demo(root, years=[YEAR], partners=3)
    ws = Workspace.at(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner, "render_all", lambda *a, **k: None)
        result = runner.run_year(ws, YEAR, RunOptions(progress=False))
    ids = sorted(p.partner_id for p in result.partners if p.status != "failed")
    assert len(ids) == 3
    return ws, ids


def report_job(ws: Workspace, partner_id: str, out: Path, engine: str) -> RenderJob:
    return RenderJob(
        key=partner_id,
        notebook=runner.PARTNER_NOTEBOOK,
        parameters=partner_parameters(partner_id, YEAR, ws, "fi"),
        ipynb=out / f"{partner_id}.ipynb",
        html=out / f"{partner_id}.html",
        log=out / f"{partner_id}.log",
        timeout=600,
        cwd=ws.root,
        title=f"{partner_id} {YEAR}",
        engine=engine,
    )


def test_a_report_is_byte_identical_rendered_warm_or_cold(demo_workspace, tmp_path):
    ws, (first, second, _) = demo_workspace
    warm_out, cold_out = tmp_path / "warm", tmp_path / "cold"
    # the warm kernel renders another partner's report first, then this one, in the same kernel
    assert render_notebook(report_job(ws, first, warm_out, "warm"))["ok"]
    kernel = warm_engine._KERNELS["python3"]
    ran = kernel.notebooks
    warm = render_notebook(report_job(ws, second, warm_out, "warm"))
    assert warm_engine._KERNELS["python3"] is kernel
    assert kernel.notebooks == ran + 1
    cold = render_notebook(report_job(ws, second, cold_out, "nbclient"))
    assert (warm["ok"], cold["ok"]) == (True, True)
    warm_nb = (warm_out / f"{second}.ipynb").read_bytes()
    cold_nb = (cold_out / f"{second}.ipynb").read_bytes()
    assert second.encode() in warm_nb
    assert first.encode() not in warm_nb  # nothing of the first partner's report leaked in
    assert warm_nb == cold_nb  # cells, outputs, counters and metadata (papermill's times removed)
    assert (warm_out / f"{second}.html").read_bytes() == (cold_out / f"{second}.html").read_bytes()
