"""Issue 24: the built wheel, installed into a fresh virtual environment, runs the demo in an empty folder.

The package is built from a copy of its sources (pip wheel: setuptools from the build backend pinned
in pyproject.toml, from pip's cache or the index), installed with ``--no-deps`` into a new venv
outside the repository, and `paastolaskuri demo` and `run` run there with no PYTHONPATH. The
dependencies are not downloaded again: the new venv sees the test environment's site-packages as a
path (a .pth line, so the editable install of the repository there is NOT activated), and gets
nbconvert's templates as a `pip install nbconvert` would put them, under its own share/jupyter.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from helpers import REPO

pytestmark = pytest.mark.slow


def _copy_sources(dest: Path) -> None:
    """What the build reads: pyproject, README, the package (its shipped/ links kept) and what they link to."""
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, dest / name)
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
    shutil.copytree(REPO / "lib", dest / "lib", symlinks=True, ignore=junk)
    shutil.copytree(REPO / "data" / "factors", dest / "data" / "factors", ignore=junk)
    shutil.copytree(REPO / "notebooks", dest / "notebooks", ignore=junk)


def _run(args: list, cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _output(args: list, cwd: Path, env: dict | None = None) -> list[str]:
    """The lines a short child printed; its exit code and stderr in the failure if it failed.

    (A run from /work/main once failed here with only "not enough values to unpack": the child had
    printed nothing and what it said on stderr was lost.) Lines, not words: a path may hold a space.
    """
    done = _run(args, cwd, env)
    assert done.returncode == 0 and done.stdout.strip(), (
        f"{args[-1]!r} exited {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}"
    )
    return done.stdout.strip().splitlines()


def test_wheel_installs_into_a_fresh_venv_and_runs_the_demo(tmp_path):
    src, dist, venv, folder = (tmp_path / n for n in ("src", "dist", "venv", "empty"))
    # no child sees the working copy: with PYTHONPATH on lib/ pip counted the package as installed
    # in the new venv and skipped the wheel (then "No module named 'paastolaskuri'")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PAASTOLASKURI_WORKSPACE")}
    src.mkdir()
    _copy_sources(src)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, src], tmp_path)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("paastolaskuri-*.whl")

    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = Path(
        _output([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path)[0]
    )
    (site / "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    (venv / "share" / "jupyter").mkdir(parents=True)
    (venv / "share" / "jupyter" / "nbconvert").symlink_to(
        Path(sys.prefix) / "share" / "jupyter" / "nbconvert"
    )
    installed = _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel],
        tmp_path,
        env,
    )
    assert installed.returncode == 0, installed.stderr

    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    folder.mkdir()
    module, factors = _output(
        [
            python,
            "-c",
            "import paastolaskuri.core.packaged as p; print(p.__file__); print(p.packaged('factors'))",
        ],
        folder,
        env,
    )
    assert module.startswith(str(site)) and factors == str(site / "paastolaskuri" / "shipped" / "factors")
    assert (Path(factors) / "years.csv").is_file() and not Path(factors).is_symlink()  # files, not links

    cli = venv / "bin" / "paastolaskuri"
    demo = _run([cli, "demo", "--workspace", ".", "--years", "2024", "--lang", "en"], folder, env)
    assert demo.returncode == 0, demo.stderr
    assert (folder / "data" / "raw" / "2024" / "demo-saha.xlsx").is_file()
    # two reports (demo-saha's and the network's): one pool worker, one kernel to start
    options = ["--partner", "demo-saha", "--no-progress", "--lang", "en", "--jobs", "1"]
    run = _run([cli, "run", "--year", "2024", *options], folder, env)
    assert run.returncode == 0, run.stdout + run.stderr
    report = (folder / "reports" / "2024" / "en" / "partners" / "demo-saha.html").read_text(encoding="utf-8")
    assert "fi-2024-r2" in report  # the factor set the shipped years.csv pins for 2024, read from the wheel
    assert (folder / "reports" / "2024" / "en" / "network.html").is_file()
    # the package wrote nothing next to itself: the installed copy is read-only data for the run
    assert not list((site / "paastolaskuri").rglob("*.lock")) and not (site / "data").exists()
