"""Content checks and kernel-free detection, cached by file hash in ``_build/.kursbuch-content``.

A build checks the whole course before Sphinx starts (``kursbuch.build``) and loads it again in
the Sphinx adapter; both parse every quiz file and run every check (1.4 s at 90 modules, twice),
and the adapter parses every module notebook to find those that run without a kernel (0.6 s).
A new ``kursbuch build`` process after a one-module edit redid all of it.

- :func:`load_course` returns the checked :class:`~kursbuch.core.project.Course`: from memory
  within one process, else from a pickle in the cache whose key is the hash of every file the
  checks read (the top-level files, ``quizzes/``, ``modules/``, ``docs/`` and every file
  ``_config.yml`` names) and of the ``kursbuch`` code itself. Only a course that passed every
  check is stored: a problem is found and reported by the checks themselves, every time.
- the checks of ``_config.yml`` and ``_toc.yml`` are skipped when they passed for the same two
  files, the same set of file names and the same code (they read no page);
- :func:`cached_by_text` keeps a function's result for a text (the kernel-free detection of a
  notebook) in a JSON file keyed by the text's hash.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .core.project import Course, check_book_files
from .paths import BuildPaths

PACKAGE = Path(__file__).resolve().parent
_memory: dict[str, Course] = {}


def _folder(root: Path) -> Path:
    return BuildPaths(root).build / ".kursbuch-content"


@functools.cache  # the code does not change within one process
def _code_digest() -> bytes:
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.digest()


def _inputs(root: Path) -> list[Path]:
    files = {p for p in root.iterdir() if p.is_file()}
    for folder in ("quizzes", "modules", "docs"):
        if (root / folder).is_dir():
            files |= {p for p in (root / folder).rglob("*") if p.is_file()}
    config = root / "_config.yml"
    if config.is_file():  # files the course settings name (module template, deny-list) may live anywhere
        for value in re.findall(r":\s*[\"']?([\w./-]+\.\w+)[\"']?\s*$", config.read_text(errors="replace"), re.M):
            candidate = root / value
            if ".." not in value and candidate.is_file():
                files.add(candidate)
    return sorted(files)


def course_key(root: Path) -> str:
    h = hashlib.sha256(_code_digest() + str(root).encode())  # the course object holds its root
    for path in _inputs(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def load_course(root: Path) -> Course:
    """The course, checked (``check_book_files`` and ``Course.load``; their ContentErrors propagate)."""
    root = root.resolve()
    key = course_key(root)
    if key in _memory:
        return _memory[key]
    stored = _folder(root) / f"course-{key}.pickle"
    course = None
    if stored.is_file():
        try:
            course = pickle.loads(stored.read_bytes())
        except Exception:  # a cache from another version: checked again below
            course = None
    if course is None:
        _check_book_files(root)
        course = Course.load(root, memo=FileMemo(root))
        stored.parent.mkdir(parents=True, exist_ok=True)
        for old in stored.parent.glob("course-*.pickle"):
            old.unlink()
        stored.write_bytes(pickle.dumps(course))
    _memory.clear()
    _memory[key] = course
    return course


def _listing(root: Path) -> list[str]:
    """Every file of the project but those in hidden folders, ``_build`` and ``node_modules``."""
    import os

    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_build")) and d != "node_modules")
        rel = Path(folder).relative_to(root).as_posix()
        found += sorted(f"{rel}/{name}" for name in files)
    return found


def _check_book_files(root: Path) -> None:
    """``check_book_files``, skipped when it passed for the same ``_config.yml`` and ``_toc.yml``, the
    same set of files (the table of contents names pages that must exist) and the same code. The
    checks read no page: an edit of a page's text does not run them again."""
    from importlib.metadata import version

    h = hashlib.sha256(_code_digest() + str(root).encode() + version("jupyter-book").encode())
    for name in ("_config.yml", "_toc.yml"):
        path = root / name
        h.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"\0missing"))
    h.update("\n".join(_listing(root)).encode())
    passed = _folder(root) / f"book-files-{h.hexdigest()}.ok"
    if passed.is_file():
        return
    check_book_files(root)  # ContentErrors go up, and nothing is kept
    passed.parent.mkdir(parents=True, exist_ok=True)
    for old in passed.parent.glob("book-files-*.ok"):
        old.unlink()
    passed.write_text("", encoding="utf-8")


class FileMemo:
    """Results of one file's checks, kept in ``_build/.kursbuch-content/files`` by the file's path,
    its content hash and the code's: an edit re-checks only the edited file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = _folder(root) / "files"

    def __call__(self, path: Path, work: Callable[[], Any]) -> Any:
        rel = path.resolve().relative_to(self.root).as_posix()
        key = hashlib.sha256(_code_digest() + rel.encode() + b"\0" + path.read_bytes()).hexdigest()
        stored = self.folder / f"{key}.pickle"
        if stored.is_file():
            try:
                return pickle.loads(stored.read_bytes())
            except Exception:  # written by another version: done again
                pass
        result = work()  # a ContentErrors goes up and nothing is kept
        self.folder.mkdir(parents=True, exist_ok=True)
        stored.write_bytes(pickle.dumps(result))
        return result


def cached_by_text(root: Path, name: str, fn: Callable[[str], Any], text: str) -> Any:
    """``fn(text)``, kept in ``_build/.kursbuch-content/<name>.json`` by the text's hash (and the code's)."""
    table = _tables.get((root, name))
    if table is None:
        path = _folder(root) / f"{name}.json"
        try:
            table = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        except ValueError:
            table = {}
        _tables[(root, name)] = table
    key = hashlib.sha256(_code_digest() + text.encode("utf-8")).hexdigest()
    if key not in table:
        table[key] = fn(text)
        path = _folder(root) / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(table), encoding="utf-8")
    return table[key]


_tables: dict[tuple[Path, str], dict[str, Any]] = {}
