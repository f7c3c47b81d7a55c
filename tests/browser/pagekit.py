"""Recording what a page does: every request it makes and every console error."""

from __future__ import annotations

from urllib.parse import urlparse


class Recorder:
    """Requests and console problems of one browser context."""

    def __init__(self):
        self.requests: list[str] = []
        self.errors: list[str] = []

    def outside_requests(self) -> list[str]:
        local = {"127.0.0.1", "localhost", ""}
        return [u for u in self.requests if urlparse(u).hostname not in local and not u.startswith(("data:", "blob:", "file:"))]
