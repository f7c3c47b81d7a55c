"""The sidebar navigation is rendered once per build and folder, not once per page.

The theme resolves and post-processes the whole table of contents for every page it writes
(``generate_toctree_html``): the cost of each page grows with the number of pages, and a build
with it quadratically. In a flat table of contents (chapters without sub-pages, captions allowed),
a page's sidebar differs from its folder-neighbours' only in which entry is marked current. So the
sidebar is rendered by the theme once per folder and build, stored without the current mark, and
each page gets a copy with its own entry marked exactly as the theme marks it (``current active``
on the item, ``current`` on its link, whose address becomes ``#``, and on the list holding it).
A nested table of contents, or anything else unexpected in the theme's output, falls back to the
theme's own rendering for every page.

The neutral sidebars are also kept between builds (``<doctrees>/kursbuch-sidebars/``), by a hash of
everything the theme renders them from: every page's title, table of contents (with the toctrees
and their options) and ``tocdepth``, the toctree includes and section numbers, the settings that
shape links and the theme's options, the versions of Sphinx, docutils and the theme, this module's
code, the folder and the call's arguments. A new process after a text edit takes them from there
instead of resolving the whole table of contents again (0.2 s at 90 modules).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

_CURRENT_ITEM = '<li class="toctree-l1 current active"><a class="current reference internal" href="#">'
_ITEM = '<li class="toctree-l1"><a class="reference internal" href="{href}">'
_LIST = '<ul class="nav bd-sidenav">'
_CURRENT_LIST = '<ul class="current nav bd-sidenav">'


def _neutral(markup: str, href: str) -> str | None:
    """``markup`` (the sidebar of a page whose own address is ``href``) without the current mark;
    None when the structure is not the flat one this module knows."""
    if "toctree-l2" in markup or "<details" in markup:
        return None
    items, lists = markup.count(_CURRENT_ITEM), markup.count(_CURRENT_LIST)
    if (items, lists) not in ((0, 0), (1, 1)):
        return None
    neutral = markup.replace(_CURRENT_ITEM, _ITEM.format(href=href)).replace(_CURRENT_LIST, _LIST)
    if re.search(r"\bcurrent\b", neutral):
        return None
    return neutral


def _marked(neutral: str, href: str) -> str:
    item = _ITEM.format(href=href)
    at = neutral.find(item)
    if at < 0:  # the page is not in the table of contents (search, index): nothing is current
        return neutral
    holder = neutral.rfind(_LIST, 0, at)
    if holder < 0:
        return neutral
    return (
        neutral[:holder] + _CURRENT_LIST + neutral[holder + len(_LIST) : at] + _CURRENT_ITEM + neutral[at + len(item) :]
    )


def _reset(app: Sphinx) -> None:
    app.kursbuch_sidebars = {}
    app.kursbuch_sidebar_digest = None


_CONFIG = ("root_doc", "html_link_suffix", "html_file_suffix", "html_compact_lists", "html_theme", "language")


def _digest(app: Sphinx) -> str:
    """What the theme's sidebar of any page depends on (see the module's docstring), as one hash."""
    from importlib.metadata import version

    env = app.env
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(repr([version(d) for d in ("sphinx", "docutils", "pydata-sphinx-theme", "sphinx-book-theme")]).encode())
    h.update(repr([(name, repr(env.config[name])) for name in _CONFIG if name in env.config]).encode())
    h.update(repr(sorted((str(k), repr(v)) for k, v in (env.config.html_theme_options or {}).items())).encode())
    h.update(repr(sorted((k, list(v)) for k, v in env.toctree_includes.items())).encode())
    h.update(repr(sorted((k, repr(sorted(v.items()))) for k, v in env.toc_secnumbers.items())).encode())
    for doc in sorted(env.all_docs):
        title, toc = env.titles.get(doc), env.tocs.get(doc)
        h.update(doc.encode() + b"\0" + (title.pformat() if title is not None else "").encode())
        h.update((toc.pformat() if toc is not None else "").encode())
        h.update(repr(env.metadata.get(doc, {}).get("tocdepth")).encode())
    return h.hexdigest()


def _kept(app: Sphinx, key: tuple, render: Any) -> str | None:
    """The neutral sidebar for ``key`` from ``<doctrees>/kursbuch-sidebars`` or else ``render()``d and kept."""
    if getattr(app, "kursbuch_sidebar_digest", None) is None:
        app.kursbuch_sidebar_digest = _digest(app)
    name = hashlib.sha256((app.kursbuch_sidebar_digest + repr(key)).encode()).hexdigest()
    stored = Path(app.doctreedir) / "kursbuch-sidebars" / f"{name}.html"
    if stored.is_file():
        text = stored.read_text(encoding="utf-8")
        return text or None  # empty: the theme's own rendering for every page
    neutral = render()
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text(neutral or "", encoding="utf-8")
    return neutral


def _share(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``kursbuch_sidebar_toctree`` for our sidebar template: the theme's ``generate_toctree_html``
    through the shared copy. Added before the theme's handlers run (priority 400), since the theme
    renders the sidebar templates already in its own handler (to drop empty ones); the theme's
    function is looked up when the template calls it, by which time the theme has put it in."""
    if app.builder.name != "html" or getattr(app.builder, "out_suffix", "") != ".html":
        context["kursbuch_sidebar_toctree"] = lambda *a, **kw: context["generate_toctree_html"](*a, **kw)
        return
    folder = posixpath.dirname(pagename)
    href = posixpath.basename(pagename) + ".html"
    cache: dict = getattr(app, "kursbuch_sidebars", {})
    app.kursbuch_sidebars = cache

    def generate(kind: str, startdepth: int = 1, show_nav_level: int = 1, **kwargs: Any) -> Any:
        original = context["generate_toctree_html"]
        if kind != "sidebar" or startdepth != 0:
            return original(kind, startdepth, show_nav_level, **kwargs)
        key = (folder, show_nav_level, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = _kept(
                app, key, lambda: _neutral(str(original(kind, startdepth, show_nav_level, **kwargs)), href)
            )
        if cache[key] is None:
            return original(kind, startdepth, show_nav_level, **kwargs)
        return _marked(cache[key], href)

    context["kursbuch_sidebar_toctree"] = generate


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _reset)
    app.connect("html-page-context", _share, priority=400)  # before the theme renders the sidebar
