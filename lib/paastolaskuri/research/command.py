"""The `paastolaskuri export research` command: arguments, messages (fi/en) and exit codes."""

from __future__ import annotations

import argparse
import sys

from paastolaskuri.core.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from paastolaskuri.core.i18n import by_lang
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.research.package import ExportRefused, export_research
from paastolaskuri.research.pseudonyms import key_path

TEXT = by_lang("research.cli")
USAGE_ERRORS = ("agreement_missing", "agreement_invalid", "microdata_only", "bad_k")  # exit 2, like argparse


def _years(text: str | None, processed: list[int]) -> list[int] | None:
    if not text:
        return processed
    try:
        if "-" in text:
            a, b = text.split("-", 1)
            years = list(range(int(a), int(b) + 1))
        else:
            years = [int(y) for y in text.split(",")]
    except ValueError:
        return None
    return years or None


def _span(years: list[int]) -> str:
    return f"{min(years)}–{max(years)}" if len(years) > 1 else str(years[0])


def cmd_export(args: argparse.Namespace) -> int:
    """Run `paastolaskuri export research`; 0 on success, 1 when refused, 2 on bad arguments."""
    lang = args.lang
    ws = Workspace.at(args.workspace)
    years = _years(args.years, ws.processed_years())
    if years is None:
        print(TEXT["bad_years"][lang].format(value=args.years), file=sys.stderr)
        return EXIT_USAGE
    try:
        result = export_research(
            ws.root,
            years,
            args.out,
            microdata=args.microdata,
            agreement=args.agreement,
            k=args.k,
            with_lines=args.lines,
            rotate=args.rotate_key,
            force=args.force,
        )
    except ExportRefused as exc:
        params = {k: (", ".join(map(str, v)) if isinstance(v, list) else v) for k, v in exc.params.items()}
        print(TEXT[exc.code][lang].format(**params), file=sys.stderr)
        return EXIT_USAGE if exc.code in USAGE_ERRORS else EXIT_FAILED
    if result.key_created:
        print(TEXT["key_created"][lang].format(path=key_path(ws.root)))
    c = result.counts
    if not args.microdata:
        print(
            TEXT["done_aggregate"][lang].format(
                out=result.out,
                partners=c["partners_released"],
                years=_span(years),
                no_consent=c["partners_without_consent"],
            )
        )
        return EXIT_OK
    print(
        TEXT["done"][lang].format(
            out=result.out,
            partners=c["partners_released"],
            rows=c["partner_years_released"],
            no_consent=c["partners_without_consent"],
            suppressed=c["partners_suppressed"],
            held=c.get("partners_withheld_by_the_public_audit", 0),
            k=c["k"],
        )
    )
    print(TEXT["logged"][lang].format(path=result.log))
    return EXIT_OK
