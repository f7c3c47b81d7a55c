"""Lean pages: each page's style sheets inline and reduced to what it uses; icon font subset; precompression.

A page had to fetch about 480 KB of theme CSS (``pydata-sphinx-theme.css`` alone 397 KB) before
its first paint. After a build, :func:`inline_styles` rewrites each written page: every
``<link rel="stylesheet">`` becomes a ``<style data-kb-from="…">`` holding only the rules whose
selectors can match the page, so the first paint needs no further request and ~20 KB instead of
~480 KB. A rule is kept when every class, id, element and attribute name its selector requires
occurs in the page or in a script the page loads (the rule PurgeCSS applies: classes that scripts
add are named in those scripts; pseudo-classes and the arguments of ``:not()``/``:is()``/
``:where()``/``:has()`` are not required). At-rules are kept with the rules inside them that are
kept (``@font-face``, ``@keyframes``, ``@property`` whole). The style sheets are parsed with
tinycss2 (Kozea's maintained CSS parser, which WeasyPrint uses too); parsed sheets are cached by
content hash in ``_build/.kursbuch-slim``. ``url(…)`` inside a sheet is rewritten relative to the
page. The style sheet files stay in ``_static`` (the search page and the SCORM pages use them).

:func:`subset_icon_fonts` cuts the theme's icon font (Font Awesome, 156 KB) down to the glyphs the
kept rules name (fontTools; WOFF2 through brotli). :func:`precompress` writes ``.gz`` and ``.br``
beside every text file of the published course, cached by content hash, for a web server that
serves precompressed files (see the README).

Processing is idempotent: a page already rewritten keeps the ``data-kb-from`` address of each
sheet, so it can be rewritten again from the current sheets.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html
import json
import pickle
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tinycss2.ast as css

# Cached parses are keyed by this file's own text too: a change of the rules here parses again.
CACHE_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
_LINK = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>|<style data-kb-from=\"[^\"]*\">.*?</style>", re.S)
_HREF = re.compile(r"\b(?:href|data-kb-from)=\"([^\"]+)\"")
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"")
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_ATTRS = re.compile(r"\s([a-zA-Z_:][\w:.-]*)(?:=\"([^\"]*)\")?")
_WORD = re.compile(r"[A-Za-z0-9_-]+")
# What a selector requires: .class, #id, [attr…], element names (at the start or after a combinator).
_SEL_CLASS = re.compile(r"\.([\w\ue000\ue001-]+)")
_SEL_ID = re.compile(r"#([\w\ue000\ue001-]+)")
_SEL_ATTR = re.compile(r"\[\s*([\w-]+)")
_SEL_TAG = re.compile(r"(?:^|[\s>+~(,])([a-zA-Z][\w-]*)")
_FUNCTIONAL = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")
_PSEUDO = re.compile(r"::?[\w-]+(\((?:[^()]|\([^()]*\))*\))?")
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ttf", ".ico"}  # not .map: never loaded
MIN_SIZE = 1024  # smaller files gain nothing from compression (a web server's gzip_min_length)


def _protect(selector: str) -> str:
    """Escaped characters (``.md\\:flex``) as placeholders, so that no pattern mistakes them for syntax."""
    return re.sub(r"\\(.)", lambda m: f"\ue000{ord(m.group(1)):x}\ue001", selector)


def _unescape(name: str) -> str:
    return re.sub("\ue000([0-9a-f]+)\ue001", lambda m: chr(int(m.group(1), 16)), name)


def _strip_functional(selector: str) -> str:
    """The selector without the arguments of :not(), :is(), … (never required) and pseudo-parts."""
    out, i = [], 0
    while i < len(selector):
        m = _FUNCTIONAL.search(selector, i)
        if not m:
            out.append(selector[i:])
            break
        out.append(selector[i : m.start()])
        depth, j = 1, m.end()
        while j < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[j], 0)
            j += 1
        i = j
    return _PSEUDO.sub("", "".join(out))


def requirements(selector: str) -> frozenset[str]:
    """Names a selector needs in a page: classes and ids as ``.x``/``#x``, attributes as ``[x``,
    elements by name. ``*``, ``:root`` and pseudo-classes need nothing."""
    s = _strip_functional(re.sub(r"\[\s*([\w-]*)[^\]]*\]", r"[\1]", _protect(selector)))
    needed = {"." + _unescape(c) for c in _SEL_CLASS.findall(s)}
    needed |= {"#" + _unescape(c) for c in _SEL_ID.findall(s)}
    needed |= {"[" + a.lower() for a in _SEL_ATTR.findall(s)}
    bare = re.sub(r"\[[^\]]*\]|[.#][\w\ue000\ue001-]+", " ", s)
    needed |= {t.lower() for t in _SEL_TAG.findall(bare)}
    return frozenset(needed)


@dataclass
class Rule:
    """One rule of a sheet: its selectors' requirements (None: always kept) and text."""

    selectors: list[tuple[frozenset[str], str]] | None
    declarations: str
    block: list[Rule] | None = None  # an at-rule's inner rules
    prelude: str = ""

    def vocabulary(self) -> set[str]:
        """Every name some selector of this rule (or of the rules inside it) requires."""
        if self.block is not None:
            return set().union(*(r.vocabulary() for r in self.block))
        return set().union(*(need for need, _ in self.selectors or ()))

    def render(self, names: set[str] | frozenset[str], glyphs: set[str]) -> str:
        if self.block is not None:
            inner = "".join(r.render(names, glyphs) for r in self.block)
            return f"{self.prelude}{{{inner}}}" if inner else ""
        if self.selectors is None:
            return self.declarations
        kept = [text for need, text in self.selectors if need <= names]
        if not kept:
            return ""
        glyphs.update(_glyphs(self.declarations))
        return ",".join(kept) + "{" + self.declarations + "}"


