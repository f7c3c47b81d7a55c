"""Content errors: one problem in one source file, located for the author.

Every problem the loader or the checks find becomes a :class:`ContentError` that
names the file, the line, the path inside the file and what to do, e.g.::

    quizzes/m01.yml:42: quiz.items[3].answer: "e" is not one of the options a, b, c, d

:class:`ContentErrors` carries several of them at once so that an author sees
every problem of a run, not only the first.
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

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {format_path(self.path)}: {self.message}"


class ContentErrors(Exception):
    """Raised when content does not pass validation; holds every problem found."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(errors, key=lambda e: (e.file, e.line or 0, format_path(e.path), e.message))
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
