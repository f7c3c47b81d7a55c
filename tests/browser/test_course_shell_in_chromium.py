"""The SCORM 2004 whole-course package (one unit with its own module menu) in chromium, inside the
emulation of Moodle's player page (tests/browser/lms/moodle.html, tests/lms/moodle_player.js: one
API object per page, Terminate final): the launch page's menu switches modules, an answer given in
the second module survives leaving and a relaunch, which opens the bookmarked module. One lean test;
the rules (outcomes, practice, corrupt data, shared browsers) run in node in tests/unit/test_course_sco.py."""

from __future__ import annotations

import pytest
from a11y import audit
from kbtest import SOURCE
from learner import answer, shown_answer
from pagekit import loaded_iframe, serve
from test_scorm_runtime import make_site, right_answers

from kursbuch.core.project import Course, toc_modules
from kursbuch.export import course_sco

pytestmark = [pytest.mark.browser, pytest.mark.build]

PKG = "kursbuch-kurs-scorm2004"


@pytest.fixture(scope="module")
def site(exported, tmp_path_factory):
    with serve(make_site(tmp_path_factory.mktemp("lms"), exported)) as url:
        yield url


def open_course(page, site, options, tracks):
    """A new Moodle player page whose table of contents opens the one unit: the course shell."""
    page.goto(f"{site}/lms/moodle.html")
    page.evaluate("a => moodle.open('2004', a[0], a[1])", [options, tracks])
    page.evaluate("a => moodle.show(...a)", [course_sco.UNIT, f"/pkg/{PKG}/index.html"])
    page.wait_for_function("u => moodle.shown === u", arg=course_sco.UNIT)
    return loaded_iframe(page, "iframe#sco", f"{site}/pkg/{PKG}/index.html")


def module_frame(site, shell, module):
    frame = loaded_iframe(shell, "#kb-course-frame", f"{site}/pkg/{PKG}/{module}/index.html")
    frame.wait_for_selector(".kb-root .kb-item")
    return frame


def test_the_menu_switches_modules_and_an_answer_in_module_2_survives_a_relaunch(browser, site):
    course = Course.load(SOURCE)
    first, second = toc_modules(SOURCE)[:2]
    item_id, (kind, value) = next(iter(right_answers(course, second).items()))
    options = {"learner": "anna", "mode": "normal", "mastery": {}}
    ctx = browser.new_context()
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    shell = open_course(page, site, options, {})
    module_frame(site, shell, first)
    menu = shell.get_by_role("navigation", name="Module des Kurses")
    link = menu.get_by_role("link").nth(1)
    link.focus()
    page.keyboard.press("Enter")  # keyboard usable: the focused menu link opens the module
    frame = module_frame(site, shell, second)
    # The focus moves to the module picked, as after a link to a new page, and is shown there.
    shell.wait_for_function("document.activeElement && document.activeElement.id === 'kb-course-frame'")
    assert shell.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    outline = "getComputedStyle(document.getElementById('kb-course-frame')).outlineStyle"
    page.keyboard.press("Tab")  # on into the module: its control shows the focus, the frame no longer
    assert frame.evaluate("document.activeElement !== document.body")
    assert shell.evaluate(outline) == "none"
    assert link.get_attribute("aria-current") == "page"
    assert menu.get_by_role("link").nth(0).get_attribute("aria-current") is None
    # One status line, the shell's: the module page's own stays hidden in the shell.
    assert "Lernplattform gespeichert" in shell.locator("#kb-lms-status").inner_text()
    assert frame.locator("#kb-lms-status").is_hidden()
    answer(frame, item_id, kind, value)
    page.evaluate("moodle.leave()")
    page.wait_for_function("Object.keys(moodle.tracks).length > 0")
    tracks = page.evaluate("moodle.tracks")
    calls = [c[1] for c in page.evaluate("moodle.player.calls")]
    assert set(tracks) == {course_sco.UNIT} and calls.count("Initialize") == calls.count("Terminate") == 1
    assert tracks[course_sco.UNIT]["cmi.location"].startswith(f"{second}#")

    page = ctx.new_page()  # a relaunch: a new player page with the stored tracks
    shell = open_course(page, site, options, tracks)
    frame = module_frame(site, shell, second)  # the bookmarked module opens
    assert shell.evaluate("document.activeElement === document.body")  # at launch the focus is not moved
    assert shown_answer(frame, item_id, kind, value) == (sorted(value) if kind == "multiple" else value)
    shell.get_by_role("navigation", name="Module des Kurses").get_by_role("link").nth(0).click()  # by mouse
    frame = module_frame(site, shell, first)
    shell.wait_for_function("getComputedStyle(document.getElementById('kb-course-frame')).outlineStyle === 'solid'")
    frame.locator("body").dispatch_event("pointerdown")  # a press in the module, on nothing focusable
    assert shell.evaluate(outline) == "none"
    assert errors == []
    ctx.close()


