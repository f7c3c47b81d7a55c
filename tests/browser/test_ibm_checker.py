"""A second accessibility engine beside axe: IBM's Equal Access engine (npm
``accessibility-checker-engine``, ``ace.js`` injected into the page) reports no violation on any page
type and in any state of the activities (loaded; answered with a decision pending; evaluated with the
case at an ending; presentation open), in light, dark and forced-colours mode, in the course, the
trainer edition and a package (launch page, glossary, legal pages, data sheets).

Rule set and what counts (decided for this project):
- Rule set ``IBM_Accessibility``: IBM's own requirements, a superset of WCAG 2.2 A/AA mapped to EN 301
  549. The legal bar of BITV 2.0 is EN 301 549, i.e. WCAG 2.1 AA; the engine's ``WCAG_2_1`` rule set
  reported nothing on pages where ``IBM_Accessibility`` found real barriers (a skip link and the sidebar's
  title and search button outside every landmark; the index page's layout tables announced as data
  tables without headers). Those are fixed, and the stricter set keeps them fixed.
- A finding counts when the engine calls it a violation (``value == ["VIOLATION", "FAIL"]``). Results
  marked ``POTENTIAL`` or ``MANUAL`` ("verify that colour is not the only means …") are questions for
  the manual check the accessibility statement names; the engine cannot decide them and reports them
  on every page of any site.
- Rules that cannot report a violation at all (every reason the engine's own table ``help/rules.csv``
  lists for them is a pass, a potential violation or a recommendation, e.g. ``style_focus_visible``)
  are left out of the run: they could not change the result, and they took 70 % of its time.
- Excluded rules: none. A rule may only be excluded here with the documented false positive it
  reports and why.
- The page chrome does not change while a learner works: each page is checked whole once it has
  loaded; the later states of the activities are checked on the activities (and the presentation
  dialog) they change. Every state on the course's module page; on the trainer edition's and the
  package's (the same engine in other surroundings) loaded and evaluated.

A fixture page with known problems proves that the engine reports them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from a11y import LOCAL, mode_context
from pagekit import Recorder, serve
from states import answer_everything, cases_to_an_ending, decisions_pending, open_presentation, unpack_packages

pytestmark = [pytest.mark.browser, pytest.mark.build]

ACE = Path(__file__).resolve().parent.parent / "node_modules" / "accessibility-checker-engine" / "ace.js"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
POLICY = "IBM_Accessibility"
# rule id -> the documented false positive that justifies leaving it out. Empty: keep it so.
EXCLUDED: dict[str, str] = {}
MODES = ["light", "dark", "forced"]
ACTIVITIES = "[data-kb-root]"

# One page of each type (every module page is built from the same templates as m01).
COURSE_PAGES = [
    "index.html",
    "glossar.html",
    "quellen.html",
    "genindex.html",
    "search.html?q=Fall",
    "barrierefreiheit.html",
    "leichte-sprache.html",
    "gebaerdensprache.html",
    "datenschutz.html",
]

RULES_CSV = ACE.parent / "help" / "rules.csv"


def rules_that_cannot_fail() -> list[str]:
    """Rule ids whose every reason is a pass, a potential violation or a recommendation."""
    levels: dict[str, set[str]] = {}
    with RULES_CSV.open(encoding="utf-8", newline="") as f:
        for row in list(csv.reader(f))[1:]:
            levels.setdefault(row[0], set()).update(part.strip() for part in row[4].split("|"))
    return sorted(rule for rule, seen in levels.items() if "Violation" not in seen)


SKIPPED = rules_that_cannot_fail()

# The policy's guideline without the rules that cannot fail, under an id of its own; then each element
# the selector finds (the document for null) is checked, and only violations are returned.
CHECK_JS = """async ([policy, skip, selector]) => {
  if (!window.kbChecker) {
    const checker = new ace.Checker();
    const guideline = JSON.parse(JSON.stringify(checker.getGuidelines().find(g => g.id === policy)));
    guideline.id = 'kursbuch-' + policy;
    guideline.checkpoints.forEach(cp => { cp.rules = cp.rules.filter(r => !skip.includes(r.id)); });
    checker.addGuideline(guideline);
    window.kbChecker = checker;
  }
  const scopes = selector ? [...document.querySelectorAll(selector)] : [document];
  if (!scopes.length) return [{rule: 'nothing-to-check', reason: '', message: selector, path: '', snippet: ''}];
  const found = [];
  for (const scope of scopes) {
    const report = await window.kbChecker.check(scope, ['kursbuch-' + policy]);
    found.push(...report.results
      .filter(r => r.value[0] === 'VIOLATION' && r.value[1] === 'FAIL')
      .map(r => ({rule: r.ruleId, reason: r.reasonId, message: r.message, path: r.path.dom,
                  snippet: (r.snippet || '').slice(0, 140)})));
  }
  return found;
}"""


def ibm_violations(page, selector: str | None = None) -> list[str]:
    """One line per violation IBM's engine finds in the page as it is now (or in what ``selector`` finds)."""
    assert ACE.exists(), "ace.js is missing: run the tests through scripts/test.sh (it runs npm ci in tests/)"
    if not page.evaluate("typeof window.ace !== 'undefined'"):
        page.add_script_tag(path=str(ACE))
    found = page.evaluate(CHECK_JS, [POLICY, SKIPPED, selector])
    return [
        f"{f['rule']} ({f['reason']}): {f['message']} -> {f['path']} {f['snippet']}"
        for f in found
        if f["rule"] not in EXCLUDED
    ]


