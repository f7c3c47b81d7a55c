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
    return page.evaluate(
        "() => (document.activeElement.id || '') + '|' + document.activeElement.textContent.trim().slice(0, 60)"
    )


def test_scenario_by_keyboard(page, served):
    page.goto(f"{served}/modules/m01.html")
    s = activity(page, "m01-s1")
    s.locator(".kb-node-title").wait_for()
    s.locator(".kb-node-title").focus()
    page.keyboard.press("Tab")  # the first choice as shown (the order is the learner's own)
    shown = s.locator(".kb-node-form input[type=radio]").evaluate_all("els => els.map(e => e.id)")
    assert focused(page).startswith(shown[0] + "|")
    assert page.evaluate(FOCUS_VISIBLE)
    page.keyboard.press("Space")
    first = page.evaluate("document.activeElement.value")
    page.keyboard.press("Tab")
    assert focused(page) == "|Entscheiden"
    assert page.evaluate(FOCUS_VISIBLE)
    page.keyboard.press("Enter")
    assert focused(page) == "|Weiter"  # focus stays on the control that continues
    feedback = {"a": "Eine zeitnahe Dokumentation ist wichtig", "b": "Zuerst kommt die Fürsorge", "c": "verharmlost"}
    assert feedback[first] in s.locator(".kb-stage .kb-feedback").inner_text()
    assert s.locator(".kb-stage .kb-feedback").get_attribute("role") == "status"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('kb-node-title')")
    assert stage_title(page, "m01-s1").startswith("Entscheidung 2:")
    # Arrow keys move within the choices of the next decision, in the order shown.
    shown = s.locator(".kb-node-form input[type=radio]").evaluate_all("els => els.map(e => e.id)")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    assert focused(page).startswith(shown[1] + "|")
    assert s.locator("#" + shown[1]).is_checked()
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


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab (only Tab) until the focused element matches ``selector``."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            assert page.evaluate(FOCUS_VISIBLE), f"focus on {selector} is not visible"
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def in_dom_order(page, selectors: list[str]) -> list[str]:
    """The selectors sorted by where their elements stand on the page (the order is shuffled)."""
    return page.evaluate(
        """sels => sels.map(s => [s, document.querySelector(s)]).sort((a, b) =>
             a[1].compareDocumentPosition(b[1]) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1).map(p => p[0])""",
        selectors,
    )


def radio_to(page, group: str, target: str) -> None:
    """Tab into a radio group (it takes the focus at its first radio as shown), then arrows to target."""
    tab_to(page, f"{group} input[type=radio]:not([disabled])")
    for _ in range(12):
        if page.evaluate("s => document.activeElement.matches(s)", target):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"arrows never reached {target}")


def test_complete_quiz_and_case_with_keyboard_alone(page, served):
    page.goto(f"{served}/modules/m01.html")
    page.wait_for_selector("[data-kb-root='m01-wissen'] .kb-item")
    k = page.keyboard

    def check(item_id):
        tab_to(page, f"#kb-{item_id} .kb-check")
        k.press("Enter")
        assert page.locator(f"#kb-{item_id} .kb-feedback").inner_text().startswith("Richtig.")

    radio_to(page, "#kb-m01-q01", "#kb-m01-q01-a")
    check("m01-q01")
    for box in in_dom_order(page, ["#kb-m01-q02-a", "#kb-m01-q02-b"]):
        tab_to(page, box)
        k.press("Space")
    check("m01-q02")
    truth = {"s1": False, "s2": True, "s3": True}
    for first in in_dom_order(page, [f"#kb-m01-q03-{sid}-t" for sid in truth]):
        tab_to(page, first)
        k.press("ArrowRight" if not truth[first.split("-")[-2]] else "Space")  # arrows move within a radio group
    check("m01-q03")
    target = ["fuersorge", "doku", "anzeige", "nachsorge", "auswertung"]
    for pos, step in enumerate(target):
        while True:
            order = page.locator("#kb-m01-q04 li[data-kb-step]").evaluate_all("els => els.map(e => e.dataset.kbStep)")
            if order.index(step) <= pos:
                break
            up = f'#kb-m01-q04 li[data-kb-step="{step}"] .kb-up'
            if not page.evaluate("s => document.activeElement.matches(s)", up):
                tab_to(page, up)
            k.press("Enter")
    check("m01-q04")
    categories = ["politik", "fk", "ma"]
    cats = {"e1": "politik", "e2": "fk", "e3": "ma", "e4": "politik"}
    for select in in_dom_order(page, [f"#kb-m01-q05-{e}" for e in cats]):
        cat = cats[select.rsplit("-", 1)[1]]
        tab_to(page, select)
        for _ in range(categories.index(cat) + 1):
            k.press("ArrowDown")
    check("m01-q05")
    radio_to(page, "#kb-m01-q06", "#kb-m01-q06-a")
    check("m01-q06")
    # Situational judgement: Tab enters each response's rating group at its first rating, Space
    # picks it, the arrow keys move to the expert rating (0 = sehr geeignet … 3 = ungeeignet).
    expert = {"r1": 0, "r2": 3, "r3": 2, "r4": 1}
    for item_id in ("m01-q08", "m01-q09"):
        for first in in_dom_order(page, [f"#kb-{item_id}-{rid}-0" for rid in expert]):
            tab_to(page, first)
            k.press("Space")
            for _ in range(expert[first.split("-")[-2]]):
                k.press("ArrowRight")
        check(item_id)
    radio_to(page, "#kb-m01-q10", "#kb-m01-q10-a")
    check("m01-q10")
    for box in in_dom_order(page, ["#kb-m01-q11-a", "#kb-m01-q11-b"]):
        tab_to(page, box)
        k.press("Space")
    check("m01-q11")
    radio_to(page, "#kb-m01-q12", "#kb-m01-q12-a")
    check("m01-q12")
    tab_to(page, "[data-kb-root='m01-wissen'] .kb-submit")
    k.press("Enter")
    result = page.locator("[data-kb-root='m01-wissen'] .kb-result")
    assert page.evaluate("document.activeElement.classList.contains('kb-result')")  # focus moves to the result
    assert "Sie haben 14 von 14 Punkten erreicht (100 %)." in result.inner_text()

    # The case, from its first choice to an ending.
    s = activity(page, "m01-s1")
    s.locator(".kb-node-title").scroll_into_view_if_needed()
    # The good way through: the best choice stands at a different place at each decision.
    for node, choice in (("n1", "b"), ("n2", "a"), ("n3", "c"), ("n4", "b")):
        radio_to(page, "[data-kb-root='m01-s1'] .kb-node-form", f"#kb-m01-s1-m01-s1-{node}-{choice}")
        tab_to(page, "[data-kb-root='m01-s1'] .kb-decide")
        k.press("Enter")
        assert page.evaluate("document.activeElement.classList.contains('kb-next')")
        k.press("Enter")
        assert page.evaluate("document.activeElement.classList.contains('kb-node-title')")
    assert stage_title(page, "m01-s1") == "Ende des Falls: Aus dem Einzelfall wird ein Verfahren"
    assert page.recorder.errors == [] and page.recorder.outside_requests() == []
