"""The content lint: the course's editorial rules, checked for every module of ``_toc.yml``.

The rules are the course's own: ``kursbuch: lint:`` and ``kursbuch: module_template`` in
``_config.yml`` (read and validated by :mod:`kursbuch.core.course_settings`, which documents every
key and its neutral default). ``lint_course(root)`` returns one located message per problem (empty
when all is well). What it can check, each only when the course switches it on:

- page structure: the template's sections in order (those in ``recommended_sections`` only warned
  about when missing), the number and length of learning objectives, trainer-note phases that add up
  to a workshop block, a sources section that names a source and says the case is fictional, the
  Amstad reading ease of one section (:mod:`kursbuch.lint_readability`);
- activities: a case per module with enough decision points and endings with different ratings, an
  intro that says the case is fictional, a content note where the case matches a pattern (violence,
  insults); a scored quiz of enough items and types, of situational-judgement items and of items the
  author tagged ``kind: transfer``, with few tagged ``kind: project``; a separate reflection;
- glossary: every ``{term}`` used is defined on the glossary page (always), every module links a term;
- language: no word from the course's deny-list (SHA-256 hashes of normalised words, so the
  repository never spells them out; ``word_hash`` makes an entry);
- source review: ``<folder>/<module>.md`` exists and every row's last cell names a source;
- cases that answer to the learner (on by default, reported as warnings unless
  ``scenario: rule_level: error``): no decision whose choices all lead to the same node and change
  nothing (unless the node says why, ``same_outcome_reason``); no good ending reachable with more
  than ``max_poor_to_good`` poor choices (the path is printed); the best choice not at the same
  position at every decision.

``lint_report(root)`` returns errors and warnings apart; ``lint_course(root)`` the errors only.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .core.case_analysis import analyse, conditions, path_text
from .core.case_format import chosen_refs
from .core.course_settings import (
    TRAINER_NOTES,
    CourseSettings,
    LintSettings,
    ScenarioRules,
    load_course_settings,
    page_sections,
)
from .core.model import Quiz, Scenario
from .core.project import Course, toc_modules
from .lint_readability import reading_ease

TERM = re.compile(r"\{term\}`([^`]+)`")
SUFFIXES = ("innen", "in", "en", "n", "s", "e", "er")


def normalise(word: str) -> str:
    """Lowercase ASCII letters only: 'Ä' -> 'ae', 'ß' -> 'ss', accents dropped."""
    word = word.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", word)


def word_hash(word: str) -> str:
    """The deny-list entry for ``word``: ``python -c "from kursbuch.lint import word_hash; print(word_hash('…'))"``."""
    return hashlib.sha256(normalise(word).encode()).hexdigest()


def load_denylist(path: Path) -> set[str]:
    """The hashes of a deny-list file: the first field of every line that is not blank or a # comment."""
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


