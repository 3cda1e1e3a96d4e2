"""`paastolaskuri coursework case | build | grade`: the parsers and the commands (cli.py registers them)."""

from __future__ import annotations

import sys
from pathlib import Path

from paastolaskuri.i18n import pair, text


def _t(name: str, lang: str, **kw) -> str:
    return text(f"coursework.cli.{name}", lang, **kw)


def _both(name: str) -> str:
    return " / ".join(pair(f"coursework.cli.{name}"))


def add_parser(sub, common, lang: str) -> None:
    """Register `coursework` and its subcommands on the CLI's subparsers, help in `lang` (`cli_help.coursework*`)."""
    from paastolaskuri.cli_parser import helps

    h = helps("coursework", lang)
    p = sub.add_parser("coursework", help=h("summary"))
    cw = p.add_subparsers(dest="coursework_command", required=True, help=h("command"))
    hc = helps("coursework_case", lang)
    c = cw.add_parser("case", help=hc("summary"))
    c.add_argument("--student", required=True, help=hc("student"))
    c.add_argument("--out", type=Path, required=True, help=hc("out"))
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
    common(g, workspace=False)


def run(args) -> int:
    """Dispatch to the subcommand; exit 0, 1 (failed) or 2 (refused: a file exists, bad usage)."""
    return {"case": cmd_case, "build": cmd_build, "grade": cmd_grade}[args.coursework_command](args)


def cmd_case(args) -> int:
    """Write the student's case folder; existing files are refused without --force."""
    from paastolaskuri.coursework.student_files import existing_outputs, write_case_folder
    from paastolaskuri.output_guard import under_raw

    if under_raw(args.out, Path.cwd()):
        print(f"paastolaskuri coursework case: {args.out}: {_both('under_raw')}", file=sys.stderr)
        return 2
    existing = existing_outputs(args.out)
    if existing and not args.force:
        print(_t("exists", args.lang, paths=", ".join(map(str, existing))), file=sys.stderr)
        return 2
    if not args.student.strip():
        print(f"paastolaskuri coursework case: {_both('student_empty')}", file=sys.stderr)
        return 2
    files = write_case_folder(args.student, args.out, lang=args.lang)
    print(_t("case", args.lang, folder=files.folder, key=files.key))
    return 0


def cmd_build(args) -> int:
    """`make coursework`: the release and the answer key into the course folder."""
    from paastolaskuri.coursework.build import DEFAULT_COURSE, build_course

    students = [s for s in args.students.replace(",", " ").split() if s]
    try:
        result = build_course(args.course or DEFAULT_COURSE, students, execute=not args.no_execute)
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(_t("built", args.lang, release=result.course / "release", key=result.course / "answer_key"))
    return 0


def cmd_grade(args) -> int:
    """Autograde a folder of submissions and write the grade CSV."""
    from paastolaskuri.coursework.build import DEFAULT_COURSE
    from paastolaskuri.coursework.grade import SubmissionLayoutError, grade_folder

    if args.out and Path(args.out).exists() and not args.force:
        print(
            _t("exists", args.lang, paths=args.out).replace("coursework case", "coursework grade"),
            file=sys.stderr,
        )
        return 2
    try:
        result = grade_folder(args.folder, args.course or DEFAULT_COURSE, args.out)
    except SubmissionLayoutError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    cols = ["assignment", "student_id", "score", "max_score"]
    print(result.grades[cols].to_string(index=False))
    print(_t("graded", args.lang, n=len(result.grades), csv=result.csv))
    return 0
