"""Content that could run script or make a learner's browser call another host is refused at ``check``.

The course promises two things every page keeps: no script but the course's own runs, and no request
leaves the course (``README.md``). Quiz texts are Markdown rendered without raw HTML
(:mod:`kursbuch.core.markdown`); MyST pages would pass raw HTML through, so the Sphinx adapter
switches it off (``kursbuch/adapters/content_security.py``) and this module tells the author, at the
line, what to write instead. Refused, each with file and line:

- raw HTML in a page (``<div>``, ``<script>``, ``<!-- -->``), and ``{raw}``/``{eval-rst}`` blocks: there
  is a Markdown or MyST way for everything a course page needs, and raw HTML is how script gets in;
- a link or image address with a script scheme (``javascript:``, ``vbscript:``, ``data:``, ``file:``);
- an image, figure, video, audio or iframe loaded from another host (``https://…``, ``//…``) in a page
  or in quiz text, and a font, image or stylesheet a stylesheet of the course (``_static/*.css``) loads
  from another host: it would be requested as soon as the page opens; copy the file into the course.

Links to other hosts stay allowed (a learner decides to follow them). Wherever one is shown (module
pages and the glossary through the Sphinx adapter, quiz texts through :mod:`kursbuch.core.markdown`,
package pages through :mod:`kursbuch.export.pages`) it gets the same :func:`external_attrs` and
:data:`EXTERNAL_MARK`: ``rel="noopener noreferrer"`` (the other host learns nothing about the course
and gets no handle on its window), ``target="_blank"`` (in an LMS the package runs in a frame that a
followed link would replace, ending the learner's session; the course behaves the same so that a
learner meets one rule) and the visible marker "(externer Link, öffnet in neuem Fenster)", which is
part of the link's accessible name. Each package's data sheet lists them. ``course_value_problems`` refuses control characters in ``_config.yml`` values that are
printed into pages and packages (the course title), which break the XML of a package manifest.

Why switched off rather than sanitized (e.g. with nh3): a sanitizer would still let through what its
allow-list permits (images from anywhere, links with odd schemes, styles) and would silently change a
page; a located message that says what to use instead keeps the source and the course the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .errors import ContentError, ContentErrors, PathPart, display_path
from .source_text import control_char_name, find_control, read_source, shorten

EXTERNAL_MARK_TEXT = "(externer Link, öffnet in neuem Fenster)"
EXTERNAL_MARK = f'<span class="kb-external"> {EXTERNAL_MARK_TEXT}</span>'
SCRIPT_SCHEMES = ("javascript", "vbscript", "data", "file", "livescript")
# Directives that load their argument into the page as soon as it opens.
LOADING_DIRECTIVES = ("image", "figure", "video", "audio", "iframe", "youtube", "include", "literalinclude")
RAW_DIRECTIVES = ("raw", "eval-rst", "eval-rst:", "rst")

HTML_HINT = (
    "use Markdown or a MyST directive instead (e.g. **fett**, [Text](seite.md), :::{note}); "
    "write a comment as a line starting with %"
)
_DIRECTIVE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*\{([\w:.-]+)\}\s*(.*)$")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*)\s*:")


@lru_cache(maxsize=2)
def _parser(html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": html})
    # Every address becomes a token, also the ones markdown-it itself would drop: they are reported.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def scheme(url: str) -> str | None:
    """The lower-case scheme of ``url`` (control characters and blanks removed, as browsers do)."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    m = _SCHEME.match(cleaned)
    return m.group(1).lower() if m else None


def is_outside(url: str) -> bool:
    """``url`` names another host (``https://…``, ``//…``, any scheme): a request would leave the course."""
    cleaned = url.strip()
    return cleaned.startswith(("//", "\\\\", "/\\", "\\/")) or scheme(cleaned) is not None


def is_web_link(url: str) -> bool:
    """``url`` leads to a page of another host on the web (``http:``, ``https:``, ``//…``)."""
    cleaned = url.strip()
    return cleaned.startswith("//") or scheme(cleaned) in ("http", "https")


def external_attrs() -> dict[str, str]:
    """The attributes every link to another host carries (see the module's docstring)."""
    return {"target": "_blank", "rel": "noopener noreferrer"}


def url_problem(url: str, loads: bool) -> str | None:
    """What is wrong with an address in content and what to do; ``loads``: the page fetches it itself."""
    kind = scheme(url)
    if kind in SCRIPT_SCHEMES:
        return (
            f"the address {shorten(url)} uses '{kind}:', which can run script or hide content — "
            "link to a page of the course or to an https:// address"
        )
    if loads and is_outside(url):
        return (
            f"{shorten(url)} would be loaded from another host as soon as the page opens (the course makes no "
            "request to any other host) — copy the file into the course folder and give its relative path"
        )
    return None


def _inline_line(block: Token, before: str) -> int:
    start = block.map[0] + 1 if block.map else 1
    return start + before.count("\n")


