"""The Sphinx adapter: checks content first, ships the engine, edition filtering.

- ``builder-inited``: loads the course; any content problem stops the build
  with the same messages as ``kursbuch check``.
- activities on a page are rendered from the current quiz files when the page is written, and a
  changed quiz file marks its module page outdated: editing a quiz never shows stale content and
  never re-executes the notebook;
- module notebooks that only call activities are rendered without a kernel (``activity_cells``);
- the ipywidgets state myst-nb would embed is dropped (activities need none);
- theme component overrides in ``kursbuch/templates`` (label-in-name fixes);
- every page gets ``kursbuch-course.css`` (theme fixes); pages whose body holds an activity get ``kursbuch-engine.js``/``.css``
  (and only those pages); the files are written to ``_static`` at the end.
- every page's title and body are kept as JSON beside the output (``kursbuch-pages/``): the SCORM
  exporter wraps them into package pages without the book's navigation;
- ``{trainer-notes}`` directive: shown in the trainer edition
  (``kursbuch_edition = "trainer"``), dropped unparsed from the learner edition
  so that no note text reaches a learner page or a package.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .. import __version__, assets
from . import activity_cells
from ..core.errors import ContentErrors
from ..core.project import Course, find_root
from ..core import decision_map
from ..core.model import Scenario
from ..core.render import fragment


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _edition_from_environment(app: Sphinx, config: Any) -> None:
    """``kursbuch trainer`` builds the same sources with KURSBUCH_EDITION=trainer."""
    edition = os.environ.get("KURSBUCH_EDITION")
    if edition:
        if edition not in ("learner", "trainer"):
            raise ExtensionError(f"KURSBUCH_EDITION={edition!r}: use learner or trainer")
        config.kursbuch_edition = edition


def _shared_execution_cache(app: Sphinx, config: Any) -> None:
    """Both editions share one execution cache in the project's _build, so a notebook executed
    for the learner edition is not executed again for the trainer edition."""
    if not config.nb_execution_cache_path:
        config.nb_execution_cache_path = str(find_root(Path(app.srcdir)) / "_build" / ".jupyter_cache")


def _prepend_templates(app: Sphinx, config: Any) -> None:
    """Our theme component overrides (accessibility fixes) win over the theme's own."""
    config.templates_path = [str(TEMPLATES), *[p for p in config.templates_path if p != str(TEMPLATES)]]


def _check_content(app: Sphinx) -> None:
    try:
        app.kursbuch_course = Course.load(find_root(Path(app.srcdir)))
    except ContentErrors as exc:
        raise ExtensionError("course content has problems (run `kursbuch check`):\n" + exc.report()) from None


def _quiz_hashes(app: Sphinx) -> dict[str, str]:
    root = find_root(Path(app.srcdir))
    return {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "quizzes").glob("*.yml"))}


def _pages_of_changed_quizzes(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """A quiz file changed: its module page is written again (with the new activity), without
    executing the notebook again: the cached output is refreshed by ``_fresh_activities``."""
    old = getattr(env, "kursbuch_quiz_hashes", {})
    new = _quiz_hashes(app)
    env.kursbuch_quiz_hashes = new
    return sorted(
        f"modules/{m}" for m, h in new.items() if old.get(m) not in (None, h) and f"modules/{m}" in env.found_docs
    )


HOST = re.compile(r'<div class="kb-activity [^"]*" id="[^"]*" data-kb-kind="[^"]*" data-kb-id="([^"]+)">.*?</script></div>', re.S)


def _fresh_activities(app: Sphinx, body: str) -> str:
    """Each activity host as rendered from the current quiz files (not from a cached execution)."""
    course = getattr(app, "kursbuch_course", None)
    if course is None:
        return body

    trainer = app.config.kursbuch_edition == "trainer"

    def swap(m: re.Match) -> str:
        try:
            act = course.activity(m.group(1))
        except KeyError as exc:
            raise ExtensionError(str(exc)) from None
        # The trainer edition shows each case's decision map below it.
        return fragment(act) + (decision_map.figure(act) if trainer and isinstance(act, Scenario) else "")

    return HOST.sub(swap, body)


def pages_dir(outdir: Path) -> Path:
    """Where each page's title and body are kept for the SCORM exporter (beside the HTML output)."""
    return Path(outdir).parent / "kursbuch-pages"


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if doctree is not None and "kb-activity" in (context.get("body") or ""):
        context["body"] = _fresh_activities(app, context["body"])
    if doctree is not None and app.builder.format == "html":
        target = pages_dir(Path(app.outdir)) / f"{pagename}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        page = {"pagename": pagename, "title": context.get("title", ""), "body": context.get("body", "")}
        target.write_text(json.dumps(page, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    if doctree is not None and "kb-activity" in (context.get("body") or ""):
        app.add_js_file(assets.ENGINE_JS, **{"async": "async"})  # independent of the theme's scripts
        app.add_css_file(assets.ENGINE_CSS)


def _drop_widget_state(app: Sphinx, doctree: nodes.document) -> None:
    """Remove the ipywidgets state myst-nb would embed: it duplicates every activity's
    engine source and spec into the page, and no widget manager runs there."""
    meta = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    meta.get("js_files", {}).pop("ipywidgets_state", None)


def _write_assets(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in (assets.ENGINE_JS, assets.ENGINE_CSS, assets.COURSE_CSS):
        (static / name).write_text(assets.read(name), encoding="utf-8")


class TrainerNotes(Directive):
    """Facilitator notes: trainer edition only."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        if env.config.kursbuch_edition != "trainer":
            return []
        node = nodes.admonition(classes=["kb-trainer-notes"])
        node += nodes.title(text="Trainerhinweise")
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("kursbuch_edition", "learner", "env", [str])
    app.add_directive("trainer-notes", TrainerNotes)
    app.connect("config-inited", _edition_from_environment)
    app.connect("config-inited", _prepend_templates)
    app.connect("config-inited", _shared_execution_cache)
    app.connect("builder-inited", _check_content)
    app.add_css_file(assets.COURSE_CSS)
    app.connect("env-get-outdated", _pages_of_changed_quizzes)
    app.connect("doctree-read", _drop_widget_state)
    activity_cells.setup(app)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _write_assets)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
