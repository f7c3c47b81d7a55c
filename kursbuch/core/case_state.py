"""The pure logic of a case, in Python; ``kursbuch/assets/case.js`` is the same logic for the browser.

Both work on a scenario spec as :func:`kursbuch.core.render.spec` makes it (a plain dict; a
``Scenario.model_dump()`` works too: texts are returned as they are, never rendered here), and on a
state ``{"at": node id, "vars": {name: value}, "path": [{"node", "choice"}], "seed": uint32}``.
States are never changed in place: every step returns a new one. The shared table
``tests/data/case_cases.json`` keeps the two implementations identical.

- ``start(spec, seed)``: the state at the start node, every variable at its start value.
- ``evaluate(cond, state)``: whether a condition holds (the grammar: :class:`model.Scenario`).
- ``visible_choices(spec, state, node)``: the choices whose ``when`` holds, shuffled by the seed
  unless the node says ``shuffle: false``.
- ``choose(spec, state, choice_id)``: apply the choice's effects (numbers add and stop at their
  ``min``/``max``, flags are set), then follow the first route that holds, else ``next``.
- ``back(spec, state)`` and ``replay(spec, path, seed)``: a state is its path replayed from the start
  (a saved path that no longer fits the content gives ``None``).
- ``node_text`` and ``debrief``: the text variant that holds; at an ending, the learner's own
  decisions with rating and consequence, the debrief variant that holds, and the variables.
- ``order(ids, seed, key)``: the seeded shuffle for case choices and quiz options (mulberry32
  seeded with the learner's seed xor an FNV-1a hash of ``key``, then Fisher–Yates). The seed is
  drawn once per learner and attempt (``new_seed``) and saved with the state, so the order stays
  across reloads.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

MASK = 0xFFFFFFFF
State = dict[str, Any]
Spec = dict[str, Any]


# ------------------------------------------------------------------ the seeded order


def _imul(a: int, b: int) -> int:
    return (a * b) & MASK


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the UTF-16 code units of ``text`` (as JavaScript's charCodeAt sees them)."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = _imul(h, 0x01000193)
    return h


def mulberry32(seed: int) -> Iterator[int]:
    """Unsigned 32-bit numbers from mulberry32 (bit for bit as in case.js)."""
    a = seed & MASK
    while True:
        a = (a + 0x6D2B79F5) & MASK
        t = _imul(a ^ (a >> 15), 1 | a)
        t = (((t + _imul(t ^ (t >> 7), 61 | t)) & MASK) ^ t) & MASK
        yield (t ^ (t >> 14)) & MASK


def order(ids: list[str], seed: int, key: str, avoid: list[str] | None = None) -> list[str]:
    """``ids`` in the order of ``seed`` for ``key`` (an item or node id). ``avoid``: an order the
    result must not equal (an ordering item's solution); it is then turned by one place."""
    out = list(ids)
    numbers = mulberry32((seed ^ fnv1a(key)) & MASK)
    for i in range(len(out) - 1, 0, -1):
        j = next(numbers) % (i + 1)
        out[i], out[j] = out[j], out[i]
    if avoid is not None and len(out) > 1 and out == list(avoid):
        out = out[1:] + out[:1]
    return out


def new_seed() -> int:
    """A fresh seed for one learner's attempt (not for security: it only orders choices)."""
    return random.getrandbits(32)


# ------------------------------------------------------------------------ conditions


def _chosen(state: State) -> set[str]:
    return {f"{step['node']}.{step['choice']}" for step in state["path"]}


def evaluate(cond: Any, state: State) -> bool:
    """Whether ``cond`` holds in ``state``; no condition (``None``) always holds."""
    if cond is None:
        return True
    return _holds(cond, state["vars"], _chosen(state))


def _holds(cond: dict[str, Any], values: dict[str, Any], chosen: set[str]) -> bool:
    for key, test in cond.items():
        if key == "all":
            ok = all(_holds(c, values, chosen) for c in test)
        elif key == "any":
            ok = any(_holds(c, values, chosen) for c in test)
        elif key == "not":
            ok = not _holds(test, values, chosen)
        elif key == "chose":
            ok = all(ref in chosen for ref in test)
        elif isinstance(test, dict):
            value = values.get(key)
            ok = ("min" not in test or value >= test["min"]) and ("max" not in test or value <= test["max"])
        else:
            # A flag compares with a bool, a number with a number; type(...) keeps True apart from 1.
            value = values.get(key)
            ok = type(value) is type(test) and value == test
        if not ok:
            return False
    return True


# ------------------------------------------------------------------------ the case


def node_of(spec: Spec, node_id: str) -> dict[str, Any] | None:
    return next((n for n in spec["nodes"] if n["id"] == node_id), None)


def start(spec: Spec, seed: int) -> State:
    variables = spec.get("variables") or {}
    return {
        "at": spec["start"],
        "vars": {name: v["start"] for name, v in variables.items()},
        "path": [],
        "seed": seed & MASK,
    }


def visible_choices(spec: Spec, state: State, node: dict[str, Any]) -> list[dict[str, Any]]:
    """The choices shown at ``node`` in ``state``, in the learner's order."""
    shown = [c for c in node.get("choices") or [] if evaluate(c.get("when"), state)]
    if node.get("shuffle", True) is False or len(shown) < 2:
        return shown
    by_id = {c["id"]: c for c in shown}
    return [by_id[i] for i in order([c["id"] for c in shown], state["seed"], node["id"])]


def apply_effects(spec: Spec, values: dict[str, Any], effects: dict[str, Any] | None) -> dict[str, Any]:
    """New variable values after ``effects``: numbers add and stop at min/max, flags are set."""
    out = dict(values)
    variables = spec.get("variables") or {}
    for name, effect in (effects or {}).items():
        var = variables[name]
        if var["type"] == "flag":
            out[name] = effect
            continue
        value = out[name] + effect
        if var.get("min") is not None:
            value = max(var["min"], value)
        if var.get("max") is not None:
            value = min(var["max"], value)
        out[name] = value
    return out


def target(choice: dict[str, Any], state: State) -> str:
    """Where ``choice`` leads from ``state`` (the state after its effects, with it on the path)."""
    for route in choice.get("routes") or []:
        if evaluate(route["when"], state):
            return str(route["next"])
    return str(choice["next"])


def choose(spec: Spec, state: State, choice_id: str) -> State:
    """The state after taking ``choice_id`` at the current node; ValueError if it is not shown there."""
    node = node_of(spec, state["at"])
    if node is None or node.get("ending"):
        raise ValueError(f"no decision at {state['at']!r}")
    choice = next((c for c in visible_choices(spec, state, node) if c["id"] == choice_id), None)
    if choice is None:
        raise ValueError(f"choice {choice_id!r} is not shown at {node['id']!r}")
    after = {
        "at": state["at"],
        "vars": apply_effects(spec, state["vars"], choice.get("effects")),
        "path": [*state["path"], {"node": node["id"], "choice": choice_id}],
        "seed": state["seed"],
    }
    after["at"] = target(choice, after)
    return after


def replay(spec: Spec, path: list[dict[str, Any]], seed: int) -> State | None:
    """The state reached by ``path`` from the start, or None if the path no longer fits the case."""
    state = start(spec, seed)
    for step in path:
        if not isinstance(step, dict) or step.get("node") != state["at"]:
            return None
        try:
            state = choose(spec, state, step.get("choice"))  # type: ignore[arg-type]
        except ValueError:
            return None
    return state


def back(spec: Spec, state: State) -> State:
    """One decision back (at the start: the start)."""
    return replay(spec, state["path"][:-1], state["seed"]) or start(spec, state["seed"])


def node_text(spec: Spec, state: State, node: dict[str, Any]) -> str:
    for variant in node.get("variants") or []:
        if evaluate(variant["when"], state):
            return str(variant["text"])
    return str(node["text"])


def debrief(spec: Spec, state: State) -> dict[str, Any] | None:
    """At an ending: its rating and debrief (the variant that holds), the learner's decisions, the
    variables with their labels. ``None`` anywhere else."""
    node = node_of(spec, state["at"])
    if node is None or not node.get("ending"):
        return None
    ending = node["ending"]
    text = ending["debrief"]
    for variant in ending.get("variants") or []:
        if evaluate(variant["when"], state):
            text = variant["debrief"]
            break
    decisions = []
    for step in state["path"]:
        at = node_of(spec, step["node"]) or {}
        choice: dict[str, Any] = next((c for c in at.get("choices") or [] if c["id"] == step["choice"]), {})
        decisions.append(
            {
                "node": step["node"],
                "title": at.get("title"),
                "choice": step["choice"],
                "text": choice.get("text"),
                "rating": choice.get("rating"),
                "consequence": choice.get("consequence"),
            }
        )
    variables = spec.get("variables") or {}
    return {
        "ending": node["id"],
        "title": node["title"],
        "rating": ending["rating"],
        "debrief": text,
        "decisions": decisions,
        "variables": [
            {"name": name, "label": v["label"], "value": state["vars"][name]} for name, v in sorted(variables.items())
        ],
    }
