"""Sphinx side of the local adaptation (:mod:`kursbuch.core.kommune`): the role ``{kommune}`key```.

- the role prints the value of ``kursbuch: kommune: <key>`` from ``_config.yml`` (a link when the key
  has a configured URL), or the key's neutral fallback when it is empty, or the use's own fallback
  (``{kommune}`key <Ersatztext>```); an unknown key is an error at its line (``kursbuch check``
  reports it first);
- a page that uses the role depends on ``_config.yml``, and ``env-get-outdated`` marks every module
  page outdated when the ``kommune:`` values changed (quiz texts use them too), so ``kursbuch watch``
  never shows old values.

Handouts reprint sections of the built pages, so they carry the rendered values as well.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx.application import Sphinx

from ..core.kommune import Kommune, known, parse, unknown_key_message
from ..core.project import find_root


def kommune_nodes(kommune: Kommune, content: str) -> list[nodes.Node]:
    """The nodes for the role's content ``key`` or ``key <fallback>``; raises KeyError for an unknown key."""
    key, fallback = parse(content)
    if not known(key):
        raise KeyError(unknown_key_message(key))
    text = kommune.text(key, fallback)
    url = kommune.url(key)
    if url:
        return [nodes.reference(text, text, refuri=url)]
    return [nodes.inline(text, text, classes=["kb-kommune"])]


def _settings(app: Sphinx) -> Kommune:
    course = getattr(app, "kursbuch_course", None)
    return course.settings.kommune if course is not None else Kommune()


def kommune_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    env = inliner.document.settings.env
    env.note_dependency(str(find_root(Path(env.srcdir)) / "_config.yml"))
    try:
        return kommune_nodes(_settings(env.app), text), []
    except KeyError as exc:
        message = inliner.reporter.error(exc.args[0], line=lineno)
        problem = inliner.problematic(rawtext, rawtext, message)
        return [problem], [message]


def _values_hash(app: Sphinx) -> str:
    return hashlib.sha256(_settings(app).model_dump_json().encode()).hexdigest()


def _pages_of_changed_values(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """The ``kommune:`` values changed: every module page is written again (its quiz texts use them)."""
    old, new = getattr(env, "kursbuch_kommune_hash", None), _values_hash(app)
    env.kursbuch_kommune_hash = new
    if old in (None, new):
        return []
    return sorted(d for d in env.found_docs if d.startswith("modules/"))


def setup(app: Sphinx) -> None:
    app.add_role("kommune", kommune_role)
    app.connect("env-get-outdated", _pages_of_changed_values)
