"""Every module package against a real LMS-side runtime (npm scorm-again), SCORM 1.2 and 2004,
launched in an iframe and in a popup: a full attempt with the expected score and status (with
scorm-again's mastery override on and the manifest's mastery score loaded, as an LMS does),
leaving, and a relaunch (in a fresh browser, so only the LMS data can restore) that finds
everything again. An unfinished module with every answer right stays unfinished; review mode
writes nothing; learners sharing a browser never see each other's answers; corrupt LMS data.
Fault tests: SetValue/Commit/Initialize failing, no API at all, and suspend_data from an older
package version. The SCORM 1.2 whole-course package in the emulation of Moodle's player
(tests/lms/moodle_player.js): switched through the table of contents, back, relaunched (the SCORM
2004 one, a single unit with its own module menu: tests/browser/test_course_shell_in_chromium.py)."""

from __future__ import annotations

import json
import math
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from kbtest import SOURCE, copy_course, run_kursbuch, set_config
from learner import answer, shown_answer, shown_order
from pagekit import loaded_iframe, serve

from kursbuch.core.model import Judgement, Matching, MultipleChoice, Ordering, SingleChoice, TrueFalse
from kursbuch.core.project import Course, toc_modules
from kursbuch.core.scoring import score_quiz
from kursbuch.items.judgement import SCALE as JUDGEMENT_SCALE

pytestmark = [pytest.mark.browser, pytest.mark.build]

HERE = Path(__file__).resolve().parent
AGAIN = HERE.parent / "node_modules" / "scorm-again" / "dist"
MOODLE_JS = HERE.parent / "lms" / "moodle_player.js"
VERSIONS = {"1.2": "scorm12", "2004": "scorm2004"}


def make_site(root: Path, scorm_dir: Path) -> Path:
    (root / "lms").mkdir(parents=True)
    for name in ("harness.html", "moodle.html"):
        shutil.copy(HERE / "lms" / name, root / "lms" / name)
    shutil.copy(MOODLE_JS, root / "lms" / "moodle_player.js")
    for name in ("scorm12.js", "scorm2004.js"):
        shutil.copy(AGAIN / name, root / "lms" / name)
    for z in scorm_dir.glob("*.zip"):
        with zipfile.ZipFile(z) as zf:
            zf.extractall(root / "pkg" / z.stem)
    return root


@pytest.fixture(scope="module")
def lms(exported, tmp_path_factory):
    with serve(make_site(tmp_path_factory.mktemp("lms"), exported)) as url:
        yield url


@pytest.fixture(scope="module")
def course():
    return Course.load(SOURCE)


def right_answers(course, module):
    out = {}
    for quiz in course.modules[module].quizzes:
        for item in quiz.scored_items:
            if isinstance(item, SingleChoice):
                out[item.id] = ("single", item.answer)
            elif isinstance(item, MultipleChoice):
                out[item.id] = ("multiple", list(item.answer))
            elif isinstance(item, TrueFalse):
                out[item.id] = ("truefalse", {s.id: s.correct for s in item.statements})
            elif isinstance(item, Matching):
                out[item.id] = ("matching", {e.id: e.category for e in item.entries})
            elif isinstance(item, Ordering):
                out[item.id] = ("ordering", [s.id for s in item.steps])
            elif isinstance(item, Judgement):
                out[item.id] = ("judgement", {r.id: JUDGEMENT_SCALE.index(r.expert) for r in item.responses})
    return out


def a_wrong_answer(course, module):
    """The first scored item answered wrong, for a score below 100."""
    quiz = next(q for q in course.modules[module].quizzes if q.scored_items)
    item = quiz.scored_items[0]
    if isinstance(item, SingleChoice):
        return item.id, ("single", next(o.id for o in item.options if o.id != item.answer))
    if isinstance(item, MultipleChoice):
        return item.id, ("multiple", [next(o.id for o in item.options if o.id not in item.answer)])
    if isinstance(item, TrueFalse):
        return item.id, ("truefalse", {s.id: not s.correct for s in item.statements})
    if isinstance(item, Matching):
        cats = [c.id for c in item.categories]
        return item.id, ("matching", {e.id: cats[(cats.index(e.category) + 1) % len(cats)] for e in item.entries})
    if isinstance(item, Judgement):  # every response rated at the far end of the scale from the expert
        top = len(JUDGEMENT_SCALE) - 1
        return item.id, ("judgement", {r.id: top - JUDGEMENT_SCALE.index(r.expert) for r in item.responses})
    return item.id, ("ordering", [s.id for s in reversed(item.steps)])


