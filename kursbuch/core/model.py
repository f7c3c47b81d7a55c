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

from pydantic import AfterValidator, Field, StrictBool, StrictInt, WithJsonSchema

from ..items import SCORED_TYPES, TYPES
from .base import (
    LOCAL_ID_PATTERN,
    ActivityId,
    BlockText,
    InlineText,
    ItemBase,
    LocalId,
    ScoredItem,
    Strict,
    not_reserved,
)
from .case_format import CONDITION_HELP, CONDITION_SCHEMA

# --------------------------------------------------------------------- quizzes

if TYPE_CHECKING:
    # For the type checker every item is an ItemBase; the registry's types are known at run time only.
    Item: TypeAlias = ItemBase
else:
    # One union over the registered item types (kursbuch/items), told apart by their `type`.
    Item = Annotated[Union[tuple(t.model for t in TYPES)], Field(discriminator="type")]  # noqa: UP007


class QuizSettings(Strict):
    pass_percent: int = Field(default=70, ge=0, le=100, description="Share of the points needed to pass, in percent.")
    shuffle: bool = Field(
        default=True,
        description="Options appear in an order of their own per learner and attempt; false keeps them as written.",
    )


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
# The case format: a graph of nodes whose choices carry a rating, may change named case variables
# and may depend on conditions. The condition grammar (what a ``when:`` may say) is checked and
# described in :mod:`kursbuch.core.case_format`; what a case does with it (the state a learner
# carries through it) is :mod:`kursbuch.core.case_state` and, identical, ``assets/case.js``.

Rating = Literal["good", "mixed", "poor"]
VarName = Annotated[
    str,
    Field(pattern=LOCAL_ID_PATTERN, description="Variable name: lowercase letters, digits, '_' (e.g. vertrauen)."),
    AfterValidator(not_reserved),
]
Condition = Annotated[
    dict[str, Any],
    WithJsonSchema(CONDITION_SCHEMA),
    Field(description=CONDITION_HELP),
]


class Variable(Strict):
    """A named part of the case's state, declared once on the scenario.

    ``type: number`` counts (e.g. trust: ``start: 0``); ``type: flag`` is true or false (e.g. the
    incident was documented: ``start: false``). ``label`` names it in German for the trainer's
    decision map and the learner's debrief. A number may be kept within ``min``/``max``: an effect
    that would leave that range stops at its edge.
    """

    type: Literal["number", "flag"]
    start: StrictBool | StrictInt = Field(description="Value at the start: a whole number, or true / false.")
    label: InlineText = Field(description="What it means, in German (e.g. Vertrauen von Frau Y.).")
    min: int | None = Field(default=None, description="Numbers only: the lowest value it can take.")
    max: int | None = Field(default=None, description="Numbers only: the highest value it can take.")


class Route(Strict):
    """A conditional way on: the first route whose ``when`` holds decides where a choice leads."""

    when: Condition
    next: ActivityId = Field(description="Id of the node this route leads to.")


class TextVariant(Strict):
    """Another text for a node, shown instead of ``text`` when its ``when`` holds (first match wins)."""

    when: Condition
    text: BlockText


class DebriefVariant(Strict):
    """Another debrief for an ending, shown instead of ``debrief`` when its ``when`` holds (first match wins)."""

    when: Condition
    debrief: BlockText


