"""The Datenschutzhinweise name exactly the browser storage keys the course's scripts write, each where
it is written.

The keys are read from the JavaScript sources, not from a list kept here: every ``…Storage.setItem``
(and ``store.setItem``) call in the runtime (kursbuch/assets, the item scripts) and in the theme
scripts the web course loads (Sphinx's basic theme, the PyData and Sphinx Book themes, from the
installed packages). A key's first argument is resolved through the source's own variables and
``function f(...) { return ... }`` helpers to its fixed beginning (``kursbuch:scorm:`` for
``"kursbuch:scorm:" + cfg.package + …``). The page's storage tables name each key, or key
beginning, as the first code span of the row; a row that names ``sessionStorage`` in a code span
is a session entry, any other a ``localStorage`` one; the section a table stands in says where it
applies. A key some source writes and
the page does not name, or a key the page names and no source writes, fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kbtest import REPO
from markdown_it import MarkdownIt

from kursbuch import legal
from kursbuch.assets import ASSET_DIR
from kursbuch.core.loader import read_config

HOLE = None  # a part of a key the source computes (an id, a hash)

# Where each runtime file runs. Every *.js in kursbuch/assets must be listed (a new file has to be placed;
# a name listed here for a file not yet on this branch does no harm).
# engine.js keeps its own store only where no runtime gives it one: scorm.js gives every package page one.
RUNTIME = {
    "engine.js": "web",
    "case.js": "web",
    "scorm.js": "packages",
    "course-sco.js": "packages",
    "target-scorm.js": "packages",
    "target-scorm12.js": "packages",
    "target-scorm2004.js": "packages",
    "target-cmi5.js": "cmi5",
    "confirm.js": "packages",  # the question before a package's delete button deletes
}
# Theme keys written only by features this course does not switch on (checked below in _config.yml).
THEME_FEATURES = {
    "pst_announcement_banner_pref": "announcement",  # the theme's announcement banner, closed by the reader
    "pst_banner_pref": "show_version_warning_banner",  # the version warning banner of a version switcher
}


def _scan(text: str, start: int, stops: str) -> int:
    """The index of the first of ``stops`` at bracket depth 0 from ``start`` (outside strings), or len."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c in "\"'`":  # skip the literal, escapes included
            i += 1
            while i < len(text) and text[i] != c:
                i += 2 if text[i] == "\\" else 1
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and c in stops:
            return i
        i += 1
    return i


def _split(expr: str, sep: str) -> list[str]:
    parts, i = [], 0
    while True:
        j = _scan(expr, i, sep)
        parts.append(expr[i:j].strip())
        if j >= len(expr):
            return parts
        i = j + 1


def _resolve(expr: str, src: str, depth: int = 0) -> list[tuple[str | None, ...]]:
    """The alternative shapes of a key expression: tuples of literal text and HOLE."""
    expr = expr.strip()
    if depth > 6:
        return [(HOLE,)]
    if expr.startswith("(") and _scan(expr, 1, "") == len(expr) - 1:
        return _resolve(expr[1:-1], src, depth)
    ternary = _split(expr, "?")
    if len(ternary) > 1:
        branches = _split("?".join(ternary[1:]), ":")
        return [s for b in (branches[0], ":".join(branches[1:])) for s in _resolve(b, src, depth + 1)]
    terms = _split(expr, "+")
    if len(terms) > 1:
        shapes: list[tuple[str | None, ...]] = [()]
        for term in terms:
            shapes = [a + b for a in shapes for b in _resolve(term, src, depth + 1)]
        return shapes
    if re.fullmatch(r"\"[^\"]*\"|'[^']*'", expr):
        return [(expr[1:-1],)]
    if expr == "null":
        return []  # no key: nothing is written
    call = re.fullmatch(r"([A-Za-z_$][\w$]*)\(.*\)", expr, re.S)
    if call:
        body = re.search(rf"function {re.escape(call[1])}\([^)]*\)\s*\{{\s*return ([^;]+);", src)
        return _resolve(body[1], src, depth + 1) if body else [(HOLE,)]
    if re.fullmatch(r"[A-Za-z_$][\w$]*", expr):
        found = re.findall(rf"(?<![\w$.]){re.escape(expr)}\s*=(?!=)\s*([^;]+);", src)
        return [s for value in found for s in _resolve(value, src, depth + 1)] if found else [(HOLE,)]
    return [(HOLE,)]


def _storage(receiver: str, src: str) -> str:
    """Which storage a ``receiver.setItem`` writes to."""
    for kind in ("sessionStorage", "localStorage"):
        if kind in receiver:
            return kind
    name = receiver.split(".")[-1]
    value = re.search(rf"(?<![\w$.]){re.escape(name)}\s*=(?!=)\s*([^;]+);", src)
    if value:
        call = re.fullmatch(r"([A-Za-z_$][\w$]*)\(\)", value[1].strip())
        text = value[1]
        if call:
            body = re.search(rf"function {re.escape(call[1])}\(\)\s*\{{(.*?)\}}\s*$", src, re.M)
            text = body[1] if body else text
        return _storage(text, src)
    raise AssertionError(f"cannot tell which storage {receiver}.setItem writes to")


