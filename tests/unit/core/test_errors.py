"""One base class for the package's errors; the CLI turns any of them into one line and its exit code."""

from __future__ import annotations

import pytest

from paastolaskuri import cli
from paastolaskuri.accounting.factors import FactorSetError
from paastolaskuri.accounting.units import ConversionError
from paastolaskuri.core.errors import EXIT_FAILED, EXIT_LOCKED, PaastolaskuriError
from paastolaskuri.intake.annotate import AnnotateError
from paastolaskuri.run.lock import RunLocked


def test_the_package_errors_share_one_base_and_keep_their_builtin_bases():
    for cls in (FactorSetError, ConversionError, AnnotateError, RunLocked):
        assert issubclass(cls, PaastolaskuriError)
    assert issubclass(ConversionError, ValueError)  # callers catching ValueError still work
    assert (RunLocked.exit_code, FactorSetError.exit_code) == (EXIT_LOCKED, EXIT_FAILED)


def test_cli_maps_an_unhandled_package_error_to_one_line_and_its_code(monkeypatch, capsys):
    def boom(args):
        raise FactorSetError("factor set fi-2099-r1 not found")

    monkeypatch.setattr(cli, "cmd_activities", boom)
    assert cli.main(["activities", "--lang", "en"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err == "paastolaskuri activities: factor set fi-2099-r1 not found\n"
    assert "Traceback" not in err


def test_other_exceptions_are_not_swallowed(monkeypatch):
    monkeypatch.setattr(cli, "cmd_activities", lambda args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        cli.main(["activities"])