def page_problems(text: str, shown: str) -> list[ContentError]:
    """Raw HTML, script addresses and outside media in one MyST page."""
    errors: list[ContentError] = []

    def add(line: int, where: str, message: str) -> None:
        errors.append(ContentError(shown, line, (where,), message))

    for number, line in enumerate(text.splitlines(), 1):
        m = _DIRECTIVE.match(line)
        if not m:
            continue
        name, argument = m.group(2).lower(), m.group(3).strip()
        if name in RAW_DIRECTIVES:
            add(number, f"{{{name}}}", f"a {{{name}}} block passes markup through unchecked — {HTML_HINT}")
        elif name in LOADING_DIRECTIVES and argument:
            problem = url_problem(argument, loads=True)
            if problem:
                add(number, f"{{{name}}}", problem)
    for token in _parser(True).parse(text):
        if token.type == "html_block":
            first = token.map[0] + 1 if token.map else 1
            add(first, "HTML", f"raw HTML {shorten(token.content.strip(), 40)} is switched off in pages — {HTML_HINT}")
        elif token.type == "inline" and token.children:
            errors.extend(_inline_problems(token, shown))
    return errors


def _inline_problems(block: Token, shown: str) -> Iterator[ContentError]:
    content = block.content
    pos = 0
    for child in block.children or []:
        probe = child.content or str(child.attrs.get("href") or child.attrs.get("src") or "")
        if probe:
            found = content.find(probe, pos)
            if found >= 0:
                pos = found
        line = _inline_line(block, content[:pos])
        if child.type == "html_inline":
            yield ContentError(
                shown, line, ("HTML",), f"raw HTML {shorten(child.content, 40)} is switched off in pages — {HTML_HINT}"
            )
        elif child.type == "link_open":
            problem = url_problem(str(child.attrs.get("href", "")), loads=False)
            if problem:
                yield ContentError(shown, line, ("link",), problem)
        elif child.type == "image":
            problem = url_problem(str(child.attrs.get("src", "")), loads=True)
            if problem:
                yield ContentError(shown, line, ("image",), problem)


def text_problems(text: str) -> list[str]:
    """Script addresses and outside images in one quiz text (Markdown without raw HTML)."""
    if "](" not in text and "<" not in text and "]:" not in text:
        return []  # no link, image or autolink: the common case costs no parse
    problems = []
    for block in _parser(False).parse(text):
        for child in block.children or []:
            if child.type == "link_open":
                problem = url_problem(str(child.attrs.get("href", "")), loads=False)
            elif child.type == "image":
                problem = url_problem(str(child.attrs.get("src", "")), loads=True)
            else:
                continue
            if problem:
                problems.append(problem)
    return problems


def data_problems(data: Any, path: tuple[PathPart, ...] = ()) -> Iterator[tuple[tuple[PathPart, ...], str]]:
    """Every text of a quiz file (its validated model dumped to plain data): path and problem."""
    if isinstance(data, str):
        for problem in text_problems(data):
            yield path, problem
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from data_problems(value, (*path, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from data_problems(value, (*path, i))


# Values of _config.yml that are printed into every page, the data sheets and the package manifests.
PRINTED_KEYS = ("title", "author", "copyright")


def course_value_problems(
    data: Any, shown: str, line_of: Callable[[tuple[PathPart, ...]], int | None]
) -> list[ContentError]:
    """Control characters and line breaks in printed ``_config.yml`` values (``line_of(path)``: a key's line)."""
    errors: list[ContentError] = []
    if not isinstance(data, dict):
        return errors
    for key in PRINTED_KEYS:
        value = data.get(key)
        if not isinstance(value, str):
            continue
        found = find_control(value)
        if found is not None:
            errors.append(
                ContentError(
                    shown,
                    line_of((key,)),
                    (key,),
                    f"the value holds the control character {control_char_name(found[2])}, which breaks pages "
                    "and packages — remove it and write the value as plain text",
                )
            )
        elif "\n" in value.strip() or "\r" in value:
            errors.append(
                ContentError(shown, line_of((key,)), (key,), "the value has a line break — write it on one line")
            )
    return errors


# An address a stylesheet loads: url(…) (images, fonts) and @import "…".
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)


def stylesheet_problems(root: Path) -> list[ContentError]:
    """The course's own stylesheets (``_static/**/*.css``, which Jupyter Book links into every page) load
    no font, image or stylesheet from another host."""
    errors: list[ContentError] = []
    for sheet in sorted((root / "_static").rglob("*.css")):
        shown = display_path(sheet, root)
        try:
            text = read_source(sheet, shown)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for m in _CSS_URL.finditer(line):
                problem = url_problem(m.group(2) or m.group(4) or "", loads=True)
                if problem:
                    errors.append(ContentError(shown, number, ("CSS",), problem))
    return errors


def check_pages(root: Path, pages: list[Path] | None = None) -> list[ContentError]:
    """Every course page (or those named): readable (:func:`read_source`) and free of raw HTML, script
    addresses and outside media; the course's own stylesheets (:func:`stylesheet_problems`)."""
    errors: list[ContentError] = stylesheet_problems(root)
    for page in course_pages(root) if pages is None else pages:
        shown = display_path(page, root)
        try:
            text = read_source(page, shown, bom_ok=False)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        errors.extend(_page_problems_cached(text, shown))
    return errors


@lru_cache(maxsize=64)  # `kursbuch watch` checks every page on each rebuild; most did not change
def _page_problems_cached(text: str, shown: str) -> tuple[ContentError, ...]:
    return tuple(page_problems(text, shown))


def course_pages(root: Path) -> list[Path]:
    """The Markdown pages of the course: every top-level page but README.md, and ``modules/*.md``."""
    pages = [p for p in sorted(root.glob("*.md")) if p.name != "README.md"]
    return [*pages, *sorted((root / "modules").glob("*.md"))]
