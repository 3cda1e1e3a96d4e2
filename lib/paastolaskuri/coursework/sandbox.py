"""Running one submitted notebook apart from the teacher: own process, limits, empty HOME, nothing secret.

The grader (grade.py) calls `run_isolated`: a child process (``python -I sandbox_child.py``) in a fresh temporary working folder, with a scrubbed environment
(no variable of the teacher's but PATH, PYTHONPATH and the locale), an empty temporary HOME,
resource limits (address space, processes, CPU seconds, file size, no core files), its own session
(the whole group is killed at the timeout) and, where Linux user namespaces are available
(`unshare`), the course folder and the submissions hidden behind empty mounts that the student's
code cannot remove. The child executes the notebook and writes the answer variables as JSON; it
never sees the course secret, a key or another student's file. A submission is still code: for a
class whose code you do not trust, grade in a container (docs/coursework.md).
"""

from __future__ import annotations

import json
import os
import resource
import shlex
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from paastolaskuri.core.i18n import pair
from paastolaskuri.coursework import sandbox_child
from paastolaskuri.coursework.sandbox_child import RESET, answers_name, executed_name, failed_name, input_name

MEMORY_BYTES = 3 * 1024**3  # address space of the child and its kernel (pandas needs ~1 GB)
EXTRA_PROCESSES = 64  # processes the child may start beyond the user's current ones
FILE_BYTES = 200 * 1024**2
CELL_TIMEOUT = 120


@dataclass(frozen=True)
class Limits:
    """The limits of one grading run (timeout in seconds for the whole notebook)."""

    timeout: float = 300.0
    memory_bytes: int = MEMORY_BYTES
    extra_processes: int = EXTRA_PROCESSES


@dataclass(frozen=True)
class RunResult:
    """What a sandboxed run left: the answers read as data, the executed notebook, and what went wrong."""

    answers: dict
    executed: Path | None
    error: str  # "" when the run finished (cells may still have failed: that is the student's part)
    isolated: bool  # True when the course folder was hidden by a mount namespace


def _user_processes() -> int:
    uid, n = os.getuid(), 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                n += entry.stat().st_uid == uid
            except OSError:
                continue
    return n