def play_longest_path(sco, course, module) -> list[tuple[str, str]]:
    """Decide in the browser, at each step, the shown choice with the longest way still ahead (over
    next and routes), so suspend_data holds the longest path the case allows; the engine's own state
    decides where each choice leads. Returns the (node, choice) steps taken, up to an ending."""
    s = course.modules[module].scenarios[0]
    nodes = {n.id: n for n in s.nodes}

    def ahead(at: str, seen: frozenset) -> int:
        node = nodes[at]
        targets = {t for c in node.choices for t in (c.next, *(r.next for r in c.routes)) if t not in seen}
        return max((1 + ahead(t, seen | {t}) for t in targets), default=0)

    def reach(c) -> int:
        return max(ahead(t, frozenset(seen | {t})) for t in (c.next, *(r.next for r in c.routes)))

    steps: list[tuple[str, str]] = []
    seen = {s.start}
    host = f'[data-kb-root="{s.id}"]'
    for _ in range(60):
        at = sco.evaluate("id => KursbuchEngine.mounted[id].summary().node", s.id)
        if nodes[at].ending:
            return steps
        seen.add(at)
        shown = sco.locator(f"{host} .kb-node-form input[type=radio]").evaluate_all("els => els.map(e => e.value)")
        by_id = {c.id: c for c in nodes[at].choices}
        choice = max(shown, key=lambda cid: reach(by_id[cid]))
        decide_by_id(sco, s.id, at, choice)
        steps.append((at, choice))
    raise AssertionError(f"{module}: no ending after 60 decisions")


def lms_data(version, learner="lernende-1", mastery=None, review=False) -> dict:
    """What an LMS puts into the data model before a launch: the learner id, the mode and credit,
    and the manifest's mastery score (as 0-100 in 1.2, as a scaled passing score in 2004)."""
    if version == "1.2":
        core = {"student_id": learner, **({"lesson_mode": "review", "credit": "no-credit"} if review else {})}
        return {"core": core, **({"student_data": {"mastery_score": str(mastery)}} if mastery is not None else {})}
    data = {"learner_id": learner, **({"mode": "review", "credit": "no-credit"} if review else {})}
    return {**data, **({"scaled_passing_score": str(mastery / 100)} if mastery is not None else {})}


def pass_mark(course, module):
    return next(q for q in course.modules[module].quizzes if q.scored_items).settings.pass_percent


def launch(page, lms, version, pkg, saved=None, mode="iframe", faults=None, data=None, override=False):
    """Start the package in the stand-in LMS; return its page (popup) or frame (iframe) once the
    launch file has loaded (the runtime has initialised) and the activities are mounted. ``data``:
    the LMS's own values (:func:`lms_data`); ``override``: scorm-again's mastery_override."""
    page.goto(f"{lms}/lms/harness.html")
    url = f"{lms}/pkg/{pkg}/index.html"
    opts = {"settings": {"mastery_override": override}, "data": data or lms_data(version)}
    args = [version, f"/pkg/{pkg}/index.html", saved, mode, faults or {}, opts]
    if mode == "popup":
        with page.expect_popup() as info:
            page.evaluate("a => lms.start(...a)", args)
        sco = info.value
        sco.wait_for_url(url, wait_until="load")
    else:
        page.evaluate("a => lms.start(...a)", args)
        sco = loaded_iframe(page, "iframe#sco", url)
    sco.wait_for_selector(".kb-root .kb-node-title, .kb-root .kb-item")
    return sco


def leave(page, sco, mode):
    if mode == "popup":
        sco.close(run_before_unload=True)
    else:
        page.evaluate("lms.close()")
    page.wait_for_function("lms.finished === true")


def decide_by_id(sco, scenario, node, choice):
    host = sco.locator(f'[data-kb-root="{scenario}"]')
    host.locator(f"#kb-{scenario}-{node}-{choice}").check()
    host.locator(".kb-decide").click()
    host.locator(".kb-next").click()


def cmi(page, version):
    """The LMS-side data model after a session, by the names of either SCORM version."""
    data = page.evaluate("lms.data()")
    common = {
        "suspend": data["suspend_data"],
        "interactions": sum(1 for k, _ in page.evaluate("lms.sets") if k.startswith("cmi.interactions.")),
        "data": data,
    }
    if version == "1.2":
        core = data["core"]
        scores = {"status": core["lesson_status"], "raw": core["score"]["raw"], "max": core["score"]["max"]}
        return {
            **scores,
            "exit": core["exit"],
            "session": core["session_time"],
            "location": core["lesson_location"],
            **common,
        }
    scores = {"completion": data["completion_status"], "success": data["success_status"], "raw": data["score"]["raw"]}
    return {
        **scores,
        "scaled": data["score"]["scaled"],
        "exit": data["exit"],
        "session": data["session_time"],
        "location": data["location"],
        **common,
    }


