"""The SCORM 1.2 packages inside an emulation of ILIAS's SCORM 1.2 player and learning-progress rules
(tests/lms/ilias_player.js, tests/kbilias.py), run in node with the real runtime files and engine:

- pass, fail and unfinished with the ILIAS settings the data sheets recommend give exactly the data
  sheets' ILIAS table (status of the SCO, "Lernfortschritt", percentage, score), whatever the
  module's own mastery score says; every API call returns without an error, with ILIAS's value checks on;
- leaving half-way and relaunching (also after a page ILIAS never got LMSFinish from);
- "Datenaufzeichnung beenden" after completion (review), "Vorschaumodus" (browse) and no-credit;
- the course package switched through ILIAS's tree, back, relaunched;
- learners sharing one browser, corrupt suspend_data.
The emulation's own error codes are checked against ILIAS's rules first, so it can fail."""

from __future__ import annotations

import json
import subprocess

import pytest
from kbilias import lp_status, percentage
from test_lms_rules import PASS_MARK, RIGHT, RUNNER, WAYS, unit
from test_lms_runtime import FIXTURE, NODE, engine_bundle, quiz, run_node, runtime_files

from kursbuch.core.loader import load_module_file
from kursbuch.core.render import spec
from kursbuch.export.targets import scorm, scorm12

pytestmark = pytest.mark.skipif(NODE is None, reason="node is needed to run the browser runtime")

PLAYER = RUNNER.parent.parent / "lms" / "ilias_player.js"
PACKAGE_ELEMENTS = ("cmi.core.lesson_status", "cmi.core.score.raw", "cmi.suspend_data", "cmi.core.lesson_location")


@pytest.fixture(scope="module")
def specs():
    model, _ = load_module_file(FIXTURE, "m90.yml")
    return {a.id: spec(a) for a in model.activities()}


def settings(setup: scorm.IliasSetup, **extra) -> dict:
    """The player's module settings from a data sheet's recommendation (and the checks ILIAS can add)."""
    return {"credit": setup.credit, "autoReview": setup.auto_review, "checkValues": True, **extra}


def ilias(
    specs, launches, *, setup=scorm12.ILIAS_MODULE, units=("m90",), tracks=None, storage=None, records=False, **extra
) -> dict:
    """Launches of ILIAS's player; ``records``: the package with per-question interaction records."""
    scos = {u: unit("1.2", u, specs) for u in units}
    for sco in scos.values():
        sco["config"]["interactions"] = records
    job = {
        "lms": "ilias",
        "engine": str(engine_bundle()),
        "files": runtime_files("scorm12"),
        "version": "1.2",
        "units": scos,
        "options": {**settings(setup, **extra), "mastery": dict.fromkeys(units, PASS_MARK)},
        "tracks": tracks or {},
        "storage": storage or {},
        "launches": launches,
    }
    return run_node(RUNNER, job)


def visit(sco="m90", steps=(), learner="anna", mode=None, credit=None, killed=False):
    v = {"sco": sco, "steps": list(steps), **({"killed": True} if killed else {})}
    return {"learner": learner, "mode": mode, "credit": credit, "visits": [v]}


def package_part(track: dict) -> dict:
    return {k: v for k, v in track.items() if k in PACKAGE_ELEMENTS}


