"""Hostile content that passes ``kursbuch check`` runs no script and makes no request to another host,
in every output: the course, the trainer edition, a package, a data sheet and a handout.

One course (``kursbuch new``, so no test depends on the wording of the real modules) carries every
payload at once and is built, exported and built as the trainer edition with its handouts once: a
course title with markup and script, a case text with script, an event handler, an image from
another host written as text and a link to another host, a module page with script in code and a
link to another host. In chromium (the network cut off at 127.0.0.1, every request recorded) each
HTML output shows the payloads as text: no dialog opened, no payload set its marker, no request left
127.0.0.1, every outside link is marked and opens without a referrer in a new window. The handout
(a PDF: no browser page) has no link into the build machine (``file:``) and no address of the hosts
the payloads name; that WeasyPrint fetches nothing from another host is tests/unit/test_handout_network.py.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from kbtest import run_kursbuch, set_config
from pagekit import serve

from kursbuch.core.content_security import EXTERNAL_MARK_TEXT
from kursbuch.scaffold import new_course

RAN = "window.__kbHostile = 1"
TITLE = f"Kurs <script>{RAN}</script><img src=x onerror='{RAN}'> & Co"
CASE_TEXT = (
    f"Wie reagieren Sie <script>{RAN}</script> <img src=//evil.example/a.png onerror='{RAN}'> "
    "(siehe [Dienstanweisung](https://evil.example/quiz))?"
)
PAGE_TEXT = (
    f'\nIm Code: `<script>{RAN}</script>` und `<svg onload="{RAN}">`.\n\n'
    "Mehr bei [Beispiel](https://evil.example/info).\n"
)
OUTSIDE = ["https://evil.example/info", "https://evil.example/quiz"]


@pytest.fixture(scope="module")
def hostile_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course folder after build, export and trainer (``_build/html``, ``scorm``, ``trainer``, ``handouts``)."""
    root = new_course(tmp_path_factory.mktemp("hostile") / "kurs", "Kurs")
    set_config(root, "title", TITLE)
    set_config(root, "kursbuch.handouts.course_url", "https://lernen.musterstadt.example/kurs/")
    quiz = root / "quizzes" / "m01.yml"
    text = quiz.read_text(encoding="utf-8")
    assert "prompt: Wie reagieren Sie?" in text
    quiz.write_text(
        text.replace("prompt: Wie reagieren Sie?", "prompt: " + CASE_TEXT.replace('"', '\\"').join('""'), 1)
    )
    with (root / "modules" / "m01.md").open("a", encoding="utf-8") as f:
        f.write(PAGE_TEXT)
    for command in ("build", "export", "trainer"):
        result = run_kursbuch(command, cwd=root)
        assert result.returncode == 0, (command, (result.stdout + result.stderr)[-3000:])
        assert "evil.example" not in result.stdout + result.stderr  # nothing tried to fetch it
    return root / "_build"


def assert_nothing_ran(page, recorder, dialogs: list[str]) -> None:
    assert page.evaluate("window.__kbHostile") is None
    assert dialogs == []
    assert recorder.outside_requests() == []


def assert_outside_links_marked(page, hrefs: list[str]) -> None:
    for href in hrefs:
        link = page.locator(f'a[href="{href}"]').first
        assert link.get_attribute("rel") == "noopener noreferrer", href
        assert link.get_attribute("target") == "_blank", href
        assert EXTERNAL_MARK_TEXT in link.inner_text(), href


@pytest.fixture
def dialogs(page) -> list[str]:
    opened: list[str] = []
    page.on("dialog", lambda d: (opened.append(d.message), d.dismiss()))
    return opened


@pytest.mark.parametrize("edition", ["html", "trainer"])
def test_the_course_and_the_trainer_edition(hostile_course: Path, page, dialogs, edition: str):
    with serve(hostile_course / edition) as url:
        page.goto(f"{url}/modules/m01.html", wait_until="load")
        page.wait_for_selector("#kb-m01-s1 .kb-node-title")  # the engine mounted the case
        assert_nothing_ran(page, page.recorder, dialogs)
        assert "<script>" in page.inner_text(".logo__title")  # the title is shown as text
        assert page.get_by_text("Wie reagieren Sie <script>", exact=False).count() >= 1
        assert_outside_links_marked(page, OUTSIDE)
        page.goto(f"{url}/index.html", wait_until="load")
        assert_nothing_ran(page, page.recorder, dialogs)


def test_a_package(hostile_course: Path, page, dialogs, tmp_path: Path):
    with zipfile.ZipFile(hostile_course / "scorm" / "kursbuch-m01-scorm12.zip") as zf:
        zf.extractall(tmp_path / "paket")
    with serve(tmp_path / "paket") as url:
        page.goto(f"{url}/index.html", wait_until="load")  # no LMS: the page runs on its own
        page.wait_for_selector("#kb-m01-s1 .kb-node-title")
        assert_nothing_ran(page, page.recorder, dialogs)
        assert "<script>" in page.inner_text(".kb-course-title")
        assert_outside_links_marked(page, OUTSIDE)


def test_a_data_sheet(hostile_course: Path, page, dialogs):
    with serve(hostile_course / "scorm") as url:
        page.goto(f"{url}/kursbuch-m01-scorm12-datenblatt.html", wait_until="load")
        assert_nothing_ran(page, page.recorder, dialogs)
        assert "<script>" in page.inner_text("main")  # the course title, as text
        listed = page.locator("h2:has-text('Links zu anderen Websites') ~ ul").first.inner_text()
        assert all(href in listed for href in OUTSIDE), listed


def test_a_handout_links_nowhere_into_the_build_machine(hostile_course: Path):
    import pikepdf

    for name in ("m01-teilnehmende.pdf", "m01-trainerleitfaden.pdf"):
        with pikepdf.open(hostile_course / "handouts" / name) as pdf:
            uris = [
                str(annot.get("/A", {}).get("/URI", ""))
                for pdf_page in pdf.pages
                for annot in pdf_page.get("/Annots") or []
            ]
        assert not [u for u in uris if u.startswith("file:")], (name, uris)
        assert all(u.startswith(("https://", "mailto:")) for u in uris), (name, uris)
    # The case text's outside link is in the participants' handout, as a link.
    with pikepdf.open(hostile_course / "handouts" / "m01-teilnehmende.pdf") as pdf:
        uris = [str(a.get("/A", {}).get("/URI", "")) for p in pdf.pages for a in p.get("/Annots") or []]
    assert "https://evil.example/quiz" in uris