def module_packages():
    return toc_modules(SOURCE)


# Every module once, the four (version, window) pairs in turn: each module's content is played in
# full and each pair runs at least twice, at a quarter of the full cross product's time (the runtime
# does not depend on the module; the content does not depend on the version or window).
PAIRS = [("1.2", "iframe"), ("2004", "popup"), ("2004", "iframe"), ("1.2", "popup")]


def attempts():
    return [(m, *PAIRS[i % len(PAIRS)]) for i, m in enumerate(module_packages())]


@pytest.mark.parametrize(("module", "version", "mode"), attempts())
def test_full_attempt_then_resume(browser, lms, course, module, version, mode):
    pkg = f"kursbuch-{module}-{VERSIONS[version]}"
    answers = right_answers(course, module)
    wrong_id, wrong = a_wrong_answer(course, module)
    if mode == "iframe":  # one wrong answer: a score below 100 must arrive exactly
        answers[wrong_id] = wrong
    quiz = next(q for q in course.modules[module].quizzes if q.scored_items)
    expected = score_quiz(quiz, {k: v for k, (_, v) in answers.items()})
    # Rounded down, as the package reports it: an LMS comparing it with the mastery score agrees.
    percent = math.floor(expected.points / expected.max_points * 100 * 100 + 1e-6) / 100
    scenario = course.modules[module].scenarios[0].id

    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    data = lms_data(version, mastery=pass_mark(course, module))
    sco = launch(page, lms, version, pkg, mode=mode, data=data, override=True)
    if mode == "popup":
        sco.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    first = cmi(page, version)
    assert (first["status"] if version == "1.2" else first["completion"]) == "incomplete"  # never "not attempted"
    assert not first["location"], "a first launch without any action sets no bookmark"

    for item_id, (kind, value) in answers.items():
        answer(sco, item_id, kind, value)
    sco.locator(f'[data-kb-root="{quiz.id}"] .kb-submit').click()
    steps = play_longest_path(sco, course, module)  # the longest path: the largest suspend_data
    assert "Ende des Falls" in sco.locator(f'[data-kb-root="{scenario}"] .kb-node-title').inner_text()
    # A reflection stays in the browser: it must not reach the LMS.
    reflections = sco.locator("textarea")
    if reflections.count():
        reflections.first.fill("PRIVAT-NOTIZ")
    size = sco.evaluate("KursbuchScorm.encode().length")
    orders = shown_order(sco, f'[data-kb-root="{quiz.id}"]')
    leave(page, sco, mode)

    got = cmi(page, version)
    assert "PRIVAT-NOTIZ" not in json.dumps(got["data"])
    assert got["exit"] == "suspend" and got["location"]
    assert float(got["raw"]) == pytest.approx(percent, abs=0.001) and str(got["raw"]) == str(percent).removesuffix(".0")
    assert got["interactions"] == 0  # off by default
    # suspend_data keeps the path and each activity's seed (the order of its options and choices).
    suspended = json.loads(got["suspend"])["a"]
    assert suspended[scenario]["p"] == [list(step) for step in steps]
    assert isinstance(suspended[scenario]["r"], int) and isinstance(suspended[quiz.id]["r"], int)
    if version == "1.2":
        assert got["status"] == ("passed" if expected.passed else "failed")
        assert got["max"] == "100" and len(got["suspend"]) <= 4096 and size <= 4096
        assert len(got["session"].split(":")) == 3
    else:
        assert got["completion"] == "completed"
        assert got["success"] == ("passed" if expected.passed else "failed")
        assert float(got["scaled"]) == pytest.approx(percent / 100, abs=0.0001)
        assert got["session"].startswith("PT")
    # Batched, not chatty: far fewer commits than learner actions, and no value sent twice in a row.
    actions = len(answers) + len(steps) * 2 + 1
    assert 1 <= page.evaluate("lms.commits") <= actions
    sent = page.evaluate("lms.sets")
    assert all(a != b for a, b in zip(sent, sent[1:], strict=False)), "a value was sent twice in a row"
    assert not any(k.startswith("cmi.interactions") for k, _ in sent)
    saved = got["data"]
    ctx.close()

    # Relaunch in a fresh browser: only the LMS's data can bring the state back.
    ctx = browser.new_context()
    page = ctx.new_page()
    sco = launch(page, lms, version, pkg, saved=saved, mode=mode)
    for item_id, (kind, value) in answers.items():
        fb = sco.locator(f"#kb-{item_id} .kb-feedback").inner_text()
        assert fb.startswith(("Richtig.", "Teilweise richtig.", "Nicht richtig.")), item_id
        # Exactly the answers given come back, the wrong one included.
        assert shown_answer(sco, item_id, kind, value) == (sorted(value) if kind == "multiple" else value), item_id
    assert "Sie haben" in sco.locator(f'[data-kb-root="{quiz.id}"] .kb-result').inner_text()
    title = sco.locator(f'[data-kb-root="{scenario}"] .kb-node-title').inner_text()
    assert title.startswith("Ende des Falls")
    assert shown_order(sco, f'[data-kb-root="{quiz.id}"]') == orders  # the seed came back from the LMS
    again = cmi(page, version)
    assert (again["status"] if version == "1.2" else again["completion"]) in ("passed", "failed", "completed")
    if mode == "iframe":
        assert "Lernplattform gespeichert" in sco.locator("#kb-lms-status").inner_text()
    ctx.close()
    assert errors == []


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_partial_attempt_resumes_where_the_learner_left(browser, lms, course, version):
    pkg = f"kursbuch-m01-{VERSIONS[version]}"
    ctx = browser.new_context()
    page = ctx.new_page()
    sco = launch(page, lms, version, pkg)
    answer(sco, "m01-q01", "single", "b")
    sco.locator("#kb-m01-q01 .kb-check").click()
    answer(sco, "m01-q05", "matching", {"e1": "ma"})
    decide_by_id(sco, "m01-s1", "m01-s1-n1", "a")
    leave(page, sco, "iframe")
    got = cmi(page, version)
    assert (got["status"] if version == "1.2" else got["completion"]) == "incomplete"
    assert got["raw"] in ("", None)  # no score before the quiz is evaluated
    ctx.close()

    ctx = browser.new_context()
    page = ctx.new_page()
    sco = launch(page, lms, version, pkg, saved=got["data"])
    assert sco.locator("#kb-m01-q01-b").is_checked()
    assert sco.locator("#kb-m01-q01 .kb-feedback").inner_text().startswith("Nicht richtig.")
    assert sco.locator("#kb-m01-q05-e1").input_value() == "ma"
    assert sco.locator('[data-kb-root="m01-s1"] .kb-node-title').inner_text().startswith("Entscheidung 2:")
    ctx.close()


