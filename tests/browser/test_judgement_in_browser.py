"""The situational-judgement item in the browser: a course with the fixture quiz
(tests/fixtures/quizzes/m91.yml) is built and exported in a temporary folder; a learner rates every
response by keyboard on the course page and gets score and feedback per response; the answered
item passes axe and reflows at 320 px; in a SCORM 1.2 package the answer reaches suspend_data in
its compact form and the LMS gets an interaction record."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from a11y import audit, horizontal_overflow, set_mode
from kbtest import one_module_course, run_kursbuch, set_config
from pagekit import serve

pytestmark = [pytest.mark.browser, pytest.mark.build]

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "fixtures" / "quizzes" / "m91.yml"
AGAIN = HERE.parent / "node_modules" / "scorm-again" / "dist"
PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---

# Situationen bewerten

```{code-cell} ipython3
:tags: [remove-cell]

from kursbuch import quiz
```

Eine Übung zur Situationsbewertung.

```{code-cell} ipython3
:tags: [remove-input]

quiz("m91-urteil")
```
"""
# Rated by keyboard: r1 sehr geeignet (= expert), r2 eher ungeeignet (= expert), r3 eher ungeeignet
# (expert: ungeeignet, one step off), r4 eher geeignet (= expert): 3 × 11/12 = 2.75 points.
RATINGS = {"r1": 0, "r2": 2, "r3": 2, "r4": 1}


@pytest.fixture(scope="module")
def judgement_course(tmp_path_factory) -> Path:
    root = one_module_course(tmp_path_factory.mktemp("judgement") / "course", "m01")
    shutil.copy(FIXTURE, root / "quizzes" / "m91.yml")
    (root / "modules" / "m91.md").write_text(PAGE, encoding="utf-8")
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    (root / "_toc.yml").write_text(toc.replace("  - file: glossar\n", "  - file: modules/m91\n  - file: glossar\n"))
    set_config(root, "kursbuch.scorm.interactions", True)
    for command in ("build", "export"):
        result = run_kursbuch(command, cwd=root)
        assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return root


@pytest.fixture(scope="module")
def site(judgement_course):
    with serve(judgement_course / "_build" / "html") as url:
        yield url


@pytest.fixture
def m91(page, site):
    page.goto(f"{site}/modules/m91.html")
    page.wait_for_selector("#kb-m91-j1 .kb-response")
    yield page
    assert page.recorder.outside_requests() == []
    assert page.recorder.errors == []


def rate_by_keyboard(page) -> None:
    """Space picks the first rating of a group, arrow keys move within it, Tab to the next group."""
    page.locator("#kb-m91-j1-r1-0").focus()
    for i, rid in enumerate(RATINGS):
        if i:
            page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        assert focused == f"kb-m91-j1-{rid}-0", focused  # Tab enters each response's group at its first rating
        page.keyboard.press("Space")
        for _ in range(RATINGS[rid]):
            page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Antwort prüfen"
    page.keyboard.press("Enter")


def test_rating_groups_are_named_by_their_response(m91):
    group = m91.get_by_role("group", name="Reaktion 3: Sie lachen und sagen, das sei doch nicht so gemeint.")
    assert group.count() == 1
    assert [r.get_attribute("value") for r in group.get_by_role("radio").all()] == ["0", "1", "2", "3"]
    assert group.get_by_role("radio", name="eher ungeeignet").count() == 1
    assert "Am Schalter sagt ein Kunde laut" in m91.locator("#kb-m91-j1 .kb-situation").inner_text()


def test_judgement_by_keyboard_gets_score_and_feedback(m91):
    rate_by_keyboard(m91)
    fb = m91.locator("#kb-m91-j1 .kb-feedback").inner_text()
    assert fb.startswith("Teilweise richtig. 2,75 von 3 Punkten.")
    assert "Ihre Einschätzung: eher ungeeignet, Fachleute: ungeeignet (1 Stufe daneben)" in fb
    assert "Ihre Einschätzung: sehr geeignet, Fachleute: sehr geeignet (übereinstimmend)" in fb
    assert "Das verharmlost die Abwertung und lässt Frau A. allein." in fb  # the reason for the expert rating
    assert "Erläuterung" in fb
    assert m91.evaluate("document.activeElement.textContent") == "Erneut versuchen"
    assert m91.locator("#kb-m91-j1 input[type=radio]").first.is_disabled()
    stored = m91.evaluate("JSON.parse(localStorage.getItem('kursbuch:v1:m91-urteil'))")
    assert stored["answers"] == {"m91-j1": RATINGS} and stored["checked"] == {"m91-j1": True}
    m91.locator("#kb-m91-urteil").get_by_role("button", name="Ergebnis anzeigen").click()
    assert "Sie haben 2,75 von 3 Punkten erreicht (92 %)." in m91.locator("#kb-m91-urteil .kb-result").inner_text()


