"""Reference scoring: the rules the JavaScript engine implements too.

Each item type scores itself (``score`` in ``kursbuch/items/<type>/__init__.py``, mirrored by
``score`` in its ``item.js``); the answer shapes are listed in the format reference. A missing or
malformed answer scores 0. Formulas are written in the same order of operations as in the engine
so that both give identical floats; ``tests/data/scoring_cases.json`` holds the table both are
tested against: items, quizzes, pass marks and whole modules.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..items import BY_NAME
from .model import Quiz, Scenario


def score_item(item: Any, answer: Any) -> float:
    """Points earned for ``answer`` (0 … item.points); unscored items give 0."""
    kind = BY_NAME.get(getattr(item, "type", ""))
    if kind is None or kind.score is None:
        return 0.0
    return float(kind.score(item, answer))


@dataclass(frozen=True)
class QuizResult:
    points: float
    max_points: int
    percent: int  # rounded half up, for display
    passed: bool


def score_quiz(quiz: Quiz, answers: Mapping[str, Any]) -> QuizResult:
    points = 0.0
    for item in quiz.scored_items:
        points += score_item(item, answers.get(item.id))
    max_points = quiz.max_points
    ratio = points / max_points if max_points else 0.0
    # The small tolerance keeps 2/3-style float sums from failing an exact pass mark.
    passed = points * 100 >= quiz.settings.pass_percent * max_points - 1e-9
    return QuizResult(points, max_points, math.floor(ratio * 100 + 0.5), passed)


@dataclass(frozen=True)
class ModuleResult:
    """A module's result for an export target (the engine's ``moduleResult``)."""

    points: float
    max_points: int
    quizzes: int  # quizzes with scored items
    submitted: int
    scenarios: int
    ended: int
    graded: bool  # every scored quiz submitted
    passed: bool | None  # None until graded
    percent: float  # not rounded: the LMS gets it with two decimals


def _scenario_ended(scenario: Scenario, state: Any) -> bool:
    """Whether a stored path (engine state) leads from the start to an ending, followed as the engine
    follows it (effects, conditions, routes: :mod:`case_state`); an invalid step ends the walk where
    it stands, as the engine's cleanScenarioState keeps the valid prefix. The seed only orders the
    choices, so it does not matter here."""
    from . import case_state
    from .render import spec

    data = spec(scenario)
    at = case_state.start(data, 0)
    path = state.get("path") if isinstance(state, dict) else None
    for step in path if isinstance(path, list) else []:
        if not isinstance(step, dict) or step.get("node") != at["at"] or not isinstance(step.get("choice"), str):
            break
        try:
            at = case_state.choose(data, at, step["choice"])
        except ValueError:
            break
    node = case_state.node_of(data, at["at"])
    return bool(node and node.get("ending"))


def score_module(
    activities: Mapping[str, Quiz | Scenario], states: Mapping[str, Any], pass_percent: float
) -> ModuleResult:
    """The points of all scored quizzes added up; graded once every scored quiz was submitted;
    passed when graded, every quiz passed and the sum reaches ``pass_percent``. ``states`` are
    the engine's states by activity id (``{"answers", "submitted", ...}`` or ``{"path", ...}``)."""
    points, max_points = 0.0, 0
    quizzes = submitted = scenarios = ended = 0
    all_passed = True
    for act_id in sorted(activities):
        act, state = activities[act_id], states.get(act_id)
        if isinstance(act, Scenario):
            scenarios += 1
            if state is not None and _scenario_ended(act, state):
                ended += 1
        elif act.scored_items:
            quizzes += 1
            answers = state.get("answers") if isinstance(state, dict) else None
            result = score_quiz(act, answers if isinstance(answers, dict) else {})
            points += result.points
            max_points += result.max_points
            if isinstance(state, dict) and state.get("submitted"):
                submitted += 1
                if not result.passed:
                    all_passed = False
    graded = quizzes > 0 and submitted == quizzes
    percent = points / max_points * 100 if max_points else 0.0
    passed = (all_passed and percent >= pass_percent - 1e-9) if graded else None
    return ModuleResult(points, max_points, quizzes, submitted, scenarios, ended, graded, passed, percent)