def test_the_emulated_api_answers_with_ilias_error_codes():
    """LMSInitialize/GetValue/SetValue/Commit/Finish error codes as SCORM1_2standard.js sets them."""
    script = (
        "const vm=require('vm'),fs=require('fs');const h={};"
        f"vm.runInNewContext(fs.readFileSync({json.dumps(str(PLAYER))},'utf8'),h);"
        "const p=new h.IliasPlayer({learner:'7',checkValues:true,mastery:{a:60}},{});p.activate('a');const A=p.api;"
        "const out=[];const c=(r)=>out.push([r,A.LMSGetLastError()]);"
        "c(A.LMSGetValue('cmi.core.lesson_status'));c(A.LMSInitialize('x'));c(A.LMSInitialize(''));"
        "c(A.LMSInitialize(''));c(A.LMSGetValue('cmi.core.student_id'));c(A.LMSGetValue('cmi.core.entry'));"
        "c(A.LMSSetValue('cmi.core.student_id','9'));c(A.LMSGetValue('cmi.core.exit'));"
        "c(A.LMSSetValue('cmi.core.score.raw','101'));c(A.LMSSetValue('cmi.core.lesson_status','not attempted'));"
        "c(A.LMSSetValue('cmi.core._children','x'));c(A.LMSSetValue('cmi.nichts','x'));c(A.LMSSetValue('cmi.core.exit',null));"
        "c(A.LMSSetValue('cmi.core.score.raw','70'));c(A.LMSSetValue('cmi.core.lesson_status','completed'));"
        "c(A.LMSGetValue('cmi.student_data.mastery_score'));c(A.LMSFinish(''));c(A.LMSCommit(''));"
        "process.stdout.write(JSON.stringify(out));"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [
        ["", "301"],
        ["false", "201"],
        ["true", "0"],
        ["false", "101"],
        ["7", "0"],
        ["ab-initio", "0"],
        ["false", "403"],
        ["", "404"],
        ["false", "405"],
        ["false", "405"],
        ["false", "402"],
        ["false", "201"],
        ["false", "405"],
        ["true", "0"],
        ["true", "0"],
        ["60", "0"],
        ["true", "0"],
        ["false", "301"],
    ]


# ------------------------------------------------------------------ results in "Lernfortschritt"


@pytest.mark.parametrize("lesson_mastery", ["", 100], ids=["manifest-mastery", "module-mastery-100"])
def test_module_outcomes_in_ilias_are_what_the_data_sheet_prints(specs, lesson_mastery):
    """Pass, fail and unfinished with the recommended settings: the SCO's status, the learning
    progress, its percentage and the score exactly as the sheet's ILIAS table says, also when the
    module's own mastery score field differs from the manifest (ILIAS compares it only for
    "completed", which the package never reports with a score)."""
    setup = scorm12.ILIAS_MODULE
    for outcome in scorm12.ILIAS_OUTCOMES_MODULE:
        got = ilias(specs, [visit(steps=WAYS[outcome.case])], lessonMastery=lesson_mastery)
        track = got["tracks"]["anna"]["m90"]
        assert track["cmi.core.lesson_status"] == outcome.status, outcome.case
        assert lp_status(got["tracks"]["anna"], ["m90"]) == outcome.lp, outcome.case
        assert percentage(got["tracks"]["anna"], ["m90"]) == {"all": 100, "none": 0}[outcome.percent]
        if outcome.score == "none":
            assert "cmi.core.score.raw" not in track, outcome.case
        else:
            assert float(track["cmi.core.score.raw"]) == got["visits"][0]["summary"]["raw"], outcome.case
        assert track["cmi.core.exit"] == "suspend" and track["cmi.core.lesson_mode"] == setup.mode
        errors = [c for c in got["calls"][0] if c[4] != "0" or c[3] == "false"]
        assert errors == [], errors  # every call of the runtime succeeded, with ILIAS's value checks on


def test_interaction_records_pass_ilias_value_checks_and_are_stored(specs):
    """With interaction records switched on in the package and their storage in ILIAS, every value
    passes "Vom SCO geschickte Werte prüfen" and each checked item is stored once."""
    got = ilias(specs, [visit(steps=WAYS["passed"])], records=True, interactions=True)
    errors = [c for c in got["calls"][0] if c[4] != "0" or c[3] == "false"]
    assert errors == [], errors
    track = got["tracks"]["anna"]["m90"]
    ids = sorted(v for k, v in track.items() if k.startswith("cmi.interactions.") and k.endswith(".id"))
    assert ids == sorted(RIGHT) and track["cmi.core.lesson_status"] == "passed"


def test_leaving_half_way_and_coming_back(specs):
    """Closed half-way (pagehide: LMSFinish) the module resumes; closed without any event after a
    commit, ILIAS says "ab-initio" (no cmi.core.exit was stored) and the answers still come back."""
    half = [{"save": "m90-quiz", "state": quiz({"m90-q1": "a"}, ["m90-q1"])}, {"tick": True}]
    got = ilias(specs, [visit(steps=half)])
    assert got["tracks"]["anna"]["m90"]["cmi.core.lesson_status"] == "incomplete"
    assert lp_status(got["tracks"]["anna"], ["m90"]) == "in_progress"
    back = ilias(specs, [visit(steps=WAYS["passed"][1:])], tracks=got["tracks"], storage=got["storage"])
    assert back["visits"][0]["loaded"]["m90-quiz"]["answers"] == {"m90-q1": "a"}
    assert ["m90", "LMSGetValue", ["cmi.core.entry"], "resume", "0"] in back["calls"][0]

    killed = ilias(specs, [visit(steps=half, killed=True)])
    assert "cmi.core.exit" not in killed["tracks"]["anna"]["m90"]
    again = ilias(specs, [visit(learner="anna")], tracks=killed["tracks"])  # another browser: no local copy
    assert ["m90", "LMSGetValue", ["cmi.core.entry"], "ab-initio", "0"] in again["calls"][0]
    assert again["visits"][0]["loaded"]["m90-quiz"]["answers"] == {"m90-q1": "a"}


# ------------------------------------------------ review, browse and no-credit in ILIAS


def test_after_passing_ilias_opens_the_module_for_review_and_nothing_changes(specs):
    """ "Datenaufzeichnung beenden: Ab Status „vollständig bearbeitet” oder „bestanden”": the next
    launch is in review mode; the learner practises, the package writes nothing; a failed module
    opens normally and a new finished try counts."""
    first = ilias(specs, [visit(steps=WAYS["passed"])])
    stored = package_part(first["tracks"]["anna"]["m90"])
    practice = [{"clear": "m90-quiz"}, {"save": "m90-quiz", "state": quiz({"m90-q1": "b"}, ["m90-q1"])}, {"tick": True}]
    got = ilias(specs, [visit(steps=practice)], tracks=first["tracks"], storage=first["storage"])
    seen = got["visits"][0]
    assert ["m90", "LMSGetValue", ["cmi.core.lesson_mode"], "review", "0"] in got["calls"][0]
    assert seen["practice"] is True and seen["shown"]["status"].startswith("Übungsmodus:")
    assert [c for c in got["calls"][0] if c[1] in ("LMSSetValue", "LMSCommit")] == []
    assert package_part(got["tracks"]["anna"]["m90"]) == stored
    assert lp_status(got["tracks"]["anna"], ["m90"]) == "completed"

    failed = ilias(specs, [visit(steps=WAYS["failed"])])
    redo = ilias(specs, [visit(steps=WAYS["passed"])], tracks=failed["tracks"], storage=failed["storage"])
    assert redo["visits"][0]["practice"] is False
    assert redo["tracks"]["anna"]["m90"]["cmi.core.lesson_status"] == "passed"


def test_without_auto_review_a_worse_new_try_replaces_the_result(specs):
    """The alternative "Nie (entspricht SCORM-Spezifikation)", as the data sheet describes it."""
    first = ilias(specs, [visit(steps=WAYS["passed"])], autoReview=False)
    again = [{"clear": "m90-quiz"}, {"clear": "m90-s1"}, *WAYS["failed"]]
    got = ilias(specs, [visit(steps=again)], tracks=first["tracks"], storage=first["storage"], autoReview=False)
    assert got["tracks"]["anna"]["m90"]["cmi.core.lesson_status"] == "failed"
    assert lp_status(got["tracks"]["anna"], ["m90"]) == "failed"
    assert scorm12.ILIAS_MODULE.auto_review is True


def test_vorschaumodus_never_changes_the_learning_progress(specs):
    """ "Nutzungsdaten aufzeichnen: Vorschaumodus" (browse): ILIAS stores nothing the package sets,
    but its LMSFinish turns a status still "not attempted" into a stored "completed". The package
    says "browsed" (kept in the page only), so a preview leaves no learning progress."""
    got = ilias(specs, [visit(steps=WAYS["passed"], mode="browse")])
    seen = got["visits"][0]
    assert seen["practice"] is True and seen["shown"]["status"].startswith("Übungsmodus:")
    track = got["tracks"]["anna"].get("m90", {})
    assert track.get("cmi.core.lesson_status") in (None, "browsed")
    assert lp_status(got["tracks"]["anna"], ["m90"]) == "in_progress"
    assert got["storage"] == {}  # not even the browser copy takes the preview

    # After a passed module, a preview changes nothing either (and the package sets no "browsed").
    first = ilias(specs, [visit(steps=WAYS["passed"])])
    stored = package_part(first["tracks"]["anna"]["m90"])
    practice = [{"clear": "m90-quiz"}, {"save": "m90-quiz", "state": quiz({"m90-q1": "b"}, ["m90-q1"])}, {"tick": True}]
    again = ilias(specs, [visit(steps=practice, mode="browse")], tracks=first["tracks"], storage=first["storage"])
    assert again["visits"][0]["practice"] is True and again["visits"][0]["loaded"]["m90-quiz"]["answers"] == RIGHT
    assert [c for c in again["calls"][0] if c[1] in ("LMSSetValue", "LMSCommit")] == []
    assert package_part(again["tracks"]["anna"]["m90"]) == stored
    assert lp_status(again["tracks"]["anna"], ["m90"]) == "completed"


def test_no_credit_keeps_a_stored_result_but_ilias_completes_a_new_module(specs):
    """No-credit in normal mode: the package writes nothing and a stored result stays. ILIAS itself
    stores "completed" at LMSFinish for a module never begun, so the data sheet says: keep credit."""
    first = ilias(specs, [visit(steps=WAYS["failed"])])
    stored = package_part(first["tracks"]["anna"]["m90"])
    practice = [{"clear": "m90-quiz"}, {"save": "m90-quiz", "state": quiz({"m90-q1": "a"}, ["m90-q1"])}, {"tick": True}]
    got = ilias(specs, [visit(steps=practice, credit="no-credit")], tracks=first["tracks"], storage=first["storage"])
    assert got["visits"][0]["practice"] is True
    assert [c for c in got["calls"][0] if c[1] in ("LMSSetValue", "LMSCommit")] == []
    assert package_part(got["tracks"]["anna"]["m90"]) == stored and got["storage"] == first["storage"]

    fresh = ilias(specs, [visit(credit="no-credit")])
    assert fresh["tracks"]["anna"]["m90"]["cmi.core.lesson_status"] == "completed"  # ILIAS's own write
    assert lp_status(fresh["tracks"]["anna"], ["m90"]) == "completed"
    assert scorm12.ILIAS_MODULE.credit == "credit"
    ilias_sheet = dict(scorm12.TARGET.sheet.platforms)["ILIAS"]
    assert any("„Ohne Bewertung“ (no-credit)" in item and "„completed“" in item for item in ilias_sheet)


# ------------------------------------------------------- shared computers, corrupt data


def test_learners_sharing_a_browser_in_ilias(specs):
    anna = [{"save": "m90-quiz", "state": quiz({"m90-q1": "b", "m90-r1": "PRIVAT-ANNA"}, ["m90-q1"])}, {"tick": True}]
    got = ilias(specs, [visit(steps=anna, learner="6"), visit(learner="7")])
    ben = got["visits"][1]["loaded"]
    assert "PRIVAT-ANNA" not in json.dumps(ben) and ben["m90-s1"] is None
    assert ben["m90-quiz"] is None or ben["m90-quiz"]["answers"] == {}
    assert "PRIVAT-ANNA" not in json.dumps(got["tracks"])  # reflections never reach ILIAS
    assert '"b"' not in json.dumps(got["tracks"]["7"])


def test_corrupt_suspend_data_in_ilias_is_dropped_and_the_module_still_reports(specs):
    tracks = {
        "anna": {
            "m90": {
                "cmi.core.lesson_status": "incomplete",
                "cmi.core.exit": "suspend",
                "cmi.suspend_data": '{"v":1,"a":null}',
            }
        }
    }
    got = ilias(specs, [visit(steps=WAYS["passed"])], tracks=tracks)
    assert got["visits"][0]["shown"]["note"].startswith("Ein Teil Ihres gespeicherten Lernstands")
    assert got["tracks"]["anna"]["m90"]["cmi.core.lesson_status"] == "passed"
    assert lp_status(got["tracks"]["anna"], ["m90"]) == "completed"


# ------------------------------------------------------------ the course package in ILIAS


def test_the_scorm12_course_package_in_ilias_through_the_tree(specs):
    """Two modules of the course package on one player page, opened through ILIAS's tree (one left
    without LMSFinish, which ILIAS abandons), back to the first, then relaunches: each outcome gives
    the learning progress and percentage the data sheet prints for the course package."""
    units = ["m90", "m91"]
    by_case = {o.case: o for o in scorm12.ILIAS_OUTCOMES_COURSE}
    page = {
        "learner": "anna",
        "visits": [
            {"sco": "m90", "steps": WAYS["passed"]},
            {
                "sco": "m91",
                "steps": [{"save": "m90-quiz", "state": quiz({"m90-q1": "a"}, ["m90-q1"])}, {"tick": True}],
                "killed": True,
            },
            {"sco": "m90", "steps": []},
        ],
    }
    got = ilias(specs, [page], setup=scorm12.ILIAS_COURSE, units=tuple(units))
    assert ["m91", "IliasAbortSco", [], "", "0"] in got["calls"][0]
    assert got["visits"][2]["loaded"]["m90-quiz"]["answers"] == RIGHT
    tracks = got["tracks"]["anna"]
    outcome = by_case["unfinished"]
    assert [tracks[u]["cmi.core.lesson_status"] for u in units] == ["passed", outcome.status]
    assert lp_status(tracks, units) == outcome.lp and percentage(tracks, units) == 50  # "share"

    fail = ilias(
        specs,
        [visit(sco="m91", steps=WAYS["failed"])],
        setup=scorm12.ILIAS_COURSE,
        units=tuple(units),
        tracks=got["tracks"],
        storage=got["storage"],
    )
    tracks = fail["tracks"]["anna"]
    outcome = by_case["failed"]
    assert tracks["m91"]["cmi.core.lesson_status"] == outcome.status
    assert lp_status(tracks, units) == outcome.lp and percentage(tracks, units) == 50

    done = ilias(
        specs,
        [visit(sco="m91", steps=[{"clear": "m90-quiz"}, *WAYS["passed"]])],
        setup=scorm12.ILIAS_COURSE,
        units=tuple(units),
        tracks=fail["tracks"],
        storage=fail["storage"],
    )
    tracks = done["tracks"]["anna"]
    outcome = by_case["passed"]
    assert [tracks[u]["cmi.core.lesson_status"] for u in units] == [outcome.status] * 2
    assert lp_status(tracks, units) == outcome.lp and percentage(tracks, units) == 100
    assert scorm12.ILIAS_COURSE.all_scos is True
