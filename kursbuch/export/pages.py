"""Package pages: a module's built body wrapped into a light, self-contained HTML page.

The Sphinx adapter keeps every page's title and body (``kursbuch-pages/*.json``). Here a body
gets its links rewritten for the package: links to pages that travel along are pointed at their
package path, links to anything else (other course pages, other hosts) become plain text, so
no link leads out of the package. The page template carries only the package's own CSS and
scripts; in a SCO it holds the SCORM settings and a status line for the LMS connection.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

ASSETS = "assets"


@dataclass(frozen=True)
class PageSource:
    pagename: str
    title: str
    body: str


def load_pages(folder: Path) -> dict[str, PageSource]:
    pages = {}
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        pages[data["pagename"]] = PageSource(data["pagename"], data["title"], data["body"])
    return pages


def _attr(tag: Tag, name: str) -> str:
    """An attribute as text (bs4 types multi-valued attributes, such as class, as lists)."""
    value = tag.get(name)
    return value if isinstance(value, str) else " ".join(value or [])


def linked_pages(page: PageSource) -> set[str]:
    """Course pages (by pagename) that ``page`` links to."""
    soup = BeautifulSoup(page.body, "html.parser")
    found = set()
    for a in soup.find_all("a", href=True):
        target = _internal_target(page.pagename, _attr(a, "href"))
        if target:
            found.add(target[0])
    return found


def _internal_target(pagename: str, href: str) -> tuple[str, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or not parts.path.endswith(".html"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), parts.path))
    return path[: -len(".html")], parts.fragment


def rewrite_body(page: PageSource, here: str, placed: dict[str, str]) -> str:
    """``page``'s body for the package file ``here``; ``placed`` maps pagenames to package paths."""
    soup = BeautifulSoup(page.body, "html.parser")
    for a in soup.find_all("a", href=True):
        href = _attr(a, "href")
        if href.startswith("#"):
            continue
        target = _internal_target(page.pagename, href)
        if target and target[0] in placed:
            rel = posixpath.relpath(placed[target[0]], posixpath.dirname(here) or ".")
            a["href"] = rel + (f"#{target[1]}" if target[1] else "")
            continue
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto"):
            # Leaving the package is the learner's choice: the address stays readable, not clickable.
            a.insert_after(NavigableString(f" ({parts.geturl().removeprefix('mailto:')})"))
        a.unwrap()
    for tag in [*soup.find_all(src=True), *soup.find_all("link", href=True)]:
        value = _attr(tag, "src") or _attr(tag, "href")
        if not value.startswith("data:"):
            raise ValueError(
                f"page {page.pagename}: <{tag.name}> loads {value}; pages that embed files cannot be exported yet: "
                "remove the file from the page or extend kursbuch/export/pages.py"
            )
    return str(soup)


def render_page(
    *,
    title: str,
    course_title: str,
    body: str,
    here: str,
    scorm_config: dict[str, object] | None,
    tracking_note: str | None,
    runtime_scripts: Sequence[str] = (),
    legal_links: Sequence[tuple[str, str]] = (),
) -> str:
    """A complete package page. ``here`` is its path in the package (for relative asset links).

    A launch page (``scorm_config`` given) loads ``runtime_scripts`` (file names in the package's
    asset folder: the export target's files, then the runtime) in order before the engine.
    ``legal_links`` (package path, title) are the legal pages the footer links to."""
    prefix = posixpath.relpath(ASSETS, posixpath.dirname(here) or ".")
    head_scripts = ""
    if scorm_config is not None:
        cfg = json.dumps(scorm_config, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
        runtime = "".join(f'<script src="{prefix}/{name}"></script>\n' for name in runtime_scripts)
        head_scripts = (
            f'<script type="application/json" id="kb-scorm-config">{cfg}</script>\n'
            f"{runtime}"
            f'<script defer src="{prefix}/kursbuch-engine.js"></script>\n'
        )
    status = '<p id="kb-lms-status" class="kb-lms-status" role="status"></p>\n' if scorm_config is not None else ""
    note = f'<p class="kb-tracking">{html.escape(tracking_note)}</p>\n' if tracking_note else ""
    if legal_links:
        items = "".join(
            f'<li><a href="{html.escape(posixpath.relpath(path, posixpath.dirname(here) or "."))}">{html.escape(title)}</a></li>'
            for path, title in legal_links
        )
        note += f'<nav class="kb-legal-links" aria-label="Barrierefreiheit und Datenschutz"><ul>{items}</ul></nav>\n'
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{html.escape(_plain_text(title))} – {html.escape(course_title)}</title>
<script>document.documentElement.dataset.theme = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";</script>
<link rel="stylesheet" href="{prefix}/kursbuch-package.css">
<link rel="stylesheet" href="{prefix}/kursbuch-engine.css">
{head_scripts}</head>
<body>
<header class="kb-page-header"><a class="kb-skip" href="#inhalt">Zum Inhalt springen</a>
<p class="kb-course-title">{html.escape(course_title)}</p>
{status}</header>
<main id="inhalt" tabindex="-1">
{body}
</main>
<footer class="kb-page-footer">
{note}</footer>
</body>
</html>
"""


def _plain_text(fragment: str) -> str:
    return BeautifulSoup(fragment, "html.parser").get_text()
