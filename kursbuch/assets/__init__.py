"""Browser files shipped as package data: the engine, the SCORM runtime, course and package CSS.

The engine is assembled here, once, for every consumer (course pages and SCORM launch pages inline
it, the Jupyter widget wraps it into an ES module, the node tests
run it): :func:`engine_source` is the case logic (``case.js``, ``globalThis.KursbuchCase``, which
the core's scenario view and every shuffle use), the engine core (``engine.js``), then the ``item.js`` of every
item type in the registry's order (:mod:`kursbuch.items`), then the call that mounts the page's
activities; :func:`engine_css` is ``engine.css`` followed by every type's ``item.css``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

ASSET_DIR = Path(__file__).parent
ENGINE_JS = "kursbuch-engine.js"
ENGINE_CSS = "kursbuch-engine.css"
COURSE_CSS = "kursbuch-course.css"
SCORM_JS = "kursbuch-scorm.js"
PACKAGE_CSS = "kursbuch-package.css"
CASE_JS = "case.js"  # bundled into the engine, not shipped on its own
CONFIRM_JS = "confirm.js"  # inline in launch pages, before the script that wires a delete button
FILES = {
    ENGINE_JS: "engine.js",
    ENGINE_CSS: "engine.css",
    COURSE_CSS: "course.css",
    SCORM_JS: "scorm.js",
    PACKAGE_CSS: "package.css",
}
PACKAGE_FILES = [ENGINE_CSS, PACKAGE_CSS]  # the files every SCORM package carries (its scripts are inline)

# Runs after the core and every item type registered: mounts the page's activities.
_START = "globalThis.KursbuchEngine.start();\n"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8").rstrip("\n") + "\n"


@cache
def engine_source() -> str:
    """The one engine bundle: case logic, core, each registered item type's script, the start call."""
    from ..items import TYPES

    parts = [_text(ASSET_DIR / CASE_JS), _text(ASSET_DIR / FILES[ENGINE_JS])]
    parts += [f"/* item type {t.name} */\n" + _text(t.script) for t in TYPES]
    return "".join(parts) + _START


@cache
def engine_css() -> str:
    """The engine's stylesheet: core rules, then each item type's own."""
    from ..items import TYPES

    parts = [_text(ASSET_DIR / FILES[ENGINE_CSS])]
    parts += [f"/* item type {t.name} */\n" + _text(t.style) for t in TYPES if t.style is not None]
    return "".join(parts)


@cache
def read(name: str) -> str:
    """Text of a shipped asset by its published name (e.g. ``kursbuch-engine.js``, the assembled bundle)."""
    if name == ENGINE_JS:
        return engine_source()
    if name == ENGINE_CSS:
        return engine_css()
    return (ASSET_DIR / FILES[name]).read_text(encoding="utf-8")


def inline_script(source: str) -> str:
    """``source`` made safe as the content of an HTML ``<script>`` element: no ``</script`` or
    ``<!--`` can end or re-mode the element (``<\\/`` and ``<\\!`` mean the same in JavaScript)."""
    return re.sub(r"<(?=/script|!--)", r"<\\", source, flags=re.I)
