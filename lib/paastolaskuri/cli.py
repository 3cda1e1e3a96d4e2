"""The `paastolaskuri` command: template, check, calc, run, demo, factors, activities."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from paastolaskuri.cli_parser import argparse_words, build_parser, help_lang
from paastolaskuri.core.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, INTERRUPTED, PaastolaskuriError
from paastolaskuri.core.i18n import text
from paastolaskuri.core.outputs import csv_text
from paastolaskuri.messages import count_summary


def _t(key: str, lang: str, **kw) -> str:
    """The CLI's text `key` (catalogue area `cli`) in `lang` with its fields filled in."""
    return text(f"cli.{key}", lang, **kw)


def main(argv: list[str] | None = None) -> int:
    """Run the `paastolaskuri` command with `argv` (default: sys.argv); returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = help_lang(argv)  # --help and argparse's errors in the language the messages will be in
    with argparse_words(lang):
        args = build_parser(lang).parse_args(argv)
    args.lang = lang  # the last --lang, before or after the subcommand, else the default
    handler = {
        "template": cmd_template,
        "check": cmd_check,
        "calc": cmd_calc,
        "run": cmd_run,
        "demo": cmd_demo,
        "factors": cmd_factors,
        "activities": cmd_activities,
        "restate": cmd_restate,
        "export": cmd_export,
        "actions": cmd_actions,
        "commitments": cmd_commitments,
        "coursework": cmd_coursework,
    }[args.command]
    try:
        return handler(args)
    except PaastolaskuriError as exc:  # the one place an error of the package becomes an exit code
        print(f"paastolaskuri {args.command}: {exc.message(args.lang)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_t("interrupted", args.lang), file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def cmd_template(args) -> int:
    """`template OUT.xlsx`: a blank template, or `--next-year YEAR`: next year's, pre-filled per partner."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.core.output_guard import refusal
    from paastolaskuri.intake.template import write_template

    if args.next_year:
        return _template_next_year(args)
    if args.out is None:
        print(_t("give_out", args.lang), file=sys.stderr)
        return EXIT_USAGE
    example = f"templates/{args.year or 2024}/{args.out.stem or 'pohja'}.xlsx"
    why = refusal(
        args.out,
        command="paastolaskuri template",
        lang=args.lang,
        workspace=args.workspace,
        force=args.force,
        example=example,
    )
    if why:
        print(why, file=sys.stderr)
        return EXIT_USAGE
    org = {"partner_id": args.partner, "year": args.year}
    write_template(args.out, lang=args.lang, organisation=org)
    print(_t("written", args.lang, path=args.out))
    return EXIT_OK


