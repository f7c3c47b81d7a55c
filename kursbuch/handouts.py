"""Printable handouts per module (PDF, A4, German hyphenation), made with WeasyPrint.

- ``<module>-teilnehmende.pdf``: learning objectives, key points, the case (situations and choices,
  no feedback, so a group can decide), the quiz items whose type prints for participants (e.g. the
  reflection questions) and the sources; a section the course names in ``handouts: checklists``
  (e.g. a one-page "Arbeitshilfe") starts a new page and prints its bullet lists with boxes to tick;
- ``<module>-trainerleitfaden.pdf``: the trainer notes (90-minute plan, prompts, content notes), the
  decision map, the debrief of every ending and the quiz items whose type prints for trainers.

How a quiz item prints is its type's ``handout`` hook (``kursbuch/items/<type>``): an entry under a
section heading, or nothing; the entries of one section are printed together, in course order.

Every PDF is tagged PDF/UA-1 (WeasyPrint's ``pdf/ua-1`` variant): a structure tree with headings,
lists, tables and links, the decision map as a figure with alternative text, /Lang de, the title
displayed. Making them sends no request to any host (:func:`course_fetcher`: data: addresses and files
inside the course folder only), and no link points into the build machine: a link to a course page
(the glossary) points into the published course at ``kursbuch: handouts: course_url`` or, without
that key, prints as text.

Texts come from the trainer edition's pages (kept by the Sphinx adapter) and from the validated
course; ``build_handouts`` writes into ``_build/handouts`` only when every PDF was made.
"""

from __future__ import annotations

import base64
import html
import json
import posixpath
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse
from urllib.request import url2pathname

from bs4 import BeautifulSoup

from .build import publish
from .core import decision_map
from .core.course_settings import TRAINER_NOTES, course_title
from .core.itemtype import HandoutEntry
from .core.model import ModuleActivities
from .core.project import Course, toc_modules
from .core.render import markdown
from .export.pages import load_pages
from .export.run import ExportError
from .items import BY_NAME, TYPES
from .paths import BuildPaths

CSS = """
@page { size: A4; margin: 2cm 2cm 2.2cm;
  @bottom-left { content: "__COURSE_TITLE__"; font-size: 8pt; color: #4b5563; }
  @bottom-right { content: "Seite " counter(page) " von " counter(pages); font-size: 8pt; color: #4b5563; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.45; color: #111827; }
body { hyphens: auto; text-align: left; }
h1 { font-size: 18pt; margin: 0 0 4pt; hyphens: manual; }
h2 { font-size: 13pt; margin: 16pt 0 6pt; border-bottom: 1pt solid #6b7280; padding-bottom: 2pt; break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
.kind { font-size: 11pt; color: #374151; margin: 0 0 12pt; }
.note { border-left: 3pt solid #8a5300; background: #fff8e6; padding: 4pt 8pt; }
.situation { break-inside: avoid; margin-bottom: 8pt; }
ol.choices li { margin: 2pt 0; }
.map svg { width: 100%; height: auto; }
/* A checklist section (kursbuch: handouts: checklists) is one page of its own to take to the office:
   its bullet lists get a box to tick (a list marker, so the PDF still tags a list with labels). */
.checklist { break-before: page; }
.checklist ul { list-style-type: "☐\\2002"; padding-left: 1.4em; }
.checklist li { margin: 4pt 0; break-inside: avoid; }
.checklist li p { margin: 0; }
a { color: inherit; text-decoration: none; }
a.headerlink { display: none; }
"""
# Each item type styles its own printed form.
CSS += "".join(t.handout_css for t in TYPES)


def _sections(body: str) -> dict[str, str]:
    """Inner HTML of each second-level section of a page, by its heading text."""
    soup = BeautifulSoup(body, "html.parser")
    for a in soup.select("a.headerlink"):
        a.decompose()
    out = {}
    notes = soup.select_one(".kb-trainer-notes")
    if notes is not None:  # taken out first: trainer notes never reach the participants' handout
        notes.extract()
        title = notes.select_one(".admonition-title")
        if title is not None:
            title.decompose()
        out["{trainer-notes}"] = notes.decode_contents()
    for section in soup.find_all("section"):
        h2 = section.find("h2", recursive=False)
        if h2 is None:
            continue
        title = h2.get_text().strip()
        h2.decompose()
        for inner in section.find_all("div", class_="cell"):
            inner.decompose()
        out[title] = section.decode_contents()
    return out


