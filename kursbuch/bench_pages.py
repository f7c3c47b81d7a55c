"""The benchmark's page figures: when can a learner first click, and what has to arrive before.

A page's figure is its **first possible click**: the later of the first contentful paint (nothing
can be clicked that is not on the screen) and the moment the first activity accepts input (the
engine's ``kursbuch-interactive`` mark, set when the page's activities are mounted). A real click
cross-checks it: Playwright clicks the first option of the page's first activity as soon as it can,
and the time the page received that click (and the option was checked) is reported beside it.

Each figure is measured for the course's module page, the SCORM launch page of the same module
(its package unpacked, no LMS: the runtime keeps the state in the browser) and a **yardstick**:
one file with the same body, the engine and its CSS inline, the smallest page the same content
allows. Every page in two network/CPU profiles (``fast``: this machine unthrottled; ``slow``: an
office laptop on a weak line, CPU 4× slower through CDP ``Emulation.setCPUThrottlingRate`` and a
Fast-3G-like network through ``Network.emulateNetworkConditions``) and with the server's gzip on
and off. The server is a small local one: with gzip on it answers a request that accepts gzip with
the precompressed ``.gz`` beside a file, or compresses the file itself, as a web server does.
Each load is in a fresh browser context (a cold cache).
"""

from __future__ import annotations

import functools
import gzip
import html
import http.server
import statistics
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import assets
from .export.pages import PageSource, load_pages, render_page

# Chromium DevTools' "Fast 3G" preset: 562.5 ms round trip, 1.6 Mbit/s down, 750 kbit/s up (×0.9).
SLOW_NETWORK = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
    "uploadThroughput": 750 * 1000 / 8 * 0.9,
}
SLOW_CPU = 4
PROFILES = ("fast", "slow")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".png": "image/png",
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# What a page tells once it is loaded: first contentful paint, the engine's mark, the real click.
_TIMES = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const mark = performance.getEntriesByName('kursbuch-interactive')[0];
  return {fcp: paint ? paint.startTime : null, mounted: mark ? mark.startTime : null,
          click: window.__kbClick === undefined ? null : window.__kbClick};
}"""
# Installed before any page script: the time the page receives the first click, in its own clock.
_CLICK_CLOCK = (
    "document.addEventListener('click', () => { if (window.__kbClick === undefined) "
    "window.__kbClick = performance.now(); }, true);"
)
FIRST_OPTION = ".kb-activity .kb-option input"


@dataclass
class Load:
    """One page load: milliseconds from navigation start, bytes and requests on the wire."""

    fcp: float
    mounted: float
    click: float
    transferred: int
    requests: int

    @property
    def first_click(self) -> float:
        return max(self.fcp, self.mounted)


@dataclass
class PageResult:
    page: str
    profile: str
    gzip: bool
    loads: list[Load]

    def median(self, field: str) -> float:
        return statistics.median(getattr(load, field) for load in self.loads)


def yardstick(pages_dir: Path, pagename: str, course_title: str) -> str:
    """One self-contained file: ``pagename``'s body (from the build's page JSON) with the engine
    and its CSS inline."""
    page: PageSource = load_pages(pages_dir)[pagename]
    document = render_page(
        title=page.title,
        course_title=course_title,
        body=page.body,
        here="seite.html",
        scorm_config=None,
        tracking_note=None,
    )
    styles = f"<style>{assets.read(assets.PACKAGE_CSS)}{assets.engine_css()}</style>"
    script = f"<script>{assets.inline_script(assets.engine_source())}</script>"
    head = document.index('<link rel="stylesheet"')
    end = document.index("</head>")
    return document[:head] + styles + "\n" + script + "\n" + document[end:]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files over keep-alive HTTP/1.1; with ``gzip`` the ``.gz`` beside a file, else compressed here."""

    protocol_version = "HTTP/1.1"
    use_gzip = False
    compressed: dict[Path, bytes] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        encoded = self.use_gzip and "gzip" in self.headers.get("Accept-Encoding", "")
        if encoded:
            ready = path.with_name(path.name + ".gz")
            if ready.is_file():
                body = ready.read_bytes()
            else:
                if path not in self.compressed:
                    self.compressed[path] = gzip.compress(body, 6)
                body = self.compressed[path]
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(folder: Path, use_gzip: bool) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"use_gzip": use_gzip, "compressed": {}})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _launch_page(package: Path, dest: Path) -> str:
    """Unpack a SCORM package into ``dest``; its launch file's path (from the manifest)."""
    import re

    with zipfile.ZipFile(package) as zf:
        zf.extractall(dest)
    manifest = (dest / "imsmanifest.xml").read_text(encoding="utf-8")
    match = re.search(r'<resource [^>]*href="([^"]+)"', manifest)
    if not match:
        raise RuntimeError(f"{package.name}: no launch file in imsmanifest.xml")
    return html.unescape(match.group(1))


def _one_load(browser: object, url: str, profile: str) -> Load:
    ctx = browser.new_context()  # type: ignore[attr-defined]
    try:
        page = ctx.new_page()
        page.add_init_script(_CLICK_CLOCK)
        if profile == "slow":
            cdp = ctx.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_CPU})
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
        finished: list = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url, wait_until="commit")
        option = page.locator(FIRST_OPTION).first
        option.click(timeout=120_000)  # as soon as Playwright finds it visible, stable and enabled
        if not option.is_checked():
            raise RuntimeError(f"{url}: the real click on the first option did not check it")
        page.wait_for_load_state("load")
        page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0")
        page.wait_for_load_state("networkidle")
        times = page.evaluate(_TIMES)
        size = 0
        for request in finished:
            sizes = request.sizes()
            size += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return Load(times["fcp"], times["mounted"], times["click"], size, len(finished))
    finally:
        ctx.close()


def measure_pages(
    html_dir: Path, pages_dir: Path, scorm_zip: Path, pagename: str, course_title: str, loads: int
) -> list[PageResult]:
    """Every page × profile × gzip, ``loads`` loads each (interleaved, so load drifts hit all alike)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    results: dict[tuple[str, str, bool], PageResult] = {}
    with tempfile.TemporaryDirectory(prefix="kursbuch-bench-pages-") as tmp:
        scorm_dir = Path(tmp) / "scorm"
        launch = _launch_page(scorm_zip, scorm_dir)
        yard_dir = Path(tmp) / "yardstick"
        yard_dir.mkdir()
        (yard_dir / "seite.html").write_text(yardstick(pages_dir, pagename, course_title), encoding="utf-8")
        sites = {
            "course": (html_dir, f"{pagename}.html"),
            "scorm": (scorm_dir, launch),
            "yardstick": (yard_dir, "seite.html"),
        }
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                for use_gzip in (False, True):
                    with serve_all(sites, use_gzip) as urls:
                        for _ in range(loads):
                            for profile in PROFILES:
                                for name, url in urls.items():
                                    key = (name, profile, use_gzip)
                                    result = results.setdefault(key, PageResult(name, profile, use_gzip, []))
                                    result.loads.append(_one_load(browser, url, profile))
            finally:
                browser.close()
    return list(results.values())


@contextmanager
def serve_all(sites: dict[str, tuple[Path, str]], use_gzip: bool) -> Iterator[dict[str, str]]:
    with serve(sites["course"][0], use_gzip) as a, serve(sites["scorm"][0], use_gzip) as b:
        with serve(sites["yardstick"][0], use_gzip) as c:
            bases = {"course": a, "scorm": b, "yardstick": c}
            yield {name: bases[name] + path for name, (_, path) in sites.items()}
