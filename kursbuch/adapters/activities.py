"""Activities in the doctree: one ``activity`` node per quiz or case, rendered once when the page is written.

Both ways a module page gets its activities end in the same node, which holds only the activity id:

- notebooks rendered without a kernel (``activity_cells``) get the node in each call cell's output;
- executed notebooks: the widget's MIME bundle carries ``ACTIVITY_MIME_TYPE`` (the id); myst-nb
  hands that output to ``ActivityMimeRenderer`` (entry point ``myst_nb.mime_renderers`` in
  ``pyproject.toml``), and ``setup`` ranks that MIME type first for the HTML builders, ahead of the
  widget's ``text/html`` (which is what JupyterLab and other notebook viewers show).

When a page is written, the post-transform ``RenderActivities`` gives each node its HTML as the one
child: ``fragment(activity)`` from the quiz files as they are now (an edited quiz never shows stale
content and never executes a notebook again), and in the trainer edition the decision map under
each case. That child is the raw node myst-nb makes of a ``text/html`` output, so the page is the
same either way, and the search index reads the activity's text as before. The node itself writes
nothing in any builder. ``has_activities(doctree)`` tells whether a page needs the engine.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core import decision_map
from ..core.model import Scenario
from ..core.project import Course
from ..core.render import fragment
from . import ACTIVITY_MIME_TYPE

HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "epub")


class activity(nodes.General, nodes.Element):  # noqa: N801 (docutils names node classes in lower case)
    """A quiz or case on a page: ``activity_id`` names it; its HTML is added when the page is written."""


def activity_node(activity_id: str, source: str | None = None, line: int | None = None) -> activity:
    node = activity(activity_id=activity_id)
    node.source, node.line = source, line
    return node


def has_activities(doctree: nodes.Node) -> bool:
    return next(iter(doctree.findall(activity)), None) is not None


def render_activities(doctree: nodes.document, course: Course, trainer: bool) -> None:
    """Give every ``activity`` node in ``doctree`` its HTML (see the module docstring)."""
    for node in list(doctree.findall(activity)):
        try:
            act = course.activity(node["activity_id"])
        except KeyError as exc:  # `kursbuch check` reports it first; this is the last guard
            where = node.source or doctree.get("source") or "?"
            line = f":{node.line}" if node.line else ""
            raise ExtensionError(f"{where}{line}: {exc.args[0]}") from None
        html = fragment(act)
        if trainer and isinstance(act, Scenario):
            html += decision_map.figure(act)  # the trainer edition shows each case's decision map below it
        node[:] = [nodes.raw("", html, format="html", classes=["output", "text_html"])]


class RenderActivities(SphinxPostTransform):
    default_priority = 5  # after myst-nb has chosen each output's MIME type (SelectMimeType, 4)

    def run(self, **kwargs: Any) -> None:
        course = getattr(self.app, "kursbuch_course", None)
        if course is None:  # the adapter loads it at builder-inited; without it nothing can be rendered
            raise ExtensionError("kursbuch: the course was not loaded before pages were written")
        render_activities(self.document, course, trainer=self.config.kursbuch_edition == "trainer")


class ActivityMimeRenderer:
    """myst-nb MIME renderer plugin: an output of ``ACTIVITY_MIME_TYPE`` becomes an ``activity`` node.

    It ranks nothing itself (``mime_priority_overrides`` is empty): a book built without the kursbuch
    Sphinx extension keeps choosing ``text/html`` and never meets a node it cannot write."""

    mime_priority_overrides: list[tuple[str, str, int | None]] = []

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != ACTIVITY_MIME_TYPE:
            return None
        content = json.loads(data.content) if isinstance(data.content, str | bytes) else data.content
        activity_id = content.get("id") if isinstance(content, dict) else None
        if not isinstance(activity_id, str):
            renderer.logger.warning(
                f"{ACTIVITY_MIME_TYPE} output without an activity id: {content!r}", subtype="kursbuch", line=data.line
            )
            return []
        return [activity_node(activity_id, line=data.line)]


def _rank_activity_output(app: Sphinx, config: Any) -> None:
    """HTML builders choose the activity output over the widget's ``text/html``. Without repeats:
    a list that grew with every build in one process (``kursbuch watch``) would make Sphinx read
    every page again."""
    overrides = [tuple(o) for o in config.nb_mime_priority_overrides]
    ours = [(builder, ACTIVITY_MIME_TYPE, -1) for builder in HTML_BUILDERS]
    config.nb_mime_priority_overrides = [*(o for o in overrides if o not in ours), *ours]


def _nothing(translator: Any, node: nodes.Element) -> None:
    """The node writes nothing itself; its child (the activity's HTML) is written as it is."""


def setup(app: Sphinx) -> None:
    writers = {fmt: (_nothing, _nothing) for fmt in ("html", "latex", "text", "man", "texinfo")}
    app.add_node(activity, **writers)
    app.add_post_transform(RenderActivities)
    app.connect("config-inited", _rank_activity_output)
