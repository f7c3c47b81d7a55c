"""The trainer edition: one command builds it into its own folder, with the trainer notes and
every case's decision map; the learner edition has neither."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from kbtest import SOURCE

from kursbuch.core.project import Course, toc_modules

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def trainer_html(trainer_edition):
    """The trainer edition built beside the session's learner edition (the run is checked in conftest)."""
    return trainer_edition


def test_trainer_notes_and_maps_in_every_module(trainer_html):
    course = Course.load(SOURCE)
    for module in toc_modules(SOURCE):
        soup = BeautifulSoup((trainer_html / "modules" / f"{module}.html").read_text(encoding="utf-8"), "html.parser")
        notes = soup.select(".kb-trainer-notes")
        assert notes and "Trainerhinweise" in notes[0].get_text(), module
        minutes = sum(int(m) for m in re.findall(r"\((\d+)\s*Min\.?\)", notes[0].get_text()))
        assert minutes == 90, f"{module}: workshop plan has {minutes} minutes"
        for scenario in course.modules[module].scenarios:
            fig = soup.select_one(f"#kb-map-{scenario.id}")
            assert fig is not None, scenario.id
            svg = fig.select_one("svg")
            assert svg["role"] == "img" and svg.select_one("title").get_text().startswith("Entscheidungskarte")
            text = fig.select_one(".kb-map-text").get_text(" ")
            for node in scenario.nodes:
                assert f"kb-map-{node.id}" in str(fig)
            for ending in (n for n in scenario.nodes if n.ending):
                assert {
                    "good": "günstiger Ausgang",
                    "mixed": "teilweise günstiger Ausgang",
                    "poor": "ungünstiger Ausgang",
                }[ending.ending.rating] in text


def test_learner_edition_has_no_maps(built_course):
    for page in (built_course / "modules").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "kb-map" not in text and "kb-trainer-notes" not in text, page.name


def test_unknown_edition_is_refused(course_copy):
    import os
    import subprocess
    import sys

    env = dict(
        os.environ, KURSBUCH_EDITION="chef", JUPYTER_PATH=str(__import__("pathlib").Path(sys.prefix) / "share/jupyter")
    )
    exe = str(__import__("pathlib").Path(sys.executable).parent / "jupyter-book")
    result = subprocess.run(
        [exe, "build", str(course_copy), "--path-output", str(course_copy / "out")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "KURSBUCH_EDITION='chef': use learner or trainer" in result.stdout + result.stderr


def pdf_text(path):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_handouts_for_every_module(trainer_html):
    import pypdfium2

    handouts = trainer_html.parent / "handouts"
    hyphenated = 0
    for module in toc_modules(SOURCE):
        part = handouts / f"{module}-teilnehmende.pdf"
        guide = handouts / f"{module}-trainerleitfaden.pdf"
        text = pdf_text(part)
        for heading in (
            "Handout für Teilnehmende",
            "Lernziele",
            "Das Wichtigste in Kürze",
            "Fallbeispiel",
            "Reflexionsfragen",
            "Quellen",
        ):
            assert heading in text, (module, heading)
        assert "Trainerhinweise" not in text and "Zeitbedarf" not in text and "Diskussionsimpulse" not in text, module
        guide_text = pdf_text(guide)
        for heading in (
            "Leitfaden für Trainerinnen und Trainer",
            "Ablauf und Hinweise für den Workshop",
            "Entscheidungskarte",
            "Enden des Falls",
        ):
            assert heading in guide_text, (module, heading)
        hyphenated += len(re.findall(r"[a-zäöüß]-\n[a-zäöüß]", text + guide_text))
        for pdf in (part, guide):
            image = pypdfium2.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("L")
            dark = sum(1 for v in image.getdata() if v < 128)
            assert dark > 500, f"{pdf.name}: page 1 looks blank ({dark} dark pixels)"
    assert hyphenated > 0, "no word was hyphenated: German hyphenation is not working"
