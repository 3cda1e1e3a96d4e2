"""`paastolaskuri run`: which years, the workspace lock, the dry-run listing, the summary and the exit code.

Exit codes: 0 done; 1 a template or a report failed; 2 usage (no such workspace, unknown --partner);
3 another run holds the workspace's lock; 4 nothing to run (no templates for the year).
"""

from __future__ import annotations

import sys

from paastolaskuri.core.i18n import text, text_or
from paastolaskuri.core.numformat import format_number
from paastolaskuri.core.workspace import Workspace
from paastolaskuri.run.exit_codes import EXIT_FAILED, EXIT_LOCKED, EXIT_NOTHING, EXIT_OK, EXIT_USAGE
from paastolaskuri.run.lock import RunLocked, workspace_lock
from paastolaskuri.run.manifest import network_key
from paastolaskuri.run.options import RunOptions
from paastolaskuri.run.runner import UnknownPartner, YearRun, run_year

SUMMARY_HEADERS = ("year", "partner", "status", "seconds", "tco2e", "messages")


def _t(key: str, lang: str, **kw) -> str:
    return text(f"run.cli.{key}", lang, **kw)


def _status(status: str, lang: str) -> str:
    return text_or(f"run.status.{status}", lang, status)


def print_dry_run(yr: YearRun, audience: str, lang: str, out=None) -> None:
    """One line per partner and the network: would run / would skip / would not run, always with why."""
    out = out or sys.stdout
    for pr in sorted(yr.partners, key=lambda p: p.key):
        d = pr.decision
        action = "would_run" if d and d.run else "would_not_run" if pr.status == "failed" else "would_skip"
        print(f"{yr.year} {pr.key}: {_t(action, lang)} ({d.text(lang) if d else pr.reason})", file=out)
        if pr.status == "failed":
            for m in pr.messages:
                if m["severity"] == "error":
                    print(f"    {m['line']}", file=out)
    d = yr.network_decision
    if d is not None:
        # the texts are keyed like the manifest: network, network_public
        name = _t(network_key(audience), lang)
        action = "would_run" if d.run else "would_skip"
        print(f"{yr.year} {name}: {_t(action, lang)} ({d.text(lang)})", file=out)


def print_summary(results: list[YearRun], lang: str, out=None) -> None:
    """The table of every partner's status, seconds and total, then every error line."""
    out = out or sys.stdout
    head = tuple(text(f"run.summary_header.{h}", lang) for h in SUMMARY_HEADERS)
    rows = []
    for yr in results:
        for p in sorted(yr.partners, key=lambda p: p.key):
            errors = [m for m in p.messages if m["severity"] == "error"]
            total = p.total_market_kg
            rows.append(
                (
                    str(yr.year),
                    p.key,
                    _status(p.status, lang),
                    format_number(p.seconds, lang, 1) if p.status != "skipped" else "–",
                    format_number(total / 1000, lang, 1)
                    if total is not None and p.status != "failed"
                    else "–",
                    str(len(errors)) if errors else "",
                )
            )
        if yr.network:
            status = yr.network.get("status", "")
            seconds = format_number(yr.network.get("seconds", 0), lang, 1) if status != "skipped" else "–"
            rows.append((str(yr.year), _t("network", lang), _status(status, lang), seconds, "", ""))
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)), file=out)
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip(), file=out)
    printed = set()
    for yr in results:
        for p in yr.failed:
            for m in p.messages:
                if m["severity"] == "error":
                    print(m["line"], file=out)
                    printed.add(m["line"])
    for yr in results:  # the commitments' own lines (a file error already shown under its partner once)
        for line in dict.fromkeys(yr.notes):
            if line not in printed:
                print(line, file=out)
                printed.add(line)


def reports_line(ws: Workspace, yr: YearRun, audience: str, lang: str) -> str:
    """Where this year's reports in `lang` are, naming only files that exist."""
    network = ws.network_report(yr.year, ".html", audience, lang)
    partners = [
        ws.partner_report(yr.year, p.slug, ".html", lang)
        for p in yr.partners
        if p.status in ("ok", "skipped") and p.slug and not p.duplicate
    ]
    n = sum(f.is_file() for f in partners)
    folder = ws.language_dir(yr.year, lang) / "partners"
    if network.is_file():
        return _t("reports_all" if n else "reports_network", lang, network=network, n=n, partners=folder)
    if n:
        return _t("reports_partners", lang, n=n, partners=folder)
    return _t("reports_none", lang, year=yr.year)


def _years(ws: Workspace, args) -> tuple[list[int], int | None]:
    """The years to run, or an exit code after saying plainly that there is nothing to run."""
    lang = args.lang
    if args.year:
        years = sorted(set(args.year))
        empty = [y for y in years if not ws.templates(y)]
        for y in empty:
            print(_t("nothing_year", lang, year=y, path=ws.raw_dir(y)), file=sys.stderr)
        return (years, None) if not empty else ([], EXIT_NOTHING)
    years = [y for y in ws.years() if ws.templates(y)]
    if args.all_years:
        for y in sorted(set(ws.years()) - set(years)):
            print(_t("empty_year_skipped", lang, year=y, path=ws.raw_dir(y)), file=sys.stderr)
    else:
        years = years[-1:]
    if not years:
        print(_t("nothing_at_all", lang, path=ws.root / "data" / "raw"), file=sys.stderr)
        return [], EXIT_NOTHING
    return years, None


def run_cli(args) -> int:
    """The `run` command; returns its exit code (see the module docstring)."""
    lang = args.lang
    ws = Workspace.at(args.workspace)
    if not ws.root.is_dir():
        print(_t("no_workspace", lang, path=ws.root), file=sys.stderr)
        return EXIT_USAGE
    years, code = _years(ws, args)
    if code is not None:
        return code
    options = RunOptions.from_args(args, terminal=sys.stderr.isatty())
    try:
        with workspace_lock(ws.root):
            results = [run_year(ws, y, options) for y in years]
    except RunLocked as exc:
        print(_t("locked", lang, path=exc), file=sys.stderr)
        return EXIT_LOCKED
    except UnknownPartner as exc:
        print(
            _t("unknown_partner", lang, ids=", ".join(exc.unknown), known=", ".join(exc.known)),
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.dry_run:
        for yr in results:
            print_dry_run(yr, args.audience, lang)
        return EXIT_OK
    print_summary(results, lang)
    for yr in results:
        print(reports_line(ws, yr, args.audience, lang))
    failed = sum(len(r.failed) for r in results) + sum(r.network.get("status") == "failed" for r in results)
    return EXIT_FAILED if failed else EXIT_OK