@pytest.mark.parametrize(
    "faults",
    [{"set": True}, {"commit": True}, {"init": True}],
    ids=["setvalue-fails", "commit-fails", "initialize-fails"],
)
@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_lms_errors_never_lose_the_learners_work(browser, lms, version, faults):
    pkg = f"kursbuch-m01-{VERSIONS[version]}"
    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sco = launch(page, lms, version, pkg, faults=faults)
    answer(sco, "m01-q06", "single", "a")
    sco.locator("#kb-m01-q06 .kb-check").click()
    assert sco.locator("#kb-m01-q06 .kb-feedback").inner_text().startswith("Richtig.")
    failed_before = page.evaluate("lms.failed.length")
    decide_by_id(sco, "m01-s1", "m01-s1-n1", "a")
    if not faults.get("init"):  # without Initialize nothing is sent; else the commit after the change fails
        page.wait_for_function(f"lms.failed.length > {failed_before}")
    assert "nur in diesem Browser" in sco.locator("#kb-lms-status").inner_text()
    if faults.get("init"):
        # Without Initialize the learner is unknown: the package keeps the work as it does without an
        # LMS, and opening it in this browser without an LMS finds it.
        again = ctx.new_page()
        again.goto(f"{lms}/pkg/{pkg}/index.html")
    else:
        # The LMS answered with errors: the same learner's next launch (the LMS working again, holding
        # nothing) brings the work back from this browser and reports it.
        page.evaluate("lms.close()")
        again = ctx.new_page()
        again = launch(again, lms, version, pkg)
    again.wait_for_selector("#kb-m01-q06 .kb-feedback")
    assert again.locator("#kb-m01-q06 .kb-feedback").inner_text().startswith("Richtig.")
    assert again.locator('[data-kb-root="m01-s1"] .kb-node-title').inner_text().startswith("Entscheidung 2:")
    assert errors == []
    ctx.close()


