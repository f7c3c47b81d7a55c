"""The Jupyter adapter: one engine source, static HTML in the bundle, state readable from Python."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kursbuch import assets, quiz, scenario
from kursbuch.adapters.widget import ActivityWidget
from kursbuch.core.render import fragment


@pytest.fixture
def in_course(course_copy):
    old = Path.cwd()
    os.chdir(course_copy / "modules")
    yield course_copy
    os.chdir(old)


def test_widget_bundle_has_live_view_and_static_html(in_course):
    w = quiz("m01-wissen")
    data, _meta = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data["text/html"] == fragment(w.activity)
    assert data["text/plain"] == "Quiz: m01-wissen"


def test_widget_runs_the_same_engine_source(in_course):
    w = scenario("m01-s1")
    assert assets.read(assets.ENGINE_JS) in w._esm
    assert "export default" in w._esm
    assert w.spec["id"] == "m01-s1" and w.spec["kind"] == "scenario"


def test_quiz_state_is_readable_from_python(in_course):
    w = quiz("m01-wissen")
    assert w.result.points == 0 and not w.result.passed
    w.state = {"v": 1, "answers": {"m01-q01": "a", "m01-q06": "a", "m01-q10": "a"}, "checked": {}, "submitted": False}
    assert w.answers["m01-q01"] == "a"
    assert w.result.points == 3 and w.result.max_points == 14
    assert w.path == []


def test_scenario_path_is_readable_from_python(in_course):
    w = scenario("m01-s1")
    w.state = {"v": 1, "path": [{"node": "m01-s1-n1", "choice": "a"}], "pending": None}
    assert w.path == [("m01-s1-n1", "a")]
    assert w.result is None


def test_wrong_kind_and_unknown_id_are_explained(in_course):
    with pytest.raises(TypeError, match=r"'m01-s1' is a scenario: call scenario\('m01-s1'\)"):
        quiz("m01-s1")
    with pytest.raises(KeyError, match="no activity 'm01-nope'"):
        quiz("m01-nope")


def test_widget_class_is_an_ipywidget():
    import ipywidgets

    assert issubclass(ActivityWidget, ipywidgets.DOMWidget)


def test_case_variables_and_debrief_are_readable_from_python(in_course):
    w = scenario("m01-s1")
    assert w.variables == {"vertrauen": 0, "dokumentiert": False, "frist": False} and w.at == "m01-s1-n1"
    # Poor and mixed choices on the way, then the "good" last choice: the route leads to e4.
    steps = [("m01-s1-n1", "a"), ("m01-s1-n2", "c"), ("m01-s1-n3", "b"), ("m01-s1-n4", "b")]
    w.state = {"v": 1, "seed": 7, "path": [{"node": n, "choice": c} for n, c in steps], "pending": None}
    assert w.path == steps
    assert w.variables == {"vertrauen": -2, "dokumentiert": True, "frist": True}
    assert w.at == "m01-s1-e4"
    d = w.debrief
    assert [x["rating"] for x in d["decisions"]] == ["mixed", "mixed", "mixed", "good"]
    assert d["rating"] == "mixed"


def test_a_saved_path_that_no_longer_fits_keeps_its_valid_prefix(in_course):
    w = scenario("m01-s1")
    w.state = {"v": 1, "path": [{"node": "m01-s1-n1", "choice": "b"}, {"node": "m01-s1-n2", "choice": "zz"}]}
    assert w.path == [("m01-s1-n1", "b")] and w.variables["vertrauen"] == 1 and w.at == "m01-s1-n2"
    q = quiz("m01-wissen")
    assert q.variables == {} and q.path == [] and q.debrief is None
