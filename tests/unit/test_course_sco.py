"""The whole-course package as ONE unit with its own module menu (kursbuch/export/course_sco.py,
kursbuch/assets/course-sco.js), run in node inside the emulation of Moodle's SCORM player
(tests/lms/moodle_player.js: one API object per player page, Terminate final) and server rules
(tests/kbmoodle.py), with the real runtime files and engine (tests/js/run_course_in_moodle.js):

- modules switched through the package's own menu, back, leaving, relaunching: one Initialize and
  one Terminate per launch, every module's data and the bookmark (module and position) come back;
- pass, fail and unfinished with "mastery score overrides status" on and off give exactly the data
  sheet's table for the recommended Moodle settings; interactions numbered across modules;
- review, browse and no-credit write nothing; two learners in one browser; the shell's button
  deletes this learner's browser copies of every module; corrupt course data dropped part by part;
- the export's resume-data check (the real course against the 64,000 characters, a course that would
  not fit), the manifest (official XSDs, regression file) and the shell page's menu.
Fixture modules only (tests/fixtures/quizzes/m90.yml as two modules, m90 and m91)."""

from __future__ import annotations

import copy
import json

import pytest
from bs4 import BeautifulSoup
from kbmoodle import complete, grade
from kbscorm import DEFS, validate
from kbtest import REPO
from test_export_targets import regression
from test_lms_rules import OPEN, RIGHT, SCORED, WAYS, WRONG
from test_lms_runtime import FIXTURE, NODE, config, engine_bundle, quiz, run_node

from kursbuch.assets import ASSET_DIR
from kursbuch.core.loader import load_module_file
from kursbuch.core.project import Course, toc_modules
from kursbuch.core.render import spec
from kursbuch.export import course_sco
from kursbuch.export.target import PackageSpec, Sco
from kursbuch.export.targets import scorm2004

pytestmark = pytest.mark.skipif(NODE is None, reason="node is needed to run the browser runtime")

RUNNER = REPO / "tests" / "js" / "run_course_in_moodle.js"
TARGET = scorm2004.TARGET
PACKAGE = "kursbuch-kurs-scorm2004"
PASS_MARK = 60
UNITS = ("m90", "m91")
SHOWN = [course_sco.ShellModule(m, f"Modul {m[1:]}", f"{m}/index.html", PASS_MARK) for m in UNITS]
SAVED = "Ihr Lernstand wird in der Lernplattform gespeichert. Reflexionen bleiben in diesem Browser."
NOTE = "Ein Teil Ihres gespeicherten Lernstands passt nicht zu dieser Fassung des Kurses"


@pytest.fixture(scope="module")
def specs():
    model, _ = load_module_file(FIXTURE, "m90.yml")
    return {a.id: spec(a) for a in model.activities()}


def moodle(specs, launches, *, masteryoverride=True, tracks=None, storage=None, interactions=False) -> dict:
    shell = course_sco.shell_config(
        target=TARGET.tag, package=PACKAGE, content="c0ffee", pass_percent=PASS_MARK, modules=SHOWN, limit=64000
    )
    units = {
        m: {
            "config": {**config(TARGET.tag, interactions), "sco": m, "package": PACKAGE, "in_shell": True},
            "specs": specs,
        }
        for m in UNITS
    }
    job = {
        "engine": str(engine_bundle()),
        "shell_files": [str(ASSET_DIR / n) for n in (*TARGET.scripts, "confirm.js", course_sco.SCRIPT)],
        "module_files": [str(ASSET_DIR / n) for n in (course_sco.SCRIPT, "confirm.js", "scorm.js")],
        "version": "2004",
        "shell": {**TARGET.runtime, **shell},
        "units": units,
        "options": {"masteryoverride": masteryoverride, "mastery": {course_sco.UNIT: PASS_MARK}},
        "tracks": tracks or {},
        "storage": storage or {},
        "launches": launches,
    }
    return run_node(RUNNER, job)


def launch(*steps, learner="anna", mode="normal", **extra) -> dict:
    return {"learner": learner, "mode": mode, "steps": list(steps), **extra}


