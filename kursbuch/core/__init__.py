"""The framework-free core: format, loading, checks, scoring, rendering.

Nothing in here imports Sphinx, IPython or ipywidgets; the adapters in
:mod:`kursbuch.adapters` wrap it for Jupyter and for the Sphinx build. The item types it
validates and scores come from the registry in :mod:`kursbuch.items`, which builds on
:mod:`kursbuch.core.base`; ``Course`` and ``find_root`` are imported on first use so that the
registry can be imported before or after the core.
"""

from __future__ import annotations

from typing import Any

from .errors import ContentError, ContentErrors

__all__ = ["ContentError", "ContentErrors", "Course", "find_root"]


def __getattr__(name: str) -> Any:
    if name in ("Course", "find_root"):
        from . import project

        return getattr(project, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
