"""Multiple choice: several correct options, partial credit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ...core.base import LocalId, ScoredItem
from ...core.errors import ContentError
from ...core.itemtype import ItemContext, ItemType
from ..single import Option, check_answers


class MultipleChoice(ScoredItem):
    """Several correct options.

    Partial credit: points × max(0, (correct options chosen − wrong options
    chosen) ÷ number of correct options).
    """

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=3)
    answer: list[LocalId] = Field(min_length=1, description="Ids of all correct options.")


def check(item: MultipleChoice, ctx: ItemContext) -> Iterator[ContentError]:
    yield from check_answers(item, ctx, item.answer, lambda j: ("answer", j))
    if len(set(item.answer)) != len(item.answer):
        yield ctx.error(("answer",), "an option is listed twice as correct — list each once")
    if len(set(item.answer)) >= len(item.options):
        yield ctx.error(("answer",), "every option is correct — add at least one wrong option or use type: truefalse")


def score(item: MultipleChoice, answer: Any) -> float:
    if not isinstance(answer, list):
        return 0.0
    chosen = {a for a in answer if isinstance(a, str)}
    correct = set(item.answer)
    hits, misses = len(chosen & correct), len(chosen - correct)
    right, total = max(0, hits - misses), len(correct)
    return item.points * right / total if total else 0.0


TYPE = ItemType(
    name="multiple",
    model=MultipleChoice,
    folder=Path(__file__).parent,
    answer_shape='list of option ids, e.g. `["a", "c"]`',
    score=score,
    check=check,
    best_answer=lambda item: list(item.answer),
)