def lms_calls(got: dict, n: int = 0) -> list[str]:
    return [c[1] for c in got["calls"][n]]


def track(got: dict, learner: str = "anna") -> dict:
    return got["tracks"][learner][course_sco.UNIT]


def stored_modules(t: dict) -> dict:
    return json.loads(t["cmi.suspend_data"])["m"]


# ------------------------------------------------------- one session, the package's own menu


def test_modules_switched_through_the_packages_menu_share_one_lms_session(specs):
    got = moodle(
        specs,
        [
            launch(
                {"open": "m90"},  # the module shown already: no reload
                *WAYS["passed"],  # the first module is shown first
                {"open": "m91"},
                {"save": "m90-quiz", "state": quiz({"m90-q1": "a"}, ["m90-q1"])},
                {"tick": True},
                {"open": "m90"},  # back to the first module
            )
        ],
    )
    calls = got["calls"][0]
    assert lms_calls(got).count("Initialize") == 1 and lms_calls(got).count("Terminate") == 1
    assert calls[-1][1] == "Terminate" and all(c[3] != "false" for c in calls if c[1] in ("Initialize", "Commit"))
    assert {c[0] for c in calls} == {course_sco.UNIT} and set(got["tracks"]["anna"]) == {course_sco.UNIT}
    seen = got["launches"][0]
    assert [m["module"] for m in seen["modules"]] == ["m90", "m91", "m90"]
    assert all(m["shown"]["status"] == SAVED for m in seen["modules"])
    assert seen["modules"][2]["loaded"]["m90-quiz"]["answers"] == RIGHT  # the first module's answers are there
    assert seen["menu"] == [["m90", "page"], ["m91", None]] and seen["current"] == "m90"
    assert seen["states"] == ["(bestanden)", "(begonnen)"]
    assert seen["course_result"] == "Kursergebnis: noch offen – 1 von 2 Modulen abgeschlossen."
    t = track(got)
    modules = stored_modules(t)
    assert json.loads(modules["m91"]["s"])["a"]["m90-quiz"]["a"] == {"m90-q1": "a"}
    assert modules["m90"]["r"] == {"c": 1, "g": 1, "p": True, "x": 100}
    assert t["cmi.location"].startswith("m90#") and t["cmi.exit"] == "suspend"
    # One module of two finished: the course is unfinished, without a score.
    assert (t["cmi.completion_status"], t["cmi.success_status"]) == ("incomplete", "unknown")
    assert "cmi.score.raw" not in t


def test_a_relaunch_brings_every_module_and_the_bookmark_back(specs):
    first = moodle(
        specs,
        [
            launch(
                {"save": "m90-quiz", "state": quiz({"m90-q1": "b", "m90-r1": "MEINE-REFLEXION"}, ["m90-q1"])},
                {"open": "m91"},
                {"save": "m90-s1", "state": OPEN},
                {"tick": True},
            )
        ],
    )
    assert track(first)["cmi.location"] == "m91#m90-s1"
    again = moodle(specs, [launch({"open": "m90"})], tracks=first["tracks"], storage=first["storage"])
    seen = again["launches"][0]["modules"]
    assert seen[0]["module"] == "m91" and seen[0]["loaded"]["m90-s1"]["pending"] == "a"  # the bookmarked module
    assert seen[1]["loaded"]["m90-quiz"]["answers"] == {"m90-q1": "b", "m90-r1": "MEINE-REFLEXION"}
    assert lms_calls(again).count("Initialize") == 1 and lms_calls(again).count("Terminate") == 1
    assert "MEINE-REFLEXION" not in json.dumps(again["tracks"])  # reflections never reach the LMS


