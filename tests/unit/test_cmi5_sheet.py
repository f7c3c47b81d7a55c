"""A cmi5 package's data sheet speaks of cmi5 only: its launch modes (Browse, Review), moveOn and
masteryScore, registrations and statements, never of SCORM's manifest, attempts, status values,
data-model elements or Moodle's SCORM settings (issue 17: the shared result paragraph came from
SCORM). The sheets are rendered as `kursbuch export` renders them, from the target's own texts,
for a module package and the whole-course package, with and without the allowed statements."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from kursbuch.export import datasheet, targets

# What only a SCORM sheet may say: the format, its manifest and data model, its lesson modes and
# credit, its status words, and Moodle's SCORM-player setting.
SCORM_WORDS = re.compile(
    r"SCORM|\bSCOs?\b|Manifest|\bcmi\.|suspend_data|lesson_|no-credit|„review“|„browse“|„unvollständig“"
    r"|Mastery-Score überschreibt|\bVersuch|Interaktionen|[Mm]anifest"
)


def sheet_text(course: bool, interactions: bool) -> str:
    scos = [datasheet.ScoFacts("m01", "Modul 1", "m01/index.html" if course else "index.html", 70)]
    if course:
        scos.append(datasheet.ScoFacts("m02", "Modul 2", "m02/index.html", None))
    facts = datasheet.SheetFacts(
        package_file="kursbuch-kurs-cmi5.zip" if course else "kursbuch-m01-cmi5.zip",
        course_title="Kurs",
        label=targets.get("cmi5").label,
        texts=targets.get("cmi5").sheet,
        scos=scos,
        completion=["scenario_ended", "quiz_submitted"],
        interactions=interactions,
        size_bytes=1000,
        file_count=9,
        content_version="abcdef123456",
        date="01.02.2024",
        course=course,
    )
    return " ".join(BeautifulSoup(datasheet.render(facts), "html.parser").get_text(" ").split())


@pytest.mark.parametrize(("course", "interactions"), [(False, False), (True, True)], ids=["module", "course-allowed"])
def test_a_cmi5_sheet_says_nothing_scorm_specific(course: bool, interactions: bool):
    text = sheet_text(course, interactions)
    assert SCORM_WORDS.findall(text) == []
    # What it says instead: the launch modes, the rule the LMS applies and the registration.
    assert "„Browse“" in text and "„Review“" in text and "launchMode" in text
    assert "moveOn" in text and "masteryScore" in text and "Registrierung" in text


def test_the_scorm_sheets_keep_their_wording():
    """The sentences moved into the targets' texts: the SCORM sheets say what they said."""
    for name in ("1.2", "2004"):
        texts = targets.get(name).sheet
        assert "„Mastery-Score überschreibt Status“" in texts.score_note
        assert "„no-credit“" in texts.practice and "im selben Versuch" in texts.kept
