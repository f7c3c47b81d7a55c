"""Markdown to HTML for every learner-facing text (raw HTML in the source is escaped, never run).

A link to another host gets the attributes and the visible marker of every outside link
(:func:`kursbuch.core.content_security.external_attrs`, ``EXTERNAL_MARK``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .content_security import EXTERNAL_MARK, external_attrs, is_web_link


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # commonmark with html=False: raw HTML in content is escaped, so content cannot inject markup.
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    return md


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if is_web_link(str(token.attrGet("href") or "")):
        for name, value in external_attrs().items():
            token.attrSet(name, value)
        closing = next(t for t in tokens[idx:] if t.type == "link_close")  # links do not nest
        closing.meta["external"] = True
    return str(self.renderToken(tokens, idx, options, env))


def _link_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    mark = EXTERNAL_MARK if tokens[idx].meta.get("external") else ""
    return mark + str(self.renderToken(tokens, idx, options, env))


# A Genderstern between letters ("Kolleg*innen") is text, not emphasis: two in one field
# would otherwise turn the words between them italic.
_GENDERSTERN = re.compile(r"(?<=\w)\*(?=\w)")


def markdown(text: str, block: bool) -> str:
    md = _md()
    text = _GENDERSTERN.sub(r"\\*", text)
    return (md.render(text) if block else md.renderInline(text)).strip()