def glossary_terms(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8") if page.exists() else ""
    block = text.split("```{glossary}", 1)[-1].split("```", 1)[0] if "```{glossary}" in text else ""
    return {line.strip() for line in block.splitlines() if line and not line[0].isspace()}


def _line_of(word: str, text: str) -> int | None:
    """The first line of ``text`` where ``word`` stands as a word (None if it does not)."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.search(line)), None)


def _term_target(role: str) -> str:
    m = re.search(r"<([^>]+)>\s*$", role)
    return (m.group(1) if m else role).strip()


def _longest_decisions(s: Scenario) -> int:
    nodes = {n.id: n for n in s.nodes}

    def depth(at: str, seen: frozenset) -> int:
        node = nodes[at]
        if node.ending or at in seen:
            return 0
        return 1 + max(depth(c.next, seen | {at}) for c in node.choices)

    return depth(s.start, frozenset())


def _section_text(text: str, name: str) -> str:
    """The lines of section ``name`` up to the next ``## `` heading (empty if there is no such section)."""
    lines = text.splitlines()
    heads = [(n, h) for n, h in page_sections(text) if h != TRAINER_NOTES]
    for i, (n, h) in enumerate(heads):
        if h == name:
            end = heads[i + 1][0] - 1 if i + 1 < len(heads) else len(lines)
            return "\n".join(lines[n:end])
    return ""


def _list_items(section: str) -> list[str]:
    """The top-level "- " items of a section, each with its indented continuation lines, as one line."""
    items: list[str] = []
    for line in section.splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif items and line.startswith(" ") and line.strip():
            items[-1] += " " + line.strip()
    return items


class Linter:
    """The rules of one course, applied module by module."""

    def __init__(self, root: Path, settings: CourseSettings):
        self.root, self.settings, self.rules = root, settings, settings.lint
        self.sections = settings.required_sections(root)
        self.all_sections = settings.template_sections(root)
        self.fiction = re.compile(self.rules.fiction_pattern, re.I)
        self.terms = glossary_terms(root / self.rules.glossary.page)
        self.hashes = load_denylist(root / self.rules.denylist) if self.rules.denylist else set()
        self.warnings: list[str] = []

    def page(self, module: str, course: Course) -> list[str]:
        rules = self.rules
        shown = f"modules/{module}.md"
        text = (self.root / "modules" / f"{module}.md").read_text(encoding="utf-8")
        out: list[str] = []
        heads = page_sections(text)
        section = {h: n for n, h in heads}

        def at(name: str) -> str:
            """The page and the line of its section ``name`` (the page alone if it has no such section)."""
            return f"{shown}:{section[name]}" if name in section else shown

        # The required sections, and every recommended one the page has, in the template's order.
        expected = [h for h in self.all_sections if h in self.sections or h in section]
        names = [h for _, h in heads if h in self.all_sections]
        if names != expected:
            out.append(
                f"{shown}: sections: found {', '.join(names) or 'none of the template'} — write these sections, "
                f"in this order: {', '.join(expected)}"
            )
        missing = [h for h in self.all_sections if h not in self.sections and h not in section]
        if missing:
            self.warnings.append(
                f"{shown}: sections: recommended sections missing: {', '.join(missing)} — add them where the "
                "template has them"
            )
        if rules.objectives and rules.objectives.section in section:
            o = rules.objectives
            goals = _list_items(_section_text(text, o.section))
            if not o.min <= len(goals) <= o.max:
                out.append(
                    f"{shown}:{section[o.section]}: {o.section}: {len(goals)} objectives — write {o.min} to {o.max}"
                )
            for goal in goals:
                words = len(goal.split())
                if o.max_words is not None and words > o.max_words:
                    out.append(
                        f"{shown}:{section[o.section]}: {o.section}: an objective has {words} words "
                        f"({goal[:40].strip()} …) — write short sentences of at most {o.max_words} words"
                    )
        if rules.reading_ease and rules.reading_ease.section in section:
            r = rules.reading_ease
            score = reading_ease(_section_text(text, r.section))
            if score.words and score.amstad < r.min:
                out.append(
                    f"{shown}:{section[r.section]}: {r.section}: reads at Amstad {score.amstad:.0f} "
                    f"({score.asl:.1f} words per sentence, {score.asw:.2f} syllables per word) — "
                    f"write shorter sentences and words to reach {r.min:g}"
                )
        fence = "```" + TRAINER_NOTES
        notes = text.split(fence, 1)[1].split("```", 1)[0] if fence in text else ""
        notes_at = at(TRAINER_NOTES)
        if rules.trainer_parts and not notes:
            out.append(
                f"{shown}: trainer notes: missing — add a ```{TRAINER_NOTES} block with "
                f"{', '.join(rules.trainer_parts)}"
            )
        if notes:
            # "**Label:** text": the text runs to the next bold label that ends with a colon.
            parts = re.split(r"\*\*([^*\n]+?):\*\*", notes)
            bodies = {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
            for label in rules.trainer_parts:
                if label not in bodies:
                    out.append(
                        f"{notes_at}: trainer notes: the part **{label}:** is missing — add it (see the template)"
                    )
                elif not bodies[label]:
                    out.append(f"{notes_at}: trainer notes: the part **{label}:** is empty — write what trainers need")
        if rules.time_line:
            pattern = re.compile(rules.time_line)
            hits = [n for n, line in enumerate(text.splitlines(), 1) if pattern.search(line)]
            if len(hits) != 1:
                where = f" ({', '.join(map(str, hits))})" if hits else ""
                out.append(
                    f"{shown}: time of the module: {len(hits)} lines{where} match '{rules.time_line}' "
                    "— state it once, under the title"
                )
        if rules.trainer_minutes is not None:
            minutes = sum(int(m) for m in re.findall(r"\((\d+)\s*Min\.?\)", notes))
            if notes and minutes != rules.trainer_minutes:
                out.append(
                    f"{notes_at}: trainer notes: the phases add up to {minutes} minutes — plan them for a workshop "
                    f"block of {rules.trainer_minutes}"
                )
        if rules.sources:
            src = rules.sources
            sources = _section_text(text, src.section)
            if src.names and not any(name in sources for name in src.names):
                out.append(
                    f"{at(src.section)}: {src.section}: names no seed document or law — cite what the module uses"
                )
            if src.fictional_note and not self.fiction.search(sources):
                out.append(
                    f"{at(src.section)}: {src.section}: does not say that the case is fictional — say so, e.g. "
                    '"Der Fall … ist erfunden."'
                )
        lines = text.splitlines()
        used = [(n, _term_target(m)) for n, line in enumerate(lines, 1) for m in TERM.findall(line)]
        page = rules.glossary.page
        for n, term in used:
            if term not in self.terms:
                out.append(
                    f"{shown}:{n}: glossary: the term {term!r} is not defined in {page} — add it there or fix the spelling"
                )
        if rules.glossary.required and not used:
            out.append(f"{shown}: glossary: the page links no glossary term — link the terms it uses with {{term}}`…`")
        model = course.modules.get(module)
        data = (self.root / "quizzes" / f"{module}.yml").read_text(encoding="utf-8") if model else ""
        for word in denied_words(text + "\n" + data, self.hashes):
            # Located where it stands (the page first), so the author finds it without the word being shown.
            in_page, in_quiz = _line_of(word, text), _line_of(word, data)
            place = f"{shown}:{in_page}" if in_page else f"quizzes/{module}.yml:{in_quiz}" if in_quiz else shown
            out.append(
                f"{place}: language: a word on the deny-list of slurs appears ({len(word)} letters) — "
                "describe, never quote"
            )
        if model is None:
            if rules.scenario.required or rules.quiz.required:
                out.append(
                    f"quizzes/{module}.yml: (top level): the file is missing — write it: every module has a case "
                    "and a quiz"
                )
            return out
        out += lint_activities(module, model.scenarios, model.quizzes, rules)
        judged = [m for s in model.scenarios for m in lint_case_rules(module, s, rules.scenario)]
        if rules.scenario.rule_level == "error":
            out += judged
        else:
            self.warnings += judged
        if rules.reviews:
            out += self.review(module)
        return out

    def review(self, module: str) -> list[str]:
        rules = self.rules.reviews
        assert rules is not None  # called only when the course asks for reviews
        shown = f"{rules.folder.rstrip('/')}/{module}.md"
        review = self.root / shown
        if not review.exists():
            return [
                f"{shown}: (top level): the review is missing — write it: trace every factual statement of the "
                "module to a source"
            ]
        out = []
        rows = [
            (n, row)
            for n, row in enumerate(review.read_text(encoding="utf-8").splitlines(), 1)
            if row.startswith("|") and not set(row) <= set("|- ")
        ]
        body = rows[1:]
        if len(body) < rules.min_rows:
            out.append(f"{shown}: table: only {len(body)} statements traced — trace every factual statement")
        source = re.compile(rules.source_pattern)
        for n, row in body:
            cells = [c.strip() for c in row.strip("|").split("|")]
            if len(cells) < 4 or not source.search(cells[-1]):
                statement = cells[1] if len(cells) > 1 else row
                out.append(f"{shown}:{n}: table: untraced statement: {statement} — name its source in the last column")
        if rules.second_pass and not any(
            line.startswith("## " + rules.second_pass) for line in review.read_text(encoding="utf-8").splitlines()
        ):
            out.append(
                f"{shown}: (top level): no second review — add a section '## {rules.second_pass} …' with the "
                "findings and fixes of someone who did not write the module"
            )
        return out


def lint_activities(
    module: str, scenarios: list[Scenario], quizzes: list[Quiz], rules: LintSettings | None = None
) -> list[str]:
    rules = rules or LintSettings()
    case, quiz = rules.scenario, rules.quiz
    fiction = re.compile(rules.fiction_pattern, re.I)
    note = re.compile(case.content_note_pattern, re.I) if case.content_note_pattern else None
    shown = f"quizzes/{module}.yml"
    out = []
    if case.required and not scenarios:
        out.append(f"{shown}: scenarios: no case — write one: every module has a case to decide")
    for s in scenarios:
        endings = [n for n in s.nodes if n.ending]
        ratings = {n.ending.rating for n in endings if n.ending}
        if len(endings) < case.min_endings or (case.min_endings >= 2 and len(ratings) < 2):
            out.append(
                f"{shown}: {s.id}: {len(endings)} endings with {len(ratings)} different ratings — write at least "
                f"{case.min_endings} endings with different ratings"
            )
        longest = _longest_decisions(s)
        if longest < case.min_decisions:
            out.append(
                f"{shown}: {s.id}: the longest path has {longest} decision points — make it at least "
                f"{case.min_decisions}"
            )
        if case.fictional_intro and not fiction.search(s.intro):
            out.append(f"{shown}: {s.id}: the intro does not say that the case is fictional — say so in the intro")
        story = " ".join([s.intro, *(n.text for n in s.nodes)])
        if note and note.search(story) and not s.content_note:
            out.append(f"{shown}: {s.id}: the case describes violence, threats or insults — add a content_note")
    scored = [q for q in quizzes if q.scored_items]
    if quiz.required and not scored:
        out.append(f"{shown}: quizzes: no scored quiz — write one: every module has a Wissenscheck")
    for q in scored:
        types = {i.type for i in q.scored_items}
        if len(q.scored_items) < quiz.min_items or len(types) < quiz.min_types:
            out.append(
                f"{shown}: {q.id}: {len(q.scored_items)} scored items in {len(types)} types — "
                f"a Wissenscheck has at least {quiz.min_items} items in at least {quiz.min_types} types: write more"
            )
        judgement = sum(1 for i in q.scored_items if i.type == "judgement")
        if judgement < quiz.min_judgement:
            out.append(
                f"{shown}: {q.id}: {judgement} situational-judgement items (type: judgement) — "
                f"write at least {quiz.min_judgement}"
            )
        transfer = sum(1 for i in q.scored_items if i.kind == "transfer")
        if transfer < quiz.min_transfer:
            out.append(
                f"{shown}: {q.id}: {transfer} items tagged 'kind: transfer' — write at least {quiz.min_transfer} "
                "(a situation at work: what to do, what applies, what comes next) and tag them"
            )
        project = [i.id for i in q.scored_items if i.kind == "project"]
        if quiz.max_project is not None and len(project) > quiz.max_project:
            out.append(
                f"{shown}: {q.id}: {len(project)} items about the project or its documents "
                f"({', '.join(project)}) — keep at most {quiz.max_project}: ask what to do instead"
            )
    if quiz.reflection:
        if not [q for q in quizzes if not q.scored_items]:
            out.append(f"{shown}: quizzes: no reflection — add a quiz of reflection/selfassessment items only")
        for q in quizzes:
            if q.scored_items and len(q.scored_items) != len(q.items):
                out.append(f"{shown}: {q.id}: mixes scored and unscored items — keep reflections in their own quiz")
    return out


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def lint_case_rules(module: str, s: Scenario, rules: ScenarioRules) -> list[str]:
    """The rules of judgement for one case (see the module docstring); one message per finding."""
    shown = f"quizzes/{module}.yml: {s.id}"
    out = []
    decisions = [n for n in s.nodes if n.choices]
    if rules.same_outcome:
        asked = set().union(*(chosen_refs(c) for _, c in conditions(s)))
        for n in decisions:
            targets = {c.next for c in n.choices}
            silent = all(not c.effects and not c.routes and f"{n.id}.{c.id}" not in asked for c in n.choices)
            if len(targets) == 1 and silent and not n.same_outcome_reason:
                out.append(
                    f"{shown}: {n.id}: every choice leads to {next(iter(targets))} and changes nothing — let each "
                    "choice change the path or the case's state (effects), or give same_outcome_reason"
                )
    if rules.max_poor_to_good is not None:
        result = analyse(s, poor_cap=rules.max_poor_to_good + 1)
        for ending, path in sorted(result.poor_paths.items()):
            poor = sum(1 for n, c in path if _rating(s, n, c) == "poor")
            out.append(
                f"{shown}: the good ending {ending} is reached with {poor} poor choices: {path_text(path)} — "
                f"allow at most {rules.max_poor_to_good} (route the case by its state, e.g. a route with when:)"
            )
    if rules.best_choice_position:
        positions = [next((i for i, c in enumerate(n.choices) if c.rating == "good"), None) for n in decisions]
        best = [p for p in positions if p is not None]
        if len(best) >= 2 and len(set(best)) == 1:
            out.append(
                f"{shown}: the best choice is always choice {LETTERS[best[0]]} (position {best[0] + 1}) at all "
                f"{len(best)} decisions — vary its position"
            )
    return out


def _rating(s: Scenario, node_id: str, choice_id: str) -> str | None:
    node = s.node(node_id)
    return next((c.rating for c in node.choices if c.id == choice_id), None) if node else None


def lint_report(root: Path) -> tuple[list[str], list[str]]:
    """(errors, warnings) of every module of ``_toc.yml``."""
    course = Course.load(root)
    linter = Linter(root, load_course_settings(root))
    out = []
    for module in toc_modules(root):
        out += linter.page(module, course)
    return out, linter.warnings


def lint_course(root: Path) -> list[str]:
    """The problems that fail the lint (warnings: :func:`lint_report`)."""
    return lint_report(root)[0]
