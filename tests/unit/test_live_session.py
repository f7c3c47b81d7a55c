"""The live session's rules without a server: the presentation state machine (majority, tie, pick,
steps), the store's one-vote rule in SQLite (across a restart of the store, expiry deletes), the
message validation, and reading the cases from a built page. On the fixture case m90-s1."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kursbuch.core.loader import load_module_file
from kursbuch.core.render import fragment, spec
from kursbuch.live import protocol, session
from kursbuch.live.course import load_cases
from kursbuch.live.store import Record, SQLiteStore

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "quizzes" / "m90.yml"
SEED = 7


@pytest.fixture(scope="module")
def case():
    model, _ = load_module_file(FIXTURE, "m90.yml")
    return next(a for a in model.activities() if a.id == "m90-s1")


def test_majority_tie_pick_and_steps(case):
    sp = spec(case)
    st = session.new_state()
    with pytest.raises(session.ActionRefused):
        session.apply(sp, SEED, st, {"type": "next"}, {})
    st, _ = session.apply(sp, SEED, st, {"type": "start"}, {})
    assert st["open"] and st["round"] == 1 and session.shown(sp, SEED, st) in (["a", "b"], ["b", "a"])
    st2, notice = session.apply(sp, SEED, st, {"type": "majority", "hand": {}}, {})
    assert notice == "novotes" and st2["chosen"] is None and st2["open"]  # the vote goes on
    st2, notice = session.apply(sp, SEED, st, {"type": "majority", "hand": {"a": 1}}, {"b": 1})
    assert notice == "tie" and st2["chosen"] is None and not st2["open"]
    # Live votes and hand counts add up.
    st2, notice = session.apply(sp, SEED, st, {"type": "majority", "hand": {"a": 2}}, {"b": 1, "a": 0})
    assert notice is None and st2["chosen"] == "a" and st2["how"] == "majority"
    with pytest.raises(session.ActionRefused):
        session.apply(sp, SEED, st, {"type": "pick", "choice": "zz", "hand": {}}, {})
    st3, _ = session.apply(sp, SEED, st, {"type": "pick", "choice": "b", "hand": {}}, {"a": 3})
    assert st3["how"] == "pick"
    st4, _ = session.apply(sp, SEED, st3, {"type": "next"}, {"a": 3})
    ids = session.shown(sp, SEED, st)
    assert st4["path"] == [{"node": "m90-s1-n1", "choice": "b", "how": "pick", "votes": {"a": 3, "b": 0}, "shown": ids}]
    assert session.at_ending(sp, SEED, st4) and not st4["open"] and st4["round"] == 2
    view = session.participant_view(sp, SEED, st4, None)
    assert view["phase"] == "ending" and view["node"] == "Schlechtes Ende"
    back, _ = session.apply(sp, SEED, st4, {"type": "back"}, {})
    assert back["path"] == [] and back["open"] and back["round"] == 3


def test_participant_view_numbers_as_the_projector(case):
    sp = spec(case)
    st, _ = session.apply(sp, SEED, session.new_state(), {"type": "start"}, {})
    view = session.participant_view(sp, SEED, st, "b")
    ids = session.shown(sp, SEED, st)
    assert [c["id"] for c in view["choices"]] == ids and [c["n"] for c in view["choices"]] == [1, 2]
    assert view["mine"] == "b" and view["phase"] == "vote" and view["step"] == 1


def test_sqlite_store_counts_one_vote_per_participant_and_survives_a_restart(tmp_path, case):
    async def run():
        path = tmp_path / "s.sqlite3"
        events = []

        async def listener(code, event):
            events.append((code, event))

        store = SQLiteStore(path)
        await store.open(listener)
        st, _ = session.apply(spec(case), SEED, session.new_state(), {"type": "start"}, {})
        await store.create(Record("ABCDEF", "m90-s1", SEED, "k", time.time() + 60, st, 0))
        t1, t2 = await store.join("ABCDEF"), await store.join("ABCDEF")
        assert await store.vote("ABCDEF", 1, t1, "a")
        assert await store.vote("ABCDEF", 1, t1, "b")  # changed: replaces
        assert await store.vote("ABCDEF", 1, t2, "b")
        assert not await store.vote("ABCDEF", 1, "made-up-token", "a")
        assert not await store.vote("ABCDEF", 2, t1, "a")  # not the open round
        assert await store.counts("ABCDEF", 1) == {"b": 2}
        rec = await store.get("ABCDEF")
        closed = {**rec.state, "open": False}
        assert await store.save("ABCDEF", closed, rec.version)
        assert not await store.save("ABCDEF", closed, rec.version)  # a stale version is refused
        assert not await store.vote("ABCDEF", 1, t1, "a")  # closed
        await store.publish("ABCDEF", {"kind": "counts"})
        assert events == [("ABCDEF", {"kind": "counts"})]
        await store.close()
        again = SQLiteStore(path)
        await again.open(listener)
        assert await again.counts("ABCDEF", 1) == {"b": 2} and await again.mine("ABCDEF", 1, t1) == "b"
        assert (await again.get("ABCDEF")).state["open"] is False
        await again.purge(time.time() + 120)  # expired: the session goes with its votes and tokens
        assert await again.get("ABCDEF") is None and await again.counts("ABCDEF", 1) == {}
        assert not await again.known("ABCDEF", t1)
        await again.close()

    with ThreadPoolExecutor(1) as pool:  # a thread without a running loop (Playwright keeps one in the main thread)
        pool.submit(asyncio.run, run()).result()


@pytest.mark.parametrize(
    "raw, role, code",
    [
        ("x" * 1100, "participant", "too-large"),
        ("{", "participant", "malformed"),
        ('{"type": "start"}', "participant", "forbidden"),
        ('{"type": "vote", "round": true, "choice": "a"}', "participant", "invalid"),
        ('{"type": "vote", "round": 1, "choice": ""}', "participant", "invalid"),
        ('{"type": "hello", "token": "a\\u0000b"}', "participant", "invalid"),
        ('{"type": "majority", "hand": {"a": -1}}', "presenter", "invalid"),
        ('{"type": "majority", "hand": {"a": 1.5}}', "presenter", "invalid"),
        ('{"type": "hello"}', "presenter", "invalid"),
        ('{"type": "drop_tables"}', "presenter", "invalid"),
    ],
)
def test_protocol_refuses(raw, role, code):
    with pytest.raises(protocol.Refused) as exc:
        protocol.parse(raw, role)
    assert exc.value.code == code


def test_protocol_accepts_and_rate_limits():
    assert protocol.parse('{"type": "vote", "round": 3, "choice": "b"}', "participant") == {
        "type": "vote",
        "round": 3,
        "choice": "b",
    }
    assert protocol.parse('{"type": "pick", "choice": "a", "hand": {"b": 2}}', "presenter")["hand"] == {"b": 2}
    limit = protocol.RateLimit(rate=0.001, burst=3)
    assert [limit.allow() for _ in range(4)] == [True, True, True, False]


def test_cases_are_read_from_the_built_pages(tmp_path, case):
    (tmp_path / "index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "m90.html").write_text(f"<main>{fragment(case)}</main>", encoding="utf-8")
    cases = load_cases(tmp_path)
    assert list(cases) == ["m90-s1"] and cases["m90-s1"].spec == json.loads(json.dumps(spec(case)))
    assert cases["m90-s1"].page == "modules/m90.html" and cases["m90-s1"].title == "Kleiner Fall"
    with pytest.raises(FileNotFoundError, match="kursbuch build"):
        load_cases(tmp_path / "nowhere")


def test_cli_refuses_what_it_cannot_serve(tmp_path, capsys):
    from livekit import fixture_course, free_port

    from kursbuch.cli import main

    html = fixture_course(tmp_path / "html")
    state = str(tmp_path / "s.sqlite3")
    assert main(["live", "--html", str(html), "--state", state, "--case", "m99-s9"]) == 2
    assert "m99-s9: no such case" in capsys.readouterr().err
    assert main(["live", "--html", str(tmp_path / "nothing"), "--state", state]) == 2
    assert "kursbuch build" in capsys.readouterr().err
    redis_url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    assert main(["live", "--html", str(html), "--redis", redis_url]) == 1
    assert f"cannot reach Redis at {redis_url}" in capsys.readouterr().err
