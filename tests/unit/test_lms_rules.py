"""The package runtime inside an emulation of Moodle's SCORM player and server rules
(tests/lms/moodle_player.js, tests/kbmoodle.py), run in node with the real runtime files and engine:

- results no LMS setting can turn wrong (pass, fail, unfinished; "mastery score overrides status"
  on and off), with the Moodle settings the data sheets recommend giving exactly the outcomes the
  data sheets print;
- review, browse and no-credit never change a stored result, and a new unfinished try keeps it;
- learners sharing one browser never see each other's data; "Meine Daten in diesem Browser löschen";
- corrupt data from the LMS or the browser is dropped part by part with one note, never fatal;
- the whole-course package switched through Moodle's table of contents, back, and relaunched.
The same runtime meets scorm-again in chromium in tests/browser/test_scorm_runtime.py."""

from __future__ import annotations

import copy
import json
import subprocess

import pytest
from kbmoodle import complete, grade, unit_status
from test_lms_runtime import FIXTURE, NODE, config, engine_bundle, quiz, run_node, runtime_files

from kursbuch.core.loader import load_module_file
from kursbuch.core.render import spec
from kursbuch.export.targets import scorm12, scorm2004

pytestmark = pytest.mark.skipif(NODE is None, reason="node is needed to run the browser runtime")

RUNNER = FIXTURE.parents[2] / "js" / "run_in_moodle.js"
TAGS = {"1.2": "scorm12", "2004": "scorm2004"}
EDITIONS = {"1.2": scorm12, "2004": scorm2004}
PASS_MARK = 60

RIGHT = {
    "m90-q1": "a",
    "m90-q2": ["a", "c"],
    "m90-q3": {"s1": True, "s2": False},
    "m90-q4": {"e1": "x", "e2": "y"},
    "m90-q5": ["s1", "s2", "s3"],
}
WRONG = {
    "m90-q1": "b",
    "m90-q2": ["b"],
    "m90-q3": {"s1": False, "s2": True},
    "m90-q4": {"e1": "y", "e2": "x"},
    "m90-q5": ["s3", "s2", "s1"],
}
SCORED = list(RIGHT)


def answered(answers: dict, private: dict | None = None) -> dict:
    return quiz({**answers, **(private or {})}, SCORED, submitted=True)


ENDED = {"v": 1, "path": [{"node": "m90-s1-n1", "choice": "a"}], "pending": None}
OPEN = {"v": 1, "path": [], "pending": "a"}
WAYS = {  # how a learner leaves a module: the Outcome cases of the data sheets
    "passed": [{"save": "m90-quiz", "state": answered(RIGHT)}, {"save": "m90-s1", "state": ENDED}, {"tick": True}],
    "failed": [{"save": "m90-quiz", "state": answered(WRONG)}, {"save": "m90-s1", "state": ENDED}, {"tick": True}],
    # Every answer right and the quiz evaluated, the case left open: unfinished, with a score of 100.
    "unfinished": [{"save": "m90-quiz", "state": answered(RIGHT)}, {"save": "m90-s1", "state": OPEN}, {"tick": True}],
}


@pytest.fixture(scope="module")
def specs():
    model, _ = load_module_file(FIXTURE, "m90.yml")
    return {a.id: spec(a) for a in model.activities()}


def unit(version: str, sco: str, specs: dict) -> dict:
    return {
        "config": {**config(TAGS[version], False), "sco": sco, "package": f"kursbuch-kurs-{TAGS[version]}"},
        "specs": specs,
    }


def moodle(version, specs, launches, *, units=("m90",), masteryoverride=True, tracks=None, storage=None) -> dict:
    job = {
        "engine": str(engine_bundle()),
        "files": runtime_files(TAGS[version]),
        "version": version,
        "units": {u: unit(version, u, specs) for u in units},
        "options": {"masteryoverride": masteryoverride, "mastery": dict.fromkeys(units, PASS_MARK)},
        "tracks": tracks or {},
        "storage": storage or {},
        "launches": launches,
    }
    return run_node(RUNNER, job)


