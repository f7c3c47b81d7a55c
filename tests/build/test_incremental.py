"""Rebuilds after an edit: a quiz edit reaches the page and its package; module notebooks that only
call activities are rendered without a kernel, to the same HTML a kernel gives; a notebook with
other code is executed once and then taken from the execution cache (by both editions)."""

from __future__ import annotations

import re
import zipfile

import pytest
from kbtest import one_module_course, run_kursbuch

pytestmark = pytest.mark.build

ARTICLE = re.compile(r'<article class="bd-article">.*?</article>', re.S)


def _one_module_course(tmp_path):
    return one_module_course(tmp_path / "course")


def _build(root):
    result = run_kursbuch("build", cwd=root)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    return log


def _edit_quiz(root):
    quiz = root / "quizzes" / "m01.yml"
    text = quiz.read_text(encoding="utf-8")
    assert "Welche Vorschrift verpflichtet" in text
    quiz.write_text(text.replace("Welche Vorschrift verpflichtet", "Welche Norm verpflichtet"), encoding="utf-8")


def _page(root):
    return (root / "_build" / "html" / "modules" / "m01.html").read_text(encoding="utf-8")


def test_quiz_edit_reaches_page_and_package_without_a_kernel(tmp_path):
    root = _one_module_course(tmp_path)
    first = _build(root)
    assert "Executing notebook" not in first and "Excluded from execution" in first
    _edit_quiz(root)
    second = _build(root)
    assert "Executing notebook" not in second
    page = _page(root)
    assert "Welche Norm verpflichtet" in page and "Welche Vorschrift verpflichtet" not in page
    export = run_kursbuch("export", cwd=root)
    assert export.returncode == 0, export.stderr
    with zipfile.ZipFile(root / "_build" / "scorm" / "kursbuch-m01-scorm12.zip") as zf:
        assert "Welche Norm verpflichtet" in zf.read("index.html").decode("utf-8")


def test_notebook_with_code_runs_once_then_comes_from_the_cache_and_matches_the_kernel_free_page(tmp_path):
    static = _one_module_course(tmp_path / "static")
    _build(static)
    root = _one_module_course(tmp_path / "kernel")
    page = root / "modules" / "m01.md"
    # Any code besides activity calls sends the notebook through a kernel (and nothing visible changes).
    page.write_text(
        page.read_text(encoding="utf-8") + "\n```{code-cell} ipython3\n:tags: [remove-cell]\n\nanzahl = 1\n```\n",
        encoding="utf-8",
    )
    first = _build(root)
    assert "Executing notebook" in first and "Excluded from execution" not in first
    kernel_article, static_article = ARTICLE.findall(_page(root)), ARTICLE.findall(_page(static))
    assert len(kernel_article) == 1 and kernel_article == static_article
    assert kernel_article[0].count('class="cell_output') == 3
    _edit_quiz(root)
    second = _build(root)
    assert "Executing notebook" not in second and "Using cached notebook" in second
    assert "Welche Norm verpflichtet" in _page(root)
    trainer = run_kursbuch("trainer", cwd=root)
    log = trainer.stdout + trainer.stderr
    assert trainer.returncode == 0, log[-3000:]
    assert "Executing notebook" not in log and "Using cached notebook" in log  # one cache for both editions
    # The kernel's output names the activity: the trainer edition renders it with the case's decision map.
    trainer_page = (root / "_build" / "trainer" / "modules" / "m01.html").read_text(encoding="utf-8")
    assert 'id="kb-map-m01-s1"' in trainer_page and "Welche Norm verpflichtet" in trainer_page
