"""Where live sessions, participants and votes are kept: one interface, two backends.

``SQLiteStore(path)``  one server process; every vote and every step is committed before it is
                       acknowledged (WAL), so a killed and restarted server resumes each session
                       at its step with every vote.
``RedisStore(url)``    several server processes (an academy's in-house server): state and votes in
                       Redis, changes broadcast through Redis pub/sub to every process; its
                       listener reconnects after a Redis restart and then tells every process to
                       send fresh views (what Redis kept depends on its persistence: docs/live-admin.md).

The rules that make a vote count once live here, atomically in each backend: a vote is taken only
while its round is the session's open round and only from a token that joined the session; one
vote per (session, round, token), a new vote replaces the old one.

Stored per session: the join code, the case id, the seed, the presenter key, the expiry time,
the presentation state (:mod:`.session`); per participant a random token; per vote the token and
the choice id. Nothing else: no names, no addresses, no user agents. Expired sessions are deleted
with their participants and votes (``purge``).
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Listener = Callable[[str, dict[str, Any]], Awaitable[None]]


class StoreUnavailable(RuntimeError):
    """The backend cannot be reached just now (Redis restarting): the browser is asked to try again."""


@dataclass
class Record:
    code: str
    case: str
    seed: int
    key: str
    expires: float
    state: dict[str, Any]
    version: int


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Store:
    """The interface both backends implement (all methods are coroutines)."""

    async def open(self, listener: Listener) -> None:
        """Connect; ``listener(code, event)`` is called for every event published by any process."""
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def create(self, rec: Record) -> None:
        raise NotImplementedError

    async def get(self, code: str) -> Record | None:
        raise NotImplementedError

    async def records(self) -> list[Record]:
        raise NotImplementedError

    async def save(self, code: str, state: dict[str, Any], version: int) -> bool:
        """Store ``state`` if the stored version is still ``version`` (then it becomes version + 1)."""
        raise NotImplementedError

    async def join(self, code: str) -> str:
        raise NotImplementedError

    async def known(self, code: str, token: str) -> bool:
        raise NotImplementedError

    async def vote(self, code: str, rnd: int, token: str, choice: str) -> bool:
        """Count (or replace) the vote of ``token``; False if ``rnd`` is not the open round."""
        raise NotImplementedError

    async def votes(self, code: str, rnd: int) -> dict[str, str]:
        """token -> choice of every vote in a round."""
        raise NotImplementedError

    async def counts(self, code: str, rnd: int) -> dict[str, int]:
        return dict(Counter((await self.votes(code, rnd)).values()))

    async def mine(self, code: str, rnd: int, token: str) -> str | None:
        return (await self.votes(code, rnd)).get(token)

    async def setting(self, name: str) -> str:
        """A secret kept with the store, made on first use (the start page's key)."""
        raise NotImplementedError

    async def purge(self, now: float) -> None:
        raise NotImplementedError

    async def publish(self, code: str, event: dict[str, Any]) -> None:
        raise NotImplementedError


def _open_round(state: dict[str, Any]) -> int:
    return int(state["round"]) if state.get("open") else -1


# ------------------------------------------------------------------------------------ SQLite

SCHEMA = """
create table if not exists sessions (code text primary key, case_id text not null, seed integer not null,
  key text not null, expires real not null, state text not null, version integer not null, open_round integer not null);
create table if not exists participants (code text not null, token text not null, primary key (code, token));
create table if not exists votes (code text not null, round integer not null, token text not null,
  choice text not null, primary key (code, round, token));
create table if not exists settings (name text primary key, value text not null);
"""


class SQLiteStore(Store):
    """One file, one process. Calls are short and synchronous inside the event loop (a vote is one
    indexed upsert), which also makes check-then-write free of races within the process."""

    def __init__(self, path: Path):
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.listener: Listener | None = None

    async def open(self, listener: Listener) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        # WAL with synchronous=NORMAL: a committed vote survives the process being killed.
        self.db.execute("pragma journal_mode=wal")
        self.db.execute("pragma synchronous=normal")
        self.db.executescript(SCHEMA)
        self.path.chmod(0o600)  # it holds the presenter keys
        self.listener = listener

    async def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    @property
    def _db(self) -> sqlite3.Connection:
        assert self.db is not None, "store not open"
        return self.db

    async def create(self, rec: Record) -> None:
        self._db.execute(
            "insert into sessions values (?,?,?,?,?,?,?,?)",
            (
                rec.code,
                rec.case,
                rec.seed,
                rec.key,
                rec.expires,
                json.dumps(rec.state),
                rec.version,
                _open_round(rec.state),
            ),
        )

    def _record(self, row: tuple[Any, ...]) -> Record:
        return Record(row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6])

    async def get(self, code: str) -> Record | None:
        row = self._db.execute(
            "select code, case_id, seed, key, expires, state, version from sessions where code=? and expires>?",
            (code, time.time()),
        ).fetchone()
        return self._record(row) if row else None

    async def records(self) -> list[Record]:
        rows = self._db.execute(
            "select code, case_id, seed, key, expires, state, version from sessions where expires>? order by case_id",
            (time.time(),),
        ).fetchall()
        return [self._record(r) for r in rows]

    async def save(self, code: str, state: dict[str, Any], version: int) -> bool:
        cur = self._db.execute(
            "update sessions set state=?, version=version+1, open_round=? where code=? and version=?",
            (json.dumps(state), _open_round(state), code, version),
        )
        return cur.rowcount == 1

    async def join(self, code: str) -> str:
        token = new_token()
        self._db.execute("insert into participants values (?,?)", (code, token))
        return token

    async def known(self, code: str, token: str) -> bool:
        return (
            self._db.execute("select 1 from participants where code=? and token=?", (code, token)).fetchone()
            is not None
        )

    async def vote(self, code: str, rnd: int, token: str, choice: str) -> bool:
        # One statement: the round must be open and the token known; the primary key makes it one vote.
        cur = self._db.execute(
            "insert into votes select ?,?,?,? where exists (select 1 from sessions where code=? and open_round=?)"
            " and exists (select 1 from participants where code=? and token=?)"
            " on conflict (code, round, token) do update set choice=excluded.choice",
            (code, rnd, token, choice, code, rnd, code, token),
        )
        return cur.rowcount == 1

    async def votes(self, code: str, rnd: int) -> dict[str, str]:
        rows = self._db.execute("select token, choice from votes where code=? and round=?", (code, rnd)).fetchall()
        return dict(rows)

    async def counts(self, code: str, rnd: int) -> dict[str, int]:
        rows = self._db.execute(
            "select choice, count(*) from votes where code=? and round=? group by choice", (code, rnd)
        ).fetchall()
        return dict(rows)

    async def mine(self, code: str, rnd: int, token: str) -> str | None:
        row = self._db.execute(
            "select choice from votes where code=? and round=? and token=?", (code, rnd, token)
        ).fetchone()
        return row[0] if row else None

    async def setting(self, name: str) -> str:
        self._db.execute("insert or ignore into settings values (?,?)", (name, secrets.token_urlsafe(24)))
        return self._db.execute("select value from settings where name=?", (name,)).fetchone()[0]

    async def purge(self, now: float) -> None:
        db = self._db
        old = [r[0] for r in db.execute("select code from sessions where expires<=?", (now,))]
        for code in old:
            for table in ("votes", "participants", "sessions"):
                db.execute(f"delete from {table} where code=?", (code,))

    async def publish(self, code: str, event: dict[str, Any]) -> None:
        if self.listener is not None:
            await self.listener(code, event)