def visit(sco="m90", steps=(), learner="anna", mode="normal"):
    return {"learner": learner, "mode": mode, "visits": [{"sco": sco, "steps": list(steps)}]}


def statuses(version: str, track: dict) -> tuple[str, ...]:
    if version == "1.2":
        return (track.get("cmi.core.lesson_status", ""),)
    return (track.get("cmi.completion_status", ""), track.get("cmi.success_status", ""))


def raw_of(track: dict) -> str:
    return track.get("cmi.core.score.raw", track.get("cmi.score.raw", ""))


# ------------------------------------------------------------------ finding 1: results


@pytest.mark.parametrize("override", [True, False], ids=["override", "no-override"])
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_module_outcomes_are_what_the_data_sheet_prints(specs, version, override):
    """Pass, fail and unfinished in Moodle with the recommended settings: status, grade and completion
    exactly as the data sheet's table says, whatever "mastery score overrides status" is set to."""
    edition = EDITIONS[version]
    setup = edition.MOODLE_MODULE
    for outcome in edition.OUTCOMES_MODULE:
        got = moodle(version, specs, [visit(steps=WAYS[outcome.case])], masteryoverride=override)
        track = got["tracks"]["anna"]["m90"]
        assert statuses(version, track) == outcome.status, outcome.case
        graded = grade(setup.grademethod, got["tracks"]["anna"], ["m90"])
        if outcome.grade == "none":
            assert graded is None and raw_of(track) == "", outcome.case  # no score before the module is finished
        else:
            assert graded == float(raw_of(track)) == got["visits"][0]["summary"]["raw"], outcome.case
        assert complete(got["tracks"]["anna"], ["m90"], setup.status_required, setup.all_scos) is outcome.complete
        assert track[{"1.2": "cmi.core.exit", "2004": "cmi.exit"}[version]] == "suspend"


def test_the_score_is_rounded_down_so_the_lms_decides_as_the_package(specs):
    """3.59 of 6 points is 59.83 %: below a pass mark of 59.84 the package says failed; a score
    rounded to the nearest hundredth would let an LMS compare 59.84 and say passed."""
    partly = {**RIGHT, "m90-q2": ["a"], "m90-q4": {"e1": "x", "e2": "x"}}
    got = moodle(
        "1.2",
        specs,
        [visit(steps=[{"save": "m90-quiz", "state": answered(partly)}, {"save": "m90-s1", "state": ENDED}])],
    )
    summary = got["visits"][0]["summary"]
    raw = float(raw_of(got["tracks"]["anna"]["m90"]))
    assert raw == summary["raw"] and raw * 100 == int(raw * 100)
    assert (raw >= PASS_MARK) is summary["passed"]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_both_status_boxes_in_moodle_do_what_the_data_sheet_says(specs, version):
    """Moodle needs every ticked status: with 'Bestanden' and 'Abgeschlossen' ticked a SCORM 1.2
    module that passed never completes (one status element); in SCORM 2004 it does."""
    got = moodle(version, specs, [visit(steps=WAYS["passed"])])
    failed = moodle(version, specs, [visit(steps=WAYS["failed"])])
    passed_tracks, failed_tracks = got["tracks"]["anna"], failed["tracks"]["anna"]
    both = complete(passed_tracks, ["m90"], ("passed", "completed"), False)
    assert both is (version == "2004")
    # The alternatives the data sheet names: "Abgeschlossen" alone, "Bestanden" alone.
    assert complete(passed_tracks, ["m90"], ("completed",), False) is (version == "2004")
    assert complete(failed_tracks, ["m90"], ("completed",), False) is (version == "2004")
    assert complete(passed_tracks, ["m90"], ("passed",), False) is (version == "1.2")
    assert EDITIONS[version].MOODLE_MODULE.status_required == (
        ("passed",) if version == "1.2" else ("passed", "completed")
    )


# ------------------------------------------------------ finding 2: review, browse, a new try


