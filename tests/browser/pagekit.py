"""Browser test helpers: a local HTTP server, recording what a page does (every request it makes and
every console error), and waiting for an iframe's document by its events rather than by time."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Frame, Page


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


def loaded_iframe(page: Page, selector: str, url: str) -> Frame:
    """The frame of the iframe ``selector`` once it has navigated to ``url`` and fired ``load``.

    A lookup by frame name looks once and may find nothing: a frame's name is known only after its
    first navigation commits, which can be later than the iframe element appears. Here each step
    waits for its own event: the element, its content frame, the navigation, the load."""
    handle = page.wait_for_selector(selector, state="attached")
    frame = handle.content_frame()
    assert frame is not None, f"{selector} is not an iframe with a document"
    frame.wait_for_url(url, wait_until="load")
    return frame
