"""Matching: entries assigned to categories, credit per entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ...core.base import BlockText, InlineText, LocalId, ScoredItem, Strict
from ...core.errors import ContentError
from ...core.itemtype import ItemContext, ItemType


class Category(Strict):
    id: LocalId
    label: InlineText


class Entry(Strict):
    id: LocalId
    text: InlineText
    category: LocalId = Field(description="Id of the category this entry belongs to.")
    feedback: BlockText


class Matching(ScoredItem):
    """Assign each entry to a category. Points × share of entries assigned right."""

    type: Literal["matching"]
    categories: list[Category] = Field(min_length=2)
    entries: list[Entry] = Field(min_length=2)


def check(item: Matching, ctx: ItemContext) -> Iterator[ContentError]:
    yield from ctx.unique("categories", item.categories, "category id")
    yield from ctx.unique("entries", item.entries, "entry id")
    cats = [c.id for c in item.categories]
    for j, e in enumerate(item.entries):
        if e.category not in cats:
            yield ctx.error(
                ("entries", j, "category"),
                f"{e.category!r} is not one of the categories {', '.join(cats)} — name an existing category id",
            )


def score(item: Matching, answer: Any) -> float:
    given = answer if isinstance(answer, dict) else {}
    right = sum(1 for e in item.entries if given.get(e.id) == e.category)
    return item.points * right / len(item.entries)


TYPE = ItemType(
    name="matching",
    model=Matching,
    folder=Path(__file__).parent,
    answer_shape="`{entry id: category id}`",
    parts=(Category, Entry),
    score=score,
    check=check,
    best_answer=lambda item: {e.id: e.category for e in item.entries},
)