@functools.cache  # a sheet's rules are rendered for many pages: each declaration block is looked at once
def _glyphs(declarations: str) -> frozenset[str]:
    """Characters of the icon font a rule names (content:"\\f0c9", --fa:"\\f0c9")."""
    found = {c for c in declarations if 0xE000 <= ord(c) <= 0xF8FF}
    for m in re.finditer(r"\"((?:\\[0-9a-fA-F]+\s?|[^\"\\])*)\"", declarations):
        for esc in re.findall(r"\\([0-9a-fA-F]{1,6})", m.group(1)):
            cp = int(esc, 16)
            if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000:
                found.add(chr(cp))
    return frozenset(found)


@dataclass
class Sheet:
    """A parsed style sheet: its rules and the folder it lives in (for its url()s), relative to the output."""

    folder: str
    rules: list[Rule] = field(default_factory=list)
    imports: list[str] = field(default_factory=list)

    def render(self, names: set[str] | frozenset[str], glyphs: set[str]) -> str:
        return "".join(r.render(names, glyphs) for r in self.rules)

    def vocabulary(self) -> set[str]:
        return set().union(*(r.vocabulary() for r in self.rules))


def _serialize(nodes: Iterable[css.Node], folder: str) -> str:
    import tinycss2.ast as css  # imported when a sheet is parsed: a cached reduction needs no parser

    """CSS text with every relative url() pointing from the output root (``/_static/…``) to
    be made relative to a page later (marked by a leading ``\\0``)."""
    out = []
    for node in nodes:
        if isinstance(node, css.URLToken) and _relative(node.value):
            out.append(f'url("\0{posixpath.normpath(posixpath.join(folder, node.value))}")')
        elif isinstance(node, css.FunctionBlock) and node.lower_name == "url":
            args = [a for a in node.arguments if a.type == "string"]
            if args and _relative(args[0].value):
                out.append(f'url("\0{posixpath.normpath(posixpath.join(folder, args[0].value))}")')
            else:
                out.append(node.serialize())
        elif isinstance(node, css.FunctionBlock):
            out.append(f"{node.name}(" + _serialize(node.arguments, folder) + ")")
        elif isinstance(node, (css.ParenthesesBlock, css.SquareBracketsBlock, css.CurlyBracketsBlock)):
            brackets = {"(": ")", "[": "]", "{": "}"}
            opener = {"() block": "(", "[] block": "[", "{} block": "{"}[node.type]
            out.append(opener + _serialize(node.content, folder) + brackets[opener])
        else:
            out.append(node.serialize())
    return "".join(out)


def _relative(url: str) -> bool:
    return not re.match(r"^[a-zA-Z][\w+.-]*:|^/|^#", url)


