"""Reference scoring: the rules the JavaScript engine implements too.

Answers have one shape per item type (the engine stores the same shapes):

=============== ==============================================
single          option id, e.g. ``"b"``
multiple        list of option ids, e.g. ``["a", "c"]``
truefalse       ``{statement id: true | false}``
matching        ``{entry id: category id}``
ordering        list of step ids in the learner's order
=============== ==============================================

A missing or malformed answer scores 0. The formulas are written in the same
order of operations as in ``engine.js`` so that both give identical floats;
``tests/data/scoring_cases.json`` holds the table both are tested against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .model import Matching, MultipleChoice, Ordering, Quiz, SingleChoice, TrueFalse


def _share(points: int, right: int, total: int) -> float:
    return points * right / total if total else 0.0


def score_item(item: Any, answer: Any) -> float:
    """Points earned for ``answer`` (0 … item.points); unscored items give 0."""
    if isinstance(item, SingleChoice):
        return float(item.points) if answer == item.answer else 0.0
    if isinstance(item, MultipleChoice):
        if not isinstance(answer, list):
            return 0.0
        chosen = {a for a in answer if isinstance(a, str)}
        correct = set(item.answer)
        hits, misses = len(chosen & correct), len(chosen - correct)
        return _share(item.points, max(0, hits - misses), len(correct))
    if isinstance(item, TrueFalse):
        given = answer if isinstance(answer, dict) else {}
        right = sum(1 for s in item.statements if given.get(s.id) is s.correct)
        return _share(item.points, right, len(item.statements))
    if isinstance(item, Matching):
        given = answer if isinstance(answer, dict) else {}
        right = sum(1 for e in item.entries if given.get(e.id) == e.category)
        return _share(item.points, right, len(item.entries))
    if isinstance(item, Ordering):
        order = answer if isinstance(answer, list) else []
        right = sum(1 for i, s in enumerate(item.steps) if i < len(order) and order[i] == s.id)
        return _share(item.points, right, len(item.steps))
    return 0.0


@dataclass(frozen=True)
class QuizResult:
    points: float
    max_points: int
    percent: int  # rounded half up, for display
    passed: bool


def score_quiz(quiz: Quiz, answers: dict[str, Any]) -> QuizResult:
    points = 0.0
    for item in quiz.scored_items:
        points += score_item(item, answers.get(item.id))
    max_points = quiz.max_points
    ratio = points / max_points if max_points else 0.0
    # The small tolerance keeps 2/3-style float sums from failing an exact pass mark.
    passed = points * 100 >= quiz.settings.pass_percent * max_points - 1e-9
    return QuizResult(points, max_points, math.floor(ratio * 100 + 0.5), passed)
