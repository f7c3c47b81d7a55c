"""Single choice: one correct option among several; full points or none."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ...core.base import BlockText, InlineText, LocalId, ScoredItem, Strict
from ...core.errors import ContentError
from ...core.itemtype import ItemContext, ItemType


class Option(Strict):
    id: LocalId
    text: InlineText
    feedback: BlockText = Field(description="Why choosing (or not choosing) this option is right or wrong.")


class SingleChoice(ScoredItem):
    """One correct option. Full points or none."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=2)
    answer: LocalId = Field(description="Id of the correct option.")


def check_answers(item: Any, ctx: ItemContext, answers: list[str], path: Any) -> Iterator[ContentError]:
    """Options have unique ids and every correct answer names one (shared with multiple choice)."""
    yield from ctx.unique("options", item.options, "option id")
    ids = [o.id for o in item.options]
    for j, a in enumerate(answers):
        if a not in ids:
            yield ctx.error(path(j), f"{a!r} is not one of the options {', '.join(ids)} — name an existing option id")


def check(item: SingleChoice, ctx: ItemContext) -> Iterator[ContentError]:
    yield from check_answers(item, ctx, [item.answer], lambda j: ("answer",))


def score(item: SingleChoice, answer: Any) -> float:
    return float(item.points) if answer == item.answer else 0.0


TYPE = ItemType(
    name="single",
    model=SingleChoice,
    folder=Path(__file__).parent,
    answer_shape='option id, e.g. `"b"`',
    parts=(Option,),
    score=score,
    check=check,
    best_answer=lambda item: item.answer,
)
