"""The warm kernel's reset (run/warm_namespace.py), run in this process with a stand-in IPython shell.

The same code runs inside the kernel (tests/integration/test_warm_engine.py checks it there); here each
piece of state it restores is changed and checked to be back, without starting a kernel.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import warnings

import matplotlib
import pandas as pd
import pytest

from paastolaskuri.run import warm_engine, warm_namespace

matplotlib.use("Agg")
import matplotlib.pyplot as plt


class StandInShell:
    """Records each reset and the directory it happened in (IPython's shell.reset(new_session=...))."""

    def __init__(self) -> None:
        self.resets: list[tuple[bool, str]] = []
        self.user_ns: dict = {}

    def reset(self, new_session: bool = True) -> None:
        self.resets.append((new_session, os.getcwd()))
        self.user_ns = {"_dh": [os.getcwd()]}  # as IPython's fresh namespace records the directory


@pytest.fixture
def shell(monkeypatch, tmp_path):
    """A captured baseline in tmp_path/home; environment, path and directory put back after the test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(home)
    monkeypatch.setattr(sys, "path", list(sys.path))
    saved_env = dict(os.environ)
    warm_namespace.capture()
    yield StandInShell()
    gc.unfreeze()  # restore froze everything alive (the kernel's modules); give this process its gc back
    os.environ.clear()
    os.environ.update(saved_env)
    monkeypatch.setattr(warm_namespace, "_BASELINE", None)


def test_environment_path_and_directory_come_back_and_the_namespace_is_reset(shell, tmp_path):
    os.environ["PAASTOLASKURI_TEST_SECRET"] = "partner A"
    sys.path.append("/nowhere/partner-a")
    os.chdir(tmp_path)  # the notebook moved elsewhere
    warm_namespace.restore(shell)
    assert "PAASTOLASKURI_TEST_SECRET" not in os.environ
    assert "/nowhere/partner-a" not in sys.path
    assert os.getcwd() == str(tmp_path / "home")  # the kernel's own directory
    # a new history session (the cell counter starts at 1), once the directory is back
    assert shell.resets == [(True, str(tmp_path / "home"))]
    assert gc.is_tracked(shell) and gc.get_freeze_count() > 0  # what survived is out of later collections


def test_entering_moves_into_the_notebooks_directory_and_records_it(shell, tmp_path):
    warm_namespace.restore(shell)
    elsewhere = tmp_path / "b"
    elsewhere.mkdir()
    warm_namespace.enter(shell, str(elsewhere))
    assert os.getcwd() == str(elsewhere)
    assert shell.user_ns["_dh"] == [str(elsewhere)]  # as a kernel started there records it
    assert len(shell.resets) == 1  # entering does not reset again


def test_a_removed_home_directory_sends_the_kernel_to_the_temporary_folder(shell, tmp_path):
    import tempfile

    os.chdir(tmp_path)
    (tmp_path / "home").rmdir()
    warm_namespace.restore(shell)
    assert os.getcwd() == os.path.realpath(tempfile.gettempdir())
    assert shell.resets == [(True, os.getcwd())]


def _warn_here() -> None:
    warnings.warn("shown once per place by the default action", UserWarning, stacklevel=1)


def test_a_warning_shown_once_is_shown_again_and_added_filters_go(shell):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("default")  # once per place, as a fresh kernel has it
        warm_namespace.capture()
        _warn_here()
        _warn_here()
        assert len(seen) == 1
        warm_namespace.restore(shell)
        _warn_here()  # the registry that stopped it was forgotten
        assert len(seen) == 2
        warnings.simplefilter("ignore")  # a notebook silences warnings...
        warm_namespace.restore(shell)
        _warn_here()  # ...the next one does not inherit that
        assert [str(w.message) for w in seen] == ["shown once per place by the default action"] * 3


def test_figures_are_closed_and_matplotlib_settings_come_back(shell):
    with matplotlib.rc_context():
        original = matplotlib.rcParamsOrig["lines.linewidth"]
        matplotlib.rcParams["lines.linewidth"] = original + 5
        backend = matplotlib.get_backend()
        plt.figure()
        plt.figure()
        assert len(plt.get_fignums()) == 2
        warm_namespace.restore(shell)
        assert plt.get_fignums() == []
        assert matplotlib.rcParams["lines.linewidth"] == original
        assert matplotlib.get_backend() == backend  # chosen once, never reset


def test_pandas_options_go_back_to_their_defaults(shell):
    try:
        pd.set_option("display.max_rows", 3)
        warm_namespace.restore(shell)
        assert pd.get_option("display.max_rows") == 60
    finally:
        pd.reset_option("display.max_rows")


def test_root_logger_comes_back(shell):
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    extra = logging.StreamHandler()
    root.addHandler(extra)
    root.setLevel(logging.CRITICAL if level != logging.CRITICAL else logging.DEBUG)
    warm_namespace.restore(shell)
    assert root.level == level
    assert root.handlers == handlers


def test_restore_before_capture_is_refused(monkeypatch):
    monkeypatch.setattr(warm_namespace, "_BASELINE", None)
    with pytest.raises(RuntimeError, match=r"capture\(\) was not called"):
        warm_namespace.restore(StandInShell())


def test_the_setup_code_installs_the_helper_module_and_leaves_no_name_behind(monkeypatch, tmp_path):
    """What the engine sends into a new kernel: the helper becomes a private module; the namespace stays clean."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, warm_engine.KERNEL_MODULE, raising=False)
    namespace: dict = {}
    exec(warm_engine._setup_code(), namespace)
    assert set(namespace) == {"__builtins__"}
    helper = sys.modules[warm_engine.KERNEL_MODULE]
    assert helper is not warm_namespace
    assert helper._BASELINE.cwd == str(tmp_path)
    assert helper.Baseline.__module__ == warm_engine.KERNEL_MODULE
    assert warm_engine.RESTORE_CODE == (
        "__import__('sys').modules['_paastolaskuri_warm_namespace'].restore(__import__('IPython').get_ipython())"
    )
    assert warm_engine._enter_code("/tmp/x") == (
        "__import__('sys').modules['_paastolaskuri_warm_namespace']"
        ".enter(__import__('IPython').get_ipython(), '/tmp/x')"
    )