def _rules(nodes: Iterable[css.Node], folder: str, imports: list[str]) -> list[Rule]:
    import tinycss2
    import tinycss2.ast as css

    rules: list[Rule] = []
    for node in nodes:
        if isinstance(node, css.QualifiedRule):
            prelude = tinycss2.serialize(node.prelude).strip()
            selectors = [(requirements(s.strip()), s.strip()) for s in _split_selectors(prelude)]
            rules.append(Rule(selectors, _serialize(node.content, folder).strip()))
        elif isinstance(node, css.AtRule):
            name = node.lower_at_keyword
            prelude = "@" + node.at_keyword + _serialize(node.prelude, folder).rstrip()
            if name == "import":
                url = next((t.value for t in node.prelude if t.type in ("url", "string")), None)
                if url is None:
                    for t in node.prelude:
                        if isinstance(t, css.FunctionBlock) and t.lower_name == "url":
                            url = next((a.value for a in t.arguments if a.type == "string"), None)
                if url and _relative(url):
                    imports.append(posixpath.normpath(posixpath.join(folder, url)))
            elif name in ("media", "supports", "layer", "container") and node.content is not None:
                inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
                rules.append(Rule(None, "", _rules(inner, folder, imports), prelude))
            elif name == "charset":
                continue
            elif node.content is None:
                rules.append(Rule(None, prelude + ";"))
            else:  # @font-face, @keyframes, @property, @page …: whole
                rules.append(Rule(None, prelude + "{" + _serialize(node.content, folder).strip() + "}"))
    return rules


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p for p in parts if p.strip()]


def parse_sheet(text: str, path: str) -> Sheet:
    """``path``: the sheet's path relative to the output folder (``_static/styles/x.css``)."""
    folder = posixpath.dirname(path)
    imports: list[str] = []
    import tinycss2

    nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    rules = _rules(nodes, folder, imports)
    return Sheet(folder, rules, imports)


def page_names(page: str, scripts: Iterable[str]) -> set[str]:
    """What selectors may require on ``page``: its elements, classes, ids and attribute names,
    and every word of the scripts it runs (names they add to the page)."""
    names: set[str] = set()
    for m in _TAG.finditer(page):
        names.add(m.group(1).lower())
    body = re.sub(r"<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>", " ", page, flags=re.S)
    for tag in re.finditer(r"<[a-zA-Z][^>]*>", body):
        for attr, value in _ATTRS.findall(tag.group(0)):
            names.add("[" + attr.lower())
            if attr == "class":
                names.update("." + c for c in html.unescape(value).split())
            elif attr == "id":
                names.add("#" + html.unescape(value))
    inline = [m.group(1) for m in re.finditer(r"<script\b[^>]*>(.*?)</script>", page, flags=re.S)]
    for script in [*scripts, *inline]:  # inline: the engine
        names |= script_names(script)
    return names


@functools.cache
def script_names(script: str) -> frozenset[str]:
    """Every word of a script as an element, class, id or attribute name it may add; camelCase
    words also as ``data-`` attributes (``dataset.themeName`` sets ``data-theme-name``)."""
    names = set()
    for word in set(_WORD.findall(script)):
        kebab = re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", word).lower()
        names.update((word, word.lower(), "." + word, "#" + word, "[" + word.lower(), "[data-" + kebab))
    return frozenset(names)


