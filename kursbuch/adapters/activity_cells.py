"""Module notebooks that only call activities are rendered without starting a kernel.

A module notebook whose code cells are nothing but ``from kursbuch import …`` (tagged
``remove-cell``) and one-line ``quiz("…")``/``scenario("…")`` calls (untagged or tagged
``remove-input``) has outputs that depend only on the quiz files: the activity's HTML fragment.
Executing it would start a kernel (about two seconds per module) to produce exactly that.

- ``config-inited``: such notebooks are added to myst-nb's ``nb_execution_excludepatterns``;
  every other notebook is executed (and cached) as before;
- ``doctree-read``: each call cell of such a notebook gets the output container myst-nb would
  have made from the kernel's output, holding the same ``activity`` node (``activities``), which
  is rendered when the page is written.

The HTML is the same either way (tested against a kernel-executed page). nbval still runs
every notebook in a kernel.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from sphinx.application import Sphinx

from .. import content_cache
from ..core.project import CALL_RE, find_root
from .activities import activity_node

IMPORT = re.compile(r"from kursbuch import [A-Za-z_][\w, ]*")


def _code_lines(source: str) -> list[str]:
    return [s for s in (line.strip() for line in source.splitlines()) if s and not s.startswith("#")]


@functools.lru_cache(maxsize=512)  # each page is read at config-inited and again when it is parsed
def activity_calls(text: str) -> dict[int, str] | None:
    """For a MyST notebook that only calls activities: cell index -> activity id; else None.
    (The result is shared between callers: treat it as read-only.)"""
    if not is_myst_markdown_notebook(text):
        return None
    calls: dict[int, str] = {}
    for index, cell in enumerate(read_myst_markdown_notebook(text).cells):
        if cell.cell_type != "code":
            continue
        lines = _code_lines(cell.source)
        tags = set(cell.metadata.get("tags", []))
        if all(IMPORT.fullmatch(line) for line in lines) and tags <= {"remove-cell"}:
            continue
        if len(lines) == 1 and (m := CALL_RE.fullmatch(lines[0])) and tags <= {"remove-input"}:
            calls[index] = m.group(2)  # the same call syntax `kursbuch check` verifies
            continue
        return None  # any other code: the notebook runs in a kernel
    return calls


def cached_activity_calls(root: Path, text: str) -> dict[int, str] | None:
    """``activity_calls``, kept by the text's hash in ``_build`` for the next process (parsing every
    notebook took 0.6 s at 90 modules on every build)."""
    found = content_cache.cached_by_text(root, "activity-calls", _calls_as_pairs, text)
    return None if found is None else {int(i): ident for i, ident in found}


def _calls_as_pairs(text: str) -> list[list[Any]] | None:
    calls = activity_calls(text)
    return None if calls is None else [[i, ident] for i, ident in calls.items()]


def _module_pages(app: Sphinx) -> list[Path]:
    return sorted((find_root(Path(app.srcdir)) / "modules").glob("*.md"))


def _exclude_from_execution(app: Sphinx, config: Any) -> None:
    srcdir = Path(app.srcdir)
    static = [
        page.relative_to(srcdir).as_posix()
        for page in _module_pages(app)
        if cached_activity_calls(find_root(srcdir), page.read_text(encoding="utf-8")) is not None
    ]
    config.nb_execution_excludepatterns = [*config.nb_execution_excludepatterns, *static]
    app.kursbuch_static_notebooks = set(static)


def _add_outputs(app: Sphinx, doctree: nodes.document) -> None:
    source = Path(app.env.doc2path(app.env.docname))
    if source.relative_to(Path(app.srcdir)).as_posix() not in getattr(app, "kursbuch_static_notebooks", ()):
        return
    calls = cached_activity_calls(find_root(Path(app.srcdir)), source.read_text(encoding="utf-8"))
    if calls is None:
        return
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code" or cell.get("cell_index") not in calls:
            continue
        output = nodes.container(nb_element="cell_code_output", classes=["cell_output"])
        output += activity_node(calls[cell["cell_index"]], source=str(source), line=cell.line)
        cell += output


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _exclude_from_execution)
    app.connect("doctree-read", _add_outputs)
