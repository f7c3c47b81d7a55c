"""What a case can do, found by playing every way through it.

Cases are small, so ``analyse(scenario)`` enumerates every reachable state breadth first, with the
very logic the learner runs (:mod:`kursbuch.core.case_state`). A state is the node, the variables,
the choices that some condition asks about, and the number of poor choices so far (counted up to
``poor_cap``). From that it knows, each with the shortest path that shows it:

- the nodes no learner reaches (conditions on the way never let them through);
- decisions where, in some state, no choice is shown (a dead end);
- states from which no ending can be reached (a loop without exit);
- conditions that never hold where they are asked (a choice never shown, a route never taken, a
  text or debrief variant never used);
- good endings reached with ``poor_cap`` or more poor choices (for the lint).

Numbers without ``min``/``max`` that grow in a loop would never end: above ``MAX_STATES`` states
the analysis stops and says so. Used by :mod:`kursbuch.core.checks` (errors) and
:mod:`kursbuch.lint` (the rules that are a matter of judgement).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import case_state as cs
from .case_format import chosen_refs
from .model import Scenario

MAX_STATES = 20000
Step = tuple[str, str]  # (node id, choice id)
CondPath = tuple[str | int, ...]  # where a condition sits, relative to the scenario


@dataclass
class Analysis:
    reached: set[str] = field(default_factory=set)
    dead_ends: dict[str, list[Step]] = field(default_factory=dict)
    no_exit: dict[str, list[Step]] = field(default_factory=dict)
    asked: set[CondPath] = field(default_factory=set)
    held: set[CondPath] = field(default_factory=set)
    poor_paths: dict[str, list[Step]] = field(default_factory=dict)
    too_many: bool = False

    @property
    def never_held(self) -> list[CondPath]:
        return sorted(self.asked - self.held, key=str)


def conditions(s: Scenario) -> Iterator[tuple[CondPath, Any]]:
    """Every condition of the scenario with its path."""
    for i, n in enumerate(s.nodes):
        for k, v in enumerate(n.variants):
            yield ("nodes", i, "variants", k, "when"), v.when
        for j, c in enumerate(n.choices):
            if c.when is not None:
                yield ("nodes", i, "choices", j, "when"), c.when
            for k, r in enumerate(c.routes):
                yield ("nodes", i, "choices", j, "routes", k, "when"), r.when
        if n.ending:
            for k, dv in enumerate(n.ending.variants):
                yield ("nodes", i, "ending", "variants", k, "when"), dv.when


def path_text(path: list[Step]) -> str:
    """A path as authors write choices: ``m01-s1-n1.a → m01-s1-n2.b`` (or "the start")."""
    return " → ".join(f"{n}.{c}" for n, c in path) or "the start"


def analyse(s: Scenario, poor_cap: int = 2) -> Analysis:
    spec = s.model_dump()
    index = {n.id: i for i, n in enumerate(s.nodes)}
    nodes = {n["id"]: n for n in spec["nodes"]}
    rating = {(n.id, c.id): c.rating for n in s.nodes for c in n.choices}
    relevant = set().union(*(chosen_refs(c) for _, c in conditions(s)))
    out = Analysis()

    def key(state: cs.State, poor: int) -> tuple:
        chosen = frozenset(f"{st['node']}.{st['choice']}" for st in state["path"]) & relevant
        return (state["at"], tuple(sorted(state["vars"].items())), chosen, min(poor, poor_cap))

    def ask(path: CondPath, cond: Any, state: cs.State) -> None:
        out.asked.add(path)
        if cs.evaluate(cond, state):
            out.held.add(path)

    first = cs.start(spec, 0)
    start_key = key(first, 0)
    parent: dict[tuple, tuple[tuple, Step] | None] = {start_key: None}
    states: dict[tuple, tuple[cs.State, int]] = {start_key: (first, 0)}
    edges: dict[tuple, list[tuple]] = {}
    endings: set[tuple] = set()
    todo = deque([start_key])

    def trail(k: tuple) -> list[Step]:
        steps: list[Step] = []
        while parent[k] is not None:
            k, step = parent[k]  # type: ignore[misc]
            steps.append(step)
        return steps[::-1]

    while todo:
        k = todo.popleft()
        state, poor = states[k]
        at = state["at"]
        if at not in nodes:
            continue  # a `next` into nowhere: reported by the structural checks
        out.reached.add(at)
        i, node = index[at], nodes[at]
        for vi, variant in enumerate(node.get("variants") or []):
            ask(("nodes", i, "variants", vi, "when"), variant["when"], state)
        if node.get("ending"):
            endings.add(k)
            for vi, variant in enumerate(node["ending"].get("variants") or []):
                ask(("nodes", i, "ending", "variants", vi, "when"), variant["when"], state)
            if node["ending"]["rating"] == "good" and poor >= poor_cap and at not in out.poor_paths:
                out.poor_paths[at] = trail(k)
            continue
        for j, choice in enumerate(node["choices"]):
            if choice.get("when") is not None:
                ask(("nodes", i, "choices", j, "when"), choice["when"], state)
        shown = [c for c in node["choices"] if cs.evaluate(c.get("when"), state)]
        if not shown and at not in out.dead_ends:
            out.dead_ends[at] = trail(k)
        edges[k] = []
        for choice in shown:
            j = next(x for x, c in enumerate(node["choices"]) if c["id"] == choice["id"])
            after = {
                "at": at,
                "vars": cs.apply_effects(spec, state["vars"], choice.get("effects")),
                "path": [*state["path"], {"node": at, "choice": choice["id"]}],
                "seed": 0,
            }
            for r, route in enumerate(choice.get("routes") or []):
                ask(("nodes", i, "choices", j, "routes", r, "when"), route["when"], after)
            after["at"] = cs.target(choice, after)
            # Only the choices a condition asks about are kept: the rest cannot change what follows.
            after["path"] = [st for st in after["path"] if f"{st['node']}.{st['choice']}" in relevant]
            nk = key(after, poor + (rating[(at, choice["id"])] == "poor"))
            edges[k].append(nk)
            if nk not in parent:
                if len(parent) >= MAX_STATES:
                    out.too_many = True
                    return out
                parent[nk] = (k, (at, choice["id"]))
                states[nk] = (after, nk[3])
                todo.append(nk)
    # Which states can still reach an ending: walk the edges backwards from every ending state.
    reverse: dict[tuple, list[tuple]] = {}
    for src, targets in edges.items():
        for t in targets:
            reverse.setdefault(t, []).append(src)
    can_end, work = set(endings), list(endings)
    while work:
        for src in reverse.get(work.pop(), []):
            if src not in can_end:
                can_end.add(src)
                work.append(src)
    for k in parent:  # breadth-first order: the first state per node has the shortest path
        at = k[0]
        if k not in can_end and at in nodes and at not in out.no_exit and at not in out.dead_ends:
            out.no_exit[at] = trail(k)
    return out
