"""True or false: statements judged one by one, credit per statement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ...core.base import BlockText, InlineText, LocalId, ScoredItem, Strict
from ...core.errors import ContentError
from ...core.itemtype import ItemContext, ItemType


class Statement(Strict):
    id: LocalId
    text: InlineText
    correct: bool = Field(description="Whether the statement is true.")
    feedback: BlockText


class TrueFalse(ScoredItem):
    """Statements judged true or false. Points × share of statements judged right."""

    type: Literal["truefalse"]
    statements: list[Statement] = Field(min_length=1)


def check(item: TrueFalse, ctx: ItemContext) -> Iterator[ContentError]:
    yield from ctx.unique("statements", item.statements, "statement id")


def score(item: TrueFalse, answer: Any) -> float:
    given = answer if isinstance(answer, dict) else {}
    right = sum(1 for s in item.statements if given.get(s.id) is s.correct)
    return item.points * right / len(item.statements)


TYPE = ItemType(
    name="truefalse",
    model=TrueFalse,
    folder=Path(__file__).parent,
    answer_shape="`{statement id: true or false}`",
    parts=(Statement,),
    score=score,
    check=check,
    best_answer=lambda item: {s.id: s.correct for s in item.statements},
)
