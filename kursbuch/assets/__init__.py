"""The browser files shipped as package data: the engine (engine.js, engine.css) and course-wide CSS."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ASSET_DIR = Path(__file__).parent
ENGINE_JS = "kursbuch-engine.js"
ENGINE_CSS = "kursbuch-engine.css"
COURSE_CSS = "kursbuch-course.css"
FILES = {ENGINE_JS: "engine.js", ENGINE_CSS: "engine.css", COURSE_CSS: "course.css"}


@lru_cache(maxsize=None)
def read(name: str) -> str:
    """Text of a shipped asset by its published name (e.g. ``kursbuch-engine.js``)."""
    return (ASSET_DIR / FILES[name]).read_text(encoding="utf-8")
