"""A live session from a notebook cell: ``live_session("m01-s1")`` in a module of the course.

Starts the live server in this kernel's process (a background thread; one server per kernel, reused
by later calls), starts or resumes a session for the case, and returns an object whose output shows
the join panel (QR code, code, address) and the presenter view in a frame, with a link to open it
full screen in its own tab. The cases come from the course's sources (no build needed); the state
file is the project's ``_build/live/sessions.sqlite3``, as for ``kursbuch live``.

``host="0.0.0.0"`` opens the server to the room's network (printed warning), as ``--host`` does.
"""

from __future__ import annotations

import asyncio
import html
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.project import find_root
from ..paths import BuildPaths
from .app import LiveApp, Settings, base_url, make_app, open_socket, uvicorn_server, warn_if_open
from .course import project_cases
from .qr import qr_svg
from .store import SQLiteStore

_servers: dict[tuple[str, str, int], _Server] = {}


class _Server:
    """The live server on a thread of its own, with its own event loop."""

    def __init__(self, root: Path, host: str, port: int):
        cases = project_cases(root)
        sock = open_socket(host, port)
        self.port = sock.getsockname()[1]
        self.settings = Settings(cases=cases, store=SQLiteStore(BuildPaths(root).live_state))
        self.settings.base_url = base_url(host, self.port)
        warn_if_open(host, self.port)
        ready = threading.Event()
        self.live: LiveApp | None = None

        async def on_ready(live: LiveApp) -> None:
            self.live = live
            ready.set()

        self.server = uvicorn_server(make_app(self.settings, on_ready))
        self.loop: asyncio.AbstractEventLoop | None = None

        def run() -> None:
            self.loop = asyncio.new_event_loop()
            self.loop.run_until_complete(self.server.serve(sockets=[sock]))

        self.thread = threading.Thread(target=run, name="kursbuch-live", daemon=True)
        self.thread.start()
        if not ready.wait(60):
            raise RuntimeError("the live server did not start within 60 s")

    def call(self, coro: Any) -> Any:
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(30)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@dataclass
class LiveSession:
    """A running session: its code and addresses; shown in a notebook as the presenter view."""

    case: str
    code: str
    join_url: str
    presenter_url: str

    def _repr_html_(self) -> str:
        url = html.escape(self.presenter_url)
        return (
            f'<div class="kb-live-cell" lang="de" data-kb-live-code="{html.escape(self.code)}">'
            f'<div style="display:flex;gap:1.5rem;align-items:center;flex-wrap:wrap">{qr_svg(self.join_url, scale=5)}'
            f"<div><p>Code: <strong>{html.escape(self.code)}</strong></p>"
            f"<p>Mitmachen: <strong>{html.escape(self.join_url)}</strong></p>"
            f'<p><a href="{url}" target="_blank" rel="noopener">Präsentation in eigenem Tab öffnen (für den Beamer)</a></p>'
            f"</div></div>"
            f'<iframe class="kb-live-frame" src="{url}" title="Live-Präsentation" '
            f'style="width:100%;height:640px;border:1px solid #888"></iframe></div>'
        )

    def __repr__(self) -> str:
        return f"LiveSession({self.case!r}, code={self.code!r}, join={self.join_url!r})"


def live_session(case_id: str, *, host: str = "127.0.0.1", port: int = 0, root: Path | None = None) -> LiveSession:
    """Start (or resume) a live session for ``case_id`` and return it (its output is the presenter view)."""
    root = find_root(root)
    key = (str(root), host, port)
    server = _servers.get(key)
    if server is None or not server.thread.is_alive():
        server = _servers[key] = _Server(root, host, port)
    if case_id not in server.settings.cases:
        known = ", ".join(server.settings.cases) or "none"
        raise KeyError(f"no case {case_id!r} in quizzes/*.yml (cases: {known})")
    assert server.live is not None
    rec = server.call(server.live.session_for(case_id))
    urls = server.live.urls(rec)
    return LiveSession(case_id, rec.code, urls["join"], urls["presenter"])


def stop_all() -> None:
    """Stop every live server of this kernel."""
    for server in _servers.values():
        server.stop()
    _servers.clear()
