"""`paastolaskuri coursework init | case | build | grade`: the commands (cli_parser.py has the parsers)."""

from __future__ import annotations

import sys
from pathlib import Path

from paastolaskuri.core.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from paastolaskuri.core.i18n import pair, text
from paastolaskuri.core.output_guard import under_raw
from paastolaskuri.coursework.build import DEFAULT_COURSE, build_course
from paastolaskuri.coursework.grade import SubmissionLayoutError, grade_folder
from paastolaskuri.coursework.student_files import existing_outputs, write_case_folder


def _t(name: str, lang: str, **kw) -> str:
    return text(f"coursework.cli.{name}", lang, **kw)


def _both(name: str) -> str:
    return " / ".join(pair(f"coursework.cli.{name}"))


def run(args) -> int:
    """Dispatch to the subcommand; exit 0, 1 (failed) or 2 (refused: a file exists, bad usage)."""
    commands = {"init": cmd_init, "case": cmd_case, "build": cmd_build, "grade": cmd_grade}
    return commands[args.coursework_command](args)


def cmd_init(args) -> int:
    """Create the course secret; an existing one is never replaced (exit 2)."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.coursework.secret import SecretExistsError, init_secret, secret_path

    course = args.course or DEFAULT_COURSE
    try:
        path = init_secret(course)
    except SecretExistsError:
        print(_t("secret_exists", args.lang, path=secret_path(course)), file=sys.stderr)
        return EXIT_USAGE
    print(_t("initialised", args.lang, path=path))
    return EXIT_OK


def cmd_case(args) -> int:
    """Write the student's case folder; existing files are refused without --force."""
    if under_raw(args.out, Path.cwd()):
        print(f"paastolaskuri coursework case: {args.out}: {_both('under_raw')}", file=sys.stderr)
        return EXIT_USAGE
    existing = existing_outputs(args.out)
    if existing and not args.force:
        print(_t("exists", args.lang, paths=", ".join(map(str, existing))), file=sys.stderr)
        return EXIT_USAGE
    if not args.student.strip():
        print(f"paastolaskuri coursework case: {_both('student_empty')}", file=sys.stderr)
        return EXIT_USAGE
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.coursework.secret import load_secret

    secret = load_secret(args.course)
    files = write_case_folder(args.student, args.out, lang=args.lang, secret=secret)
    if secret:
        print(_t("case", args.lang, folder=files.folder, key=files.key))
    else:
        print(_t("practice_case", args.lang, folder=files.folder))
    return EXIT_OK


def cmd_build(args) -> int:
    """`make coursework`: the release and the answer key into the course folder."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.coursework.build import SOLUTIONS_FILE, CourseSecretMissing

    students = [s for s in args.students.replace(",", " ").split() if s]
    try:
        result = build_course(args.course or DEFAULT_COURSE, students, execute=not args.no_execute)
    except (RuntimeError, CourseSecretMissing) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    if not SOLUTIONS_FILE.is_file():
        print(_t("no_solutions", args.lang, path=SOLUTIONS_FILE), file=sys.stderr)
    print(_t("built", args.lang, release=result.course / "release", key=result.course / "private"))
    return EXIT_OK


def cmd_grade(args) -> int:
    """Autograde a folder of submissions and write the grade CSV."""
    # the command's stage is imported when it runs: the CLI starts without its libraries
    from paastolaskuri.coursework.grade import NoSecretError
    from paastolaskuri.coursework.sandbox import Limits

    if args.out and Path(args.out).exists() and not args.force:
        print(
            _t("exists", args.lang, paths=args.out).replace("coursework case", "coursework grade"),
            file=sys.stderr,
        )
        return EXIT_USAGE
    course = args.course or DEFAULT_COURSE
    try:
        result = grade_folder(
            args.folder, course, args.out, jobs=args.jobs, limits=Limits(timeout=args.timeout)
        )
    except (SubmissionLayoutError, NoSecretError, RuntimeError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    cols = ["student_id", "assignment", "language", "status", "score", "max_score"]
    print(result.grades[cols].to_string(index=False))
    if not result.isolated:
        print(_t("not_isolated", args.lang), file=sys.stderr)
    for skipped in result.skipped:
        print(_t("skipped", args.lang, path=skipped.path, reason=skipped.reason), file=sys.stderr)
    print(
        _t(
            "graded",
            args.lang,
            notebooks=result.notebooks,
            students=len(result.students),
            skipped=len(result.skipped),
            csv=result.csv,
        )
    )
    return EXIT_OK
