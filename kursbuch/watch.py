"""``kursbuch watch``: build the course, then build it again whenever a source changes.

The sources are ``_config.yml``, ``_toc.yml``, the pages beside them (``*.md``) and everything in
``modules/`` and ``quizzes/``; nothing in ``_build`` or elsewhere triggers a build. Every build is
``build_course`` (checks first, the published ``_build/html`` replaced only by a complete build),
run in this one process: Python, Sphinx and the theme are loaded once, so a rebuild after an edit
costs the changed pages, not a fresh start of the whole tool chain (see the benchmark).

A content error or failed build is reported with its file and line and the watcher goes on:
the previous ``_build/html`` stays in place until the next good build. Ctrl+C ends it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import watchfiles

from .build import BuildError, build_course
from .core.errors import ContentErrors

TOP_LEVEL = {"_config.yml", "_toc.yml"}
FOLDERS = ("modules", "quizzes")
SUFFIXES = {".md", ".yml", ".yaml", ".ipynb"}  # not an editor's or sed's temporary files


def source_filter(root: Path) -> Callable[[watchfiles.Change, str], bool]:
    """True for a change to a course source of ``root`` (see the module docstring)."""
    root = root.resolve()

    def accept(change: watchfiles.Change, path: str) -> bool:
        try:
            rel = Path(path).resolve().relative_to(root)
        except ValueError:
            return False
        if len(rel.parts) == 1:
            return rel.name in TOP_LEVEL or rel.suffix == ".md"
        return rel.parts[0] in FOLDERS and rel.suffix in SUFFIXES and not any(p.startswith(".") for p in rel.parts)

    return accept


def build_once(root: Path, report: Callable[[str], None]) -> bool:
    """One build; its outcome reported as a line. True if the course was published."""
    start = time.perf_counter()
    try:
        out = build_course(root)
    except ContentErrors as exc:
        report(exc.report())
        report("Not built: fix the problems above; the previous _build/html was left unchanged.")
        return False
    except BuildError as exc:
        report(f"Not built: {exc}")
        return False
    report(f"Course built in {time.perf_counter() - start:.1f} s: {out / 'index.html'}")
    return True


def changes(root: Path, stop_event: Any = None) -> Iterator[set[tuple[watchfiles.Change, str]]]:
    """Sets of source changes, each yielded once the files have been quiet for 50 ms; an empty set
    every quiet second (the first one says that the watcher is registered)."""
    yield from watchfiles.watch(
        root,
        watch_filter=source_filter(root),
        step=50,
        rust_timeout=1000,
        yield_on_timeout=True,
        stop_event=stop_event,
        raise_interrupt=False,
    )


def _print(line: str) -> None:
    print(line, flush=True)


def watch(root: Path, report: Callable[[str], None] = _print, stop_event: Any = None) -> None:
    batches = changes(root, stop_event)
    try:
        next(batches)  # registered before the first build: no edit made during it is missed
        build_once(root, report)
        report(f"Watching {root} for changes to the course sources (Ctrl+C ends).")
        for batch in batches:
            if not batch:
                continue
            names = sorted({str(Path(p).resolve().relative_to(root.resolve())) for _, p in batch})
            report(f"Changed: {', '.join(names)}")
            build_once(root, report)
    except KeyboardInterrupt:  # Ctrl+C during a build: the build's own output says how far it got
        pass
    report("Stopped watching.")
