"""Browser files shipped as package data: the engine, the SCORM runtime, course and package CSS."""

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
FILES = {
    ENGINE_JS: "engine.js",
    ENGINE_CSS: "engine.css",
    COURSE_CSS: "course.css",
    SCORM_JS: "scorm.js",
    PACKAGE_CSS: "package.css",
}
PACKAGE_FILES = [ENGINE_JS, ENGINE_CSS, SCORM_JS, PACKAGE_CSS]  # what every SCORM package carries


@cache
def read(name: str) -> str:
    """Text of a shipped asset by its published name (e.g. ``kursbuch-engine.js``)."""
    return (ASSET_DIR / FILES[name]).read_text(encoding="utf-8")


def inline_script(source: str) -> str:
    """``source`` made safe as the content of an HTML ``<script>`` element: no ``</script`` or
    ``<!--`` can end or re-mode the element (``<\\/`` and ``<\\!`` mean the same in JavaScript)."""
    return re.sub(r"<(?=/script|!--)", r"<\\", source, flags=re.I)