def _template_next_year(args) -> int:
    """`template --next-year YEAR [DIR]`: existing files are skipped and named (replaced only with --force)."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.core.output_guard import TEXT as GUARD_TEXT
    from paastolaskuri.core.output_guard import under_raw
    from paastolaskuri.intake.next_year import next_year_messages, write_next_year_templates

    out_dir = args.out or (args.workspace / "templates" / str(args.next_year))
    if under_raw(out_dir, args.workspace):
        example = f"templates/{args.next_year}"
        text = GUARD_TEXT["raw"][args.lang]
        print(text.format(command="paastolaskuri template", path=out_dir, example=example), file=sys.stderr)
        return EXIT_USAGE
    result = write_next_year_templates(
        args.workspace, args.next_year, out_dir, lang=args.lang, force=args.force
    )
    for path in result.written:
        print(_t("written", args.lang, path=path))
    for line in next_year_messages(result, args.next_year, args.workspace, args.lang):
        print(line, file=sys.stderr)
    return EXIT_OK if result.written or result.existing else EXIT_FAILED


def print_problems(problems, lang: str, stream=None) -> None:
    """Each problem as its located line (`FILE: SHEET!CELL: message`) in `lang` (default: stdout).

    The stream is looked up at call time, so a caller that redirects sys.stdout gets the lines.
    """
    for p in problems:
        print(p.format(lang), file=stream or sys.stdout)


def folder_problem(path: Path):
    """A Problem saying `path` is a folder (check and calc read files), with an example file; else None."""
    if not Path(path).is_dir():
        return None
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.messages import Problem

    found = sorted(p for p in Path(path).iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".csv"))
    example = found[0] if found else Path(path) / "*.xlsx"
    return Problem(str(path), "is_folder", params={"example": str(example)})


def cmd_check(args) -> int:
    """`check FILE...`: one line per problem and a count; exit 1 on errors; `--annotate` writes a marked copy."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.commitments.sources import check_commitments_file
    from paastolaskuri.footprint import compute_footprint
    from paastolaskuri.intake.commitments import is_commitments_csv

    if args.annotate:
        # the command's stage is imported when it runs: the CLI starts without its libraries
        from paastolaskuri.core.output_guard import refusal

        why = refusal(
            args.annotate,
            command="paastolaskuri check --annotate",
            lang=args.lang,
            workspace=args.workspace,
            force=args.force,
            example=f"tarkistus/{args.files[0].stem}-tarkistettu.xlsx",
        )
        if why:
            print(why, file=sys.stderr)
            return EXIT_USAGE
    failed = False
    all_problems = []
    for path in args.files:
        folder = folder_problem(path)
        if folder:
            print_problems([folder], args.lang, sys.stdout)
            all_problems.append(folder)
            failed = True
            continue
        if is_commitments_csv(Path(path)):
            found = check_commitments_file(Path(path), args.workspace)
            print_problems(found.problems, args.lang)
            all_problems.extend(found.problems)
            if any(p.is_error for p in found.problems):
                failed = True
            else:
                print(_t("valid", args.lang, file=path, n=found.rows))
            continue
        fp = compute_footprint(
            path,
            workspace=args.workspace,
            display=str(path),
            year=args.year,
            partner_id=args.partner,
        )
        print_problems(fp.problems, args.lang)
        all_problems.extend(fp.problems)
        if fp.ok:
            print(_t("valid", args.lang, file=path, n=len(fp.submission.lines)))
        else:
            failed = True
    if args.annotate and not any(p.is_dir() for p in args.files):
        # the command's stage is imported when it runs: the CLI starts without its libraries
        from paastolaskuri.intake.annotate import annotate_workbook

        if len(args.files) != 1:
            print(_t("annotate_one", args.lang), file=sys.stderr)
            return EXIT_USAGE
        try:
            annotate_workbook(args.files[0], all_problems, args.annotate, lang=args.lang)
        except (ValueError, OSError) as exc:
            print(f"paastolaskuri check --annotate: {exc}", file=sys.stderr)
            return EXIT_USAGE
        print(_t("written", args.lang, path=args.annotate))
    errors = sum(p.is_error for p in all_problems)
    print(count_summary(errors, len(all_problems) - errors, args.lang))
    return EXIT_FAILED if failed else EXIT_OK


