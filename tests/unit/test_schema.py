"""The committed JSON Schema equals the one the models generate, and it validates real content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

from kursbuch.core.schema import SCHEMA_PATH, schema_text

REPO = Path(__file__).resolve().parents[2]


def test_committed_schema_is_current():
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "run `kursbuch schema --write` and commit quizzes/schema.json"


def test_schema_accepts_course_files_and_rejects_a_broken_one():
    schema = json.loads(schema_text())
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((REPO / "quizzes").glob("*.yml"))
    assert files
    for path in files:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(data)), path
        broken = dict(data, unknown_key=1)
        assert list(validator.iter_errors(broken))


def test_committed_format_reference_is_current():
    from kursbuch.core.docs import DOC_PATH, reference_markdown

    assert (REPO / DOC_PATH).read_text(encoding="utf-8") == reference_markdown(), "run `kursbuch docs --write`"


def test_templates_are_valid_once_filled_in(tmp_path):
    """The author templates pass every check after the placeholder id is replaced."""
    from kursbuch.core import Course

    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    for folder, name in (("quizzes", "mXX.yml"), ("modules", "mXX.md")):
        (tmp_path / folder).mkdir()
        text = (REPO / "docs" / "templates" / name).read_text(encoding="utf-8").replace("mXX", "m42")
        (tmp_path / folder / name.replace("mXX", "m42")).write_text(text, encoding="utf-8")
    course = Course.load(tmp_path)
    assert [a.id for a in course.modules["m42"].activities()] == ["m42-wissen", "m42-reflexion", "m42-s1"]
