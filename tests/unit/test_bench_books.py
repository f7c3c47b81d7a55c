"""The books the benchmark builds beside the course: generated courses and the one-page baseline.

The figures themselves are the benchmark's (``kursbuch bench``), never timed here; these tests check
that each baseline is the book its label says it is."""

from __future__ import annotations

from kbtest import SOURCE
from ruamel.yaml import YAML

from kursbuch.bench import generated_course, one_page_book


def test_the_one_page_book_is_jupyter_books_defaults_with_one_page(tmp_path):
    book = one_page_book(SOURCE, tmp_path / "eine-seite")
    assert sorted(p.name for p in book.iterdir()) == ["_config.yml", "_toc.yml", "index.md"]
    config = YAML(typ="safe").load((book / "_config.yml").read_text(encoding="utf-8"))
    assert "sphinx" not in config and "kursbuch" not in config  # no extension of ours, no override
    toc = YAML(typ="safe").load((book / "_toc.yml").read_text(encoding="utf-8"))
    assert toc == {"format": "jb-book", "root": "index"}
    assert (SOURCE / "_config.yml").read_text(encoding="utf-8") != (book / "_config.yml").read_text(encoding="utf-8")


def test_a_generated_course_has_every_module_once_beyond_m99(tmp_path):
    course = generated_course(SOURCE, tmp_path / "kurs", 92)
    ids = sorted(p.stem for p in (course / "modules").glob("*.md"))
    assert len(ids) == 92 and ids[0] == "m10" and "m100" in ids and "m101" in ids
    assert ids == sorted(p.stem for p in (course / "quizzes").glob("*.yml"))
    toc = (course / "_toc.yml").read_text(encoding="utf-8")
    assert all(toc.count(f"modules/{i}\n") == 1 for i in ids)
    assert "m01" not in (course / "quizzes" / "m55.yml").read_text(encoding="utf-8")  # every id replaced