def test_without_any_lms_the_package_serves_self_study(browser, lms):
    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{lms}/pkg/kursbuch-m01-scorm12/index.html")
    page.wait_for_selector("#kb-m01-q01")
    assert "Keine Verbindung zur Lernplattform" in page.locator("#kb-lms-status").inner_text()
    answer(page, "m01-q01", "single", "a")
    page.locator("#kb-m01-q01 .kb-check").click()
    page.reload()
    page.wait_for_selector("#kb-m01-q01 .kb-feedback")
    assert page.locator("#kb-m01-q01 .kb-feedback").inner_text().startswith("Richtig.")
    assert page.evaluate("KursbuchScorm.connected()") is False
    assert errors == []
    ctx.close()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_suspend_data_from_an_older_package_version(browser, lms, version):
    """Older content had m01-q99 (since removed) and no m01-q08 (since added); the scenario path
    passed a node that no longer exists. What still exists comes back; nothing crashes."""
    old = {
        "v": 1,
        "c": "older-version",
        "a": {
            "m01-wissen": {"a": {"m01-q01": "a", "m01-q99": "b", "m01-q06": "c"}, "k": ["m01-q01", "m01-q99"], "s": 1},
            "m01-s1": {"p": [["m01-s1-n1", "a"], ["m01-s1-n2", "zz"], ["m01-s1-n3", "a"]], "x": None},
        },
    }
    saved = {"suspend_data": json.dumps(old)}
    if version == "1.2":
        saved["core"] = {"lesson_status": "incomplete"}
    else:
        saved["completion_status"] = "incomplete"
    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sco = launch(page, lms, version, f"kursbuch-m01-{VERSIONS[version]}", saved=saved)
    assert sco.locator("#kb-m01-q01-a").is_checked()
    assert sco.locator("#kb-m01-q01 .kb-feedback").inner_text().startswith("Richtig.")
    assert sco.locator("#kb-m01-q06-c").is_checked()  # answered, not yet checked
    assert sco.locator("#kb-m01-q08 input:checked").count() == 0  # the new item starts empty
    assert sco.locator('[data-kb-root="m01-wissen"] .kb-result').inner_text() == ""  # not all items evaluated
    assert sco.locator('[data-kb-root="m01-s1"] .kb-node-title').inner_text().startswith("Entscheidung 2:")
    # Garbage or a future format is ignored, not fatal.
    ctx.close()
    ctx = browser.new_context()
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    sco = launch(page, lms, version, f"kursbuch-m01-{VERSIONS[version]}", saved={"suspend_data": "{nicht json"})
    assert sco.locator('[data-kb-root="m01-s1"] .kb-node-title').inner_text().startswith("Entscheidung 1:")
    assert errors == []
    ctx.close()


@pytest.fixture(scope="module")
def lms_with_interactions(built_course, tmp_path_factory):
    """The same course exported with cmi.interactions switched on in _config.yml."""
    root = tmp_path_factory.mktemp("interactions") / "course"
    shutil.copytree(built_course.parent.parent, root, ignore=shutil.ignore_patterns("scorm"))
    set_config(root, "kursbuch.scorm.interactions", True)
    result = run_kursbuch("export", cwd=root)
    assert result.returncode == 0, result.stderr
    with serve(make_site(root / "site", root / "_build" / "scorm")) as url:
        yield url


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_interactions_when_switched_on(browser, lms_with_interactions, version):
    ctx = browser.new_context()
    page = ctx.new_page()
    sco = launch(page, lms_with_interactions, version, f"kursbuch-m01-{VERSIONS[version]}")
    answer(sco, "m01-q01", "single", "b")
    sco.locator("#kb-m01-q01 .kb-check").click()
    answer(sco, "m01-q02", "multiple", ["a", "b"])
    sco.locator("#kb-m01-q02 .kb-check").click()
    leave(page, sco, "iframe")
    # What the SCO sent (cmi.interactions.n.id is write-only in SCORM 1.2, so read the calls).
    sets = dict(page.evaluate("lms.sets"))
    ids = [sets.get(f"cmi.interactions.{i}.id") for i in range(2)]
    results = [sets.get(f"cmi.interactions.{i}.result") for i in range(2)]
    assert ids == ["m01-q01", "m01-q02"]
    assert results == (["wrong", "correct"] if version == "1.2" else ["incorrect", "correct"])
    ctx.close()


