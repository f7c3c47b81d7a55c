"""Publishing a build: the published folder always equals the build it came from, shares no file
with the build folder (which the next build writes into in place), and a republish after a small
change reuses the unchanged files."""

from __future__ import annotations

import os

from kursbuch.build import publish


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_publish_equals_the_build_and_reuses_unchanged_files(tmp_path):
    build, dest = tmp_path / "work", tmp_path / "html"
    (build / "_static").mkdir(parents=True)
    (build / "index.html").write_text("Start", encoding="utf-8")
    (build / "m01.html").write_text("Modul 1", encoding="utf-8")
    (build / "_static" / "theme.css").write_text("body {}", encoding="utf-8")
    publish(build, dest)
    assert _tree(dest) == _tree(build)
    first_css = (dest / "_static" / "theme.css").stat().st_ino

    (build / "m01.html").write_text("Modul 1, neu", encoding="utf-8")
    (build / "index.html").unlink()
    (build / "m02.html").write_text("Modul 2", encoding="utf-8")
    publish(build, dest)
    assert _tree(dest) == _tree(build)
    assert (dest / "_static" / "theme.css").stat().st_ino == first_css  # linked, not copied again
    assert not (tmp_path / "html.new").exists() and not (tmp_path / "html.old").exists()


def test_published_files_share_nothing_with_the_build(tmp_path):
    build, dest = tmp_path / "work", tmp_path / "html"
    build.mkdir()
    page = build / "m01.html"
    page.write_text("Modul 1", encoding="utf-8")
    publish(build, dest)
    publish(build, dest)  # the second time through the linking path
    assert os.stat(dest / "m01.html").st_ino != os.stat(page).st_ino
    with page.open("r+", encoding="utf-8") as f:  # Sphinx rewrites its output files in place
        f.write("Kaputt!")
    assert (dest / "m01.html").read_text(encoding="utf-8") == "Modul 1"
