"""Content checks cached by file hash: an edit re-checks that file only; problems are never cached."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest import copy_course

from kursbuch import content_cache
from kursbuch.core import ContentErrors


def _course(tmp_path: Path) -> Path:
    return copy_course(tmp_path / "kurs")


def _checked_files(root: Path, monkeypatch) -> list[str]:
    """Load the course as a new process would, listing the files whose checks ran."""
    ran: list[str] = []
    real = content_cache.FileMemo.__call__

    def spy(self, path, work):
        def counted():
            ran.append(path.relative_to(root).as_posix())
            return work()

        return real(self, path, counted)

    monkeypatch.setattr(content_cache.FileMemo, "__call__", spy)
    content_cache._memory.clear()
    content_cache.load_course(root)
    return ran


def test_an_edit_rechecks_only_the_edited_file(tmp_path, monkeypatch):
    root = _course(tmp_path)
    first = _checked_files(root, monkeypatch)
    quiz = sorted((root / "quizzes").glob("*.yml"))[0]
    assert quiz.relative_to(root).as_posix() in first
    assert _checked_files(root, monkeypatch) == []  # nothing changed: nothing checked again
    quiz.write_text(quiz.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _checked_files(root, monkeypatch) == [quiz.relative_to(root).as_posix()]


def test_a_problem_is_reported_every_time(tmp_path, monkeypatch):
    root = _course(tmp_path)
    quiz = sorted((root / "quizzes").glob("*.yml"))[0]
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("module:", "modul:", 1), encoding="utf-8")
    for _ in range(2):
        content_cache._memory.clear()
        with pytest.raises(ContentErrors) as info:
            content_cache.load_course(root)
        assert quiz.name in info.value.report()


def test_book_files_are_checked_again_only_when_they_or_the_file_set_change(tmp_path, monkeypatch):
    root = _course(tmp_path)
    ran: list[int] = []
    real = content_cache.check_book_files
    monkeypatch.setattr(content_cache, "check_book_files", lambda r: ran.append(1) or real(r))

    def load() -> int:
        content_cache._memory.clear()
        content_cache.load_course(root)
        return len(ran)

    assert load() == 1
    page = sorted((root / "modules").glob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nEin Satz mehr.\n", encoding="utf-8")
    assert load() == 1  # a page's text: the book files' checks read no page
    stray = root / "modules" / "m98.md"
    stray.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ContentErrors) as info:  # a module page _toc.yml does not list
        load()
    assert "m98" in info.value.report()
    stray.unlink()
    toc = root / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert load() == 3
