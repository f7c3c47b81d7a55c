"""The cases of a built course, as the live server presents them.

``load_cases(html_dir)`` reads every page of the built course (``_build/html``) and returns each
case's spec (the JSON the build put into the page for the engine) with the page it is on. So a live
session shows exactly what the course shows, and needs the built folder only, not the sources.
``project_cases(root)`` makes the same specs from the sources (for JupyterLab, where the course
need not be built).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_HOST = re.compile(
    r'<div class="kb-activity kb-scenario"[^>]*data-kb-id="([^"]+)"[^>]*>.*?'
    r'<script type="application/json" class="kb-spec">(.*?)</script>',
    re.S,
)


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    page: str  # the page's path inside the built course, e.g. modules/m01.html
    spec: dict[str, Any]


def load_cases(html_dir: Path) -> dict[str, Case]:
    """Every case in the built course by id; FileNotFoundError (with what to do) if it is not built."""
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"{html_dir}: built course: missing — build it first: `kursbuch build`")
    cases: dict[str, Case] = {}
    for page in sorted(html_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "kb-scenario" not in text:
            continue
        for ident, raw in _HOST.findall(text):
            spec = json.loads(raw)  # the build wrote it with json.dumps (<, >, & as \\u escapes)
            cases.setdefault(ident, Case(ident, _plain(spec["title"]), page.relative_to(html_dir).as_posix(), spec))
    return cases


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def project_cases(root: Path) -> dict[str, Case]:
    """Every case of the course's sources (quizzes/*.yml, with the course's settings applied)."""
    from ..core.model import Scenario
    from ..core.project import Course
    from ..core.render import spec

    course = Course.load(root)
    out: dict[str, Case] = {}
    for module, model in course.modules.items():
        for act in model.activities():
            if isinstance(act, Scenario):
                data = spec(act)
                out[act.id] = Case(act.id, _plain(data["title"]), f"modules/{module}.html", data)
    return out
