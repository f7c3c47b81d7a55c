"""The framework-free core: format, loading, checks, scoring, rendering.

Nothing in here imports Sphinx, IPython or ipywidgets; the adapters in
:mod:`kursbuch.adapters` wrap it for Jupyter and for the Sphinx build.
"""

from .errors import ContentError, ContentErrors
from .project import Course, find_root

__all__ = ["ContentError", "ContentErrors", "Course", "find_root"]
