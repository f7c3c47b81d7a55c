"""``kursbuch new DIR``: a minimal new course, copied from the files in ``scaffold/course/``.

The scaffold is one module (``modules/m01.md`` with a fictional example case and a short quiz in
``quizzes/m01.yml``), the book files (``_config.yml`` with commented German defaults, ``_toc.yml``,
``index.md``) and the module template the lint checks against (``docs/templates/``). It passes
``kursbuch check`` and ``kursbuch lint``, builds and exports as it is. ``quizzes/schema.json`` is
generated from the format, as ``kursbuch schema --write`` does.

``new_course`` never overwrites: a target folder that exists and is not empty is refused.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..core.schema import SCHEMA_PATH, schema_text

TEMPLATE = Path(__file__).parent / "course"
DEFAULT_TITLE = "Neuer Kurs"
# Replaced in every copied text file by the course title (quoted as a YAML string in .yml files).
TITLE_MARK = "__TITLE__"


class ScaffoldError(RuntimeError):
    """The course could not be created; the message says why and what to do."""


def new_course(dest: Path, title: str = DEFAULT_TITLE) -> Path:
    """Create a new course in ``dest`` (made if missing, refused if it holds anything); returns ``dest``."""
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError(f"{dest}: new course: the title is empty — give one with --title")
    if dest.exists() and not dest.is_dir():
        raise ScaffoldError(f"{dest}: new course: the path is a file — name a new folder for the course")
    if dest.is_dir() and any(dest.iterdir()):
        raise ScaffoldError(
            f"{dest}: new course: the folder is not empty — name a new or empty folder; nothing was changed"
        )
    dest.mkdir(parents=True, exist_ok=True)
    for src in sorted(TEMPLATE.rglob("*")):
        if src.is_dir() or "__pycache__" in src.parts:
            continue
        target = dest / src.relative_to(TEMPLATE)
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.suffix in (".md", ".yml"):
            # JSON strings are valid YAML double-quoted strings: any title stays one scalar.
            value = json.dumps(title, ensure_ascii=False) if src.suffix == ".yml" else title
            target.write_text(src.read_text(encoding="utf-8").replace(TITLE_MARK, value), encoding="utf-8")
        else:
            shutil.copyfile(src, target)
    (dest / SCHEMA_PATH).write_text(schema_text(), encoding="utf-8")
    return dest
