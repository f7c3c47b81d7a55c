"""Rules that structure alone cannot express.

Per file: activity ids start with the module id, each item passes its type's own
checks (``check`` in ``kursbuch/items/<type>``: answers name existing options, local ids
are unique, ...), scenario graphs are sound (start
exists, every ``next`` points to a node, every node is reachable, every node
can reach an ending, ending nodes have no choices, decision nodes have at
least two), case state (declared variables, effects and conditions of the
right type, via :mod:`kursbuch.core.case_format`) and, once the graph is
sound, a play-through of every reachable state (:mod:`kursbuch.core.case_analysis`).
Across files: every id is unique in the course.

Each check yields :class:`ContentError`; nothing here raises.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from ..items import BY_NAME
from .case_analysis import analyse, conditions, path_text
from .case_format import condition_problems
from .errors import ContentError, PathPart
from .loader import SourceMap
from .model import ModuleActivities, Quiz, Scenario


class Located:
    """Builds ContentErrors for one file."""

    def __init__(self, shown: str, smap: SourceMap):
        self.shown, self.smap = shown, smap

    def error(self, path: tuple[PathPart, ...], message: str) -> ContentError:
        return ContentError(self.shown, self.smap.line(path), path, message)


def _unique(
    loc: Located, base: tuple[PathPart, ...], entries: list[Any], key: str, what: str
) -> Iterator[ContentError]:
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        value = getattr(entry, key)
        if value in seen:
            yield loc.error((*base, i, key), f"{what} {value!r} is used twice here — give each {what} its own id")
        seen.add(value)


class _InItem:
    """Errors located inside one quiz item: what an item type's ``check`` gets (ItemContext)."""

    def __init__(self, loc: Located, base: tuple[PathPart, ...], item: Any):
        self.loc, self.base, self.item = loc, base, item

    def error(self, path: Sequence[PathPart], message: str) -> ContentError:
        return self.loc.error((*self.base, *path), message)

    def unique(self, key: str, entries: Sequence[Any], what: str) -> Iterator[ContentError]:
        return _unique(self.loc, (*self.base, key), list(entries), "id", what)


def check_quiz(loc: Located, module: str, q: Quiz, base: tuple) -> Iterator[ContentError]:
    for i, item in enumerate(q.items):
        p = (*base, "items", i)
        if not item.id.startswith(module + "-"):
            yield loc.error(
                (*p, "id"), f"item id {item.id!r} must start with '{module}-' — rename it, e.g. {module}-q01"
            )
        yield from BY_NAME[getattr(item, "type", "")].check(item, _InItem(loc, p, item))
    if q.scored_items and q.max_points == 0:
        yield loc.error(
            (*base, "items"),
            "the quiz has no points to score — give at least one scored item points, or make it a reflection",
        )


def check_scenario(loc: Located, module: str, s: Scenario, base: tuple) -> Iterator[ContentError]:
    ids = {n.id: i for i, n in enumerate(s.nodes)}
    found = 0
    for i, n in enumerate(s.nodes):
        p = (*base, "nodes", i)
        if not n.id.startswith(s.id + "-"):
            yield loc.error((*p, "id"), f"node id {n.id!r} must start with the scenario id — write {s.id}-n{i + 1}")
        if n.ending and n.choices:
            yield loc.error((*p, "choices"), "an ending node has no choices — remove 'choices' or 'ending'")
        if not n.ending and len(n.choices) < 2:
            yield loc.error(
                (*p, "choices"),
                "a decision node needs at least two choices — add one, or make it an ending node with 'ending:'",
            )
        yield from _unique(loc, (*p, "choices"), n.choices, "id", "choice id")
        for j, c in enumerate(n.choices):
            leads = [((*p, "choices", j, "next"), c.next)]
            leads += [((*p, "choices", j, "routes", k, "next"), r.next) for k, r in enumerate(c.routes)]
            for where, target in leads:
                if target not in ids:
                    found += 1
                    yield loc.error(
                        where, f"{target!r} is not a node of scenario {s.id} — point 'next' to one of its node ids"
                    )
    state_errors = list(check_case_state(loc, s, base))
    found += len(state_errors)
    yield from state_errors
    if s.start not in ids:
        yield loc.error((*base, "start"), f"{s.start!r} is not a node of this scenario — name its first node")
        return
    endings = [n.id for n in s.nodes if n.ending]
    if not endings:
        yield loc.error((*base, "nodes"), "the scenario has no ending — give at least one node 'ending:'")
        return
    edges = {n.id: [t for c in n.choices for t in (c.next, *(r.next for r in c.routes)) if t in ids] for n in s.nodes}
    reachable = _closure([s.start], edges)
    for n in s.nodes:
        if n.id not in reachable:
            found += 1
            yield loc.error(
                (*base, "nodes", ids[n.id], "id"),
                f"node {n.id!r} cannot be reached from the start — let a choice lead to it or remove it",
            )
    reverse: dict[str, list[str]] = defaultdict(list)
    for src, targets in edges.items():
        for t in targets:
            reverse[t].append(src)
    can_end = _closure(endings, reverse)
    for n in s.nodes:
        if n.id in reachable and n.id not in can_end:
            found += 1
            yield loc.error(
                (*base, "nodes", ids[n.id], "id"),
                f"from node {n.id!r} no path reaches an ending (a loop without exit) — add a choice towards an ending",
            )
    if not found:  # the play-through needs a sound graph and sound conditions
        yield from check_case_play(loc, s, base)


