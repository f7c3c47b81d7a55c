"""Course settings: the ``kursbuch:`` block of ``_config.yml`` (except ``scorm:``, see
:mod:`kursbuch.export.settings`).

Everything that one course decides and another would decide differently is read here, in one
place: the label above every case, the module template, the editorial rules the content lint
enforces (sections, sizes of cases and quizzes, glossary, sources, source reviews, deny-list), the
sections the handouts reprint and the local adaptation (``kommune:``, :mod:`kursbuch.core.kommune`).
``load_course_settings(root)`` returns validated :class:`CourseSettings` or raises
:class:`ContentErrors` naming ``_config.yml``, the line, the key, what is wrong and what to do.

Every key has a default, and the defaults are neutral: no label, no required sections, no size
rules, no deny-list. A course without the block therefore passes the lint whenever it passes
``kursbuch check``; a course switches on the rules it wants. The case rules of judgement
(``lint.scenario.same_outcome``, ``max_poor_to_good``, ``best_choice_position``) are on, but as
warnings, which are printed and never fail the lint, unless ``rule_level: error``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ContentError, ContentErrors, PathPart
from .kommune import Kommune
from .loader import plain, pydantic_message, read_config
from .source_text import shorten

CONFIG = "_config.yml"
# Keys under ``kursbuch:`` that another loader reads (kursbuch.export.settings); left alone here.
DELEGATED = ("scorm", "cmi5", "publisher", "accessibility")  # read by kursbuch.export.settings and kursbuch.legal
# Where a page's trainer notes start; usable in a section list as the name "{trainer-notes}".
TRAINER_NOTES = "{trainer-notes}"


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Objectives(_Block):
    section: str = Field(default="Lernziele", min_length=1, description="Section that lists the objectives.")
    min: int = Field(default=1, ge=0, description="At least this many list items ('- …') in that section.")
    max: int = Field(default=10, ge=1, description="At most this many.")
    max_words: int | None = Field(
        default=None, ge=1, description="Each objective is a short sentence of at most this many words (none: off)."
    )


class Sources(_Block):
    section: str = Field(default="Quellen", min_length=1, description="Section that lists the sources.")
    names: list[str] = Field(
        default_factory=list, description="The section names at least one of these (seed documents, laws)."
    )
    fictional_note: bool = Field(default=False, description="The section says that the case is fictional.")


class Reviews(_Block):
    folder: str = Field(default="docs/reviews", min_length=1, description="Holds one <module>.md table per module.")
    min_rows: int = Field(default=1, ge=0, description="At least this many traced statements per module.")
    source_pattern: str = Field(
        default=".", min_length=1, description="Regular expression the last cell of every row must match."
    )
    second_pass: str | None = Field(
        default=None,
        description="A '## ' heading starting with this text must follow the table: the findings and fixes of a "
        "second review by someone who did not write the module.",
    )


class ScenarioRules(_Block):
    required: bool = Field(default=False, description="Every module has at least one case.")
    min_decisions: int = Field(default=1, ge=1, description="Decision points on the longest path, at least.")
    min_endings: int = Field(default=1, ge=1, description="Endings, at least; from 2 on with different ratings.")
    fictional_intro: bool = Field(default=False, description="The intro says that the case is fictional.")
    content_note_pattern: str | None = Field(
        default=None, description="Regular expression: a case whose text matches needs a content_note."
    )
    # The rules of judgement below are on by default, as warnings: a warning is printed and never fails
    # the lint, so a course meets them step by step; `rule_level: error` makes them binding.
    rule_level: Literal["warning", "error"] = Field(
        default="warning", description="How same_outcome, max_poor_to_good and best_choice_position report."
    )
    same_outcome: bool = Field(
        default=True,
        description="Report a decision whose choices all lead to the same node and change nothing "
        "(unless the node gives a same_outcome_reason).",
    )
    max_poor_to_good: int | None = Field(
        default=1, ge=0, description="Report a good ending reachable with more poor choices than this (none: off)."
    )
    best_choice_position: bool = Field(
        default=True, description="Report a case whose best choice stands at the same position at every decision."
    )


class QuizRules(_Block):
    required: bool = Field(default=False, description="Every module has at least one scored quiz.")
    min_items: int = Field(default=1, ge=1, description="Scored items per scored quiz, at least.")
    min_types: int = Field(default=1, ge=1, description="Different item types per scored quiz, at least.")
    reflection: bool = Field(
        default=False, description="Every module has a reflection quiz (unscored items only), kept apart."
    )
    min_judgement: int = Field(
        default=0, ge=0, description="Situational-judgement items (type: judgement) per scored quiz, at least."
    )
    min_transfer: int = Field(
        default=0, ge=0, description="Scored items tagged 'kind: transfer' per scored quiz, at least."
    )
    max_project: int | None = Field(
        default=None, ge=0, description="Scored items tagged 'kind: project' per scored quiz, at most (none: off)."
    )


class ReadingEase(_Block):
    section: str = Field(default="Hintergrund", min_length=1, description="The section whose text is measured.")
    min: float = Field(
        default=45, ge=-200, le=200, description="Amstad reading ease (German Flesch) of that section, at least."
    )


class Glossary(_Block):
    page: str = Field(default="glossar.md", min_length=1, description="The page with the {glossary} block.")
    required: bool = Field(default=False, description="Every module links at least one {term}.")


class LintSettings(_Block):
    sections: list[str] | None = Field(
        default=None,
        description="Sections (## headings) every module page has, in this order; default: those of module_template.",
    )
    recommended_sections: list[str] = Field(
        default_factory=list,
        description="Sections of the template that are not yet required: a module without one gets a warning; "
        "remove a name to require it.",
    )
    objectives: Objectives | None = Field(default=None, description="Count the learning objectives.")
    reading_ease: ReadingEase | None = Field(
        default=None, description="The Amstad reading ease of one section (kursbuch.lint_readability)."
    )
    trainer_minutes: int | None = Field(
        default=None, ge=1, description="The '(NN Min.)' phases of the trainer notes add up to this."
    )
    trainer_parts: list[str] = Field(
        default_factory=list,
        description="Bold labels ('**Methoden:**') the trainer notes of every module contain, each with text after it.",
    )
    time_line: str | None = Field(
        default=None,
        description="Regular expression for the one line that states a module's time: it must match exactly one "
        "line of the page.",
    )
    sources: Sources | None = Field(default=None, description="Check the sources section.")
    reviews: Reviews | None = Field(default=None, description="Require a source review per module.")
    scenario: ScenarioRules = ScenarioRules()
    quiz: QuizRules = QuizRules()
    glossary: Glossary = Glossary()
    fiction_pattern: str = Field(
        default="erfunden|fiktiv", min_length=1, description="Regular expression for 'this case is fictional'."
    )
    denylist: str | None = Field(
        default=None, description="File of SHA-256 hashes of words that must never appear (kursbuch.lint.word_hash)."
    )


class HandoutSettings(_Block):
    """Which sections of a module page the PDF handouts (``kursbuch trainer``) reprint, by ## heading."""

    participant_before: list[str] = Field(
        default_factory=list, description="Sections printed before the case in the participants' handout."
    )
    participant_after: list[str] = Field(
        default_factory=list, description="Sections printed after the quiz items in the participants' handout."
    )
    trainer: list[str] = Field(
        default_factory=lambda: [TRAINER_NOTES],
        description="Sections printed first in the trainers' guide ('{trainer-notes}' is the notes block).",
    )
    checklists: list[str] = Field(
        default_factory=list,
        description="Of the sections printed, those that start on a page of their own and print their lists "
        "as checklists with boxes (e.g. a one-page 'Arbeitshilfe').",
    )
    course_url: str | None = Field(
        default=None,
        description="Address of the published course (e.g. 'https://lernen.musterstadt.de/kurs/'): a link to a "
        "course page (the glossary) points there; without it, such links print as text.",
    )