def test_content_change_is_rejected_cleanly_when_pass_marks_disagree(tmp_path):
    """Two scored quizzes in one module with different pass marks cannot become one mastery score."""
    root = copy_course(tmp_path / "course")
    quiz_file = root / "quizzes" / "m01.yml"
    text = quiz_file.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: m01-reflexion\n    title: Reflexion\n",
        "  - id: m01-reflexion\n    title: Reflexion\n    settings: {pass_percent: 50}\n",
    )
    text = text.replace(
        "      - id: m01-r03\n        type: reflection\n",
        "      - id: m01-r04\n        type: single\n        prompt: P\n        options: [{id: a, text: A, feedback: F}, {id: b, text: B, feedback: F}]\n        answer: a\n        explanation: E\n      - id: m01-r03\n        type: reflection\n",
    )
    quiz_file.write_text(text, encoding="utf-8")
    (root / "_build" / "html").mkdir(parents=True)
    (root / "_build" / "html" / "index.html").write_text("x", encoding="utf-8")
    (root / "_build" / "work" / "_build" / "kursbuch-pages" / "modules").mkdir(parents=True)
    for m in toc_modules(root):
        page = {"pagename": f"modules/{m}", "title": m, "body": "<p>x</p>"}
        (root / "_build" / "work" / "_build" / "kursbuch-pages" / "modules" / f"{m}.json").write_text(json.dumps(page))
    result = run_kursbuch("export", cwd=root)
    assert result.returncode == 1
    assert re.search(
        r"quizzes/m01\.yml:\d+: quizzes\[\d\]\.settings\.pass_percent: the scored quizzes of m01 have different "
        r"pass marks \[50, 70\] — ",
        result.stderr,
    ), result.stderr
    assert not (root / "_build" / "scorm").exists()


def play_to_an_ending(sco, course, module):
    """Decide the first shown choice at each step until the case ends."""
    s = course.modules[module].scenarios[0]
    host = f'[data-kb-root="{s.id}"]'
    for _ in range(60):
        at = sco.evaluate("id => KursbuchEngine.mounted[id].summary().node", s.id)
        if s.node(at).ending:
            return
        first = sco.locator(f"{host} .kb-node-form input[type=radio]").first.get_attribute("value")
        decide_by_id(sco, s.id, at, first)
    raise AssertionError(f"{module}: no ending after 60 decisions")


def answer_all(sco, course, module, answers):
    quiz = next(q for q in course.modules[module].quizzes if q.scored_items)
    for item_id, (kind, value) in answers.items():
        answer(sco, item_id, kind, value)
    sco.locator(f'[data-kb-root="{quiz.id}"] .kb-submit').click()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_an_unfinished_module_is_never_passed_by_the_lms(browser, lms, course, version):
    """Every answer right and the quiz evaluated, the case left open: scorm-again with its mastery
    override on and the mastery score loaded keeps it unfinished, without a score (finding 1)."""
    pkg = f"kursbuch-m01-{VERSIONS[version]}"
    ctx = browser.new_context()
    page = ctx.new_page()
    data = lms_data(version, mastery=pass_mark(course, "m01"))
    sco = launch(page, lms, version, pkg, data=data, override=True)
    answer_all(sco, course, "m01", right_answers(course, "m01"))
    leave(page, sco, "iframe")
    got = cmi(page, version)
    if version == "1.2":
        assert got["status"] == "incomplete"
    else:
        assert (got["completion"], got["success"]) == ("incomplete", "unknown")
    assert got["raw"] in ("", None)
    ctx.close()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_review_mode_lets_the_learner_practise_and_records_nothing(browser, lms, course, version):
    pkg = f"kursbuch-m01-{VERSIONS[version]}"
    ctx = browser.new_context()
    page = ctx.new_page()
    sco = launch(page, lms, version, pkg)
    answer_all(sco, course, "m01", right_answers(course, "m01"))
    play_to_an_ending(sco, course, "m01")
    leave(page, sco, "iframe")
    saved = cmi(page, version)["data"]
    page = ctx.new_page()
    sco = launch(page, lms, version, pkg, saved=saved, data=lms_data(version, review=True))
    status = sco.locator("#kb-lms-status").inner_text()
    assert status.startswith("Übungsmodus:") and "nicht gespeichert" in status
    quiz = next(q for q in course.modules["m01"].quizzes if q.scored_items)
    sco.locator(f'[data-kb-root="{quiz.id}"] .kb-reset').click()  # Alle Antworten löschen …
    sco.locator(f'[data-kb-root="{quiz.id}"] .kb-confirm-yes').click()
    wrong_id, (kind, value) = a_wrong_answer(course, "m01")
    answer(sco, wrong_id, kind, value)
    sco.locator(f"#kb-{wrong_id} .kb-check").click()  # practising works
    assert sco.locator(f"#kb-{wrong_id} .kb-feedback").inner_text()
    leave(page, sco, "iframe")
    assert [k for k, _ in page.evaluate("lms.sets")] == []
    ctx.close()


