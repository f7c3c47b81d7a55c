"""The situational-judgement item (kursbuch/items/judgement): format errors with file and line, its
checks, its scoring rule as printed, its spec, the live widget's answers in Python and the handouts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kursbuch.core import ContentErrors, Course
from kursbuch.core.docs import reference_markdown
from kursbuch.core.render import spec
from kursbuch.core.scoring import score_item, score_quiz
from kursbuch.items import BY_NAME, SCORED_TYPES

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "quizzes" / "m91.yml"
TEXT = FIXTURE.read_text(encoding="utf-8")
FILE = "quizzes/m91.yml"


def project(tmp_path: Path, text: str = TEXT) -> Path:
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "modules").mkdir()
    (tmp_path / FILE).write_text(text, encoding="utf-8")
    return tmp_path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def errors_for(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        Course.load(project(tmp_path, text))
    return [str(e) for e in info.value.errors]


@pytest.fixture
def course(tmp_path) -> Course:
    return Course.load(project(tmp_path))


def item_of(course: Course):
    return course.activity("m91-urteil").items[0]


def test_is_a_registered_scored_type(course):
    assert "judgement" in SCORED_TYPES
    assert item_of(course).type == "judgement"


def test_an_unknown_rating_is_reported_with_line(tmp_path):
    text = TEXT.replace("expert: eher geeignet", "expert: gut")
    (msg,) = errors_for(tmp_path, text)
    assert msg.startswith(f"{FILE}:{line_of(text, 'expert: gut')}: quizzes[0].items[0].responses[3].expert: 'gut'")
    assert "sehr geeignet" in msg and "ungeeignet" in msg


def test_too_few_responses_are_reported(tmp_path):
    start = TEXT.index("          - id: r3")
    end = TEXT.index("        explanation:")
    text = TEXT[:start] + TEXT[end:]
    (msg,) = errors_for(tmp_path, text)
    assert msg.startswith(
        f"{FILE}:{line_of(text, 'responses:')}: quizzes[0].items[0].responses: has too few entries — give at least"
    )
    assert "at least 3" in msg


def test_missing_situation_is_reported(tmp_path):
    start = TEXT.index("        situation: |")
    end = TEXT.index("        responses:")
    text = TEXT[:start] + TEXT[end:]
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, '- id: m91-j1')}: quizzes[0].items[0].situation: "
        "required field 'situation' is missing — add it"
    ]


def test_duplicate_response_id_is_reported(tmp_path):
    text = TEXT.replace("          - id: r4", "          - id: r2")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'unter vier Augen') - 1}: quizzes[0].items[0].responses[3].id: "
        "response id 'r2' is used twice here — give each response id its own id"
    ]


def test_one_rating_for_every_response_is_reported(tmp_path):
    text = TEXT
    for rating in ("eher ungeeignet", "ungeeignet", "eher geeignet"):
        text = text.replace(f"expert: {rating}\n", "expert: sehr geeignet\n")
    (msg,) = errors_for(tmp_path, text)
    assert msg.startswith(f"{FILE}:{line_of(text, 'responses:')}: quizzes[0].items[0].responses: ")
    assert "rate at least one response differently" in msg


def test_scoring_rule_is_printed_in_the_format_reference():
    doc = reference_markdown()
    assert "### Judgement" in doc and "### Response" in doc
    assert "1 − |given − expert| ÷ 3" in doc
    assert '`{"r1": 0, "r2": 2}`' in doc  # the answer shape


def test_partial_credit_by_closeness(course):
    item = item_of(
        course
    )  # experts: r1 sehr geeignet (0), r2 eher ungeeignet (2), r3 ungeeignet (3), r4 eher geeignet (1)
    assert score_item(item, {"r1": 0, "r2": 2, "r3": 3, "r4": 1}) == 3
    assert score_item(item, {"r1": 1, "r2": 2, "r3": 3, "r4": 1}) == 3 * 11 / 12
    assert score_item(item, {"r1": 3, "r2": 2, "r3": 3, "r4": 1}) == 3 * 9 / 12
    assert score_item(item, {"r1": 0, "r2": 2, "r3": 3}) == 3 * 9 / 12  # an unrated response earns nothing
    assert score_item(item, {"r1": True, "r2": 2, "r3": 3, "r4": 1}) == 3 * 9 / 12  # true is not a rating
    result = score_quiz(course.activity("m91-urteil"), {"m91-j1": {"r1": 1, "r2": 1, "r3": 2, "r4": 0}})
    assert (result.points, result.percent, result.passed) == (2, 67, True)


def test_spec_renders_the_situation_and_keeps_ratings_as_data(course):
    data = spec(course.activity("m91-urteil"))["items"][0]
    assert data["situation"].startswith("<p>Am Schalter") and "</p>\n<p>Die Warteschlange" in data["situation"]
    assert data["responses"][0]["expert"] == "sehr geeignet"
    assert data["responses"][0]["feedback"].startswith("<p>")


def test_live_widget_answers_are_readable_in_python(tmp_path):
    root = project(tmp_path)
    old = Path.cwd()
    os.chdir(root / "modules")
    try:
        from kursbuch import quiz

        w = quiz("m91-urteil")
        assert w.spec["items"][0]["type"] == "judgement"
        # The state exactly as the engine keeps it: ratings per response, 0 = sehr geeignet.
        w.state = {
            "v": 1,
            "answers": {"m91-j1": {"r1": 0, "r2": 2, "r3": 2, "r4": 1}},
            "checked": {},
            "submitted": False,
        }
        assert w.answers == {"m91-j1": {"r1": 0, "r2": 2, "r3": 2, "r4": 1}}
        assert w.result is not None and w.result.points == 3 * 11 / 12 and w.result.max_points == 3
    finally:
        os.chdir(old)


def test_handouts_empty_grid_for_participants_expert_ratings_for_trainers(course):
    from bs4 import BeautifulSoup

    from kursbuch.handouts import participant_html, trainer_html

    part = BeautifulSoup(participant_html("M91", {}, course, "m91"), "html.parser")
    table = part.select_one("table.judgement")
    assert "Situationsbewertung" in part.get_text() and "Am Schalter" in part.get_text()
    assert [th.get_text() for th in table.select("thead th")][1:] == [
        "sehr geeignet",
        "eher geeignet",
        "eher ungeeignet",
        "ungeeignet",
    ]
    assert len(table.select("tbody tr")) == 4 and {td.get_text() for td in table.select("td.mark")} == {"☐"}
    assert "verharmlost" not in part.get_text()  # no expert reasons for participants

    guide = BeautifulSoup(trainer_html("M91", {}, course, "m91"), "html.parser")
    rows = guide.select("table.judgement tbody tr:not(.why)")
    marked = [[td.get_text() for td in row.select("td.mark")].index("✗") for row in rows]
    assert marked == [0, 2, 3, 1]  # the expert rating of each response
    assert "Das verharmlost die Abwertung" in guide.get_text()
    assert "Einschätzung der Fachleute" in guide.get_text()


def test_handout_pdf_is_made(course, tmp_path):
    """WeasyPrint lays the grid out on A4 (the text of the PDF holds the situation and the scale)."""
    weasyprint = pytest.importorskip("weasyprint")
    from kursbuch.handouts import participant_html

    pdf = tmp_path / "m91.pdf"
    weasyprint.HTML(string=participant_html("M91", {}, course, "m91")).write_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        import subprocess

        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Am Schalter" in text and "eher ungeeignet" in text


def test_best_answer_is_the_expert_rating(course):
    item = item_of(course)
    assert BY_NAME["judgement"].best_answer(item) == {"r1": 0, "r2": 2, "r3": 3, "r4": 1}
