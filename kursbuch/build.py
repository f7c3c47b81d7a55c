"""Build the course: check content, run Jupyter Book, publish only a complete result.

``build_course(root)`` runs every content check first (stopping with the same
messages as ``kursbuch check``), then Jupyter Book into ``_build/work``
(warnings are errors) and only after success replaces ``_build/html``. A
failed build leaves the previous ``_build/html`` untouched, so a half-written
folder is never presented as the course; a code cell that failed is reported with its page, its
line there, the exception's type and message (:mod:`kursbuch.core.cell_errors`).

Jupyter Book runs in this process (what its ``build`` command does, called directly): a second
interpreter would import the whole Sphinx stack again, about a second of every rebuild. The edition
reaches the Sphinx adapter as the configuration value ``kursbuch_edition`` (an override, like the
command line's), so both editions can be built one after the other in one process.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from .content_cache import load_course
from .core.cell_errors import cell_error
from .core.errors import ContentError, ContentErrors, display_path
from .paths import EDITIONS, BuildPaths


class BuildError(RuntimeError):
    """The book did not build; the message says why and what was kept."""


def run_jupyter_book(root: Path, edition: str) -> int:
    """``jupyter-book build root --path-output <work> -W -n --keep-going`` in this process, with the
    edition as the Sphinx configuration value ``kursbuch_edition``; its exit status (0 on success).

    Jupyter Book's own ``build`` command works out the configuration (``get_config_only``); the
    edition joins its configuration overrides, which win over ``_config.yml``, and the book is
    built with the same call the command makes (``build_sphinx``)."""
    from .adapters import lazy_execution

    lazy_execution.install()  # myst-nb's executors (jupyter-cache, SQLAlchemy) only when a notebook runs
    from jupyter_book.cli.main import build
    from jupyter_book.sphinx import build_sphinx

    paths = BuildPaths(root)
    options = {"warningiserror": True, "keep_going": True}  # a warning fails the build; report them all
    try:
        path_config, source, overrides = build.callback(
            path_source=str(root),
            path_output=str(paths.work(edition)),
            config=None,
            toc=None,
            nitpick=True,  # dangling references warn
            freshenv=False,
            builder="html",
            custom_builder=None,
            verbose=0,
            quiet=0,
            individualpages=False,
            get_config_only=True,
            **options,
        )
        overrides["kursbuch_edition"] = edition
        result = build_sphinx(
            source,
            paths.sphinx_out(edition),  # where `build` itself puts the HTML for that --path-output
            use_external_toc=True,
            noconfig=True,
            path_config=path_config,
            confoverrides=overrides,
            builder="html",
            **options,
        )
    except Exception as exc:  # anything Jupyter Book raises outside Sphinx: reported, the build counts as failed
        print(f"Jupyter Book stopped: {type(exc).__name__}: {exc}")
        return 1
    if isinstance(result, KeyboardInterrupt):  # Ctrl+C during the build: ends `kursbuch watch` too
        raise result
    if isinstance(result, BaseException):  # an exception inside Sphinx, already reported by Jupyter Book
        return 1
    return int(result or 0)


def publish(src: Path, dest: Path) -> None:
    """Replace ``dest`` by a copy of ``src`` with a rename, never leaving a partial folder at ``dest``.

    The new folder is assembled beside ``dest``: files that are unchanged since the last publication
    (same size and modification time; the copies keep the build's times) are hard links to the
    published ones, the others are copied. Published files are never written in place, so the
    folders share nothing that changes; after one page's rebuild this takes milliseconds."""
    staging = dest.with_name(dest.name + ".new")
    old = dest.with_name(dest.name + ".old")
    for p in (staging, old):
        if p.exists():
            shutil.rmtree(p)
    if not dest.exists():
        shutil.copytree(src, staging)
    else:
        for folder, _, files in os.walk(src):
            rel = Path(folder).relative_to(src)
            (staging / rel).mkdir(parents=True, exist_ok=True)
            for name in files:
                new, current = Path(folder) / name, dest / rel / name
                a = new.stat()
                b = current.stat() if current.is_file() else None
                if b is not None and (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns):
                    os.link(current, staging / rel / name)
                else:
                    shutil.copy2(new, staging / rel / name)
    if dest.exists():
        dest.rename(old)
    staging.rename(dest)
    if old.exists():
        shutil.rmtree(old)


def _failed_cells(root: Path, reports: Path, since: float) -> list[ContentError]:
    """The code cells that failed in this build, each located in its page (:mod:`kursbuch.core.cell_errors`)."""
    errors = []
    for report in sorted(reports.rglob("*.err.log")) if reports.is_dir() else []:
        if report.stat().st_mtime < since - 1:
            continue  # from an earlier build
        page = root / report.relative_to(reports).with_suffix("").with_suffix(".md")
        if not page.is_file():
            continue
        shown = display_path(page, root)
        errors.append(
            cell_error(
                report.read_text(encoding="utf-8", errors="replace"),
                page.read_text(encoding="utf-8"),
                shown,
                display_path(report, root),
            )
        )
    return errors


def build_course(root: Path, edition: str = "learner") -> Path:
    """Build ``root`` into ``root/_build/html`` (or, for the trainer edition, ``_build/trainer``)."""
    if edition not in EDITIONS:
        raise BuildError(
            f"build_course: edition: {edition!r} is not an edition — use one of {', '.join(EDITIONS)}; nothing was built"
        )
    load_course(root)  # raises ContentErrors before any output is touched; cached by file hash
    paths = BuildPaths(root)
    started = time.time()
    status = run_jupyter_book(root, edition)
    dest = paths.published(edition)
    if status != 0:
        # Read every page again next time: Sphinx 7 does not re-read an unchanged page whose reading
        # failed (a failing cell) and would build and publish it without its outputs.
        (paths.sphinx_out(edition).parent / ".doctrees" / "environment.pickle").unlink(missing_ok=True)
        failed_cells = _failed_cells(root, paths.sphinx_out(edition) / "reports", started)
        if failed_cells:
            raise ContentErrors(failed_cells)
        kept = "the previous course was left unchanged" if dest.exists() else "nothing was published"
        raise BuildError(
            f"_build/{dest.name}: Jupyter Book: the build failed (exit {status}); {kept} — fix what the messages "
            "above name and build again"
        )
    publish(paths.sphinx_out(edition), dest)
    return dest
