"""A trainer presents the m01 case to a group from the built folder opened as file:// (as from a
USB stick): keyboard only, votes entered per choice, the majority or the trainer's pick decides,
and the summary shows the path and the votes. The learner's own state is not touched."""

from __future__ import annotations

import pytest
from learner import activity

pytestmark = [pytest.mark.browser, pytest.mark.build]


def test_present_case_by_keyboard_with_votes(page, built_course):
    page.goto((built_course / "modules" / "m01.html").as_uri())
    s = activity(page, "m01-s1")
    s.locator(".kb-node-title").wait_for()
    opener = s.locator(".kb-present-open")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    assert dialog.get_attribute("aria-modal") == "true"
    assert "Fiktiver Fall" in dialog.inner_text() and "Inhaltshinweis" in dialog.inner_text()
    assert (
        float(page.evaluate("getComputedStyle(document.querySelector('.kb-present')).fontSize").removesuffix("px"))
        >= 24
    )

    page.keyboard.press("ArrowRight")  # from the intro to the first situation
    assert dialog.locator(".kb-present-title").inner_text().startswith("Entscheidung 1: Zurück vom Einsatz")
    assert page.evaluate("document.activeElement.classList.contains('kb-present-title')")

    # The choices are numbered as the room sees them (the order is drawn per presentation).
    def number(choice):
        return dialog.locator(f'[data-kb-choice="{choice}"] .kb-present-num').inner_text()

    numbers = {c: number(c) for c in "abc"}
    assert sorted(numbers.values()) == ["1", "2", "3"]
    # Votes for the three choices, entered with the keyboard; the majority decides.
    for choice, votes in (("a", "2"), ("b", "5"), ("c", "1")):
        dialog.locator(f'[data-kb-choice="{choice}"] input').focus()
        page.keyboard.press("Control+A")
        page.keyboard.type(votes)
    dialog.locator(".kb-present-majority").focus()
    page.keyboard.press("Enter")
    feedback = dialog.locator(".kb-present-feedback").inner_text()
    assert "Die Gruppe hat entschieden: Sie nehmen sich Zeit" in feedback and "(Mehrheit)" in feedback
    assert "Zuerst kommt die Fürsorge" in feedback
    page.keyboard.press("ArrowRight")
    assert dialog.locator(".kb-present-title").inner_text().startswith("Entscheidung 2: Den Vorfall festhalten")

    # A tie is not decided for the group: the trainer picks with a number key.
    for choice in ("a", "b"):
        dialog.locator(f'[data-kb-choice="{choice}"] input').fill("3")
    dialog.locator(".kb-present-majority").click()
    assert "Gleichstand" in dialog.locator(".kb-sr").inner_text()
    dialog.locator(".kb-present-title").focus()
    page.keyboard.press("1")
    assert "(Wahl der Moderation)" in dialog.locator(".kb-present-feedback").inner_text()
    page.keyboard.press(" ")
    # Going back and forward with the arrow keys.
    page.keyboard.press("ArrowLeft")  # back to decision 2, its choice undone
    assert dialog.locator(".kb-present-title").inner_text().startswith("Entscheidung 2:")
    assert dialog.locator(".kb-present-feedback").count() == 0
    page.keyboard.press(number("a"))  # the digit the room sees beside the choice
    assert "Sie dokumentieren gemeinsam" in dialog.locator(".kb-present-feedback").inner_text()
    page.keyboard.press("ArrowRight")
    assert dialog.locator(".kb-present-title").inner_text().startswith("Entscheidung 3: Strafantrag")
    page.keyboard.press(number("c"))  # the good choices of decisions 3 and 4 lead to the good ending
    page.keyboard.press("ArrowRight")
    page.keyboard.press(number("b"))
    page.keyboard.press("ArrowRight")
    assert dialog.locator(".kb-present-title").inner_text() == "Ende des Falls: Aus dem Einzelfall wird ein Verfahren"
    summary = dialog.locator(".kb-present-summary").inner_text()
    assert summary.count("Die Gruppe hat entschieden") == 4
    assert "(Mehrheit)" in summary and "(Wahl der Moderation)" in summary
    votes = {"a": 2, "b": 5, "c": 1}
    counts = ", ".join(f"Möglichkeit {n}: {votes[c]}" for c, n in sorted(numbers.items(), key=lambda x: x[1]))
    assert "Stimmen: " + counts in summary
    # The debrief from the group's path: each decision with its rating and consequence.
    assert summary.count("Bewertung: gut") == 4
    assert "Folge: Frau Y. konnte sagen, was sie brauchte" in summary

    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('kb-present-open')")
    assert s.locator(".kb-node-title").inner_text().startswith("Entscheidung 1:")  # the learner's own case is untouched
    assert [u for u in page.recorder.requests if not u.startswith("file:")] == []
    assert page.recorder.errors == []


