"""Load one ``quizzes/<module>.yml`` into the model, with located errors.

A file is parsed by libyaml (ruamel.yaml's C loader, YAML 1.2 like the round trip), about ten times
faster than ruamel.yaml's round-trip loader. The round-trip loader, which keeps the line of every key
and list entry, runs only when a line is needed: for a syntax error, or when pydantic or a check
reports a problem, whose location is then mapped back onto its line. Returns a
:class:`ModuleActivities` or raises :class:`ContentErrors` listing every structural problem of the file.

Hostile or broken input ends in one located message, never in a traceback or a runaway: the text is
read by :func:`~kursbuch.core.source_text.read_source` (size, encoding, control characters); a parsed
tree may expand to at most :data:`MAX_NODES` values (aliases are counted once per use, so a "billion
laughs" file is refused before anything copies it), nest at most :data:`MAX_DEPTH` levels and hold no
alias that contains itself; an unclosed quote is reported at the line where it opens.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..items import NAMES
from .base import RESERVED_ID
from .errors import ContentError, ContentErrors, PathPart
from .model import ModuleActivities
from .source_text import read_source, shorten

MAX_NODES = 200_000  # values after alias expansion; the largest quiz file of this course has about 2,000
MAX_DEPTH = 40  # nesting levels; quiz files nest about 12 deep (scenario > node > choice > route > when > all)


class SourceMap:
    """Finds the line (1-based) of a path inside a round-trip-loaded YAML tree.

    Built from the tree, or from the text, which is then parsed only when a line is first asked for.
    """

    def __init__(self, data: Any = None, *, text: str | None = None, shown: str = ""):
        self._data, self._text, self._shown = data, text, shown

    @property
    def data(self) -> Any:
        if self._data is None and self._text is not None:
            # libyaml accepts a few things the round-trip parser refuses (a tab before a comment):
            # found only now, when a line is needed, they are reported like any syntax error.
            self._data = read_yaml(Path(self._shown), self._shown, self._text)
        return self._data

    def line(self, path: Sequence[PathPart]) -> int | None:
        node = self.data
        line = getattr(getattr(node, "lc", None), "line", None)
        for part in path:
            if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
                line = node.lc.key(part)[0]
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line = node.lc.item(part)[0]
                node = node[part]
            else:
                break
        return None if line is None else line + 1


def plain(data: Any) -> Any:
    """Round-trip containers to plain dicts/lists (pydantic validates those)."""
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


def pydantic_message(err: Mapping[str, Any]) -> str:
    """Turn a pydantic error into an instruction an author can follow."""
    kind, loc = err["type"], err["loc"]
    field = loc[-1] if loc else ""
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"required field '{field}' is missing — add it"
    if kind == "extra_forbidden":
        return f"unknown field '{field}' — remove it or correct its spelling"
    if kind == "union_tag_invalid":
        return f"unknown item type {shorten(ctx.get('tag'))} — use one of {', '.join(NAMES)}"
    if kind == "union_tag_not_found":
        return "'type' is missing — say which item type this is (e.g. type: single)"
    if kind == "string_pattern_mismatch":
        if "[0-9]{2}" in str(ctx.get("pattern", "")):
            return (
                f"{shorten(err['input'])} is not a module id — write m followed by two digits, "
                "or by a number from 100 on, e.g. m01 or m100"
            )
        return (
            f"{shorten(err['input'])} is not a valid id — use lowercase letters, digits and '-' "
            "(e.g. m01-q03, or a, b, c inside an item)"
        )
    if kind == RESERVED_ID:
        return str(err["msg"])
    if kind == "string_too_short":
        return f"is empty or too short — write at least {ctx.get('min_length', 1)} character(s)"
    if kind == "too_short":
        return f"has too few entries — give at least {ctx.get('min_length', 1)}"
    if kind in ("literal_error", "enum"):
        return f"{shorten(err['input'])} is not allowed — use {ctx.get('expected', 'one of the documented values')}"
    got = shorten(err.get("input"))
    for bound, wording in (("le", "up to"), ("lt", "below"), ("ge", "of at least"), ("gt", "above")):
        if bound in ctx:
            return f"{got} is out of range — write a number {wording} {ctx[bound]}"
    todo = _TYPE_TODO.get(kind.removesuffix("_parsing").removesuffix("_type"))
    if todo:
        return f"{got} {todo}"
    return f"{err['msg']} (got {got}) — correct the value as docs/format-reference.md describes it"


# What to write instead of a value of the wrong type (pydantic error kinds without "_type"/"_parsing").
_TYPE_TODO = {
    "int": "is not a whole number — write one, e.g. 2",
    "float": "is not a number — write one, e.g. 2.5",
    "bool": "is not true or false — write true or false",
    "string": "is not a text — write a text (in quotes if it starts with a special character)",
    "list": "is not a list — write one entry per line starting with '- '",
    "dict": "is not a mapping — write key: value lines, indented below it",
    "model": "is not a mapping — write key: value lines, indented below it",
    "date_from_datetime": "is not a date — write it as YYYY-MM-DD",
    "date": "is not a date — write it as YYYY-MM-DD",
}


def _strip_tags(loc: Sequence[PathPart]) -> tuple[PathPart, ...]:
    """Drop pydantic's union tags (item type names) from an error location."""
    tags = set(NAMES)
    out: list[PathPart] = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and part in tags and i > 0 and isinstance(loc[i - 1], int):
            continue
        out.append(part)
    return tuple(out)


