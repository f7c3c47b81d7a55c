"""The book files ``_config.yml`` and ``_toc.yml``, checked before Jupyter Book reads them.

Jupyter Book reports a wrong book file late and without a line (a ``TypeError`` for ``execute: 5``, a
missing page blamed on ``index.md``) or not at all (a module left out of ``_toc.yml`` is dropped). Here
every problem is one located :class:`ContentError` (``file:line: where: what is wrong — what to do``):

- ``_config.yml``: every key against Jupyter Book's own JSON Schema (``jupyter_book/config_schema.json``:
  types and allowed values of ``execute:``, ``html:``, ``parse:`` …); unknown top-level keys (a typo is
  otherwise ignored silently); the values Kursbuch itself relies on (``only_build_toc_files``, the MyST
  extensions, ``sphinx: config:`` ``language`` (German), ``extensions`` (with the Kursbuch adapter),
  ``kursbuch_edition``); no feature that prints raw HTML or calls another host (an announcement,
  analytics, comments, Thebe, a logo or favicon from another host); control characters in the values printed into pages
  (:func:`~kursbuch.core.content_security.course_value_problems`). The ``kursbuch:`` block has its own
  loaders (:mod:`kursbuch.core.course_settings`, ``kursbuch.export.settings``, ``kursbuch.legal``).
- ``_toc.yml``: ``format``, ``root`` and every entry exist (``- file: path`` without or with ``.md``);
  no page is listed twice; every page in ``modules/`` is listed or excluded. A publisher who keeps a
  module out of the course (a draft, a module for another audience) names it in Jupyter Book's own
  ``exclude_patterns`` in ``_config.yml`` (``exclude_patterns: [..., modules/m09.md]``): the same key
  that keeps it out of the build, so the check and the build cannot disagree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .content_security import course_value_problems, is_outside
from .errors import ContentError, PathPart
from .loader import SourceMap, plain
from .source_text import shorten

CONFIG, TOC = "_config.yml", "_toc.yml"
PAGE_SUFFIXES = (".md", ".ipynb")
TOC_FORMATS = ("jb-book", "jb-article")
ADAPTER = "kursbuch.adapters.sphinx"
EDITIONS = ("learner", "trainer")
# myst-parser 3's syntax extensions (myst_parser/config/main.py, check_extensions).
MYST_EXTENSIONS = (
    "amsmath",
    "attrs_block",
    "attrs_image",
    "attrs_inline",
    "colon_fence",
    "deflist",
    "dollarmath",
    "fieldlist",
    "html_admonition",
    "html_image",
    "linkify",
    "replacements",
    "smartquotes",
    "strikethrough",
    "substitution",
    "tasklist",
)
# Top-level keys Jupyter Book reads besides those its schema describes (jupyter_book/default_config.yml).
EXTRA_TOP_KEYS = ("only_build_toc_files", "kursbuch")
# sphinx: config: keys whose type Kursbuch relies on; the value is the type's name in messages.
SPHINX_BOOLS = ("html_copy_source", "html_show_sourcelink", "html_permalinks")
SPHINX_MAPPINGS = ("html_context", "html_theme_options", "nb_ipywidgets_js")

_TYPE_TODO = {
    "object": "must be a mapping — write the keys of {key}: below it, one per line, indented",
    "boolean": "{value} is not true or false — write true or false",
    "number": "{value} is not a number — write a number, e.g. 60",
    "integer": "{value} is not a whole number — write a number, e.g. 60",
    "string": "{value} is not a text — write it as a text in quotes",
    "array": "{value} is not a list — write a list, e.g. [a, b]",
}


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    """Jupyter Book's own schema of ``_config.yml``, read as a file (Jupyter Book itself is not imported)."""
    text = (resources.files("jupyter_book") / "config_schema.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _type_name(value: Any) -> str:
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else shorten(value)


def config_problems(data: Any, smap: SourceMap) -> list[ContentError]:
    """Every problem of a parsed ``_config.yml`` (``smap`` finds a key's line)."""
    import jsonschema  # type: ignore[import-untyped]  # only `check` needs it; Jupyter Book brings it

    def error(path: tuple[PathPart, ...], message: str) -> ContentError:
        return ContentError(CONFIG, smap.line(path), path, message)

    if not isinstance(data, dict):
        return []  # reported by the caller: not a mapping
    values = plain(data)
    schema = _schema()
    errors = []
    validator = jsonschema.Draft7Validator(schema)
    for err in sorted(validator.iter_errors(values), key=lambda e: [str(p) for p in e.absolute_path]):
        path = tuple(p if isinstance(p, int) else str(p) for p in err.absolute_path)
        errors.append(error(path, _schema_message(err, path)))
    known = {*schema["properties"], *EXTRA_TOP_KEYS}
    for key in values:
        if key not in known:
            errors.append(
                error(
                    (key,),
                    f"unknown key {shorten(key)}: Jupyter Book would ignore it — remove it or correct its spelling "
                    f"(known keys: {', '.join(sorted(known))})",
                )
            )
    errors.extend(_kursbuch_needs(values, error))
    errors.extend(course_value_problems(data, CONFIG, smap.line))
    return errors


def _schema_message(err: Any, path: tuple[PathPart, ...]) -> str:
    value, kind = err.instance, err.validator
    key = str(path[-1]) if path else "the file"
    if kind == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        wanted = next((t for t in expected if t != "null"), "string")
        return _TYPE_TODO.get(wanted, "{value} has the wrong type — correct it").format(
            key=key, value=_type_name(value)
        )
    if kind == "enum":
        allowed = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in err.validator_value)
        return f"{shorten(value)} is not allowed — use one of {allowed}"
    if kind == "minimum":
        return f"{shorten(value)} is too small — write a number of at least {err.validator_value}"
    return f"{shorten(err.message, 120)} — correct the value (Jupyter Book's configuration reference lists it)"


