"""The cmi5 packages in chromium against a real LRS (Ralph, tests/kblrs.py) launched as ILIAS does.

Every module package: a passing attempt, its statements read back from the LRS and checked
against the cmi5 rules (tests/kbcmi5.py) and npm xapi-validation. One module (the first in the
table of contents) gets the full matrix: fail, unfinished then resumed in a fresh browser from
the State API, Browse and Review (no results, state untouched), the fetch URL used once, LRS
faults (HTTP errors, no answer in time, connection down) with nothing lost once the LRS answers
again, and the "cmi5 allowed" statements of a package exported with them switched on (ids only,
never learner text). One LRS for the whole session."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from kbcmi5 import registration_problems, session_of, session_problems, validator_problems, verbs
from kblrs import LMS_PASSWORD, LMS_USER, Launcher, running_ralph
from kbtest import SOURCE, run_kursbuch, set_config, wait_until
from learner import answer as learner_answer
from learner import shown_answer

from kursbuch.cli import main
from kursbuch.core.model import Matching, MultipleChoice, Ordering, SingleChoice, TrueFalse
from kursbuch.core.project import Course, toc_modules
from kursbuch.items.judgement import SCALE, Judgement

pytestmark = [pytest.mark.browser, pytest.mark.build]

MODULES = toc_modules(SOURCE)
FIRST = MODULES[0]


@pytest.fixture(scope="session")
def lrs(tmp_path_factory):
    with running_ralph(tmp_path_factory.mktemp("lrs")) as server:
        yield server


def unpack(scorm_dir: Path, dest: Path) -> Path:
    for z in scorm_dir.glob("*-cmi5.zip"):
        with zipfile.ZipFile(z) as zf:
            zf.extractall(dest / z.stem)
    return dest


@pytest.fixture(scope="module")
def launcher(lrs, exported, tmp_path_factory):
    lms = Launcher(lrs, unpack(exported, tmp_path_factory.mktemp("cmi5")))
    yield lms
    lms.close()


@pytest.fixture(scope="module")
def course():
    return Course.load(SOURCE)


def item_answers(course, module, right: bool) -> dict:
    """Every scored item answered right, or every one wrong."""
    out = {}
    for quiz in course.modules[module].quizzes:
        for item in quiz.scored_items:
            if isinstance(item, SingleChoice):
                out[item.id] = (
                    "single",
                    item.answer if right else next(o.id for o in item.options if o.id != item.answer),
                )
            elif isinstance(item, MultipleChoice):
                wrong = [next(o.id for o in item.options if o.id not in item.answer)]
                out[item.id] = ("multiple", list(item.answer) if right else wrong)
            elif isinstance(item, TrueFalse):
                out[item.id] = ("truefalse", {s.id: s.correct == right for s in item.statements})
            elif isinstance(item, Matching):
                cats = [c.id for c in item.categories]
                shift = 0 if right else 1
                out[item.id] = (
                    "matching",
                    {e.id: cats[(cats.index(e.category) + shift) % len(cats)] for e in item.entries},
                )
            elif isinstance(item, Ordering):
                steps = [s.id for s in item.steps]
                out[item.id] = ("ordering", steps if right else list(reversed(steps)))
            elif isinstance(item, Judgement):  # the expert's rating, or the opposite end of the scale
                pos = {r.id: SCALE.index(r.expert) for r in item.responses}
                out[item.id] = ("judgement", {k: v if right else (3 if v < 2 else 0) for k, v in pos.items()})
            else:
                raise AssertionError(f"{item.id}: the cmi5 tests cannot answer a {type(item).__name__} yet")
    return out


def answer(page, item_id, kind, value):
    if kind == "judgement":
        for rid, rating in value.items():
            page.locator(f"#kb-{item_id}-{rid}-{rating}").check()
    else:
        learner_answer(page, item_id, kind, value)


def scored_quiz(course, module):
    return next(q for q in course.modules[module].quizzes if q.scored_items)


def open_au(context, url):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_function(
        "() => window.KursbuchScorm && document.querySelector('.kb-root .kb-item, .kb-root .kb-node-title')"
    )
    page.errors = errors
    return page


def end_case(page, course, module):
    """Decide, at every step, the shown choice nearest to an ending (by the case's graph, routes
    counted by their farthest target) until the case ends."""
    s = course.modules[module].scenarios[0]
    nodes = {n.id: n for n in s.nodes}
    dist = {n.id: 0 for n in s.nodes if n.ending}
    for _ in range(len(nodes)):
        for n in s.nodes:
            for c in n.choices:
                targets = [c.next, *(r.next for r in c.routes)]
                if all(t in dist for t in targets):
                    dist[n.id] = min(dist.get(n.id, 10**6), 1 + max(dist[t] for t in targets))
    host = page.locator(f'[data-kb-root="{s.id}"]')
    for _ in range(60):
        summary = page.evaluate("id => KursbuchEngine.mounted[id].summary()", s.id)
        if summary["ended"]:
            return
        by_id = {c.id: c for c in nodes[summary["node"]].choices}
        shown = host.locator(".kb-node-form input[type=radio]").evaluate_all("els => els.map(e => e.value)")
        ahead = {
            cid: max(dist.get(t, 10**6) for t in (by_id[cid].next, *(r.next for r in by_id[cid].routes)))
            for cid in shown
        }
        host.locator(f"#kb-{s.id}-{summary['node']}-{min(shown, key=ahead.__getitem__)}").check()
        host.locator(".kb-decide").click()
        host.locator(".kb-next").click()
    raise AssertionError(f"{module}: no ending after 60 decisions")


def submit(page, course, module, answers, skip=()):
    quiz = scored_quiz(course, module)
    for item_id, (kind, value) in answers.items():
        if item_id not in skip:
            answer(page, item_id, kind, value)
    page.locator(f'[data-kb-root="{quiz.id}"] .kb-submit').click()


def leave(page):
    page.goto("about:blank")  # pagehide: the AU sends terminated


def terminated(lrs, launch) -> list[dict]:
    """The session's statements once its terminated statement is in the LRS."""
    found: list[dict] = []

    def done() -> bool:
        found[:] = session_of(lrs.statements(registration=launch.registration), launch)
        return "terminated" in verbs(found)

    wait_until(done, 30, f"terminated of session {launch.session} in the LRS")
    return found