class Choice(Strict):
    """One way to act at a decision.

    ``rating`` says how good it is (shown with the learner's own decisions in the debrief, with the
    one-line ``consequence``). ``effects`` change case variables: a number adds the value
    (``vertrauen: +1``, ``vertrauen: -1``), a flag is set (``dokumentiert: true``). ``when`` shows
    the choice only if it holds. It leads to ``next`` unless one of its ``routes`` holds first;
    routes see the variables after this choice's effects, and this choice among those made.
    """

    id: LocalId
    text: InlineText
    feedback: BlockText = Field(description="The consequence of this choice and why.")
    rating: Rating = Field(description="How well this choice serves the people involved: good, mixed or poor.")
    consequence: InlineText | None = Field(
        default=None, description="One line on what followed, listed with this decision in the debrief."
    )
    effects: dict[VarName, StrictBool | StrictInt] = Field(
        default_factory=dict, description="Changes to case variables: numbers add (+1, -1), flags are set (true)."
    )
    when: Condition | None = Field(default=None, description="Show this choice only if the condition holds.")
    next: ActivityId = Field(description="Id of the node this choice leads to (when no route holds).")
    routes: list[Route] = Field(
        default_factory=list, description="Checked in order before next; the first whose condition holds wins."
    )


class Ending(Strict):
    rating: Rating = Field(description="How well this ending went: good, mixed or poor (shown in German).")
    debrief: BlockText = Field(description="What this ending teaches.")
    variants: list[DebriefVariant] = Field(
        default_factory=list, description="Debriefs chosen by condition; the first that holds replaces debrief."
    )


class Node(Strict):
    id: ActivityId
    title: InlineText
    text: BlockText = Field(description="The situation.")
    variants: list[TextVariant] = Field(
        default_factory=list, description="Texts chosen by condition; the first that holds replaces text."
    )
    prompt: InlineText = Field(default="Wie handeln Sie?", description="Question above the choices.")
    choices: list[Choice] = Field(default_factory=list)
    shuffle: bool = Field(
        default=True, description="Show the choices in an order of their own per learner; false keeps this order."
    )
    same_outcome_reason: InlineText | None = Field(
        default=None,
        description="Why all choices here deliberately lead to the same outcome (silences that lint rule).",
    )
    ending: Ending | None = Field(default=None, description="Set on ending nodes, which have no choices.")


class Scenario(Strict):
    """A branching case.

    ``variables`` declares the case's state (see Variable); choices change it (``effects``), and
    node texts, choices, routes and debriefs may depend on it through conditions (``when:``). A
    condition is a small mapping, never an expression:

    - ``vertrauen: 2`` – the number is exactly 2; ``vertrauen: {min: 2}`` – at least 2;
      ``vertrauen: {max: 0}`` – at most 0; ``{min: 1, max: 3}`` – between, both included;
    - ``dokumentiert: true`` – the flag is set (``false``: it is not);
    - ``chose: [m01-s1-n1.a]`` – the learner took each of these choices (``<node id>.<choice id>``);
    - ``all: [{…}, {…}]`` – every condition holds; ``any: [{…}, {…}]`` – at least one holds;
      ``not: {…}`` – the condition does not hold.

    Every key of one mapping must hold, e.g. ``when: {vertrauen: {min: 2}, dokumentiert: true}``.
    `kursbuch check` reports unknown variables, wrong value types, conditions that never hold,
    nodes and endings no learner can reach, decisions where no choice is shown, loops without exit.
    """

    id: ActivityId
    title: InlineText
    badge: InlineText | None = Field(
        default=None, description="Label above the case; default: `kursbuch: scenario_badge` in _config.yml."
    )
    content_note: BlockText | None = Field(
        default=None, description="Inhaltshinweis shown before the case (violence, insults)."
    )
    intro: BlockText
    variables: dict[VarName, Variable] = Field(
        default_factory=dict, description="The case's state: name → Variable (numbers and flags)."
    )
    start: ActivityId
    nodes: list[Node] = Field(min_length=2)

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)


# ---------------------------------------------------------------------- a file


class ModuleActivities(Strict):
    """Everything in one ``quizzes/<module>.yml``."""

    # m00-m99 as before, then m100, m101, … (no leading zero beyond two digits: m001 is not m01).
    module: Annotated[
        str,
        Field(pattern=r"^m([0-9]{2}|[1-9][0-9]{2,})$", description="Module id; equals the file name."),
    ]
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
