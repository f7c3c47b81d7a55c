"""Markdown to HTML for every learner-facing text (raw HTML in the source is escaped, never run)."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    # commonmark with html=False: raw HTML in content is escaped, so content cannot inject markup.
    return MarkdownIt("commonmark", {"html": False, "typographer": False})


# A Genderstern between letters ("Kolleg*innen") is text, not emphasis: two in one field
# would otherwise turn the words between them italic.
_GENDERSTERN = re.compile(r"(?<=\w)\*(?=\w)")


def markdown(text: str, block: bool) -> str:
    md = _md()
    text = _GENDERSTERN.sub(r"\\*", text)
    return (md.render(text) if block else md.renderInline(text)).strip()
