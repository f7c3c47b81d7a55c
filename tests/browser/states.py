"""The states a learner or trainer brings a page's activities into, reached without knowing any item's
text or answer key (authors rewrite them): every question answered with its first choice, every quiz
evaluated (feedback and result shown), every case followed to an ending, a case's presentation open.

The checkers of the browser tests (the Nu HTML Checker, IBM's engine) look at each of these states:
``loaded`` → ``answered`` (feedback, result, an ending) → ``presentation`` (the projector dialog open).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from playwright.sync_api import Page

# A module's package and the whole-course package (the other version), each with its data sheet: their
# pages stand for every package's (one template).
PACKAGES = ("kursbuch-m01-scorm12", "kursbuch-kurs-scorm2004")

# One step per visible control, in the page's order: the first radio of each group, the first box, the
# first real option of every list, a note in every text field, one move of every ordering item.
ANSWER_JS = """() => {
  const groups = new Set();
  for (const item of document.querySelectorAll('[data-kb-root] .kb-item')) {
    for (const r of item.querySelectorAll('input[type=radio]:not([disabled])')) {
      if (groups.has(r.name)) continue;
      groups.add(r.name);
      r.click();
    }
    const box = item.querySelector('input[type=checkbox]:not([disabled])');
    if (box && !box.checked) box.click();
    for (const s of item.querySelectorAll('select:not([disabled])')) {
      s.selectedIndex = s.options.length > 1 ? 1 : 0;
      s.dispatchEvent(new Event('change', {bubbles: true}));
    }
    for (const t of item.querySelectorAll('textarea:not([disabled])')) {
      t.value = 'Notiz';
      t.dispatchEvent(new Event('input', {bubbles: true}));
    }
    const down = item.querySelector('.kb-down:not([disabled])');
    if (down) down.click();
  }
  return groups.size;
}"""


def answer_everything(page: Page, evaluate: bool = True) -> None:
    """Answer every item of every quiz and open every impulse; with ``evaluate``, evaluate every quiz
    (feedback on each item and the result)."""
    page.evaluate(ANSWER_JS)
    for summary in page.locator(".kb-impulse summary").all():
        summary.click()
    if not evaluate:
        return
    for quiz in page.locator("[data-kb-root]:has(.kb-quiz-head)").all():
        submit = quiz.locator(".kb-submit")
        if submit.is_visible():
            submit.click()
            quiz.locator(".kb-result p").first.wait_for()


def cases(page: Page):
    return page.locator("[data-kb-root]:has(.kb-scenario-head)").all()


def decisions_pending(page: Page) -> None:
    """In every case, pick the first choice of the current decision and decide: the consequence shows."""
    for case in cases(page):
        case.locator(".kb-node-form label").first.click()
        case.locator(".kb-decide").click()
        case.locator(".kb-next").wait_for()


def cases_to_an_ending(page: Page) -> None:
    """Follow every case on the page with its first choice until an ending is shown."""
    for case in cases(page):
        if case.locator(".kb-next").is_visible():  # a decision was pending
            case.locator(".kb-next").click()
        for _ in range(40):
            decide = case.locator(".kb-decide")
            if not decide.is_visible():
                break
            case.locator(".kb-node-form label").first.click()
            decide.click()
            case.locator(".kb-next").click()
        assert not case.locator(".kb-decide").is_visible(), "the case did not reach an ending in 40 steps"
        case.locator(".kb-summary").wait_for()


def open_presentation(page: Page) -> None:
    """Open the first case's presentation and go to its first decision (choices and vote fields)."""
    page.locator(".kb-present-open").first.click()
    dialog = page.locator(".kb-present[role=dialog]")
    dialog.wait_for()
    dialog.locator(".kb-present-next").click()
    dialog.locator(".kb-present-choices").wait_for()


def live_html(page: Page) -> str:
    """The document as the browser has it now (after scripts and interaction), serialised as HTML."""
    return page.evaluate("() => '<!DOCTYPE html>\\n' + document.documentElement.outerHTML")


def unpack_packages(exported: Path, site: Path) -> Path:
    """The ``PACKAGES`` unpacked into ``site/<name>/``, their data sheets beside them."""
    for name in PACKAGES:
        with zipfile.ZipFile(exported / f"{name}.zip") as zf:
            zf.extractall(site / name)
        shutil.copy(exported / f"{name}-datenblatt.html", site / f"{name}-datenblatt.html")
    return site
