"""What one quiz item type provides: the contract of a module in ``kursbuch/items/``.

An item type is one folder, ``kursbuch/items/<type>/``: its ``__init__.py`` defines ``TYPE``, an
:class:`ItemType` (the pydantic model, its cross-field checks, its reference scoring, how it
appears in the PDF handouts), ``item.js`` registers the same type with the engine
(``KursbuchEngine.registerItem``: view, answer state, scoring, feedback, LMS interaction) and an
optional ``item.css`` styles it. ``kursbuch/items/__init__.py`` lists the folders in one table;
the model union, the scored types, the JSON Schema, the format reference, the engine bundle and
the handouts are all derived from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from .base import ItemBase
from .errors import ContentError, PathPart


class ItemContext(Protocol):
    """What a type's ``check`` gets: errors located inside the item being checked."""

    def error(self, path: Sequence[PathPart], message: str) -> ContentError:
        """A problem at ``path`` below the item (e.g. ``("answer",)``)."""
        ...

    def unique(self, key: str, entries: Sequence[Any], what: str) -> Iterator[ContentError]:
        """One error for each entry of list field ``key`` whose ``id`` repeats an earlier one."""
        ...


@dataclass(frozen=True)
class HandoutEntry:
    """An item as it appears in a printed handout: listed under ``section`` (a heading); numbered
    entries of one section form one numbered list, ``html`` then being one list item's content."""

    section: str
    html: str
    numbered: bool = False


def _no_checks(item: Any, ctx: ItemContext) -> Iterator[ContentError]:
    return iter(())


def _not_in_handouts(item: Any, trainer: bool) -> HandoutEntry | None:
    return None


@dataclass(frozen=True)
class ItemType:
    """One registered item type.

    ``model`` has a field ``type: Literal["<name>"]``; its docstring (the scoring rule for scored
    types) is printed in the format reference. ``parts`` are the models of its parts, printed
    there too. ``score(item, answer)`` gives 0 … item.points and must equal the engine's
    ``score`` of ``item.js`` float for float (``tests/data/scoring_cases.json``); ``answer_shape``
    says what the engine stores as the answer. ``handout(item, trainer)`` is the item in the
    participants' (``trainer=False``) or the trainers' PDF, or None to leave it out;
    ``handout_css`` styles it there.
    """

    name: str
    model: type[ItemBase]
    folder: Path
    answer_shape: str
    parts: tuple[type[BaseModel], ...] = ()
    score: Callable[[Any, Any], float] | None = None
    check: Callable[[Any, ItemContext], Iterator[ContentError]] = _no_checks
    handout: Callable[[Any, bool], HandoutEntry | None] = _not_in_handouts
    handout_css: str = ""
    best_answer: Callable[[Any], Any] | None = field(default=None, repr=False)

    @property
    def scored(self) -> bool:
        return self.score is not None

    @property
    def script(self) -> Path:
        return self.folder / "item.js"

    @property
    def style(self) -> Path | None:
        path = self.folder / "item.css"
        return path if path.exists() else None
