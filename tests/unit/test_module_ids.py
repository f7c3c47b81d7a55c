"""Module ids: m00-m99 as always, then m100 and beyond; anything else is refused with what to write."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_format_errors import VALID

from kursbuch.core import ContentErrors, Course


def _course(tmp_path: Path, module: str, file_id: str | None = None) -> Path:
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "modules").mkdir()
    name = file_id or module
    (tmp_path / "quizzes" / f"{name}.yml").write_text(VALID.replace("m09", module), encoding="utf-8")
    page = f'quiz("{module}-quiz")\nscenario("{module}-s1")\n'
    (tmp_path / "modules" / f"{name}.md").write_text(page, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("module", ["m00", "m09", "m99", "m100", "m256", "m1000"])
def test_module_ids_load(tmp_path, module):
    course = Course.load(_course(tmp_path, module))
    assert [a.id for a in course.modules[module].activities()] == [f"{module}-quiz", f"{module}-s1"]


@pytest.mark.parametrize("module", ["m1", "m001", "m010", "mx1", "M100"])
def test_other_module_ids_are_refused(tmp_path, module):
    with pytest.raises(ContentErrors) as info:
        Course.load(_course(tmp_path, module))
    messages = [str(e) for e in info.value.errors]
    assert (
        f"quizzes/{module}.yml:1: module: '{module}' is not a module id — write m followed by two digits, "
        in (messages[0])
    )
    assert messages[0].endswith("e.g. m01 or m100")
