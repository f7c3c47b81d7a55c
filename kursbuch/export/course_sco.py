"""The whole course as ONE launchable unit with its own module navigation (the course shell).

Why one unit: Moodle's SCORM player keeps one API object per player page and only swaps the
iframe when the learner picks the next unit in its table of contents; for the newer SCORM edition
that object refuses ``Initialize`` after the first unit's ``Terminate`` (error 104), so a course
package with one unit per module stores one module per visit. A target that declares a :class:`~.target.CourseUnit`
gets its course package built here instead: one unit whose launch page (``index.html``, the
shell) keeps the one LMS session for the whole visit (one Initialize, one Terminate on
``pagehide``) and shows the modules one at a time.

Design, measured on this course (see the README, "SCORM packages"): each module stays its own page
(``<module>/index.html``, the very page a module package launches, with the same runtime
``scorm.js`` and engine), shown in one same-package iframe below an accessible module menu (a
``<nav>`` of links, ``aria-current="page"`` on the module shown, each link's state in words). The
module page's target object is a thin one (``kursbuch/assets/course-sco.js``) that asks the shell
for a per-module session; the shell keeps every module's data in the one ``suspend_data``, the
bookmark as ``module#position`` and reports the course result. The alternative, all modules on
one page shown one at a time, would parse and mount every module's activities before the first
paint and give up the runtime's one-module-per-page contract; the iframe keeps each module's
page as small and as fast as a module package's and needs no second runtime.

The course result: completed when every module's completion rule holds; then the score is the
mean of the scored modules' scores, passed when it reaches the course's pass mark (the mean of
the modules' pass marks, rounded down, so a learner who passed every module passes the course; with
one pass mark for every module, that mark), which is the manifest's one mastery value, so an LMS
that derives passed/failed from it agrees.

The one ``suspend_data`` must fit the target's limit (named by its CourseUnit, e.g. 64,000 characters): the export
computes the most a learner can store (:func:`most_resume_data`: every scored item answered with
the longest answer its parts allow, every case along all of its decisions, every module with a
bookmark and a result) and fails with a clear message when the course would not fit.
"""

from __future__ import annotations

import html
import json
import math
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..assets import inline_script
from ..core.model import Quiz, Scenario
from ..core.render import spec

SCRIPT = "course-sco.js"  # the shell's and the module pages' browser file (kursbuch/assets)
UNIT = "kurs"  # the one unit's id in the manifest (ITEM-kurs, RES-kurs); module ids are mNN
LAUNCH = "index.html"
FRAME = "kb-module"  # the iframe's name: the menu's links open there without JavaScript too
SEED = 4294967295  # the largest seed the engine stores (engine.js isSeed)
SUSPEND_VERSION = 1  # scorm.js SUSPEND_VERSION and course-sco.js VERSION


@dataclass(frozen=True)
class ShellModule:
    id: str
    title: str
    launch: str  # package path of the module page
    pass_percent: int | None


def course_pass_mark(marks: Iterable[int | None]) -> int | None:
    """The course's pass mark: the mean of the modules' pass marks, rounded down, so passing every
    module passes the course (None: no scored module)."""
    found = [m for m in marks if m is not None]
    return math.floor(sum(found) / len(found)) if found else None


def _json(data: object) -> str:
    """As the browser's JSON.stringify writes it (no spaces, non-ASCII as it is)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _part_ids(item: dict[str, Any]) -> list[str]:
    """The ids of an item's parts (options, statements, entries, ...), as scorm.js partIds reads them."""
    return [
        p["id"]
        for value in item.values()
        if isinstance(value, list)
        for p in value
        if isinstance(p, dict) and "id" in p
    ]


def _most_module_data(content: str, activities: Sequence[Quiz | Scenario]) -> str:
    """A module's suspend_data at its longest (scorm.js encode): a bound, never less than the real one.

    Per scored item an object of every part id with a value as long as the longest part id (at
    least 3 characters, so ``true``, ``false`` and the judgement scale's numbers fit within it):
    longer than any answer an item type stores (one id, a list of ids, or one value per part)."""
    out: dict[str, Any] = {"v": SUSPEND_VERSION, "c": content, "a": {}}
    for activity in activities:
        data = spec(activity)
        if isinstance(activity, Quiz):
            scored = {i.id for i in activity.scored_items}
            answers = {}
            for item in (i for i in data["items"] if i["id"] in scored):
                parts = _part_ids(item)
                value = "x" * max([3, *(len(p) for p in parts)])
                answers[item["id"]] = {p: value for p in parts} or value
            if answers:
                out["a"][activity.id] = {"a": answers, "k": sorted(answers), "s": 1, "r": SEED}
        else:
            steps = [
                [n["id"], max((c["id"] for c in n["choices"]), key=len)]
                for n in data["nodes"]
                if n.get("choices") and not n.get("ending")
            ]
            longest = max((s[1] for s in steps), key=len, default="")
            out["a"][activity.id] = {"p": steps, "x": longest, "r": SEED}
    return _json(out)


