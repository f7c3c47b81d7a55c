"""Export settings: the ``kursbuch: scorm:`` block of ``_config.yml``.

Read with the same located errors as content files (file, line, path, what to do).
Everything has a default, so a course without the block exports with the safe choices:
SCORM 1.2 and 2004, completed when every case reached an ending and every quiz was
submitted, no per-question interaction records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..core.errors import ContentError, ContentErrors, display_path
from ..core.loader import SourceMap, plain, pydantic_message, read_yaml

Rule = Literal["scenario_ended", "quiz_submitted", "visited"]


class ScormSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    versions: list[Literal["1.2", "2004"]] = Field(
        default=["1.2", "2004"],
        min_length=1,
        description="SCORM editions to export; 1.2 is the safe default for Moodle and ILIAS.",
    )
    completion: list[Rule] = Field(
        default=["scenario_ended", "quiz_submitted"],
        min_length=1,
        description="All of these make a module 'completed': scenario_ended, quiz_submitted, visited.",
    )
    interactions: bool = Field(
        default=False, description="Send per-question records (cmi.interactions) to the LMS. Off for data protection."
    )
    commit_delay_ms: int = Field(
        default=800,
        ge=0,
        le=10000,
        description="Wait this long after a change before committing (batches quick answers).",
    )


class ExportSettings(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    scorm: ScormSettings = ScormSettings()


def load_settings(root: Path) -> tuple[ExportSettings, str]:
    """The export settings and the course title from ``root/_config.yml``."""
    path = root / "_config.yml"
    shown = display_path(path, root)
    data = read_yaml(path, shown) or {}
    block = data.get("kursbuch") or {}
    try:
        settings = ExportSettings.model_validate(plain(block))
    except ValidationError as exc:
        smap = SourceMap(data)
        raise ContentErrors(
            ContentError(shown, smap.line(("kursbuch", *e["loc"])), ("kursbuch", *e["loc"]), pydantic_message(e))
            for e in exc.errors()
        ) from None
    return settings, str(data.get("title") or "Kurs")
