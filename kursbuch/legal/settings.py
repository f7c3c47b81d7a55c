"""The legal pages' settings: the ``kursbuch: publisher:`` and ``kursbuch: accessibility:`` blocks
of ``_config.yml``.

Read with the same located errors as content files (file, line, path, what to do). Nothing here
has a silent default that would put a claim on a public page: the publisher, the feedback contact
and the facts of the last assessment must be written down by the people who publish the course.
The enforcement body follows from ``level`` and ``land`` (``bodies.py``); where the package cannot
name it reliably, the publisher writes it under ``enforcement``, and without it the statement shows
a marked placeholder and :func:`problems` reports the missing configuration.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..core.errors import ContentError, ContentErrors, display_path
from ..core.loader import plain, pydantic_message, read_config
from .bodies import LAENDER, Body, enforcement_body

EMAIL = r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$"


class Contact(BaseModel):
    """An enforcement or arbitration body the publisher names itself."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=3)
    address: str = ""
    email: str = Field(default="", pattern=r"^$|" + EMAIL)
    url: str = Field(default="", pattern=r"^$|^https://")


class Publisher(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=3, description="The public body that publishes the course.")
    address: str = Field(min_length=5, description="Its postal address, in one line.")
    email: str = Field(pattern=EMAIL, description="Feedback contact for barriers, answered within a month.")
    phone: str = ""
    level: Literal["bund", "land", "kommune"] = Field(
        description="Federal, Land or municipal body: decides the enforcement and arbitration body."
    )
    land: str = Field(default="", description="The Land's two-letter code (BW, BY, …); needed unless level is bund.")
    enforcement: Contact | None = None

    @field_validator("land")
    @classmethod
    def _known_land(cls, value: str) -> str:
        if value and value not in LAENDER:
            raise ValueError(f"{value!r} is not a Land code — write one of {', '.join(LAENDER)}")
        return value

    @model_validator(mode="after")
    def _land_for_land_and_kommune(self) -> Publisher:
        if self.level != "bund" and not self.land:
            raise ValueError("level land or kommune needs 'land' (the two-letter code, e.g. NW) — add it")
        return self

    def body(self) -> Body | None:
        """The body people turn to when the feedback contact does not help (None: not configured)."""
        if self.enforcement is not None:
            e = self.enforcement
            return Body(e.name, e.address, e.email, e.url, "")
        return enforcement_body(self.level, self.land)


class Barrier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    barrier: str = Field(min_length=10, description="What does not work, for whom, where.")
    reason: str = Field(min_length=10, description="Why it is not accessible (yet), and what is planned.")


class Accessibility(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    status: Literal["vollständig vereinbar", "teilweise vereinbar", "nicht vereinbar"]
    statement_date: dt.date
    audit_date: dt.date
    assessment: Literal["Selbstbewertung", "Bewertung durch Dritte"]
    method: str = Field(min_length=20)
    known_barriers: list[Barrier] = []
    sign_language_video: str = ""

    @field_validator("sign_language_video")
    @classmethod
    def _local_file(cls, value: str) -> str:
        if value and (":" in value or value.startswith(("/", "\\")) or ".." in PurePosixPath(value).parts):
            raise ValueError(
                f"{value!r} is not a file of the course — give a path inside the course folder "
                "(e.g. media/gebaerdensprache.mp4); the course loads nothing from other hosts"
            )
        return value

    @model_validator(mode="after")
    def _honest_status(self) -> Accessibility:
        if self.status == "vollständig vereinbar" and self.known_barriers:
            raise ValueError(
                "status 'vollständig vereinbar' with known barriers listed — "
                "write 'teilweise vereinbar', or remove barriers that are fixed"
            )
        if self.audit_date > self.statement_date:
            raise ValueError("audit_date is after statement_date — update statement_date when you audit again")
        return self


class LegalSettings(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    publisher: Publisher
    accessibility: Accessibility


def load(root: Path) -> LegalSettings:
    """The legal settings from ``root/_config.yml``, or ContentErrors with file, line and what to do."""
    path = root / "_config.yml"
    shown = display_path(path, root)
    data, smap = read_config(path, shown)
    data = data or {}
    block = data.get("kursbuch") or {}
    try:
        settings = LegalSettings.model_validate(plain(block))
    except ValidationError as exc:
        raise ContentErrors(
            ContentError(
                shown,
                smap.line(("kursbuch", *e["loc"])) or smap.line(("kursbuch",)),
                ("kursbuch", *e["loc"]),
                _message(e),
            )
            for e in exc.errors()
        ) from None
    video = settings.accessibility.sign_language_video
    if video and not (root / video).is_file():
        line = smap.line(("kursbuch", "accessibility", "sign_language_video"))
        raise ContentErrors(
            [
                ContentError(
                    shown,
                    line,
                    ("kursbuch", "accessibility", "sign_language_video"),
                    f"{video!r} does not exist — put the video into the course folder or leave the key empty",
                )
            ]
        )
    return settings


def problems(root: Path) -> list[ContentError]:
    """Everything ``kursbuch check`` should report about the legal pages' configuration: invalid or
    missing keys, and an enforcement body the package cannot name for the configured Land."""
    try:
        settings = load(root)
    except ContentErrors as exc:
        return list(exc.errors)
    if settings.publisher.body() is None:
        shown = display_path(root / "_config.yml", root)
        line = read_config(root / "_config.yml", shown)[1].line(("kursbuch", "publisher", "land"))
        return [
            ContentError(
                shown,
                line,
                ("kursbuch", "publisher", "enforcement"),
                f"no enforcement body known for {settings.publisher.land} — add 'enforcement:' with the name, "
                "address, email and url of your Land's Durchsetzungs- or Ombudsstelle (the statement shows a "
                "placeholder until then)",
            )
        ]
    return []


def _message(err: dict) -> str:
    if err["type"] == "missing":
        field = err["loc"][-1]
        return f"required field '{field}' is missing — add it (see docs/authoring.md, 'Legal pages')"
    if err["type"] == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "string_pattern_mismatch" and err["loc"][-1] == "email":
        return f"{err['input']!r} is not an e-mail address — write one that people can write to"
    if err["type"].startswith("date"):
        return f"{err['input']!r} is not a date — write it as YYYY-MM-DD"
    return pydantic_message(err)
