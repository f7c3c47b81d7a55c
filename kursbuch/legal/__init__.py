"""The pages a public body must publish with a course, generated from ``_config.yml``.

- ``barrierefreiheit``: the Erklärung zur Barrierefreiheit (EU model statement, Durchführungsbeschluss
  (EU) 2018/1523; BGG § 12b): status, date and method of the last assessment, the known barriers
  with their reasons, the feedback contact, the enforcement or arbitration body;
- ``leichte-sprache``: the course, how to use it and the statement, in Leichte Sprache;
- ``gebaerdensprache``: the publisher's German Sign Language video (a local file), or a plain
  statement that there is none yet;
- ``datenschutz``: what is stored where (the browser storage keys of the web course and of the
  packages, what a SCORM or cmi5 package reports to an LMS) and how to delete it.

A course page whose source is one marker line, ``% kursbuch-legal-page: <name>``, is replaced by the
rendered page (``render``); without the marker, the page is the publisher's own. The wording is
course-neutral German (``pages/*.md``, Jinja templates of MyST Markdown); the course supplies only
facts: ``settings.py`` reads and checks them.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .bodies import LAENDER
from .settings import LegalSettings, load, problems

__all__ = ["PAGES", "TITLES", "MARKER", "VIDEO_FOLDER", "load", "problems", "render", "page_of"]

PAGES = ("barrierefreiheit", "leichte-sprache", "gebaerdensprache", "datenschutz")
# How the footers of the course and of the packages name each page.
TITLES = {
    "barrierefreiheit": "Erklärung zur Barrierefreiheit",
    "leichte-sprache": "Leichte Sprache",
    "gebaerdensprache": "Gebärdensprache",
    "datenschutz": "Datenschutz",
}
MARKER = re.compile(r"^\s*%\s*kursbuch-legal-page:\s*([a-z-]+)\s*$", re.M)
# Where the build puts a configured sign-language video, relative to the HTML output.
VIDEO_FOLDER = "_static/kursbuch-media"

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("kursbuch.legal", "pages"),
    autoescape=False,  # Markdown, not HTML: values are escaped for Markdown by ``_md``
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
)


def page_of(source: str) -> str | None:
    """The legal page a source asks for (its marker line), or None for an ordinary page."""
    m = MARKER.search(source)
    if m is None:
        return None
    if m.group(1) not in PAGES:
        raise ValueError(f"unknown legal page {m.group(1)!r} in the marker line — write one of {', '.join(PAGES)}")
    return m.group(1)


def _md(value: object) -> str:
    """A configured text as plain Markdown text: characters MyST would read as markup are escaped."""
    return re.sub(r"([\\`*_{}\[\]<>#|~$])", r"\\\1", str(value))


def _date(day: object) -> str:
    months = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
    return f"{day.day}. {months[day.month - 1]} {day.year}"  # type: ignore[attr-defined]


class _Escaped:
    """Attribute access to a settings object with every text escaped for Markdown (e-mail addresses and
    URLs stay as they are: they are validated and written inside ``<…>`` autolinks)."""

    RAW = {"email", "url"}

    def __init__(self, obj: object):
        self._obj = obj

    def __getattr__(self, name: str) -> object:
        value = getattr(self._obj, name)
        if name in self.RAW or isinstance(value, (bool, int)) or value is None:
            return value
        if isinstance(value, str):
            return _md(value)
        if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
            return [_Escaped(v) for v in value]
        return _Escaped(value)

    def __bool__(self) -> bool:
        return bool(self._obj)

    def __len__(self) -> int:
        return len(self._obj)  # type: ignore[arg-type]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(_Escaped(v) for v in self._obj)  # type: ignore[attr-defined]


def _law(settings: LegalSettings) -> str:
    p = settings.publisher
    if p.level == "bund":
        return "§ 12a Behindertengleichstellungsgesetz (BGG) und die Barrierefreie-Informationstechnik-Verordnung (BITV 2.0)"
    return f"die Vorschriften des Landes {LAENDER[p.land]} zur barrierefreien Informationstechnik"


def render(
    name: str,
    settings: LegalSettings,
    *,
    title: str,
    video: str = "",
    interactions: bool = False,
    cmi5_answers: bool = False,
) -> str:
    """The MyST Markdown source of legal page ``name``. ``video``: the URL of the sign-language video
    relative to the page (empty: none configured); ``interactions``: whether SCORM packages report
    ``cmi.interactions`` (``kursbuch: scorm: interactions``); ``cmi5_answers``: whether cmi5 packages
    send a statement per answer and decision (``kursbuch: cmi5: allowed_statements``).

    One page serves the web course and every package (the packages carry the course's built page), so
    the privacy page says per place what is stored and sent there."""
    a = settings.accessibility
    p = settings.publisher
    return _TEMPLATES.get_template(f"{name}.md").render(
        title=_md(title),
        publisher=_Escaped(p),
        accessibility=_Escaped(a),
        body=_Escaped(p.body()) if p.body() else None,
        land_name=LAENDER.get(p.land, ""),
        law=_law(settings),
        statement_date=_date(a.statement_date),
        audit_date=_date(a.audit_date),
        video=video,
        interactions=interactions,
        cmi5_answers=cmi5_answers,
    )


def video_target(settings: LegalSettings) -> Path | None:
    """The configured sign-language video's path relative to the HTML output, or None."""
    video = settings.accessibility.sign_language_video
    return Path(VIDEO_FOLDER) / Path(video).name if video else None
