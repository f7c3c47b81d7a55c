"""BITV 2.0 checks of what the theme and Sphinx print around the activities, in the course and the
trainer edition: reflow at 200 % text and at 320 px (400 % zoom) measured on every element of the
article, German in every accessible name, title and hint, visible focus on the theme's controls, no
request answered with an error (favicon), the search field's magnifier beside the typed text, and the
trainer edition's "Entscheidungskarte als Text" readable in dark mode. Activity states (answered,
ending, presentation) are checked in test_accessibility.py."""

from __future__ import annotations

import re

import pytest
from a11y import mode_context
from pagekit import serve
from states import answer_everything

pytestmark = [pytest.mark.browser, pytest.mark.build]

# Words the theme or Sphinx printed in English on German pages (case-sensitive: German nouns such as
# "Navigation" are not on the list).
ENGLISH = re.compile(
    r"(?<![\w-])(Main|Page|Toggle|sidebar|Link to this heading|Ctrl|Search|Contents|Skip to|Back to top|Previous|Next|"
    r"previous|next|On this page|Menu|Close|Hide|Show|Download|Print|Fullscreen|light|dark|Copy)(?![\w-])"
)

OVERFLOW_JS = """(skip) => {
  const article = document.querySelector('.bd-article') || document.querySelector('#main-content') || document.body;
  const found = [];
  for (const el of [article, ...article.querySelectorAll('*')]) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    if (skip.some(s => el.closest(s) || el.querySelector(s))) continue;  // the exception and what holds it
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || el.clientWidth <= 1) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      const name = el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('');
      found.push(`${name} (${el.scrollWidth} > ${el.clientWidth} px)`);
    }
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) found.push(`page (${doc.scrollWidth} > ${doc.clientWidth} px)`);
  return found;
}"""

TEXT_200 = "html { font-size: 200% !important; }"


def pages_of(built) -> list[str]:
    return sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="module")
def served_trainer(trainer_edition):
    with serve(trainer_edition) as url:
        yield url


@pytest.fixture
def edition_url(request, served, served_trainer):
    return {"learner": served, "trainer": served_trainer}[request.param]


def new_page(browser, width=1280, mode="light"):
    ctx = mode_context(browser, mode, width)
    failed = []
    page = ctx.new_page()
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    return ctx, page, failed


