"""The live server: a Starlette application and ``serve``, which runs it with uvicorn.

Routes
  ``/``                       the join form (type the code)
  ``/j/{code}``               the participant page (one file, no other request but its own server)
  ``/moderation/{code}``      the presenter view: the presentation mode with live counts; the
                              session's presenter key is in the URL's fragment (``#k=…``), never
                              sent in a request line, and goes to the server in the first message
  ``/start?key=…``            the list of the course's cases; starts a session for one
  ``/ws/{p|m}/{code}``        WebSocket of a participant (p) or the presenter (m)
  ``/api/{p|m}/{code}/open|send|poll``  the same messages over plain requests (long polling), for
                              networks or proxies that block WebSockets

Every page carries a Content-Security-Policy that allows no other host; WebSocket and POST
requests with an ``Origin`` of another site are refused. uvicorn runs without access log, without
proxy headers and without a server header: no IP address or user agent is stored or logged.
"""

from __future__ import annotations

import asyncio
import html
import json
import secrets
import socket
import sys
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from .. import assets
from . import protocol, session
from .course import Case
from .hub import Conn, Hub
from .qr import qr_svg
from .store import Record, Store

STATIC = Path(__file__).parent / "static"
CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: easy to read aloud
CODE_LENGTH = 6
POLL_WAIT = 20.0  # seconds a long poll waits for news
POLL_IDLE = 60.0  # a polling browser that has not asked for this long is dropped
ROLES = {"p": "participant", "m": "presenter"}


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _static(name: str) -> str:
    """A file of ``static/``, inlined into the pages (``transport.js`` into both, before each page's own script)."""
    return (STATIC / name).read_text(encoding="utf-8")


def _json_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@dataclass
class Settings:
    cases: dict[str, Case]
    store: Store
    base_url: str = ""  # the address phones use (printed and in the QR code); set by serve
    hours: float = 8.0  # a session (and its join code) expires after this
    allow_origins: set[str] = field(default_factory=set)  # extra origins (a reverse proxy's public name)


@dataclass
class PollConn:
    conn: Conn
    queue: list[dict[str, Any]] = field(default_factory=list)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    seen: float = field(default_factory=time.monotonic)

    async def put(self, msg: dict[str, Any]) -> None:
        # Keep it short: only the newest state and counts matter to a browser that was away.
        if msg.get("type") in ("state", "counts"):
            self.queue = [m for m in self.queue if m.get("type") != msg["type"]]
        self.queue = (self.queue + [msg])[-20:]
        self.wake.set()

    def drain(self) -> list[dict[str, Any]]:
        out, self.queue = self.queue, []
        self.wake.clear()
        return out


