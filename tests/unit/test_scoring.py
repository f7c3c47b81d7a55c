"""Python's reference scoring and engine.js agree on one shared table (tests/data/scoring_cases.json)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from kursbuch import assets
from kursbuch.core.model import Item, Quiz
from kursbuch.core.scoring import score_item, score_quiz

HERE = Path(__file__).resolve().parent.parent
TABLE_PATH = HERE / "data" / "scoring_cases.json"
TABLE = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
ITEM = TypeAdapter(Item)


def to_model(spec: dict):
    """Fill the text fields the table leaves out, so the spec validates as a model item."""
    data = json.loads(json.dumps(spec))
    data.setdefault("prompt", "Frage")
    if data["type"] not in ("reflection", "selfassessment"):
        data.setdefault("explanation", "Erläuterung")
    for key in ("options", "statements", "entries", "steps"):
        for part in data.get(key, []):
            part.setdefault("text", part["id"])
            part.setdefault("feedback", "Rückmeldung")
    for cat in data.get("categories", []):
        cat.setdefault("label", cat["id"])
    if data["type"] == "selfassessment":
        data["scale"].update(min_label="wenig", max_label="viel")
    return ITEM.validate_python(data)


def quiz_of(items: list[dict], pass_percent: int) -> Quiz:
    return Quiz(id="t-quiz", title="T", settings={"pass_percent": pass_percent}, items=[to_model(i) for i in items])


def pass_mark_quiz(case: dict) -> tuple[Quiz, dict]:
    items = [
        {"id": f"p{i}", "type": "single", "points": 1, "answer": "a", "options": [{"id": "a"}, {"id": "b"}]}
        for i in range(len(case["points_per_item"]))
    ]
    answers = {f"p{i}": "a" if p else "b" for i, p in enumerate(case["points_per_item"])}
    return quiz_of(items, case["pass_percent"]), answers


@pytest.mark.parametrize("case", TABLE["item_cases"], ids=lambda c: f"{c['item']}-{json.dumps(c['answer'])}")
def test_python_item_scores(case):
    assert score_item(to_model(TABLE["items"][case["item"]]), case["answer"]) == pytest.approx(
        case["points"], abs=1e-12
    )


@pytest.mark.parametrize("i", range(len(TABLE["quiz_cases"])))
def test_python_quiz_scores(i):
    case = TABLE["quiz_cases"][i]
    quiz = quiz_of([TABLE["items"][k] for k in TABLE["quiz"]["items"]], TABLE["quiz"]["settings"]["pass_percent"])
    r = score_quiz(quiz, case["answers"])
    assert (r.points, r.max_points, r.percent, r.passed) == (
        pytest.approx(case["points"], abs=1e-12),
        case["max_points"],
        case["percent"],
        case["passed"],
    )


@pytest.mark.parametrize("case", TABLE["pass_mark_cases"])
def test_python_pass_mark(case):
    quiz, answers = pass_mark_quiz(case)
    r = score_quiz(quiz, answers)
    assert (r.passed, r.percent) == (case["passed"], case["percent"])


@pytest.fixture(scope="module")
def js_results():
    node = shutil.which("node")
    assert node, "node is required for the engine tests (it is on every supported machine)"
    out = subprocess.run(
        [node, str(HERE / "js" / "run_scoring.js"), str(assets.ASSET_DIR / "engine.js"), str(TABLE_PATH)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_js_item_scores_match_table_and_python(js_results):
    assert len(js_results["items"]) == len(TABLE["item_cases"])
    for case, got in zip(TABLE["item_cases"], js_results["items"], strict=True):
        python = score_item(to_model(TABLE["items"][case["item"]]), case["answer"])
        assert got == pytest.approx(case["points"], abs=1e-12), case
        assert got == python, case  # identical floats, not merely close


def test_js_quiz_scores_match_table_and_python(js_results):
    quiz = quiz_of([TABLE["items"][k] for k in TABLE["quiz"]["items"]], TABLE["quiz"]["settings"]["pass_percent"])
    for case, got in zip(TABLE["quiz_cases"], js_results["quizzes"], strict=True):
        py = score_quiz(quiz, case["answers"])
        assert got == {"points": py.points, "max_points": py.max_points, "percent": py.percent, "passed": py.passed}
        assert (got["percent"], got["passed"]) == (case["percent"], case["passed"])


def test_js_pass_marks_match_python(js_results):
    for case, got in zip(TABLE["pass_mark_cases"], js_results["passMarks"], strict=True):
        quiz, answers = pass_mark_quiz(case)
        py = score_quiz(quiz, answers)
        assert (got["passed"], got["percent"]) == (py.passed, py.percent) == (case["passed"], case["percent"])


def test_partial_credit_rule_is_stated_in_the_format():
    from kursbuch.core.model import MultipleChoice

    assert "correct options chosen − wrong options" in MultipleChoice.__doc__
