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
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from .base import Markdown
from .markdown import markdown
from .model import Quiz, Scenario

__all__ = ["fragment", "markdown", "spec", "spec_json"]


def _marker(annotation: Any, metadata: list[Any]) -> Markdown | None:
    """The Markdown marker of a field, also inside ``BlockText | None``."""
    for meta in metadata:
        if isinstance(meta, Markdown):
            return meta
    for arg in get_args(annotation):
        found = _marker(arg, list(getattr(arg, "__metadata__", ())))
        if found is not None:
            return found
    return None


@cache
def _text_fields(model: type[BaseModel]) -> dict[str, bool]:
    """Field name -> block? for the Markdown fields of a model; other strings are data (ids, references)."""
    out = {}
    for name, info in model.model_fields.items():
        found = _marker(info.annotation, info.metadata)
        if found is not None:
            out[name] = found.block
    return out


def _plain(value: Any, block: bool | None = None) -> Any:
    if isinstance(value, BaseModel):
        fields = _text_fields(type(value))
        return {
            k: _plain(getattr(value, k), fields.get(k))
            for k in type(value).model_fields
            if getattr(value, k) is not None
        }
    if isinstance(value, list):
        return [_plain(v, block) for v in value]
    if isinstance(value, str) and block is not None:
        return markdown(value, block)
    return value


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
