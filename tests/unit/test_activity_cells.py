"""Which module notebooks are rendered without a kernel: only those whose code is nothing but the
kursbuch import and one-line activity calls; and the ``activity`` node both kinds of notebook end in,
rendered once per page."""

from __future__ import annotations

import pytest
from docutils import nodes
from kbtest import SOURCE

from kursbuch.adapters.activity_cells import activity_calls

HEADER = "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n# Titel\n\n"


def cell(source: str, tags: str | None = None) -> str:
    meta = f":tags: [{tags}]\n\n" if tags else ""
    return f"```{{code-cell}} ipython3\n{meta}{source}\n```\n\nText.\n\n"


IMPORT = cell("from kursbuch import quiz, scenario", "remove-cell")


def test_every_course_module_is_activity_only():
    for page in sorted((SOURCE / "modules").glob("*.md")):
        calls = activity_calls(page.read_text(encoding="utf-8"))
        assert calls, f"{page.name} would need a kernel"
        assert all(c.startswith(page.stem + "-") for c in calls.values())


def test_calls_by_cell_index():
    text = HEADER + IMPORT + cell('scenario("m09-s1")', "remove-input") + cell("quiz('m09-wissen')")
    # cells: 0 title, 1 import, 2 text, 3 case, 4 text, 5 quiz, 6 text
    assert activity_calls(text) == {3: "m09-s1", 5: "m09-wissen"}


@pytest.mark.parametrize(
    "extra",
    [
        cell("anzahl = 1", "remove-cell"),  # any other code
        cell('quiz("m09-wissen")\nprint(1)'),  # a call plus something else
        cell('quiz("m09-wissen")', "hide-output"),  # a tag whose rendering the kernel path owns
        cell("import os", "remove-cell"),
        cell("quiz(ident)"),
    ],
)
def test_anything_else_needs_a_kernel(extra):
    assert activity_calls(HEADER + IMPORT + cell('quiz("m09-wissen")') + extra) is None


def test_plain_markdown_page_is_not_a_notebook():
    assert activity_calls("# Glossar\n\nText.\n") is None


# --- the activity node: both paths (kernel-free and kernel output) end in it; rendered once per page


def _page_with(*activity_ids: str):
    from docutils.utils import new_document

    from kursbuch.adapters.activities import activity_node

    doctree = new_document("modules/m01.md")
    for number, activity_id in enumerate(activity_ids, start=1):
        output = nodes.container(nb_element="cell_code_output", classes=["cell_output"])
        output += activity_node(activity_id, source="modules/m01.md", line=10 * number)
        doctree += output
    return doctree


@pytest.mark.parametrize("trainer", [False, True])
def test_each_activity_node_gets_its_fragment_once(trainer):
    from kursbuch.adapters.activities import activity, has_activities, render_activities
    from kursbuch.core import decision_map
    from kursbuch.core.project import Course
    from kursbuch.core.render import fragment

    course = Course.load(SOURCE)
    doctree = _page_with("m01-s1", "m01-wissen")
    assert has_activities(doctree) and not has_activities(_page_with())
    render_activities(doctree, course, trainer=trainer)
    case, quiz = (node.children for node in doctree.findall(activity))
    scenario = course.activity("m01-s1")
    expected_case = fragment(scenario) + (decision_map.figure(scenario) if trainer else "")
    assert [(c.tagname, c.astext(), c["format"], c["classes"]) for c in case] == [
        ("raw", expected_case, "html", ["output", "text_html"])  # what myst-nb makes of a text/html output
    ]
    assert [c.astext() for c in quiz] == [fragment(course.activity("m01-wissen"))]  # no map under a quiz
    render_activities(doctree, course, trainer=trainer)  # written again (another builder): still one child
    assert [len(node.children) for node in doctree.findall(activity)] == [1, 1]


def test_unknown_activity_names_the_page_and_line():
    from sphinx.errors import ExtensionError

    from kursbuch.adapters.activities import render_activities
    from kursbuch.core.project import Course

    with pytest.raises(ExtensionError, match=r"modules/m01\.md:20: no activity 'm01-gibtsnicht'"):
        render_activities(_page_with("m01-s1", "m01-gibtsnicht"), Course.load(SOURCE), trainer=False)


def test_kernel_output_names_its_activity(course_copy, monkeypatch):
    """The widget's MIME bundle names the activity; myst-nb's plugin (registered by the package's entry
    point) turns that output into the same node the kernel-free path makes."""
    from myst_nb.core.render import MimeData, load_mime_renders

    from kursbuch import quiz
    from kursbuch.adapters import ACTIVITY_MIME_TYPE
    from kursbuch.adapters.activities import ActivityMimeRenderer, activity

    monkeypatch.chdir(course_copy / "modules")
    data, _meta = quiz("m01-wissen")._repr_mimebundle_()
    assert data[ACTIVITY_MIME_TYPE] == {"id": "m01-wissen", "kind": "quiz"}
    assert ActivityMimeRenderer in load_mime_renders()
    rendered = ActivityMimeRenderer.handle_mime(
        None, MimeData(ACTIVITY_MIME_TYPE, data[ACTIVITY_MIME_TYPE], line=7), False
    )
    assert [(type(n), n["activity_id"], n.line) for n in rendered] == [(activity, "m01-wissen", 7)]
    assert ActivityMimeRenderer.handle_mime(None, MimeData("text/html", data["text/html"]), False) is None


def test_the_page_html_is_not_parsed_for_activities():
    """Activities are nodes: the adapter neither searches nor rewrites the written HTML."""
    import inspect

    from kursbuch.adapters import sphinx

    source = inspect.getsource(sphinx)
    assert "import re" not in source and "kb-activity" not in source and not hasattr(sphinx, "HOST")


def test_html_builders_rank_the_activity_output_first_and_only_once():
    """Ahead of the widget's text/html (ranked 0 in _config.yml); the same list on every build in one
    process (`kursbuch watch`), else Sphinx would read every page again."""
    from types import SimpleNamespace

    from myst_nb.core.render import get_mime_priority

    from kursbuch.adapters import ACTIVITY_MIME_TYPE
    from kursbuch.adapters.activities import _rank_activity_output

    config = SimpleNamespace(nb_mime_priority_overrides=[["html", "text/html", 0]])
    _rank_activity_output(None, config)
    once = list(config.nb_mime_priority_overrides)
    _rank_activity_output(None, config)
    assert config.nb_mime_priority_overrides == once
    assert get_mime_priority("html", once)[:2] == [ACTIVITY_MIME_TYPE, "text/html"]
    assert ACTIVITY_MIME_TYPE not in get_mime_priority("latex", once)
