"""``kursbuch live --redis``: two server processes share one session through a real Debian
``redis-server`` (state, votes and broadcast), and a Redis restart loses no vote when Redis keeps
an append-only file (docs/live-admin.md); while Redis is away a vote is refused with "unavailable"
(the phone sends it again) instead of being lost silently.

The course is a built page made from the fixture case m90-s1 (no book build needed)."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from kbtest import Lines
from livekit import LiveServer, fixture_course, free_port, recv

REDIS = shutil.which("redis-server")


class Redis:
    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()

    def start(self) -> Redis:
        # appendfsync always: every write is on disk before Redis answers (the setting the admin guide recommends).
        cmd = [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder), "--save", ""]
        cmd += ["--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "yes"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        Lines(self.proc.stdout).wait_for(lambda line: "Ready to accept connections" in line, "redis-server", timeout=30)
        return self

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    return fixture_course(tmp_path / "html")


def test_two_processes_share_a_session_and_survive_a_redis_restart(built: Path, tmp_path: Path):
    assert REDIS, (
        "Debian's redis-server is missing: run the tests through scripts/test.sh (setup.sh --test installs it)"
    )
    redis = Redis(tmp_path).start()
    a = LiveServer(built, "m90-s1", redis=redis.url)
    b = LiveServer(built, "m90-s1", redis=redis.url)
    try:
        a.start()
        b.start()
        assert (a.code, a.key) == (b.code, b.key)  # the second process found the session in Redis
        with a.ws("m") as m, b.ws("p") as p1, b.ws("p") as p2, a.ws("p") as p3:
            m.send(json.dumps({"type": "hello", "key": a.key}))
            recv(m, "state")
            tokens = []
            for p in (p1, p2, p3):
                p.send(json.dumps({"type": "hello"}))
                tokens.append(recv(p, "welcome")["token"])
                recv(p, "state")
            m.send(json.dumps({"type": "start"}))  # on process A ...
            state = recv(m, "state")
            first, second = state["shown"]
            for p in (p1, p2, p3):  # ... reaches the phones on process B too
                assert recv(p, "state")["phase"] == "vote"
            rnd = state["round"]
            for p, choice in ((p1, first), (p2, first), (p2, second), (p3, second)):
                p.send(json.dumps({"type": "vote", "round": rnd, "choice": choice}))
                assert recv(p, "voted")["choice"] == choice
            want = {first: 1, second: 2}
            while (c := recv(m, "counts"))["counts"] != want:  # votes on B counted once, seen on A
                assert sum(c["counts"].values()) <= 3

            redis.stop()
            p1.send(json.dumps({"type": "vote", "round": rnd, "choice": second}))
            assert recv(p1, "error", timeout=60)["code"] == "unavailable"  # refused, not lost: the phone retries
            redis.start()
            # Both processes resubscribe and send everyone a fresh view; the votes came back from disk.
            assert recv(m, "state", timeout=60)["counts"] == want
            assert recv(p2, "state", timeout=60)["mine"] == second
            p1.send(json.dumps({"type": "vote", "round": rnd, "choice": second}))
            assert recv(p1, "voted")["choice"] == second
            while recv(m, "counts")["counts"] != {first: 0, second: 3}:
                pass
            m.send(json.dumps({"type": "majority", "hand": {}}))
            while (decided := recv(m, "state"))["chosen"] is None:  # (a second fresh view may come first)
                pass
            assert decided["chosen"] == second and decided["how"] == "majority"
            while recv(p3, "state")["phase"] != "decided":
                pass
    finally:
        a.stop()
        b.stop()
        redis.stop()