class LiveApp:
    """The application's state: settings, hub, the long-polling browsers."""

    def __init__(self, settings: Settings):
        self.s = settings
        self.hub = Hub(settings.store, settings.cases)
        self.polls: dict[str, PollConn] = {}

    async def create_session(self, case_id: str) -> Record:
        state = session.new_state()
        for _ in range(20):
            code = new_code()
            if await self.s.store.get(code) is None:
                break
        rec = Record(
            code, case_id, secrets.randbits(32), secrets.token_urlsafe(18), time.time() + self.s.hours * 3600, state, 0
        )
        await self.s.store.create(rec)
        return rec

    async def session_for(self, case_id: str) -> Record:
        """The running session of a case (a restarted server resumes it), else a new one."""
        for rec in await self.s.store.records():
            if rec.case == case_id:
                return rec
        return await self.create_session(case_id)

    def urls(self, rec: Record) -> dict[str, str]:
        return {
            "join": f"{self.s.base_url}/j/{rec.code}",
            "presenter": f"{self.s.base_url}/moderation/{rec.code}#k={rec.key}",
        }

    # ------------------------------------------------------------------ checks

    def origin_ok(self, headers: Any) -> bool:
        origin = headers.get("origin")
        if origin is None:  # not a browser (the benchmark, curl): nothing to forge for them
            return True
        if origin in self.s.allow_origins:
            return True
        return urlsplit(origin).netloc == headers.get("host", "")

    def csp(self, nonce: str, request: Request, frames: bool = False) -> str:
        host = request.headers.get("host", "")
        ancestors = "'self' http://127.0.0.1:* http://localhost:*" if frames else "'none'"
        return (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; "
            f"connect-src 'self' ws://{host} wss://{host}; base-uri 'none'; form-action 'self'; "
            f"frame-ancestors {ancestors}"
        )

    def page(self, body: str, request: Request, nonce: str, status: int = 200, frames: bool = False) -> HTMLResponse:
        headers = {
            "Content-Security-Policy": self.csp(nonce, request, frames),
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        }
        return HTMLResponse(body, status_code=status, headers=headers)

    # ------------------------------------------------------------------- pages

    async def join_form(self, request: Request) -> Response:
        code = request.query_params.get("code", "").strip().upper().replace(" ", "")
        if code:
            return RedirectResponse(f"/j/{code[:12]}", status_code=303)
        return self.participant_page(request, "", 200)

    def participant_page(self, request: Request, code: str, status: int) -> HTMLResponse:
        nonce = secrets.token_urlsafe(12)
        body = (
            _static("participant.html")
            .replace("{{STYLE}}", _static("participant.css"))
            .replace("{{TRANSPORT}}", assets.inline_script(_static("transport.js")))
            .replace("{{SCRIPT}}", assets.inline_script(_static("participant.js")))
            .replace("{{NONCE}}", nonce)
            .replace("{{CODE}}", html.escape(code))
            .replace("{{STATUS}}", str(status))
        )
        return self.page(body, request, nonce, status)

    async def participant(self, request: Request) -> Response:
        code = request.path_params["code"].upper()
        rec = await self.s.store.get(code)
        return self.participant_page(request, code if rec else "", 200 if rec else 404)

    async def presenter(self, request: Request) -> Response:
        code = request.path_params["code"].upper()
        rec = await self.s.store.get(code)
        if rec is None or rec.case not in self.s.cases:
            return self.participant_page(request, "", 404)
        case = self.s.cases[rec.case]
        join = self.urls(rec)["join"]
        info = {"code": rec.code, "join": join, "seed": rec.seed, "qr": qr_svg(join)}
        nonce = secrets.token_urlsafe(12)
        body = (
            _static("presenter.html")
            .replace("{{TITLE}}", html.escape(case.title))
            .replace("{{ENGINE_CSS}}", assets.engine_css())
            .replace("{{STYLE}}", _static("presenter.css"))
            .replace("{{SPEC}}", _json_script(case.spec))
            .replace("{{INFO}}", _json_script(info))
            .replace("{{ENGINE}}", assets.inline_script(assets.engine_source()))
            .replace("{{TRANSPORT}}", assets.inline_script(_static("transport.js")))
            .replace("{{SCRIPT}}", assets.inline_script(_static("presenter.js")))
            .replace("{{NONCE}}", nonce)
        )
        return self.page(body, request, nonce, frames=True)

    async def start(self, request: Request) -> Response:
        admin = await self.s.store.setting("start-key")
        if request.method == "POST":
            # A two-field form, parsed here (Starlette's form parser would need python-multipart).
            form = parse_qs((await request.body())[:4096].decode("utf-8", "replace"))
            key, case_id = form.get("key", [""])[0], form.get("case", [""])[0]
        else:
            key, case_id = request.query_params.get("key", ""), ""
        if not secrets.compare_digest(key, admin):
            return self.participant_page(request, "", 403)
        if case_id:
            if not self.origin_ok(request.headers) or case_id not in self.s.cases:
                return Response("refused", status_code=403)
            rec = await self.create_session(case_id)
            return RedirectResponse(self.urls(rec)["presenter"], status_code=303)
        nonce = secrets.token_urlsafe(12)
        running: dict[str, list[Record]] = {}
        for rec in await self.s.store.records():
            running.setdefault(rec.case, []).append(rec)
        rows = ""
        for c in self.s.cases.values():
            links = "".join(
                f'<li><a href="{html.escape(self.urls(r)["presenter"])}">Sitzung {r.code} fortsetzen</a></li>'
                for r in running.get(c.id, [])
            )
            rows += (
                f"<li><h2>{html.escape(c.title)}</h2><p>{html.escape(c.id)}, auf der Seite {html.escape(c.page)}</p>"
                f"{f'<ul>{links}</ul>' if links else ''}"
                f'<form method="post" action="/start"><input type="hidden" name="key" value="{html.escape(admin)}">'
                f'<input type="hidden" name="case" value="{html.escape(c.id)}">'
                f'<button type="submit">Neue Sitzung für diesen Fall</button></form></li>'
            )
        body = (
            '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            "<title>Live-Abstimmung starten</title><style>body{font:1.125rem/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}"
            "button{font:inherit;padding:.5rem 1rem;min-height:44px;cursor:pointer}ol>li{margin:1.5rem 0}h2{font-size:1.25rem}</style></head><body><main>"
            f"<h1>Live-Abstimmung starten</h1><p>Wählen Sie den Fall, den die Gruppe entscheiden soll.</p><ol>{rows}</ol></main></body></html>"
        )
        return self.page(body, request, nonce)

    # -------------------------------------------------------------- WebSocket

    async def websocket(self, ws: WebSocket) -> None:
        role = ROLES.get(ws.path_params["role"])
        code = ws.path_params["code"].upper()
        if role is None or not self.origin_ok(ws.headers):
            await ws.close(code=1008)
            return
        await ws.accept()
        conn = Conn(role, code, ws.send_json)
        self.hub.add(conn)
        refusals = 0
        try:
            while True:
                message = await ws.receive()
                if message["type"] == "websocket.disconnect":
                    break
                raw: str | bytes = message.get("text") or message.get("bytes") or b""
                try:
                    msg = protocol.parse(raw, role)
                except protocol.Refused as exc:
                    refusals += 1
                    await conn.send(protocol.error(exc.code))
                    if exc.code == "too-large" or refusals > 50:
                        await ws.close(code=1009 if exc.code == "too-large" else 1008)
                        break
                    continue
                await self.hub.handle(conn, msg)
        except WebSocketDisconnect:
            pass
        finally:
            self.hub.remove(conn)

    # ------------------------------------------------------------- long polls

    async def _body(self, request: Request, role: str) -> bytes:
        limit = protocol.MAX_BYTES[role]
        if int(request.headers.get("content-length") or 0) > limit:
            raise protocol.Refused("too-large", "body too large")
        data = b""
        async for chunk in request.stream():
            data += chunk
            if len(data) > limit:
                raise protocol.Refused("too-large", "body too large")
        return data

    async def api(self, request: Request) -> Response:
        role = ROLES.get(request.path_params["role"])
        code = request.path_params["code"].upper()
        verb = request.path_params["verb"]
        if role is None or not self.origin_ok(request.headers):
            return JSONResponse({"error": "forbidden"}, status_code=403)
        if verb == "poll":
            pc = self.polls.get(request.query_params.get("conn", ""))
            if pc is None or pc.conn.code != code or pc.conn.role != role:
                return JSONResponse({"error": "gone"}, status_code=404)
            pc.seen = time.monotonic()
            if not pc.queue:
                try:
                    await asyncio.wait_for(pc.wake.wait(), POLL_WAIT)
                except TimeoutError:
                    pass
            pc.seen = time.monotonic()
            return JSONResponse({"messages": pc.drain()})
        if request.method != "POST":
            return JSONResponse({"error": "method"}, status_code=405)
        try:
            msg = protocol.parse(await self._body(request, role), role)
        except protocol.Refused as exc:
            return JSONResponse(
                {"messages": [protocol.error(exc.code)]}, status_code=413 if exc.code == "too-large" else 400
            )
        if verb == "open":
            self._drop_idle()
            if msg["type"] != "hello":
                return JSONResponse({"messages": [protocol.error("hello")]}, status_code=400)
            conn_id = secrets.token_urlsafe(18)
            conn = Conn(role, code, self._poll_sender(conn_id))
            pc = self.polls[conn_id] = PollConn(conn)
            self.hub.add(pc.conn)
            await self.hub.handle(pc.conn, msg)
            return JSONResponse({"conn": conn_id, "messages": pc.drain()})
        if verb == "send":
            pc = self.polls.get(request.query_params.get("conn", ""))
            if pc is None or pc.conn.code != code or pc.conn.role != role:
                return JSONResponse({"error": "gone"}, status_code=404)
            pc.seen = time.monotonic()
            await self.hub.handle(pc.conn, msg)
            return JSONResponse({"messages": pc.drain()})
        return JSONResponse({"error": "unknown"}, status_code=404)

    def _poll_sender(self, conn_id: str) -> Any:
        async def send(msg: dict[str, Any]) -> None:
            pc = self.polls.get(conn_id)
            if pc is not None:
                await pc.put(msg)

        return send

    def _drop_idle(self) -> None:
        now = time.monotonic()
        for conn_id, pc in list(self.polls.items()):
            if now - pc.seen > POLL_IDLE:
                self.hub.remove(pc.conn)
                del self.polls[conn_id]


