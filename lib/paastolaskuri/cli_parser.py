"""The `paastolaskuri` command line's parser: every subcommand and option, with help in Finnish or English.

Every help, description and epilog text is in the message catalogue under ``cli_help.<command>.<option>``
(``cli_help.common`` for options several commands share). The help is in the language the command's
messages will be in: ``--lang`` when it is on the command line, else the environment variable
``PAASTOLASKURI_LANG``, else Finnish (:func:`help_lang`).

argparse's own words ("usage:", "options:", "show this help message and exit", its error messages)
are translated through argparse's gettext hook: argparse calls the name ``_`` of its module
(``gettext.gettext``, imported there) whenever it builds a parser, formats help or reports an error,
in Python 3.11 to 3.14 alike. :func:`argparse_words` rebinds that name for the length of a ``with``
block to a lookup of argparse's English message in the catalogue area ``cli_help.argparse``
(:data:`ARGPARSE_WORDS`) and restores it afterwards. A message not listed there, or reworded by a
later Python, simply stays in English.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from paastolaskuri import __version__
from paastolaskuri.accounting.factors import DEFAULT_GWP, GWP_SETS
from paastolaskuri.core.i18n import LANGS, text
from paastolaskuri.disclosure.rules import MIN_CONTRIBUTORS
from paastolaskuri.run.exit_codes import exit_codes_help

FORMATS = ["table", "csv", "json"]
# --gwp takes the GWP sets in lower case (ar5, ar6); RunOptions and calc upper-case it back
GWP_CHOICES = [g.lower() for g in GWP_SETS]

# argparse's English message -> its short key under cli_help.argparse (the English text there is
# the same message, so an English help is argparse's own)
ARGPARSE_WORDS = {
    "usage: ": "usage",
    "positional arguments": "positionals",
    "options": "options",
    "show this help message and exit": "help",
    "%(prog)s: error: %(message)s\n": "error",
    "the following arguments are required: %s": "required",
    "unrecognized arguments: %s": "unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "invalid_choice",
    "invalid %(type)s value: %(value)r": "invalid_value",
    "expected one argument": "expected_one",
    "argument %(argument_name)s: %(message)s": "argument",
}

Helps = Callable[[str], str]
"""The help texts of one command in one language: ``h("partner")`` -> text of ``cli_help.<command>.partner``."""


def default_lang() -> str:
    """The messages' language when no --lang is given: PAASTOLASKURI_LANG if it names one, else Finnish."""
    lang = os.environ.get("PAASTOLASKURI_LANG", "fi")
    return lang if lang in LANGS else "fi"


def help_lang(argv: Sequence[str] | None = None) -> str:
    """The language of the help: the last `--lang X` or `--lang=X` in `argv`, else :func:`default_lang`."""
    argv = sys.argv[1:] if argv is None else argv
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
    return found if found in LANGS else default_lang()


def helps(command: str, lang: str) -> Helps:
    """The help texts of `command` (catalogue area ``cli_help.<command>``) in `lang`."""
    return lambda name: text(f"cli_help.{command}.{name}", lang)


@contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """For the length of the block, argparse's own words in `lang` (see the module's docstring)."""
    words = {message: text(f"cli_help.argparse.{key}", lang) for message, key in ARGPARSE_WORDS.items()}
    names = vars(argparse)  # the module's globals, where its functions look `_` up when called
    before = names["_"]

    def translated(message: str) -> str:
        return words.get(message) or before(message)

    names["_"] = translated
    try:
        yield
    finally:
        names["_"] = before


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser with its help in `lang` (default: :func:`default_lang`).

    Build it inside :func:`argparse_words` for argparse's own words in the same language.
    """
    lang = lang or default_lang()
    h = helps("main", lang)
    parser = argparse.ArgumentParser(prog="paastolaskuri", description=h("description"))
    parser.add_argument(
        "--version", action="version", version=f"paastolaskuri {__version__}", help=h("version")
    )
    # --lang also before the subcommand (`paastolaskuri --lang en --help`); its own dest, since a
    # subcommand's default would overwrite it: main() takes the language with help_lang(argv)
    parser.add_argument(
        "--lang",
        dest="main_lang",
        choices=list(LANGS),
        default=argparse.SUPPRESS,
        help=helps("common", lang)("lang"),
    )
    sub = parser.add_subparsers(dest="command", required=True, help=h("command"))
    common = partial(_common, lang=lang)
    _add_input_parsers(sub, lang)
    _add_run_parsers(sub, lang)
    _add_listing_parsers(sub, lang)
    _add_actions_parser(sub, common, lang)
    _add_coursework_parsers(sub, common, lang)
    return parser


def _common(p: argparse.ArgumentParser, workspace: bool = True, *, lang: str) -> None:
    """The options every subcommand has: --lang, and --workspace unless `workspace` is False."""
    h = helps("common", lang)
    p.add_argument("--lang", choices=list(LANGS), default=default_lang(), help=h("lang"))
    if workspace:
        p.add_argument("--workspace", type=Path, default=Path("."), help=h("workspace"))


def _add_input_parsers(sub, lang: str) -> None:
    """The commands run on single files: `template`, `check` and `calc`."""
    c = helps("common", lang)
    h = helps("template", lang)
    p = sub.add_parser("template", help=h("summary"), description=h("description"))
    p.add_argument("out", type=Path, nargs="?", help=h("out"))
    p.add_argument("--partner", help=h("partner"))
    p.add_argument("--year", type=int, help=h("year"))
    p.add_argument("--next-year", type=int, metavar="YEAR", help=h("next_year"))
    p.add_argument("--force", action="store_true", help=h("force"))
    _common(p, lang=lang)

    h = helps("check", lang)
    p = sub.add_parser("check", help=h("summary"))
    p.add_argument("files", type=Path, nargs="+", help=h("files"))
    p.add_argument("--annotate", type=Path, metavar="OUT.xlsx", help=h("annotate"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("--year", type=int, help=c("year_csv"))
    p.add_argument("--partner", help=c("partner_csv"))
    _common(p, lang=lang)

    h = helps("calc", lang)
    p = sub.add_parser("calc", help=h("summary"))
    p.add_argument("file", type=Path, help=c("file"))
    p.add_argument("--format", choices=FORMATS, default="table", help=c("format"))
    p.add_argument("--explain", action="store_true", help=h("explain"))
    p.add_argument("--gwp", choices=GWP_CHOICES, default=DEFAULT_GWP.lower(), help=c("gwp"))
    p.add_argument("--year", type=int, help=c("year_csv"))
    p.add_argument("--partner", help=c("partner_csv"))
    p.add_argument("--factor-set", "--set", dest="factor_set", help=h("factor_set"))
    _common(p, lang=lang)


def _add_run_parsers(sub, lang: str) -> None:
    """The yearly run over a workspace (`run`) and the fictional demo partners (`demo`)."""
    h = helps("run", lang)
    p = sub.add_parser("run", help=h("summary"), description=h("description"), epilog=exit_codes_help(lang))
    p.add_argument("--year", type=int, action="append", help=h("year"))
    p.add_argument("--all-years", action="store_true", help=h("all_years"))
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help=h("jobs"))
    p.add_argument("--force", action="store_true", help=h("force"))
    p.add_argument("--partner", action="append", help=h("partner"))
    p.add_argument("--dry-run", action="store_true", help=h("dry_run"))
    p.add_argument(
        "--gwp", choices=GWP_CHOICES, default=DEFAULT_GWP.lower(), help=helps("common", lang)("gwp")
    )
    p.add_argument("--audience", choices=["coordinator", "public"], default="coordinator", help=h("audience"))
    p.add_argument("--timeout", type=int, default=600, help=h("timeout"))
    p.add_argument("--no-progress", action="store_true", help=h("no_progress"))
    _common(p, lang=lang)

    h = helps("demo", lang)
    p = sub.add_parser("demo", help=h("summary"))
    p.add_argument("--partners", type=int, default=6, help=h("partners"))
    p.add_argument("--years", default="2022-2024", help=h("years"))
    p.add_argument("--seed", type=int, default=2024, help=h("seed"))
    _common(p, lang=lang)


def _add_listing_parsers(sub, lang: str) -> None:
    """The listings: `factors`, `commitments`, `export`, `restate` and `activities`."""
    c = helps("common", lang)
    h = helps("factors", lang)
    p = sub.add_parser("factors", help=h("summary"))
    p.add_argument("--set", dest="set_name", help=h("set"))
    p.add_argument("--format", choices=["table", "csv"], default="table", help=c("format"))
    _common(p, lang=lang)
    actions = p.add_subparsers(dest="factors_command", help=h("command"))
    pin = actions.add_parser("pin", help=h("pin_summary"))
    pin.add_argument("year", type=int, help=h("pin_year"))
    pin.add_argument("pin_set", metavar="SET", help=h("pin_set"))
    pin.add_argument("--force", action="store_true", help=h("pin_force"))
    # SUPPRESS: `factors --workspace W pin ...` keeps W (a default here would overwrite it)
    pin.add_argument("--lang", choices=list(LANGS), default=argparse.SUPPRESS, help=c("lang"))
    pin.add_argument("--workspace", type=Path, default=argparse.SUPPRESS, help=c("workspace"))
    imp = actions.add_parser("import-desnz", help=h("import_summary"))
    imp.add_argument("flat_file", type=Path, metavar="FLAT_FILE.xlsx", help=h("import_file"))
    imp.add_argument("--name", required=True, help=h("import_name"))
    imp.add_argument("--force", action="store_true", help=h("import_force"))
    imp.add_argument("--lang", choices=list(LANGS), default=argparse.SUPPRESS, help=c("lang"))
    imp.add_argument("--workspace", type=Path, default=argparse.SUPPRESS, help=c("workspace"))

    h = helps("commitments", lang)
    p = sub.add_parser("commitments", help=h("summary"))
    p.add_argument("--year", type=int, help=h("year"))
    p.add_argument("--partner", help=h("partner"))
    p.add_argument("--format", choices=FORMATS, default="table", help=c("format"))
    _common(p, lang=lang)

    _add_export_parser(sub, partial(_common, lang=lang), lang)

    h = helps("restate", lang)
    p = sub.add_parser("restate", help=h("summary"))
    p.add_argument("--year", type=int, required=True, help=h("year"))
    p.add_argument("--partner", help=h("partner"))
    p.add_argument("--from", dest="from_set", help=h("from"))
    p.add_argument("--threshold", type=float, help=h("threshold"))
    p.add_argument("--format", choices=FORMATS, default="table", help=c("format"))
    _common(p, lang=lang)

    p = sub.add_parser("activities", help=helps("activities", lang)("summary"))
    p.add_argument("--format", choices=["table", "csv"], default="table", help=c("format"))
    _common(p, workspace=False, lang=lang)


def _add_actions_parser(sub, common, lang: str) -> None:
    """Register the `actions` subcommand on the CLI's subparsers, its help in `lang` (`cli_help.actions`)."""
    h, c = helps("actions", lang), helps("common", lang)
    p = sub.add_parser("actions", help=h("summary"))
    p.add_argument("file", type=Path, nargs="?", help=c("file"))
    p.add_argument("--partner", help=h("partner"))
    p.add_argument("--year", type=int, help=h("year"))
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="ACTION.PARAM=VALUE",
        help=h("set"),
    )
    p.add_argument("--plan", help=h("plan"))
    p.add_argument("--format", choices=FORMATS, default="table", help=c("format"))
    common(p)


