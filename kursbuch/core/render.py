"""Turn an activity into what the engine consumes: a JSON spec and an HTML host.

``spec(activity)`` is the model as plain data with every text field rendered
from Markdown to HTML (raw HTML in the source is escaped, never passed
through). ``fragment(activity)`` is the static host element: a container with
a deterministic id and the spec embedded as inert JSON; ``engine.js`` mounts
the interactive quiz or scenario into it. Output is byte-identical for the
same input.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from pydantic import BaseModel

from .model import Node, Quiz, Scenario, TextVariant

# Fields holding paragraphs; every other text field is inline (it sits in a label or heading).
BLOCK_FIELDS = {"explanation", "feedback", "intro", "debrief", "content_note"}
BLOCK_FIELDS_OF = {Node: {"text"}, TextVariant: {"text"}}


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # commonmark with html=False: raw HTML in content is escaped, so content cannot inject markup.
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


# A Genderstern between letters ("Kolleg*innen") is text, not emphasis: two in one field
# would otherwise turn the words between them italic.
_GENDERSTERN = re.compile(r"(?<=\w)\*(?=\w)")


def markdown(text: str, block: bool) -> str:
    md = _md()
    text = _GENDERSTERN.sub(r"\\*", text)
    return (md.render(text) if block else md.renderInline(text)).strip()


def _is_block(model: BaseModel, name: str) -> bool:
    if name in BLOCK_FIELDS:
        return True
    return any(isinstance(model, cls) and name in names for cls, names in BLOCK_FIELDS_OF.items())


def _plain(value: Any, owner: BaseModel | None = None, name: str = "") -> Any:
    if isinstance(value, BaseModel):
        return {
            k: _plain(getattr(value, k), value, k) for k in type(value).model_fields if getattr(value, k) is not None
        }
    if isinstance(value, list):
        return [_plain(v, owner, name) for v in value]
    if isinstance(value, str) and owner is not None and name not in _VERBATIM:
        return markdown(value, _is_block(owner, name))
    return value


# Ids, references and enum values are data, not text.
_VERBATIM = {"id", "type", "answer", "category", "next", "start", "rating", "module"}


def spec(activity: Quiz | Scenario) -> dict[str, Any]:
    data = _plain(activity)
    data["kind"] = "quiz" if isinstance(activity, Quiz) else "scenario"
    if isinstance(activity, Quiz):
        data["max_points"] = activity.max_points
    else:
        _scenario_state(activity, data)
    return data


def _scenario_state(s: Scenario, data: dict[str, Any]) -> None:
    """The case-state part of a scenario spec: variables as plain data with their labels rendered;
    conditions (``when``) and ``effects`` stay as written (they are data, not text); the lint-only
    ``same_outcome_reason`` stays out. Every choice keeps a plain ``next`` (where it leads when no
    route holds), so a reader that ignores routes can still follow the case."""
    data["variables"] = {
        name: {k: v for k, v in var.model_dump().items() if v is not None} | {"label": markdown(var.label, False)}
        for name, var in s.variables.items()
    }
    for node in data["nodes"]:
        node.pop("same_outcome_reason", None)


def spec_json(activity: Quiz | Scenario) -> str:
    """The spec as JSON that is safe inside a <script> element."""
    text = json.dumps(spec(activity), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def fragment(activity: Quiz | Scenario) -> str:
    kind = "quiz" if isinstance(activity, Quiz) else "scenario"
    ident = html.escape(activity.id)
    return (
        f'<div class="kb-activity kb-{kind}" id="kb-{ident}" data-kb-kind="{kind}" data-kb-id="{ident}">'
        f'<noscript><p class="kb-noscript">Diese Übung braucht JavaScript. Bitte aktivieren Sie JavaScript '
        f"in Ihrem Browser, um sie zu bearbeiten.</p></noscript>"
        f'<script type="application/json" class="kb-spec">{spec_json(activity)}</script>'
        f"</div>"
    )