def mastery(course, module) -> float:
    return scored_quiz(course, module).settings.pass_percent / 100


def check_session(lrs, launch, course, module) -> list[dict]:
    stored = terminated(lrs, launch)
    assert session_problems(stored, launch, mastery(course, module)) == []
    assert registration_problems(lrs.statements(registration=launch.registration)) == []
    assert validator_problems(stored) == []
    return stored


@pytest.mark.parametrize("module", MODULES)
def test_every_module_package_passes(browser, launcher, lrs, course, module):
    launch = launcher.launch(f"kursbuch-{module}-cmi5")
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    assert page.evaluate("KursbuchScorm.connected()"), page.evaluate("KursbuchCmi5Problems")
    submit(page, course, module, item_answers(course, module, right=True))
    end_case(page, course, module)
    leave(page)
    stored = check_session(lrs, launch, course, module)
    names = verbs(stored)
    assert sorted(names) == sorted(["launched", "initialized", "passed", "completed", "terminated"]), names
    passed = next(s for s in stored if s["verb"]["id"].endswith("/passed"))
    assert passed["result"]["score"] == {"scaled": 1, "raw": 100, "min": 0, "max": 100}
    assert page.errors == []
    ctx.close()


def test_fail_then_pass_in_a_later_session(browser, launcher, lrs, course):
    launch = launcher.launch(f"kursbuch-{FIRST}-cmi5")
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    submit(page, course, FIRST, item_answers(course, FIRST, right=False))
    end_case(page, course, FIRST)
    leave(page)
    stored = check_session(lrs, launch, course, FIRST)
    failed = next(s for s in stored if s["verb"]["id"].endswith("/failed"))
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] < mastery(course, FIRST)
    assert "completed" in verbs(stored) and "passed" not in verbs(stored)
    ctx.close()

    # A new session of the same registration: "Falsch beantwortete Fragen wiederholen", now right.
    again = launcher.launch(f"kursbuch-{FIRST}-cmi5", registration=launch.registration, actor=launch.actor)
    ctx = browser.new_context()
    page = open_au(ctx, again.url)
    quiz = scored_quiz(course, FIRST)
    page.locator(f'[data-kb-root="{quiz.id}"] .kb-retry-wrong').click()
    submit(page, course, FIRST, item_answers(course, FIRST, right=True))
    leave(page)
    stored = check_session(lrs, again, course, FIRST)
    assert [v for v in verbs(stored) if v != "launched"] == ["initialized", "passed", "terminated"]
    ctx.close()