class CourseSettings(_Block):
    scenario_badge: str | None = Field(
        default=None, description="Label above every case (e.g. 'Fiktiver Fall'); a case's own badge wins."
    )
    module_template: str | None = Field(
        default=None, description="Page template authors copy; its ## sections are the lint's default sections."
    )
    lint: LintSettings = LintSettings()
    handouts: HandoutSettings = HandoutSettings()
    kommune: Kommune = Field(
        default=Kommune(),
        description="The publishing administration's own offices and rules ({kommune}`key` in pages and quizzes).",
    )

    def template_sections(self, root: Path) -> list[str]:
        """The sections of a module page, in order: ``lint.sections``, else the template's."""
        if self.lint.sections is not None:
            return list(self.lint.sections)
        if self.module_template is None:
            return []
        return [name for _, name in page_sections((root / self.module_template).read_text(encoding="utf-8"))]

    def required_sections(self, root: Path) -> list[str]:
        """The sections every module page must have, in order (without ``lint.recommended_sections``)."""
        return [s for s in self.template_sections(root) if s not in self.lint.recommended_sections]


def page_sections(text: str) -> list[tuple[int, str]]:
    """``(line, name)`` of every ``## `` heading and the trainer-notes block, outside code fences."""
    found = []
    fence = False
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("```" + TRAINER_NOTES):
            found.append((n, TRAINER_NOTES))
        if line.startswith("```"):
            fence = not fence
            continue
        if not fence and line.startswith("## "):
            found.append((n, line[3:].strip()))
    return found