def load(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("condition", ["200 % Text", "320 px"])
@pytest.mark.parametrize("edition", ["learner", "trainer"])
def test_no_element_scrolls_sideways_or_is_cut(
    browser, built_course, trainer_edition, served, served_trainer, edition, condition
):
    """Every element of the article fits its box at 200 % text (1280 px window) and at 320 px; the
    article keeps the window's width at 200 % text (the sidebars give up their columns)."""
    built, url = (built_course, served) if edition == "learner" else (trainer_edition, served_trainer)
    paths = pages_of(built) if edition == "learner" else [p for p in pages_of(built) if p.startswith("modules/")]
    ctx, page, _ = new_page(browser, 320 if condition == "320 px" else 1280)
    problems = []
    for path in paths:
        load(page, f"{url}/{path}")
        if condition == "200 % Text":
            page.add_style_tag(content=TEXT_200)
            width = page.evaluate(
                "(document.querySelector('.bd-article-container') || document.querySelector('#main-content')).getBoundingClientRect().width"
            )
            if width < 0.9 * 1280:
                problems.append(f"{path}: the article is {width:.0f} px wide beside the sidebars")
        problems += [f"{path}: {p}" for p in page.evaluate(OVERFLOW_JS, [])]
    ctx.close()
    assert problems == []


# WCAG 1.4.12: the spacing a user's style sheet may set, at its minimum values.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""


@pytest.fixture(scope="module")
def package_site(exported, tmp_path_factory):
    """One module's SCORM 1.2 package unpacked (its launch page stands for every package's)."""
    import zipfile

    site = tmp_path_factory.mktemp("package")
    with zipfile.ZipFile(exported / "kursbuch-m01-scorm12.zip") as zf:
        zf.extractall(site)
    with serve(site) as url:
        yield url


def test_text_spacing_at_320_px_keeps_everything_inside(browser, served, package_site):
    """With the text spacing of WCAG 1.4.12 at 320 px, neither a module page of the course nor a package's
    launch page scrolls sideways, and no element is cut, after the quiz has been answered too."""
    ctx, page, _ = new_page(browser, 320)
    problems = []
    for url in (f"{served}/modules/m01.html", f"{package_site}/index.html"):
        load(page, url)
        page.add_style_tag(content=TEXT_SPACING)
        problems += [f"{url}: {p}" for p in page.evaluate(OVERFLOW_JS, [])]
        page.locator(".kb-submit").first.click()  # results and feedback of an unanswered quiz: the longest texts
        problems += [f"{url} (ausgewertet): {p}" for p in page.evaluate(OVERFLOW_JS, [])]
    ctx.close()
    assert problems == []


def test_activities_and_decisions_are_headings_in_the_outline(browser, served):
    """Section h2 → activity h3 → decision h4: no level is skipped on a module page (WCAG 1.3.1)."""
    ctx, page, _ = new_page(browser)
    load(page, f"{served}/modules/m01.html")
    levels = page.evaluate(
        "[...document.querySelectorAll('.bd-article h1, .bd-article h2, .bd-article h3, .bd-article h4, "
        ".bd-article h5, .bd-article h6')].map(h => [Number(h.tagName[1]), h.className, h.textContent.trim()])"
    )
    ctx.close()
    skips = [
        f"h{b[0]} „{b[2][:40]}“ after h{a[0]}" for a, b in zip(levels, levels[1:], strict=False) if b[0] > a[0] + 1
    ]
    assert skips == []
    titles = [lvl for lvl, cls, _ in levels if "kb-title" in cls]
    assert titles and set(titles) == {3}
    assert any(lvl == 4 and "kb-node-title" in cls for lvl, cls, _ in levels)


def test_course_navigation_opens_from_its_button_at_200_percent_text(browser, served):
    ctx, page, _ = new_page(browser)
    load(page, f"{served}/modules/m01.html")
    page.add_style_tag(content=TEXT_200)
    assert not page.locator("#pst-primary-sidebar").is_visible()
    page.locator(".bd-header-article").get_by_role("button", name="Kursnavigation ein- oder ausblenden").click()
    dialog = page.locator("#pst-primary-sidebar-modal")
    dialog.get_by_role("link", name="Glossar").wait_for()
    assert page.evaluate(OVERFLOW_JS, []) == []
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    ctx.close()


PAGE_TYPES = [
    "index.html",
    "modules/m01.html",
    "glossar.html",
    "quellen.html",
    "genindex.html",
    "search.html?q=F%C3%BCrsorge",
    "barrierefreiheit.html",
    "leichte-sprache.html",
    "gebaerdensprache.html",
    "datenschutz.html",
]

NAMES_JS = """() => [...document.querySelectorAll('[title], [aria-label], [placeholder], [alt], [data-bs-title]')]
  .flatMap(e => ['title', 'aria-label', 'placeholder', 'alt', 'data-bs-title'].map(a => e.getAttribute(a)))
  .filter(Boolean)"""


@pytest.mark.parametrize("edition_url", ["learner", "trainer"], indirect=True)
def test_everything_the_theme_prints_is_german(browser, edition_url):
    """The accessibility tree of every page type, and every title, label, placeholder and alt text."""
    ctx, page, _ = new_page(browser)
    found = []
    for path in PAGE_TYPES:
        load(page, f"{edition_url}/{path}")
        tree = page.locator("body").aria_snapshot()
        names = page.evaluate(NAMES_JS)
        for text in [tree, *names]:
            found += [
                f"{path}: {m.group(0)!r} in {text[max(0, m.start() - 40) : m.end() + 40]!r}"
                for m in ENGLISH.finditer(text)
            ]
    ctx.close()
    assert found == []


FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.closest('.kb-root')) return null;
  const cs = getComputedStyle(el);
  const ring = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  const name = el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('');
  return {name: name + ' "' + (el.getAttribute('aria-label') || el.textContent.trim()).slice(0, 40) + '"',
          visible: ring || (cs.boxShadow !== 'none' && cs.boxShadow !== '')};
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_focus_visible_on_theme_controls_and_no_failed_request(browser, served, mode):
    """Tab through the page chrome of every page type: each control the focus reaches shows a ring
    (the ☰ button among them); no request of any page is answered with an error (e.g. favicon.ico)."""
    ctx, page, failed = new_page(browser, mode=mode)
    invisible, reached = [], set()
    for path in PAGE_TYPES:
        load(page, f"{served}/{path}")
        page.locator("body").focus()
        for _ in range(45):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_JS)
            if state is None:
                continue
            reached.add(state["name"])
            if not state["visible"]:
                invisible.append(f"{path}: {state['name']}")
    ctx.close()
    assert any("primary-toggle" in name for name in reached), sorted(reached)
    assert sorted(set(invisible)) == []
    assert failed == []


def test_search_field_icon_beside_the_text(browser, served):
    ctx, page, _ = new_page(browser)
    load(page, f"{served}/search.html?q=F%C3%BCrsorge")
    gap = page.evaluate(
        """() => { const form = document.querySelector('.bd-article form.bd-search, .bd-search-container form.bd-search')
                   || document.querySelector('form.bd-search');
                   const icon = form.querySelector('.fa-magnifying-glass').getBoundingClientRect();
                   const input = form.querySelector('input');
                   const start = input.getBoundingClientRect().left + parseFloat(getComputedStyle(input).paddingLeft);
                   return start - icon.right; }"""
    )
    assert gap >= 0, f"the magnifier overlaps the typed text by {-gap:.0f} px"
    ctx.close()


