"""Package pages: a module's built body wrapped into a light, self-contained HTML page.

The Sphinx adapter keeps every page's title and body (``kursbuch-pages/*.json``). Here a body
gets its links rewritten for the package: links to pages that travel along are pointed at their
package path; links to other hosts stay links a learner may follow, marked as in the course (a new
window, no referrer, "(externer Link, öffnet in neuem Fenster)", see
:mod:`kursbuch.core.content_security`), and :func:`outside_links` lists them, with those in quiz
texts, for the data sheet; links to course pages that are not in the package become plain text.
The page template carries only the package's own CSS and scripts; in a SCO it holds the SCORM
settings, a status line for the LMS connection, a line for notes about restored data and the
button that deletes the learner's browser copy.

A launch page carries its scripts inline (the export target's files, the runtime, the engine), in
that order: nothing holds up parsing to fetch a file. A script at the end of the body mounts the
activities, and ``<link rel="expect" blocking="render">`` holds the first paint until it has run,
so the page is first painted with working activities.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from ..assets import inline_script
from ..core.content_security import EXTERNAL_MARK, external_attrs, is_web_link

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
        if is_web_link(href):  # leaving the package is the learner's choice, in a window of its own
            for name, value in external_attrs().items():
                a[name] = value
            if a.find(class_="kb-external") is None:
                a.append(BeautifulSoup(EXTERNAL_MARK, "html.parser"))
            continue
        parts = urlsplit(href)
        if parts.scheme == "mailto":  # the address stays readable, once: after a name, not after itself
            address = unquote(parts.path)
            if a.get_text().strip() != address:
                a.insert_after(NavigableString(f" ({address})"))
        a.unwrap()
    for tag in [*soup.find_all(src=True), *soup.find_all("link", href=True)]:
        value = _attr(tag, "src") or _attr(tag, "href")
        if not value.startswith("data:"):
            raise ValueError(
                f"{page.pagename}.md: <{tag.name}>: loads {value}, and pages that embed files cannot be exported "
                "yet — remove the file from the page or extend kursbuch/export/pages.py"
            )
    return str(soup)


def outside_links(html_text: str) -> list[str]:
    """Every address of another host a learner can follow from a page (its HTML): its links and those
    in the quiz and case texts (the activities' specs), in order of appearance, each once."""
    soup = BeautifulSoup(html_text, "html.parser")
    found = [_attr(a, "href") for a in soup.find_all("a", href=True)]
    for spec in soup.select("script.kb-spec"):
        for text in _strings(json.loads(spec.get_text())):
            if "<a " in text:
                found += [_attr(a, "href") for a in BeautifulSoup(text, "html.parser").find_all("a", href=True)]
    return list(dict.fromkeys(h for h in found if is_web_link(h)))


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []


def render_page(
    *,
    title: str,
    course_title: str,
    body: str,
    here: str,
    scorm_config: dict[str, object] | None,
    tracking_note: str | None,
    scripts: Sequence[str] = (),
    legal_links: Sequence[tuple[str, str]] = (),
    in_shell: bool = False,
) -> str:
    """A complete package page. ``here`` is its path in the package (for relative asset links).

    A launch page (``scorm_config`` given) carries ``scripts`` (JavaScript sources: the export
    target's files, the runtime, the engine) inline, in this order. ``legal_links`` (package path,
    title) are the legal pages the footer links to. ``in_shell``: a module page shown in a course
    shell (kursbuch/export/course_sco.py), whose header already shows the course title and the
    button that deletes the browser copies of every module: the page leaves out its own."""
    prefix = posixpath.relpath(ASSETS, posixpath.dirname(here) or ".")
    head_scripts = ""
    if scorm_config is not None:
        cfg = json.dumps(scorm_config, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
        inline = "".join(f"<script>\n{inline_script(source)}</script>\n" for source in scripts)
        # Rendering waits until #kb-mounted is parsed, and the script just before it has mounted every
        # activity: the first paint already shows them working (browsers without rel=expect mount them
        # at the same point, and may paint before).
        head_scripts = (
            f'<script type="application/json" id="kb-scorm-config">{cfg}</script>\n{inline}'
            '<link rel="expect" href="#kb-mounted" blocking="render">\n'
        )
        # A target that first fetches the learner's state (cmi5) holds the mount until it has it.
        mount = (
            "<script>if (!window.KURSBUCH_NO_AUTOMOUNT) KursbuchEngine.autoMount();</script>"
            '<span id="kb-mounted"></span>\n'
        )
    else:
        mount = ""
    # In the course shell the shell's own status line speaks for the module shown (connection,
    # practice mode); the module page keeps only its note on dropped data.
    status = (
        f'<p id="kb-lms-status" class="kb-lms-status" role="status"{" hidden" if in_shell else ""}></p>\n'
        '<p id="kb-lms-note" class="kb-lms-status" role="status" hidden></p>\n'
        f'<p class="kb-lms-forget"{" hidden" if in_shell else ""}><button type="button" id="kb-forget" class="kb-btn" hidden>'
        "Meine Daten in diesem Browser löschen</button></p>\n"
        if scorm_config is not None
        else ""
    )
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
{"" if in_shell else f'<p class="kb-course-title">{html.escape(course_title)}</p>{chr(10)}'}{status}</header>
<main id="inhalt" tabindex="-1">
{body}
</main>
<footer class="kb-page-footer">
{note}</footer>
{mount}</body>
</html>
"""


def _plain_text(fragment: str) -> str:
    return BeautifulSoup(fragment, "html.parser").get_text()