class Slimmer:
    """Rewrites pages of one output folder. Kept in ``cache`` by content hash: each sheet's parse
    (``sheets/<key>.pickle``), its imports and the names its selectors can require
    (``sheets/<key>.json``, small), and each reduction (``reduced/<key>.json``) by the sheets' hashes,
    the page's folder and the page's names *that some selector requires*: pages that differ only in
    text and ids share one reduction, and a page rebuilt after a text edit finds its reduction
    without parsing or unpickling any sheet."""

    def __init__(self, outdir: Path, cache: Path) -> None:
        self.outdir = outdir
        self.cache = cache
        self.sheets: dict[str, Sheet | None] = {}
        self.infos: dict[str, tuple[str, list[str], frozenset[str]] | None] = {}
        self.reduced: dict[str, tuple[str, list[str]]] = {}
        self.script_words: dict[str, str] = {}
        self.glyphs: set[str] = set()

    def _key(self, path: str, data: bytes) -> str:
        return hashlib.sha256(CACHE_VERSION.encode() + path.encode() + data).hexdigest()

    def _info(self, path: str) -> tuple[str, list[str], frozenset[str]] | None:
        """The sheet's key, its imports and its vocabulary (None: no such file), without parsing it
        when the cache knows the sheet."""
        if path not in self.infos:
            file = self.outdir / path
            if not file.is_file():
                self.infos[path] = None
                return None
            key = self._key(path, file.read_bytes())
            stored = self.cache / "sheets" / f"{key}.json"
            if stored.is_file():
                imports, vocab = json.loads(stored.read_text(encoding="utf-8"))
            else:
                sheet = self._sheet(path)
                assert sheet is not None
                imports, vocab = sheet.imports, sorted(sheet.vocabulary())
                stored.write_text(json.dumps([imports, vocab]), encoding="utf-8")
            self.infos[path] = (key, imports, frozenset(vocab))
        return self.infos[path]

    def _sheet(self, path: str) -> Sheet | None:
        if path not in self.sheets:
            file = self.outdir / path
            if not file.is_file():
                self.sheets[path] = None
                return None
            data = file.read_bytes()
            stored = self.cache / "sheets" / f"{self._key(path, data)}.pickle"
            if stored.is_file():
                sheet = pickle.loads(stored.read_bytes())
            else:
                sheet = parse_sheet(data.decode("utf-8"), path)
                stored.parent.mkdir(parents=True, exist_ok=True)
                stored.write_bytes(pickle.dumps(sheet))
            self.sheets[path] = sheet
        return self.sheets[path]

    def _script(self, path: str) -> str:
        if path not in self.script_words:
            file = self.outdir / path
            self.script_words[path] = file.read_text(encoding="utf-8", errors="replace") if file.is_file() else ""
        return self.script_words[path]

    def rewrite(self, page_path: Path) -> None:
        """Inline the page's sheets, reduced to the rules it can use."""
        text = page_path.read_text(encoding="utf-8")
        here = page_path.relative_to(self.outdir).as_posix()
        base = posixpath.dirname(here)
        links = list(_LINK.finditer(text))
        if not links:
            return
        scripts = [
            self._script(posixpath.normpath(posixpath.join(base, src.split("?")[0])))
            for src in _SCRIPT_SRC.findall(text)
            if _relative(src)
        ]
        names = page_names(_LINK.sub(" ", text), scripts)
        out, last = [], 0
        for m in links:
            href = html.unescape(_HREF.search(m.group(0)).group(1))  # type: ignore[union-attr]
            out.append(text[last : m.start()])
            last = m.end()
            if not _relative(href):
                out.append(m.group(0))
                continue
            path = posixpath.normpath(posixpath.join(base, href.split("?")[0]))
            body = self._reduced(path, names, base)
            if body is None:
                out.append(m.group(0))
                continue
            out.append(f'<style data-kb-from="{html.escape(href)}">{body}</style>')
        out.append(text[last:])
        page_path.write_text("".join(out), encoding="utf-8")

    def _closure(self, path: str) -> tuple[list[str], set[str]] | None:
        """Keys of the sheet and of every sheet it imports, in reading order, and their vocabulary."""
        keys: list[str] = []
        vocab: set[str] = set()
        seen: set[str] = set()

        def walk(p: str) -> bool:
            info = self._info(p)
            if info is None or p in seen:
                return False
            seen.add(p)
            for imported in info[1]:
                walk(imported)
            keys.append(p + "\0" + info[0])
            vocab.update(info[2])
            return True

        return (keys, vocab) if walk(path) else None

    def _reduced(self, path: str, names: set[str], base: str) -> str | None:
        closure = self._closure(path)
        if closure is None:
            return None
        keys, vocab = closure
        # Only the names some selector requires decide the reduction
        key = hashlib.sha256("\n".join([*keys, base, *sorted(names & vocab)]).encode()).hexdigest()
        if key not in self.reduced:
            stored = self.cache / "reduced" / f"{key}.json"
            if stored.is_file():
                body, glyphs = json.loads(stored.read_text(encoding="utf-8"))
            else:
                found: set[str] = set()
                body = self._render(path, names, base, set(), found) or ""
                glyphs = sorted(found)
                stored.parent.mkdir(parents=True, exist_ok=True)
                stored.write_text(json.dumps([body, glyphs]), encoding="utf-8")
            self.reduced[key] = (body, glyphs)
        body, glyphs = self.reduced[key]
        self.glyphs.update(glyphs)
        return body

    def _render(self, path: str, names: set[str], base: str, seen: set[str], glyphs: set[str]) -> str | None:
        sheet = self._sheet(path)
        if sheet is None or path in seen:
            return None
        seen.add(path)
        parts = [self._render(p, names, base, seen, glyphs) or "" for p in sheet.imports]
        parts.append(sheet.render(names, glyphs))
        body = "".join(parts)
        # url()s relative to the page; "</" cannot end the <style> element early
        body = re.sub('\0([^"]*)', lambda m: posixpath.relpath(m.group(1), base or "."), body)
        return body.replace("</", "<\\/")


def inline_styles(outdir: Path, pages: Iterable[Path], cache: Path) -> set[str]:
    """Rewrite ``pages`` (HTML files in ``outdir``); the icon-font glyphs their kept rules name."""
    slim = Slimmer(outdir, cache)
    for page in pages:
        if page.is_file():
            slim.rewrite(page)
    return slim.glyphs


