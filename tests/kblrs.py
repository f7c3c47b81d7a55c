"""A real Learning Record Store and an LMS's part of the cmi5 launch, for the cmi5 tests.

``Ralph``: the LRS (PyPI ``ralph-malph``, file-system backend, in ``.venv-lrs`` from
``scripts/setup.sh --test``; ``tests/lrs_app.py`` says why it appends), started on 127.0.0.1 with a temporary data folder and its own
credentials file; ready when ``/__heartbeat__`` answers 200 (polled: a port that starts to accept
connections announces nothing).

``Launcher``: what ILIAS's "xAPI/cmi5" object does around an AU, on one local HTTP server:
- serves the unpacked packages (``/pkg/<name>/...``), as ILIAS serves an imported module;
- ``launch()``: a registration, an activity id of its own for the AU (not the publisher id), a
  session id, the ``LMS.LaunchData`` state document (contextTemplate with the session id and the
  publisher id in ``grouping``, launchMode, moveOn, masteryScore), the learner preferences, the
  "launched" statement in the LRS, and the launch URL with endpoint, fetch, actor, registration,
  activityId;
- the fetch URL: answers ``{"auth-token": ...}`` once, then an error (cmi5 8.2);
- the xAPI endpoint the AU gets (``/xapi/``), like ILIAS's xAPI proxy: it checks the session
  token and forwards ``statements`` to Ralph with the LMS's own credentials (the AU never sees
  them). Ralph has no State API and no Agent Profile API (it implements the Statement resource
  only); the launcher provides exactly these two resources itself, in memory.
- fault injection on the forwarded statements and state writes: ``error`` (HTTP 503), ``hold``
  (no answer until the test releases it: the AU's timeout), ``down`` (the connection closes
  without an answer).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import os
import secrets
import socket
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from kbtest import REPO, wait_until

LRS_PYTHON = REPO / ".venv-lrs" / "bin" / "python"
SESSION_EXT = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
CMI5_NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
LMS_HOME = "https://lms.kursbuch.test"
LMS_USER, LMS_PASSWORD = "lms", secrets.token_hex(8)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ralph:
    """Ralph LRS on 127.0.0.1 (file-system backend) for one test session."""

    def __init__(self, folder: Path):
        assert LRS_PYTHON.exists(), "the test LRS is missing: run bash scripts/setup.sh --test (it makes .venv-lrs)"
        self.folder = folder
        (folder / "data").mkdir(parents=True, exist_ok=True)
        hashed = subprocess.run(
            [
                str(LRS_PYTHON),
                "-c",
                "import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(4)).decode())",
                LMS_PASSWORD,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        auth = [
            {
                "agent": {"account": {"homePage": LMS_HOME, "name": "lms"}},
                "scopes": ["all"],
                "hash": hashed,
                "username": LMS_USER,
            }
        ]
        (folder / "auth.json").write_text(json.dumps(auth), encoding="utf-8")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.credentials = "Basic " + base64.b64encode(f"{LMS_USER}:{LMS_PASSWORD}".encode()).decode()
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(folder),
            "RALPH_APP_DIR": str(folder),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
            "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "1000",
        }
        self.log = (folder / "ralph.log").open("w")
        self.proc = subprocess.Popen(
            [str(LRS_PYTHON), "-m", "uvicorn", "lrs_app:app", "--host", "127.0.0.1", "--port", str(self.port)],
            env={**env, "PYTHONPATH": str(Path(__file__).resolve().parent)},
            cwd=folder,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._healthy, 90, f"Ralph on {self.url}/__heartbeat__ (log: {folder / 'ralph.log'})", 0.2)

    def _healthy(self) -> bool:
        assert self.proc.poll() is None, "Ralph ended: " + (self.folder / "ralph.log").read_text()[-2000:]
        try:
            with urllib.request.urlopen(f"{self.url}/__heartbeat__", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def request(self, method: str, path: str, body: bytes | None = None, timeout: float = 10) -> tuple[int, bytes]:
        req = urllib.request.Request(f"{self.url}{path}", data=body, method=method)
        req.add_header("Authorization", self.credentials)
        req.add_header("X-Experience-API-Version", "1.0.3")
        if body is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def statements(self, **query: str) -> list[dict]:
        """Every statement matching ``query`` (xAPI filters), oldest first (by timestamp)."""
        out: list[dict] = []
        path = "/xAPI/statements?" + urllib.parse.urlencode({**query, "limit": "500"})
        while path:
            status, body = self.request("GET", path)
            assert status == 200, body
            data = json.loads(body)
            out += data["statements"]
            more = data.get("more") or ""
            path = more if more.startswith("/") else ("/" + more.split("/", 3)[-1] if more else "")
        return sorted(out, key=lambda s: (s["timestamp"], s.get("stored", "")))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


class Launch:
    def __init__(self, url: str, registration: str, session: str, activity: str, publisher: str, actor: dict):
        self.url, self.registration, self.session = url, registration, session
        self.activity, self.publisher, self.actor = activity, publisher, actor


class Launcher:
    """The LMS's side of a cmi5 launch (as ILIAS does it) on one local server; see the module docstring."""

    def __init__(self, lrs: Ralph, packages: Path):
        self.lrs = lrs
        self.packages = packages
        self.fetches: dict[str, str | None] = {}  # fetch id -> token (None once used)
        self.tokens: set[str] = set()
        self.documents: dict[tuple[str, ...], bytes] = {}  # State API and Agent Profile API
        self.fault: str | None = None  # None, "error", "hold", "down"
        self.release = threading.Event()
        self.faulted = threading.Event()  # set when a request met the fault
        self.forwarded: list[tuple[str, str, int]] = []  # (method, resource, status) of every xAPI call
        handler = functools.partial(_Handler, self)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()

    def set_fault(self, fault: str | None) -> None:
        self.faulted.clear()
        self.release.clear() if fault == "hold" else self.release.set()
        self.fault = fault

    def structure(self, package: str) -> list[dict]:
        root = ET.parse(self.packages / package / "cmi5.xml").getroot()
        return [
            {
                "id": au.get("id"),
                "url": au.findtext(f"{CMI5_NS}url"),
                "moveOn": au.get("moveOn"),
                "masteryScore": au.get("masteryScore"),
            }
            for au in root.iter(f"{CMI5_NS}au")
        ]

    def launch(
        self,
        package: str,
        au_index: int = 0,
        *,
        registration: str | None = None,
        actor: dict | None = None,
        mode: str = "Normal",
        language: str = "de-DE",
        return_url: bool = False,
    ) -> Launch:
        au = self.structure(package)[au_index]
        registration = registration or str(uuid.uuid4())
        actor = actor or {"objectType": "Agent", "account": {"homePage": LMS_HOME, "name": str(uuid.uuid4())}}
        # ILIAS: one activity id per AU and object, the same on every launch of that registration.
        activity = f"{LMS_HOME}/xapi/activity/{uuid.uuid5(uuid.NAMESPACE_URL, package + au['id'])}"
        session = str(uuid.uuid4())
        template = {"contextActivities": {"grouping": [{"id": au["id"]}]}, "extensions": {SESSION_EXT: session}}
        launch_data = {"contextTemplate": template, "launchMode": mode, "moveOn": au["moveOn"]}
        if au["masteryScore"] is not None:
            launch_data["masteryScore"] = float(au["masteryScore"])
        if return_url:
            launch_data["returnURL"] = f"{self.url}/lms/zurueck"
        agent = json.dumps(actor, sort_keys=True)
        self.documents[("state", activity, agent, registration, "LMS.LaunchData")] = json.dumps(launch_data).encode()
        self.documents[("profile", agent, "cmi5LearnerPreferences")] = json.dumps(
            {"languagePreference": language, "audioPreference": "on"}
        ).encode()
        extensions = {
            SESSION_EXT: session,
            "https://w3id.org/xapi/cmi5/context/extensions/launchmode": mode,
            "https://w3id.org/xapi/cmi5/context/extensions/moveon": au["moveOn"],
            "https://w3id.org/xapi/cmi5/context/extensions/launchurl": f"{self.url}/pkg/{package}/{au['url']}",
        }
        if au["masteryScore"] is not None:
            extensions["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] = float(au["masteryScore"])
        launched = {
            "id": str(uuid.uuid4()),
            "actor": actor,
            "verb": {"id": "http://adlnet.gov/expapi/verbs/launched", "display": {"en-US": "launched"}},
            "object": {"objectType": "Activity", "id": activity},
            "context": {
                "registration": registration,
                "contextActivities": {
                    "grouping": [{"id": au["id"]}],
                    "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}],
                },
                "extensions": extensions,
            },
        }
        status, body = self.lrs.request("POST", "/xAPI/statements", json.dumps(launched).encode())
        assert status == 200, body
        fetch_id = secrets.token_hex(8)
        token = base64.b64encode(f"au:{secrets.token_hex(12)}".encode()).decode()
        self.fetches[fetch_id] = token
        query = urllib.parse.urlencode(
            {
                "endpoint": f"{self.url}/xapi/",
                "fetch": f"{self.url}/fetch/{fetch_id}",
                "actor": json.dumps(actor),
                "registration": registration,
                "activityId": activity,
            }
        )
        return Launch(f"{self.url}/pkg/{package}/{au['url']}?{query}", registration, session, activity, au["id"], actor)

    def state(self, launch: Launch, state_id: str = "kursbuch-state") -> dict | None:
        agent = json.dumps(launch.actor, sort_keys=True)
        raw = self.documents.get(("state", launch.activity, agent, launch.registration, state_id))
        return json.loads(raw) if raw else None


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, launcher: Launcher, *args):
        self.launcher = launcher
        super().__init__(*args)

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_PUT(self):
        self._route("PUT")

    def _route(self, method: str) -> None:
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path
        if path.startswith("/pkg/") and method == "GET":
            return self._file(path.removeprefix("/pkg/"))
        if path.startswith("/fetch/") and method == "POST":
            self._body()
            token = self.launcher.fetches.get(path.removeprefix("/fetch/"))
            if token is None:  # cmi5 8.2.3: HTTP 200 with an error for a used or unknown fetch URL
                return self._send(200, json.dumps({"error-code": "1", "error-text": "already used"}).encode())
            self.launcher.fetches[path.removeprefix("/fetch/")] = None
            self.launcher.tokens.add(token)
            return self._send(200, json.dumps({"auth-token": token}).encode())
        if path == "/lms/zurueck" and method == "GET":
            return self._send(
                200, b"<!DOCTYPE html><title>Lernplattform</title><h1>Kurs</h1>", "text/html; charset=utf-8"
            )
        if path.startswith("/xapi/"):
            return self._xapi(method, path.removeprefix("/xapi/"), urllib.parse.parse_qs(parts.query))
        self._send(404, b"{}")

    def _file(self, rel: str) -> None:
        target = (self.launcher.packages / urllib.parse.unquote(rel)).resolve()
        if self.launcher.packages.resolve() not in target.parents or not target.is_file():
            return self._send(404, b"not found", "text/plain")
        types = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css"}
        self._send(200, target.read_bytes(), types.get(target.suffix, "application/octet-stream"))

    def _xapi(self, method: str, resource: str, query: dict[str, list[str]]) -> None:
        body = self._body() if method in ("POST", "PUT") else b""
        auth = (self.headers.get("Authorization") or "").removeprefix("Basic ")
        if auth not in self.launcher.tokens:
            return self._send(401, b'{"error": "unknown session token"}')
        q = {k: v[0] for k, v in query.items()}
        writes = method in ("POST", "PUT")
        fault = self.launcher.fault if writes else None
        if fault:
            self.launcher.faulted.set()
            if fault == "down":  # the connection ends without an answer, as with a crashed server
                self.close_connection = True
                self.launcher.forwarded.append((method, resource, 0))
                return
            if fault == "error":
                self.launcher.forwarded.append((method, resource, 503))
                return self._send(503, b'{"error": "LRS unavailable"}')
            if fault == "hold":
                self.launcher.release.wait(60)  # released by the test once the AU has given up
        if resource == "statements":
            path = "/xAPI/statements" + ("?" + urllib.parse.urlencode(q) if q else "")
            status, answer = self.launcher.lrs.request(method, path, body or None)
            self.launcher.forwarded.append((method, resource, status))
            return self._send(status, answer)
        if resource == "activities/state":
            key = (
                "state",
                q.get("activityId", ""),
                json.dumps(json.loads(q.get("agent", "{}")), sort_keys=True),
                q.get("registration", ""),
                q.get("stateId", ""),
            )
        elif resource == "agents/profile":
            key = ("profile", json.dumps(json.loads(q.get("agent", "{}")), sort_keys=True), q.get("profileId", ""))
        else:
            return self._send(404, b"{}")
        self.launcher.forwarded.append((method, resource, 0))
        if method == "GET":
            doc = self.launcher.documents.get(key)
            return self._send(200, doc) if doc is not None else self._send(404, b"{}")
        if key[-1] == "LMS.LaunchData":
            return self._send(403, b'{"error": "LMS.LaunchData is read-only for the AU"}')
        self.launcher.documents[key] = body
        self._send(204)


@contextlib.contextmanager
def running_ralph(folder: Path):
    lrs = Ralph(folder)
    try:
        yield lrs
    finally:
        lrs.stop()