def make_app(settings: Settings, on_ready: Any = None) -> Starlette:
    live = LiveApp(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        await settings.store.open(live.hub.event)
        await settings.store.purge(time.time())
        if on_ready is not None:
            await on_ready(live)
        yield
        await settings.store.close()

    routes = [
        Route("/", live.join_form),
        Route("/j/{code}", live.participant),
        Route("/moderation/{code}", live.presenter),
        Route("/start", live.start, methods=["GET", "POST"]),
        WebSocketRoute("/ws/{role}/{code}", live.websocket),
        Route("/api/{role}/{code}/{verb}", live.api, methods=["GET", "POST"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.live = live
    return app


def lan_address() -> str:
    """This machine's address in the local network (for the QR code when --host opens the server).
    A UDP socket's connect sends nothing; it only asks the routing table which address would be used."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 9))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def open_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one). Connections wait in its backlog until
    uvicorn takes it over, so an address printed right after this already works."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(512)
    return sock


def base_url(host: str, port: int, public_url: str | None = None) -> str:
    shown_host = lan_address() if host in ("0.0.0.0", "::") else host
    return (public_url or f"http://{shown_host}:{port}").rstrip("/")


def warn_if_open(host: str, port: int) -> None:
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"WARNING: the live server is open to the network on {host}:{port}. Anyone who can reach this machine "
            "can open the participant pages; presenter controls need the presenter key.",
            file=sys.stderr,
            flush=True,
        )


def uvicorn_server(app: Starlette) -> Any:
    """uvicorn without access log, proxy headers or server header: no IP address is logged."""
    import uvicorn

    config = uvicorn.Config(
        app,
        access_log=False,  # no request lines: they would hold IP addresses
        proxy_headers=False,  # no X-Forwarded-For either
        server_header=False,
        log_level="warning",
        ws_max_size=max(protocol.MAX_BYTES.values()) * 2,  # larger frames are dropped by uvicorn itself
        ws_ping_interval=20,
        ws_ping_timeout=20,
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)


def serve(
    settings: Settings,
    host: str,
    port: int,
    case_ids: list[str],
    public_url: str | None = None,
) -> None:
    """Bind, print the addresses (join, presenter of each case given, start page), then serve until Ctrl+C."""
    sock = open_socket(host, port)
    port = sock.getsockname()[1]
    settings.base_url = base_url(host, port, public_url)
    warn_if_open(host, port)

    async def ready(live: LiveApp) -> None:
        for case_id in case_ids:
            rec = await live.session_for(case_id)
            urls = live.urls(rec)
            print(f"case {case_id}: code {rec.code}", flush=True)
            print(f"  join: {urls['join']}", flush=True)
            print(f"  presenter: {urls['presenter']}", flush=True)
        key = await settings.store.setting("start-key")
        print(f"start page (all cases): {settings.base_url}/start?key={key}", flush=True)
        print(f"serving on {settings.base_url} (Ctrl+C ends)", flush=True)

    uvicorn_server(make_app(settings, ready)).run(sockets=[sock])
