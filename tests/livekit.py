"""Test helpers for ``kursbuch live``: the real server as a subprocess, started like a trainer
starts it, and read from what it prints (never from a fixed wait)."""

from __future__ import annotations

import http.client
import json
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from kbtest import Lines, kursbuch_env

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "quizzes" / "m90.yml"


def fixture_course(dest: Path) -> Path:
    """A built course of one page holding the fixture case m90-s1, as the build writes it (no book build)."""
    from kursbuch.core.loader import load_module_file
    from kursbuch.core.render import fragment

    model, _ = load_module_file(FIXTURE, "m90.yml")
    case = next(a for a in model.activities() if a.id == "m90-s1")
    (dest / "modules").mkdir(parents=True)
    (dest / "index.html").write_text("<html></html>", encoding="utf-8")
    (dest / "modules" / "m90.html").write_text(f"<main>{fragment(case)}</main>", encoding="utf-8")
    return dest


def in_thread(fn, *args):
    """``fn(*args)`` on a thread of its own: asyncio.run needs a thread without a running event loop,
    and Playwright's sync API keeps one running in the main thread once a browser test ran."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args).result()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``kursbuch live`` on 127.0.0.1:``port`` over the built course ``html``; ``start`` waits for the
    line it prints once it serves, and keeps the addresses it printed."""

    def __init__(
        self,
        html: Path,
        case: str,
        state: Path | None = None,
        redis: str | None = None,
        port: int | None = None,
        host: str | None = None,
    ):
        self.html, self.case, self.state, self.redis, self.host = html, case, state, redis, host
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self.join = self.presenter = self.start_page = self.code = self.key = ""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        cmd = [
            sys.executable,
            "-m",
            "kursbuch",
            "live",
            "--html",
            str(self.html),
            "--case",
            self.case,
            "--port",
            str(self.port),
        ]
        cmd += ["--redis", self.redis] if self.redis else ["--state", str(self.state)]
        cmd += ["--host", self.host] if self.host else []
        self.proc = subprocess.Popen(
            cmd, env=kursbuch_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=self.html
        )
        self.lines = Lines(self.proc.stdout)  # type: ignore[arg-type]
        try:
            self.lines.wait_for(lambda line: line.startswith("serving on"), "kursbuch live to serve", timeout=60)
        except AssertionError:
            self.stop()
            raise
        log = "\n".join(self.lines.log)
        self.code = re.search(r"code (\w+)", log).group(1)  # type: ignore[union-attr]
        self.join = re.search(r"join: (\S+)", log).group(1)  # type: ignore[union-attr]
        self.presenter = re.search(r"presenter: (\S+)", log).group(1)  # type: ignore[union-attr]
        self.key = self.presenter.split("#k=", 1)[1]
        self.start_page = re.search(r"start page \(all cases\): (\S+)", log).group(1)  # type: ignore[union-attr]
        return self

    def output(self) -> list[str]:
        """Every line the server printed so far (what was waited for and what came since)."""
        import queue

        while True:
            try:
                line = self.lines._lines.get_nowait()
            except queue.Empty:
                return self.lines.log
            if line is not None:
                self.lines.log.append(line)

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as when the laptop's power goes."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=20)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def new_session(self) -> tuple[str, str]:
        """A new session of the case through the start page (as a trainer clicks it): (code, presenter URL)."""
        key = urlsplit(self.start_page).query.split("key=", 1)[1]
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        body = urlencode({"key": key, "case": self.case})
        conn.request("POST", "/start", body, {"Content-Type": "application/x-www-form-urlencoded"})
        resp = conn.getresponse()
        assert resp.status == 303, resp.read()
        location = resp.getheader("location") or ""
        conn.close()
        code = location.split("/moderation/", 1)[1].split("#", 1)[0]
        return code, location

    def ws(self, role: str, code: str | None = None, **kw):
        from websockets.sync.client import connect

        return connect(f"ws://127.0.0.1:{self.port}/ws/{role}/{code or self.code}", open_timeout=20, **kw)


def recv(ws, kind: str, timeout: float = 20) -> dict:
    """The next message of type ``kind`` on a websockets connection (others are skipped)."""
    while True:
        msg = json.loads(ws.recv(timeout=timeout))
        if msg["type"] == kind:
            return msg
