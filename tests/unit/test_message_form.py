"""One message form: ``file:line: where: what is wrong — what to do``.

Every message the checks can produce is written in the source as a literal (an f-string, or parts
joined): handed to ``ContentError(…)``, to a located error helper (``loc.error(path, …)``,
``ctx.error``, ``error``, ``fail``, ``add``), returned by a function that words a problem
(``pydantic_message``, ``url_problem``, ``_message`` …) or paired with its location in a list of
problems. This test reads them all from the source (so a new message cannot slip past it) and asserts
each has the "what to do" part after " — ". The same holds for the lint's messages (every text
appended to its list of problems or warnings) and for the errors the commands raise outside the
checks (``BuildError``, ``ExportError``, ``ScaffoldError``, ``ReportError``, a missing project).
The rendered form, with file, line and where, is asserted for the messages the hostile corpus
produces (tests/unit/test_hostile_corpus.py) and here for the consequences of an unreadable quiz
file and for every error line the command line prints.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from kursbuch.cli import main
from kursbuch.scaffold import new_course

PACKAGE = Path(__file__).resolve().parents[2] / "kursbuch"
# The lint: its messages are the texts it appends to its lists of problems and warnings.
LINT = [PACKAGE / "lint.py", PACKAGE / "lint_readability.py"]
# The commands' own errors: the message is the first argument of the exception raised.
RAISING = [
    PACKAGE / "build.py",
    PACKAGE / "export" / "run.py",
    PACKAGE / "export" / "pages.py",  # its ValueError becomes an ExportError
    PACKAGE / "handouts.py",
    PACKAGE / "report.py",
    PACKAGE / "scaffold" / "__init__.py",
    PACKAGE / "live" / "course.py",
]
RAISED = {"BuildError", "ExportError", "ScaffoldError", "ReportError", "FileNotFoundError"}
FORM = re.compile(r"^[^:]+(:\d+)?: [^:]+: .+ — \S")  # file:line: where: what — what to do
SOURCES = sorted(
    [
        *(PACKAGE / "core").glob("*.py"),
        *(PACKAGE / "items").rglob("*.py"),
        PACKAGE / "export" / "settings.py",
        PACKAGE / "legal" / "settings.py",
        *LINT,
        *RAISING,
    ]
)
HELPERS = {"error", "fail", "add"}  # located-error helpers: the message is their last argument
WORDING = re.compile(r"message|problem")  # functions that word a problem and return it
TODO = re.compile(r" — \S")


def literal(node: ast.AST) -> str | None:
    """The text of a string literal, f-string (values as {}) or concatenation of them; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = literal(node.left), literal(node.right)
        return None if left is None and right is None else (left or "{}") + (right or "{}")
    return None


def messages(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, ast.AST]] = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.Call):
            name = fn.func.id if isinstance(fn.func, ast.Name) else getattr(fn.func, "attr", "")
            if name == "ContentError" and len(fn.args) >= 4:
                found.append((fn.lineno, fn.args[3]))
            elif name in HELPERS and len(fn.args) >= 2:
                found.append((fn.lineno, fn.args[-1]))
        if isinstance(fn, ast.FunctionDef) and WORDING.search(fn.name):
            for node in ast.walk(fn):
                if isinstance(node, ast.Return) and node.value is not None:
                    found.append((node.lineno, node.value))
                # (location, message) pairs collected in a list of problems
                if isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[0], ast.Tuple):
                    found.append((node.lineno, node.elts[1]))
        # (location, message) pairs yielded by a checker, and messages of settings validators
        if isinstance(fn, ast.Yield) and isinstance(fn.value, ast.Tuple) and len(fn.value.elts) == 2:
            found.append((fn.lineno, fn.value.elts[1]))
        if isinstance(fn, ast.Raise) and isinstance(fn.exc, ast.Call) and fn.exc.args:
            raised = getattr(fn.exc.func, "id", "")
            if raised in RAISED or (raised == "ValueError" and path.parent.name in ("legal", "export")):
                found.append((fn.lineno, fn.exc.args[0]))
        # the lint: every text appended to a list of problems or warnings, or returned as one
        if path in LINT and isinstance(fn, ast.Call) and getattr(fn.func, "attr", "") == "append" and fn.args:
            found.append((fn.lineno, fn.args[0]))
        if path in LINT and isinstance(fn, ast.Return) and isinstance(fn.value, ast.List):
            found += [(fn.lineno, element) for element in fn.value.elts]
    out = []
    for line, node in found:
        text = literal(node)
        if text is not None and len(text) > 12:  # short literals are names and paths, not messages
            out.append((line, text))
    return out


