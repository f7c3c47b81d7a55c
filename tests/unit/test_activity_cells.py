"""Which module notebooks are rendered without a kernel: only those whose code is nothing but the
kursbuch import and one-line activity calls."""

from __future__ import annotations

import pytest
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
