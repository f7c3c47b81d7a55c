"""The built course's pages: style rules inline and reduced, a small icon font, .gz/.br beside each text file,
and a sidebar that marks each page's own entry (rendered once per folder, kursbuch.adapters.shared_sidebar)."""

from __future__ import annotations

import gzip
import re

import brotli


def test_pages_need_no_style_sheet_request_before_their_first_paint(built_course):
    theme = (built_course / "_static" / "styles" / "pydata-sphinx-theme.css").stat().st_size
    for page in built_course.rglob("*.html"):
        if page.relative_to(built_course).parts[0] == "_static":
            continue  # the theme's template files, not pages
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert not re.search(r"<link\b[^>]*rel=\"stylesheet\"", head), page
        styles = re.findall(r"<style data-kb-from=\"[^\"]+\">(.*?)</style>", head, flags=re.S)
        assert styles, page
        assert sum(map(len, styles)) < theme / 2, page  # reduced, not the theme's whole sheet


def test_icon_font_holds_only_the_icons_shown(built_course):
    font = built_course / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
    assert 0 < font.stat().st_size < 20_000  # the theme's full font: 156 KB


def test_precompressed_copies_beside_pages_and_static_files(built_course):
    m01 = built_course / "modules" / "m01.html"
    for path in (m01, built_course / "_static" / "kursbuch-engine.css"):
        data = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data
    assert len(m01.with_name("m01.html.gz").read_bytes()) < len(m01.read_bytes()) / 3


def test_each_page_marks_its_own_sidebar_entry(built_course):
    for page in sorted((built_course / "modules").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        nav = text.split('aria-label="Kursnavigation"', 1)[1].split("</nav>", 1)[0]
        current = re.findall(
            r'<li class="toctree-l1 current active"><a class="current reference internal" href="#">', nav
        )
        assert len(current) == 1, page
        assert f'href="{page.name}"' not in nav, page  # its own entry is the current one, not a link
        others = sorted(p.name for p in page.parent.glob("*.html") if p != page and p.suffix == ".html")
        for other in others:
            if f"modules/{other[:-5]}" in (built_course.parent.parent / "_toc.yml").read_text(encoding="utf-8"):
                assert f'href="{other}"' in nav, (page, other)
