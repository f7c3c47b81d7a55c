"""The scaffold of `kursbuch new`: its files validate, its title is any text, nothing is overwritten."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from kursbuch.core.course_settings import course_title, load_course_settings
from kursbuch.core.project import Course
from kursbuch.lint import lint_course
from kursbuch.scaffold import ScaffoldError, new_course


def test_scaffold_and_its_module_template_validate(tmp_path):
    root = new_course(tmp_path / "kurs", 'Ein "Kurs": mit Zeichen # und *')
    assert course_title(root) == 'Ein "Kurs": mit Zeichen # und *'
    assert (root / "index.md").read_text(encoding="utf-8").startswith('# Ein "Kurs": mit Zeichen # und *\n')
    assert lint_course(root) == []
    settings = load_course_settings(root)
    assert settings.scenario_badge == "Fiktiver Fall"
    assert settings.required_sections(root)[0] == "Lernziele"
    # The template a new module starts from is valid once its placeholders are replaced.
    text = (root / "docs" / "templates" / "mXX.yml").read_text(encoding="utf-8").replace("mXX", "m02")
    (root / "quizzes" / "m02.yml").write_text(text, encoding="utf-8")
    assert set(Course.load(root).modules) == {"m01", "m02"}
    YAML(typ="safe").load((root / "_config.yml").read_text(encoding="utf-8"))


def test_scaffold_never_overwrites(tmp_path):
    (tmp_path / "datei").write_text("x", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="is a file"):
        new_course(tmp_path / "datei")
    with pytest.raises(ScaffoldError, match="is not empty"):
        new_course(tmp_path)
    empty = tmp_path / "leer"
    empty.mkdir()
    assert (new_course(empty) / "_config.yml").is_file()
