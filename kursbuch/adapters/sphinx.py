"""The Sphinx adapter: checks content first, ships the engine, edition filtering.

- ``kursbuch_edition`` (``learner`` or ``trainer``): the edition, a configuration value (``kursbuch
  build`` and ``kursbuch trainer`` pass it as an override); anything else stops the build;
- ``builder-inited``: loads the course; any content problem stops the build
  with the same messages as ``kursbuch check``.
- activities are ``activity`` nodes, rendered once per page from the current quiz files when the
  page is written (``activities``), and a changed quiz file marks its module page outdated:
  editing a quiz never shows stale content and never re-executes the notebook;
- module notebooks that only call activities are rendered without a kernel (``activity_cells``);
- the ipywidgets state myst-nb would embed is dropped (activities need none);
- theme component overrides in ``kursbuch/templates`` (label-in-name fixes);
- every page gets ``kursbuch-course.css`` (theme fixes); pages whose doctree holds an activity (and
  only those) get ``kursbuch-engine.css`` and the engine inline; the CSS files are written to
  ``_static`` at the end; no script holds up the parsing of a page (``_scripts_after_parsing``),
  so activities are usable as soon as it is parsed;
- no raw HTML or ``{raw}`` in pages, links to other hosts marked (``content_security``);
- compiled theme templates are cached in ``_build/.jinja_cache`` between builds.
- every page's title and body are kept as JSON beside the output (``kursbuch-pages/``): the SCORM
  exporter wraps them into package pages without the book's navigation;
- ``{trainer-notes}`` directive: shown in the trainer edition
  (``kursbuch_edition = "trainer"``), dropped unparsed from the learner edition
  so that no note text reaches a learner page or a package.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jinja2
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .. import __version__, assets, content_cache
from ..core.errors import ContentErrors
from ..core.project import find_root
from ..paths import EDITIONS, BuildPaths, pages_beside
from . import (
    activities,
    activity_cells,
    content_security,
    figure_numbers,
    kommune,
    lean_pages,
    legal_pages,
    shared_sidebar,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _check_edition(app: Sphinx, config: Any) -> None:
    if config.kursbuch_edition not in EDITIONS:
        raise ExtensionError(
            f"kursbuch_edition = {config.kursbuch_edition!r} (in _config.yml, sphinx: config:, or a "
            f"configuration override): use one of {', '.join(EDITIONS)}"
        )


def _shared_execution_cache(app: Sphinx, config: Any) -> None:
    """Both editions share one execution cache in the project's _build, so a notebook executed
    for the learner edition is not executed again for the trainer edition."""
    if not config.nb_execution_cache_path:
        config.nb_execution_cache_path = str(BuildPaths(find_root(Path(app.srcdir))).jupyter_cache)


def _prepend_templates(app: Sphinx, config: Any) -> None:
    """Our theme component overrides (accessibility fixes) win over the theme's own. Without
    repeats: the themes append their folders to a list that outlives one build in the same process
    (``kursbuch watch``), and a changed list would make Sphinx write every page again."""
    config.templates_path = list(dict.fromkeys([str(TEMPLATES), *config.templates_path]))


def _template_bytecode_cache(app: Sphinx) -> None:
    """Compiled theme templates are kept in _build between builds: compiling them again took
    about a third of a second of every rebuild. Jinja checks each entry against its template source."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        folder = BuildPaths(find_root(Path(app.srcdir))).jinja_cache
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def _check_content(app: Sphinx) -> None:
    try:
        # The checked course, from the cache by file hash when `kursbuch build` has just checked it
        app.kursbuch_course = content_cache.load_course(find_root(Path(app.srcdir)))
    except ContentErrors as exc:
        raise ExtensionError("course content has problems (run `kursbuch check`):\n" + exc.report()) from None


def _quiz_hashes(app: Sphinx) -> dict[str, str]:
    root = find_root(Path(app.srcdir))
    return {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "quizzes").glob("*.yml"))}


