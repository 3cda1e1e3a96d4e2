"""`paastolaskuri coursework case | build | grade`: the parsers and the commands (cli.py registers them)."""

from __future__ import annotations

import sys
from pathlib import Path

from paastolaskuri.coursework.build import DEFAULT_COURSE, build_course
from paastolaskuri.coursework.grade import SubmissionLayoutError, grade_folder
from paastolaskuri.coursework.student_files import existing_outputs, write_case_folder
from paastolaskuri.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from paastolaskuri.i18n import pair, text
from paastolaskuri.output_guard import under_raw


def _t(name: str, lang: str, **kw) -> str:
    return text(f"coursework.cli.{name}", lang, **kw)


def _both(name: str) -> str:
    return " / ".join(pair(f"coursework.cli.{name}"))


def run(args) -> int:
    """Dispatch to the subcommand; exit 0, 1 (failed) or 2 (refused: a file exists, bad usage)."""
    return {"case": cmd_case, "build": cmd_build, "grade": cmd_grade}[args.coursework_command](args)


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
    files = write_case_folder(args.student, args.out, lang=args.lang)
    print(_t("case", args.lang, folder=files.folder, key=files.key))
    return EXIT_OK


def cmd_build(args) -> int:
    """`make coursework`: the release and the answer key into the course folder."""
    students = [s for s in args.students.replace(",", " ").split() if s]
    try:
        result = build_course(args.course or DEFAULT_COURSE, students, execute=not args.no_execute)
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    print(_t("built", args.lang, release=result.course / "release", key=result.course / "answer_key"))
    return EXIT_OK


def cmd_grade(args) -> int:
    """Autograde a folder of submissions and write the grade CSV."""
    if args.out and Path(args.out).exists() and not args.force:
        print(
            _t("exists", args.lang, paths=args.out).replace("coursework case", "coursework grade"),
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        result = grade_folder(args.folder, args.course or DEFAULT_COURSE, args.out)
    except SubmissionLayoutError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    cols = ["assignment", "student_id", "score", "max_score"]
    print(result.grades[cols].to_string(index=False))
    print(_t("graded", args.lang, n=len(result.grades), csv=result.csv))
    return EXIT_OK
