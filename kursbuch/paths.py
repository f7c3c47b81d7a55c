"""Where a course's build writes what: the one definition of every path under ``_build``.

``BuildPaths(root)`` names each folder; every part of the pipeline (build, adapters, export,
handouts, watch, bench) asks it instead of joining names itself. Imports nothing but pathlib,
so any layer may use it.

``_build/``
  ``work/``, ``trainer-work/``   Jupyter Book's own output per edition (``_build/html`` inside)
  ``kursbuch-pages/``            beside each edition's HTML output: every page's title and body as
                                 JSON, read by the exporter and the handouts
  ``html/``, ``trainer/``        the published course per edition (replaced only after success)
  ``scorm/``, ``handouts/``      the published exports
  ``live/``                      ``kursbuch live``: the SQLite file of its sessions (presenter keys, votes)
  ``.jupyter_cache/``            executed notebooks, shared by both editions
  ``.jinja_cache/``              compiled theme templates
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EDITIONS = ("learner", "trainer")


@dataclass(frozen=True)
class BuildPaths:
    root: Path

    @property
    def build(self) -> Path:
        return self.root / "_build"

    def work(self, edition: str = "learner") -> Path:
        """Jupyter Book's ``--path-output`` for an edition."""
        return self.build / ("trainer-work" if _edition(edition) == "trainer" else "work")

    def sphinx_out(self, edition: str = "learner") -> Path:
        """The HTML Sphinx writes for an edition (before publication)."""
        return self.work(edition) / "_build" / "html"

    def pages(self, edition: str = "learner") -> Path:
        """Each page's title and body as JSON, kept beside the edition's Sphinx output."""
        return pages_beside(self.sphinx_out(edition))

    def published(self, edition: str = "learner") -> Path:
        """The published course of an edition: ``_build/html`` or ``_build/trainer``."""
        return self.build / ("trainer" if _edition(edition) == "trainer" else "html")

    @property
    def scorm(self) -> Path:
        return self.build / "scorm"

    @property
    def handouts(self) -> Path:
        return self.build / "handouts"

    @property
    def live_state(self) -> Path:
        """The SQLite file of ``kursbuch live`` (sessions, tokens, votes; deleted as they expire)."""
        return self.build / "live" / "sessions.sqlite3"

    @property
    def jupyter_cache(self) -> Path:
        return self.build / ".jupyter_cache"

    @property
    def jinja_cache(self) -> Path:
        return self.build / ".jinja_cache"

    def staging(self, dest: Path) -> Path:
        """A temporary sibling of a published folder, assembled before it replaces ``dest``."""
        return dest.with_name(dest.name + ".tmp")


def pages_beside(sphinx_outdir: Path) -> Path:
    """The page-JSON folder for a Sphinx HTML output folder (the adapter only knows its outdir)."""
    return Path(sphinx_outdir).parent / "kursbuch-pages"


def _edition(edition: str) -> str:
    if edition not in EDITIONS:
        raise ValueError(f"edition {edition!r}: use one of {', '.join(EDITIONS)}")
    return edition
