"""The contract of an export target: what one target module provides.

Each target is one module in ``kursbuch/export/targets/`` that defines ``TARGET = Target(...)`` and
is listed once in the table in ``kursbuch/export/targets/__init__.py``. Everything that differs
between targets lives in that module and in its browser file; the generic code (the exporter loop,
package assembly, the package pages, the data-sheet layout) only reads the fields below:

- ``name``: what authors write in ``_config.yml`` (``kursbuch: scorm: versions: [...]``).
- ``tag`` and ``label``: the file-name tag (``kursbuch-m01-<tag>.zip``) and the label admins read.
- ``default``: exported when ``_config.yml`` names no targets.
- ``manifest_name`` and ``manifest``: the package's descriptor file (at the zip root, first) and
  the function that writes it, byte-identical for the same :class:`PackageSpec`.
- ``check``: the problems of a package that no schema finds (references, listed files, mastery
  score against the content's pass mark, ...); empty when the package is sound.
- ``scripts``: the browser files (names in ``kursbuch/assets``) that define ``globalThis.KursbuchTarget``,
  the object the target-neutral runtime (``kursbuch/assets/scorm.js``) talks to the LMS through;
  shipped in the package and loaded in this order before the runtime.
- ``runtime``: settings the runtime reads from the page (merged into its JSON configuration).
- ``sheet``: the German facts the data sheet prints for this target (:class:`~.datasheet.SheetTexts`).
- ``page_settings`` (optional): more runtime settings computed from the course's export settings
  (:attr:`PackageSpec.options`, the ``kursbuch:`` block as plain data), e.g. a switch of its own block.
- ``course_unit`` (optional): the whole-course package as ONE launchable unit with its own module
  navigation (:mod:`kursbuch.export.course_sco`) instead of one unit per module, for LMS players
  that refuse a second unit in one visit; its :class:`CourseUnit` names the resume-data limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .datasheet import SheetTexts

TAG = re.compile(r"^[a-z0-9]+$")  # part of every package's file name: portable, no separators


@dataclass
class Sco:
    """One module as a launchable unit: its launch file, the files only it uses, and its pass mark."""

    module: str
    title: str
    launch: str
    files: list[str]
    pass_percent: int | None


@dataclass
class PackageSpec:
    """What a package holds, in the terms every target's manifest writer understands."""

    identifier: str
    title: str
    scos: list[Sco]
    shared_files: list[str] = field(default_factory=list)
    # The course's export settings as plain data (the ``kursbuch:`` block with defaults, plus
    # ``title``): for targets that need more than the above (cmi5: the course's IRI).
    options: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CourseUnit:
    """A target's whole-course package as one unit (kursbuch/export/course_sco.py): the shell keeps
    every module's data in the target's one resume-data element, which holds ``suspend_limit``
    characters (the export fails when the course could need more)."""

    suspend_limit: int


PassMarks = Mapping[str, int | None]  # module id -> pass mark of its scored quiz (None: no scored quiz)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per registered target
class Target:
    name: str
    tag: str
    label: str
    default: bool
    manifest_name: str
    manifest: Callable[[PackageSpec], bytes]
    check: Callable[[dict[str, bytes], PassMarks], list[str]]
    scripts: tuple[str, ...]
    runtime: Mapping[str, object]
    sheet: SheetTexts
    page_settings: Callable[[Mapping[str, object]], Mapping[str, object]] = lambda options: {}
    course_unit: CourseUnit | None = None

    def __post_init__(self) -> None:
        # A broken target module must fail when it is imported, not in an admin's LMS.
        if not TAG.match(self.tag):
            raise ValueError(f"target {self.name!r}: tag {self.tag!r} must be lowercase letters and digits")
        if not self.scripts:
            raise ValueError(f"target {self.name!r}: give the browser file that defines its runtime target")