def test_the_sources_hold_messages():
    assert sum(len(messages(p)) for p in SOURCES) > 60  # the reader finds them
    assert len(messages(PACKAGE / "lint.py")) > 30
    for path in RAISING:
        assert messages(path), path  # every command's own errors are read


def test_every_message_says_what_to_do():
    missing = [
        f"{p.relative_to(PACKAGE.parent)}:{line}: {text[:100]}"
        for p in SOURCES
        for line, text in messages(p)
        if not TODO.search(text)
    ]
    assert missing == [], "messages without ' — what to do':\n" + "\n".join(missing)


def test_follow_on_errors_come_after_their_cause_and_are_marked(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = new_course(tmp_path / "kurs", "Testkurs")
    quiz = root / "quizzes" / "m01.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("module: m01", "module: m01\n  oops: [", 1))
    (root / "modules" / "m00.md").write_text('# Vorab\n\n```{code-cell}\nquiz("m01-wissen")\n```\n')
    (root / "_toc.yml").write_text(
        (root / "_toc.yml").read_text().replace("- file: modules/m01", "- file: modules/m00\n      - file: modules/m01")
    )
    assert main(["--root", str(root), "check"]) == 1
    lines = capsys.readouterr().err.splitlines()[:-1]
    cause = next(i for i, line in enumerate(lines) if line.startswith("quizzes/m01.yml:"))
    follow = [i for i, line in enumerate(lines) if "quizzes/m01.yml" in line and not line.startswith("quizzes/")]
    assert follow and min(follow) > cause, lines
    for i in follow:
        assert lines[i].startswith(("modules/m00.md:", "modules/m01.md:")), lines[i]
        assert "follows from the error in quizzes/m01.yml above" in lines[i], lines[i]
        assert TODO.search(lines[i]), lines[i]
    assert all(TODO.search(line) for line in lines), lines


def test_a_validation_error_has_the_whole_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Errors the format's validation reports (pydantic) come in the same form as the checks' own."""
    root = shutil.copytree(new_course(tmp_path / "a", "T"), tmp_path / "b")
    (root / "quizzes" / "m01.yml").write_text("module: m01\nquizzes:\n  - id: m01-wissen\n    items: []\n")
    assert main(["--root", str(root), "check"]) == 1
    for line in capsys.readouterr().err.splitlines()[:-1]:
        assert re.match(r"^[^:]+(:\d+)?: [^:]+: .+ — \S", line), line


def test_every_error_line_of_the_command_line_has_the_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """What the commands print when they stop (outside the content checks): one form, too."""
    root = new_course(tmp_path / "kurs", "Testkurs")
    (tmp_path / "datei").write_text("x", encoding="utf-8")
    page = root / "modules" / "m01.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSiehe {term}`Gibtsnicht`.\n", encoding="utf-8")
    runs = [
        (["--root", str(tmp_path / "leer"), "check"], 2),  # no project here
        (["new", str(tmp_path / "datei")], 1),  # ScaffoldError
        (["--root", str(root), "export"], 1),  # ExportError: not built
        (["--root", str(root), "report", str(tmp_path / "fehlt.json")], 1),  # ReportError
        (["--root", str(root), "report", "--min-group", "0", str(tmp_path / "fehlt.json")], 1),
        (["bench", "--only", "nichts"], 2),  # the command line's own check
        (["--root", str(root), "lint"], 1),  # a lint problem
    ]
    for argv, status in runs:
        assert main(argv) == status, argv
        lines = [line.removesuffix(" (warning)") for line in capsys.readouterr().err.splitlines()]
        lines = [line for line in lines if not re.fullmatch(r"\d+ (problem|warning)s? .*", line)]
        assert lines, argv
        for line in lines:
            assert FORM.match(line), f"{argv}: {line}"