@pytest.mark.parametrize("mode", ["review", "browse", "no-credit"])
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_review_and_browse_never_change_the_stored_result(specs, version, mode):
    first = moodle(version, specs, [visit(steps=WAYS["failed"])])
    stored = copy.deepcopy(first["tracks"])
    practice = [
        {"clear": "m90-quiz"},
        {"clear": "m90-s1"},
        {"save": "m90-quiz", "state": quiz({"m90-q1": "a", "m90-r1": "Übung"}, ["m90-q1"])},
        {"tick": True},
    ]
    launch = visit(steps=practice, mode="normal" if mode == "no-credit" else mode)
    if mode == "no-credit":
        launch["credit"] = "no-credit"  # a normal launch that the LMS does not count
    got = moodle(version, specs, [launch], tracks=first["tracks"], storage=first["storage"])
    assert got["tracks"] == stored
    seen = got["visits"][0]
    assert seen["practice"] is True
    assert seen["shown"]["status"].startswith("Übungsmodus:") and "nicht gespeichert" in seen["shown"]["status"]
    assert seen["loaded"]["m90-quiz"]["answers"]["m90-q1"] == "b"  # the learner sees what was recorded
    setvalues = [c for c in got["calls"][0] if c[1] in ("LMSSetValue", "SetValue", "LMSCommit", "Commit")]
    assert setvalues == []
    assert got["storage"] == first["storage"]  # not even the browser copy takes the practice


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_new_unfinished_try_keeps_the_finished_result(specs, version):
    """'Alle Antworten löschen' after a finished module, then leaving half-way: the LMS keeps the
    result until the new try is finished; a finished new try counts."""
    first = moodle(version, specs, [visit(steps=WAYS["passed"])])
    stored = copy.deepcopy(first["tracks"]["anna"]["m90"])
    again = [
        {"clear": "m90-quiz"},
        {"clear": "m90-s1"},
        {"save": "m90-quiz", "state": quiz({"m90-q1": "b"}, ["m90-q1"])},
        {"tick": True},
    ]
    got = moodle(version, specs, [visit(steps=again)], tracks=first["tracks"], storage=first["storage"])
    track = got["tracks"]["anna"]["m90"]
    assert statuses(version, track) == statuses(version, stored) and raw_of(track) == raw_of(stored)
    redo = moodle(version, specs, [visit(steps=WAYS["failed"])], tracks=got["tracks"], storage=got["storage"])
    assert "failed" in statuses(version, redo["tracks"]["anna"]["m90"])


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_hiding_the_page_commits_before_the_browser_may_end_it(specs, version):
    """Learners close tabs and mobile browsers end hidden pages without pagehide: the last answers
    are committed when the page is hidden, not only on pagehide or after the commit delay."""
    steps = [*WAYS["passed"][:2], {"hide": True}]  # no tick: the commit delay has not run out
    got = moodle(
        version,
        specs,
        [{"learner": "anna", "mode": "normal", "visits": [{"sco": "m90", "steps": steps, "killed": True}]}],
    )
    track = got["tracks"]["anna"]["m90"]
    assert "passed" in statuses(version, track) and json.loads(track["cmi.suspend_data"])["a"]["m90-s1"]["p"]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_work_the_lms_never_got_comes_back_for_the_same_learner(specs, version):
    """The page ended before its commit (or the LMS failed): the learner's own browser copy, marked
    as ahead of the LMS, restores everything on the next launch, which then reports it."""
    lost = {
        "learner": "anna",
        "mode": "normal",
        "visits": [{"sco": "m90", "steps": WAYS["passed"][:2], "killed": True}],
    }
    got = moodle(version, specs, [lost])
    assert "passed" not in statuses(version, got["tracks"]["anna"]["m90"])
    back = moodle(version, specs, [visit()], tracks=got["tracks"], storage=got["storage"])
    assert back["visits"][0]["loaded"]["m90-quiz"]["answers"] == RIGHT
    assert "passed" in statuses(version, back["tracks"]["anna"]["m90"])
    other = moodle(version, specs, [visit(learner="ben")], tracks=got["tracks"], storage=got["storage"])
    assert other["visits"][0]["loaded"]["m90-quiz"] is None


