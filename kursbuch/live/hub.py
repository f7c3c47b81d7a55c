"""The connections of one server process and what each gets: the message handling of a live session.

A connection (:class:`Conn`) is a WebSocket or a long-polling browser: both only need ``send``.
``Hub.handle(conn, msg)`` carries out one validated message (:mod:`.protocol`); every change is
published through the store, and ``Hub.event`` (called for events of every process) sends:

- after a step changed (``state``): every participant its view (with its own vote), every
  presenter the full state with the counts;
- after a vote (``counts``): every presenter the counts. Votes that arrive in the same turn of the
  event loop are sent as one update, so 300 phones voting at once do not cost 300 updates.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from . import session
from .course import Case
from .protocol import RateLimit, Refused, error
from .store import Store, StoreUnavailable


class Conn:
    """One browser: its role, session, token (participants) and whether it said hello."""

    def __init__(self, role: str, code: str, send: Callable[[dict[str, Any]], Awaitable[None]]):
        self.role, self.code, self.send_fn = role, code, send
        self.token: str | None = None
        self.ready = False
        self.limit = RateLimit()

    async def send(self, msg: dict[str, Any]) -> None:
        try:
            await self.send_fn(msg)
        except Exception:  # a connection that just went away: the hub drops it on close
            pass


class Hub:
    def __init__(self, store: Store, cases: dict[str, Case]):
        self.store, self.cases = store, cases
        self.conns: dict[str, set[Conn]] = {}
        self.counts_due: set[str] = set()

    # --------------------------------------------------------------- connections

    def add(self, conn: Conn) -> None:
        self.conns.setdefault(conn.code, set()).add(conn)

    def remove(self, conn: Conn) -> None:
        self.conns.get(conn.code, set()).discard(conn)

    async def handle(self, conn: Conn, msg: dict[str, Any]) -> None:
        try:
            if not conn.limit.allow():
                raise Refused("rate", "too many messages")
            if msg["type"] == "hello":
                await self._hello(conn, msg)
            elif not conn.ready:
                await conn.send(error("hello"))
            elif msg["type"] == "vote":
                await self._vote(conn, msg)
            else:
                await self._act(conn, msg)
        except Refused as exc:
            await conn.send(error(exc.code))
        except StoreUnavailable:
            await conn.send(error("unavailable"))

    async def _hello(self, conn: Conn, msg: dict[str, Any]) -> None:
        rec = await self.store.get(conn.code)
        if rec is None or rec.case not in self.cases:
            await conn.send(error("unknown"))
            return
        if conn.role == "presenter":
            if not hmac.compare_digest(msg["key"], rec.key):
                await conn.send(error("key"))
                return
            conn.ready = True
            await conn.send({"type": "welcome", "role": "presenter"})
        else:
            token = msg.get("token")
            if not token or not await self.store.known(conn.code, token):
                token = await self.store.join(conn.code)
            conn.token, conn.ready = token, True
            await conn.send({"type": "welcome", "role": "participant", "token": token})
        await self._send_view(conn, rec)

    async def _vote(self, conn: Conn, msg: dict[str, Any]) -> None:
        assert conn.token is not None
        rec = await self.store.get(conn.code)
        if rec is None:
            await conn.send(error("unknown"))
            return
        ids = session.shown(self.cases[rec.case].spec, rec.seed, rec.state)
        if msg["choice"] not in ids:
            raise Refused("invalid", "no such choice")
        if not await self.store.vote(conn.code, msg["round"], conn.token, msg["choice"]):
            await conn.send(error("closed"))
            return
        await conn.send({"type": "voted", "round": msg["round"], "choice": msg["choice"]})
        await self.store.publish(conn.code, {"kind": "counts"})

    async def _act(self, conn: Conn, msg: dict[str, Any]) -> None:
        for _ in range(3):  # another process may have changed the state meanwhile: read it again
            rec = await self.store.get(conn.code)
            if rec is None:
                await conn.send(error("unknown"))
                return
            spec = self.cases[rec.case].spec
            counts = await self.store.counts(conn.code, rec.state["round"])
            try:
                state, notice = session.apply(spec, rec.seed, rec.state, msg, counts)
            except session.ActionRefused:
                raise Refused("refused", "action does not fit the state") from None
            if await self.store.save(conn.code, state, rec.version):
                break
        else:
            raise Refused("refused", "the state kept changing")
        if notice:
            await conn.send({"type": "notice", "notice": notice})
        await self.store.publish(conn.code, {"kind": "state"})

    # -------------------------------------------------------------------- events

    async def event(self, code: str, event: dict[str, Any]) -> None:
        """An event from any process: send the views it changed to this process's connections."""
        if code == "*":  # the store reconnected: everyone gets a fresh view
            for c in list(self.conns):
                await self._broadcast(c, "state")
            return
        if code not in self.conns:
            return
        if event["kind"] == "counts":
            if code in self.counts_due:
                return
            self.counts_due.add(code)
            asyncio.get_running_loop().call_soon(lambda: asyncio.ensure_future(self._counts(code)))
        else:
            await self._broadcast(code, "state")

    async def _counts(self, code: str) -> None:
        self.counts_due.discard(code)
        try:
            await self._broadcast(code, "counts")
        except StoreUnavailable:
            pass  # sent again after the store reconnects

    async def _broadcast(self, code: str, kind: str) -> None:
        conns = [c for c in self.conns.get(code, ()) if c.ready]
        if not conns:
            return
        rec = await self.store.get(code)
        if rec is None:
            return
        spec = self.cases[rec.case].spec
        votes = await self.store.votes(code, rec.state["round"])
        counts: dict[str, int] = {}
        for choice in votes.values():
            counts[choice] = counts.get(choice, 0) + 1
        pview = session.presenter_view(spec, rec.seed, rec.state, counts)
        if kind == "counts":
            msg = {"type": "counts", "round": rec.state["round"], "counts": pview["counts"], "voters": pview["voters"]}
            await asyncio.gather(*(c.send(msg) for c in conns if c.role == "presenter"))
            return
        sends = []
        for c in conns:
            if c.role == "presenter":
                sends.append(c.send(pview))
            else:
                mine = votes.get(c.token) if c.token else None
                sends.append(c.send(session.participant_view(spec, rec.seed, rec.state, mine)))
        await asyncio.gather(*sends)

    async def _send_view(self, conn: Conn, rec: Any) -> None:
        spec = self.cases[rec.case].spec
        counts = await self.store.counts(conn.code, rec.state["round"])
        if conn.role == "presenter":
            await conn.send(session.presenter_view(spec, rec.seed, rec.state, counts))
        else:
            mine = await self.store.mine(conn.code, rec.state["round"], conn.token or "")
            await conn.send(session.participant_view(spec, rec.seed, rec.state, mine))
