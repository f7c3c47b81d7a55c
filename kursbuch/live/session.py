"""A live presentation as a state machine on the server, and the views of it.

The server is the one authority over where the group stands; the presenter's browser sends actions,
the participants' browsers send votes. The case logic is :mod:`kursbuch.core.case_state` (the same
rules, bit for bit, as ``case.js`` in the presenter's browser: the shared table keeps them so), with
the session's seed, so a choice has the same number on the projector and on every phone.

A presentation state is a plain JSON-able dict::

    {"intro": bool,          # before the first decision
     "path": [step, ...],    # the group's decisions: {node, choice, how, votes, shown}
     "chosen": id | None,    # the decision taken at the current node (feedback shown)
     "how": "majority" | "pick" | None,
     "round": int,           # one number per vote; votes are kept per (session, round)
     "open": bool}           # whether participants may vote (and change their vote) now

``apply(spec, seed, state, action, counts)`` returns ``(new state, notice)``; the notice is
``"tie"``, ``"novotes"`` or ``None`` (the presenter's browser says it in German). A step's
``votes`` are the live votes plus the presenter's hand counts (``hand``), per choice.
"""

from __future__ import annotations

from typing import Any

from ..core import case_state

Spec = dict[str, Any]
State = dict[str, Any]


class ActionRefused(ValueError):
    """An action that does not fit the state (a stale click, a made-up choice)."""


def new_state() -> State:
    return {"intro": True, "path": [], "chosen": None, "how": None, "round": 0, "open": False}


def case_at(spec: Spec, seed: int, state: State) -> State | None:
    """The case state (case_state's ``{at, vars, path, seed}``) the group is at; None in the intro."""
    if state["intro"]:
        return None
    path = [{"node": s["node"], "choice": s["choice"]} for s in state["path"]]
    cs = case_state.replay(spec, path, seed)
    if cs is None:  # the course changed under a stored session: start the case again
        return case_state.start(spec, seed)
    return cs


def node_of(spec: Spec, node_id: str) -> dict[str, Any]:
    node = case_state.node_of(spec, node_id)
    if node is None:
        raise ActionRefused(f"node {node_id} is not in the case")
    return node


def shown(spec: Spec, seed: int, state: State) -> list[str]:
    """The ids of the choices at the current decision, in the order the room sees them (1, 2, …)."""
    cs = case_at(spec, seed, state)
    if cs is None:
        return []
    node = node_of(spec, cs["at"])
    if node.get("ending"):
        return []
    return [c["id"] for c in case_state.visible_choices(spec, cs, node)]


def _totals(ids: list[str], counts: dict[str, int], hand: dict[str, int]) -> dict[str, int]:
    return {i: int(counts.get(i, 0)) + int(hand.get(i, 0)) for i in ids}


def at_ending(spec: Spec, seed: int, state: State) -> bool:
    cs = case_at(spec, seed, state)
    return cs is not None and bool(node_of(spec, cs["at"]).get("ending"))


def apply(
    spec: Spec, seed: int, state: State, action: dict[str, Any], counts: dict[str, int]
) -> tuple[State, str | None]:
    """The state after one presenter action (see protocol.PRESENTER_ACTIONS); ActionRefused if it does not fit."""
    kind = action["type"]
    st = {**state, "path": list(state["path"])}
    ids = shown(spec, seed, state)
    deciding = not st["intro"] and bool(ids) and st["chosen"] is None
    if kind == "start":
        if not st["intro"]:
            raise ActionRefused("the case has begun already")
        st.update(intro=False, round=st["round"] + 1, open=True)
        st["open"] = bool(shown(spec, seed, st))
        return st, None
    if kind == "close":
        if not deciding:
            raise ActionRefused("no vote to close")
        st["open"] = False
        return st, None
    if kind == "reopen":
        if not deciding:
            raise ActionRefused("no vote to open")
        st["open"] = True
        return st, None
    if kind == "majority":
        if not deciding:
            raise ActionRefused("no decision to take")
        totals = _totals(ids, counts, action.get("hand", {}))
        best = max(totals.values())
        winners = [i for i in ids if totals[i] == best]
        if best <= 0:
            return st, "novotes"  # nothing to follow yet: the vote stays as it is
        st["open"] = False  # a tie closes it too: the trainer picks among what the room voted
        if len(winners) > 1:
            return st, "tie"
        st.update(chosen=winners[0], how="majority", hand=dict(action.get("hand", {})))
        return st, None
    if kind == "pick":
        if not deciding or action["choice"] not in ids:
            raise ActionRefused("this choice is not shown here")
        st.update(chosen=action["choice"], how="pick", open=False, hand=dict(action.get("hand", {})))
        return st, None
    if kind == "next":
        if st["intro"] or st["chosen"] is None:
            raise ActionRefused("no decision taken yet")
        cs = case_at(spec, seed, state)
        assert cs is not None
        step = {
            "node": cs["at"],
            "choice": st["chosen"],
            "how": st["how"],
            "votes": _totals(ids, counts, st.get("hand", {})),
            "shown": ids,
        }
        st["path"].append(step)
        st.update(chosen=None, how=None, hand={}, round=st["round"] + 1)
        st["open"] = bool(shown(spec, seed, st))
        return st, None
    if kind == "back":
        if st["intro"]:
            raise ActionRefused("at the start already")
        if st["chosen"] is not None:
            st.update(chosen=None, how=None)
        elif st["path"]:
            st["path"].pop()
            st.update(round=st["round"] + 1)
            st["open"] = True
        else:
            st.update(intro=True, open=False, round=st["round"] + 1)
        return st, None
    raise ActionRefused(f"unknown action {kind}")


def presenter_view(spec: Spec, seed: int, state: State, counts: dict[str, int]) -> dict[str, Any]:
    """What the presenter's browser renders: the state, the choices' order and the live counts."""
    ids = shown(spec, seed, state)
    return {
        "type": "state",
        "intro": state["intro"],
        "path": state["path"],
        "chosen": state["chosen"],
        "how": state["how"],
        "round": state["round"],
        "open": state["open"],
        "shown": ids,
        "counts": {i: int(counts.get(i, 0)) for i in ids},
        "voters": sum(int(counts.get(i, 0)) for i in ids),
    }


def participant_view(spec: Spec, seed: int, state: State, mine: str | None) -> dict[str, Any]:
    """What a phone shows: the current decision with the projector's numbering, whether the vote is
    open, the participant's own vote in this round, and the group's decision once taken."""
    out: dict[str, Any] = {"type": "state", "title": spec["title"], "round": state["round"], "open": state["open"]}
    cs = case_at(spec, seed, state)
    if cs is None:
        return out | {"phase": "intro"}
    node = node_of(spec, cs["at"])
    if node.get("ending"):
        return out | {"phase": "ending", "node": node["title"]}
    choices = {c["id"]: c for c in node["choices"]}
    ids = shown(spec, seed, state)
    out |= {
        "phase": "decided" if state["chosen"] else "vote",
        "step": len(state["path"]) + 1,
        "node": node["title"],
        "prompt": node.get("prompt", ""),
        "choices": [{"id": i, "n": k + 1, "text": choices[i]["text"]} for k, i in enumerate(ids)],
        "mine": mine if mine in ids else None,
    }
    if state["chosen"]:
        out["chosen"] = ids.index(state["chosen"]) + 1
    return out
