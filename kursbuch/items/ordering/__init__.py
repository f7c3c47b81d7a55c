"""Ordering: steps put in sequence, credit per step at its place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ...core.base import BlockText, InlineText, LocalId, ScoredItem, Strict
from ...core.errors import ContentError
from ...core.itemtype import ItemContext, ItemType


class Step(Strict):
    id: LocalId
    text: InlineText
    feedback: BlockText = Field(description="Why this step stands at its place.")


class Ordering(ScoredItem):
    """Put steps in sequence; ``steps`` lists them in the correct order.

    Points × share of steps at their correct position. The learner sees them
    in a fixed order derived from the ids (never the correct one).
    """

    type: Literal["ordering"]
    steps: list[Step] = Field(min_length=3)


def check(item: Ordering, ctx: ItemContext) -> Iterator[ContentError]:
    yield from ctx.unique("steps", item.steps, "step id")


def score(item: Ordering, answer: Any) -> float:
    order = answer if isinstance(answer, list) else []
    right = sum(1 for i, s in enumerate(item.steps) if i < len(order) and order[i] == s.id)
    return item.points * right / len(item.steps)


TYPE = ItemType(
    name="ordering",
    model=Ordering,
    folder=Path(__file__).parent,
    answer_shape="list of step ids in the learner's order",
    parts=(Step,),
    score=score,
    check=check,
    best_answer=lambda item: [s.id for s in item.steps],
)
