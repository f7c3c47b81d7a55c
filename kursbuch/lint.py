"""The content lint: the editorial rules of the curriculum, checked for every module.

``lint_course(root)`` returns one located message per problem (empty when all is well):

- page structure: the sections of the module template in order, 3–5 learning objectives,
  a ``{trainer-notes}`` block whose phases add up to 90 minutes, a sources section that
  names at least one seed document or law, a closing note that the case is fictional;
- activities: a scenario with at least 3 decision points on its longest path and at least 2
  endings with different ratings, an intro that says the case is fictional, a content note
  where the case describes violence or insults; a quiz of at least 6 scored items in at least
  3 types; a reflection with unscored items only;
- glossary: every ``{term}`` used is defined in ``glossar.md``, every module links a term;
- language: no word from the deny-list of slurs (kept as SHA-256 hashes of normalised words
  in ``kursbuch/data/denylist.txt``, so the repository never spells them out);
- source review: ``docs/reviews/<module>.md`` exists and every row names a seed or a law.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .core.model import Quiz, Scenario
from .core.project import Course, toc_modules

SECTIONS = [
    "Lernziele",
    "Einstieg",
    "Hintergrund",
    "Fallbeispiel",
    "Wissenscheck",
    "Reflexion",
    "Das Wichtigste in Kürze",
    "{trainer-notes}",
    "Quellen",
]
SOURCE_NAMES = ("Kommunen für alle", "KommA", "Pressemitteilung", "Handreichung", "Einladung", "AGG", "StGB", "GG")
SEED_OR_LAW = re.compile(
    r"`00[0-4]`|index\.md|authoring\.md|\b(AGG|StGB|GG|BPersVG|Personalvertretungs\w*|Grundgesetz)\b|§"
)
VIOLENCE = re.compile(r"angespuckt|beleidig|bedroh|angegriffen|Angriff|Gewalt|Hass|Drohung|Übergriff|beschimpf", re.I)
FICTION = re.compile(r"erfunden|fiktiv", re.I)
TERM = re.compile(r"\{term\}`([^`]+)`")
DENYLIST = Path(__file__).parent / "data" / "denylist.txt"
SUFFIXES = ("innen", "in", "en", "n", "s", "e", "er")


def normalise(word: str) -> str:
    """Lowercase ASCII letters only: 'Ä' -> 'ae', 'ß' -> 'ss', accents dropped."""
    word = word.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", word)


def word_hash(word: str) -> str:
    return hashlib.sha256(normalise(word).encode()).hexdigest()


def load_denylist(path: Path | None = None) -> set[str]:
    path = path or DENYLIST
    return {
        line.split()[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def denied_words(text: str, hashes: set[str]) -> list[str]:
    """Words of ``text`` (also with a common German ending removed) whose hash is on the list."""
    hits = []
    for word in set(re.findall(r"[^\W\d_]+", text)):
        base = normalise(word)
        forms = {base} | {base[: -len(s)] for s in SUFFIXES if base.endswith(s) and len(base) - len(s) >= 3}
        if any(hashlib.sha256(f.encode()).hexdigest() in hashes for f in forms):
            hits.append(word)
    return sorted(hits)


def glossary_terms(root: Path) -> set[str]:
    text = (root / "glossar.md").read_text(encoding="utf-8") if (root / "glossar.md").exists() else ""
    block = text.split("```{glossary}", 1)[-1].split("```", 1)[0] if "```{glossary}" in text else ""
    return {line.strip() for line in block.splitlines() if line and not line[0].isspace()}


def _term_target(role: str) -> str:
    m = re.search(r"<([^>]+)>\s*$", role)
    return (m.group(1) if m else role).strip()


def _headings(text: str) -> list[tuple[int, str]]:
    found = []
    fence = False
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("```{trainer-notes}"):
            found.append((n, "{trainer-notes}"))
        if line.startswith("```"):
            fence = not fence
            continue
        if not fence and line.startswith("## "):
            found.append((n, line[3:].strip()))
    return found


def _longest_decisions(s: Scenario) -> int:
    nodes = {n.id: n for n in s.nodes}

    def depth(at: str, seen: frozenset) -> int:
        node = nodes[at]
        if node.ending or at in seen:
            return 0
        return 1 + max(depth(c.next, seen | {at}) for c in node.choices)

    return depth(s.start, frozenset())


def lint_page(root: Path, module: str, course: Course, terms: set[str], hashes: set[str]) -> list[str]:
    page = root / "modules" / f"{module}.md"
    shown = f"modules/{module}.md"
    text = page.read_text(encoding="utf-8")
    out: list[str] = []
    heads = _headings(text)
    names = [h for _, h in heads if h in SECTIONS]
    if names != SECTIONS:
        out.append(f"{shown}: sections must be, in this order: {', '.join(SECTIONS)}; found: {', '.join(names)}")
    lines = text.splitlines()
    section = {h: n for n, h in heads}
    if "Lernziele" in section and "Einstieg" in section:
        goals = [x for x in lines[section["Lernziele"] : section["Einstieg"] - 1] if x.startswith("- ")]
        if not 3 <= len(goals) <= 5:
            out.append(f"{shown}:{section['Lernziele']}: Lernziele has {len(goals)} objectives; write 3 to 5")
    notes = text.split("```{trainer-notes}", 1)[1].split("```", 1)[0] if "```{trainer-notes}" in text else ""
    minutes = sum(int(m) for m in re.findall(r"\((\d+)\s*Min\.?\)", notes))
    if notes and minutes != 90:
        out.append(f"{shown}: trainer-notes phases add up to {minutes} minutes; a workshop block is 90")
    sources = text.split("## Quellen", 1)[1] if "## Quellen" in text else ""
    if not any(name in sources for name in SOURCE_NAMES):
        out.append(f"{shown}: Quellen names no seed document or law; cite what the module uses")
    if not FICTION.search(sources):
        out.append(f'{shown}: Quellen must say that the case is fictional ("Der Fall … ist erfunden.")')
    used = [(n, _term_target(m)) for n, line in enumerate(lines, 1) for m in TERM.findall(line)]
    for n, term in used:
        if term not in terms:
            out.append(
                f"{shown}:{n}: glossary term {term!r} is not defined in glossar.md: add it there or fix the spelling"
            )
    if not used:
        out.append(f"{shown}: links no glossary term; link the terms it uses with {{term}}`…`")
    model = course.modules.get(module)
    data = (root / "quizzes" / f"{module}.yml").read_text(encoding="utf-8") if model else ""
    for word in denied_words(text + "\n" + data, hashes):
        out.append(
            f"{shown} or quizzes/{module}.yml: a word on the deny-list of slurs appears ({len(word)} letters): describe, never quote"
        )
    if model is None:
        return out + [f"quizzes/{module}.yml: missing: every module has a case and a quiz"]
    out += lint_activities(module, model.scenarios, model.quizzes)
    review = root / "docs" / "reviews" / f"{module}.md"
    if not review.exists():
        out.append(f"docs/reviews/{module}.md: missing: trace every factual statement of the module to a source")
    else:
        rows = [
            row
            for row in review.read_text(encoding="utf-8").splitlines()
            if row.startswith("|") and not set(row) <= set("|- ")
        ]
        body = rows[1:]
        if len(body) < 5:
            out.append(f"docs/reviews/{module}.md: only {len(body)} statements traced; trace every factual statement")
        for row in body:
            cells = [c.strip() for c in row.strip("|").split("|")]
            if len(cells) < 4 or not SEED_OR_LAW.search(cells[-1]):
                out.append(f"docs/reviews/{module}.md: untraced statement: {cells[1] if len(cells) > 1 else row}")
    return out


def lint_activities(module: str, scenarios: list[Scenario], quizzes: list[Quiz]) -> list[str]:
    shown = f"quizzes/{module}.yml"
    out = []
    if not scenarios:
        out.append(f"{shown}: no scenario: every module has a case to decide")
    for s in scenarios:
        endings = [n for n in s.nodes if n.ending]
        if len(endings) < 2 or len({n.ending.rating for n in endings}) < 2:
            out.append(f"{shown}: {s.id}: needs at least 2 endings with different ratings")
        if _longest_decisions(s) < 3:
            out.append(f"{shown}: {s.id}: the longest path has fewer than 3 decision points")
        if not FICTION.search(s.intro):
            out.append(f"{shown}: {s.id}: the intro must say that the case is fictional")
        story = " ".join([s.intro, *(n.text for n in s.nodes)])
        if VIOLENCE.search(story) and not s.content_note:
            out.append(f"{shown}: {s.id}: the case describes violence, threats or insults: add a content_note")
    scored = [q for q in quizzes if q.scored_items]
    if not scored:
        out.append(f"{shown}: no scored quiz: every module has a Wissenscheck")
    for q in scored:
        types = {i.type for i in q.scored_items}
        if len(q.scored_items) < 6 or len(types) < 3:
            out.append(
                f"{shown}: {q.id}: {len(q.scored_items)} scored items in {len(types)} types; "
                "a Wissenscheck has at least 6 items in at least 3 types"
            )
    reflections = [q for q in quizzes if not q.scored_items]
    if not reflections:
        out.append(f"{shown}: no reflection (a quiz of reflection/selfassessment items only)")
    for q in quizzes:
        mixed = q.scored_items and len(q.scored_items) != len(q.items)
        if mixed:
            out.append(f"{shown}: {q.id}: mixes scored and unscored items; keep reflections in their own quiz")
    return out


def lint_course(root: Path) -> list[str]:
    course = Course.load(root)
    terms = glossary_terms(root)
    hashes = load_denylist()
    out = []
    for module in toc_modules(root):
        out += lint_page(root, module, course, terms, hashes)
    return out