def subset_icon_fonts(outdir: Path, glyphs: set[str], cache: Path) -> None:
    """Cut every Font Awesome WOFF2 under ``outdir`` down to ``glyphs`` (plus those of earlier
    builds, recorded in ``cache``: pages not rewritten still name theirs). The theme's full font is
    kept in ``cache`` the first time it is seen, and every subset is made from it."""
    record = cache / "glyphs.json"
    known = set(json.loads(record.read_text(encoding="utf-8"))) if record.is_file() else set()
    wanted = sorted(known | {f"{ord(g):x}" for g in glyphs})
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(wanted), encoding="utf-8")
    fonts = cache / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    made_file = fonts / "subsets.json"
    made = json.loads(made_file.read_text(encoding="utf-8")) if made_file.is_file() else {}
    for font in sorted(outdir.glob("_static/vendor/fontawesome/webfonts/*.woff2")):
        data = font.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if made.get(digest) == [font.name, wanted]:
            continue  # already this subset
        original = fonts / f"original-{font.name}"
        if digest not in made:  # the theme's own font (Sphinx copies it again on a full build)
            original.write_bytes(data)
        key = hashlib.sha256(original.read_bytes() + ",".join(wanted).encode()).hexdigest()
        stored = fonts / f"{key}.woff2"
        if not stored.is_file():
            import logging

            from fontTools import subset  # 70 ms to import: only when a subset is made

            logging.getLogger("fontTools").setLevel(logging.WARNING)  # it reports every table at INFO
            options = subset.Options()
            options.flavor = "woff2"
            options.layout_features = ["*"]
            loaded = subset.load_font(str(original), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=[int(c, 16) for c in wanted])
            subsetter.subset(loaded)
            subset.save_font(loaded, str(stored), options)
        body = stored.read_bytes()
        font.write_bytes(body)
        made[hashlib.sha256(body).hexdigest()] = [font.name, wanted]
    made_file.write_text(json.dumps(made), encoding="utf-8")


def precompress(folder: Path, cache: Path) -> int:
    """``.gz`` and ``.br`` beside every text file of ``folder`` that compression makes smaller;
    compressed bodies are cached by content hash. Returns how many files were compressed anew.

    A file whose size and modification time are those recorded last time (``stamps.json``) is
    not read again: its hash is the recorded one. Levels gzip 5 and Brotli 5, measured on the
    90-module course's 32 MB of text (CPU seconds, output size): gzip 9 1.4 s, 7.40 MB; gzip 6 0.93 s,
    7.43 MB; gzip 5 0.61 s, 7.54 MB; Brotli 9 2.6 s, 6.76 MB; Brotli 6 0.69 s, 6.86 MB; Brotli 5
    0.60 s, 6.95 MB (Brotli 4, 7.46 MB, is larger than gzip 6). A module page: 70 KB gzipped, 65 KB
    with Brotli.
    """
    import os

    fresh = 0
    store = cache / "compressed"
    store.mkdir(parents=True, exist_ok=True)
    stamps_file = cache / "stamps.json"
    try:
        stamps = json.loads(stamps_file.read_text(encoding="utf-8")) if stamps_file.is_file() else {}
    except ValueError:
        stamps = {}
    seen: dict[str, list] = {}
    for path in folder.rglob("*"):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        st = path.stat()
        known = stamps.get(rel)
        if known and known[:2] == [st.st_size, st.st_mtime_ns]:
            key = known[2]
        else:
            key = hashlib.sha256(path.read_bytes()).hexdigest()
        seen[rel] = [st.st_size, st.st_mtime_ns, key]
        for suffix in (".gz", ".br"):
            target = path.with_name(path.name + suffix)
            if st.st_size < MIN_SIZE:
                target.unlink(missing_ok=True)
                continue
            stored = store / f"{key}{suffix}"
            if not stored.is_file():
                data = path.read_bytes()
                stored.write_bytes(_compress(data, suffix))
                fresh += 1
            if target.is_file() and os.path.samefile(target, stored):
                continue
            target.unlink(missing_ok=True)
            if stored.stat().st_size >= st.st_size:
                continue
            os.link(stored, target)  # a hard link to the cache: no copy, and publish links it on
    stamps_file.write_text(json.dumps(seen), encoding="utf-8")
    return fresh


def _compress(data: bytes, suffix: str) -> bytes:
    if suffix == ".gz":
        return gzip.compress(data, 5, mtime=0)
    import brotli

    return brotli.compress(data, quality=5)
