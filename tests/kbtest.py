"""Helpers shared by the test modules (imported as `kbtest`; tests/ is on sys.path via conftest)."""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

REPO = Path(__file__).resolve().parent.parent
# The course the tests build and read: this repository, or another course folder for a focused run.
SOURCE = Path(os.environ.get("KURSBUCH_TEST_SOURCE", REPO)).resolve()
SOURCES = ["_config.yml", "_toc.yml", "modules", "quizzes", "docs"]  # plus every top-level page (*.md but README)


def copy_course(dest: Path) -> Path:
    """Copy the course sources (not builds, not the venv) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    pages = [p.name for p in SOURCE.glob("*.md") if p.name != "README.md"]
    for name in [*SOURCES, *pages]:
        src = SOURCE / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def one_module_course(dest: Path, module: str = "m01") -> Path:
    """A copy of the course whose book holds one module (faster builds for tests of the build)."""
    root = copy_course(dest)
    # Every page of the course's own table of contents except the other modules (the pages link each other).
    pages = [f for f in re.findall(r"^\s*- file: (\S+)", (root / "_toc.yml").read_text(encoding="utf-8"), re.M)]
    keep = [f for f in pages if not f.startswith("modules/")]
    chapters = "".join(f"  - file: {f}\n" for f in [f"modules/{module}", *keep])
    (root / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n{chapters}", encoding="utf-8")
    (root / "quellen.md").write_text(f"# Quellen\n\nSiehe {{doc}}`modules/{module}`.\n", encoding="utf-8")
    # The other modules stay in modules/, excluded as a publisher excludes a page (kursbuch check wants
    # every page of modules/ listed in _toc.yml or excluded).
    others = sorted(p.relative_to(root).as_posix() for p in (root / "modules").glob("*.md") if p.stem != module)
    add_exclude_patterns(root, others)
    return root


def add_exclude_patterns(root: Path, patterns: list[str]) -> None:
    """Add ``patterns`` to ``exclude_patterns`` in a course copy's ``_config.yml``, comments kept."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    path = root / "_config.yml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    current = data.get("exclude_patterns")
    if current is None:
        data["exclude_patterns"] = current = []
    current.extend(p for p in patterns if p not in current)
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)


def kursbuch_env() -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def run_kursbuch(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kursbuch", *args],
        cwd=cwd,
        env=kursbuch_env(),
        capture_output=True,
        text=True,
    )


def trainer_note_probes() -> list[str]:
    """Up to three 40-character lines of every module's trainer notes: text that must never
    appear in a learner page or a package."""
    probes = []
    for source in sorted((SOURCE / "modules").glob("*.md")):
        notes = source.read_text(encoding="utf-8").split("```{trainer-notes}")[1].split("```")[0]
        probes += [line.strip()[:40] for line in notes.splitlines() if len(line.strip()) > 40][:3]
    assert probes, "no trainer notes found in modules/*.md"
    return probes


def set_config(root: Path, dotted: str, value: object) -> None:
    """Set one key of a course copy's ``_config.yml`` (e.g. ``kursbuch.scorm.interactions``), keeping the
    rest of the file, its comments and its other ``kursbuch:`` keys as they are."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    path = root / "_config.yml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    *parents, last = dotted.split(".")
    node = data
    for key in parents:
        if node.get(key) is None:
            node[key] = {}
        node = node[key]
    node[last] = value
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)


class Lines:
    """The lines a process writes to ``stream``, read on a thread as they come (so a chatty process
    never blocks on a full pipe); ``wait_for`` waits for a line by reading, never by sleeping."""

    def __init__(self, stream: IO[str]):
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.log: list[str] = []
        self.ended = False
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)  # end of output: the process closed it or ended

    def wait_for(self, match: Callable[[str], bool], what: str, timeout: float = 120) -> str:
        """The next line for which ``match`` is true; fails with ``what`` and the last lines read
        after ``timeout`` seconds or when the output ends."""
        end = time.monotonic() + timeout
        while not self.ended:
            try:
                line = self._lines.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                self.ended = True
                break
            self.log.append(line)
            if match(line):
                return line
        tail = "\n".join(self.log[-40:])
        state = "the output ended" if self.ended else f"none within {timeout:.0f} s"
        raise AssertionError(f"waited for {what}: {state}; last lines:\n{tail}")


def wait_until(predicate: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    """Check ``predicate`` every ``interval`` seconds until it is true; fail naming ``what`` after
    ``timeout`` seconds. Only for states nothing announces (a port that starts to accept
    connections): wherever an event exists (process output, a browser event), wait for that."""
    end = time.monotonic() + timeout
    pause = threading.Event()  # never set: its wait is the interval between two checks
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        pause.wait(interval)
