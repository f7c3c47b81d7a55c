"""The live Jupyter adapter: an anywidget that runs the same engine.js.

``activity_widget(id, kind)`` loads the course (from the project folder found
above the working directory), and returns an :class:`ActivityWidget`. In
JupyterLab the widget view shows and syncs the learner's state to Python
(``w.state``, ``w.answers``, ``w.result``; for a case ``w.path``, ``w.variables``, ``w.at`` and,
at an ending, ``w.debrief``: the case state is the saved path replayed by
:mod:`kursbuch.core.case_state`, the same logic the engine runs as case.js). Its MIME bundle also
carries the static ``text/html`` host fragment, which is what the built
course shows (myst-nb is configured to prefer it and to load no widget JS).
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from .. import assets
from ..core import case_state
from ..core.model import Quiz, Scenario
from ..core.project import Course, find_root
from ..core.render import fragment, spec
from ..core.scoring import QuizResult, score_quiz
from . import ACTIVITY_MIME_TYPE

# The classic engine script, made an ES module for anywidget: same source, one implementation.
_ESM = (
    "globalThis.KURSBUCH_NO_AUTOMOUNT = true;\n"
    + assets.engine_source()
    + """
export default {
  render({ model, el }) {
    const store = {
      persistent: true,
      load: () => model.get("state"),
      save: (s) => { model.set("state", JSON.parse(JSON.stringify(s))); model.save_changes(); },
      clear: () => { model.set("state", {}); model.save_changes(); },
    };
    const view = globalThis.KursbuchEngine.mount(el, model.get("spec"), store, {});
    return () => view.destroy();
  },
};
"""
)


class ActivityWidget(anywidget.AnyWidget):
    """A quiz or scenario; ``state`` is the learner's state as the engine keeps it."""

    _esm = _ESM
    _css = assets.engine_css()
    spec = traitlets.Dict().tag(sync=True)
    state = traitlets.Dict().tag(sync=True)

    def __init__(self, activity: Quiz | Scenario, **kwargs: Any):
        self._activity = activity
        super().__init__(spec=spec(activity), **kwargs)

    @property
    def activity(self) -> Quiz | Scenario:
        return self._activity

    @property
    def answers(self) -> dict[str, Any]:
        """Quiz answers by item id (reflection text included: it stays in this kernel)."""
        return dict(self.state.get("answers") or {})

    @property
    def result(self) -> QuizResult | None:
        """The reference score of the current answers (quizzes only)."""
        if not isinstance(self._activity, Quiz):
            return None
        return score_quiz(self._activity, self.answers)

    @property
    def path(self) -> list[tuple[str, str]]:
        """Scenario decisions so far as (node id, choice id)."""
        return [(step["node"], step["choice"]) for step in self._case()["path"]] if self._is_case() else []

    @property
    def variables(self) -> dict[str, Any]:
        """The case's variables after the decisions so far (empty for quizzes)."""
        return dict(self._case()["vars"]) if self._is_case() else {}

    @property
    def at(self) -> str | None:
        """The node the learner is at (None for quizzes)."""
        return str(self._case()["at"]) if self._is_case() else None

    @property
    def debrief(self) -> dict[str, Any] | None:
        """At an ending: its rating, the debrief variant that holds and the learner's decisions."""
        return case_state.debrief(self.spec, self._case()) if self._is_case() else None

    def _is_case(self) -> bool:
        return isinstance(self._activity, Scenario)

    def _case(self) -> dict[str, Any]:
        """The case state of the saved path: its longest prefix that fits the case, replayed."""
        seed = self.state.get("seed")
        seed = seed if isinstance(seed, int) else 0  # the seed orders the choices; it never changes the path
        steps = [s for s in self.state.get("path") or [] if isinstance(s, dict)]
        state = case_state.start(self.spec, seed)
        for step in steps:
            after = case_state.replay(self.spec, [*state["path"], step], seed)
            if after is None:
                break
            state = after
        return state

    def _repr_mimebundle_(self, **kwargs: Any):
        bundle = super()._repr_mimebundle_(**kwargs)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/html"] = fragment(self._activity)
        data["text/plain"] = f"{'Quiz' if isinstance(self._activity, Quiz) else 'Fallbeispiel'}: {self._activity.id}"
        # Names the activity for the static build, which renders it from the quiz files as they are then.
        kind = "quiz" if isinstance(self._activity, Quiz) else "scenario"
        data[ACTIVITY_MIME_TYPE] = {"id": self._activity.id, "kind": kind}
        return bundle


_course_cache: dict[str, tuple[float, Course]] = {}


def _course() -> Course:
    """The course of the current project, reloaded when a quiz file changed."""
    root = find_root()
    stamp = max((p.stat().st_mtime for p in (root / "quizzes").glob("*.yml")), default=0.0)
    cached = _course_cache.get(str(root))
    if cached and cached[0] == stamp:
        return cached[1]
    course = Course.load(root)
    _course_cache[str(root)] = (stamp, course)
    return course


def activity_widget(activity_id: str, kind: str) -> ActivityWidget:
    act = _course().activity(activity_id)
    actual = "quiz" if isinstance(act, Quiz) else "scenario"
    if actual != kind:
        raise TypeError(f"{activity_id!r} is a {actual}: call {actual}({activity_id!r})")
    return ActivityWidget(act)
