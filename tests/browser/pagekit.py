"""Recording what a page does: every request it makes and every console error."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output stays readable
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 (a free port) and yield the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


class Recorder:
    """Requests and console problems of one browser context."""

    def __init__(self):
        self.requests: list[str] = []
        self.errors: list[str] = []

    def outside_requests(self) -> list[str]:
        local = {"127.0.0.1", "localhost", ""}
        return [
            u
            for u in self.requests
            if urlparse(u).hostname not in local and not u.startswith(("data:", "blob:", "file:"))
        ]
