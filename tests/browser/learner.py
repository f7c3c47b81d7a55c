"""What a learner does on the m01 page, as reusable steps for the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page

M01_RIGHT = {
    "m01-q01": ("single", "a"),
    "m01-q02": ("multiple", ["a", "b"]),
    "m01-q03": ("truefalse", {"s1": False, "s2": True, "s3": True}),
    "m01-q04": ("ordering", ["fuersorge", "doku", "anzeige", "nachsorge", "auswertung"]),
    "m01-q05": ("matching", {"e1": "politik", "e2": "fk", "e3": "ma", "e4": "politik"}),
    "m01-q06": ("single", "a"),
    # judgement: response id -> rating, 0 = sehr geeignet … 3 = ungeeignet (the expert ratings)
    "m01-q08": ("judgement", {"r1": 0, "r2": 3, "r3": 2, "r4": 1}),
    "m01-q09": ("judgement", {"r1": 0, "r2": 3, "r3": 2, "r4": 1}),
    "m01-q10": ("single", "a"),
    "m01-q11": ("multiple", ["a", "b"]),
    "m01-q12": ("single", "a"),
}


def item(page: Page, item_id: str):
    return page.locator(f"#kb-{item_id}")


def answer(page: Page, item_id: str, kind: str, value) -> None:
    sec = item(page, item_id)
    if kind == "single":
        sec.locator(f"#kb-{item_id}-{value}").check()
    elif kind == "multiple":
        for box in sec.locator("input[type=checkbox]").all():
            box.set_checked(box.get_attribute("value") in value)
    elif kind == "truefalse":
        for sid, truth in value.items():
            sec.locator(f"#kb-{item_id}-{sid}-{'t' if truth else 'f'}").check()
    elif kind == "matching":
        for eid, cat in value.items():
            sec.locator(f"#kb-{item_id}-{eid}").select_option(cat)
    elif kind == "judgement":
        for rid, rating in value.items():
            sec.locator(f"#kb-{item_id}-{rid}-{rating}").check()
    elif kind == "ordering":
        for pos, step in enumerate(value):
            while True:
                order = sec.locator("li[data-kb-step]").evaluate_all("els => els.map(e => e.dataset.kbStep)")
                if order.index(step) <= pos:
                    break
                sec.locator(f'li[data-kb-step="{step}"] .kb-up').click()


def shown_answer(page: Page, item_id: str, kind: str, like=None):
    """The answer the page shows for an item, in the form ``answer`` takes (``multiple`` sorted);
    for ``truefalse``, ``matching`` and ``judgement`` the statements, entries or responses are the keys of ``like``."""
    sec = item(page, item_id)
    if kind == "single":
        checked = sec.locator("input[type=radio]:checked")
        return checked.get_attribute("value") if checked.count() else None
    if kind == "multiple":
        return sorted(sec.locator("input[type=checkbox]:checked").evaluate_all("els => els.map(e => e.value)"))
    if kind == "truefalse":
        out = {}
        for sid in like:
            t, f = (sec.locator(f"#kb-{item_id}-{sid}-{x}").is_checked() for x in "tf")
            out[sid] = True if t else False if f else None
        return out
    if kind == "matching":
        return {eid: sec.locator(f"#kb-{item_id}-{eid}").input_value() for eid in like}
    if kind == "judgement":
        out = {}
        for rid in like:
            checked = sec.locator(f"input[type=radio][id^='kb-{item_id}-{rid}-']:checked")
            out[rid] = int(checked.get_attribute("value")) if checked.count() else None
        return out
    if kind == "ordering":
        return sec.locator("li[data-kb-step]").evaluate_all("els => els.map(e => e.dataset.kbStep)")
    raise ValueError(f"unknown item kind {kind!r}")


def check(page: Page, item_id: str) -> str:
    sec = item(page, item_id)
    sec.get_by_role("button", name="Antwort prüfen").click()
    return sec.locator(".kb-feedback").inner_text()


def activity(page: Page, activity_id: str):
    """The mounted activity, on a course page or as a live widget in JupyterLab."""
    return page.locator(f'[data-kb-root="{activity_id}"]')


def decide(page: Page, scenario_id: str, choice_label_start: str) -> str:
    """Pick the choice whose label starts with the given text, decide, return the consequence shown."""
    host = activity(page, scenario_id)
    host.locator(".kb-node-form label", has_text=choice_label_start).first.click()
    host.get_by_role("button", name="Entscheiden").click()
    feedback = host.locator(".kb-stage .kb-feedback").inner_text()
    host.get_by_role("button", name="Weiter").click()
    return feedback


def stage_title(page: Page, scenario_id: str) -> str:
    return activity(page, scenario_id).locator(".kb-node-title").inner_text()


def seed(context, value: int) -> None:
    """Every seed drawn on the pages of ``context`` is ``value`` (crypto.getRandomValues answers it),
    so the shuffled orders a test sees are known in advance."""
    context.add_init_script(
        f"crypto.getRandomValues = function (a) {{ for (var i = 0; i < a.length; i++) a[i] = {value}; return a; }};"
    )


SHOWN_ORDER = """root => [...document.querySelectorAll(root + ' .kb-item, ' + root + ' .kb-node-form')].map(s =>
  (s.id || 'case') + ':' + [...s.querySelectorAll('[data-kb-step], [data-kb-response], input, select')]
    .map(e => e.dataset.kbStep || e.dataset.kbResponse || e.id).join(','))"""


def shown_order(page, root: str) -> list[str]:
    """Per item (and the case's current decision) the ids of its parts in the order they are shown."""
    return page.evaluate(SHOWN_ORDER, root)


def pick_radio(page, group: str, target: str) -> None:
    """Keyboard only: Tab into the radio group ``group`` and move with the arrow keys to ``target``."""
    first = page.locator(f"{group} input[type=radio]").first
    first.focus()
    for _ in range(12):
        if page.evaluate("s => document.activeElement.matches(s)", target):
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{target} not reached in {group}")
