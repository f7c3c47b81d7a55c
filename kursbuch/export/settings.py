"""Export settings: the ``kursbuch: scorm:`` block of ``_config.yml``.

Read with the same located errors as content files (file, line, path, what to do).
Everything has a default, so a course without the block exports with the safe choices:
every export target registered as a default (``kursbuch/export/targets``), completed when
every case reached an ending and every quiz was submitted, no per-question interaction
records. ``versions`` names export targets by their registered names; an unknown name is a
located error that lists the registered ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from ..core.errors import ContentError, ContentErrors, display_path
from ..core.loader import plain, pydantic_message, read_config
from . import targets

Rule = Literal["scenario_ended", "quiz_submitted", "visited"]
UNKNOWN_TARGET = "unknown_export_target"


def _registered(name: str) -> str:
    try:
        targets.get(name)
    except targets.UnknownTarget as exc:
        raise PydanticCustomError(UNKNOWN_TARGET, "{message}", {"message": str(exc)}) from None
    return name


TargetName = Annotated[str, AfterValidator(_registered)]  # checked per entry: errors point at the line


class ScormSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    versions: list[TargetName] = Field(
        default_factory=targets.defaults,
        min_length=1,
        description="Export targets by their registered names (kursbuch/export/targets); default: the default targets.",
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


IRI = r"^$|^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$"  # an absolute IRI: scheme, colon, no spaces


class Cmi5Settings(BaseModel):
    """The ``kursbuch: cmi5:`` block: what the cmi5 packages send beyond the cmi5-defined statements."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    course_id: str = Field(
        default="",
        pattern=IRI,
        description="Absolute IRI the cmi5 course and AU ids are built from (<course_id>/<module>); "
        "default urn:kursbuch:<course title as a slug>. Keep it once learners have started: the LMS "
        "and the LRS know the units by these ids.",
    )
    allowed_statements: bool = Field(
        default=False,
        description="Send 'cmi5 allowed' statements: per checked quiz item one 'answered' (option ids, "
        "right/wrong) and per case decision one 'selected' (the choice id). Never any text a learner wrote. "
        "Off for data protection; needed for `kursbuch report`.",
    )


def _message(err: ErrorDetails) -> str:
    if err["type"] == UNKNOWN_TARGET:  # the targets' table words it "…: use one of …"
        return str(err["msg"]).replace(": use one of", " — use one of", 1)
    return pydantic_message(dict(err))


class ExportSettings(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    scorm: ScormSettings = ScormSettings()
    cmi5: Cmi5Settings = Cmi5Settings()


def load_settings(root: Path) -> tuple[ExportSettings, str]:
    """The export settings and the course title from ``root/_config.yml``."""
    path = root / "_config.yml"
    shown = display_path(path, root)
    data, smap = read_config(path, shown)
    data = data or {}
    block = data.get("kursbuch") or {}
    try:
        settings = ExportSettings.model_validate(plain(block))
    except ValidationError as exc:
        raise ContentErrors(
            ContentError(shown, smap.line(("kursbuch", *e["loc"])), ("kursbuch", *e["loc"]), _message(e))
            for e in exc.errors()
        ) from None
    return settings, str(data.get("title") or "Kurs")