@pytest.mark.parametrize("override", [True, False], ids=["override", "no-override"])
def test_course_outcomes_are_what_the_data_sheet_prints(specs, override):
    """Pass (both modules passed), fail (mean below 60) and unfinished (the second case open):
    status, grade and completion with the recommended settings, exactly as the sheet's table."""
    setup = scorm2004.MOODLE_COURSE
    second = {"passed": WAYS["passed"], "failed": WAYS["failed"], "unfinished": WAYS["unfinished"]}
    for outcome in scorm2004.OUTCOMES_COURSE:
        got = moodle(specs, [launch(*WAYS["passed"], {"open": "m91"}, *second[outcome.case])], masteryoverride=override)
        t = track(got)
        assert (t["cmi.completion_status"], t["cmi.success_status"]) == outcome.status, outcome.case
        graded = grade(setup.grademethod, got["tracks"]["anna"], [course_sco.UNIT])
        if outcome.grade == "none":
            assert graded is None and "cmi.score.raw" not in t, outcome.case
        else:
            assert graded == float(t["cmi.score.raw"]) == got["launches"][0]["summary"]["raw"], outcome.case
            assert float(t["cmi.score.scaled"]) == pytest.approx(float(t["cmi.score.raw"]) / 100)
        # What the learner reads in the shell's header says the same as the LMS.
        shown = got["launches"][0]["course_result"]
        if outcome.case == "unfinished":
            assert shown == "Kursergebnis: noch offen – 1 von 2 Modulen abgeschlossen.", shown
        else:
            word = "bestanden" if outcome.case == "passed" else "nicht bestanden"
            raw = str(got["launches"][0]["summary"]["raw"]).replace(".", ",")
            prefix = f"Kursergebnis: {word} – {raw} % im Mittel der Wissenschecks (Bestehensgrenze "
            assert shown.startswith(prefix) and shown.endswith(" %)."), shown
        assert complete(got["tracks"]["anna"], [course_sco.UNIT], setup.status_required, setup.all_scos) is (
            outcome.complete
        ), outcome.case
    assert setup.grademethod == "highest" and not setup.all_scos  # one unit: its score is the course's


def test_interactions_are_numbered_across_modules(specs):
    got = moodle(specs, [launch(*WAYS["passed"], {"open": "m91"}, *WAYS["failed"])], interactions=True)
    t = track(got)
    ids = [t[f"cmi.interactions.{n}.id"] for n in range(2 * len(SCORED))]
    assert ids == SCORED + SCORED and f"cmi.interactions.{2 * len(SCORED)}.id" not in t
    assert [t[f"cmi.interactions.{n}.result"] for n in (0, len(SCORED))] == ["correct", "incorrect"]


# ----------------------------------------------------- practice, shared computers, leaving


@pytest.mark.parametrize("mode", ["review", "browse", "no-credit"])
def test_review_browse_and_no_credit_never_change_the_stored_result(specs, mode):
    first = moodle(specs, [launch(*WAYS["failed"])])
    stored = copy.deepcopy(first["tracks"])
    extra = {"credit": "no-credit"} if mode == "no-credit" else {}
    practice = launch(
        {"clear": "m90-quiz"},
        {"save": "m90-quiz", "state": quiz({"m90-q1": "a"}, ["m90-q1"])},
        {"open": "m91"},
        *WAYS["passed"],
        mode="normal" if mode == "no-credit" else mode,
        **extra,
    )
    got = moodle(specs, [practice], tracks=first["tracks"], storage=first["storage"])
    assert got["tracks"] == stored and got["storage"] == first["storage"]
    assert [c for c in got["calls"][0] if c[1] in ("SetValue", "Commit")] == []
    assert lms_calls(got).count("Terminate") == 1
    seen = got["launches"][0]
    assert seen["shell"]["status"].startswith("Übungsmodus:") and "nicht gespeichert" in seen["shell"]["status"]
    assert seen["modules"][0]["loaded"]["m90-quiz"]["answers"] == WRONG  # what was recorded


def test_hiding_the_page_commits_before_the_browser_ends_it(specs):
    got = moodle(specs, [launch(*WAYS["passed"][:2], {"hide": True}, killed=True)])
    t = track(got)
    assert "Terminate" not in lms_calls(got)
    assert json.loads(stored_modules(t)["m90"]["s"])["a"]["m90-s1"]["p"] and stored_modules(t)["m90"]["r"]["c"] == 1