def written_keys(path: Path) -> set[tuple[str, str]]:
    """(fixed beginning of the key, storage) for every storage write in a script."""
    src = path.read_text(encoding="utf-8")
    keys = set()
    for m in re.finditer(r"([\w$.]*)\.setItem\(", src):
        if not re.search(r"Storage$|^store$|\.store$", m[1]):
            continue
        arg = src[m.end() : _scan(src, m.end(), ",")]
        for shape in _resolve(arg, src):
            prefix = "".join(p for p in shape[: shape.index(HOLE)] if p) if HOLE in shape else "".join(shape)  # type: ignore[misc]
            assert prefix, f"{path.name}: a key without a fixed beginning: {arg}"
            keys.add((prefix, _storage(m[1], src)))
    return keys


def theme_scripts() -> list[Path]:
    """The theme scripts a web course built by Jupyter Book loads (their writing ones, at least)."""
    import pydata_sphinx_theme
    import sphinx
    import sphinx_book_theme

    folders = [
        Path(sphinx.__file__).parent / "themes" / "basic" / "static",
        Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts",
        Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "static" / "scripts",
    ]
    found = [p for folder in folders for p in sorted(folder.glob("*.js"))]
    assert any(p.name == "pydata-sphinx-theme.js" for p in found), folders
    return found


def source_keys() -> dict[str, set[tuple[str, str]]]:
    places: dict[str, set[tuple[str, str]]] = {"web": set(), "packages": set(), "cmi5": set()}
    scripts = sorted(ASSET_DIR.glob("*.js"))
    unplaced = {p.name for p in scripts} - set(RUNTIME)
    assert not unplaced, f"say in RUNTIME where {sorted(unplaced)} run"
    for path in scripts:
        places[RUNTIME[path.name]] |= written_keys(path)
    for path in sorted((ASSET_DIR.parent / "items").glob("*/*.js")):  # bundled into the engine
        places["web"] |= written_keys(path)
    options = ((read_config(REPO / "_config.yml", "_config.yml")[0] or {}).get("sphinx") or {}).get("config") or {}
    theme = options.get("html_theme_options") or {}
    for path in theme_scripts():
        for key, storage in written_keys(path):
            if key in THEME_FEATURES:
                assert not theme.get(THEME_FEATURES[key]), f"{key}: the course switched on {THEME_FEATURES[key]}"
                continue
            places["web"].add((key, storage))
    return places


def page_keys(markdown: str) -> dict[str, set[tuple[str, str]]]:
    """(key, storage) of every storage table row on the page, by the place its section names."""
    places: dict[str, set[tuple[str, str]]] = {"web": set(), "packages": set(), "cmi5": set()}
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    place, heading = None, False
    row: list[list[str]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            heading = True
        elif tok.type == "inline" and heading:
            heading = False
            text = tok.content
            place = (
                "web"
                if "Web-Fassung" in text
                else "packages"
                if "Lernplattformen" in text
                else "cmi5"
                if "cmi5" in text
                else None
            )
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and tokens[i - 1].type == "td_open":
            row.append([c.content for c in tok.children or [] if c.type == "code_inline"])
        elif tok.type == "tr_close" and row:
            assert place, f"a storage table outside a section that says where it applies: {row}"
            assert row[0], f"a storage table row without a key: {row}"
            storage = "sessionStorage" if any("sessionStorage" in codes for codes in row) else "localStorage"
            places[place].add((row[0][0], storage))
    return places


@pytest.mark.parametrize("interactions", [False, True])
def test_the_privacy_page_names_every_stored_key_where_it_is_written(interactions):
    page = legal.render("datenschutz", legal.load(REPO), title="Kurs", interactions=interactions)
    named, written = page_keys(page), source_keys()
    for place in written:
        assert named[place] == written[place], (place, "page:", named[place], "sources:", written[place])


def test_the_key_reader_finds_keys_behind_variables_and_helpers(tmp_path):
    """The reader itself: literal keys, keys built in variables and helpers, the storage behind an alias."""
    script = tmp_path / "x.js"
    script.write_text(
        'var BASE = "a:" + cfg.id;\nfunction tok(p) { return "t:" + p.url; }\n'
        "function storage() { try { return root.localStorage || null; } catch (e) { return null; } }\n"
        'var key = null;\nkey = ok ? BASE + ":" + hash(x) : null;\nvar store = storage();\n'
        'store.setItem(key, "1"); root.sessionStorage.setItem(tok(p), t); localStorage.setItem("mode", m);\n'
        'store.removeItem("gone:" + id); store.getItem("read");\n',
        encoding="utf-8",
    )
    assert written_keys(script) == {("a:", "localStorage"), ("t:", "sessionStorage"), ("mode", "localStorage")}
