"""Sphinx side of :mod:`kursbuch.core.content_security`: no raw markup reaches a page, outside links are marked.

- ``config-inited``: MyST's raw HTML (``html_block``, ``html_inline``) is switched off for every course,
  whatever ``_config.yml`` says; such HTML is shown as text. ``kursbuch check`` already refuses it with
  its line and what to write instead; this is the second line of defence for a build without check;
- ``builder-inited``: docutils' ``raw`` directive is disabled (``{raw} html`` would pass script through);
- ``html-page-context`` (before the page body is kept for the packages): every link to another host gets
  the attributes and the visible marker of every outside link (``target="_blank"``,
  ``rel="noopener noreferrer"``, "(externer Link, öffnet in neuem Fenster)"; the reasons are in
  :mod:`kursbuch.core.content_security`), so a learner knows before clicking that the link leaves the course.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

from ..core.content_security import EXTERNAL_MARK, external_attrs, is_web_link

RAW_HTML_SYNTAX = ("html_block", "html_inline")
_EXTERNAL = re.compile(r'<a class="reference external" href="([^"]*)"([^>]*)>(.*?)</a>', re.S)


def _no_raw_html(app: Sphinx, config: Any) -> None:
    current = list(getattr(config, "myst_disable_syntax", None) or [])
    config.myst_disable_syntax = [*current, *(s for s in RAW_HTML_SYNTAX if s not in current)]


def _no_raw_directive(app: Sphinx) -> None:
    app.env.settings["raw_enabled"] = False


def mark_external(body: str) -> str:
    """The attributes and the visible marker on every link Sphinx classes as external."""
    attrs = "".join(f' {name}="{value}"' for name, value in external_attrs().items())

    def mark(m: re.Match[str]) -> str:
        href, rest, text = m.groups()
        if not is_web_link(href):
            return m.group()  # mailto: and tel: open the learner's own program, not another host's page
        rest = re.sub(r'\s+(?:rel|target)="[^"]*"', "", rest)
        return f'<a class="reference external" href="{href}"{attrs}{rest}>{text}{EXTERNAL_MARK}</a>'

    return _EXTERNAL.sub(mark, body)


def _mark_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if isinstance(context.get("body"), str):
        context["body"] = mark_external(context["body"])


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _no_raw_html)
    app.connect("builder-inited", _no_raw_directive)
    app.connect("html-page-context", _mark_links, priority=400)  # before the body is kept for the packages