def test_learners_sharing_a_browser_and_the_shells_delete_button(specs):
    anna = [
        {"save": "m90-quiz", "state": quiz({"m90-q1": "b", "m90-r1": "PRIVAT-ANNA"}, ["m90-q1"])},
        {"open": "m91"},
        {"save": "m90-quiz", "state": quiz({"m90-r1": "PRIVAT-ANNA-2"}, [])},
        {"tick": True},
    ]
    got = moodle(
        specs,
        [
            launch(*anna, learner="anna-1234"),
            launch(
                {"open": "m91"},
                {"save": "m90-quiz", "state": quiz({"m90-r1": "BEN"}, [])},
                {"tick": True},
                learner="ben-5678",
            ),
        ],
    )
    ben = got["launches"][1]["modules"]
    assert [m["module"] for m in ben] == ["m90", "m91"]  # Anna's bookmark is not Ben's
    assert "PRIVAT-ANNA" not in json.dumps(ben) and "PRIVAT-ANNA" not in json.dumps(got["tracks"])
    assert "anna-1234" not in json.dumps(got["storage"]) + " ".join(got["storage"])
    assert sum("PRIVAT-ANNA" in v for v in got["storage"].values()) == 2  # one browser copy per module
    cancelled = moodle(
        specs, [launch({"forget": "cancel"}, learner="anna-1234")], tracks=got["tracks"], storage=got["storage"]
    )
    assert cancelled["storage"] == got["storage"]  # the button asks first: "Abbrechen" deletes nothing
    back = moodle(
        specs,
        [
            launch(
                {"forget": "confirm"},
                {"open": "m90"},  # a module opened after deleting writes no browser copy
                {"save": "m90-quiz", "state": quiz({"m90-r1": "PRIVAT-ANNA-3"}, [])},
                {"tick": True},
                learner="anna-1234",
            )
        ],
        tracks=got["tracks"],
        storage=got["storage"],
    )
    seen = back["launches"][0]
    # Anna comes back to her bookmarked module (m91): her reflection there is back; she deletes her copies.
    assert seen["modules"][0]["loaded"]["m90-quiz"]["answers"]["m90-r1"] == "PRIVAT-ANNA-2"
    assert seen["shell"]["forget"] == "Meine Daten in diesem Browser löschen"
    assert seen["shell"]["status"].startswith("Ihre Daten in diesem Browser sind gelöscht;")
    assert "nicht mehr gespeichert" in seen["shell"]["status"]
    assert "PRIVAT-ANNA" not in json.dumps(back["storage"])
    assert [v for v in back["storage"].values() if "BEN" in v] == [v for v in got["storage"].values() if "BEN" in v]


CORRUPT = {
    "not-json": ("{nicht json", "", []),
    "future-version": (json.dumps({"v": 2, "m": {"m90": {"s": "{}"}}}), "", []),
    "wrong-shapes": (
        json.dumps(
            {
                "v": 1,
                "m": {
                    "m90": {"s": 5, "l": ["x"], "r": {"c": 1, "g": 1, "p": True, "x": 900}},
                    "m91": None,
                    "m99": {"s": "{}"},
                    "__proto__": {"s": "{}"},
                },
            }
        ),
        "",
        [],
    ),
    "bookmark-of-no-module": ("", 'm99#"]) x[y="', []),
}


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_corrupt_course_data_is_dropped_part_by_part_and_never_stops_reporting(specs, case):
    suspend, location, _ = CORRUPT[case]
    stored = {"cmi.completion_status": "incomplete", "cmi.exit": "suspend", "cmi.suspend_data": suspend}
    if location:
        stored["cmi.location"] = location
    got = moodle(
        specs,
        [launch(*WAYS["passed"], {"open": "m91"}, *WAYS["passed"])],
        tracks={"anna": {course_sco.UNIT: stored}},
    )
    seen = got["launches"][0]
    assert seen["shell"]["note"].startswith(NOTE)
    assert seen["modules"][0]["module"] == "m90" and seen["modules"][0]["loaded"]["m90-quiz"] is None
    t = track(got)
    assert (t["cmi.completion_status"], t["cmi.success_status"], t["cmi.score.raw"]) == ("completed", "passed", "100")
    assert json.loads(t["cmi.suspend_data"])["v"] == 1 and set(stored_modules(t)) == set(UNITS)


