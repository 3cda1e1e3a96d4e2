"""The `paastolaskuri restate` command: thin wrapper over restatement_data and restatement_section."""

from __future__ import annotations

import sys

from paastolaskuri.accounting.factors import FactorSetError
from paastolaskuri.core.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from paastolaskuri.core.i18n import text
from paastolaskuri.core.outputs import csv_text
from paastolaskuri.reporting.restatement_data import restate_network, restate_partner
from paastolaskuri.reporting.restatement_section import restatement_frame, restatement_json, restatement_text


def _say(key: str, lang: str, **kw) -> None:
    print(text(f"restate.cli.{key}", lang, **kw), file=sys.stderr)


def run_restate(args) -> int:
    """Print the restatement as a table, CSV or JSON; exit 1 with a translated message when nothing can be shown."""
    lang = args.lang
    threshold = None
    if args.threshold is not None:
        if not 0 < args.threshold < 100:
            _say("threshold", lang, value=args.threshold)
            return EXIT_USAGE
        threshold = args.threshold / 100.0
    try:
        if args.partner:
            result = restate_partner(args.workspace, args.partner, args.year, args.from_set, threshold)
        else:
            result = restate_network(args.workspace, args.year, args.from_set, threshold)
    except FactorSetError as exc:
        print(f"paastolaskuri restate: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if not result.years:
        if args.partner:
            _say("no_data", lang, partner=args.partner, year=args.year, ws=args.workspace)
        else:
            _say("no_years", lang, year=args.year, ws=args.workspace)
        return EXIT_FAILED
    if args.format == "json":
        print(restatement_json(result))
    elif args.format == "csv":
        sys.stdout.write(csv_text(restatement_frame(result, lang, numeric=True)))
    else:
        print(restatement_text(result, lang))
    return EXIT_OK
