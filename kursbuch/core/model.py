"""The content format: one definition for validation, the JSON Schema and the docs.

A file ``quizzes/<module>.yml`` holds the activities of one module: quizzes
(scored items plus the unscored reflection and self-assessment types) and
branching scenarios. The pydantic models below check structure and types; the
rules that need the whole file or the whole course (answers that name an
option, unique ids, scenario graphs) live in :mod:`kursbuch.core.checks`.

Learner-facing text (``text``, ``feedback``, ``explanation`` ...) is Markdown
(inline or block, as each field says); behaviour settings (points, pass mark)
are separate keys so that a text review never has to touch them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, Union, cast

from pydantic import Field

from ..items import SCORED_TYPES, TYPES
from .base import ActivityId, BlockText, InlineText, ItemBase, LocalId, ScoredItem, Strict

# --------------------------------------------------------------------- quizzes

if TYPE_CHECKING:
    # For the type checker every item is an ItemBase; the registry's types are known at run time only.
    Item: TypeAlias = ItemBase
else:
    # One union over the registered item types (kursbuch/items), told apart by their `type`.
    Item = Annotated[Union[tuple(t.model for t in TYPES)], Field(discriminator="type")]  # noqa: UP007


class QuizSettings(Strict):
    pass_percent: int = Field(default=70, ge=0, le=100, description="Share of the points needed to pass, in percent.")


class Quiz(Strict):
    id: ActivityId
    title: InlineText
    intro: BlockText | None = None
    settings: QuizSettings = QuizSettings()
    items: list[Item] = Field(min_length=1)

    @property
    def scored_items(self) -> list[ScoredItem]:
        return [cast(ScoredItem, i) for i in self.items if getattr(i, "type", None) in SCORED_TYPES]

    @property
    def max_points(self) -> int:
        return sum(i.points for i in self.scored_items)


# ------------------------------------------------------------------- scenarios


class Choice(Strict):
    id: LocalId
    text: InlineText
    feedback: BlockText = Field(description="The consequence of this choice and why.")
    next: ActivityId = Field(description="Id of the node this choice leads to.")


class Ending(Strict):
    rating: Literal["good", "mixed", "poor"] = Field(
        description="How well this ending went: good, mixed or poor (shown in German)."
    )
    debrief: BlockText = Field(description="What this ending teaches.")


class Node(Strict):
    id: ActivityId
    title: InlineText
    text: BlockText = Field(description="The situation.")
    prompt: InlineText = Field(default="Wie handeln Sie?", description="Question above the choices.")
    choices: list[Choice] = Field(default_factory=list)
    ending: Ending | None = Field(default=None, description="Set on ending nodes, which have no choices.")


class Scenario(Strict):
    id: ActivityId
    title: InlineText
    badge: InlineText | None = Field(
        default=None, description="Label above the case; default: `kursbuch: scenario_badge` in _config.yml."
    )
    content_note: BlockText | None = Field(
        default=None, description="Inhaltshinweis shown before the case (violence, insults)."
    )
    intro: BlockText
    start: ActivityId
    nodes: list[Node] = Field(min_length=2)

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)


# ---------------------------------------------------------------------- a file


class ModuleActivities(Strict):
    """Everything in one ``quizzes/<module>.yml``."""

    module: Annotated[str, Field(pattern=r"^m[0-9]{2}$", description="Module id; equals the file name.")]
    quizzes: list[Quiz] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)

    def activities(self) -> list[Quiz | Scenario]:
        return [*self.quizzes, *self.scenarios]


def __getattr__(name: str) -> Any:
    """Item models by class name (``from kursbuch.core.model import SingleChoice``), looked up in
    the registry so that no second list of them exists."""
    for t in TYPES:
        for model in (t.model, *t.parts):
            if model.__name__ == name:
                return model
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