def cmd_calc(args) -> int:
    """`calc FILE`: one footprint as totals (with `--explain`, every line's arithmetic), CSV or JSON."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.footprint import compute_footprint
    from paastolaskuri.reporting.presentation import change_text, explain_text, totals_text

    folder = folder_problem(args.file)
    if folder:
        print_problems([folder], args.lang, sys.stderr)
        print(_t("not_computed", args.lang), file=sys.stderr)
        return EXIT_FAILED
    fp = compute_footprint(
        args.file,
        workspace=args.workspace,
        gwp_set=args.gwp.upper(),
        display=str(args.file),
        factor_set_name=args.factor_set,
        year=args.year,
        partner_id=args.partner,
    )
    if not fp.ok or fp.factor_set is None:
        print_problems(fp.problems, args.lang, sys.stderr)
        print(_t("not_computed", args.lang), file=sys.stderr)
        return EXIT_FAILED
    print_problems(fp.problems, args.lang, sys.stderr)  # warnings only at this point
    if args.format == "json":
        fp.attach_change(args.workspace)  # `change` when the workspace holds the partner's previous year
        print(json.dumps(fp.as_dict(args.lang), ensure_ascii=False, indent=2, default=str))
    elif args.format == "csv":
        sys.stdout.write(csv_text(fp.explain_table(args.lang)))
    else:
        print(totals_text(fp, args.lang, fp.interval_95()))
        if fp.attach_change(args.workspace) is not None:  # the previous year is in the workspace
            print()
            print(change_text(fp.change, args.lang))
        if args.explain:
            print()
            print(explain_text(fp, args.lang))
    return EXIT_OK


def cmd_run(args) -> int:
    """`run`: the yearly run (logic in paastolaskuri.run.command)."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.run.command import run_cli

    return run_cli(args)


def cmd_demo(args) -> int:
    """`demo`: clearly fictional demo partners' templates into data/raw/<year>/ of an empty workspace."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.demo.network import DemoRefused, parse_years, write_demo

    try:
        written = write_demo(
            args.workspace,
            years=parse_years(args.years),
            partners=args.partners,
            seed=args.seed,
            lang=args.lang,
        )
    except DemoRefused as exc:
        shown = ", ".join(exc.files[:5]) + (" …" if len(exc.files) > 5 else "")
        print(_t("demo_refused", args.lang, shown=shown), file=sys.stderr)
        return EXIT_FAILED
    where = args.workspace / "data" / "raw"
    print(_t("demo_written", args.lang, n=len(written), where=where))
    return EXIT_OK


def cmd_factors(args) -> int:
    """`factors`: the rows of a factor set (default: the one pinned for the newest year), with sources."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.accounting.factors import factor_set_for_year, find_factor_set, pinned_sets

    if args.factors_command == "pin":
        return cmd_factors_pin(args)
    if args.factors_command == "import-desnz":
        return cmd_factors_import_desnz(args)
    if args.set_name:
        fs = find_factor_set(args.set_name, args.workspace)
    else:
        pins = pinned_sets(args.workspace)
        fs = factor_set_for_year(max(pins), args.workspace)
    table = fs.factors.copy()
    if args.format == "csv":
        sys.stdout.write(csv_text(table))
    else:
        print(factors_listing(fs, args.lang))
    return EXIT_OK


def _year_text(value) -> str:
    """A source's year as a year ("2015", never "2015.0" or "2 015"); "–" when missing."""
    try:
        return str(int(float(value)))
    except (TypeError, ValueError):
        return "–"


FACTOR_COLUMNS = ["factor_id", "activity", "basis", "gas", "value", "unit", "confidence", "publisher", "year"]


def factors_listing(fs, lang: str) -> str:
    """A factor set as a reader's table: the set in a sentence, activities, bases, units and marks in words."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.accounting.catalogue import load_catalogue
    from paastolaskuri.accounting.factors import scope2_basis_text
    from paastolaskuri.core.numformat import format_plain
    from paastolaskuri.reporting.presentation import basis_label, confidence_label, unit_label

    activities = load_catalogue().activities
    meta = fs.meta or {}
    head = text(
        "factors.set_line",
        lang,
        name=fs.name,
        year=fs.reporting_year or "–",
        published=meta.get("published", "–"),
        basis=scope2_basis_text(fs, lang),
    )
    if lang == "en" and fs.description:  # set.json describes a set in English only
        head += f"\n{fs.description}"
    table = fs.factors[FACTOR_COLUMNS].copy()
    table["activity"] = [activities[a].label(lang) if a in activities else a for a in table["activity"]]
    table["basis"] = [basis_label(b, lang) for b in table["basis"]]
    table["value"] = [format_plain(v, lang) for v in table["value"]]  # 73,5 / 73.5, never 7.35e+01
    table["unit"] = [unit_label(u, lang) for u in table["unit"]]
    table["confidence"] = [confidence_label(c, lang) for c in table["confidence"]]
    table["year"] = [_year_text(y) for y in table["year"]]
    table.columns = [text(f"factors.column.{c}", lang) for c in FACTOR_COLUMNS]
    return head + "\n" + table.to_string(index=False)


def cmd_factors_pin(args) -> int:
    """`factors pin YEAR SET`: pin a set to a reporting year in the workspace's years.csv, saying what changes."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.accounting.pins import change_lines, plan_pin, write_pin

    change = plan_pin(
        args.year, args.pin_set, args.workspace, force=args.force
    )  # PinRefused: main() prints it
    if change.changes:
        write_pin(change)
    for line in change_lines(change, args.lang):
        print(line)
    return EXIT_OK