# --------------------------------------------------------- finding 5: shared computers


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_learners_sharing_a_browser_never_see_each_others_data(specs, version):
    anna = [{"save": "m90-quiz", "state": quiz({"m90-q1": "b", "m90-r1": "PRIVAT-ANNA"}, ["m90-q1"])}, {"tick": True}]
    got = moodle(version, specs, [visit(steps=anna, learner="anna-1234"), visit(learner="ben-5678")])
    ben = got["visits"][1]["loaded"]
    assert "PRIVAT-ANNA" not in json.dumps(ben) and ben["m90-s1"] is None
    assert ben["m90-quiz"] is None or ben["m90-quiz"]["answers"] == {}
    assert "PRIVAT-ANNA" not in json.dumps(got["tracks"]["ben-5678"]) and '"b"' not in json.dumps(
        got["tracks"]["ben-5678"]
    )
    assert "PRIVAT-ANNA" not in json.dumps(got["tracks"]["anna-1234"])  # reflections never reach the LMS
    keys = " ".join(got["storage"])
    assert "anna-1234" not in keys + json.dumps(got["storage"]) and "ben-5678" not in keys  # hashed, never in clear
    # Anna comes back: her reflection is there; she deletes her browser copy (the button asks
    # first: "Abbrechen" keeps it); Ben's stays.
    kept = moodle(
        version,
        specs,
        [visit(learner="anna-1234", steps=[{"forget": "cancel"}])],
        tracks=got["tracks"],
        storage=got["storage"],
    )
    assert sum("PRIVAT-ANNA" in v for v in kept["storage"].values()) == 1
    back = moodle(
        version,
        specs,
        [visit(learner="anna-1234", steps=[{"forget": True}])],
        tracks=got["tracks"],
        storage=got["storage"],
    )
    seen = back["visits"][0]
    assert seen["loaded"]["m90-quiz"]["answers"]["m90-r1"] == "PRIVAT-ANNA"
    assert seen["shown"]["forget"] == "Meine Daten in diesem Browser löschen"
    assert "PRIVAT-ANNA" not in json.dumps(back["storage"])
    assert seen["shown"]["status"].startswith("Ihre Daten in diesem Browser sind gelöscht;")
    assert back["tracks"]["anna-1234"]["m90"] == got["tracks"]["anna-1234"]["m90"] | {
        k: v for k, v in back["tracks"]["anna-1234"]["m90"].items() if "session_time" in k
    }


def test_the_old_unscoped_browser_copy_is_never_restored(specs):
    old_key = "kursbuch:scorm:v1:kursbuch-kurs-scorm12:m90"
    old = {"c": "x", "states": {"m90-quiz": quiz({"m90-r1": "FREMD", "m90-q1": "a"}, ["m90-q1"])}}
    got = moodle(
        "1.2",
        specs,
        [visit(learner="ben", steps=[])],
        storage={old_key: json.dumps(old)},
        tracks={"ben": {"m90": {"cmi.core.lesson_status": "incomplete", "cmi.core.exit": "suspend"}}},
    )
    assert "FREMD" not in json.dumps(got["visits"][0]["loaded"]) and old_key not in got["storage"]