def most_resume_data(modules: dict[str, tuple[str, Sequence[Quiz | Scenario]]]) -> int:
    """The most characters the shell's one suspend_data can hold for these modules
    ({module: (content version, activities)}), as course-sco.js writes it."""
    entries = {}
    for mid, (content, activities) in modules.items():
        position = max((a.id for a in activities), key=len, default="")
        entries[mid] = {
            "s": _most_module_data(content, activities),
            "l": position,
            "r": {"c": 1, "g": 1, "p": False, "x": 33.33},
        }
    return len(_json({"v": SUSPEND_VERSION, "m": entries}))


def resume_data_problem(
    modules: dict[str, tuple[str, Sequence[Quiz | Scenario]]], *, limit: int, package: str, label: str
) -> str | None:
    """The export's message when the course could need more resume data than ``limit`` characters."""
    needed = most_resume_data(modules)
    if needed <= limit:
        return None
    return (
        f"_toc.yml: {package}: the whole course as one unit can need {needed} characters of resume data "
        f"(suspend_data), but {label} keeps at most {limit} — shorten the cases or quizzes, move modules into a "
        "second course, or hand out the module packages instead"
    )


def shell_config(
    *, target: str, package: str, content: str, pass_percent: int | None, modules: Sequence[ShellModule], limit: int
) -> dict[str, object]:
    return {
        "shell": True,
        "target": target,
        "package": package,
        "content": content,
        "pass_percent": pass_percent if pass_percent is not None else 0,
        "suspend_limit": limit,
        "modules": [
            {"id": m.id, "title": m.title, "launch": m.launch, "pass_percent": m.pass_percent} for m in modules
        ],
    }


STYLE = """
body.kb-course-shell { display: flex; flex-direction: column; min-height: 100vh; }
.kb-course-shell .kb-page-header, .kb-course-shell main, .kb-course-shell .kb-page-footer { max-width: none; width: 100%; box-sizing: border-box; }
.kb-course-shell h1.kb-course-title { font-size: 1.1rem; margin: 0; }
.kb-course-nav { padding: 0.25rem 1.25rem; border-bottom: 1px solid var(--pg-border); }
.kb-course-nav ol { columns: 24rem; column-gap: 3rem; margin: 0.25rem 0; padding-left: 1.75rem; }
.kb-course-nav li { overflow-wrap: break-word; break-inside: avoid; }
.kb-course-nav li { margin: 0.15rem 0; }
.kb-course-nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.kb-course-state { color: var(--pg-muted); font-size: 0.9rem; }
.kb-course-result { font-weight: 700; margin: 0.25rem 0; }
.kb-course-shell main { flex: 1; display: flex; padding: 0; }
#kb-course-frame { flex: 1; width: 100%; min-height: 70vh; border: 0; }
#kb-course-frame.kb-focus-arrived { outline: 3px solid var(--pg-link); outline-offset: -3px; }
.kb-course-shell .kb-page-footer { margin-top: 0; padding-bottom: 0.5rem; }
"""


def shell_page(
    *,
    course_title: str,
    config: dict[str, object],
    modules: Sequence[ShellModule],
    scripts: Sequence[str],
    legal_links: Sequence[tuple[str, str]],
    stylesheets: Sequence[str],
) -> str:
    """The shell, the package's launch page: the module menu, one iframe, the LMS status line.

    ``scripts`` (JavaScript sources: the target's files, then course-sco.js) are inline at the end
    of the body, so nothing holds up parsing; the shell picks the module to show (the bookmarked
    one, else the first) when they run. Without JavaScript the menu's links still open the
    modules in the frame."""
    e = html.escape
    cfg = json.dumps(config, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    menu = "".join(
        f'<li><a href="{e(m.launch)}" target="{FRAME}" data-kb-module="{e(m.id)}">{e(m.title)}</a> '
        f'<span id="kb-state-{e(m.id)}" class="kb-course-state"></span></li>\n'
        for m in modules
    )
    legal = "".join(
        f'<li><a href="{e(posixpath.normpath(path))}" target="{FRAME}">{e(title)}</a></li>'
        for path, title in legal_links
    )
    inline = "".join(f"<script>\n{inline_script(source)}</script>\n" for source in scripts)
    sheets = "".join(f'<link rel="stylesheet" href="{e(s)}">\n' for s in stylesheets)
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{e(course_title)}</title>
<script>document.documentElement.dataset.theme = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";</script>
{sheets}<style>{STYLE}</style>
<script type="application/json" id="kb-scorm-config">{cfg}</script>
</head>
<body class="kb-course-shell">
<header class="kb-page-header"><a class="kb-skip" href="#kb-course-frame">Zum Modul springen</a>
<h1 class="kb-course-title">{e(course_title)}</h1>
<p id="kb-lms-status" class="kb-lms-status" role="status"></p>
<p id="kb-lms-note" class="kb-lms-status" role="status" hidden></p>
<p id="kb-course-result" class="kb-course-result" role="status"></p>
<p class="kb-lms-forget"><button type="button" id="kb-forget" class="kb-btn" hidden>Meine Daten in diesem Browser löschen</button></p>
</header>
<nav class="kb-course-nav" aria-label="Module des Kurses">
<ol>
{menu}</ol>
</nav>
<main id="inhalt">
<iframe id="kb-course-frame" name="{FRAME}" title="Modul"></iframe>
</main>
<footer class="kb-page-footer">
<nav class="kb-legal-links" aria-label="Barrierefreiheit und Datenschutz"><ul>{legal}</ul></nav>
</footer>
{inline}</body>
</html>
"""