def _doc(title: str, kind: str, body: str) -> str:
    # lang and title become the PDF's /Lang and its displayed title (PDF/UA-1).
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{html.escape(title)} – {kind}</title>'
        f'<meta name="author" content="Kursbuch"><style>{CSS}</style></head>'
        f'<body><h1>{html.escape(title)}</h1><p class="kind">{kind}</p>{body}</body></html>'
    )


def course_fetcher(root: Path) -> Any:
    """WeasyPrint's URL fetcher for the handouts: ``data:`` addresses and files inside ``root``; any
    other address (another host, ``file://host/…``, a file elsewhere on the machine) is refused (WeasyPrint
    reports it as a warning and leaves the resource out)."""
    from weasyprint.urls import URLFetcher

    class CourseFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not fetch_allowed(url, root):
                raise ValueError(f"handouts load only the course's own files, not {url[:80]}")
            return super().fetch(url, headers)

    return CourseFiles(allowed_protocols={"file", "data"})


def fetch_allowed(url: str, root: Path) -> bool:
    parts = urlparse(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(url2pathname(parts.path)).resolve().is_relative_to(root.resolve())


def _for_pdf(document: str, pagename: str = "", course_url: str | None = None) -> str:
    """The handout as the tagged PDF gets it.

    - Links to course pages (``../glossar.html#…``, relative to ``pagename``) point into the published
      course at ``course_url``, or become plain text without it: in a PDF they could otherwise only
      point into the machine that built it. Links to the web and e-mail addresses stay links.
    - Each inline SVG (the decision map) becomes an image with its title as alternative text, so that
      the PDF tags it as one figure with alternative text (its text version follows in the handout).
    """
    soup = BeautifulSoup(document, "html.parser")
    for a in soup.find_all("a"):
        href = str(a.get("href") or "")
        parts = urlparse(href)
        if parts.scheme in ("http", "https", "mailto"):
            continue
        if course_url and not parts.scheme and not parts.netloc and parts.path.endswith(".html"):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), parts.path))
            if not path.startswith("../"):
                a["href"] = urljoin(course_url.rstrip("/") + "/", path) + (
                    f"#{parts.fragment}" if parts.fragment else ""
                )
                continue
        a.unwrap()
    for svg in soup.find_all("svg"):
        title = svg.find("title")
        alt = title.get_text(" ", strip=True) if title else "Grafik"
        data = base64.b64encode(str(svg).encode("utf-8")).decode("ascii")
        svg.replace_with(soup.new_tag("img", attrs={"src": f"data:image/svg+xml;base64,{data}", "alt": alt}))
    return str(soup)


def _situation(heading: str, *blocks: str) -> str:
    """One step of a case as a boxed section: its heading, then its text blocks."""
    return f'<div class="situation"><h3>{heading}</h3>{"".join(blocks)}</div>'


def item_sections(model: ModuleActivities, trainer: bool) -> str:
    """The quiz items of a module as their types print them, grouped under their section headings."""
    sections: dict[str, list[HandoutEntry]] = {}
    for quiz in model.quizzes:
        for item in quiz.items:
            entry = BY_NAME[item.type].handout(item, trainer)
            if entry is not None:
                sections.setdefault(entry.section, []).append(entry)
    out = []
    for title, entries in sections.items():
        out.append(f"<h2>{html.escape(title)}</h2>")
        numbered = "".join(f"<li>{e.html}</li>" for e in entries if e.numbered)
        if numbered:
            out.append(f"<ol>{numbered}</ol>")
        out += [e.html for e in entries if not e.numbered]
    return "".join(out)


def _section(name: str, sections: dict[str, str], checklists: list[str] | None = None) -> str:
    """A section of the module page, reprinted under its own heading (the trainer notes under a fixed one);
    a section the course names in ``handouts.checklists`` starts a page and its lists get boxes."""
    heading = "Ablauf und Hinweise für den Workshop" if name == TRAINER_NOTES else html.escape(name)
    printed = f"<h2>{heading}</h2>{sections.get(name, '')}"
    return f'<section class="checklist">{printed}</section>' if name in (checklists or []) else printed