def _pages_of_changed_quizzes(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """A quiz file changed: its module page is written again (with the new activity), without
    executing the notebook again: its activities are rendered from the quiz files (``activities``)."""
    old = getattr(env, "kursbuch_quiz_hashes", {})
    new = _quiz_hashes(app)
    env.kursbuch_quiz_hashes = new
    return sorted(
        f"modules/{m}" for m, h in new.items() if old.get(m) not in (None, h) and f"modules/{m}" in env.found_docs
    )


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if doctree is not None and app.builder.format == "html":
        target = pages_beside(Path(app.outdir)) / f"{pagename}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        page = {"pagename": pagename, "title": context.get("title", ""), "body": context.get("body", "")}
        target.write_text(json.dumps(page, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    if doctree is not None and activities.has_activities(doctree):
        # Inline at the top of the head (layout.html), before any style sheet: it runs at once, and
        # activities mount as soon as the body is parsed. As a file it cost the page a round trip
        # before parsing could go on (blocking), or ran only after the theme's scripts (async).
        context["kursbuch_engine"] = assets.inline_script(assets.engine_source())
        app.add_css_file(assets.ENGINE_CSS)


def _scripts_after_parsing(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """No script holds up the parsing of a page: Sphinx's and the theme's scripts in the head get
    ``defer``, their inline companions become module scripts (deferred too, run in document order
    after them). A blocking script waits for every style sheet above it, so the body, and with it
    every activity, was parsed only after the theme's 400 KB of CSS. Runs after every other
    handler (priority 900), when the page's script list is complete; the list is restored per page."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list) or pagename == "search":
        return  # the search page's own inline scripts call doctools.js as soon as they are parsed
    for i, js in enumerate(scripts):
        attrs = dict(getattr(js, "attributes", None) or {})
        if {"async", "defer", "type"} & attrs.keys():
            continue  # already after parsing, or not a classic script (e.g. JSON data)
        if js.filename:
            attrs["defer"] = "defer"
        else:
            attrs["type"] = "module"  # an inline script cannot be deferred; an inline module script is
        scripts[i] = type(js)(js.filename, priority=js.priority, **attrs)
    _catalogue_before_highlighting(scripts)


def _catalogue_before_highlighting(scripts: list) -> None:
    """Deferred, sphinx_highlight.js builds its button at once (no longer at DOMContentLoaded), so
    the German message catalogue must run before it: right after doctools.js, which it extends."""

    def position(name: str) -> int | None:
        return next((i for i, js in enumerate(scripts) if str(js.filename or "").endswith("/" + name)), None)

    if position("translations.js") is None or position("doctools.js") is None:
        return
    catalogue = scripts.pop(position("translations.js"))
    doctools = scripts[position("doctools.js")]
    # Sphinx sorts the list by priority afterwards (a stable sort): same priority, next place.
    catalogue = type(catalogue)(catalogue.filename, priority=doctools.priority, **catalogue.attributes)
    scripts.insert(position("doctools.js") + 1, catalogue)


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
    for name in (assets.ENGINE_CSS, assets.COURSE_CSS):  # the engine itself is inline
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
    app.connect("config-inited", _check_edition)
    app.connect("config-inited", _prepend_templates)
    app.connect("config-inited", _shared_execution_cache)
    app.connect("builder-inited", _check_content)
    app.connect("builder-inited", _template_bytecode_cache)
    app.add_css_file(assets.COURSE_CSS)
    app.connect("env-get-outdated", _pages_of_changed_quizzes)
    app.connect("doctree-read", _drop_widget_state)
    activities.setup(app)
    activity_cells.setup(app)
    content_security.setup(app)  # no raw HTML, outside links marked
    kommune.setup(app)  # {kommune}`key`: the administration's own offices from _config.yml
    legal_pages.setup(app)  # Erklärung zur Barrierefreiheit, Leichte Sprache, DGS, Datenschutz
    app.connect("html-page-context", _page_assets)
    app.connect("html-page-context", _scripts_after_parsing, priority=900)
    app.connect("build-finished", _write_assets)
    shared_sidebar.setup(app)  # the sidebar navigation rendered once per folder and build
    lean_pages.setup(app)  # style sheets inline and reduced per page, icon font subset, .gz/.br
    figure_numbers.setup(app)  # figure numbering from kept skeletons, not every page's doctree
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
