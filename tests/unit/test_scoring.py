"""Python's reference scoring and the engine bundle agree on one shared table (tests/data/scoring_cases.json),
and the table, the Python registry and the JavaScript registry name the same item types."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from kursbuch import assets
from kursbuch.core.model import Item, Quiz, Scenario
from kursbuch.core.scoring import score_item, score_module, score_quiz
from kursbuch.items import SCORED_TYPES, TYPES

HERE = Path(__file__).resolve().parent.parent
TABLE_PATH = HERE / "data" / "scoring_cases.json"
TABLE = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
ITEM = TypeAdapter(Item)


def _fill(value, model) -> object:
    """Fill every required text field the table leaves out with a placeholder, recursively."""
    from typing import get_args

    from pydantic import BaseModel

    from kursbuch.core.render import _text_fields

    if isinstance(value, list):
        return [_fill(v, model) for v in value]
    if not isinstance(value, dict) or model is None:
        return value
    out = dict(value)
    for name, info in model.model_fields.items():
        if name in _text_fields(model) and info.is_required() and name not in out:
            out[name] = f"{name} {out.get('id', '')}".strip()
        elif name in out:
            inner = [a for a in (info.annotation, *get_args(info.annotation)) if isinstance(a, type)]
            inner += [b for a in get_args(info.annotation) for b in get_args(a) if isinstance(b, type)]
            sub = next((a for a in inner if issubclass(a, BaseModel)), None)
            out[name] = _fill(out[name], sub)
    return out


def to_model(spec: dict):
    """Fill the text fields the table leaves out, so the spec validates as a model item."""
    kind = next(t for t in TYPES if t.name == spec["type"])
    return ITEM.validate_python(_fill(json.loads(json.dumps(spec)), kind.model))


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


def module_activities() -> dict:
    """The table's module as models: its quizzes and its scenario (text fields filled in)."""
    acts: dict = {}
    for qid, q in TABLE["module"]["quizzes"].items():
        items = [to_model(TABLE["items"][k]) for k in q["items"]]
        acts[qid] = Quiz(id=qid, title="T", settings=q["settings"], items=items)
    s = TABLE["module"]["scenario"]
    filled = _fill({k: v for k, v in s.items() if k != "variables"}, Scenario)  # variables are complete as written
    acts[s["id"]] = Scenario.model_validate(dict(filled, intro="Fiktiv.", variables=s.get("variables", {})))
    return acts


@pytest.mark.parametrize("case", TABLE["module_cases"], ids=lambda c: c["_doc"])
def test_python_module_results(case):
    r = score_module(module_activities(), case["states"], case["pass_percent"])
    assert r.__dict__ == case["result"]  # identical floats, as the engine's


def test_table_covers_exactly_the_registered_scored_types():
    in_cases = {TABLE["items"][c["item"]]["type"] for c in TABLE["item_cases"]}
    assert {t for t in in_cases if t in SCORED_TYPES} == set(SCORED_TYPES)
    assert in_cases <= {t.name for t in TYPES}, "the table names an item type that is not registered"


@pytest.mark.parametrize("kind", [t for t in TYPES if t.best_answer], ids=lambda t: t.name)
def test_best_answer_of_every_scored_type_earns_full_points(kind):
    item = to_model(next(v for v in TABLE["items"].values() if v["type"] == kind.name))
    assert score_item(item, kind.best_answer(item)) == item.points


@pytest.fixture(scope="module")
def js_results(tmp_path_factory):
    node = shutil.which("node")
    assert node, "node is required for the engine tests (it is on every supported machine)"
    bundle = tmp_path_factory.mktemp("engine") / "kursbuch-engine.js"
    bundle.write_text(assets.engine_source(), encoding="utf-8")
    out = subprocess.run(
        [node, str(HERE / "js" / "run_scoring.js"), str(bundle), str(TABLE_PATH)],
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


def test_js_module_results_match_table_and_python(js_results):
    acts = module_activities()
    for case, got in zip(TABLE["module_cases"], js_results["modules"], strict=True):
        py = score_module(acts, case["states"], case["pass_percent"])
        assert got == case["result"] == py.__dict__, case["_doc"]


def test_js_and_python_registries_agree(js_results):
    assert js_results["types"] == [{"type": t.name, "scored": t.scored} for t in TYPES]


def test_js_interaction_records_scored_items_only(js_results):
    for case, rec, points in zip(TABLE["item_cases"], js_results["interactions"], js_results["items"], strict=True):
        item = TABLE["items"][case["item"]]
        if item["type"] not in SCORED_TYPES:
            assert rec is None, case
            continue
        assert rec["type"] in ("choice", "matching", "sequencing", "likert", "fill-in", "numeric", "other"), case
        assert rec["correct"] == (points == item["points"]), case
        for part in rec["parts"]:  # ids, or [id, value] pairs of strings: what every LMS notation can carry
            assert isinstance(part, str) or (len(part) == 2 and all(isinstance(x, str) for x in part)), case


def test_partial_credit_rule_is_stated_in_the_format():
    from kursbuch.core.model import MultipleChoice

    assert "correct options chosen − wrong options" in MultipleChoice.__doc__
