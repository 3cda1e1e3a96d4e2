"""The exit codes of `paastolaskuri run` (defined once in :mod:`paastolaskuri.errors`)."""

from __future__ import annotations

from paastolaskuri.errors import EXIT_FAILED, EXIT_LOCKED, EXIT_NOTHING, EXIT_OK, EXIT_USAGE

__all__ = ["EXIT_CODES_HELP", "EXIT_FAILED", "EXIT_LOCKED", "EXIT_NOTHING", "EXIT_OK", "EXIT_USAGE"]

EXIT_CODES_HELP = (
    "exit codes: 0 done; 1 a template or a report failed; 2 usage error (no such workspace, unknown "
    "--partner); 3 another run holds the workspace's lock; 4 nothing to run (no templates for the year)"
)