def test_unfinished_attempt_resumes_from_the_state_api(browser, launcher, lrs, course):
    launch = launcher.launch(f"kursbuch-{FIRST}-cmi5")
    answers = item_answers(course, FIRST, right=True)
    first_two = dict([a for a in answers.items() if a[1][0] != "judgement"][:2])
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    for item_id, (kind, value) in first_two.items():
        answer(page, item_id, kind, value)
        page.locator(f"#kb-{item_id} .kb-check").click()
    leave(page)
    stored = check_session(lrs, launch, course, FIRST)
    assert verbs(stored) == ["launched", "initialized", "terminated"]
    state = launcher.state(launch)
    assert state and state["s"] and not state["done"]
    ctx.close()

    # A fresh browser (no local storage): only the LRS's State API can bring the answers back.
    again = launcher.launch(f"kursbuch-{FIRST}-cmi5", registration=launch.registration, actor=launch.actor)
    ctx = browser.new_context()
    page = open_au(ctx, again.url)
    for item_id, (kind, value) in first_two.items():
        assert shown_answer(page, item_id, kind, value) == (sorted(value) if kind == "multiple" else value), item_id
    submit(page, course, FIRST, answers, skip=first_two)  # checked items stay locked
    end_case(page, course, FIRST)
    leave(page)
    stored = check_session(lrs, again, course, FIRST)
    assert sorted(v for v in verbs(stored) if v != "launched") == ["completed", "initialized", "passed", "terminated"]
    ctx.close()


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_send_no_results_and_keep_the_state(browser, launcher, lrs, course, mode):
    launch = launcher.launch(f"kursbuch-{FIRST}-cmi5")
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    submit(page, course, FIRST, item_answers(course, FIRST, right=True))
    leave(page)
    terminated(lrs, launch)
    before = launcher.state(launch)
    ctx.close()

    look = launcher.launch(f"kursbuch-{FIRST}-cmi5", registration=launch.registration, actor=launch.actor, mode=mode)
    ctx = browser.new_context()
    page = open_au(ctx, look.url)
    quiz = scored_quiz(course, FIRST)
    assert "Sie haben" in page.locator(f'[data-kb-root="{quiz.id}"] .kb-result').inner_text()  # the attempt is shown
    end_case(page, course, FIRST)
    leave(page)
    stored = check_session(lrs, look, course, FIRST)
    assert verbs(stored) == ["launched", "initialized", "terminated"]
    assert launcher.state(look) == before
    ctx.close()


def test_fetch_url_is_used_once_and_a_reload_keeps_the_session(browser, launcher, lrs, course):
    launch = launcher.launch(f"kursbuch-{FIRST}-cmi5")
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    fetch_posts = []
    page.on("request", lambda r: fetch_posts.append(r.url) if "/fetch/" in r.url else None)
    page.reload()
    page.wait_for_function("() => window.KursbuchScorm && KursbuchScorm.connected()")
    assert fetch_posts == [], "a reload asked the fetch URL again"
    leave(page)
    terminated(lrs, launch)
    ctx.close()

    # The launch URL opened again in another browser: the fetch URL refuses; the page works locally.
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    assert page.evaluate("KursbuchScorm.connected()") is False
    assert "nur in diesem Browser" in page.locator("#kb-lms-status").inner_text()
    item_id, (kind, value) = next(iter(item_answers(course, FIRST, right=True).items()))
    answer(page, item_id, kind, value)
    assert page.errors == []
    ctx.close()


@pytest.mark.parametrize("fault", ["error", "hold", "down"])
def test_lrs_faults_lose_nothing(browser, launcher, lrs, course, fault):
    launch = launcher.launch(f"kursbuch-{FIRST}-cmi5")
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    wait_until(
        lambda: "initialized" in verbs(session_of(lrs.statements(registration=launch.registration), launch)),
        30,
        "initialized",
    )
    launcher.set_fault(fault)
    submit(page, course, FIRST, item_answers(course, FIRST, right=True))
    end_case(page, course, FIRST)
    assert launcher.faulted.wait(30), "the AU sent nothing while the LRS was failing"
    # The page keeps working and says that the learning state is kept in this browser meanwhile.
    page.locator("#kb-lms-status", has_text="nur in diesem Browser").wait_for(timeout=20000)
    assert page.locator(".kb-result").first.is_visible()
    launcher.set_fault(None)  # the LRS answers again (a held request is released now)
    page.locator("#kb-lms-status", has_text="in der Lernplattform gespeichert").wait_for(timeout=20000)
    leave(page)
    stored = check_session(lrs, launch, course, FIRST)
    assert sorted(v for v in verbs(stored) if v != "launched") == ["completed", "initialized", "passed", "terminated"]
    assert launcher.state(launch)["done"]["passed"] is True
    ctx.close()


