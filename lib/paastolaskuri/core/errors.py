"""The package's own errors: one base class, and the exit codes every command uses.

A command that meets one of these prints its message as one line (no traceback) and exits with the
error's ``exit_code``; :func:`paastolaskuri.cli.main` does that in one place for whatever a command
does not handle itself. Problems in a partner's input are not exceptions: they are collected as
:class:`paastolaskuri.messages.Problem` lines and reported all at once.
"""

from __future__ import annotations

EXIT_OK = 0  # done
EXIT_FAILED = 1  # an input or a report failed (the messages name it)
EXIT_USAGE = 2  # usage: a missing or refused path, an unknown option value, an existing file without --force
EXIT_LOCKED = 3  # another run holds the workspace's lock
EXIT_NOTHING = 4  # nothing to run: no templates for the year
INTERRUPTED = 130  # Ctrl-C


class PaastolaskuriError(Exception):
    """Base of every error the package raises on purpose; ``exit_code`` is what the CLI exits with."""

    exit_code = EXIT_USAGE

    def message(self, lang: str = "fi") -> str:
        """The error as one line in the reader's language (subclasses that know both languages override)."""
        return str(self)
