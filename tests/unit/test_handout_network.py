"""Handouts make no request to another host and link into the published course, never into the build machine.

WeasyPrint renders a document that asks for images from another host (``https://``, ``//``), from a
file outside the course folder and from inside it: only the course's own file is opened. Links to
course pages point to ``kursbuch: handouts: course_url`` (or print as text without it), never ``file:``.
"""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kursbuch.handouts import _for_pdf, course_fetcher, fetch_allowed

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201"
    "c5a1a3a50000000049454e44ae426082"
)


def test_the_fetcher_opens_only_the_course_s_own_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from weasyprint import HTML

    root = tmp_path / "kurs"
    (root / "media").mkdir(parents=True)
    (root / "media" / "a.png").write_bytes(PNG)
    (tmp_path / "fremd.png").write_bytes(PNG)
    opened: list[str] = []
    real_open = urllib.request.OpenerDirector.open

    def recording_open(self, url, *args, **kwargs):
        opened.append(url if isinstance(url, str) else url.full_url)
        return real_open(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", recording_open)
    document = (
        '<html lang="de"><body><img src="https://evil.example/a.png" alt="a"><img src="//evil.example/b.png" alt="b">'
        f'<img src="{(tmp_path / "fremd.png").as_uri()}" alt="c"><img src="media/a.png" alt="d">'
        '<p style="background: url(http://evil.example/c.png)">x</p></body></html>'
    )
    HTML(string=document, base_url=root.as_uri() + "/", url_fetcher=course_fetcher(root)).write_pdf(tmp_path / "h.pdf")
    assert opened == [(root / "media" / "a.png").as_uri()]


def test_fetch_allowed():
    root = Path("/srv/kurs")
    assert fetch_allowed("data:image/png;base64,AAAA", root)
    assert fetch_allowed("file:///srv/kurs/media/a.png", root)
    assert not fetch_allowed("file:///srv/kurs/../geheim.png", root)
    assert not fetch_allowed("file:///etc/passwd", root)
    assert not fetch_allowed("file://evil.example/srv/kurs/a.png", root)  # a host in a file URL: a network share
    assert not fetch_allowed("https://evil.example/a.png", root)
    assert not fetch_allowed("ftp://evil.example/a.png", root)


PAGE = (
    '<html><body><p><a href="../glossar.html#term-agg">AGG</a> <a href="m02.html">Modul 2</a> '
    '<a href="../../geheim.html">x</a> <a href="https://gesetz.example/">Gesetz</a></p></body></html>'
)


def hrefs(document: str) -> list[str]:
    return [a["href"] for a in BeautifulSoup(document, "html.parser").find_all("a")]


def test_course_links_point_into_the_published_course():
    out = hrefs(_for_pdf(PAGE, "modules/m01", "https://lernen.musterstadt.example/kurs"))
    assert out == [
        "https://lernen.musterstadt.example/kurs/glossar.html#term-agg",
        "https://lernen.musterstadt.example/kurs/modules/m02.html",
        "https://gesetz.example/",
    ]


def test_without_a_course_address_course_links_print_as_text():
    document = _for_pdf(PAGE, "modules/m01", None)
    assert hrefs(document) == ["https://gesetz.example/"]
    assert "AGG" in document and "file:" not in document
