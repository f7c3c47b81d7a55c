"""The JSON Schema of ``quizzes/*.yml``, generated from the pydantic models.

The committed copy (``quizzes/schema.json``) lets editors validate and
complete while typing; a test keeps it equal to :func:`schema_text`.
"""

from __future__ import annotations

import json

from .model import ModuleActivities

SCHEMA_PATH = "quizzes/schema.json"


def schema_text() -> str:
    schema = ModuleActivities.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Kursbuch module activities (quizzes/<module>.yml)"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
