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