@pytest.fixture(scope="module")
def sites(served, trainer_edition, exported, tmp_path_factory):
    """Base URLs: the course (session server), the trainer edition and the unpacked packages."""
    packages = unpack_packages(exported, tmp_path_factory.mktemp("ibm-packages"))
    with serve(trainer_edition) as trainer, serve(packages) as package:
        yield {"kurs": served, "trainer": trainer, "paket": package}


def new_page(browser, mode: str):
    ctx = mode_context(browser, mode, local=(*LOCAL, "file:"))
    rec = Recorder()
    page = ctx.new_page()
    page.on("request", lambda r: rec.requests.append(r.url))
    page.on("pageerror", lambda e: rec.errors.append(str(e)))
    return ctx, page, rec


def load(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def activity_states(page, url: str, label: str, every_state: bool = True) -> list[str]:
    """The findings in each state of the activities of the page at ``url``. Without ``every_state``:
    loaded and evaluated only (the trainer edition and the packages run the engine of the course page,
    where every state is checked; what differs there is around the activities)."""
    load(page, url)
    page.locator("[data-kb-root]").first.wait_for()
    problems = [f"{label} (geladen): {v}" for v in ibm_violations(page)]
    if every_state:
        answer_everything(page, evaluate=False)
        decisions_pending(page)
        problems += [f"{label} (beantwortet, Entscheidung offen): {v}" for v in ibm_violations(page, ACTIVITIES)]
    answer_everything(page)
    cases_to_an_ending(page)
    problems += [f"{label} (ausgewertet, Fall am Ende): {v}" for v in ibm_violations(page, ACTIVITIES)]
    if every_state:
        open_presentation(page)
        problems += [f"{label} (Präsentation): {v}" for v in ibm_violations(page, ".kb-present[role=dialog]")]
    return problems


@pytest.mark.parametrize("mode", MODES)
def test_no_violation_on_any_page_type_or_state(browser, sites, mode):
    ctx, page, rec = new_page(browser, mode)
    problems = []
    for path in COURSE_PAGES:
        load(page, f"{sites['kurs']}/{path}")
        if mode != "forced":
            assert page.evaluate("document.documentElement.dataset.theme") == mode
        problems += [f"kurs/{path}: {v}" for v in ibm_violations(page)]
    problems += activity_states(page, f"{sites['kurs']}/modules/m01.html", "kurs/modules/m01.html")
    problems += activity_states(page, f"{sites['trainer']}/modules/m01.html", "trainer/modules/m01.html", False)
    problems += activity_states(page, f"{sites['paket']}/kursbuch-m01-scorm12/index.html", "paket m01", False)
    for path in (
        "kursbuch-m01-scorm12/glossar.html",
        "kursbuch-m01-scorm12/datenschutz.html",
        "kursbuch-kurs-scorm2004/barrierefreiheit.html",
        "kursbuch-m01-scorm12-datenblatt.html",
        "kursbuch-kurs-scorm2004-datenblatt.html",
    ):
        load(page, f"{sites['paket']}/{path}")
        problems += [f"paket/{path}: {v}" for v in ibm_violations(page)]
    ctx.close()
    problems += [f"request to another host: {u}" for u in rec.outside_requests()]
    problems += [f"page error: {e}" for e in rec.errors]
    assert problems == [], f"{len(problems)} findings ({POLICY}, {mode}):\n" + "\n".join(problems)


def test_the_engine_reports_violations(browser):
    """The check above can fail: the fixture page's missing language, alt text, label and contrast; the
    rules that found this project's barriers are among those that run."""
    for rule in ("aria_content_in_landmark", "table_headers_exists", "text_contrast_sufficient", "input_label_exists"):
        assert rule not in SKIPPED, rule
    ctx, page, _ = new_page(browser, "light")
    page.goto((FIXTURES / "badpage" / "index.html").as_uri())
    found = " ".join(ibm_violations(page))
    ctx.close()
    for rule in ("html_lang_exists", "img_alt_valid", "input_label_exists", "text_contrast_sufficient"):
        assert rule + " (" in found, rule
