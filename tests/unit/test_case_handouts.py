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


def test_a_checklist_section_prints_on_its_own_page_with_boxes(tmp_path):
    """A fixture module page with an "Arbeitshilfe" (the course names it in handouts: checklists): in the
    participants' PDF it starts a new page and its list items carry a box to tick."""
    from pypdf import PdfReader
    from weasyprint import HTML

    from kursbuch.core.project import Course
    from kursbuch.handouts import _for_pdf, _sections, participant_html

    root = tmp_path
    (root / "_config.yml").write_text(
        "kursbuch:\n  handouts:\n    participant_after: [Arbeitshilfe, Quellen]\n    checklists: [Arbeitshilfe]\n",
        encoding="utf-8",
    )
    (root / "quizzes").mkdir()
    (root / "quizzes" / "m01.yml").write_text("module: m01\n", encoding="utf-8")
    body = (
        '<section id="arbeitshilfe"><h2>Arbeitshilfe</h2><p>Die ersten 72 Stunden:</p><ul class="simple">'
        "<li><p>Vorfall notieren</p></li><li><p>Strafantrag prüfen</p></li><li><p>Unfall melden</p></li></ul></section>"
        '<section id="quellen"><h2>Quellen</h2><p>AGG § 13</p></section>'
    )
    page = participant_html("Modul 1", _sections(body), Course.load(root), "m01")
    assert '<section class="checklist"><h2>Arbeitshilfe</h2>' in page
    assert "<h2>Quellen</h2><p>AGG § 13</p>" in page and '<section class="checklist"><h2>Quellen' not in page
    pdf = tmp_path / "handout.pdf"
    document = HTML(string=_for_pdf(page))
    document.write_pdf(pdf, pdf_variant="pdf/ua-1")
    pages = [p.extract_text().replace("\x00", "") for p in PdfReader(pdf).pages]  # some runs come as UTF-16
    assert len(pages) == 2 and "Arbeitshilfe" not in pages[0]  # a page of its own
    assert pages[1].startswith("Arbeitshilfe\nDie ersten 72 Stunden:\nVorfall notieren")
    # The boxes are the list items' markers (the PDF tags them as the items' labels).
    markers = []

    def walk(box):
        if getattr(box, "element_tag", "") == "li::marker" and hasattr(box, "text"):
            markers.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.render().pages[1]._page_box)
    assert markers == ["☐\u2002"] * 3
