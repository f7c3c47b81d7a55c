"""Reflection: free text for the learner alone, never scored, never sent anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from ...core.base import BlockText, ItemBase
from ...core.itemtype import HandoutEntry, ItemType
from ...core.markdown import markdown

REFLECTION_SECTION = "Reflexionsfragen"


class Reflection(ItemBase):
    """Free text for the learner alone: never scored, never sent anywhere."""

    type: Literal["reflection"]
    explanation: BlockText | None = Field(default=None, description="An optional impulse shown after saving.")


def handout(item: ItemBase, trainer: bool) -> HandoutEntry | None:
    """Participants get the question to think about; trainers have it on the course page."""
    return None if trainer else HandoutEntry(REFLECTION_SECTION, markdown(item.prompt, False), numbered=True)


TYPE = ItemType(
    name="reflection",
    model=Reflection,
    folder=Path(__file__).parent,
    answer_shape="the text written (kept in the browser only)",
    handout=handout,
)