@pytest.fixture(scope="module")
def allowed(built_course, lrs, tmp_path_factory):
    """The course exported again with ``kursbuch: cmi5: allowed_statements: true``."""
    source = built_course.parent.parent
    root = tmp_path_factory.mktemp("allowed") / "course"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("scorm", "trainer", "handouts", ".jupyter_cache"))
    set_config(root, "kursbuch.cmi5.allowed_statements", True)
    result = run_kursbuch("export", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    lms = Launcher(lrs, unpack(root / "_build" / "scorm", tmp_path_factory.mktemp("allowed-pkg")))
    yield lms
    lms.close()


def test_allowed_statements_carry_ids_only(browser, allowed, lrs, course, monkeypatch, capsys):
    launch = allowed.launch(f"kursbuch-{FIRST}-cmi5")
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    answers = item_answers(course, FIRST, right=True)
    submit(page, course, FIRST, answers)
    end_case(page, course, FIRST)
    notes = page.locator("textarea")
    if notes.count():
        notes.first.fill("PRIVAT-NOTIZ")
    leave(page)
    stored = check_session(lrs, launch, course, FIRST)
    assert "PRIVAT-NOTIZ" not in json.dumps(stored)
    answered = [s for s in stored if s["verb"]["id"].endswith("/answered")]
    assert sorted(s["object"]["id"].rsplit("/", 1)[-1] for s in answered) == sorted(answers)
    assert all(s["result"]["success"] is True for s in answered)
    selected = [s for s in stored if s["verb"]["id"].endswith("/selected")]
    s = course.modules[FIRST].scenarios[0]
    choices = {c.id for n in s.nodes for c in n.choices}
    assert selected and all(st["result"]["response"] in choices for st in selected)
    # Allowed statements lie between initialized and terminated (checked in session_problems) and
    # carry no text: the response is an id, the object has no name or description.
    assert all("name" not in st["object"].get("definition", {}) for st in answered + selected)
    ctx.close()

    # kursbuch report reads them back from the LRS (one learner here, so the minimum group is 1).
    monkeypatch.setenv("KURSBUCH_LRS_AUTH", f"{LMS_USER}:{LMS_PASSWORD}")
    assert main(["--root", str(SOURCE), "report", f"{lrs.url}/xAPI/", "--min-group", "1"]) == 0
    text = capsys.readouterr().out
    first = next(iter(answers))
    assert f"Frage {first}: 1 Lernende\n  Schwierigkeit: 100 % richtig" in text
    assert f"Entscheidung {selected[0]['object']['id'].rsplit('/', 1)[-1]} " in text


def test_return_url_ends_the_session_and_goes_back_to_the_lms(browser, launcher, lrs, course):
    launch = launcher.launch(f"kursbuch-{FIRST}-cmi5", return_url=True)
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    submit(page, course, FIRST, item_answers(course, FIRST, right=True))
    # The result is reported once the completion rule holds (issue 19): the case ended, the quiz submitted.
    end_case(page, course, FIRST)
    page.get_by_role("button", name="Modul beenden und zur Lernplattform zurückkehren").click()
    page.wait_for_url(f"{launcher.url}/lms/zurueck")
    stored = check_session(lrs, launch, course, FIRST)
    found = [v for v in verbs(stored) if v != "launched"]
    assert found[0] == "initialized" and found[-1] == "terminated"
    assert sorted(found[1:-1]) == ["completed", "passed"]
    ctx.close()


def test_whole_course_package_launches_each_unit(browser, launcher, lrs, course):
    """The course package's last AU (a module in its folder), with a full passing attempt."""
    units = launcher.structure("kursbuch-kurs-cmi5")
    assert [u["id"].rsplit("/", 1)[-1] for u in units] == MODULES
    module = MODULES[-1]
    launch = launcher.launch("kursbuch-kurs-cmi5", len(units) - 1)
    assert launch.url.split("?")[0].endswith(f"/kursbuch-kurs-cmi5/{module}/index.html")
    ctx = browser.new_context()
    page = open_au(ctx, launch.url)
    submit(page, course, module, item_answers(course, module, right=True))
    end_case(page, course, module)
    leave(page)
    stored = check_session(lrs, launch, course, module)
    assert sorted(v for v in verbs(stored) if v != "launched") == ["completed", "initialized", "passed", "terminated"]
    ctx.close()
