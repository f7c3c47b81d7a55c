"""Content errors: one problem in one source file, located for the author.

Every problem the loader or the checks find becomes a :class:`ContentError` that
names the file, the line, the path inside the file and what to do, e.g.::

    quizzes/m01.yml:42: quizzes[0].items[3].answer: 'e' is not one of the options a, b, c, d — name an existing option id

that is ``file:line: where: what is wrong — what to do`` (``tests/unit/test_message_form.py`` holds every
message to it). :class:`ContentErrors` carries several of them at once so that an author sees every
problem of a run, not only the first; an error that only follows from another one (a page calling a
quiz of a file that could not be read) is a ``consequence``, says so, and is listed after the causes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    """Render ``("quiz", "items", 3, "answer")`` as ``quiz.items[3].answer``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


@dataclass(frozen=True)
class ContentError:
    """One located problem in a content file."""

    file: str
    line: int | None
    path: tuple[PathPart, ...]
    message: str
    consequence: bool = False  # follows from another error of the run: listed after every cause

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {format_path(self.path)}: {self.message}"


class ContentErrors(Exception):
    """Raised when content does not pass validation; holds every problem found."""

    def __init__(self, errors: Iterable[ContentError]):
        # Causes first, then their consequences (each of which names its cause), so an author fixes
        # the first message first and the follow-on errors disappear with it.
        key = lambda e: (e.consequence, e.file, e.line or 0, format_path(e.path), e.message)  # noqa: E731
        self.errors = sorted(errors, key=key)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(e) for e in self.errors]
        n = len(self.errors)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found.")
        return "\n".join(lines)


def display_path(path: Path, root: Path | None) -> str:
    """Path as the author knows it: relative to the project root when possible."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
