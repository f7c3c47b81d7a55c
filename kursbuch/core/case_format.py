"""The condition grammar of cases: what a ``when:`` may say, checked without running the case.

A condition is a small YAML mapping, never an expression string (see the docstring of
:class:`kursbuch.core.model.Scenario`, which the format reference prints). This module has no
model imports: it works on the plain mapping, so the models, the checks and the analysis share it.

``condition_problems(cond, variables, choices)`` yields ``(path inside the condition, message)``
for every problem an author can fix: unknown variables, values of the wrong type, ranges that can
never hold, choices that do not exist. ``chosen_refs(cond)`` lists the choices a condition names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

KEYWORDS = ("all", "any", "not", "chose")

CONDITION_HELP = (
    "A condition: a mapping whose every key must hold. A variable name with a number (exactly), "
    "{min: n, max: n} (a range) or true / false (a flag); chose: [<node id>.<choice id>, …]; "
    "all: [conditions]; any: [conditions]; not: condition."
)

# For editors only (validation with located messages is condition_problems): a mapping of tests.
CONDITION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": CONDITION_HELP,
    "minProperties": 1,
    "properties": {
        "chose": {"type": "array", "items": {"type": "string", "pattern": r"^[a-z0-9-]+\.[a-z0-9_]+$"}},
        "all": {"type": "array", "items": {"type": "object"}, "minItems": 1},
        "any": {"type": "array", "items": {"type": "object"}, "minItems": 1},
        "not": {"type": "object"},
    },
    "additionalProperties": {
        "anyOf": [
            {"type": "boolean"},
            {"type": "integer"},
            {
                "type": "object",
                "properties": {"min": {"type": "integer"}, "max": {"type": "integer"}},
                "additionalProperties": False,
                "minProperties": 1,
            },
        ]
    },
}

Problem = tuple[tuple[str | int, ...], str]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def condition_problems(
    cond: Any,
    variables: Mapping[str, Mapping[str, Any]],
    choices: set[str],
    at: tuple[str | int, ...] = (),
) -> Iterator[Problem]:
    """Problems of one condition. ``variables``: name → {type, min, max}; ``choices``: every
    ``<node id>.<choice id>`` of the scenario."""
    if not isinstance(cond, dict):
        yield at, "a condition is a mapping — write e.g. {vertrauen: {min: 2}} or {dokumentiert: true}"
        return
    if not cond:
        yield at, "the condition is empty — add a test (e.g. dokumentiert: true) or remove it"
    for key, value in cond.items():
        here = (*at, key)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                yield here, f"{key} takes a list of conditions — write e.g. {key}: [{{vertrauen: {{min: 1}}}}, {{…}}]"
                continue
            for i, sub in enumerate(value):
                yield from condition_problems(sub, variables, choices, (*here, i))
        elif key == "not":
            yield from condition_problems(value, variables, choices, here)
        elif key == "chose":
            if not isinstance(value, list) or not value:
                yield here, "chose takes a list of choices — write e.g. chose: [m01-s1-n1.a]"
                continue
            for i, ref in enumerate(value):
                if not isinstance(ref, str) or ref not in choices:
                    yield (
                        (*here, i),
                        f"{ref!r} is not a choice of this scenario — write <node id>.<choice id>, e.g. "
                        f"{min(choices) if choices else 'm01-s1-n1.a'}",
                    )
        elif key not in variables:
            known = ", ".join(sorted(variables)) or "none declared"
            yield (
                here,
                f"unknown variable {key!r} — declare it under the scenario's variables: or correct its "
                f"spelling (known: {known}; keywords: {', '.join(KEYWORDS)})",
            )
        elif variables[key].get("type") == "flag":
            if not isinstance(value, bool):
                yield here, f"{key} is a flag — compare it with true or false"
        else:
            yield from _number_test(key, value, variables[key], here)


def _number_test(name: str, value: Any, var: Mapping[str, Any], here: tuple[str | int, ...]) -> Iterator[Problem]:
    low, high = var.get("min"), var.get("max")
    if _is_int(value):
        lo = hi = value
    elif isinstance(value, dict) and value and set(value) <= {"min", "max"}:
        bad = [k for k, v in value.items() if not _is_int(v)]
        if bad:
            yield (*here, bad[0]), f"{bad[0]} takes a whole number — write e.g. {{min: 2}}"
            return
        lo, hi = value.get("min"), value.get("max")
        if lo is not None and hi is not None and lo > hi:
            yield here, f"can never hold: min {lo} is larger than max {hi} — swap them"
            return
    else:
        yield here, f"{name} is a number — compare it with a number (e.g. 2) or a range (e.g. {{min: 2}})"
        return
    if lo is not None and high is not None and lo > high:
        yield here, f"can never hold: {name} never exceeds its max {high} — lower the test or raise max"
    if hi is not None and low is not None and hi < low:
        yield here, f"can never hold: {name} never falls below its min {low} — raise the test or lower min"


def chosen_refs(cond: Any) -> set[str]:
    """Every ``<node id>.<choice id>`` a condition names, at any depth."""
    out: set[str] = set()
    if isinstance(cond, dict):
        for key, value in cond.items():
            if key == "chose" and isinstance(value, list):
                out.update(v for v in value if isinstance(v, str))
            elif key in ("all", "any") and isinstance(value, list):
                for sub in value:
                    out |= chosen_refs(sub)
            elif key == "not":
                out |= chosen_refs(value)
    return out
