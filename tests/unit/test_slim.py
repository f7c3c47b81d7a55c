"""Lean pages (kursbuch.slim): which rules a page keeps, url()s, idempotence, precompression."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

from kursbuch import slim

SHEET = """
@import "../basic.css";
.used{color:red}
.unused{color:blue}
.used .unused, .used > p {margin:0}
html[data-theme=dark] .used{color:white}
table.wide{width:100%}
a:not(.nothing):hover{text-decoration:none}
@media (max-width: 40em){.used{padding:0}.unused{padding:1px}}
@media print{.unused{display:none}}
@font-face{font-family:Icons;src:url(../fonts/icons.woff2) format("woff2")}
.icon-bars:before{content:"\\f0c9"}
.icon-sun:before{content:"\\f185"}
.added-by-script{outline:1px solid}
"""
PAGE = """<!DOCTYPE html><html lang="de" data-theme="light"><head>
<link rel="stylesheet" type="text/css" href="../_static/styles/theme.css?v=1" />
<script src="../_static/app.js" defer></script>
</head><body><div class="used"><p>x</p><a href="#">y</a><i class="icon-bars"></i></div></body></html>"""


def _site(tmp_path: Path) -> Path:
    out = tmp_path / "html"
    (out / "_static" / "styles").mkdir(parents=True)
    (out / "_static" / "styles" / "theme.css").write_text(SHEET, encoding="utf-8")
    (out / "_static" / "basic.css").write_text("body{margin:0}.basic-unused{margin:1px}", encoding="utf-8")
    (out / "_static" / "app.js").write_text("el.classList.add('added-by-script');", encoding="utf-8")
    (out / "modules").mkdir()
    (out / "modules" / "m01.html").write_text(PAGE, encoding="utf-8")
    return out


def test_requirements_of_selectors():
    assert slim.requirements(".a .b > p") == {".a", ".b", "p"}
    assert slim.requirements("html[data-theme=dark] .x:hover::before") == {"html", "[data-theme", ".x"}
    assert slim.requirements("a:not(.nothing)") == {"a"}
    assert slim.requirements(":root") == frozenset()
    assert slim.requirements(".md\\:flex") == {".md:flex"}


def test_page_keeps_only_rules_it_can_use(tmp_path):
    out = _site(tmp_path)
    page = out / "modules" / "m01.html"
    glyphs = slim.inline_styles(out, [page], tmp_path / "cache")
    text = page.read_text(encoding="utf-8")
    assert '<link rel="stylesheet"' not in text
    assert '<style data-kb-from="../_static/styles/theme.css?v=1">' in text
    style = text.split("<style", 1)[1].split("</style>", 1)[0]
    for kept in (
        "body{margin:0}",  # the @import, inline
        ".used{color:red}",
        ".used > p{margin:0}",
        "html[data-theme=dark] .used{color:white}",
        "a:not(.nothing):hover",
        "@media (max-width: 40em){.used{padding:0}}",
        ".icon-bars:before",
        ".added-by-script",  # named in a script the page loads
        'url("../_static/fonts/icons.woff2")',  # relative to the page now
    ):
        assert kept in style, kept
    for dropped in (".unused{", ".basic-unused", "table.wide", "@media print", ".icon-sun"):
        assert dropped not in style, dropped
    assert glyphs == {"\uf0c9"}
    again = tmp_path / "again.html"
    again.write_text(text, encoding="utf-8")
    slim.inline_styles(out, [page], tmp_path / "cache")  # a rewritten page is rewritten to the same
    assert page.read_text(encoding="utf-8") == text


def test_precompressed_files_hold_the_same_bytes(tmp_path):
    out = _site(tmp_path)
    big = out / "_static" / "big.js"
    big.write_text("var a = 1;\n" * 500, encoding="utf-8")
    small = out / "_static" / "small.js"
    small.write_text("var b;", encoding="utf-8")
    assert slim.precompress(out, tmp_path / "cache") > 0
    assert gzip.decompress((out / "_static" / "big.js.gz").read_bytes()) == big.read_bytes()
    assert brotli.decompress((out / "_static" / "big.js.br").read_bytes()) == big.read_bytes()
    assert not (out / "_static" / "small.js.gz").exists()  # too small to gain anything
    assert slim.precompress(out, tmp_path / "cache") == 0  # unchanged files: nothing compressed anew
    big.write_text("var a = 2;\n" * 500, encoding="utf-8")
    slim.precompress(out, tmp_path / "cache")
    assert gzip.decompress((out / "_static" / "big.js.gz").read_bytes()) == big.read_bytes()


def test_a_page_rebuilt_after_a_text_edit_is_reduced_without_parsing_a_sheet(tmp_path, monkeypatch):
    out = _site(tmp_path)
    page = out / "modules" / "m01.html"
    other = out / "modules" / "m02.html"
    other.write_text(PAGE.replace("<p>x</p>", '<p id="m02-eigen">anderer Text</p>'), encoding="utf-8")
    slim.inline_styles(out, [page, other], tmp_path / "cache")
    # same classes and elements, other text and ids: one reduction serves both
    assert len(list((tmp_path / "cache" / "reduced").glob("*.json"))) == 1
    before = page.read_text(encoding="utf-8")
    page.write_text(PAGE.replace("<p>x</p>", "<p>x, bearbeitet</p>"), encoding="utf-8")

    def no_parsing(*args, **kwargs):
        raise AssertionError("a sheet was parsed or unpickled")

    monkeypatch.setattr(slim, "parse_sheet", no_parsing)
    monkeypatch.setattr(slim.pickle, "loads", no_parsing)
    glyphs = slim.inline_styles(out, [page], tmp_path / "cache")  # a new process: nothing in memory
    assert glyphs == {"\uf0c9"}
    assert page.read_text(encoding="utf-8") == before.replace("<p>x</p>", "<p>x, bearbeitet</p>")


def test_precompress_reads_only_changed_files(tmp_path, monkeypatch):
    out = _site(tmp_path)
    (out / "_static" / "big.js").write_text("var a = 1;\n" * 500, encoding="utf-8")
    slim.precompress(out, tmp_path / "cache")
    read: list[str] = []
    real = Path.read_bytes

    def reading(self: Path) -> bytes:
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", reading)
    (out / "_static" / "app.js").write_text("el.classList.add('x');\n" * 100, encoding="utf-8")
    assert slim.precompress(out, tmp_path / "cache") == 2  # .gz and .br of the changed file
    assert "big.js" not in read and "app.js" in read
