"""Read one course source file as text, or say exactly why it cannot be read.

``read_source(path, shown)`` returns the file's text (UTF-8) or raises :class:`ContentErrors`
with one located message: a file larger than :data:`MAX_BYTES`, a UTF-16/UTF-32 file (by its
byte order mark), bytes that are not UTF-8 (with the line of the first one and the encoding it
most likely is), a control character such as NUL (line and column). Every reader of
``quizzes/*.yml``, ``_config.yml``, ``_toc.yml`` and the Markdown pages goes through it, so no
such file ends in a ``UnicodeDecodeError`` or a parser's ``ReaderError`` traceback.

``shorten(value)`` is the one way a message quotes what an author wrote: a readable repr cut to
:data:`QUOTE_CHARS` characters, so a message never echoes a megabyte of input.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import Any

from .errors import ContentError, ContentErrors

MAX_BYTES = 1_000_000  # a quiz file or module page of this course is 10-60 KB; ten times the largest is plenty
QUOTE_CHARS = 60
SAVE_AS_UTF8 = "save it as UTF-8 (als UTF-8 speichern)"

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32 LE"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32 BE"),
    (codecs.BOM_UTF16_LE, "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "UTF-16 BE"),
)
# C0 controls except tab, line feed and carriage return; DEL; C1 controls (mostly Windows-1252 text
# decoded the wrong way). None of them has a use in a course text, and NUL stops YAML parsers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def shorten(value: Any, limit: int = QUOTE_CHARS) -> str:
    """``repr`` of what the author wrote, cut to ``limit`` characters with the full length named."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(str(value))} characters)"


def control_char_name(char: str) -> str:
    name = unicodedata.name(char, "") or {"\x00": "NUL"}.get(char, "control character")
    return f"U+{ord(char):04X} ({name})" if name != "control character" else f"U+{ord(char):04X}"


def find_control(text: str) -> tuple[int, int, str] | None:
    """Line, column (1-based) and the character of the first control character in ``text``."""
    m = _CONTROL.search(text)
    if m is None:
        return None
    start = m.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column, m.group()


def _guess_encoding(data: bytes) -> str:
    """The encoding non-UTF-8 text most likely has: Windows-1252 (a superset of Latin-1 in practice)."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "an unknown encoding"
    return "Latin-1/Windows-1252"


def read_source(path: Path, shown: str, *, bom_ok: bool = True) -> str:
    """The text of ``path``; ``bom_ok=False`` for Markdown pages (a UTF-8 byte order mark hides their
    front matter from Jupyter Book)."""

    def fail(line: int | None, message: str) -> ContentErrors:
        return ContentErrors([ContentError(shown, line, (), message)])

    size = path.stat().st_size
    if size > MAX_BYTES:
        raise fail(
            None,
            f"the file has {size / 1e6:.1f} MB, more than the {MAX_BYTES / 1e6:g} MB a course file may have — "
            "split it (one module per file) or remove what does not belong to it",
        )
    data = path.read_bytes()
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise fail(1, f"the file is saved as {name} — {SAVE_AS_UTF8}")
    if data.startswith(codecs.BOM_UTF8):
        if not bom_ok:
            raise fail(
                1,
                "the file starts with a byte order mark (BOM) — save it as UTF-8 without BOM "
                "(als UTF-8 ohne BOM speichern)",
            )
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise fail(
            line,
            f"byte 0x{byte:02X} is not UTF-8: the file looks like {_guess_encoding(data)} text — {SAVE_AS_UTF8}",
        ) from None
    found = find_control(text)
    if found is not None:
        line, column, char = found
        hint = " (a NUL often means the file was saved as UTF-16)" if char == "\x00" else ""
        raise fail(
            line,
            f"column {column}: the control character {control_char_name(char)} has no place in a course "
            f"file{hint} — remove it, or {SAVE_AS_UTF8}",
        )
    return text
