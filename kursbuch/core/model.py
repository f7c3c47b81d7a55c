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

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
LOCAL_ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"

ActivityId = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Stable id, lowercase words joined by '-', starting with the module id (e.g. m01-q03).",
    ),
]
LocalId = Annotated[
    str,
    Field(
        pattern=LOCAL_ID_PATTERN,
        description="Short id, unique within its item or node (e.g. a, b, c).",
    ),
]
InlineText = Annotated[str, Field(min_length=1, description="Inline Markdown.")]
BlockText = Annotated[str, Field(min_length=1, description="Markdown paragraphs.")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --------------------------------------------------------------------- quizzes


class Option(Strict):
    id: LocalId
    text: InlineText
    feedback: BlockText = Field(description="Why choosing (or not choosing) this option is right or wrong.")


class ItemBase(Strict):
    id: ActivityId
    prompt: InlineText = Field(description="The question or task (one paragraph).")


class ScoredItem(ItemBase):
    points: int = Field(default=1, ge=1, le=100, description="Points for a fully correct answer.")
    explanation: BlockText = Field(description="Shown after answering: what the learner should take away.")


class SingleChoice(ScoredItem):
    """One correct option. Full points or none."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=2)
    answer: LocalId = Field(description="Id of the correct option.")


class MultipleChoice(ScoredItem):
    """Several correct options.

    Partial credit: points × max(0, (correct options chosen − wrong options
    chosen) ÷ number of correct options).
    """

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=3)
    answer: list[LocalId] = Field(min_length=1, description="Ids of all correct options.")


class Statement(Strict):
    id: LocalId
    text: InlineText
    correct: bool = Field(description="Whether the statement is true.")
    feedback: BlockText


class TrueFalse(ScoredItem):
    """Statements judged true or false. Points × share of statements judged right."""

    type: Literal["truefalse"]
    statements: list[Statement] = Field(min_length=1)


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


class Reflection(ItemBase):
    """Free text for the learner alone: never scored, never sent anywhere."""

    type: Literal["reflection"]
    explanation: BlockText | None = Field(default=None, description="An optional impulse shown after saving.")


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


Item = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Matching | Ordering | Reflection | SelfAssessment,
    Field(discriminator="type"),
]
SCORED_TYPES = ("single", "multiple", "truefalse", "matching", "ordering")


class QuizSettings(Strict):
    pass_percent: int = Field(default=70, ge=0, le=100, description="Share of the points needed to pass, in percent.")


class Quiz(Strict):
    id: ActivityId
    title: InlineText
    intro: BlockText | None = None
    settings: QuizSettings = QuizSettings()
    items: list[Item] = Field(min_length=1)

    @property
    def scored_items(self) -> list[ItemBase]:
        return [i for i in self.items if i.type in SCORED_TYPES]

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