def _add_coursework_parsers(sub, common, lang: str) -> None:
    """Register `coursework` and its subcommands on the CLI's subparsers, help in `lang` (`cli_help.coursework*`)."""
    h = helps("coursework", lang)
    p = sub.add_parser("coursework", help=h("summary"))
    cw = p.add_subparsers(dest="coursework_command", required=True, help=h("command"))
    hi = helps("coursework_init", lang)
    i = cw.add_parser("init", help=hi("summary"))
    i.add_argument("--course", type=Path, help=h("course"))
    common(i, workspace=False)
    hc = helps("coursework_case", lang)
    c = cw.add_parser("case", help=hc("summary"))
    c.add_argument("--student", required=True, help=hc("student"))
    c.add_argument("--out", type=Path, required=True, help=hc("out"))
    c.add_argument("--course", type=Path, help=hc("course"))
    c.add_argument("--force", action="store_true", help=hc("force"))
    common(c, workspace=False)
    hb = helps("coursework_build", lang)
    b = cw.add_parser("build", help=hb("summary"))
    b.add_argument("--course", type=Path, help=h("course"))
    b.add_argument("--students", default="", help=hb("students"))
    b.add_argument("--no-execute", action="store_true", help=hb("no_execute"))
    common(b, workspace=False)
    hg = helps("coursework_grade", lang)
    g = cw.add_parser("grade", help=hg("summary"))
    g.add_argument("folder", type=Path, help=hg("folder"))
    g.add_argument("--course", type=Path, help=h("course"))
    g.add_argument("--out", type=Path, help=hg("out"))
    g.add_argument("--force", action="store_true", help=hg("force"))
    g.add_argument("--jobs", type=int, default=1, help=hg("jobs"))
    g.add_argument("--timeout", type=float, default=300.0, help=hg("timeout"))
    common(g, workspace=False)


def _add_export_parser(sub, common, lang: str) -> None:
    """Add `export research` to the CLI's subcommands (`common` adds --lang and --workspace), help in `lang`."""
    h = helps("export", lang)
    p = sub.add_parser("export", help=h("summary"))
    kinds = p.add_subparsers(dest="export_kind", required=True, help=h("kind"))
    h = helps("export_research", lang)
    r = kinds.add_parser("research", help=h("summary"), description=h("description"))
    r.add_argument("--years", help=h("years"))
    r.add_argument("--out", type=Path, required=True, help=h("out"))
    r.add_argument("--microdata", action="store_true", help=h("microdata"))
    r.add_argument("--agreement", help=h("agreement"))
    r.add_argument("--k", type=int, default=MIN_CONTRIBUTORS, help=h("k"))
    r.add_argument("--lines", action="store_true", help=h("lines"))
    r.add_argument("--rotate-key", action="store_true", help=h("rotate_key"))
    r.add_argument("--force", action="store_true", help=h("force"))
    common(r)
    h = helps("export_vsme", lang)
    v = kinds.add_parser("vsme", help=h("summary"))
    v.add_argument("--partner", required=True, help=h("partner"))
    v.add_argument("--year", type=int, required=True, help=h("year"))
    v.add_argument("--out", type=Path, help=h("out"))
    v.add_argument("--format", choices=["xlsx", "json"], default="xlsx", help=h("format"))
    v.add_argument("--force", action="store_true", help=h("force"))
    common(v)