def course_title(root: Path) -> str:
    """The course's ``title:`` in ``_config.yml`` (the book's title), or "Kurs" if it has none."""
    path = root / CONFIG
    data = read_config(path, CONFIG)[0] if path.is_file() else None
    title = data.get("title") if isinstance(data, dict) else None
    return str(title or "Kurs")


def load_course_settings(root: Path) -> CourseSettings:
    """The validated ``kursbuch:`` block of ``root/_config.yml``; defaults if the file or block is absent."""
    path = root / CONFIG
    if not path.is_file():
        return CourseSettings()
    data, smap = read_config(path, CONFIG)
    block = data.get("kursbuch") if isinstance(data, dict) else None
    if block is None:
        return CourseSettings()

    def error(loc: tuple[PathPart, ...], message: str) -> ContentError:
        return ContentError(CONFIG, smap.line(("kursbuch", *loc)), ("kursbuch", *loc), message)

    if not isinstance(block, dict):
        raise ContentErrors(
            [error((), "is not a mapping — write the settings as key: value lines, indented under kursbuch:")]
        )
    own = {k: v for k, v in plain(block).items() if k not in DELEGATED}
    try:
        settings = CourseSettings.model_validate(own)
    except ValidationError as exc:
        raise ContentErrors(error(tuple(e["loc"]), pydantic_message(dict(e))) for e in exc.errors()) from None
    problems = [error(loc, msg) for loc, msg in _problems(settings, root)]
    if problems:
        raise ContentErrors(problems)
    return settings


def _problems(s: CourseSettings, root: Path) -> list[tuple[tuple[PathPart, ...], str]]:
    """What the types cannot say: files that must exist, regular expressions, ranges."""
    out: list[tuple[tuple[PathPart, ...], str]] = []
    files: list[tuple[tuple[PathPart, ...], str | None]] = [
        (("module_template",), s.module_template),
        (("lint", "denylist"), s.lint.denylist),
    ]
    for loc, name in files:
        if name is not None and not (root / name).is_file():
            out.append((loc, f"file {name!r} not found — give a path relative to the course folder, or remove the key"))
    patterns: list[tuple[tuple[PathPart, ...], str | None]] = [
        (("lint", "fiction_pattern"), s.lint.fiction_pattern),
        (("lint", "scenario", "content_note_pattern"), s.lint.scenario.content_note_pattern),
        (("lint", "reviews", "source_pattern"), s.lint.reviews.source_pattern if s.lint.reviews else None),
        (("lint", "time_line"), s.lint.time_line),
    ]
    for loc, pattern in patterns:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                out.append((loc, f"not a regular expression ({exc}) — fix it, e.g. 'word|other'"))
    url = s.handouts.course_url
    if url is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        out.append(
            (
                ("handouts", "course_url"),
                f"{shorten(url)} is not the web address of a published course — write an address starting with "
                "https://, e.g. https://lernen.musterstadt.de/kurs/, or remove the key",
            )
        )
    if s.lint.objectives and s.lint.objectives.min > s.lint.objectives.max:
        out.append((("lint", "objectives", "min"), "is larger than max — set min ≤ max"))
    return out