def participant_html(title: str, sections: dict[str, str], course: Course, module: str) -> str:
    model = course.modules[module]
    chosen = course.settings.handouts
    parts = [_section(name, sections, chosen.checklists) for name in chosen.participant_before]
    for s in model.scenarios:
        badge = f" ({markdown(s.badge, False)})" if s.badge else ""  # the course's label, e.g. "Fiktiver Fall"
        parts.append(f"<h2>Fallbeispiel: {markdown(s.title, False)}{badge}</h2>")
        if s.content_note:
            parts.append(f'<div class="note"><strong>Inhaltshinweis:</strong> {markdown(s.content_note, True)}</div>')
        parts.append(markdown(s.intro, True))
        decisions = [n for n in s.nodes if not n.ending]
        for i, n in enumerate(decisions, 1):
            choices = "".join(f"<li>{markdown(c.text, False)}</li>" for c in n.choices)
            prompt = f"<p><strong>{markdown(n.prompt, False)}</strong></p>"
            parts.append(
                _situation(
                    f"Situation {i}: {markdown(n.title, False)}",
                    markdown(n.text, True),
                    prompt,
                    f'<ol class="choices">{choices}</ol>',
                )
            )
    parts.append(item_sections(model, trainer=False))
    parts += [_section(name, sections, chosen.checklists) for name in chosen.participant_after]
    return _doc(title, "Handout für Teilnehmende", "".join(parts))


def trainer_html(title: str, sections: dict[str, str], course: Course, module: str) -> str:
    model = course.modules[module]
    chosen = course.settings.handouts
    parts = [_section(name, sections, chosen.checklists) for name in chosen.trainer]
    for s in model.scenarios:
        parts.append(f'<h2>Entscheidungskarte</h2><div class="map">{decision_map.figure(s)}</div>')
        parts.append("<h2>Enden des Falls und Auswertung</h2>")
        for n in (n for n in s.nodes if n.ending):
            rating = decision_map.RATINGS[n.ending.rating]
            # The engine shows the first debrief variant whose condition holds; the guide lists them all.
            variants = "".join(
                f"<p><em>Variante, wenn gilt: {html.escape(decision_map.describe_condition(s, v.when))}</em></p>"
                f"{markdown(v.debrief, True)}"
                for v in n.ending.variants
            )
            parts.append(
                _situation(
                    f"{markdown(n.title, False)} ({rating})",
                    markdown(n.text, True),
                    markdown(n.ending.debrief, True) + variants,
                )
            )
    parts.append(item_sections(model, trainer=True))
    return _doc(title, "Leitfaden für Trainer*innen", "".join(parts)).replace("<details>", '<details open="open">')


def build_handouts(root: Path) -> Path:
    fetcher = course_fetcher(root)  # the course's own files and inline data: no request to any host

    paths = BuildPaths(root)
    folder = paths.pages("trainer")
    if not folder.is_dir():
        raise ExportError("_build/trainer: trainer edition: missing — run `kursbuch trainer` first")
    pages = load_pages(folder)
    course = Course.load(root)
    staging = paths.staging(paths.handouts)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        _write_handouts(root, pages, course, staging, fetcher)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # a failed run leaves nothing behind; _build/handouts stays
        raise
    dest = paths.handouts
    publish(staging, dest)
    shutil.rmtree(staging)
    return dest


def _write_handouts(root: Path, pages: dict[str, Any], course: Course, staging: Path, fetcher: Any) -> None:
    from weasyprint import HTML

    # The footer names the course (its `title:` in _config.yml), as a CSS string.
    footer = json.dumps(course_title(root), ensure_ascii=False)
    for module in toc_modules(root):
        page = pages.get(f"modules/{module}")
        if page is None:
            raise ExportError(
                f"_toc.yml lists modules/{module}, but the trainer edition has no such page — "
                "run `kursbuch trainer` again (it builds the edition, then the handouts)"
            )
        title = BeautifulSoup(page.title, "html.parser").get_text().strip()
        sections = _sections(page.body)
        for name, make in (("teilnehmende", participant_html), ("trainerleitfaden", trainer_html)):
            document = _for_pdf(
                make(title, sections, course, module).replace('"__COURSE_TITLE__"', footer),
                f"modules/{module}",
                course.settings.handouts.course_url,
            )
            # base_url is a folder (trailing slash); pdf/ua-1: tagged (structure tree, /Lang, title shown).
            HTML(string=document, base_url=root.as_uri() + "/", url_fetcher=fetcher).write_pdf(
                staging / f"{module}-{name}.pdf", pdf_variant="pdf/ua-1"
            )
