"""A cmi5 package's data sheet speaks of cmi5 only: its launch modes (Browse, Review), moveOn and
masteryScore, registrations and statements, never of SCORM's manifest, attempts, status values,
data-model elements or Moodle's SCORM settings (issue 17: the shared result paragraph came from
SCORM). Read from the cmi5 sheets of tests/regression (a module package, the whole-course package,
with allowed statements), which tests/unit/test_export_targets.py holds equal to what
``datasheet.render`` writes for the cmi5 target."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kursbuch.export import targets

REGRESSION = Path(__file__).resolve().parents[1] / "regression"
SHEETS = ["datenblatt-cmi5-modul.html", "datenblatt-cmi5.html", "datenblatt-cmi5-interactions.html"]

# What only a SCORM sheet may say: the format, its manifest and data model, its lesson modes and
# credit, its status words, and Moodle's SCORM-player setting.
SCORM_WORDS = re.compile(
    r"SCORM|\bSCOs?\b|Manifest|\bcmi\.|suspend_data|lesson_|no-credit|„review“|„browse“|„unvollständig“"
    r"|Mastery-Score überschreibt|\bVersuch|Interaktionen|[Mm]anifest"
)


@pytest.mark.parametrize("name", SHEETS)
def test_a_cmi5_sheet_says_nothing_scorm_specific(name: str):
    sheet = (REGRESSION / name).read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(sheet, "html.parser").get_text(" ").split())
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