def read_yaml(path: Path, shown: str, text: str | None = None) -> Any:
    """Parse YAML keeping line numbers; unreadable text, syntax errors and runaway trees become
    ContentErrors."""
    if text is None:
        text = read_source(path, shown)
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        raise ContentErrors([_syntax_error(exc, text, shown)]) from None
    except RecursionError:
        raise ContentErrors([_too_deep(text, shown)]) from None
    except ValueError:  # ruamel builds dates itself: 2026-02-30 is a ValueError without a mark
        raise ContentErrors([_not_a_date(text, shown)]) from None
    except YAMLError as exc:  # e.g. a ReaderError: read_source lets no such text through, but never a traceback
        raise ContentErrors(
            [ContentError(shown, None, (), f"YAML error: {shorten(str(exc), 200)} — fix the YAML syntax")]
        ) from None
    check_tree(data, text, shown)
    return data


def read_config(path: Path, shown: str) -> tuple[Any, SourceMap]:
    """A settings file (``_config.yml``) parsed with libyaml when it can, and a source map that parses
    it again, with line numbers, only when a line is asked for.

    The round-trip parser :func:`read_yaml` takes about 0.1 s for this course's ``_config.yml``;
    every build reads the file in several places and needs a line only for an error."""
    text = read_source(path, shown)
    try:
        data = YAML(typ="safe", pure=False).load(text)
    except (YAMLError, ValueError, RecursionError):
        data = read_yaml(path, shown, text)  # raises the located syntax error
        return data, SourceMap(data)
    check_tree(data, text, shown)  # no alias bomb reaches a settings model
    return data, SourceMap(text=text, shown=shown)


_DATE = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.:-])")


def _not_a_date(text: str, shown: str) -> ContentError:
    """The first value that looks like a date but names no day of the calendar, with its line."""
    for n, line in enumerate(text.splitlines(), 1):
        for m in _DATE.finditer(line.split(" #", 1)[0]):
            try:
                dt.date(*(int(g) for g in m.groups()))
            except ValueError:
                return ContentError(
                    shown, n, (), f"{m.group(0)!r} is not a date — write a day of the calendar as YYYY-MM-DD"
                )
    return ContentError(shown, None, (), "a value is not a date — write dates as YYYY-MM-DD")


def _syntax_error(exc: MarkedYAMLError, text: str, shown: str) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    problem = shorten((exc.problem or exc.context or "invalid YAML").strip(), 200).strip("'\"")
    if "duplicate" in problem:
        return ContentError(shown, line, (), f"YAML syntax error: {problem} — remove or rename the repeated key")
    opened = _unclosed_quote(text, line)
    if opened is not None:
        return ContentError(
            shown,
            opened,
            (),
            f"YAML syntax error: the quote opened on this line is not closed (the parser stopped at line {line}: "
            f"{problem}) — close the quote on this line, or write a text over several lines after '|'",
        )
    return ContentError(
        shown, line, (), f"YAML syntax error: {problem} — fix the YAML syntax (indentation, quotes, ':')"
    )


# A value that opens a quote and does not close it on its line: `key: "text` or `- 'text`.
_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s#'"][^:#]*:\s+)?(["'])(.*)$""")


def _unclosed_quote(text: str, stop: int | None) -> int | None:
    """The first line before ``stop`` whose quoted value does not end on that line. YAML lets a quoted
    text run over lines, so a forgotten quote is only noticed lines later, where the parser stops."""
    lines = text.splitlines()[: stop or None]
    for number, line in enumerate(lines, 1):
        m = _OPEN_QUOTE.match(line)
        if not m:
            continue
        quote, rest = m.groups()
        if quote == '"':
            rest = re.sub(r"\\.", "", rest)
            closed = '"' in rest
        else:
            closed = "'" in rest.replace("''", "")
        if not closed:
            return number
    return None


