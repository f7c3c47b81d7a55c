"""Self-assessment: a point on a scale for the learner alone, never scored or sent."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from ...core.base import BlockText, InlineText, ItemBase, Strict
from ...core.itemtype import ItemType
from ..reflection import handout


class Scale(Strict):
    min: int = Field(default=1, ge=0, le=1)
    max: int = Field(default=5, ge=3, le=7)
    min_label: InlineText
    max_label: InlineText


class SelfAssessment(ItemBase):
    """A point on a scale for the learner alone: never scored, never sent anywhere."""

    type: Literal["selfassessment"]
    scale: Scale
    explanation: BlockText | None = None


TYPE = ItemType(
    name="selfassessment",
    model=SelfAssessment,
    folder=Path(__file__).parent,
    answer_shape="the number chosen (kept in the browser only)",
    parts=(Scale,),
    handout=handout,
)
