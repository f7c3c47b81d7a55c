"""`kursbuch watch` as an author uses it: one build, then a build after each edit of a module page
or a quiz file; a broken quiz file is reported with its file and line while the last good course
stays published, and the next good edit publishes again. Ctrl+C ends it cleanly."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time

import pytest
from kbtest import kursbuch_env, one_module_course

pytestmark = pytest.mark.build


class Watcher:
    def __init__(self, root):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kursbuch", "watch"],
            cwd=root,
            env=kursbuch_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, *starts: str, timeout: float = 120) -> str:
        """The next line starting with one of ``starts`` (everything read is kept in ``log``)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=max(0.1, end - time.monotonic()))
            except queue.Empty:
                break
            self.log.append(line)
            if line.startswith(starts):
                return line
        raise AssertionError(f"no line starting with {starts} in time:\n" + "\n".join(self.log[-40:]))


def test_watch_rebuilds_after_edits_and_survives_a_broken_file(tmp_path):
    root = one_module_course(tmp_path / "course")
    page = root / "_build" / "html" / "modules" / "m01.html"
    w = Watcher(root)
    try:
        assert w.wait_for("Course built", "Not built").startswith("Course built")
        w.wait_for("Watching")

        with (root / "modules" / "m01.md").open("a", encoding="utf-8") as f:
            f.write("\nEin Satz, den erst die Beobachtung in die Seite bringt.\n")
        assert w.wait_for("Changed") == "Changed: modules/m01.md"
        assert w.wait_for("Course built", "Not built").startswith("Course built")
        assert "erst die Beobachtung" in page.read_text(encoding="utf-8")

        quiz = root / "quizzes" / "m01.yml"
        good = quiz.read_text(encoding="utf-8")
        quiz.write_text(good.replace("Welche Vorschrift verpflichtet", "Welche Norm verpflichtet"), encoding="utf-8")
        assert w.wait_for("Course built", "Not built").startswith("Course built")
        published = page.read_text(encoding="utf-8")
        assert "Welche Norm verpflichtet" in published

        broken = good.replace("Welche Vorschrift verpflichtet", "Welche Pflicht: [")
        quiz.write_text(broken, encoding="utf-8")
        problem = w.wait_for("quizzes/m01.yml:")
        assert "YAML syntax error" in problem
        assert w.wait_for("Not built").endswith("the previous _build/html was left unchanged.")
        assert page.read_text(encoding="utf-8") == published

        quiz.write_text(good, encoding="utf-8")
        assert w.wait_for("Course built", "Not built").startswith("Course built")
        assert "Welche Vorschrift verpflichtet" in page.read_text(encoding="utf-8")

        (root / "_build" / "html" / "notiz.txt").write_text("kein Quelltext", encoding="utf-8")
        # Then a source edit: the watcher sees changes in order, so its next line is about this
        # edit alone; a reaction to the file in _build would come first or be named in it.
        with (root / "modules" / "m01.md").open("a", encoding="utf-8") as f:
            f.write("\nNoch ein Satz.\n")
        assert w.wait_for("Changed") == "Changed: modules/m01.md", "a file in _build must not start a build"
        assert w.wait_for("Course built", "Not built").startswith("Course built")
    finally:
        w.proc.send_signal(signal.SIGINT)
        status = w.proc.wait(timeout=30)
    assert status == 0, "\n".join(w.log[-20:])
