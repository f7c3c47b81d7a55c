"""Browser fixtures: Debian's chromium driven by Playwright, the built course served on 127.0.0.1.

Every page records each request it makes; requests to any other host are aborted
(the network is "cut") and reported by ``outside_requests``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from pagekit import Recorder, serve

from kursbuch.bench_pages import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"
ARGS = CHROMIUM_ARGS  # the same flags the benchmark launches chromium with


@pytest.fixture(scope="session")
def served(built_course: Path):
    """Base URL of the built course on a local HTTP server."""
    with serve(built_course) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run the tests through scripts/test.sh"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    rec = Recorder()

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:", "file:")) or host in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            r.abort()  # the network is cut: nothing may leave this machine

    ctx.route("**/*", route)
    ctx.recorder = rec
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    pg = context.new_page()
    rec = context.recorder
    pg.on("request", lambda r: rec.requests.append(r.url))
    pg.on("console", lambda m: rec.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: rec.errors.append(f"pageerror: {e}"))
    pg.recorder = rec
    return pg