def test_answered_judgement_passes_axe_and_reflows(browser, site):
    for mode, width in (("light", 1280), ("dark", 320)):
        ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE", color_scheme=mode)
        set_mode(ctx, mode)
        page = ctx.new_page()
        page.goto(f"{site}/modules/m91.html")
        page.wait_for_selector("#kb-m91-j1 .kb-response")
        rate_by_keyboard(page)
        page.wait_for_selector("#kb-m91-j1 .kb-fb-list")
        assert audit(page) == [], (mode, width)
        assert horizontal_overflow(page) == 0, (mode, width)
        ctx.close()


def test_scorm_package_keeps_the_compact_answer_and_records_an_interaction(browser, judgement_course, tmp_path):
    root = tmp_path / "lms-site"
    (root / "lms").mkdir(parents=True)
    shutil.copy(HERE / "lms" / "harness.html", root / "lms" / "harness.html")
    shutil.copy(AGAIN / "scorm12.js", root / "lms" / "scorm12.js")
    with zipfile.ZipFile(judgement_course / "_build" / "scorm" / "kursbuch-m91-scorm12.zip") as zf:
        zf.extractall(root / "pkg" / "m91")
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = ctx.new_page()
    with serve(root) as url:
        page.goto(f"{url}/lms/harness.html")
        with page.expect_event("frameattached") as attached:
            page.evaluate("a => lms.start(...a)", ["1.2", "/pkg/m91/index.html", None, "iframe", {}])
        sco = attached.value
        sco.wait_for_selector("#kb-m91-j1 .kb-response")
        for rid, value in RATINGS.items():
            sco.locator(f"#kb-m91-j1-{rid}-{value}").check()
        sco.locator("#kb-m91-j1 .kb-check").click()
        sco.locator("#kb-m91-urteil .kb-submit").click()
        sco.wait_for_selector("#kb-m91-urteil .kb-result.kb-ok")
        page.evaluate("lms.close()")
        page.wait_for_function("lms.finished === true")
        data = page.evaluate("lms.data()")
        sets = page.evaluate("lms.sets")
    ctx.close()
    suspend = json.loads(data["suspend_data"])
    assert suspend["a"]["m91-urteil"]["a"] == {"m91-j1": RATINGS}  # as the engine keeps it: compact
    # 2.75 of 3 points, rounded down (an LMS comparing score and mastery score decides as the package).
    assert data["core"]["score"]["raw"] == "91.66" and data["core"]["lesson_status"] == "passed"
    record = {k.split(".", 3)[3]: v for k, v in sets if k.startswith("cmi.interactions.0.")}
    assert record["id"] == "m91-j1" and record["type"] == "matching" and record["result"] == "wrong"
    assert record["student_response"] == "r1.0,r2.2,r3.2,r4.1"


def test_fixed_order_switch_keeps_the_responses_as_written(browser, site):
    """settings.shuffle: false in the fixture: learners with different seeds see the written order."""
    from learner import seed, shown_order

    seen = []
    for value in (1, 2):
        ctx = browser.new_context()
        seed(ctx, value)
        page = ctx.new_page()
        page.goto(f"{site}/modules/m91.html")
        page.wait_for_selector("#kb-m91-j1 .kb-response")
        seen.append(shown_order(page, "#kb-m91-urteil"))
        assert page.evaluate("JSON.parse(localStorage.getItem('kursbuch:v1:m91-urteil')).seed") == value
        ctx.close()
    assert seen[0] == seen[1]
    responses = seen[0][0].split(":", 1)[1].split(",")
    assert [r for r in responses if r.startswith("r")][:4] == ["r1", "r2", "r3", "r4"]