def _limit_child(limits: Limits, nproc: int, timeout: float):
    """preexec_fn: the limits, set in the child before it runs anything of the submission."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        cpu = int(timeout) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def clean_env(home: Path) -> dict[str, str]:
    """The child's whole environment: nothing of the teacher's but where Python and the package are."""
    package_root = str(Path(__file__).resolve().parents[2])  # lib/ (or site-packages)
    return {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "PYTHONPATH": package_root,
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "JUPYTER_PLATFORM_DIRS": "1",
    }


def namespaces_available() -> bool:
    """True when unprivileged user and mount namespaces work here (`unshare -Urm true`)."""
    if not shutil.which("unshare") or not shutil.which("mount"):
        return False
    try:
        probe = subprocess.run(["unshare", "-Urm", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def _command(workdir: Path, hidden: list[Path], isolate: bool, cell_timeout: int, count: int) -> list[str]:
    inner = [
        sys.executable,
        "-I",  # isolated, by path: the child imports nbclient and nothing of the package (sandbox_child.py)
        str(Path(sandbox_child.__file__).resolve()),
        str(workdir),
        str(cell_timeout),
        str(count),
    ]
    if not isolate:
        return inner
    return ["unshare", "-Urm", "sh", "-c", _mount_script(workdir, hidden, inner)]


def _mount_script(workdir: Path, hidden: list[Path], inner: list[str]) -> str:
    """The outer namespace's shell script: hide, bind the working folder back, run inside.

    An empty tmpfs goes over each hidden folder, the run's own working folder is bound back where it
    was (when it lies under one), then the run starts in an inner namespace, where those mounts are
    locked (they came from a more privileged namespace) and cannot be removed.
    """
    wd = _q(workdir)
    steps = [f"exec 3<{wd}"]  # a handle on the working folder, kept across the tmpfs
    for path in hidden:
        if path.is_dir():
            covers = workdir.is_relative_to(path)
            steps.append(f"mount -t tmpfs -o size=1m,mode={'755' if covers else '000'} none {_q(path)}")
    if any(workdir.is_relative_to(p) for p in hidden if p.is_dir()):
        steps += [f"mkdir -p {wd}", f"mount --no-canonicalize --bind /proc/self/fd/3 {wd}"]
    steps += ["exec 3<&-", f"cd {wd}", "exec unshare -Urm " + " ".join(_q(a) for a in inner)]
    return " && ".join(steps)


def _q(x) -> str:

    return shlex.quote(str(x))


def run_isolated(
    notebooks: list[tuple[Path, list[str]]],
    workdir: Path,
    hidden: list[Path],
    limits: Limits = Limits(),
    isolate: bool | None = None,
) -> list[RunResult]:
    """Execute one student's notebooks in `workdir`, in one limited child process and one kernel.

    Each notebook starts from an empty namespace (``%reset -f``) and ends with a cell writing its
    answer `variables` as JSON; one student's notebooks share the kernel (its start is most of a
    notebook's time), never two students'. The timeout is `limits.timeout` per notebook.
    """
    workdir = Path(workdir).resolve()
    home = workdir / ".home"
    home.mkdir(parents=True, exist_ok=True)
    for i, (notebook, variables) in enumerate(notebooks):
        nb = nbformat.read(notebook, 4)
        nb.cells.insert(0, nbformat.v4.new_code_cell(RESET))
        nb.cells.append(nbformat.v4.new_code_cell(capture_source(variables, answers_name(i))))
        nbformat.write(nb, workdir / input_name(i))
    isolate = namespaces_available() if isolate is None else isolate
    cmd = _command(workdir, hidden, isolate, CELL_TIMEOUT, len(notebooks))
    timeout = limits.timeout * len(notebooks)
    proc = subprocess.Popen(
        cmd,
        cwd=workdir,
        env=clean_env(home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: killed whole at the timeout
        preexec_fn=_limit_child(limits, _user_processes() + limits.extra_processes, timeout),
    )
    try:
        _, err = proc.communicate(timeout=timeout)
        error = "" if proc.returncode == 0 else err.decode("utf-8", "replace")[-2000:]
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        error = " / ".join(t.format(seconds=f"{timeout:g}") for t in pair("coursework.grade.timeout"))
    except BaseException:  # the teacher stopped grading (Ctrl-C): no run is left behind
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    return [_result(workdir, i, error, isolate) for i in range(len(notebooks))]


def _result(workdir: Path, i: int, error: str, isolate: bool) -> RunResult:
    executed = workdir / executed_name(i)
    failed = (workdir / failed_name(i)).is_file()
    own_error = (workdir / failed_name(i)).read_text(encoding="utf-8") if failed else ""
    answers = _read_answers(workdir / answers_name(i))
    return RunResult(answers, executed if executed.is_file() else None, own_error or error, isolate)


def _read_answers(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def capture_source(variables: list[str], filename: str = "answers.json") -> str:
    """The cell appended after the submission: the answer variables as JSON data (nothing is judged)."""
    return f"""import json as _pl_json


def _pl_plain(v, depth=0):
    try:
        import numpy as _pl_np

        if isinstance(v, _pl_np.generic):
            v = v.item()
    except ImportError:
        pass
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple, set)) and depth < 2:
        return [_pl_plain(x, depth + 1) for x in list(v)[:100]]
    return {{"unsupported": type(v).__name__}}


with open({filename!r}, "w", encoding="utf-8") as _pl_f:
    _pl_json.dump({{n: _pl_plain(globals().get(n)) for n in {variables!r}}}, _pl_f)
"""
