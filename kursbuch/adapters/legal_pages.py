"""Sphinx side of the legal pages (``kursbuch.legal``): each page whose source is the marker line
``% kursbuch-legal-page: <name>`` is read as the page rendered from ``_config.yml``.

- ``source-read``: the marker page's source is replaced by the rendered MyST Markdown; the page
  depends on ``_config.yml`` (and on the video), so an edit there rewrites it. Invalid or missing
  settings stop the build with the located messages of ``kursbuch.legal.problems``; an enforcement
  body the package cannot name is reported as a warning (the page shows a marked placeholder);
- ``html-page-context``: every page gets ``kursbuch_legal_links`` (the legal pages of this book, in
  order, for the footer, ``templates/extra-footer.html``);
- ``build-finished``: a configured sign-language video is copied into ``_static/kursbuch-media``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .. import legal
from ..core.errors import ContentErrors
from ..core.project import find_root

logger = logging.getLogger(__name__)

FOOTER_TITLES = legal.TITLES


def _settings(app: Sphinx) -> legal.LegalSettings:
    cached = getattr(app, "kursbuch_legal", None)
    if cached is not None:
        return cached
    root = find_root(Path(app.srcdir))
    try:
        settings = legal.load(root)
    except ContentErrors as exc:
        raise ExtensionError(
            "the legal pages' settings have problems (see docs/authoring.md, 'Legal pages'):\n" + exc.report()
        ) from None
    for problem in legal.problems(root):
        logger.warning(str(problem), type="kursbuch", subtype="legal")
    app.kursbuch_legal = settings  # type: ignore[attr-defined]
    return settings


def answer_switches(root: Path) -> tuple[bool, bool]:
    """``kursbuch: scorm: interactions`` and ``kursbuch: cmi5: allowed_statements``, read by the
    exporter's own settings model (so ``no`` or ``off`` mean off here as in the packages)."""
    from ..export.settings import load_settings

    try:
        export = load_settings(root)[0]
    except ContentErrors as exc:
        raise ExtensionError("the export settings have problems:\n" + exc.report()) from None
    return export.scorm.interactions, export.cmi5.allowed_statements


def _render(app: Sphinx, docname: str, source: list[str]) -> None:
    try:
        name = legal.page_of(source[0])
    except ValueError as exc:
        raise ExtensionError(f"{docname}: {exc}") from None
    if name is None:
        return
    root = find_root(Path(app.srcdir))
    settings = _settings(app)
    app.env.note_dependency(str(root / "_config.yml"))
    video = ""
    target = legal.video_target(settings)
    if target is not None:
        app.env.note_dependency(str(root / settings.accessibility.sign_language_video))
        video = "../" * docname.count("/") + target.as_posix()
    interactions, cmi5_answers = answer_switches(root)
    source[0] = legal.render(
        name,
        settings,
        title=str(app.config.html_title or app.config.project),
        video=video,
        interactions=interactions,
        cmi5_answers=cmi5_answers,
    )


def _footer_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    found = app.env.found_docs
    context["kursbuch_legal_links"] = [
        (context["pathto"](name), title) for name, title in FOOTER_TITLES.items() if name in found
    ]


def _copy_video(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html" or not any(n in app.env.found_docs for n in legal.PAGES):
        return
    settings = _settings(app)
    target = legal.video_target(settings)
    if target is None:
        return
    dest = Path(app.outdir) / target
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(find_root(Path(app.srcdir)) / settings.accessibility.sign_language_video, dest)


def setup(app: Sphinx) -> None:
    app.connect("source-read", _render)
    app.connect("html-page-context", _footer_links)
    app.connect("build-finished", _copy_video)
