"""Editing a quiz file updates the built page and its package on the next build, without
executing the module notebook again (the cached execution is reused)."""

from __future__ import annotations

import pytest

from kbtest import copy_course, run_kursbuch

pytestmark = pytest.mark.build


def test_quiz_edit_reaches_page_and_package_without_reexecution(tmp_path):
    root = copy_course(tmp_path / "course")
    (root / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n  - file: modules/m01\n  - file: glossar\n  - file: quellen\n  - file: barrierefreiheit\n",
        encoding="utf-8",
    )
    quellen = root / "quellen.md"
    quellen.write_text("# Quellen\n\nSiehe {doc}`modules/m01`.\n", encoding="utf-8")
    first = run_kursbuch("build", cwd=root)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    quiz = root / "quizzes" / "m01.yml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("Welche Vorschrift verpflichtet", "Welche Norm verpflichtet"),
        encoding="utf-8",
    )
    second = run_kursbuch("build", cwd=root)
    log = second.stdout + second.stderr
    assert second.returncode == 0, log[-3000:]
    assert "Executing notebook" not in log and "Using cached notebook" in log
    page = (root / "_build" / "html" / "modules" / "m01.html").read_text(encoding="utf-8")
    assert "Welche Norm verpflichtet" in page and "Welche Vorschrift verpflichtet" not in page
    export = run_kursbuch("export", cwd=root)
    assert export.returncode == 0, export.stderr
    import zipfile

    with zipfile.ZipFile(root / "_build" / "scorm" / "kursbuch-m01-scorm12.zip") as zf:
        assert "Welche Norm verpflichtet" in zf.read("index.html").decode("utf-8")
