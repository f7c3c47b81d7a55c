"""Kursbuch: course pipeline with case scenarios and quizzes.

Authoring API for module notebooks, one line per activity::

    from kursbuch import quiz, scenario
    quiz("m01-wissen")
    scenario("m01-s1")

Both return a live widget in Jupyter whose static HTML rendering is what the
built course shows. The widget layer is imported lazily so that the core
stays usable without ipywidgets.
"""

from __future__ import annotations

__version__ = "0.1.0"


def quiz(activity_id: str):
    """The quiz ``activity_id`` from ``quizzes/*.yml`` as a widget."""
    from .adapters.widget import activity_widget

    return activity_widget(activity_id, "quiz")


def scenario(activity_id: str):
    """The branching scenario ``activity_id`` from ``quizzes/*.yml`` as a widget."""
    from .adapters.widget import activity_widget

    return activity_widget(activity_id, "scenario")


__all__ = ["quiz", "scenario", "__version__"]
