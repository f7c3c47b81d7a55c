"""The local values reach the built page, its activities and the participants' handout; without values
the page reads the neutral fallbacks. One small course (``kursbuch new``), built twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from kbtest import run_kursbuch, set_config

from kursbuch.core.project import Course
from kursbuch.export.pages import load_pages
from kursbuch.handouts import _sections, participant_html
from kursbuch.paths import BuildPaths

pytestmark = pytest.mark.build

SECTION = """
## Arbeitshilfe

Melden Sie Diskriminierung an {kommune}`beschwerdestelle`. Es gilt {kommune}`dienstvereinbarung`.

- Vorfall notiert (Datum, Ort, Zeugen)
- {kommune}`Ansprechpersonen` informiert
- Beratung angeboten: {kommune}`beratungsstelle`

"""


def text_of(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def build(root: Path) -> str:
    result = run_kursbuch("build", cwd=root)
    log = result.stdout + result.stderr
    assert result.returncode == 0 and "WARNING" not in log, log[-3000:]
    return (root / "_build" / "html" / "modules" / "m01.html").read_text(encoding="utf-8")


def test_values_and_fallbacks_in_page_activity_and_handout(tmp_path):
    root = tmp_path / "kurs"
    assert run_kursbuch("new", str(root), cwd=tmp_path).returncode == 0
    page = root / "modules" / "m01.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("## Fallbeispiel", SECTION + "## Fallbeispiel", 1), encoding="utf-8")
    quiz = root / "quizzes" / "m01.yml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace("title: Der Anruf\n", 'title: "Ein Anruf für {kommune}`name`"\n'),
        encoding="utf-8",
    )

    html = build(root)
    body = text_of(html)
    assert "an die Beschwerdestelle nach § 13 AGG Ihrer Verwaltung." in body
    assert "Es gilt die Dienstvereinbarung Ihrer Verwaltung zu diesem Thema (falls vorhanden)." in body
    assert "Die zuständigen Ansprechpersonen Ihrer Verwaltung" in body
    assert "Ein Anruf für Ihre Verwaltung" in html  # the case's text, in the activity's JSON
    assert "{kommune}" not in html

    set_config(root, "kursbuch.kommune.beschwerdestelle", "die AGG-Beschwerdestelle im Personalamt (Raum 2.14)")
    set_config(root, "kursbuch.kommune.name", "die Stadtverwaltung Musterstadt")
    set_config(root, "kursbuch.kommune.dienstvereinbarung", "die DV „Schutz bei Übergriffen“")
    set_config(root, "kursbuch.kommune.dienstvereinbarung_url", "https://intranet.musterstadt.example/dv")
    html = build(root)  # a second build in the same folder: the changed values reach every page
    soup = BeautifulSoup(html, "html.parser")
    assert "an die AGG-Beschwerdestelle im Personalamt (Raum 2.14)." in text_of(html)
    link = soup.find("a", href="https://intranet.musterstadt.example/dv")
    # A link to another host is marked as such (content security); the value is its text.
    assert (
        link is not None
        and link.get_text() == "die DV „Schutz bei Übergriffen“ (externer Link, öffnet in neuem Fenster)"
    )
    assert link.get("target") == "_blank"
    assert link.get("rel") == ["noopener", "noreferrer"]
    assert "Ein Anruf für die Stadtverwaltung Musterstadt" in html

    # The handout reprints the built section (the course names it), with the values.
    set_config(root, "kursbuch.handouts.participant_after", ["Arbeitshilfe"])
    pages = load_pages(BuildPaths(root).pages("learner"))
    sections = _sections(pages["modules/m01"].body)
    handout = participant_html("Modul 1", sections, Course.load(root), "m01")
    assert "an die AGG-Beschwerdestelle im Personalamt (Raum 2.14)." in text_of(handout)
