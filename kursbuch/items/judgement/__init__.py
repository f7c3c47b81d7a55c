"""Situational judgement ("Situationsbewertung"): a situation, 3–5 possible responses, each rated
on a 4-point scale and scored by closeness to the expert rating.

The learner's answer is compact (it is stored as-is in SCORM ``suspend_data``): ``{response id:
rating}``, the rating counted from the top of the scale, 0 = sehr geeignet … 3 = ungeeignet.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ...core.base import BlockText, InlineText, LocalId, ScoredItem, Strict
from ...core.errors import ContentError
from ...core.itemtype import HandoutEntry, ItemContext, ItemType
from ...core.markdown import markdown

# The scale from top to bottom; an answer stores the position (0 … 3).
SCALE = ("sehr geeignet", "eher geeignet", "eher ungeeignet", "ungeeignet")
STEPS = len(SCALE) - 1  # the largest possible distance between two ratings

Rating = Literal["sehr geeignet", "eher geeignet", "eher ungeeignet", "ungeeignet"]


class Response(Strict):
    id: LocalId
    text: InlineText = Field(description="A possible way to respond, as the learner reads it.")
    expert: Rating = Field(
        description="The expert rating: sehr geeignet, eher geeignet, eher ungeeignet or ungeeignet."
    )
    feedback: BlockText = Field(description="Why the experts rate this response so (shown after checking).")


class Judgement(ScoredItem):
    """Situational judgement (Situationsbewertung): a short situation and 3–5 possible responses;
    the learner rates each response as sehr geeignet, eher geeignet, eher ungeeignet or
    ungeeignet.

    Partial credit by closeness to the expert rating: each response earns 1 − |given − expert| ÷ 3,
    where the ratings count their steps on the scale (an exact match 1, one step off ⅔, two steps
    ⅓, opposite ends 0; an unrated response 0). Points × the mean over all responses, computed as
    points × Σ (3 − |given − expert|) ÷ (3 × number of responses).
    """

    type: Literal["judgement"]
    situation: BlockText = Field(description="The situation the responses react to (Markdown paragraphs).")
    responses: list[Response] = Field(min_length=3, max_length=5)


def rating(value: Any) -> int | None:
    """A stored rating (0 … 3) or None; true/false are not ratings, 2.0 is 2 (as in JavaScript)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value not in range(len(SCALE)):
        return None
    return int(value)


def check(item: Judgement, ctx: ItemContext) -> Iterator[ContentError]:
    yield from ctx.unique("responses", item.responses, "response id")
    if len({r.expert for r in item.responses}) == 1:
        yield ctx.error(
            ("responses",),
            f"every response has the expert rating {item.responses[0].expert!r} — "
            "rate at least one response differently, or the item cannot tell good from poor judgement",
        )


def score(item: Judgement, answer: Any) -> float:
    given = answer if isinstance(answer, dict) else {}
    total = 0
    for r in item.responses:
        value = rating(given.get(r.id))
        if value is not None:
            total += STEPS - abs(value - SCALE.index(r.expert))
    return item.points * total / (STEPS * len(item.responses))


def best_answer(item: Judgement) -> dict[str, int]:
    return {r.id: SCALE.index(r.expert) for r in item.responses}


def handout(item: Judgement, trainer: bool) -> HandoutEntry:
    """Participants: the situation and the responses with an empty rating grid to tick.
    Trainers: the same responses with the expert rating marked and the reason."""
    head = "".join(f'<th scope="col">{html.escape(s)}</th>' for s in SCALE)
    rows = []
    for i, r in enumerate(item.responses, 1):
        # Participants tick a box; trainers see the expert rating marked.
        marks = [("✗" if s == r.expert else "") if trainer else "☐" for s in SCALE]
        cells = "".join(f'<td class="mark">{m}</td>' for m in marks)
        rows.append(f'<tr><th scope="row">{i}. {markdown(r.text, False)}</th>{cells}</tr>')
        if trainer:
            rows.append(f'<tr class="why"><td colspan="{len(SCALE) + 1}">{markdown(r.feedback, True)}</td></tr>')
    grid = (
        f'<table class="judgement"><thead><tr><th scope="col">Reaktion</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    title = f"<h3>{markdown(item.prompt, False)}</h3>"
    body = markdown(item.situation, True)
    if trainer:
        section = "Situationsbewertung: Einschätzung der Fachleute"
        explanation = f"<p><strong>Erläuterung:</strong></p>{markdown(item.explanation, True)}"
        return HandoutEntry(section, f'<div class="judgement-item">{title}{body}{grid}{explanation}</div>')
    return HandoutEntry("Situationsbewertung", f'<div class="judgement-item">{title}{body}{grid}</div>')


HANDOUT_CSS = """
.judgement-item { break-inside: avoid; margin-bottom: 12pt; }
table.judgement { width: 100%; border-collapse: collapse; margin: 6pt 0; font-size: 9pt; }
table.judgement th, table.judgement td { border: 0.75pt solid #6b7280; padding: 3pt 4pt; vertical-align: top; }
table.judgement thead th { font-weight: 600; text-align: center; width: 13%; }
table.judgement thead th:first-child, table.judgement tbody th { text-align: left; width: auto; font-weight: 400; }
table.judgement td.mark { text-align: center; font-size: 12pt; }
table.judgement tr.why td { background: #f3f4f6; font-size: 8.5pt; }
table.judgement tr.why p { margin: 0 0 2pt; }
"""

TYPE = ItemType(
    name="judgement",
    model=Judgement,
    folder=Path(__file__).parent,
    answer_shape='`{response id: rating}`, 0 = sehr geeignet … 3 = ungeeignet, e.g. `{"r1": 0, "r2": 2}`',
    parts=(Response,),
    score=score,
    check=check,
    handout=handout,
    handout_css=HANDOUT_CSS,
    best_answer=best_answer,
)
