"""``kursbuch live`` as a trainer starts it: on 127.0.0.1 unless ``--host`` opens it, then with a
printed warning and the machine's network address in the printed URLs (and so in the QR code)."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

from livekit import LiveServer, fixture_course

from kursbuch.live.app import STATIC


def test_host_opens_the_server_with_a_warning(tmp_path: Path):
    html = fixture_course(tmp_path / "html")
    local = LiveServer(html, "m90-s1", state=tmp_path / "a.sqlite3")
    opened = LiveServer(html, "m90-s1", state=tmp_path / "b.sqlite3", host="0.0.0.0")
    try:
        local.start()
        assert local.join.startswith("http://127.0.0.1:") and not any("WARNING" in line for line in local.output())
        pages_share_one_transport(local)
        opened.start()
        assert any("WARNING: the live server is open to the network on 0.0.0.0" in line for line in opened.output())
        with urllib.request.urlopen(f"http://127.0.0.1:{opened.port}/j/{opened.code}", timeout=20) as resp:
            page = resp.read().decode()
            assert resp.status == 200 and 'lang="de"' in page and "Datenschutz" in page
            assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    finally:
        local.stop()
        opened.stop()


def pages_share_one_transport(server: LiveServer) -> None:
    """The participant's and the presenter's page carry the one WebSocket/long-polling transport
    (``static/transport.js``), each in a script the page's CSP nonce allows, and no copy of it."""
    transport = (STATIC / "transport.js").read_text(encoding="utf-8")
    for url in (server.join, server.presenter.split("#", 1)[0]):
        with urllib.request.urlopen(url, timeout=20) as resp:
            page, csp = resp.read().decode(), resp.headers["Content-Security-Policy"]
        nonce = re.search(r"'nonce-([^']+)'", csp).group(1)  # type: ignore[union-attr]
        scripts = re.findall(r'<script nonce="([^"]+)">(.*?)</script>', page, flags=re.S)
        assert scripts and all(n == nonce for n, _ in scripts), url
        assert [body for _, body in scripts].count(transport) == 1, url
        assert page.count("new WebSocket(") == 1 and page.count("new XMLHttpRequest(") == 1, url
