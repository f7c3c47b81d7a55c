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


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it reflows)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
