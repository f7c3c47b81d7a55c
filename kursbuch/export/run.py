"""``kursbuch export``: the packages of every configured export target and their data sheets.

Per module one package (one launchable unit) and one whole-course package (one unit per
module; or, for a target with a ``course_unit``, one unit for the whole course with its own module
navigation, :mod:`.course_sco`), each for every configured target (``kursbuch/export/targets``), written to
``_build/scorm`` as ``kursbuch-<module>-<tag>.zip`` (and ``kursbuch-kurs-<tag>.zip``) with a
``…-datenblatt.html`` beside each. This loop is the same for every target: what differs (the
manifest, the checks, the browser files, the data-sheet texts) the target supplies. Every
package passes :func:`check_package` before anything is published; a failed export leaves
the previous ``_build/scorm`` untouched and removes its staging folder (``_build/scorm.tmp``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .. import assets, legal
from ..build import publish
from ..core.errors import format_path
from ..core.loader import SourceMap
from ..core.model import Quiz
from ..core.project import Course, check_book_files, toc_modules
from ..paths import BuildPaths
from . import course_sco, datasheet, targets
from .package import Package, check_package
from .pages import ASSETS, PageSource, linked_pages, load_pages, outside_links, render_page, rewrite_body
from .settings import load_settings
from .target import PackageSpec, Sco, Target

TRACKING = (
    "Dieses Paket meldet der Lernplattform Status, Punktzahl, Lesezeichen, Bearbeitungszeit und Ihre Antworten "
    "auf bewertete Fragen. Reflexionen und Selbsteinschätzungen bleiben in Ihrem Browser, getrennt für jede "
    "Person, die sich bei der Lernplattform anmeldet."
)


class ExportError(RuntimeError):
    """The export cannot be made; the message says why and what to do."""


def checked(pkg: Package) -> Package:
    """The package, once its checks pass; otherwise an ExportError listing every failed check."""
    problems = check_package(pkg.files, pkg.pass_marks, pkg.target)
    if problems:
        raise ExportError(
            f"_build/scorm/{pkg.name}.zip: package checks: {len(problems)} failed (below) — fix what they name, or "
            "report them as a Kursbuch bug if the course is not the cause; nothing was exported:\n"
            + "\n".join(f"  {p}" for p in problems)
        )
    return pkg


@dataclass(frozen=True)
class Module:
    id: str
    page: PageSource
    title: str
    pass_percent: int | None
    content: str


def _pass_mark(course: Course, module: str) -> int | None:
    model = course.modules.get(module)
    quizzes = [q for q in (model.quizzes if model else []) if isinstance(q, Quiz) and q.scored_items]
    marks = {q.settings.pass_percent for q in quizzes}
    if len(marks) > 1:
        # Located at the first scored quiz whose pass mark differs from the first one's.
        odd = next(q for q in quizzes if q.settings.pass_percent != quizzes[0].settings.pass_percent)
        where = ("quizzes", model.quizzes.index(odd) if model else 0, "settings", "pass_percent")
        quiz_file = course.root / "quizzes" / f"{module}.yml"
        line = SourceMap(text=quiz_file.read_text(encoding="utf-8")).line(where) if quiz_file.is_file() else None
        raise ExportError(
            f"quizzes/{module}.yml{f':{line}' if line else ''}: {format_path(where)}: the scored quizzes of {module} "
            f"have different pass marks {sorted(marks)} — an LMS knows one mastery score per module: give them the "
            "same settings.pass_percent"
        )
    return marks.pop() if marks else None


def _toc_line(root: Path, module: str) -> str:
    """``:<line>`` of the entry of ``module`` in ``_toc.yml`` (empty if it cannot be found)."""
    lines = (root / "_toc.yml").read_text(encoding="utf-8").splitlines()
    found = next((n for n, line in enumerate(lines, 1) if f"modules/{module}" in line), None)
    return f":{found}" if found else ""


def _content_version(root: Path, module: str, page: PageSource) -> str:
    h = hashlib.sha256(page.body.encode("utf-8"))
    quiz_file = root / "quizzes" / f"{module}.yml"
    if quiz_file.exists():
        h.update(quiz_file.read_bytes())
    return h.hexdigest()[:12]


def _plain_title(page: PageSource) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(page.title, "html.parser").get_text().strip()


def _date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = int(epoch) if epoch else int(time.time())
    return time.strftime("%d.%m.%Y", time.gmtime(stamp))


class Exporter:
    def __init__(self, root: Path):
        self.root = root
        check_book_files(root)  # e.g. a control character in the title would break every manifest
        self.settings, self.course_title = load_settings(root)
        self.scorm = self.settings.scorm
        self.targets = [targets.get(name) for name in self.scorm.versions]
        # Every target may read its own block of the settings (PackageSpec.options, Target.page_settings).
        self.options = {**self.settings.model_dump(), "title": self.course_title}
        self.course = Course.load(root)
        # The glossary page (course setting `lint: glossary: page`) goes into every package that links to it.
        self.glossary = self.course.settings.lint.glossary.page.removesuffix(".md")
        self.paths = BuildPaths(root)
        folder = self.paths.pages("learner")
        if not (self.paths.published("learner") / "index.html").exists() or not folder.is_dir():
            raise ExportError(
                "_build/html: built course: missing — run `kursbuch build` first (scripts/build.sh does both)"
            )
        self.pages = load_pages(folder)
        self.modules: list[Module] = []
        for mid in toc_modules(root):
            page = self.pages.get(f"modules/{mid}")
            if page is None:
                raise ExportError(
                    f"_toc.yml{_toc_line(root, mid)}: modules/{mid}: listed, but the built course has no such page — "
                    "rebuild the course (`kursbuch build`)"
                )
            self.modules.append(
                Module(mid, page, _plain_title(page), _pass_mark(self.course, mid), _content_version(root, mid, page))
            )
        if not self.modules:
            raise ExportError("_toc.yml: (top level): lists no page under modules/ — list the modules to export")
        # The legal pages the course has (kursbuch/legal) go into every package, linked from each page's
        # footer: a learner who meets the course only in an LMS reaches the statement, the privacy notice
        # and the Leichte Sprache. A page that embeds a file (the sign-language video, once configured)
        # cannot travel yet: it stays on the course's site, and links to it become plain text.
        self.legal = [name for name in legal.PAGES if name in self.pages and _self_contained(self.pages[name])]

    def _sco_page(
        self, module: Module, here: str, placed: dict[str, str], target: Target, package: str, in_shell: bool = False
    ) -> bytes:
        # In a course shell the page's target object is the shell's per-module session (course-sco.js).
        scripts = (course_sco.SCRIPT,) if in_shell else target.scripts
        config: dict[str, object] = {
            **target.runtime,
            "package": package,
            "sco": module.id,
            "content": module.content,
            "completion": list(self.scorm.completion),
            "interactions": self.scorm.interactions,
            "pass_percent": module.pass_percent if module.pass_percent is not None else 0,
            "commit_delay_ms": self.scorm.commit_delay_ms,
            **target.page_settings(self.options),
            **({"in_shell": True} if in_shell else {}),
        }
        try:
            body = rewrite_body(module.page, here, placed)
        except ValueError as exc:
            raise ExportError(str(exc)) from None
        return render_page(
            title=module.page.title,
            course_title=self.course_title,
            body=body,
            here=here,
            scorm_config=config,
            tracking_note=TRACKING,
            scripts=[
                *((assets.ASSET_DIR / name).read_text(encoding="utf-8") for name in scripts),
                (assets.ASSET_DIR / assets.CONFIRM_JS).read_text(encoding="utf-8"),
                assets.read(assets.SCORM_JS),
                assets.engine_source(),
            ],
            legal_links=self._legal_links(placed),
            in_shell=in_shell,
        ).encode("utf-8")

    def _legal_links(self, placed: dict[str, str]) -> list[tuple[str, str]]:
        return [(placed[name], legal.TITLES[name]) for name in self.legal if name in placed]

    def _extra_page(self, pagename: str, here: str, placed: dict[str, str]) -> bytes:
        """A page that travels with the modules (the glossary, a legal page), without the SCORM runtime."""
        page = self.pages[pagename]
        try:
            body = rewrite_body(page, here, placed)
        except ValueError as exc:
            raise ExportError(str(exc)) from None
        return render_page(
            title=page.title,
            course_title=self.course_title,
            body=body,
            here=here,
            scorm_config=None,
            tracking_note=None,
            legal_links=self._legal_links(placed),
        ).encode("utf-8")

    def _shared(self, files: dict[str, bytes]) -> list[str]:
        names = []
        for name in assets.PACKAGE_FILES:  # the stylesheets; the scripts are inline in each launch page
            path = f"{ASSETS}/{name}"
            files[path] = assets.read(name).encode("utf-8")
            names.append(path)
        return names

    def build(self, modules: list[Module], target: Target, name: str, title: str, nested: bool) -> Package:
        files: dict[str, bytes] = {}
        shared = self._shared(files)
        glossary = self.glossary
        wants_glossary = glossary in self.pages and any(glossary in linked_pages(m.page) for m in modules)
        placed = {m.page.pagename: (f"{m.id}/index.html" if nested else "index.html") for m in modules}
        extra = [glossary] if wants_glossary else []
        extra += [page for page in self.legal if page not in extra]
        placed.update({page: Path(page).name + ".html" for page in extra})  # every link resolves before any is written
        for page in extra:
            files[placed[page]] = self._extra_page(page, placed[page], placed)
            shared.append(placed[page])
        scos = []
        for m in modules:
            launch = placed[m.page.pagename]
            files[launch] = self._sco_page(m, launch, placed, target, name)
            scos.append(Sco(m.id, m.title, launch, [launch], m.pass_percent))
        spec = PackageSpec(
            identifier=name.replace(".", "-"), title=title, scos=scos, shared_files=shared, options=self.options
        )
        files[target.manifest_name] = target.manifest(spec)
        pkg = Package(name=name, target=target, files=files, pass_marks={m.id: m.pass_percent for m in modules})
        return checked(pkg)

    def build_course_unit(self, target: Target, name: str) -> Package:
        """The whole course as one unit: the shell (``index.html``) and every module page beside it."""
        unit = target.course_unit
        assert unit is not None  # only called for targets that declare one
        self.check_resume_data(target, name, unit.suspend_limit)
        files: dict[str, bytes] = {}
        shared = self._shared(files)
        glossary = self.glossary
        wants_glossary = glossary in self.pages and any(glossary in linked_pages(m.page) for m in self.modules)
        placed = {m.page.pagename: f"{m.id}/index.html" for m in self.modules}
        extra = [glossary] if wants_glossary else []
        extra += [page for page in self.legal if page not in extra]
        placed.update({page: Path(page).name + ".html" for page in extra})
        for page in extra:
            files[placed[page]] = self._extra_page(page, placed[page], placed)
            shared.append(placed[page])
        shown = []
        for m in self.modules:
            launch = placed[m.page.pagename]
            files[launch] = self._sco_page(m, launch, placed, target, name, in_shell=True)
            shown.append(course_sco.ShellModule(m.id, m.title, launch, m.pass_percent))
        course_pass = course_sco.course_pass_mark(m.pass_percent for m in self.modules)
        content = hashlib.sha256("".join(m.content for m in self.modules).encode()).hexdigest()[:12]
        config = course_sco.shell_config(
            target=target.tag,
            package=name,
            content=content,
            pass_percent=course_pass,
            modules=shown,
            limit=unit.suspend_limit,
        )
        files[course_sco.LAUNCH] = course_sco.shell_page(
            course_title=self.course_title,
            config={**target.runtime, **config},
            modules=shown,
            scripts=[
                (assets.ASSET_DIR / script).read_text(encoding="utf-8")
                for script in (*target.scripts, assets.CONFIRM_JS, course_sco.SCRIPT)
            ],
            legal_links=self._legal_links(placed),
            stylesheets=[f"{ASSETS}/{assets.PACKAGE_CSS}"],
        ).encode("utf-8")
        sco = Sco(
            course_sco.UNIT,
            self.course_title,
            course_sco.LAUNCH,
            [course_sco.LAUNCH, *(m.launch for m in shown)],
            course_pass,
        )
        spec = PackageSpec(
            identifier=name.replace(".", "-"),
            title=self.course_title,
            scos=[sco],
            shared_files=shared,
            options=self.options,
        )
        files[target.manifest_name] = target.manifest(spec)
        pkg = Package(name=name, target=target, files=files, pass_marks={course_sco.UNIT: course_pass})
        return checked(pkg)

    def check_resume_data(self, target: Target, name: str, limit: int) -> None:
        """Fails the export when a learner could store more than the target's one resume-data element holds."""
        problem = course_sco.resume_data_problem(
            {
                m.id: (m.content, self.course.modules[m.id].activities() if m.id in self.course.modules else [])
                for m in self.modules
            },
            limit=limit,
            package=name,
            label=target.label,
        )
        if problem:
            raise ExportError(problem)

    def packages(self) -> list[Package]:
        out = []
        for target in self.targets:
            tag = target.tag
            for m in self.modules:
                out.append(self.build([m], target, f"kursbuch-{m.id}-{tag}", f"{self.course_title}: {m.title}", False))
            name = f"kursbuch-kurs-{tag}"
            if target.course_unit is not None:
                out.append(self.build_course_unit(target, name))
            else:
                out.append(self.build(self.modules, target, name, self.course_title, True))
        return out

    def write(self) -> Path:
        staging = self.paths.staging(self.paths.scorm)
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        try:
            self._write_into(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # a failed export leaves nothing behind
            raise
        dest = self.paths.scorm
        publish(staging, dest)
        shutil.rmtree(staging, ignore_errors=True)
        return dest

    def _sheet_units(self, pkg: Package) -> list[datasheet.ScoFacts]:
        """The units a package's data sheet lists: its modules, or the one course unit."""
        if course_sco.UNIT in pkg.pass_marks:
            return [
                datasheet.ScoFacts(
                    course_sco.UNIT, self.course_title, course_sco.LAUNCH, pkg.pass_marks[course_sco.UNIT]
                )
            ]
        return [
            datasheet.ScoFacts(m.id, m.title, _launch(pkg, m.id), m.pass_percent)
            for m in self.modules
            if m.id in pkg.pass_marks
        ]

    def _write_into(self, staging: Path) -> None:
        index = []
        for pkg in self.packages():
            data = pkg.zip_bytes()
            (staging / f"{pkg.name}.zip").write_bytes(data)
            facts = datasheet.SheetFacts(
                package_file=f"{pkg.name}.zip",
                course_title=self.course_title,
                label=pkg.target.label,
                texts=pkg.target.sheet,
                scos=self._sheet_units(pkg),
                modules=[datasheet.ScoFacts(m.id, m.title, f"{m.id}/index.html", m.pass_percent) for m in self.modules]
                if course_sco.UNIT in pkg.pass_marks
                else [],
                completion=list(self.scorm.completion),
                interactions=bool(target_interactions(pkg.target, self.options, self.scorm.interactions)),
                size_bytes=len(data),
                file_count=len(pkg.files),
                content_version=_package_version(pkg),
                date=_date(),
                course=pkg.name.startswith("kursbuch-kurs-"),
                outside_links=_outside_links(pkg),
            )
            (staging / f"{pkg.name}-datenblatt.html").write_text(datasheet.render(facts), encoding="utf-8")
            index.append(
                {"zip": f"{pkg.name}.zip", "version": pkg.target.name, "bytes": len(data), "files": len(pkg.files)}
            )
        (staging / "pakete.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")


def _outside_links(pkg: Package) -> tuple[str, ...]:
    """The addresses of other hosts the package's pages link to, for its data sheet."""
    pages = [data.decode("utf-8") for name, data in sorted(pkg.files.items()) if name.endswith(".html")]
    return tuple(dict.fromkeys(url for page in pages for url in outside_links(page)))


def target_interactions(target: Target, options: dict[str, object], default: bool) -> object:
    """Whether the target sends per-question records (its own switch, if it has one)."""
    return target.page_settings(options).get("interactions", default)


def _self_contained(page: PageSource) -> bool:
    """Whether ``page`` embeds no file (pages that do cannot be exported yet, see pages.rewrite_body)."""
    try:
        rewrite_body(page, "x.html", {})
    except ValueError:
        return False
    return True


def _launch(pkg: Package, module: str) -> str:
    return f"{module}/index.html" if f"{module}/index.html" in pkg.files else "index.html"


def _package_version(pkg: Package) -> str:
    h = hashlib.sha256()
    for name in sorted(pkg.files):
        h.update(name.encode())
        h.update(pkg.files[name])
    return h.hexdigest()[:12]


def export_course(root: Path) -> Path:
    return Exporter(root).write()
