"""Load one ``quizzes/<module>.yml`` into the model, with located errors.

A file is parsed by libyaml (ruamel.yaml's C loader, YAML 1.2 like the round trip), about ten times
faster than ruamel.yaml's round-trip loader. The round-trip loader, which keeps the line of every key
and list entry, runs only when a line is needed: for a syntax error, or when pydantic or a check
reports a problem, whose location is then mapped back onto its line. Returns a
:class:`ModuleActivities` or raises :class:`ContentErrors` listing every structural problem of the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..items import NAMES
from .errors import ContentError, ContentErrors, PathPart
from .model import ModuleActivities


class SourceMap:
    """Finds the line (1-based) of a path inside a round-trip-loaded YAML tree.

    Built from the tree, or from the text, which is then parsed only when a line is first asked for.
    """

    def __init__(self, data: Any = None, *, text: str | None = None):
        self._data, self._text = data, text

    @property
    def data(self) -> Any:
        if self._data is None and self._text is not None:
            self._data = YAML(typ="rt").load(self._text)
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
        return f"required field '{field}' is missing: add it"
    if kind == "extra_forbidden":
        return f"unknown field '{field}': remove it or correct its spelling"
    if kind == "union_tag_invalid":
        return f"unknown item type {ctx.get('tag')!r}: use one of {', '.join(NAMES)}"
    if kind == "union_tag_not_found":
        return "'type' is missing: say which item type this is (e.g. type: single)"
    if kind == "string_pattern_mismatch":
        if "[0-9]{2}" in str(ctx.get("pattern", "")):
            return f"{err['input']!r} is not a module id: write m followed by two digits, e.g. m01"
        return (
            f"{err['input']!r} is not a valid id: use lowercase letters, digits and '-' "
            "(e.g. m01-q03, or a, b, c inside an item)"
        )
    if kind in ("string_too_short", "too_short"):
        return f"is too short: {err['msg'].lower()}"
    if kind == "literal_error":
        return f"{err['input']!r} is not allowed: {err['msg'].lower()}"
    return f"{err['msg']} (got {err['input']!r})"


def _strip_tags(loc: Sequence[PathPart]) -> tuple[PathPart, ...]:
    """Drop pydantic's union tags (item type names) from an error location."""
    tags = set(NAMES)
    out: list[PathPart] = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and part in tags and i > 0 and isinstance(loc[i - 1], int):
            continue
        out.append(part)
    return tuple(out)


def read_yaml(path: Path, shown: str) -> Any:
    """Parse YAML keeping line numbers; syntax errors become ContentErrors."""
    yaml = YAML(typ="rt")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentErrors(
            [ContentError(shown, None, (), f"not UTF-8 text ({exc.reason}): save the file as UTF-8")]
        ) from None
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = (
            "remove or rename the repeated key"
            if "duplicate" in problem
            else "fix the YAML syntax (indentation, quotes, ':')"
        )
        raise ContentErrors([ContentError(shown, line, (), f"YAML syntax error: {problem}: {hint}")]) from None


_UNREAD = object()


def _fast_load(text: str) -> Any:
    """Plain data through libyaml, or ``_UNREAD`` if the C loader is missing or the text has any
    problem (the round-trip loader then reads it and reports the problem with its line)."""
    yaml = YAML(typ="safe", pure=False)
    if "CParser" not in yaml.Parser.__name__:
        return _UNREAD
    try:
        return yaml.load(text)
    except (YAMLError, ValueError):
        return _UNREAD


_LOADED: dict[tuple[str, str, str], tuple[ModuleActivities, SourceMap]] = {}


def load_module_file(path: Path, shown: str) -> tuple[ModuleActivities, SourceMap]:
    """Load and validate one module file; ``shown`` is the name used in messages. A file whose
    text was loaded before in this process (``kursbuch watch``) is not parsed again."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = None  # read_yaml reports it
    key = (str(path), shown, text or "")
    if text is not None and key in _LOADED:
        return _LOADED[key]
    result = _load_module_text(path, shown, text)
    if len(_LOADED) > 256:  # bounded: a long watch session sees many versions of each file
        _LOADED.clear()
    _LOADED[key] = result
    return result


def _load_module_text(path: Path, shown: str, text: str | None) -> tuple[ModuleActivities, SourceMap]:
    data = _UNREAD if text is None else _fast_load(text)
    if data is _UNREAD:
        data = read_yaml(path, shown)
        smap = SourceMap(data)
    else:
        smap = SourceMap(text=text)
    if not isinstance(data, dict):
        raise ContentErrors(
            [ContentError(shown, 1, (), "the file must be a mapping with 'module', 'quizzes' and 'scenarios'")]
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
                    f"module {model.module!r} does not match the file name: write module: {expected}",
                )
            ]
        )
    return model, smap
