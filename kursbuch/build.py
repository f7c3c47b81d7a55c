"""Build the course: check content, run Jupyter Book, publish only a complete result.

``build_course(root)`` runs every content check first (stopping with the same
messages as ``kursbuch check``), then Jupyter Book into ``_build/work``
(warnings are errors) and only after success replaces ``_build/html``. A
failed build leaves the previous ``_build/html`` untouched, so a half-written
folder is never presented as the course.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .core.project import Course


class BuildError(RuntimeError):
    """The book did not build; the message says why and what was kept."""


def jupyter_book_command(root: Path, work: Path, builder: str = "html") -> list[str]:
    exe = Path(sys.executable).parent / "jupyter-book"
    # -W: a warning fails the build; -n: nitpicky, dangling references warn; --keep-going: report them all.
    return [str(exe), "build", str(root), "--path-output", str(work), "--builder", builder, "-W", "-n", "--keep-going"]


def publish(src: Path, dest: Path) -> None:
    """Replace ``dest`` by a copy of ``src`` with a rename, never leaving a partial folder at ``dest``."""
    staging = dest.with_name(dest.name + ".new")
    old = dest.with_name(dest.name + ".old")
    for p in (staging, old):
        if p.exists():
            shutil.rmtree(p)
    shutil.copytree(src, staging)
    if dest.exists():
        dest.rename(old)
    staging.rename(dest)
    if old.exists():
        shutil.rmtree(old)


def build_course(root: Path, edition: str = "learner") -> Path:
    """Build ``root`` into ``root/_build/html`` (or, for the trainer edition, ``_build/trainer``)."""
    Course.load(root)  # raises ContentErrors before any output is touched
    trainer = edition == "trainer"
    work = root / "_build" / ("trainer-work" if trainer else "work")
    env = dict(os.environ, KURSBUCH_EDITION=edition)
    result = subprocess.run(jupyter_book_command(root, work), cwd=root, env=env)
    dest = root / "_build" / ("trainer" if trainer else "html")
    if result.returncode != 0:
        kept = f"the previous {dest.name} was left unchanged" if dest.exists() else f"_build/{dest.name} was not created"
        raise BuildError(f"Jupyter Book failed (exit {result.returncode}, see the messages above); {kept}.")
    publish(work / "_build" / "html", dest)
    return dest
