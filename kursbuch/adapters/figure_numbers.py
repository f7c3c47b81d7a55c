"""Sphinx's figure numbering without unpickling every page's doctree in every build.

With ``numfig`` on (Jupyter Book's default), Sphinx numbers figures, tables and code blocks at every
build by walking the doctree of *every* page in table-of-contents order
(``TocTreeCollector.assign_figure_numbers``): after a one-module edit of a 90-module course it
unpickled 99 doctrees, half a second of CPU, to find that nothing is numbered.

That walk looks only at sections (their ids), ``toctree`` nodes (their entries) and nodes some
domain calls enumerable (with their captions). While it runs, ``env.get_doctree`` here returns
a *skeleton* of each page: exactly those nodes, in document order, with every other element
replaced by its kept descendants (an element that is neither passes its section number down
unchanged, so the walk assigns the same numbers). Skeletons are kept in
``<doctrees>/kursbuch-figure-skeletons.pickle`` by the doctree file's size and modification time:
a page read again gets a new skeleton from its new doctree. Sphinx's own walk runs unchanged on
them; only ``env-get-updated`` handlers of the environment collectors (priority 500) run while the
skeletons are served (installed at 499, removed at 501).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

FILE = "kursbuch-figure-skeletons.pickle"
VERSION = 2  # of the skeleton's form: a change makes every skeleton anew


def skeleton(env: Any, doctree: nodes.Element) -> nodes.Element:
    """The sections, toctrees and enumerable nodes of ``doctree`` (see the module's docstring)."""
    root = nodes.Element()
    _prune(env, doctree, root)
    for node in root.findall():
        node.document = None  # copies (text too) refer to their page's document: never pickle that along
    return root


def _enumerable(env: Any, node: nodes.Element) -> bool:
    return any(domain.get_enumerable_node_type(node) for domain in env.domains.values())


def _prune(env: Any, node: nodes.Element, into: nodes.Element) -> None:
    for child in node.children:
        if not isinstance(child, nodes.Element):
            continue
        if isinstance(child, nodes.section):
            section = child.copy()
            _prune(env, child, section)
            into.append(section)
        elif isinstance(child, addnodes.toctree):
            into.append(child.copy())
        elif _enumerable(env, child):
            into.append(child.deepcopy())  # whole: its caption decides whether it is numbered
        else:
            _prune(env, child, into)


class _Skeletons:
    """Stands in for ``env.get_doctree`` while the collectors look for updated pages."""

    def __init__(self, env: Any) -> None:
        self.env = env
        self.path = Path(env.doctreedir) / FILE
        self.table: dict[str, tuple[tuple[int, int], nodes.Element]] = {}
        self.changed = False
        try:
            version, table = pickle.loads(self.path.read_bytes())
            if version == VERSION:
                self.table = table
        except Exception:  # missing, or written by another version: made anew
            self.table = {}

    def __call__(self, docname: str) -> nodes.Element:
        st = os.stat(Path(self.env.doctreedir) / f"{docname}.doctree")
        stamp = (st.st_size, st.st_mtime_ns)
        kept = self.table.get(docname)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        made = skeleton(self.env, type(self.env).get_doctree(self.env, docname))
        self.table[docname] = (stamp, made)
        self.changed = True
        return made

    def save(self) -> None:
        if self.changed:
            known = set(self.env.all_docs)
            table = {name: kept for name, kept in self.table.items() if name in known}
            self.path.write_bytes(pickle.dumps((VERSION, table), pickle.HIGHEST_PROTOCOL))


def _serve(app: Sphinx, env: Any) -> list[str]:
    if env.config.numfig and Path(env.doctreedir).is_dir():
        env.get_doctree = _Skeletons(env)
    return []


def _stop(app: Sphinx, env: Any) -> list[str]:
    served = env.__dict__.pop("get_doctree", None)
    if isinstance(served, _Skeletons):
        served.save()
    return []


def setup(app: Sphinx) -> None:
    app.connect("env-get-updated", _serve, priority=499)
    app.connect("env-get-updated", _stop, priority=501)