# ------------------------------------------------------------------------------------- Redis

PREFIX = "kb:live:"
CHANNEL = PREFIX + "events"

# KEYS: session hash; ARGV: expected version, state json, open round
_SAVE = """
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'open', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
"""
# KEYS: session hash, participants set, votes hash; ARGV: round, token, choice, expires (unix s)
_VOTE = """
if redis.call('HGET', KEYS[1], 'open') ~= ARGV[1] then return 0 end
if redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
redis.call('EXPIREAT', KEYS[3], ARGV[4])
return 1
"""


class RedisStore(Store):
    """State and votes in Redis; events through one pub/sub channel to every server process.
    Keys expire with their session (EXPIREAT), so nothing outlives it."""

    def __init__(self, url: str):
        self.url = url
        self.r: Any = None
        self.task: asyncio.Task[None] | None = None
        self.lost = False

    async def open(self, listener: Listener) -> None:
        import redis.asyncio as aioredis

        self.r = aioredis.from_url(self.url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5)
        await self.r.ping()  # fail at start, with the URL, if Redis is not there
        self.save_script = self.r.register_script(_SAVE)
        self.vote_script = self.r.register_script(_VOTE)
        self.task = asyncio.create_task(self._listen(listener))

    async def _listen(self, listener: Listener) -> None:
        """Relay the channel's events. After Redis was away (a failed command, a dropped subscription,
        or the client's own quiet re-subscription, which Redis confirms with a second "subscribe"),
        tell every local connection to fetch a fresh view: events sent meanwhile were missed."""
        import redis.exceptions

        subscribed = 0
        pubsub = None
        while True:
            try:
                if pubsub is None:
                    pubsub = self.r.pubsub()
                    await pubsub.subscribe(CHANNEL)
                message = await pubsub.get_message(timeout=1.0)
                if message is not None and message.get("type") == "subscribe":
                    subscribed += 1
                    if subscribed > 1:
                        self.lost = True
                elif message is not None and message.get("type") == "message":
                    data = json.loads(message["data"])
                    await listener(data["code"], data["event"])
                if self.lost and await self.r.ping():
                    self.lost = False
                    await listener("*", {"kind": "resync"})
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
                self.lost = True
                if pubsub is not None:
                    try:
                        await pubsub.aclose()
                    except Exception:  # already broken
                        pass
                pubsub, subscribed = None, 0
                await asyncio.sleep(0.5)  # Redis is restarting: try again shortly
            except asyncio.CancelledError:
                return

    async def close(self) -> None:
        if self.task:
            self.task.cancel()
        if self.r is not None:
            await self.r.aclose()

    async def _call(self, coro: Awaitable[Any]) -> Any:
        import redis.exceptions

        try:
            return await coro
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            self.lost = True  # the listener sends fresh views once Redis answers again
            raise StoreUnavailable(str(exc)) from None

    def _k(self, code: str) -> str:
        return f"{PREFIX}s:{code}"

    async def create(self, rec: Record) -> None:
        key = self._k(rec.code)
        fields = {
            "case": rec.case,
            "seed": rec.seed,
            "key": rec.key,
            "expires": rec.expires,
            "state": json.dumps(rec.state),
            "version": rec.version,
            "open": _open_round(rec.state),
        }
        pipe = self.r.pipeline()
        pipe.hset(key, mapping=fields)
        pipe.expireat(key, int(rec.expires) + 1)
        pipe.sadd(PREFIX + "codes", rec.code)
        await self._call(pipe.execute())

    def _record(self, code: str, h: dict[str, str]) -> Record:
        return Record(
            code, h["case"], int(h["seed"]), h["key"], float(h["expires"]), json.loads(h["state"]), int(h["version"])
        )

    async def get(self, code: str) -> Record | None:
        h = await self._call(self.r.hgetall(self._k(code)))
        if not h or float(h["expires"]) <= time.time():
            return None
        return self._record(code, h)

    async def records(self) -> list[Record]:
        out = []
        for code in sorted(await self._call(self.r.smembers(PREFIX + "codes"))):
            rec = await self.get(code)
            if rec is not None:
                out.append(rec)
        return sorted(out, key=lambda r: r.case)

    async def save(self, code: str, state: dict[str, Any], version: int) -> bool:
        done = await self._call(
            self.save_script(keys=[self._k(code)], args=[version, json.dumps(state), _open_round(state)])
        )
        return bool(done)

    async def join(self, code: str) -> str:
        rec = await self.get(code)
        token = new_token()
        key = f"{PREFIX}p:{code}"
        pipe = self.r.pipeline()
        pipe.sadd(key, token)
        pipe.expireat(key, int(rec.expires if rec else time.time()) + 1)
        await self._call(pipe.execute())
        return token

    async def known(self, code: str, token: str) -> bool:
        return bool(await self._call(self.r.sismember(f"{PREFIX}p:{code}", token)))

    async def vote(self, code: str, rnd: int, token: str, choice: str) -> bool:
        rec_expires = await self._call(self.r.hget(self._k(code), "expires"))
        if rec_expires is None:
            return False
        keys = [self._k(code), f"{PREFIX}p:{code}", f"{PREFIX}v:{code}:{rnd}"]
        return bool(
            await self._call(self.vote_script(keys=keys, args=[rnd, token, choice, int(float(rec_expires)) + 1]))
        )

    async def votes(self, code: str, rnd: int) -> dict[str, str]:
        return dict(await self._call(self.r.hgetall(f"{PREFIX}v:{code}:{rnd}")))

    async def setting(self, name: str) -> str:
        key = f"{PREFIX}setting:{name}"
        await self._call(self.r.set(key, secrets.token_urlsafe(24), nx=True))
        return str(await self._call(self.r.get(key)))

    async def purge(self, now: float) -> None:
        # The keys expire by themselves; only the index of codes needs tidying.
        for code in await self._call(self.r.smembers(PREFIX + "codes")):
            if not await self._call(self.r.exists(self._k(code))):
                await self._call(self.r.srem(PREFIX + "codes", code))

    async def publish(self, code: str, event: dict[str, Any]) -> None:
        await self._call(self.r.publish(CHANNEL, json.dumps({"code": code, "event": event})))
