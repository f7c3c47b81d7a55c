"""Sphinx side of ``kursbuch.slim``: after a build, the pages written in it get their style sheets
inline and reduced, the icon font is cut to the glyphs used, and every text file gets ``.gz`` and
``.br`` beside it.

Only the pages this build wrote are rewritten (``html-page-context`` records them), unless a style
sheet changed since the last build (its digest is kept in the cache): then every page is, because
each holds its own reduced copy. Runs at ``build-finished`` after every other handler, when the
static files are in place.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .. import slim
from ..core.project import find_root
from ..paths import BuildPaths


def _cache(app: Sphinx) -> Path:
    return BuildPaths(find_root(Path(app.srcdir))).build / ".kursbuch-slim"


def _record(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder.format == "html":
        app.kursbuch_written = getattr(app, "kursbuch_written", set())
        app.kursbuch_written.add(pagename)


def _sheets_digest(outdir: Path) -> str:
    h = hashlib.sha256()
    for css in sorted((outdir / "_static").rglob("*.css")):
        h.update(css.relative_to(outdir).as_posix().encode() + b"\0" + css.read_bytes())
    return h.hexdigest()


def _finish(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    cache = _cache(app) / app.builder.name / Path(app.outdir).parent.parent.name  # per edition
    cache.mkdir(parents=True, exist_ok=True)
    stamp = cache / "sheets.sha256"
    digest = _sheets_digest(outdir)
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != digest:
        # every page holds a copy of the old sheets (_static holds templates, not pages)
        pages = sorted(
            p for p in outdir.rglob("*.html") if p.relative_to(outdir).parts[0] not in ("_static", "_sources")
        )
    else:
        pages = [Path(app.builder.get_outfilename(p)) for p in sorted(getattr(app, "kursbuch_written", ()))]
    glyphs = slim.inline_styles(outdir, pages, cache)
    slim.subset_icon_fonts(outdir, glyphs, cache)
    stamp.write_text(_sheets_digest(outdir), encoding="utf-8")
    slim.precompress(outdir, cache)
    app.kursbuch_written = set()


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _record)
    app.connect("build-finished", _finish, priority=900)