CONTRAST_JS = """(selector) => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => { v = v / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  return [...document.querySelectorAll(selector)].map(el => {
    let bg = el, color = 'rgb(255, 255, 255)';
    while (bg) { const c = getComputedStyle(bg).backgroundColor; if (c !== 'rgba(0, 0, 0, 0)') { color = c; break; } bg = bg.parentElement; }
    const a = lum(getComputedStyle(el).color), b = lum(color);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_decision_map_text_toggle_contrast(browser, served_trainer, trainer_edition, mode):
    ctx, page, _ = new_page(browser, mode=mode)
    low = []
    for path in [p for p in pages_of(trainer_edition) if p.startswith("modules/")]:
        load(page, f"{served_trainer}/{path}")
        ratios = page.evaluate(CONTRAST_JS, ".kb-map summary, .kb-map figcaption")
        assert ratios, path
        low += [f"{path}: {r:.2f}:1" for r in ratios if r < 4.5]
    ctx.close()
    assert low == []


# Every control that takes the focus, focused in turn after one Tab (so the browser shows the ring it
# shows to keyboard users, :focus-visible): its outline's style, width and contrast with the background
# it is drawn on (the nearest ancestor with an opaque background; a translucent colour blended over it).
OUTLINES_JS = """() => {
  const rgba = c => { const v = (c.match(/[\\d.]+/g) || ['0', '0', '0', '0']).map(Number); return v.length > 3 ? v : [...v, 1]; };
  const lum = c => { const [r, g, b] = c.map(v => { v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const controls = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(el => !el.disabled && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert], dialog:not([open])'));
  return controls.map(el => {
    el.focus();
    if (document.activeElement !== el) return null;
    let bg = [255, 255, 255];
    for (let p = el.parentElement; p; p = p.parentElement) {
      const c = rgba(getComputedStyle(p).backgroundColor);
      if (c[3] >= 0.5) { bg = c.slice(0, 3); break; }
    }
    const cs = getComputedStyle(el);
    const o = rgba(cs.outlineColor);
    const ring = o.slice(0, 3).map((v, i) => v * o[3] + bg[i] * (1 - o[3]));
    const [a, b] = [lum(ring), lum(bg)];
    const name = el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('');
    return {name: name + ' "' + (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 30) + '"',
            style: cs.outlineStyle, width: parseFloat(cs.outlineWidth),
            ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
  }).filter(Boolean);
}"""


@pytest.fixture(scope="module")
def activity_pages(served, served_trainer, package_site):
    return {
        "kurs": f"{served}/modules/m01.html",
        "trainer": f"{served_trainer}/modules/m01.html",
        "paket": f"{package_site}/index.html",
    }


@pytest.mark.parametrize("mode", ["light", "dark", "forced"])
def test_focus_ring_on_every_control_in_every_mode(browser, activity_pages, mode):
    """Every control of a module page of the course, the trainer edition and a package, with the quiz
    evaluated, focused as from the keyboard: each one (the activities' and the theme's) shows an outline of
    at least 2 px with 3:1 against its background (WCAG 2.4.7, 1.4.11), also in forced colours, where
    the system replaces colours and drops box-shadows, so a ring drawn as a shadow would vanish."""
    ctx = mode_context(browser, mode)
    page = ctx.new_page()
    weak, reached = [], set()
    for label, url in activity_pages.items():
        load(page, url)
        assert page.evaluate("matchMedia('(forced-colors: active)').matches") == (mode == "forced")
        answer_everything(page)
        page.keyboard.press("Tab")  # keyboard modality: focus() below shows the keyboard ring
        for state in page.evaluate(OUTLINES_JS):
            reached.add(state["name"])
            if state["style"] == "none" or state["width"] < 2 or state["ratio"] < 3:
                weak.append(f"{label}: {state['name']}: {state['style']} {state['width']} px, {state['ratio']:.2f}:1")
    ctx.close()
    assert any("kb-reset" in n for n in reached) and any("kb-decide" in n for n in reached), sorted(reached)
    assert sorted(set(weak)) == [], "\n".join(sorted(set(weak)))


def test_selected_states_stay_visible_in_forced_colours(browser, activity_pages):
    """In forced colours the system paints every background alike: the current page in the course
    navigation and the group's pick in the presentation must be marked by more than a colour (weight,
    outline or border)."""
    ctx = mode_context(browser, "forced")
    page = ctx.new_page()
    load(page, activity_pages["kurs"])
    current, other = page.evaluate(
        """() => [document.querySelector('.bd-sidenav a.current'), document.querySelector('.bd-sidenav a:not(.current)')]
                 .map(a => { const cs = getComputedStyle(a); return [parseInt(cs.fontWeight), cs.textDecorationLine, cs.borderLeftStyle]; })"""
    )
    assert current != other, f"the current page looks like any other link in forced colours: {current}"
    page.locator(".kb-present-open").first.click()
    dialog = page.locator(".kb-present[role=dialog]")
    dialog.locator(".kb-present-next").click()
    dialog.locator(".kb-present-pick").first.click()
    chosen = dialog.locator(".kb-present-choice.kb-chosen")
    chosen.wait_for()
    outline = chosen.evaluate("e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]")
    assert outline[0] != "none" and outline[1] >= 2, outline
    ctx.close()