def test_presentation_mode_passes_axe(page, served):
    from a11y import audit

    page.goto(f"{served}/modules/m01.html")
    activity(page, "m01-s1").locator(".kb-present-open").click()
    page.keyboard.press("ArrowRight")
    assert audit(page) == []
    page.keyboard.press("1")
    assert audit(page) == []  # the group's choice and its consequence
    page.keyboard.press("ArrowLeft")
    page.locator('.kb-present [data-kb-choice="a"] input').fill("4")
    page.locator(".kb-present-majority").click()
    assert audit(page) == []
    for _ in range(8):  # on to an ending: the summary with ratings, consequences and votes
        if page.locator(".kb-present-summary").count():
            break
        page.keyboard.press("1")
        page.keyboard.press("ArrowRight")
    assert page.locator(".kb-present-summary").count() == 1
    assert audit(page) == []


NO_FULLSCREEN = "Element.prototype.requestFullscreen = undefined;"  # as on an iPhone, or after the first Esc


def open_presentation(page, served):
    page.context.add_init_script(NO_FULLSCREEN)
    page.goto(f"{served}/modules/m01.html")
    activity(page, "m01-s1").locator(".kb-present-open").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    return dialog


def test_keys_work_after_a_mouse_click_and_focus_stays_in_the_dialog(page, served):
    dialog = open_presentation(page, served)
    assert page.evaluate("document.fullscreenElement") is None
    # The page behind is inert: nothing there can be clicked, focused or read.
    assert page.evaluate(
        "[...document.body.children].every(c => c.classList.contains('kb-present') || c.hasAttribute('inert'))"
    )
    dialog.locator(".kb-present-help").click()  # a click on the slide itself, on no control
    assert page.evaluate("document.querySelector('.kb-present').contains(document.activeElement)")
    page.keyboard.press("ArrowRight")
    assert dialog.locator(".kb-present-title").inner_text().startswith("Entscheidung 1:")
    dialog.locator(".kb-present-text").click()
    assert page.evaluate("document.activeElement !== document.body")
    page.keyboard.press("2")  # the choice shown as number 2
    chosen = dialog.locator(".kb-present-choice.kb-chosen .kb-present-num").inner_text()
    assert chosen == "2"
    # Tab and Shift+Tab go round inside the dialog.
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        page.keyboard.press(key)
        assert page.evaluate("document.querySelector('.kb-present').contains(document.activeElement)"), key
    page.keyboard.press("Escape")  # closes without fullscreen too
    assert page.get_by_role("dialog").count() == 0
    assert page.evaluate("document.querySelectorAll('[inert]').length") == 0
    assert page.evaluate("document.activeElement.classList.contains('kb-present-open')")
    assert page.recorder.errors == []


def test_every_control_is_named_for_its_choice(page, served):
    dialog = open_presentation(page, served)
    page.keyboard.press("ArrowRight")
    for row in dialog.locator(".kb-present-choice").all():
        n = row.locator(".kb-present-num").inner_text()
        text = row.locator(".kb-present-choice-text > span:not(.kb-sr-text)").text_content()
        assert row.get_by_role("spinbutton").get_attribute("id")
        assert dialog.get_by_role("spinbutton", name=f"Stimmen für Möglichkeit {n}: {text}", exact=True).count() == 1
        assert dialog.get_by_role("button", name=f"Möglichkeit {n} nehmen: {text}", exact=True).count() == 1
    assert dialog.get_by_role("spinbutton", name="Stimmen", exact=True).count() == 0
    assert page.evaluate("document.querySelectorAll('.kb-present [aria-describedby]').length") == 0
