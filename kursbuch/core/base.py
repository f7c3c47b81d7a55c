"""The building blocks every part of the content format shares: ids, text fields, the strict base.

Item types (``kursbuch/items/<type>/``) and the file format (:mod:`kursbuch.core.model`) build on
these. Text fields carry a marker saying how they are rendered: :data:`InlineText` sits in a label
or heading, :data:`BlockText` holds paragraphs; every other string (ids, references, enum values)
is data and passes to the engine verbatim (:mod:`kursbuch.core.render` reads the markers).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
LOCAL_ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
# Ids become keys of JavaScript objects in the engine and in the LMS runtime's stored state; these
# names are properties every such object already has, so an answer stored under them would be lost
# or would change the object itself. ``__proto__`` cannot match the patterns; the other two can.
RESERVED_IDS = frozenset({"__proto__", "constructor", "prototype"})
RESERVED_ID = "reserved_id"


def not_reserved(value: str) -> str:
    """Refuse an id that JavaScript objects already use (see :data:`RESERVED_IDS`)."""
    if value in RESERVED_IDS:
        raise PydanticCustomError(
            RESERVED_ID,
            "'{value}' cannot be used as an id: browsers use this name internally, the answer would be lost; "
            "choose another id (e.g. {value}1)",
            {"value": value},
        )
    return value


class Markdown:
    """Marks a text field as Markdown; ``block`` says paragraphs (else inline)."""

    def __init__(self, block: bool):
        self.block = block

    def __repr__(self) -> str:
        return f"Markdown(block={self.block})"


INLINE = Markdown(block=False)
BLOCK = Markdown(block=True)

ActivityId = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Stable id, lowercase words joined by '-', starting with the module id (e.g. m01-q03).",
    ),
    AfterValidator(not_reserved),
]
LocalId = Annotated[
    str,
    Field(
        pattern=LOCAL_ID_PATTERN,
        description="Short id, unique within its item or node (e.g. a, b, c).",
    ),
    AfterValidator(not_reserved),
]
InlineText = Annotated[str, Field(min_length=1, description="Inline Markdown."), INLINE]
BlockText = Annotated[str, Field(min_length=1, description="Markdown paragraphs."), BLOCK]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ItemBase(Strict):
    """What every quiz item has: an id and a prompt. Each type adds ``type: Literal[...]``."""

    id: ActivityId
    prompt: InlineText = Field(description="The question or task (one paragraph).")
    # An author's tag, because no program can tell a transfer question from a recall question;
    # `kursbuch lint` counts the tags (lint.quiz.min_transfer, max_project). Learners never see it.
    kind: Literal["transfer", "recall", "project"] | None = Field(
        default=None,
        description="What the item asks for (optional, counted by the lint): 'transfer' (a situation at work: "
        "what to do, what applies, what comes next), 'recall' (a fact) or 'project' (the project, its "
        "documents or who said what).",
    )


class ScoredItem(ItemBase):
    """An item that earns points; its type module defines how."""

    points: int = Field(default=1, ge=1, le=100, description="Points for a fully correct answer.")
    explanation: BlockText = Field(description="Shown after answering: what the learner should take away.")
