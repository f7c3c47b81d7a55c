"""A course project on disk: find it, load every activity, run every check.

``Course.load(root)`` reads ``quizzes/*.yml`` and scans ``modules/*.md`` for
the one-line activity calls (``quiz("m01-wissen")``, ``scenario("m01-s1")``), checks every page and
quiz text for raw HTML, script addresses and media from other hosts
(:mod:`kursbuch.core.content_security`), and reads the
course settings (``kursbuch:`` in ``_config.yml``), whose defaults it applies to the activities
(the label above each case). It returns a course whose activities are all valid, or raises
:class:`ContentErrors` with every problem of every file. ``check_book_files(root)``
does the same for ``_config.yml`` and ``_toc.yml`` (:mod:`kursbuch.core.book_files`); ``toc_modules(root)``
lists the modules in the order of ``_toc.yml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .book_files import CONFIG, TOC, config_problems, toc_problems
from .checks import Located, check_file, check_unique_ids
from .content_security import check_pages, course_pages, data_problems
from .course_settings import CourseSettings, load_course_settings
from .errors import ContentError, ContentErrors, display_path
from .kommune import mentioned, substitute_model, unknown_key_message, unknown_keys
from .loader import SourceMap, load_module_file, read_yaml
from .model import ModuleActivities, Quiz, Scenario
from .source_text import read_source

CALL_RE = re.compile(r"""\b(quiz|scenario)\(\s*["']([^"']*)["']\s*\)""")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` holding ``_config.yml`` and ``quizzes/``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "quizzes").is_dir():
            return folder
    raise FileNotFoundError(
        f"{here}: course project: none at or above this folder — run this inside a folder that has _config.yml "
        "and quizzes/, or name one with --root"
    )


def toc_modules(root: Path) -> list[str]:
    """Module ids in the order of ``_toc.yml`` (files under ``modules/``)."""
    data = read_yaml(root / "_toc.yml", "_toc.yml")
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            f = node.get("file")
            if isinstance(f, str) and f.startswith("modules/"):
                found.append(f.removeprefix("modules/").removesuffix(".md"))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    return found


def check_book_files(root: Path) -> None:
    """``_config.yml`` and ``_toc.yml``: readable YAML mappings whose keys, values and pages are what
    Jupyter Book and Kursbuch need (:mod:`kursbuch.core.book_files`); every problem with its file and
    line (as ``kursbuch check`` reports quiz files), never a traceback from inside Jupyter Book."""
    errors = []
    parsed: dict[str, Any] = {}
    for name in (CONFIG, TOC):
        if not (root / name).is_file():
            errors.append(ContentError(name, None, (), "is missing — the book needs it beside modules/ and quizzes/"))
            continue
        try:
            data = read_yaml(root / name, name)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        if not isinstance(data, dict):
            errors.append(
                ContentError(
                    name, 1, (), "is not a YAML mapping — write key: value lines, as in Jupyter Book's documentation"
                )
            )
            continue
        parsed[name] = data
    if CONFIG in parsed:
        errors.extend(config_problems(parsed[CONFIG], SourceMap(parsed[CONFIG])))
    if TOC in parsed:
        patterns = parsed.get(CONFIG, {}).get("exclude_patterns")
        exclude = [p for p in patterns if isinstance(p, str)] if isinstance(patterns, list) else []
        errors.extend(toc_problems(parsed[TOC], SourceMap(parsed[TOC]), root, exclude))
    if errors:
        raise ContentErrors(errors)


FileMemo = Callable[[Path, Callable[[], Any]], Any]


def _no_memo(path: Path, work: Callable[[], Any]) -> Any:
    return work()


def _checked_file(path: Path, shown: str) -> tuple[ModuleActivities, SourceMap, list[ContentError], bool]:
    """One quiz file read and checked on its own: its model, line map, problems and whether its texts
    use local values (``{kommune}``)."""
    model, smap = load_module_file(path, shown)
    loc = Located(shown, smap)
    problems = check_file(model, shown, smap)
    dump = model.model_dump()
    problems.extend(loc.error(where, problem) for where, problem in data_problems(dump))
    return model, smap, problems, mentioned(dump)


@dataclass
class Course:
    root: Path
    modules: dict[str, ModuleActivities] = field(default_factory=dict)
    settings: CourseSettings = field(default_factory=CourseSettings)  # the course's `kursbuch:` keys

    @classmethod
    def load(cls, root: Path, memo: FileMemo | None = None) -> Course:
        """``memo(path, work)`` may return a kept result of ``work()`` for an unchanged file
        (``kursbuch.content_cache`` keeps them by file hash); a ContentErrors is never kept."""
        memo = memo or _no_memo
        course = cls(root=root)
        errors: list[ContentError] = []
        located: list[tuple[ModuleActivities, Located]] = []
        files = sorted((root / "quizzes").glob("*.yml"))
        unread: set[str] = set()  # quiz files that could not be read: calls to them are consequences
        mentioning: set[str] = set()  # modules whose quiz texts use local values
        for path in files:
            shown = display_path(path, root)
            try:
                model, smap, problems, uses = memo(path, functools.partial(_checked_file, path, shown))
            except ContentErrors as exc:
                errors.extend(exc.errors)
                unread.add(path.stem)
                continue
            loc = Located(shown, smap)
            errors.extend(problems)
            located.append((model, loc))
            course.modules[model.module] = model
            if uses:
                mentioning.add(model.module)
        errors.extend(check_unique_ids(located))
        errors.extend(course._check_calls(skip=unread))
        for page in course_pages(root):
            errors.extend(memo(page, functools.partial(check_pages, root, [page])))
        errors.extend(_check_kommune_keys(root, files))
        try:
            settings = load_course_settings(root)
        except ContentErrors as exc:
            errors.extend(exc.errors)
        if errors:
            raise ContentErrors(errors)
        course._apply(settings, mentioning)
        return course

    def _apply(self, settings: CourseSettings, mentioning: set[str]) -> None:
        """What the course decides for every activity: the label above each case without its own, and
        the local values (``{kommune}`key``` in quiz texts, :mod:`kursbuch.core.kommune`) in the
        modules ``mentioning`` names (their quiz texts use ``{kommune}``); the others have none
        to replace, and walking every model took a third of a one-edit rebuild's course loading."""
        self.settings = settings
        for name, model in self.modules.items():
            if name not in mentioning:
                continue
            substituted = substitute_model(model, settings.kommune)
            assert isinstance(substituted, ModuleActivities)
            self.modules[name] = substituted
        if settings.scenario_badge is None:
            return
        # New models, never changed in place: the loader hands the same objects to every load of a file.
        for name, model in self.modules.items():
            scenarios = [
                s if s.badge is not None else s.model_copy(update={"badge": settings.scenario_badge})
                for s in model.scenarios
            ]
            self.modules[name] = model.model_copy(update={"scenarios": scenarios})

    def activity(self, activity_id: str) -> Quiz | Scenario:
        for model in self.modules.values():
            for act in model.activities():
                if act.id == activity_id:
                    return act
        known = ", ".join(a.id for m in self.modules.values() for a in m.activities()) or "none"
        raise KeyError(f"no activity {activity_id!r} in quizzes/*.yml (known: {known})")

    def _check_calls(self, skip: frozenset[str] | set[str] = frozenset()) -> list[ContentError]:
        """Every ``quiz(...)``/``scenario(...)`` in a module page names an existing activity of that kind.
        A call to an activity of a quiz file that could not be read (its module id in ``skip``) is a
        consequence of that file's error: marked as such and listed after it."""
        errors = []
        kinds = {
            a.id: ("quiz" if isinstance(a, Quiz) else "scenario") for m in self.modules.values() for a in m.activities()
        }
        for page in sorted((self.root / "modules").glob("*.md")):
            shown = display_path(page, self.root)
            try:
                text = read_source(page, shown, bom_ok=False)
            except ContentErrors:
                continue  # check_pages reports an unreadable page
            for lineno, line in enumerate(text.splitlines(), 1):
                for m in CALL_RE.finditer(line):
                    fn, ident = m.groups()
                    cause = ident.split("-", 1)[0]
                    if ident not in kinds and cause in skip:
                        errors.append(
                            ContentError(
                                shown,
                                lineno,
                                (f"{fn}()",),
                                f"no {fn} {ident!r} (follows from the error in quizzes/{cause}.yml above) — "
                                "fix that file first",
                                consequence=True,
                            )
                        )
                    elif ident not in kinds:
                        errors.append(
                            ContentError(
                                shown,
                                lineno,
                                (f"{fn}()",),
                                f"no {fn} with id {ident!r} in quizzes/*.yml — check the id",
                            )
                        )
                    elif kinds[ident] != fn:
                        errors.append(
                            ContentError(
                                shown,
                                lineno,
                                (f"{fn}()",),
                                f"{ident!r} is a {kinds[ident]} — call {kinds[ident]}({ident!r})",
                            )
                        )
        return errors


def _check_kommune_keys(root: Path, files: list[Path]) -> list[ContentError]:
    """Every ``{kommune}`key``` in a quiz file or module page names a key of ``kursbuch: kommune:``."""
    errors = []
    for path in [*files, *sorted((root / "modules").glob("*.md"))]:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the loader reports the file itself
        if "{kommune}" in text:
            shown = display_path(path, root)
            errors += [ContentError(shown, n, ("{kommune}",), unknown_key_message(k)) for n, k in unknown_keys(text)]
    return errors