def _kursbuch_needs(values: dict[str, Any], error: Any) -> Iterator[ContentError]:
    """What Kursbuch relies on beyond Jupyter Book's schema."""
    if "only_build_toc_files" in values and not isinstance(values["only_build_toc_files"], bool):
        yield error(
            ("only_build_toc_files",),
            _TYPE_TODO["boolean"].format(value=_type_name(values["only_build_toc_files"])),
        )
    parse = values.get("parse")
    extensions = parse.get("myst_enable_extensions") if isinstance(parse, dict) else None
    for i, name in enumerate(extensions if isinstance(extensions, list) else []):
        if isinstance(name, str) and name not in MYST_EXTENSIONS:
            yield error(
                ("parse", "myst_enable_extensions", i),
                f"{shorten(name)} is not a MyST extension — use one of {', '.join(MYST_EXTENSIONS)}",
            )
    yield from _no_outside_calls(values, error)
    sphinx = values.get("sphinx")
    config = sphinx.get("config") if isinstance(sphinx, dict) else None
    if not isinstance(config, dict):
        config = {}
    at = ("sphinx", "config")
    if "language" in config:
        language = config["language"]
        if not (isinstance(language, str) and re.fullmatch(r"de(?:[_-][A-Za-z]{2})?", language)):
            yield error(
                (*at, "language"),
                f"{shorten(language)}: Kursbuch's interface and its pages are German — write language: de",
            )
    if "kursbuch_edition" in config and config["kursbuch_edition"] not in EDITIONS:
        yield error(
            (*at, "kursbuch_edition"),
            f"{shorten(config['kursbuch_edition'])} is not an edition — use one of {', '.join(EDITIONS)}",
        )
    for key in SPHINX_BOOLS:
        if key in config and not isinstance(config[key], bool):
            yield error((*at, key), _TYPE_TODO["boolean"].format(value=_type_name(config[key])))
    for key in SPHINX_MAPPINGS:
        if key in config and not isinstance(config[key], dict):
            yield error((*at, key), _TYPE_TODO["object"].format(key=key))
    extra = sphinx.get("extra_extensions") if isinstance(sphinx, dict) else None
    listed = [*(config.get("extensions") or []), *(extra if isinstance(extra, list) else [])]
    if "extensions" in config and not isinstance(config["extensions"], list):
        yield error((*at, "extensions"), _TYPE_TODO["array"].format(value=_type_name(config["extensions"])))
    elif ADAPTER not in listed:
        where = (*at, "extensions") if "extensions" in config else at if config else ("sphinx",)
        yield error(
            where,
            f"the Kursbuch adapter is not among the Sphinx extensions, so no activity would be shown — "
            f"add {ADAPTER} to sphinx: config: extensions",
        )


# sphinx: config: keys (at any depth, e.g. html_theme_options: logo: image_light) whose values a page loads.
SPHINX_LOADING = ("html_js_files", "html_css_files", "html_favicon", "html_logo", "image_light", "image_dark")
# Jupyter Book features that print raw HTML from _config.yml or make every page call another host.
OUTSIDE_FEATURES: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("html", "announcement"),
        "is printed as raw HTML on every page, or fetched from another host if it is an address",
    ),
    (("html", "analytics", "google_analytics_id"), "sends every page view to Google"),
    (("html", "analytics", "plausible_analytics_domain"), "sends every page view to an analytics server"),
    (("html", "comments", "hypothesis"), "loads Hypothesis from another host on every page"),
    (("html", "comments", "utterances"), "loads utterances from GitHub on every page"),
    (("launch_buttons", "thebe"), "loads Thebe from a CDN"),
)


