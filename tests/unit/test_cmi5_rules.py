"""The cmi5 rule checker and the xAPI validator the browser tests rely on can fail: the recorded
session of the m01 package (tests/fixtures/statements/m01-session.json) passes both, and each
planted violation of a cmi5 rule or of xAPI is found."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from kbcmi5 import CMI5, MOVEON, registration_problems, session_problems, validator_problems
from kblrs import SESSION_EXT, Launch

RECORDED = Path(__file__).resolve().parent.parent / "fixtures" / "statements" / "m01-session.json"


def recorded() -> list[dict]:
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def launch_of(statements: list[dict]) -> Launch:
    first = statements[0]
    ctx = first["context"]
    return Launch(
        url="",
        registration=ctx["registration"],
        session=ctx["extensions"][SESSION_EXT],
        activity=first["object"]["id"],
        publisher=ctx["contextActivities"]["grouping"][0]["id"],
        actor=first["actor"],
    )


def by_verb(statements: list[dict], verb: str) -> dict:
    return next(s for s in statements if s["verb"]["id"].endswith("/" + verb))


MASTERY = 0.7


def test_the_recorded_session_follows_the_rules():
    st = recorded()
    assert session_problems(st, launch_of(st), MASTERY) == []
    assert registration_problems(st) == []


def plant_missing_terminated(st):
    st.remove(by_verb(st, "terminated"))


def plant_score_on_completed(st):
    by_verb(st, "completed")["result"]["score"] = {"scaled": 1}


def plant_other_registration(st):
    by_verb(st, "passed")["context"]["registration"] = "00000000-0000-4000-8000-00000000ffff"


def plant_moveon_on_initialized(st):
    by_verb(st, "initialized")["context"]["contextActivities"]["category"].append({"id": MOVEON})


def plant_passed_below_mastery(st):
    by_verb(st, "passed")["result"]["score"]["scaled"] = 0.5


def plant_no_duration(st):
    del by_verb(st, "terminated")["result"]["duration"]


def plant_allowed_with_cmi5_category(st):
    by_verb(st, "answered")["context"]["contextActivities"]["category"] = [{"id": CMI5}]


def plant_no_publisher(st):
    by_verb(st, "completed")["context"]["contextActivities"]["grouping"] = []


@pytest.mark.parametrize(
    "plant",
    [
        plant_missing_terminated,
        plant_score_on_completed,
        plant_other_registration,
        plant_moveon_on_initialized,
        plant_passed_below_mastery,
        plant_no_duration,
        plant_allowed_with_cmi5_category,
        plant_no_publisher,
    ],
)
def test_each_planted_violation_is_found(plant):
    st = recorded()
    launch = launch_of(st)
    bad = copy.deepcopy(st)
    plant(bad)
    assert session_problems(bad, launch, MASTERY), plant.__name__


def test_a_second_passed_and_failed_after_passed_break_the_registration():
    st = recorded()
    again = copy.deepcopy(by_verb(st, "passed"))
    failed = copy.deepcopy(again)
    failed["verb"]["id"] = failed["verb"]["id"].replace("passed", "failed")
    assert registration_problems([*st, again]) == ["passed is sent 2 times in one registration"]
    assert registration_problems([*st, failed]) == ["failed after passed in one registration"]


def test_the_xapi_validator_accepts_the_recording_and_finds_a_broken_statement():
    st = [{k: v for k, v in s.items() if k not in ("stored", "authority")} for s in recorded()]
    assert validator_problems(st) == []
    broken = copy.deepcopy(st[1])
    broken["verb"]["id"] = "initialized"  # not an IRI
    broken["result"] = {"duration": "zwei Minuten"}
    assert len(validator_problems([broken])) >= 2
