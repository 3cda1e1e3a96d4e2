"""The exit codes of `paastolaskuri run` (kept apart so that `--help` imports nothing heavy)."""

from __future__ import annotations

EXIT_OK = 0  # done
EXIT_FAILED = 1  # a template or a report failed (the summary names it)
EXIT_USAGE = 2  # no such workspace, unknown --partner
EXIT_LOCKED = 3  # another run holds the workspace's lock
EXIT_NOTHING = 4  # nothing to run: no templates for the year
EXIT_CODES_HELP = (
    "exit codes: 0 done; 1 a template or a report failed; 2 usage error (no such workspace, unknown "
    "--partner); 3 another run holds the workspace's lock; 4 nothing to run (no templates for the year)"
)
