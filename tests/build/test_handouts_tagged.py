"""The PDF handouts are tagged PDF/UA-1, read back from the files with pikepdf: the PDF/UA identifier,
/Lang de, the document title displayed, a structure tree whose headings follow the handout's outline
(checked against the course model) in reading order, lists, the decision map as a figure with
alternative text, and no link into the machine that built them."""

from __future__ import annotations

import pytest
from kbtest import SOURCE

from kursbuch.core.project import Course, toc_modules

pytestmark = pytest.mark.build

HEADINGS = {"/H1", "/H2", "/H3", "/H4"}


def structure(pdf) -> list:
    """Every structure element below StructTreeRoot in reading (document) order."""
    import pikepdf

    out = []

    def walk(node):
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                out.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return out


def page_text(path, index: int = 0) -> str:
    from pypdf import PdfReader

    return PdfReader(path).pages[index].extract_text()


def outline(elements) -> list[str]:
    return [str(e.S) for e in elements if str(e.S) in HEADINGS]


def expected_participant_outline(module) -> list[str]:
    heads = ["/H1", "/H2", "/H2"]  # title, Lernziele, Das Wichtigste in Kürze
    for s in module.scenarios:
        heads += ["/H2"] + ["/H3"] * len([n for n in s.nodes if not n.ending])  # Fallbeispiel, its situations
    judgements = [i for q in module.quizzes for i in q.items if i.type == "judgement"]
    if judgements:
        heads += ["/H2"] + ["/H3"] * len(judgements)  # Situationsbewertung, one heading per situation
    if any(not q.scored_items for q in module.quizzes):
        heads.append("/H2")  # Reflexionsfragen
    for name in ("Arbeitshilfe", "Quellen"):  # handouts.participant_after, with their own ### headings
        section = (SOURCE / "modules" / f"{module.module}.md").read_text(encoding="utf-8").split(f"\n## {name}\n")[1]
        section = section.split("\n## ")[0].split("\n```{trainer-notes}")[0]
        heads += ["/H2"] + ["/H3"] * sum(1 for line in section.splitlines() if line.startswith("### "))
    return heads


@pytest.fixture(scope="module")
def handouts(trainer_edition):
    return trainer_edition.parent / "handouts"


def test_every_handout_is_tagged_pdf_ua(handouts):
    import pikepdf

    for module in toc_modules(SOURCE):
        for kind in ("teilnehmende", "trainerleitfaden"):
            path = handouts / f"{module}-{kind}.pdf"
            with pikepdf.open(path) as pdf:
                assert str(pdf.Root.get("/Lang")) == "de", path.name
                assert bool(pdf.Root.MarkInfo.Marked), path.name
                assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle), path.name
                meta = pdf.open_metadata()
                assert meta.get("pdfuaid:part") == "1", path.name
                assert meta.get("dc:title", "").endswith(
                    "Handout für Teilnehmende" if kind == "teilnehmende" else "Leitfaden für Trainer*innen"
                ), path.name
                elements = structure(pdf)
                kinds = [str(e.S) for e in elements]
                assert kinds[0] == "/Document" and "/H1" in kinds and "/L" in kinds and "/LI" in kinds, path.name
                for page in pdf.pages:
                    for annot in page.get("/Annots") or []:
                        uri = str(annot.get("/A", {}).get("/URI", ""))
                        assert not uri.startswith("file:"), f"{path.name}: link into the build machine: {uri}"


def test_participant_handout_outline_and_reading_order(handouts):
    import pikepdf

    course = Course.load(SOURCE)
    for module in toc_modules(SOURCE):
        path = handouts / f"{module}-teilnehmende.pdf"
        with pikepdf.open(path) as pdf:
            assert outline(structure(pdf)) == expected_participant_outline(course.modules[module]), module
    # Reading order of the first page of one handout: title, kind, then the sections in order.
    text = page_text(handouts / "m01-teilnehmende.pdf")
    order = ["Anfeindungen im Außendienst", "Handout für Teilnehmende", "Lernziele", "Das Wichtigste in Kürze"]
    positions = [text.find(t) for t in order]
    assert -1 not in positions and positions == sorted(positions), positions


def test_trainer_guide_outline_and_decision_map_figure(handouts):
    import pikepdf

    course = Course.load(SOURCE)
    for module in toc_modules(SOURCE):
        path = handouts / f"{module}-trainerleitfaden.pdf"
        with pikepdf.open(path) as pdf:
            elements = structure(pdf)
            heads = outline(elements)
            assert heads[:2] == ["/H1", "/H2"], module  # title, Ablauf und Hinweise für den Workshop
            endings = sum(1 for s in course.modules[module].scenarios for n in s.nodes if n.ending)
            assert heads.count("/H3") >= endings, module  # one heading per ending (and the notes' own)
            figures = [e for e in elements if str(e.S) == "/Figure"]
            assert len(figures) == len(course.modules[module].scenarios), module
            for fig in figures:
                assert str(fig.get("/Alt", "")).startswith("Entscheidungskarte"), module
    text = page_text(handouts / "m01-trainerleitfaden.pdf")
    first, second = text.find("Leitfaden für Trainer*innen"), text.find("Ablauf und Hinweise")
    assert -1 < first < second
