"""The export targets: one module each, registered in the one table below.

Adding a target (cmi5 is next) is one new module here plus its browser file in
``kursbuch/assets/``; nothing else changes. The module defines ``TARGET``, a
:class:`kursbuch.export.target.Target` (its docstring lists every field), and provides:

- the manifest writer (the package descriptor, e.g. ``imsmanifest.xml`` or ``cmi5.xml``),
  deterministic for the same :class:`~kursbuch.export.target.PackageSpec`;
- the package checks no schema does (references, listed files, the pass mark as the LMS sees it);
- the browser file that sets ``globalThis.KursbuchTarget`` for the target-neutral runtime
  (``kursbuch/assets/scorm.js`` documents the object it calls), and the runtime settings;
- the data-sheet texts (:class:`~kursbuch.export.datasheet.SheetTexts`), in German;
- its name for ``_config.yml``, its file-name tag and its label.

Then add it to ``TARGETS`` below and give its schema files to the test helper
(``tests/kbscorm.py``, ``SCHEMAS``): ``tests/unit/test_export_targets.py`` fails until it writes
a valid manifest, has checks and data-sheet texts, and names its browser files; its regression
files are written with ``KURSBUCH_REGEN=1``. ``tests/unit/test_lms_runtime.py`` runs every
target's browser file in node; its stand-in LMS speaks the SCORM APIs, so a target with another
protocol (cmi5: xAPI statements to an LRS) brings its own stand-in there.
"""

from __future__ import annotations

from ..target import Target
from . import cmi5, scorm12, scorm2004

TARGETS: dict[str, Target] = {t.name: t for t in (scorm12.TARGET, scorm2004.TARGET, cmi5.TARGET)}


class UnknownTarget(ValueError):
    """A target name that is not registered; the message lists the registered ones."""


def names() -> list[str]:
    return list(TARGETS)


def defaults() -> list[str]:
    """The targets exported when ``_config.yml`` names none."""
    return [t.name for t in TARGETS.values() if t.default]


def get(name: str) -> Target:
    try:
        return TARGETS[name]
    except KeyError:
        raise UnknownTarget(
            f"{name!r} is not an export target: use one of {', '.join(repr(n) for n in TARGETS)}"
        ) from None


def by_tag(tag: str) -> Target:
    """The target whose packages carry ``tag`` in their file names (``kursbuch-m01-<tag>.zip``)."""
    found = [t for t in TARGETS.values() if t.tag == tag]
    if not found:
        raise UnknownTarget(f"no export target has the tag {tag!r}: known tags are {[t.tag for t in TARGETS.values()]}")
    return found[0]
