"""The trainer guide lists every debrief variant of an ending with its condition in words
(the engine shows the first that holds); the participants' handout keeps the written order."""

from __future__ import annotations

from kbtest import SOURCE

from kursbuch.core.project import Course
from kursbuch.handouts import participant_html, trainer_html


def test_trainer_guide_lists_debrief_variants_with_their_conditions():
    course = Course.load(SOURCE)
    guide = trainer_html("M01", {}, course, "m01")
    assert "Variante, wenn gilt: Vorfall gemeinsam dokumentiert und gemeldet: nein" in guide
    assert "Den Angriff auf Frau Y. hat die" in guide  # the variant's own debrief
    assert "Variante, wenn gilt: Vertrauen von Frau Y. in Sie mindestens 2" in guide


def test_participant_handout_shows_the_choices_as_written():
    course = Course.load(SOURCE)
    text = participant_html("M01", {}, course, "m01")
    first = text.index("Sie bitten Frau Y., sofort den Vorfallbericht")
    assert first < text.index("Sie nehmen sich Zeit") < text.index("Sie sagen, das sei sicher nicht")
