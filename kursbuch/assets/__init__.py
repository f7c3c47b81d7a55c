"""The engine's browser files (engine.js, engine.css), shipped as package data."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ASSET_DIR = Path(__file__).parent
ENGINE_JS = "kursbuch-engine.js"
ENGINE_CSS = "kursbuch-engine.css"
FILES = {ENGINE_JS: "engine.js", ENGINE_CSS: "engine.css"}


@lru_cache(maxsize=None)
def read(name: str) -> str:
    """Text of a shipped asset by its published name (e.g. ``kursbuch-engine.js``)."""
    return (ASSET_DIR / FILES[name]).read_text(encoding="utf-8")