def _get(values: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = values
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _no_outside_calls(values: dict[str, Any], error: Any) -> Iterator[ContentError]:
    """No value that runs markup or makes a learner's browser call another host (``README.md``)."""
    for path, what in OUTSIDE_FEATURES:
        if _get(values, path):
            yield error(path, f"{what}; the course makes no request to any other host — remove the value")
    loading: list[tuple[tuple[PathPart, ...], Any]] = [
        (("logo",), values.get("logo")),
        (("html", "favicon"), _get(values, ("html", "favicon"))),
    ]
    config = _get(values, ("sphinx", "config"))
    for key, value in _walk(config if isinstance(config, dict) else {}, ("sphinx", "config")):
        if key[-1] == "announcement" and value:
            yield error(
                key, f"{OUTSIDE_FEATURES[0][1]}; the course makes no request to any other host — remove the value"
            )
        elif key[-1] in SPHINX_LOADING or (len(key) > 1 and key[-2] in SPHINX_LOADING):
            loading.append((key, value))
    for where, value in loading:
        if isinstance(value, str) and is_outside(value):
            yield error(
                where,
                f"{shorten(value)} would be loaded from another host on every page — copy the file into the "
                "course folder and give its relative path",
            )


def _walk(node: Any, path: tuple[PathPart, ...]) -> Iterator[tuple[tuple[PathPart, ...], Any]]:
    """Every (path, value) below ``node``, containers included."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        here = (*path, key)
        yield here, value
        yield from _walk(value, here)


def excluded(relpath: str, patterns: list[str]) -> bool:
    """``relpath`` (a posix path in the course folder) or a folder above it matches one of Sphinx's
    ``exclude_patterns`` (``*`` within a folder, ``**`` across folders, ``?`` one character)."""
    parts = relpath.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(_glob(p).fullmatch(c) for p in patterns if isinstance(p, str) for c in candidates)


@lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out)


def _page(root: Path, name: str) -> Path | None:
    """The file a toc entry names (with or without its suffix), if it exists."""
    if name.endswith(PAGE_SUFFIXES):
        return root / name if (root / name).is_file() else None
    return next((root / f"{name}{s}" for s in PAGE_SUFFIXES if (root / f"{name}{s}").is_file()), None)


def toc_problems(data: Any, smap: SourceMap, root: Path, exclude: list[str]) -> list[ContentError]:
    """Every problem of a parsed ``_toc.yml``; ``exclude``: the ``exclude_patterns`` of ``_config.yml``."""
    errors: list[ContentError] = []

    def error(path: tuple[PathPart, ...], message: str, file: str = TOC) -> None:
        errors.append(ContentError(file, smap.line(path) if file == TOC else None, path, message))

    if not isinstance(data, dict):
        return errors  # reported by the caller: not a mapping
    values = plain(data)
    if values.get("format") not in TOC_FORMATS:
        error(
            ("format",),
            f"{shorten(values.get('format'))} is not a table-of-contents format Jupyter Book reads — "
            f"write format: jb-book (or {TOC_FORMATS[1]} for a book without parts and chapters)",
        )
    seen: dict[str, int | None] = {}

    def listed(path: tuple[PathPart, ...], name: Any, root_entry: bool = False) -> None:
        if not isinstance(name, str) or not name.strip():
            error(path, f"{shorten(name)} is not a page — write the page's path, e.g. modules/m01")
            return
        key = name.strip().removeprefix("./")
        for suffix in PAGE_SUFFIXES:
            key = key.removesuffix(suffix)
        todo = "create the page or name an existing one" if root_entry else "create the page or remove the entry"
        if _page(root, name.strip().removeprefix("./")) is None:
            error(path, f"the page {shorten(name)} does not exist (no {key}.md in the course folder) — {todo}")
        elif key in seen:
            first = seen[key]
            error(path, f"{shorten(name)} is listed before{f' (line {first})' if first else ''} — list each page once")
        seen[key] = smap.line(path)

    if "root" not in values:
        error((), "'root' is missing: the book needs a start page — add root: index")
    else:
        listed(("root",), values["root"], root_entry=True)

    def walk(node: dict[str, Any], path: tuple[PathPart, ...]) -> None:
        for key in ("parts", "subtrees", "chapters", "sections", "entries"):
            if key not in node:
                continue
            items = node[key]
            if not isinstance(items, list) or not items:
                error((*path, key), f"{key} must be a list of entries — write one '- file: path' line per page")
                continue
            for i, item in enumerate(items):
                here = (*path, key, i)
                if not isinstance(item, dict):
                    error(here, f"{shorten(item)} is not an entry — write each entry as - file: path")
                    continue
                if key in ("parts", "subtrees"):
                    walk(item, here)
                    continue
                if "file" in item:
                    listed((*here, "file"), item["file"])
                elif "glob" not in item and "url" not in item:
                    error(here, "the entry names no page — write each entry as - file: path (or glob:, url:)")
                walk(item, here)

    walk(values, ())
    for page in sorted((root / "modules").glob("*.md")):
        rel = page.relative_to(root).as_posix()
        if rel.removesuffix(".md") in seen or excluded(rel, exclude):
            continue
        errors.append(
            ContentError(
                rel,
                None,
                (TOC,),
                f"the page is not in {TOC}, so the build would leave it out without a word — "
                f"add - file: {rel.removesuffix('.md')} to {TOC}, or exclude it in {CONFIG} "
                f"(exclude_patterns: [..., {rel}])",
            )
        )
    return errors