# ----------------------------------------------------------------- the export's side


def real_modules() -> dict:
    course = Course.load(REPO)
    return {
        m: ("0123456789ab", course.modules[m].activities() if m in course.modules else []) for m in toc_modules(REPO)
    }


def test_the_real_course_fits_the_one_suspend_data_and_a_course_that_would_not_fails_the_export():
    modules = real_modules()
    needed = course_sco.most_resume_data(modules)
    assert 0 < needed <= scorm2004.SUSPEND_LIMIT
    assert course_sco.resume_data_problem(modules, limit=scorm2004.SUSPEND_LIMIT, package=PACKAGE, label="L") is None
    problem = course_sco.resume_data_problem(modules, limit=needed - 1, package=PACKAGE, label=TARGET.label)
    assert problem == (
        f"_toc.yml: {PACKAGE}: the whole course as one unit can need {needed} characters of resume data "
        f"(suspend_data), but {TARGET.label} keeps at most {needed - 1} — shorten the cases or quizzes, move "
        "modules into a second course, or hand out the module packages instead"
    )


def test_the_bound_is_never_below_what_the_runtime_stores(specs):
    """The longest module data the fixture can produce in the runtime stays within the computed bound."""
    from test_lms_runtime import FIXTURE

    from kursbuch.core.loader import load_module_file

    model, _ = load_module_file(FIXTURE, "m90.yml")
    got = moodle(specs, [launch(*WAYS["passed"], {"open": "m91"}, *WAYS["failed"])])
    stored = track(got)["cmi.suspend_data"]
    bound = course_sco.most_resume_data({m: ("c0ffee", model.activities()) for m in UNITS})
    assert len(stored) <= bound


def course_unit_spec() -> PackageSpec:
    return PackageSpec(
        identifier=PACKAGE,
        title="Kurs & Titel",
        scos=[
            Sco(course_sco.UNIT, "Kurs & Titel", "index.html", ["index.html", "m01/index.html", "m02/index.html"], 70)
        ],
        shared_files=["assets/kursbuch-package.css", "glossar.html"],
    )


def test_the_course_unit_manifest_validates_and_matches_its_regression_file():
    manifest = TARGET.manifest(course_unit_spec())
    if not DEFS.is_dir():
        pytest.fail("schemas missing: run bash scripts/setup.sh --test (npm ci in tests/)")
    validate(manifest, TARGET.name)
    regression("manifest-scorm2004-kurs.xml", manifest.decode("utf-8"))
    assert course_sco.course_pass_mark([70, None, 70]) == 70 and course_sco.course_pass_mark([60, 75]) == 67
    assert course_sco.course_pass_mark([None]) is None


def test_the_shell_page_has_a_german_module_menu_and_no_script_to_fetch():
    page = course_sco.shell_page(
        course_title="Kurs <&>",
        config={"shell": True},
        modules=SHOWN,
        scripts=["var x = '</script>';"],
        legal_links=[("barrierefreiheit.html", "Erklärung zur Barrierefreiheit")],
        stylesheets=["assets/kursbuch-package.css"],
    )
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "de" and soup.h1.get_text() == "Kurs <&>"
    nav = soup.find("nav", attrs={"aria-label": "Module des Kurses"})
    links = nav.find_all("a")
    assert [(a["href"], a["data-kb-module"], a["target"]) for a in links] == [
        ("m90/index.html", "m90", "kb-module"),
        ("m91/index.html", "m91", "kb-module"),
    ]
    frame = soup.find("iframe", id="kb-course-frame")
    assert frame["name"] == "kb-module" and frame["title"] and not frame.get("src")
    assert soup.find("script", src=True) is None and "<\\/script>" in page
    assert soup.find(id="kb-scorm-config") and soup.find(id="kb-forget") and soup.find(id="kb-lms-status")
    assert soup.select_one("footer nav.kb-legal-links a")["href"] == "barrierefreiheit.html"
