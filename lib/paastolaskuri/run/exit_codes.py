"""The exit codes of `paastolaskuri run` (defined once in :mod:`paastolaskuri.core.errors`)."""

from __future__ import annotations

from paastolaskuri.core.errors import EXIT_FAILED, EXIT_LOCKED, EXIT_NOTHING, EXIT_OK, EXIT_USAGE
from paastolaskuri.core.i18n import text

__all__ = ["EXIT_FAILED", "EXIT_LOCKED", "EXIT_NOTHING", "EXIT_OK", "EXIT_USAGE", "exit_codes_help"]


def exit_codes_help(lang: str) -> str:
    """The exit codes as `paastolaskuri run --help` lists them after the options, in `lang`."""
    return text(
        "cli_help.run.exit_codes",
        lang,
        ok=EXIT_OK,
        failed=EXIT_FAILED,
        usage=EXIT_USAGE,
        locked=EXIT_LOCKED,
        nothing=EXIT_NOTHING,
    )