def test_no_credit_in_normal_mode_lets_the_learner_practise_and_records_nothing(browser, lms, course):
    """An LMS that opens a normal attempt without credit (cmi.credit "no-credit", cmi.mode "normal";
    e.g. ILIAS with credit switched off): the stored result stays as it is, the page says that this
    try is not recorded, practising works."""
    pkg = "kursbuch-m01-scorm2004"
    ctx = browser.new_context()
    page = ctx.new_page()
    stored = {
        "completion_status": "completed",
        "success_status": "failed",
        "score": {"raw": "40", "min": "0", "max": "100", "scaled": "0.4"},
    }
    data = {"learner_id": "lernende-1", "mode": "normal", "credit": "no-credit"}
    sco = launch(page, lms, "2004", pkg, saved=stored, data=data)
    status = sco.locator("#kb-lms-status").inner_text()
    assert status.startswith("Übungsmodus:") and "nicht gespeichert" in status
    wrong_id, (kind, value) = a_wrong_answer(course, "m01")
    answer(sco, wrong_id, kind, value)
    sco.locator(f"#kb-{wrong_id} .kb-check").click()
    assert sco.locator(f"#kb-{wrong_id} .kb-feedback").inner_text()
    leave(page, sco, "iframe")
    assert [k for k, _ in page.evaluate("lms.sets")] == []
    got = cmi(page, "2004")
    assert (got["completion"], got["success"], got["raw"]) == ("completed", "failed", "40")
    ctx.close()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_learners_sharing_a_browser_never_see_each_others_answers(browser, lms, course, version):
    """Two learners, one browser profile (a training-room PC), entry "resume" (finding 5)."""
    pkg = f"kursbuch-m01-{VERSIONS[version]}"
    ctx = browser.new_context()
    page = ctx.new_page()
    sco = launch(page, lms, version, pkg, data=lms_data(version, learner="anna-1234"))
    reflections = sco.locator("textarea")
    assert reflections.count(), "m01 has a reflection"
    reflections.first.fill("PRIVAT-ANNA")
    reflections.first.blur()
    answer(sco, "m01-q01", "single", "b")
    sco.locator("#kb-m01-q01 .kb-check").click()
    leave(page, sco, "iframe")
    anna = cmi(page, version)["data"]
    assert "PRIVAT-ANNA" not in json.dumps(anna)
    page = ctx.new_page()
    resume = {
        "suspend_data": "",
        **({"core": {"lesson_status": "incomplete"}} if version == "1.2" else {"completion_status": "incomplete"}),
    }
    sco = launch(page, lms, version, pkg, saved=resume, data=lms_data(version, learner="ben-5678"))
    assert all(t == "" for t in sco.locator("textarea").evaluate_all("els => els.map(e => e.value)"))
    assert not sco.locator("#kb-m01-q01-b").is_checked()
    keys = page.evaluate(
        "() => { const f = document.querySelector('iframe#sco').contentWindow; return Object.keys(f.localStorage).join(' ') + JSON.stringify(Object.values(f.localStorage)); }"
    )
    assert "anna-1234" not in keys and "ben-5678" not in keys
    leave(page, sco, "iframe")
    # Anna again: her reflection is there; she deletes it from this browser.
    page = ctx.new_page()
    sco = launch(page, lms, version, pkg, saved=anna, data=lms_data(version, learner="anna-1234"))
    assert sco.locator("textarea").first.input_value() == "PRIVAT-ANNA"
    button = sco.get_by_role("button", name="Meine Daten in diesem Browser löschen")
    button.click()  # asks first
    sco.get_by_role("button", name="Abbrechen").click()
    assert "PRIVAT-ANNA" in sco.evaluate("JSON.stringify(Object.values(localStorage))")
    button.click()
    sco.get_by_role("button", name="Ja, löschen").click()
    assert sco.locator("#kb-lms-status").inner_text().startswith("Ihre Daten in diesem Browser sind gelöscht;")
    assert "PRIVAT-ANNA" not in sco.evaluate("JSON.stringify(Object.values(localStorage))")
    ctx.close()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_corrupt_lms_data_gets_a_note_and_the_module_still_reports(browser, lms, course, version):
    pkg = f"kursbuch-m01-{VERSIONS[version]}"
    bad = {"suspend_data": '{"v":1,"a":null}'}
    if version == "1.2":
        bad["core"] = {"lesson_status": "incomplete", "lesson_location": '"]'}
    else:
        bad.update(completion_status="incomplete", location='"]')
    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sco = launch(page, lms, version, pkg, saved=bad)
    note = sco.locator("#kb-lms-note")
    assert note.is_visible() and note.inner_text().startswith("Ein Teil Ihres gespeicherten Lernstands")
    answer_all(sco, course, "m01", right_answers(course, "m01"))
    play_to_an_ending(sco, course, "m01")
    leave(page, sco, "iframe")
    got = cmi(page, version)
    assert (got["status"] if version == "1.2" else got["success"]) == "passed"
    assert errors == []
    ctx.close()