def test_sha256_matches_pythons(specs):
    import hashlib

    job = {"engine": str(engine_bundle()), "files": runtime_files("scorm12")}
    script = (
        "const vm=require('vm'),fs=require('fs');const job=JSON.parse(fs.readFileSync(0,'utf8'));"
        "const el={textContent:JSON.stringify({sco:'x',package:'p',completion:['visited'],pass_percent:0,commit_delay_ms:1})};"
        "const sb={document:{getElementById:(i)=>i==='kb-scorm-config'?el:null,addEventListener(){}},addEventListener(){},"
        "JSON,Math,Object,Array,String,Number,parseInt,isFinite,encodeURIComponent,Date};sb.globalThis=sb;"
        "for(const f of job.files) vm.runInNewContext(fs.readFileSync(f,'utf8'),sb);"
        "process.stdout.write(JSON.stringify(['', 'abc', 'Ä€𝄞 lang'.repeat(40)].map(sb.KursbuchScorm.sha256)));"
    )
    out = subprocess.run(["node", "-e", script], input=json.dumps(job), capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [hashlib.sha256(t.encode()).hexdigest() for t in ["", "abc", "Ä€𝄞 lang" * 40]]


# ------------------------------------------------------------- defensive restore

CORRUPT = {
    "a-is-null": {"suspend": '{"v":1,"a":null}'},
    "not-json": {"suspend": "{nicht json"},
    "future-version": {"suspend": json.dumps({"v": 2, "a": {"m90-quiz": {"a": {"m90-q1": "a"}}}})},
    "answers-wrong-shape": {
        "suspend": json.dumps({"v": 1, "a": {"m90-quiz": {"a": ["m90-q1"], "k": "x"}, "m90-s1": 5}})
    },
    "values-that-do-not-fit": {
        "suspend": json.dumps(
            {
                "v": 1,
                "a": {
                    "m90-quiz": {
                        "a": {
                            "m90-q1": "zz",
                            "m90-q2": ["a", "c"],
                            "m90-q3": None,
                            "constructor": "a",
                            "__proto__": {"x": 1},
                        },
                        "k": ["m90-q2", "m90-q1", "toString"],
                        "s": 1,
                    },
                    "m90-s1": {"p": [["m90-s1-n1", "zz"]], "x": None},
                    "prototype": {"a": {}},
                },
            }
        ),
        "keeps": {"m90-q2": ["a", "c"]},
    },
    "bookmark-with-quotes": {"bookmark": '"]) , x[y="'},
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_corrupt_lms_data_is_dropped_part_by_part_and_never_stops_reporting(specs, version, case):
    bad = CORRUPT[case]
    v12 = version == "1.2"
    track = {
        "cmi.core.lesson_status" if v12 else "cmi.completion_status": "incomplete",
        "cmi.core.exit" if v12 else "cmi.exit": "suspend",
    }
    if "suspend" in bad:
        track["cmi.suspend_data"] = bad["suspend"]
    if "bookmark" in bad:
        track["cmi.core.lesson_location" if v12 else "cmi.location"] = bad["bookmark"]
    got = moodle(version, specs, [visit(steps=WAYS["passed"])], tracks={"anna": {"m90": track}})
    seen = got["visits"][0]
    assert seen["shown"]["note"] == (
        "Ein Teil Ihres gespeicherten Lernstands passt nicht zu dieser Fassung des Moduls und wurde nicht "
        "übernommen. Bitte bearbeiten Sie die betroffenen Aufgaben noch einmal."
    )
    loaded = seen["loaded"]["m90-quiz"]
    assert (loaded["answers"] if loaded else {}) == bad.get("keeps", {})
    if loaded:
        assert loaded["checked"] == dict.fromkeys(bad.get("keeps", {}), True) and loaded["submitted"] is False
    assert seen["loaded"]["m90-s1"] is None or seen["loaded"]["m90-s1"]["path"] == []
    # The session reported as always: the learner's new work is the result.
    stored = got["tracks"]["anna"]["m90"]
    assert "passed" in statuses(version, stored) and float(raw_of(stored)) == 100
    assert json.loads(stored["cmi.suspend_data"])["v"] == 1
    assert stored["cmi.core.exit" if v12 else "cmi.exit"] == "suspend"


@pytest.mark.parametrize(
    "garbage", ['{"v":9,"states":{}}', "null", "[1,2]", '{"v":2,"states":{"m90-quiz":{"answers":{"m90-r1":["x"]}}}}']
)
def test_a_corrupt_browser_copy_is_dropped_with_a_note(specs, garbage):
    first = moodle(
        "1.2", specs, [visit(steps=[{"save": "m90-quiz", "state": quiz({"m90-r1": "Text"}, [])}, {"tick": True}])]
    )
    (key,) = [k for k in first["storage"] if k.startswith("kursbuch:scorm:")]
    got = moodle("1.2", specs, [visit(steps=WAYS["passed"])], tracks=first["tracks"], storage={key: garbage})
    seen = got["visits"][0]
    assert "m90-r1" not in json.dumps(seen["loaded"])
    assert seen["shown"]["note"].startswith("Ein Teil Ihres gespeicherten Lernstands") or garbage == "null"
    assert "passed" in statuses("1.2", got["tracks"]["anna"]["m90"])


# ----------------------------------------------- finding 3: the whole course in Moodle's player


def test_the_scorm12_course_package_in_moodles_player(specs):
    """Two modules of the SCORM 1.2 course package on one player page, switched through the table of
    contents and back, then a relaunch: every module is stored, and the recommended settings give
    the grade and completion the data sheet prints."""
    setup = scorm12.MOODLE_COURSE
    units = ["m90", "m91"]
    page = {
        "learner": "anna",
        "mode": "normal",
        "visits": [
            {"sco": "m90", "steps": WAYS["passed"]},
            {"sco": "m91", "steps": [{"save": "m90-quiz", "state": quiz({"m90-q1": "a"}, ["m90-q1"])}, {"tick": True}]},
            {"sco": "m90", "steps": []},  # back to the first module: its answers are there, its result stays
        ],
    }
    got = moodle("1.2", specs, [page], units=tuple(units))
    assert [v["shown"]["status"] for v in got["visits"]] == [
        "Ihr Lernstand wird in der Lernplattform gespeichert. Reflexionen bleiben in diesem Browser."
    ] * 3
    assert got["visits"][2]["loaded"]["m90-quiz"]["answers"] == RIGHT
    tracks = got["tracks"]["anna"]
    assert [unit_status(tracks[u]) for u in units] == ["passed", "incomplete"]
    by_case = {o.case: o for o in scorm12.OUTCOMES_COURSE}
    assert complete(tracks, units, setup.status_required, setup.all_scos) is by_case["unfinished"].complete
    assert grade(setup.grademethod, tracks, units) == 1.0  # one passed module of two
    assert grade("highest", tracks, units) == 100.0  # what "Höchste Bewertung" would show: misleading
    # Relaunch: the second module is resumed and failed, then passed in a new try.
    fail = moodle(
        "1.2",
        specs,
        [visit(sco="m91", steps=WAYS["failed"])],
        units=tuple(units),
        tracks=got["tracks"],
        storage=got["storage"],
    )
    tracks = fail["tracks"]["anna"]
    assert fail["visits"][0]["loaded"]["m90-quiz"]["answers"]["m90-q1"] == "a"
    assert complete(tracks, units, setup.status_required, setup.all_scos) is by_case["failed"].complete
    assert grade(setup.grademethod, tracks, units) == 1.0
    done = moodle(
        "1.2",
        specs,
        [visit(sco="m91", steps=[{"clear": "m90-quiz"}, *WAYS["passed"]])],
        units=tuple(units),
        tracks=fail["tracks"],
        storage=fail["storage"],
    )
    tracks = done["tracks"]["anna"]
    assert [unit_status(tracks[u]) for u in units] == ["passed", "passed"]
    assert complete(tracks, units, setup.status_required, setup.all_scos) is by_case["passed"].complete
    assert grade(setup.grademethod, tracks, units) == 2.0


def test_a_scorm2004_package_of_one_unit_per_module_fails_in_moodles_player_so_the_course_is_one_unit(specs):
    """Measured: after the first module's Terminate, Moodle's one API object refuses Initialize (104);
    the second module says "Keine Verbindung" and nothing of it is stored. So the SCORM 2004 course
    package is one unit with its own module menu (tests/unit/test_course_sco.py runs it)."""
    page = {
        "learner": "anna",
        "mode": "normal",
        "visits": [{"sco": "m90", "steps": WAYS["passed"]}, {"sco": "m91", "steps": WAYS["passed"]}],
    }
    got = moodle("2004", specs, [page], units=("m90", "m91"))
    assert got["visits"][1]["shown"]["status"].startswith("Keine Verbindung zur Lernplattform")
    assert "m91" not in got["tracks"]["anna"]
    assert ["m91", "Initialize", [""], "false"] in got["calls"][0]
    assert scorm2004.TARGET.course_unit is not None and scorm12.TARGET.course_unit is None
    assert [o.case for o in scorm2004.TARGET.sheet.course_outcomes and scorm2004.OUTCOMES_COURSE] == [
        "passed",
        "failed",
        "unfinished",
    ]
