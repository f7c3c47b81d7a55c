"""`kursbuch new DIR`: a new course, made in a temporary folder, passes check and lint, builds warning-free,
exports, and shows nothing of this repository's course; a non-empty folder is refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from kbtest import SOURCE, run_kursbuch
from ruamel.yaml import YAML

from kursbuch.core.project import Course, toc_modules

pytestmark = pytest.mark.build


def ok(*args: str, cwd: Path) -> str:
    result = run_kursbuch(*args, cwd=cwd)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    return log


@pytest.fixture(scope="module")
def new_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("neu") / "mein-kurs"
    ok("new", str(root), "--title", "Bürgerservice: ein Beispielkurs", cwd=root.parent)
    return root


def test_new_course_passes_check_and_lint(new_course):
    assert ok("check", cwd=new_course).startswith("ok: 1 module file(s), 2 activities")
    assert "ok: every module follows the template" in ok("lint", cwd=new_course)
    course = Course.load(new_course)
    assert toc_modules(new_course) == ["m01"]
    case = course.activity("m01-s1")
    assert sum(1 for n in case.nodes if n.choices) >= 2
    assert len({c.next for n in case.nodes for c in n.choices}) > 2  # choices lead to different nodes


def test_new_course_builds_and_exports(new_course):
    log = ok("build", cwd=new_course)
    assert "WARNING" not in log, [line for line in log.splitlines() if "WARNING" in line]
    html = new_course / "_build" / "html"
    index = BeautifulSoup((html / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.html["lang"] == "de"
    assert "Bürgerservice: ein Beispielkurs" in index.title.get_text()
    page = (html / "modules" / "m01.html").read_text(encoding="utf-8")
    assert 'id="kb-m01-s1"' in page and 'id="kb-m01-wissen"' in page
    ok("export", cwd=new_course)
    packages = sorted(p.name for p in (new_course / "_build" / "scorm").glob("*.zip"))
    assert "kursbuch-m01-scorm12.zip" in packages, packages
    with zipfile.ZipFile(new_course / "_build" / "scorm" / "kursbuch-m01-scorm12.zip") as z:
        assert "imsmanifest.xml" in z.namelist()
        assert "Bürgerservice: ein Beispielkurs" in z.read("imsmanifest.xml").decode()


def test_new_course_carries_nothing_of_this_course(new_course):
    this_title = YAML(typ="safe").load((SOURCE / "_config.yml").read_text(encoding="utf-8"))["title"]
    for path in new_course.rglob("*"):
        if path.is_file() and "_build" not in path.parts and path.suffix in (".md", ".yml", ".json"):
            assert this_title not in path.read_text(encoding="utf-8"), path


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notiz.txt").write_text("bleibt", encoding="utf-8")
    result = run_kursbuch("new", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path}: new course: the folder is not empty — name a new or empty folder; nothing was changed" in (
        result.stderr
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notiz.txt"]