def test_the_launch_page_is_usable_at_first_paint(browser, lms):
    """No script to fetch before the activities: they are mounted before the first contentful paint."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{lms}/pkg/kursbuch-m01-scorm12/index.html")
    page.wait_for_selector("#kb-m01-q01")
    assert page.locator("script[src]").count() == 0
    assert page.locator('link[rel="expect"][blocking="render"]').count() == 1
    times = page.evaluate(
        """() => new Promise(done => new PerformanceObserver((list, obs) => {
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            if (!fcp) return;
            obs.disconnect();
            done([performance.getEntriesByName('kursbuch-interactive')[0].startTime, fcp.startTime]);
        }).observe({type: 'paint', buffered: true}))"""
    )
    assert times[0] <= times[1], times
    ctx.close()


def moodle_show(page, lms, pkg, unit):
    url = f"{lms}/pkg/{pkg}/{unit}/index.html"
    page.evaluate("a => moodle.show(...a)", [unit, f"/pkg/{pkg}/{unit}/index.html"])
    page.wait_for_function("u => moodle.shown === u", arg=unit)
    sco = loaded_iframe(page, "iframe#sco", url)
    sco.wait_for_selector(".kb-root .kb-item")
    return sco


def test_the_recommended_course_package_in_moodles_player(browser, lms, course):
    """The SCORM 1.2 course package, as the data sheets recommend for Moodle: two modules through the
    table of contents, back to the first, then a relaunch; every module stored, grade and completion
    with the recommended settings (finding 3)."""
    from kbmoodle import complete, grade, unit_status

    from kursbuch.export.targets import scorm12

    setup = scorm12.MOODLE_COURSE
    pkg = "kursbuch-kurs-scorm12"
    units = toc_modules(SOURCE)
    first, second = units[0], units[1]
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{lms}/lms/moodle.html")
    options = {
        "learner": "anna",
        "mode": "normal",
        "masteryoverride": True,
        "mastery": {u: pass_mark(course, u) for u in units},
    }
    page.evaluate("o => moodle.open('1.2', o, {})", options)
    sco = moodle_show(page, lms, pkg, first)
    answer_all(sco, course, first, right_answers(course, first))
    play_to_an_ending(sco, course, first)
    sco = moodle_show(page, lms, pkg, second)
    assert "Lernplattform gespeichert" in sco.locator("#kb-lms-status").inner_text()
    item_id, (kind, value) = next(iter(right_answers(course, second).items()))
    answer(sco, item_id, kind, value)
    sco = moodle_show(page, lms, pkg, first)  # back: the first module's answers are there
    assert "Sie haben" in sco.locator(".kb-result").first.inner_text()
    page.evaluate("moodle.leave()")
    tracks = page.evaluate("moodle.tracks")
    assert [unit_status(tracks[u]) for u in (first, second)] == ["passed", "incomplete"]
    assert grade(setup.grademethod, tracks, units) == 1.0
    assert complete(tracks, units, setup.status_required, setup.all_scos) is False
    # Relaunch: a new player page with the stored tracks; the second module is finished now.
    page.goto(f"{lms}/lms/moodle.html")
    page.evaluate("a => moodle.open('1.2', a[0], a[1])", [options, tracks])
    sco = moodle_show(page, lms, pkg, second)
    answer_all(sco, course, second, right_answers(course, second))
    play_to_an_ending(sco, course, second)
    page.evaluate("moodle.leave()")
    tracks = page.evaluate("moodle.tracks")
    assert [unit_status(tracks[u]) for u in (first, second)] == ["passed", "passed"]
    assert grade(setup.grademethod, tracks, units) == 2.0
    assert complete(tracks, units, setup.status_required, setup.all_scos) is (len(units) == 2)
    ctx.close()