def check_case_state(loc: Located, s: Scenario, base: tuple) -> Iterator[ContentError]:
    """Variables, effects and conditions: declared names, values of the declared type, tests that can hold."""
    declared: dict[str, dict] = {}
    for name, v in s.variables.items():
        p = (*base, "variables", name)
        declared[name] = {"type": v.type, "min": v.min, "max": v.max}
        if v.type == "flag":
            if not isinstance(v.start, bool):
                yield loc.error((*p, "start"), f"{name} is a flag — start it with true or false")
            if v.min is not None or v.max is not None:
                yield loc.error(p, f"{name} is a flag and min and max are for numbers — remove them")
            continue
        if isinstance(v.start, bool):
            yield loc.error((*p, "start"), f"{name} is a number — start it with a whole number, e.g. 0")
            continue
        if v.min is not None and v.max is not None and v.min > v.max:
            yield loc.error((*p, "min"), f"min {v.min} is larger than max {v.max} — swap them")
        elif (v.min is not None and v.start < v.min) or (v.max is not None and v.start > v.max):
            yield loc.error((*p, "start"), f"start {v.start} lies outside min/max — start within the range")
    choices = {f"{n.id}.{c.id}" for n in s.nodes for c in n.choices}
    for path, cond in conditions(s):
        for sub, message in condition_problems(cond, declared, choices):
            yield loc.error((*base, *path, *sub), message)
    for i, n in enumerate(s.nodes):
        for j, c in enumerate(n.choices):
            for name, effect in c.effects.items():
                p = (*base, "nodes", i, "choices", j, "effects", name)
                if name not in declared:
                    known = ", ".join(sorted(declared)) or "none declared"
                    yield loc.error(
                        p, f"unknown variable {name!r} — declare it under the scenario's variables: (known: {known})"
                    )
                elif declared[name]["type"] == "flag" and not isinstance(effect, bool):
                    yield loc.error(p, f"{name} is a flag — set it to true or false")
                elif declared[name]["type"] == "number" and isinstance(effect, bool):
                    yield loc.error(p, f"{name} is a number — add to it, e.g. +1 or -1")


def check_case_play(loc: Located, s: Scenario, base: tuple) -> Iterator[ContentError]:
    """What only playing every way through the case shows (see :mod:`kursbuch.core.case_analysis`)."""
    result = analyse(s)
    ids = {n.id: i for i, n in enumerate(s.nodes)}
    if result.too_many:
        yield loc.error(
            (*base, "variables"),
            "the case has too many states to check — give number variables a min and max",
        )
        return
    for n in s.nodes:
        if n.id not in result.reached:
            what = "ending" if n.ending else "node"
            yield loc.error(
                (*base, "nodes", ids[n.id], "id"),
                f"{what} {n.id!r} can never be reached: the conditions on the way to it never let a learner "
                "through — loosen them or change the routes",
            )
    for nid, path in result.dead_ends.items():
        yield loc.error(
            (*base, "nodes", ids[nid], "choices"),
            f"dead end: after {path_text(path)} no choice of {nid!r} is shown — add a choice without 'when' "
            "or loosen the conditions",
        )
    for nid, path in result.no_exit.items():
        yield loc.error(
            (*base, "nodes", ids[nid], "id"),
            f"no way out: after {path_text(path)} no ending can be reached from {nid!r} — add a way to an ending",
        )
    for where in result.never_held:
        yield loc.error(
            (*base, *where),
            "this condition never holds on any way through the case — correct it or remove it",
        )


def _closure(start: list[str], edges: dict[str, list[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for nxt in edges.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def check_file(model: ModuleActivities, shown: str, smap: SourceMap) -> list[ContentError]:
    loc = Located(shown, smap)
    errors: list[ContentError] = []
    named: list[tuple[str, list[Quiz | Scenario]]] = [("quizzes", [*model.quizzes]), ("scenarios", [*model.scenarios])]
    for kind, acts in named:
        for i, act in enumerate(acts):
            if not act.id.startswith(model.module + "-"):
                errors.append(
                    loc.error(
                        (kind, i, "id"), f"id {act.id!r} must start with '{model.module}-' (the module id) — rename it"
                    )
                )
            if isinstance(act, Quiz):
                errors.extend(check_quiz(loc, model.module, act, (kind, i)))
            else:
                errors.extend(check_scenario(loc, model.module, act, (kind, i)))
    return errors


def check_unique_ids(files: list[tuple[ModuleActivities, Located]]) -> list[ContentError]:
    """Quiz, item, scenario and node ids must be unique across the course."""
    first: dict[str, tuple[Located, tuple]] = {}
    errors = []
    for model, loc in files:
        for path, value in _all_ids(model):
            if value in first:
                # Lines are looked up only for a repeated id: a line costs a round-trip parse.
                other, other_path = first[value]
                where = f"{other.shown}:{other.smap.line(other_path)}"
                errors.append(
                    loc.error(
                        path,
                        f"id {value!r} is already used at {where} — give it an id of its own (ids are unique in the course)",
                    )
                )
            else:
                first[value] = (loc, path)
    return errors


def _all_ids(model: ModuleActivities) -> Iterator[tuple[tuple, str]]:
    for i, q in enumerate(model.quizzes):
        yield ("quizzes", i, "id"), q.id
        for j, item in enumerate(q.items):
            yield ("quizzes", i, "items", j, "id"), item.id
    for i, s in enumerate(model.scenarios):
        yield ("scenarios", i, "id"), s.id
        for j, n in enumerate(s.nodes):
            yield ("scenarios", i, "nodes", j, "id"), n.id
