"""The browser runtime of every export target, run in node against a recording stand-in LMS
(tests/js/run_lms_runtime.js) through scripted sessions: the exact LMS calls are compared with
regression files (tests/regression/runtime-<tag>-<session>.json; KURSBUCH_REGEN=1 rewrites them).
Fast and deterministic; the browser tests (tests/browser/test_scorm_runtime.py) run the same
runtime in chromium against scorm-again."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from kursbuch import assets
from kursbuch.assets import ASSET_DIR
from kursbuch.core.loader import load_module_file
from kursbuch.core.render import spec
from kursbuch.export import targets

HERE = Path(__file__).resolve().parent.parent
FIXTURE = HERE / "fixtures" / "quizzes" / "m90.yml"
REGRESSION = HERE / "regression"
RUNNER = HERE / "js" / "run_lms_runtime.js"
NODE = shutil.which("node")

# The targets whose browser runtime speaks a SCORM API to the stand-in LMS; cmi5 speaks xAPI to an
# LRS and runs in chromium against a real one (tests/browser/test_cmi5_runtime.py).
TAGS = sorted(t.tag for t in targets.TARGETS.values() if "target-scorm.js" in t.scripts)


def runtime_files(tag: str) -> list[str]:
    """The browser files of a launch page, in the order the page loads them (engine.js comes last)."""
    return [str(ASSET_DIR / name) for name in (*targets.by_tag(tag).scripts, "confirm.js", "scorm.js")]


def config(tag: str, interactions: bool) -> dict:
    return {
        **targets.by_tag(tag).runtime,
        "package": "kursbuch-m90-" + tag,
        "sco": "m90",
        "content": "c0ffee",
        "completion": ["scenario_ended", "quiz_submitted"],
        "interactions": interactions,
        "pass_percent": 60,
        "commit_delay_ms": 800,
    }


def quiz(answers: dict, checked: list[str], submitted: bool = False) -> dict:
    return {"v": 1, "answers": answers, "checked": dict.fromkeys(checked, True), "submitted": submitted}


LEARNER = {"cmi.core.student_id": "s-4711", "cmi.learner_id": "s-4711"}  # what both editions' LMS say
ALL_RIGHT = {"m90-q1": "a", "m90-q2": ["a", "c"], "m90-q3": {"s1": True, "s2": False}, "m90-q4": {"e1": "x", "e2": "y"}}
SESSIONS = {
    # A first attempt: a wrong answer, then everything, a reflection, the case to its end, leaving.
    "fresh": dict(
        saved={},
        steps=[
            {"event": "DOMContentLoaded"},
            {"event": "load"},
            {"save": "m90-quiz", "state": quiz({"m90-q1": "b"}, ["m90-q1"])},
            {"tick": True},
            {"save": "m90-s1", "state": {"v": 1, "path": [], "pending": "a"}},
            {
                "save": "m90-quiz",
                "state": quiz(
                    {**ALL_RIGHT, "m90-q1": "b", "m90-q5": ["s2", "s1", "s3"], "m90-r1": "PRIVAT", "m90-r2": 4},
                    ["m90-q1", "m90-q2", "m90-q3", "m90-q4", "m90-q5"],
                    submitted=True,
                ),
            },
            {"save": "m90-s1", "state": {"v": 1, "path": [{"node": "m90-s1-n1", "choice": "a"}], "pending": None}},
            {"tick": True},
            {"advance": 3723456},
            {"event": "pagehide"},
            {"event": "beforeunload"},
        ],
    ),
    # A relaunch: the LMS has suspend_data, a bookmark and entry "resume".
    "resume": dict(
        saved={
            "cmi.suspend_data": json.dumps(
                {
                    "v": 1,
                    "c": "old",
                    "a": {
                        "m90-quiz": {"a": {"m90-q1": "a", "m90-q2": ["a"]}, "k": ["m90-q1"], "s": 0},
                        "m90-s1": {"p": [["m90-s1-n1", "b"]], "x": None},
                    },
                }
            ),
            "cmi.core.entry": "resume",
            "cmi.entry": "resume",
            "cmi.core.lesson_location": "m90-s1",
            "cmi.location": "m90-s1",
            "cmi.core.lesson_status": "incomplete",
            "cmi.completion_status": "incomplete",
        },
        steps=[{"event": "load"}, {"advance": 5000}, {"event": "pagehide"}],
    ),
    # Every SetValue fails: the learner's work stays in the browser, the status line says so.
    "setvalue-fails": dict(
        saved={},
        faults={"set": True},
        steps=[
            {"event": "DOMContentLoaded"},
            {"save": "m90-quiz", "state": quiz({"m90-q1": "a"}, ["m90-q1"])},
            {"tick": True},
            {"event": "pagehide"},
        ],
    ),
    "commit-fails": dict(
        saved={},
        faults={"commit": True},
        steps=[
            {"save": "m90-quiz", "state": quiz({"m90-q1": "a"}, ["m90-q1"])},
            {"tick": True},
            {"event": "DOMContentLoaded"},
            {"event": "pagehide"},
        ],
    ),
    "initialize-fails": dict(
        saved={},
        faults={"init": True},
        steps=[{"event": "DOMContentLoaded"}, {"save": "m90-quiz", "state": quiz({}, [])}, {"tick": True}],
    ),
    "no-lms": dict(saved={}, no_api=True, steps=[{"event": "DOMContentLoaded"}, {"event": "pagehide"}]),
}


@functools.cache
def engine_bundle() -> Path:
    """The engine as packages ship it (core plus every registered item type), in a temporary file."""
    path = Path(tempfile.mkdtemp(prefix="kursbuch-engine-")) / "kursbuch-engine.js"
    path.write_text(assets.engine_source(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def specs():
    model, _ = load_module_file(FIXTURE, "m90.yml")
    return {a.id: spec(a) for a in model.activities()}


def run_node(runner: Path, job: dict) -> dict:
    """What a node runner in tests/js prints for ``job`` (JSON on stdin and stdout); its stderr on failure."""
    result = subprocess.run(["node", str(runner)], input=json.dumps(job), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def run(tag: str, session: dict, specs: dict, interactions: bool = False, files_of: str | None = None) -> dict:
    job = {
        "engine": str(engine_bundle()),
        "files": runtime_files(files_of or tag),
        "config": config(tag, interactions),
        "specs": specs,
        "saved": {**LEARNER, **session["saved"]},
        "faults": session.get("faults", {}),
        "noApi": session.get("no_api", False),
        "steps": session["steps"],
    }
    return run_node(RUNNER, job)


def compare(name: str, got: dict) -> None:
    target = REGRESSION / f"runtime-{name}.json"
    text = json.dumps(got, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("KURSBUCH_REGEN"):
        target.write_text(text, encoding="utf-8")
    assert text == target.read_text(encoding="utf-8")


pytestmark = pytest.mark.skipif(NODE is None, reason="node is needed to run the browser runtime")


@pytest.mark.parametrize("session", sorted(SESSIONS))
@pytest.mark.parametrize("tag", TAGS)
def test_runtime_calls_match_regression(specs, tag, session):
    compare(f"{tag}-{session}", run(tag, SESSIONS[session], specs))


@pytest.mark.parametrize("tag", TAGS)
def test_runtime_with_interactions_matches_regression(specs, tag):
    compare(f"{tag}-interactions", run(tag, SESSIONS["fresh"], specs, interactions=True))


def test_a_page_with_another_targets_files_stays_local(specs):
    """A mis-assembled package (the page configured for one target, loading another's file)
    never talks to the LMS in the wrong notation: it says so and keeps the state in the browser."""
    if len(TAGS) < 2:
        pytest.skip("needs two targets")
    got = run(TAGS[0], SESSIONS["fresh"], specs, files_of=TAGS[1])
    assert got["calls"] == []
    assert got["problems"] == [f"the page is for target {TAGS[0]} but loads {TAGS[1]}"]
    assert got["status"].startswith("Keine Verbindung zur Lernplattform")
