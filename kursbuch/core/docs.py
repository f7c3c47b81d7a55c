"""The format reference for authors (docs/format-reference.md), generated from the models.

Same source as validation and the JSON Schema, so the three cannot drift apart;
a test keeps the committed file equal to :func:`reference_markdown`.
"""

from __future__ import annotations

import inspect
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..items import TYPES
from . import model as m

DOC_PATH = "docs/format-reference.md"


def _sections() -> list[tuple[str, list[type[BaseModel]]]]:
    """The reference's sections; item types and their parts in the registry's order."""
    parts: list[type[BaseModel]] = []
    for t in TYPES:
        parts += [p for p in t.parts if p not in parts]
    return [
        ("File", [m.ModuleActivities]),
        ("Quiz", [m.Quiz, m.QuizSettings]),
        ("Item types", [t.model for t in TYPES]),
        ("Parts of items", parts),
        ("Scenario", [m.Scenario, m.Variable, m.Node, m.TextVariant, m.Choice, m.Route, m.Ending, m.DebriefVariant]),
    ]


def _answers_table() -> str:
    """What the engine stores as each type's answer (SCORM suspend_data, the widget's ``answers``)."""
    lines = ["| type | what it is | scored | answer stored as |", "|---|---|---|---|"]
    for t in TYPES:
        first = inspect.cleandoc(t.model.__doc__ or "").split("\n\n")[0].replace("\n", " ")
        link = f"[{first}](#{t.model.__name__.lower()})"
        lines.append(f"| `{t.name}` | {link} | {'yes' if t.scored else 'no'} | {t.answer_shape} |")
    return "\n".join(lines) + "\n"


def _type_name(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is list:
        return f"list of {_type_name(get_args(annotation)[0])}"
    if origin is dict:
        key, value = get_args(annotation)
        if value is Any:
            return "condition (see Scenario)"
        return f"mapping of {_type_name(key)} → {_type_name(value)}"
    if str(origin) in ("typing.Union", "<class 'types.UnionType'>") or origin is getattr(
        __import__("types"), "UnionType", None
    ):
        parts = [a for a in get_args(annotation) if a is not type(None)]
        return " or ".join(_type_name(a) for a in parts)
    if origin is not None and str(origin) == "typing.Literal":
        return " / ".join(f"`{a}`" for a in get_args(annotation))
    if get_origin(annotation) is not None and hasattr(annotation, "__metadata__"):
        return _type_name(get_args(annotation)[0])
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if annotation is str:
        return "text"
    if annotation is int:
        return "integer"
    if annotation is bool:
        return "true / false"
    return getattr(annotation, "__name__", str(annotation))


def _describe(field: FieldInfo) -> str:
    parts = []
    if field.description:
        parts.append(field.description)
    for meta in field.metadata:
        pattern = getattr(meta, "pattern", None)
        if pattern:
            parts.append(f"Pattern `{pattern}`.")
        for attr, word in (("min_length", "at least"), ("ge", "at least"), ("le", "at most")):
            value = getattr(meta, attr, None)
            if value is not None and not (attr == "min_length" and value == 1 and field.annotation is str):
                parts.append(f"{word.capitalize()} {value}.")
    return " ".join(parts)


def _model_table(model: type[BaseModel]) -> str:
    doc = inspect.cleandoc(model.__doc__ or "")
    if doc.startswith("!!!") or model.__doc__ == BaseModel.__doc__:
        doc = ""
    lines = [f"### {model.__name__}", ""]
    if doc:
        lines += [doc, ""]
    lines += ["| key | type | required | default | meaning |", "|---|---|---|---|---|"]
    for name, field in model.model_fields.items():
        required = "yes" if field.is_required() else "no"
        default = "" if field.is_required() else _default(field)
        lines.append(f"| `{name}` | {_type_name(field.annotation)} | {required} | {default} | {_describe(field)} |")
    return "\n".join(lines) + "\n"


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        return "empty"
    value = field.default
    if value is None:
        return "none"
    if isinstance(value, BaseModel):
        return "see below"
    return f"`{value}`"


def reference_markdown() -> str:
    out = [
        "# Format reference: `quizzes/<module>.yml`",
        "",
        "Generated from `kursbuch/core/model.py` and the item types in `kursbuch/items/` by",
        "`kursbuch docs --write`; do not edit by hand.",
        "Text fields are Markdown (raw HTML is shown as text, never run). Rules that need the whole file",
        "or course (answers name options, unique ids, scenario graphs) are listed in",
        "[authoring.md](authoring.md#what-kursbuch-check-checks).",
        "",
    ]
    for title, models in _sections():
        out += [f"## {title}", ""]
        if title == "Item types":
            out += [
                "Every item type, what it is and how the engine keeps its answer (a missing or malformed answer scores 0):",
                "",
                _answers_table(),
            ]
        out += [_model_table(model) for model in models]
    return "\n".join(out).rstrip() + "\n"