def _too_deep(text: str, shown: str) -> ContentError:
    return ContentError(
        shown,
        _deepest_line(text),
        (),
        f"the YAML nests deeper than {MAX_DEPTH} levels — flatten it; a course file never needs this depth",
    )


def _deepest_line(text: str) -> int | None:
    """Where nesting first exceeds the limit: counted by brackets of flow collections, else by indentation."""
    depth = 0
    deepest, at = -1, None
    for number, line in enumerate(text.splitlines(), 1):
        for char in line:
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif char in "]}":
                depth -= 1
        indent = len(line) - len(line.lstrip(" -"))
        if line.strip() and indent > deepest:
            deepest, at = indent, number
    return at


def _first_alias_line(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(r"(?:^|[\s\[{,])\*[^\s,\[\]{}]+", line):
            return number
    return None


def check_tree(data: Any, text: str, shown: str) -> None:
    """Refuse a parsed tree that would run away when copied or validated: more than :data:`MAX_NODES`
    values once aliases are expanded, deeper than :data:`MAX_DEPTH`, or an alias inside itself."""
    sizes: dict[int, int] = {}  # expanded size of every container, computed once per object
    open_: set[int] = set()

    def size(node: Any, depth: int) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise ContentErrors(
                [
                    ContentError(
                        shown,
                        _first_alias_line(text),
                        (),
                        "an alias (*name) refers to the value it is part of, so it never ends — "
                        "write the value out instead of the alias",
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise ContentErrors([_too_deep(text, shown)])
        open_.add(key)
        children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        total = 1 + sum(size(child, depth + 1) for child in children)
        open_.discard(key)
        sizes[key] = total
        if total > MAX_NODES:
            raise ContentErrors(
                [
                    ContentError(
                        shown,
                        _first_alias_line(text),
                        (),
                        f"the file expands to more than {MAX_NODES:,} values through its aliases (*name) — "
                        "write the repeated values out, or use fewer aliases",
                    )
                ]
            )
        return total

    size(data, 0)


_UNREAD = object()


def _fast_load(text: str) -> Any:
    """Plain data through libyaml, or ``_UNREAD`` if the C loader is missing or the text has any
    problem (the round-trip loader then reads it and reports the problem with its line)."""
    yaml = YAML(typ="safe", pure=False)
    if "CParser" not in yaml.Parser.__name__:
        return _UNREAD
    try:
        return yaml.load(text)
    except (YAMLError, ValueError, RecursionError):
        return _UNREAD


_LOADED: dict[tuple[str, str, str], tuple[ModuleActivities, SourceMap]] = {}


def load_module_file(path: Path, shown: str) -> tuple[ModuleActivities, SourceMap]:
    """Load and validate one module file; ``shown`` is the name used in messages. A file whose
    text was loaded before in this process (``kursbuch watch``) is not parsed again."""
    text = read_source(path, shown)
    key = (str(path), shown, text)
    if key in _LOADED:
        return _LOADED[key]
    result = _load_module_text(path, shown, text)
    if len(_LOADED) > 256:  # bounded: a long watch session sees many versions of each file
        _LOADED.clear()
    _LOADED[key] = result
    return result


def _load_module_text(path: Path, shown: str, text: str) -> tuple[ModuleActivities, SourceMap]:
    data = _fast_load(text)
    if data is _UNREAD:
        data = read_yaml(path, shown, text)
        smap = SourceMap(data)
    else:
        check_tree(data, text, shown)
        smap = SourceMap(text=text, shown=shown)
    if not isinstance(data, dict):
        raise ContentErrors(
            [
                ContentError(
                    shown,
                    1,
                    (),
                    "the file is not a mapping — write the keys module, quizzes and scenarios, one per line (see docs/format-reference.md)",
                )
            ]
        )
    try:
        model = ModuleActivities.model_validate(plain(data))
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = _strip_tags(err["loc"])
            if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                loc = (*loc, "type")
            errors.append(ContentError(shown, smap.line(loc), loc, pydantic_message(err)))
        raise ContentErrors(errors) from None
    expected = path.stem
    if model.module != expected:
        raise ContentErrors(
            [
                ContentError(
                    shown,
                    smap.line(("module",)),
                    ("module",),
                    f"module {model.module!r} does not match the file name — write module: {expected}",
                )
            ]
        )
    return model, smap