def test_on_a_phone_the_module_picked_comes_into_view_and_the_menu_leads_back_to_it(browser, site):
    """At 320 px the menu fills the first screen: a module picked there is scrolled into view with
    the focus; after a legal page opened in the frame, the menu link of the module shown brings the
    module back; the skip link moves the focus to the module, visibly; deleting the browser data asks first."""
    first, second = toc_modules(SOURCE)[:2]
    ctx = browser.new_context(viewport={"width": 320, "height": 640})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    shell = open_course(page, site, {"learner": "anna", "mode": "normal", "mastery": {}}, {})
    module_frame(site, shell, first)
    into_view = "(() => { const r = document.getElementById('kb-course-frame').getBoundingClientRect();"
    into_view += " return r.top >= 0 && r.top <= innerHeight / 2; })()"
    assert not shell.evaluate(into_view)  # at launch the menu is on screen, the module below it
    menu = shell.get_by_role("navigation", name="Module des Kurses")
    menu.get_by_role("link").nth(1).focus()
    page.keyboard.press("Enter")
    module_frame(site, shell, second)
    shell.wait_for_function("document.activeElement && document.activeElement.id === 'kb-course-frame'")
    assert shell.evaluate(into_view)

    shell.get_by_role("navigation", name="Barrierefreiheit und Datenschutz").get_by_role("link").last.click()
    shell.wait_for_function("!document.getElementById('kb-course-frame').title.startsWith('Modul:')")
    assert shell.locator("#kb-course-frame").get_attribute("title").endswith(f"(aus Modul: {menu_title(shell, 1)})")
    menu.get_by_role("link").nth(1).click()  # the module shown: back from the legal page
    module_frame(site, shell, second)
    shell.wait_for_function("document.getElementById('kb-course-frame').title.startsWith('Modul:')")

    shell.locator(".kb-skip").focus()
    page.keyboard.press("Enter")
    shell.wait_for_function("document.activeElement && document.activeElement.id === 'kb-course-frame'")
    outline = "getComputedStyle(document.getElementById('kb-course-frame')).outlineStyle"
    assert shell.evaluate(outline) == "solid"
    assert frame_of(site, shell, second).evaluate("document.activeElement.id") == "inhalt"  # Shift+Tab: menu
    shell.locator("h1.kb-course-title").click()  # the focus leaves the module: its outline goes
    assert shell.evaluate(outline) == "none"

    forget = shell.get_by_role("button", name="Meine Daten in diesem Browser löschen")
    forget.click()
    assert forget.get_attribute("aria-expanded") == "true"
    assert audit(shell) == []  # axe, with the question open
    shell.get_by_role("button", name="Abbrechen").click()
    assert shell.locator("#kb-forget-confirm").is_hidden()
    assert not shell.locator("#kb-lms-status").inner_text().startswith("Ihre Daten in diesem Browser sind gelöscht")
    forget.click()
    shell.get_by_role("button", name="Ja, löschen").click()
    assert shell.locator("#kb-lms-status").inner_text().startswith("Ihre Daten in diesem Browser sind gelöscht;")
    assert shell.locator("#kb-course-result").inner_text().startswith("Kursergebnis: noch offen – 0 von ")
    assert errors == []
    ctx.close()


def frame_of(site, shell, module):
    return loaded_iframe(shell, "#kb-course-frame", f"{site}/pkg/{PKG}/{module}/index.html")


def menu_title(shell, n: int) -> str:
    return shell.get_by_role("navigation", name="Module des Kurses").get_by_role("link").nth(n).inner_text()
