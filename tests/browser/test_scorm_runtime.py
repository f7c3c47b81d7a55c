"""Every module package against a real LMS-side runtime (npm scorm-again), SCORM 1.2 and 2004,
launched in an iframe and in a popup: a full attempt with the expected score and status,
leaving, and a relaunch (in a fresh browser, so only the LMS data can restore) that finds
everything again. Fault tests: SetValue/Commit/Initialize failing, no API at all, and
suspend_data from an older package version."""

from __future__ import annotations

import json
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
VERSIONS = {"1.2": "scorm12", "2004": "scorm2004"}


def make_site(root: Path, scorm_dir: Path) -> Path:
    (root / "lms").mkdir(parents=True)
    shutil.copy(HERE / "lms" / "harness.html", root / "lms" / "harness.html")
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


def launch(page, lms, version, pkg, saved=None, mode="iframe", faults=None):
    """Start the package in the stand-in LMS; return its page (popup) or frame (iframe) once the
    launch file has loaded (the runtime has initialised) and the activities are mounted."""
    page.goto(f"{lms}/lms/harness.html")
    url = f"{lms}/pkg/{pkg}/index.html"
    args = [version, f"/pkg/{pkg}/index.html", saved, mode, faults or {}]
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


@pytest.mark.parametrize("mode", ["iframe", "popup"])
@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("module", module_packages())
def test_full_attempt_then_resume(browser, lms, course, module, version, mode):
    pkg = f"kursbuch-{module}-{VERSIONS[version]}"
    answers = right_answers(course, module)
    wrong_id, wrong = a_wrong_answer(course, module)
    if mode == "iframe":  # one wrong answer: a score below 100 must arrive exactly
        answers[wrong_id] = wrong
    quiz = next(q for q in course.modules[module].quizzes if q.scored_items)
    expected = score_quiz(quiz, {k: v for k, (_, v) in answers.items()})
    percent = round(expected.points / expected.max_points * 100, 2)
    scenario = course.modules[module].scenarios[0].id

    ctx = browser.new_context()
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sco = launch(page, lms, version, pkg, mode=mode)
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
    assert float(got["raw"]) == pytest.approx(percent, abs=0.01) and str(got["raw"]) == str(
        round(percent, 2)
    ).removesuffix(".0")
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
    # Open the package again in the same browser without any LMS: the work is still there.
    alone = ctx.new_page()
    alone.goto(f"{lms}/pkg/{pkg}/index.html")
    alone.wait_for_selector("#kb-m01-q06 .kb-feedback")
    assert alone.locator("#kb-m01-q06 .kb-feedback").inner_text().startswith("Richtig.")
    assert alone.locator('[data-kb-root="m01-s1"] .kb-node-title').inner_text().startswith("Entscheidung 2:")
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
    assert "quizzes/m01.yml: the scored quizzes of m01 have different pass marks [50, 70]" in result.stderr
    assert not (root / "_build" / "scorm").exists()
