"""Command line: ``kursbuch new | check | lint | build | watch | trainer | export | live | bench | schema | docs``.

Exit codes: 0 success, 1 content problems or a failed build, 2 usage errors.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from .core.errors import ContentErrors
from .core.project import Course, check_book_files, find_root
from .core.schema import SCHEMA_PATH, schema_text


def _root(arg: str | None) -> Path:
    return find_root(Path(arg) if arg else None)


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import new_course

    dest = new_course(Path(args.dir), args.title)
    print(f"New course in {dest}: check it with `kursbuch --root {dest} check`, then `lint`, `build`, `export`.")
    print("Set its title and rules in _config.yml (keys under kursbuch:, each commented).")
    return 0


def _check_legal_pages(root: Path) -> None:
    """A course that publishes generated legal pages (a page with the marker line) needs their settings."""
    from . import legal

    if not any(legal.MARKER.search(p.read_text(encoding="utf-8")) for p in root.glob("*.md")):
        return
    problems = legal.problems(root)
    if problems:
        raise ContentErrors(problems)


def cmd_check(args: argparse.Namespace) -> int:
    root = _root(args.root)
    check_book_files(root)
    course = Course.load(root)
    _check_legal_pages(root)
    acts = sum(len(m.activities()) for m in course.modules.values())
    print(f"ok: {len(course.modules)} module file(s), {acts} activities, no problems.")
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from .lint import lint_report

    problems, warnings = lint_report(_root(args.root))
    for w in warnings:
        # The location first, as in every other message; the mark says it does not fail the lint.
        print(f"{w} (warning)", file=sys.stderr)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
        return 1
    if warnings:
        print(
            f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (they do not fail the lint).", file=sys.stderr
        )
    print("ok: every module follows the template and the content rules.")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_course

    out = build_course(_root(args.root))
    print(f"Course built: {out / 'index.html'}")
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    from .watch import watch

    watch(_root(args.root))
    return 0


def cmd_trainer(args: argparse.Namespace) -> int:
    from .build import build_course
    from .handouts import build_handouts

    root = _root(args.root)
    out = build_course(root, edition="trainer")
    print(f"Trainer edition built: {out / 'index.html'}")
    print(f"Handouts (PDF): {build_handouts(root)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export.run import export_course

    out = export_course(_root(args.root))
    print(f"SCORM packages and data sheets: {out}")
    return 0


def cmd_live(args: argparse.Namespace) -> int:
    from .live.cli import run_live

    return run_live(args, _root)


def cmd_report(args: argparse.Namespace) -> int:
    import os

    from .report import report

    auth = os.environ.get("KURSBUCH_LRS_AUTH")  # user:password, never on the command line (shell history)
    sys.stdout.write(report(_root(args.root), args.source, auth, args.min_group))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import PARTS
    from .bench import main as bench

    sizes = tuple(int(x) for x in args.sizes.split(","))
    parts = frozenset(args.only.split(",")) if args.only else frozenset(PARTS)
    if not parts <= set(PARTS):
        print(f"kursbuch bench: --only: {args.only!r} names no part — name some of {', '.join(PARTS)}", file=sys.stderr)
        return 2
    return bench(_root(args.root), args.runs, sizes, args.scale_runs, Path(args.json) if args.json else None, parts)


def cmd_schema(args: argparse.Namespace) -> int:
    root = _root(args.root)
    target = root / SCHEMA_PATH
    if args.write:
        target.write_text(schema_text(), encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
        return 0
    sys.stdout.write(schema_text())
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from .core.docs import DOC_PATH, reference_markdown

    if args.write:
        target = _root(args.root) / DOC_PATH
        target.parent.mkdir(exist_ok=True)
        target.write_text(reference_markdown(), encoding="utf-8")
        print(f"wrote {DOC_PATH}")
        return 0
    sys.stdout.write(reference_markdown())
    return 0


def run() -> None:
    """Entry point of the ``kursbuch`` command and ``python -m kursbuch``: runs ``main`` and exits."""
    status = main()
    # The process ends here: exempt the objects of a build (Sphinx environment, doctrees) from the
    # collector's final passes, which took 0.6 s of every rebuild. Files are closed by then.
    gc.freeze()
    sys.exit(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kursbuch", description="Check and build a Kursbuch course.")
    parser.add_argument("--root", help="project folder (default: found above the current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("new", help="create a minimal new course (one module with a case and a quiz) in DIR")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--title", default="Neuer Kurs", help='the course title (default "Neuer Kurs")')
    p.set_defaults(func=cmd_new)
    sub.add_parser(
        "check", help="validate _config.yml, _toc.yml, quizzes/*.yml and the activity calls in modules/*.md"
    ).set_defaults(func=cmd_check)
    sub.add_parser("lint", help="check every module against the template and the content rules").set_defaults(
        func=cmd_lint
    )
    sub.add_parser("build", help="check, then build the HTML course into _build/html").set_defaults(func=cmd_build)
    sub.add_parser(
        "watch", help="build, then build again after every change to the course sources (Ctrl+C ends)"
    ).set_defaults(func=cmd_watch)
    sub.add_parser(
        "trainer", help="build the trainer edition into _build/trainer and the PDF handouts into _build/handouts"
    ).set_defaults(func=cmd_trainer)
    sub.add_parser(
        "export", help="write the packages of every export target and their data sheets into _build/scorm (after build)"
    ).set_defaults(func=cmd_export)
    p = sub.add_parser("live", help="serve a live session: the room votes on a case from their phones (after build)")
    from .live.cli import add_arguments

    add_arguments(p)
    p.set_defaults(func=cmd_live)

    p = sub.add_parser(
        "report", help="per case decision and quiz item: what learners chose (cmi5 statements, aggregated only)"
    )
    p.add_argument(
        "source", help="a JSON file of xAPI statements, or the LRS's xAPI endpoint (credentials: KURSBUCH_LRS_AUTH)"
    )
    p.add_argument("--min-group", type=int, default=5, help="show nothing of a question fewer learners answered (5)")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("bench", help="measure builds, exports, packages and pages against their targets")
    p.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported (default 3)")
    p.add_argument(
        "--sizes", default="16,64,256", help="course sizes at which the marginal cost per module is measured"
    )
    p.add_argument("--only", help="measure only some parts: build, pages, scale, rebuild90 (comma-separated)")
    p.add_argument("--scale-runs", type=int, default=1, help="runs per scaling size (default 1)")
    p.add_argument("--json", help="also write the figures to this JSON file")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("schema", help="print the JSON Schema of quizzes/*.yml")
    p.add_argument("--write", action="store_true", help=f"write it to {SCHEMA_PATH}")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("docs", help="print the format reference (Markdown) generated from the models")
    p.add_argument("--write", action="store_true", help="write it to docs/format-reference.md")
    p.set_defaults(func=cmd_docs)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        # Ours name the place and what to do (file: where: what — what to do); the system's name the file only.
        if exc.filename is not None:
            print(f"{exc.filename}: (file): {exc.strerror} — check the path", file=sys.stderr)
        else:
            print(exc, file=sys.stderr)
        return 2
    except RuntimeError as exc:  # BuildError, ExportError, ScaffoldError, ReportError: in the same form
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    run()
