"""m01 with the keyboard alone: every step reachable by Tab, arrows, Space and Enter,
with visible focus, focus moved to the new situation, and feedback in live regions."""

from __future__ import annotations

import pytest

from learner import activity, stage_title

pytestmark = [pytest.mark.browser, pytest.mark.build]

FOCUS_VISIBLE = """() => {
  const e = document.activeElement, cs = getComputedStyle(e);
  return cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
}"""


def focused(page) -> str:
    return page.evaluate("() => (document.activeElement.id || '') + '|' + document.activeElement.textContent.trim().slice(0, 60)")


def test_scenario_by_keyboard(page, served):
    page.goto(f"{served}/modules/m01.html")
    s = activity(page, "m01-s1")
    s.locator(".kb-node-title").wait_for()
    s.locator(".kb-node-title").focus()
    page.keyboard.press("Tab")  # first choice
    assert focused(page).startswith("kb-m01-s1-m01-s1-n1-a|")
    assert page.evaluate(FOCUS_VISIBLE)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page) == "|Entscheiden"
    assert page.evaluate(FOCUS_VISIBLE)
    page.keyboard.press("Enter")
    assert focused(page) == "|Weiter"  # focus stays on the control that continues
    assert "Zuerst kommt die Fürsorge" in s.locator(".kb-stage .kb-feedback").inner_text()
    assert s.locator(".kb-stage .kb-feedback").get_attribute("role") == "status"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('kb-node-title')")
    assert stage_title(page, "m01-s1").startswith("Entscheidung 2:")
    # Arrow keys move within the choices of the next decision.
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    assert focused(page).startswith("kb-m01-s1-m01-s1-n2-b|")
    assert s.locator("#kb-m01-s1-m01-s1-n2-b").is_checked()
    assert page.recorder.errors == []


def test_quiz_items_by_keyboard(page, served):
    page.goto(f"{served}/modules/m01.html")
    q1 = page.locator("#kb-m01-q01")
    q1.wait_for()
    page.locator("#kb-m01-q01-a").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert focused(page) == "|Antwort prüfen"
    page.keyboard.press("Enter")
    assert focused(page) == "|Erneut versuchen"
    assert page.evaluate(FOCUS_VISIBLE)
    assert q1.locator(".kb-feedback").inner_text().startswith("Richtig.")

    # Ordering: move a step with its buttons, focus stays on the moved step's button.
    q4 = page.locator("#kb-m01-q04")
    first = q4.locator("li[data-kb-step]").nth(1)
    step = first.get_attribute("data-kb-step")
    first.locator(".kb-up").focus()
    page.keyboard.press("Enter")
    assert q4.locator("li[data-kb-step]").nth(0).get_attribute("data-kb-step") == step
    assert "steht jetzt an Position 1 von 5" in q4.locator(".kb-sr").inner_text()
    assert page.evaluate("document.activeElement.closest('li').dataset.kbStep") == step

    # Matching: a labelled select, operated with the arrow keys.
    page.locator("#kb-m01-q05-e1").focus()
    page.keyboard.press("ArrowDown")
    assert page.locator("#kb-m01-q05-e1").input_value() != ""
    assert page.recorder.errors == []