def cmd_factors_import_desnz(args) -> int:
    """`factors import-desnz FLAT_FILE.xlsx --name NAME`: a factor set from DESNZ's flat file, in the workspace."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.accounting.desnz import read_flat_file, write_factor_set
    from paastolaskuri.accounting.factors import load_factor_set

    flat = read_flat_file(args.flat_file)  # DesnzImportError: main() prints it
    path = write_factor_set(flat, args.name, Path(args.workspace) / "data" / "factors", force=args.force)
    fs = load_factor_set(path)
    print(
        text(
            "desnz.written",
            args.lang,
            name=args.name,
            path=path,
            n=len(fs.factors),
            activities=len(fs.activities()),
            year=flat.year,
        )
    )
    return EXIT_OK


def cmd_commitments(args) -> int:
    """`commitments`: climate commitments tracked against the footprints (logic in paastolaskuri.commitments)."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.commitments.command import run_commitments

    return run_commitments(args)


def cmd_coursework(args) -> int:
    """`coursework case | build | grade` (logic in paastolaskuri.coursework)."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.coursework.command import run

    return run(args)


def cmd_actions(args) -> int:
    """The most effective reduction actions for one partner-year (logic in paastolaskuri.actions)."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.actions.command import run

    return run(args)


def cmd_export(args) -> int:
    """`paastolaskuri export research | vsme`: see paastolaskuri.research.command, reporting.vsme_export."""
    if args.export_kind == "vsme":
        # the command's stage is imported when it runs: the CLI starts without its libraries
        from paastolaskuri.reporting.vsme_export import run_vsme

        return run_vsme(args)
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.research.command import cmd_export as run_export

    return run_export(args)


def cmd_restate(args) -> int:
    """`restate`: logic in accounting/restatement.py, workspace reading in reporting/restatement_data.py."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.reporting.restatement_command import run_restate

    return run_restate(args)


def cmd_activities(args) -> int:
    """`activities`: the activity catalogue (key, labels, scope, category, units) as a table or CSV."""
    # pandas is imported on use: `paastolaskuri --help` and the light commands start without it
    import pandas as pd

    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.accounting.catalogue import load_catalogue

    rows = [
        {
            "key": a.key,
            "label_fi": a.label_fi,
            "label_en": a.label_en,
            "scope": a.scope,
            "category": a.category.code,
            "ghg_category": a.category.ghg_category,
            "units": " ".join(a.units),
        }
        for a in load_catalogue()
    ]
    table = pd.DataFrame(rows)
    if args.format == "csv":  # machine-readable: keys and both languages' names
        sys.stdout.write(csv_text(table))
    else:  # a reader's table: the name in the reader's language, translated headers
        shown = table.drop(columns=["label_en" if args.lang == "fi" else "label_fi"])
        shown.columns = [
            text(f"activities.column.{c}", args.lang)
            for c in ("key", "label", "scope", "category", "ghg_category", "units")
        ]
        print(shown.to_string(index=False))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
