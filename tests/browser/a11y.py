"""Accessibility audit of a loaded page with axe-core (installed from npm by scripts/setup.sh).

``audit(page)`` runs the WCAG 2.0/2.1 A and AA rules and returns one readable line per
violation that is not on the ignore list. The ignore list is for what this project cannot
change, each entry with its reason; it is empty, and should stay as short as possible.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# rule id -> why it cannot be fixed here. Keep this short; every entry needs a reason.
IGNORED: dict[str, str] = {}


def audit(page, context: str = "document") -> list[str]:
    assert AXE.exists(), "axe-core is missing: run the tests through scripts/test.sh (it runs npm ci in tests/)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "([ctx, tags]) => axe.run(ctx === 'document' ? document : ctx, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [context, TAGS],
    )
    lines = []
    for v in result["violations"]:
        if v["id"] in IGNORED:
            continue
        targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return lines


def set_mode(context, mode: str) -> None:
    """Make every page of ``context`` open in the theme's light or dark mode."""
    context.add_init_script(
        f"try {{ localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}'); }} catch (e) {{}}"
    )


LOCAL = ("http://127.0.0.1", "data:")  # what the pages under test may load; every other request is aborted


def mode_context(browser, mode: str, width: int = 1280, local: tuple[str, ...] = LOCAL):
    """A German browser context (``width`` × 900) whose pages open in the theme's ``light`` or ``dark``
    mode, or in ``forced`` colours (as Windows' contrast themes: the light theme, the system's colours);
    requests to anything not starting with one of ``local`` are aborted."""
    forced = mode == "forced"
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="de-DE",
        color_scheme="light" if forced else mode,
        forced_colors="active" if forced else "none",
    )
    set_mode(context, "light" if forced else mode)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(local) else r.abort())
    return context


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it reflows)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
