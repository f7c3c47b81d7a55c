"""The trainer edition: one command builds it into its own folder, with the trainer notes and
every case's decision map; the learner edition has neither. The edition is a Sphinx configuration
value: both editions build one after the other in one process, and an unknown one is refused."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from kbtest import SOURCE, kursbuch_env, one_module_course

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


EDITIONS = {"learner": "html", "trainer": "trainer"}  # edition -> its published folder in _build
BOTH_EDITIONS_IN_ONE_PROCESS = """
import os, sys
from pathlib import Path
from kursbuch.build import build_course

os.environ["KURSBUCH_EDITION"] = "trainer"  # read by nothing any more: the edition is a configuration value
root = Path(sys.argv[1])
for edition in ("learner", "trainer"):
    print(edition, build_course(root, edition), flush=True)
"""


def test_both_editions_one_after_the_other_in_one_process(tmp_path):
    """The edition reaches Sphinx as ``kursbuch_edition`` (a configuration override): a trainer build
    right after a learner build in the same process gets the trainer content, the learner build none."""
    root = one_module_course(tmp_path / "course")
    result = subprocess.run(
        [sys.executable, "-c", BOTH_EDITIONS_IN_ONE_PROCESS, str(root)],
        cwd=root,
        env=kursbuch_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    pages = {e: (root / "_build" / f / "modules" / "m01.html").read_text(encoding="utf-8") for e, f in EDITIONS.items()}
    for edition, page in pages.items():
        assert 'class="kb-activity' in page and "KursbuchEngine" in page, edition
    assert "kb-trainer-notes" not in pages["learner"] and "kb-map" not in pages["learner"]
    assert "kb-trainer-notes" in pages["trainer"] and 'id="kb-map-m01-s1"' in pages["trainer"]


def test_unknown_edition_is_refused_before_anything_is_built(course_copy):
    from kursbuch.build import BuildError, build_course

    with pytest.raises(
        BuildError, match="edition: 'chef' is not an edition — use one of learner, trainer; nothing was built"
    ):
        build_course(course_copy, "chef")
    assert not (course_copy / "_build").exists()


def test_unknown_edition_in_the_configuration_stops_the_build(course_copy):
    config = course_copy / "_config.yml"
    text = config.read_text(encoding="utf-8")
    assert "    kursbuch_edition: learner\n" in text
    config.write_text(text.replace("    kursbuch_edition: learner\n", "    kursbuch_edition: chef\n"), encoding="utf-8")
    exe = str(Path(sys.executable).parent / "jupyter-book")
    result = subprocess.run(
        [exe, "build", str(course_copy), "--path-output", str(course_copy / "out")],
        env=kursbuch_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "kursbuch_edition = 'chef'" in result.stdout + result.stderr
    assert "use one of learner, trainer" in result.stdout + result.stderr


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
            "Arbeitshilfe",
            "Quellen",
        ):
            assert heading in text, (module, heading)
        assert "Trainerhinweise" not in text and "Zeitbedarf" not in text and "Diskussionsimpulse" not in text, module
        guide_text = pdf_text(guide)
        for heading in (
            "Leitfaden für Trainer*innen",
            "Ablauf und Hinweise für den Workshop",
            "Entscheidungskarte",
            "Enden des Falls",
            # What trainers need besides timing (issue 13), from the module's trainer notes.
            "Methoden:",
            "Diskussionsimpulse und erwartete Antworten:",
            "Wenn jemand eigene Erfahrungen schildert:",
            "Ko-Moderation:",
        ):
            assert heading in guide_text, (module, heading)
        hyphenated += len(re.findall(r"[a-zäöüß]-\n[a-zäöüß]", text + guide_text))
        for pdf in (part, guide):
            image = pypdfium2.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("L")
            dark = sum(1 for v in image.getdata() if v < 128)
            assert dark > 500, f"{pdf.name}: page 1 looks blank ({dark} dark pixels)"
    assert hyphenated > 0, "no word was hyphenated: German hyphenation is not working"
