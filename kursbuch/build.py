"""Build the course: check content, run Jupyter Book, publish only a complete result.

``build_course(root)`` runs every content check first (stopping with the same
messages as ``kursbuch check``), then Jupyter Book into ``_build/work``
(warnings are errors) and only after success replaces ``_build/html``. A
failed build leaves the previous ``_build/html`` untouched, so a half-written
folder is never presented as the course.

Jupyter Book runs in this process (its command-line entry point, called directly): a second
interpreter would import the whole Sphinx stack again, about a second of every rebuild.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .core.project import Course, check_book_files
from .paths import BuildPaths


class BuildError(RuntimeError):
    """The book did not build; the message says why and what was kept."""


def jupyter_book_args(root: Path, work: Path, builder: str = "html") -> list[str]:
    # -W: a warning fails the build; -n: nitpicky, dangling references warn; --keep-going: report them all.
    return ["build", str(root), "--path-output", str(work), "--builder", builder, "-W", "-n", "--keep-going"]


def run_jupyter_book(args: list[str], edition: str) -> int:
    """``jupyter-book <args>`` in this process; its exit status (0 on success)."""
    from jupyter_book.cli.main import main as jupyter_book

    previous = os.environ.get("KURSBUCH_EDITION")
    os.environ["KURSBUCH_EDITION"] = edition  # read by the Sphinx adapter at config-inited
    try:
        jupyter_book.main(args, prog_name="jupyter-book", standalone_mode=False)
    except SystemExit as exc:  # Jupyter Book exits with Sphinx's status on a failed build
        return exc.code if isinstance(exc.code, int) else 1
    except RuntimeError as exc:  # an exception inside Sphinx, already reported above it
        print(exc)
        return 1
    except Exception as exc:  # anything else Jupyter Book raises: reported, the build counts as failed
        print(f"Jupyter Book stopped: {type(exc).__name__}: {exc}")
        return 1
    finally:
        if previous is None:
            os.environ.pop("KURSBUCH_EDITION", None)
        else:
            os.environ["KURSBUCH_EDITION"] = previous
    return 0


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


def build_course(root: Path, edition: str = "learner") -> Path:
    """Build ``root`` into ``root/_build/html`` (or, for the trainer edition, ``_build/trainer``)."""
    check_book_files(root)  # these raise ContentErrors before any output is touched
    Course.load(root)
    paths = BuildPaths(root)
    work = paths.work(edition)
    status = run_jupyter_book(jupyter_book_args(root, work), edition)
    dest = paths.published(edition)
    if status != 0:
        kept = (
            f"the previous {dest.name} was left unchanged" if dest.exists() else f"_build/{dest.name} was not created"
        )
        raise BuildError(f"Jupyter Book failed (exit {status}, see the messages above); {kept}.")
    publish(paths.sphinx_out(edition), dest)
    return dest
