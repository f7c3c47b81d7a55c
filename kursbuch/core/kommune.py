"""Local adaptation: the ``kommune:`` block under ``kursbuch:`` in ``_config.yml``.

A publishing administration names its own complaints office, contact persons, service agreement and
advice centre once; pages, quiz texts and handouts refer to them as ``{kommune}`key``` (a MyST role
on module pages, rendered by :mod:`kursbuch.adapters.kommune`; the same text in ``quizzes/*.yml``
is replaced when the course is loaded, :func:`substitute`). Every key is optional: an empty or
missing value prints the neutral fallback defined with the key, so the text stays correct for any
administration. A use may give its own fallback, for a sentence that needs another form:
``{kommune}`beschwerdestelle <der Beschwerdestelle Ihrer Verwaltung>```; a key written with a capital
(``{kommune}`Beschwerdestelle```) starts the text with a capital, for the start of a sentence.

Values and fallbacks are noun phrases with their article, in a form that reads both as the subject
and after "an" / "für" ("Wenden Sie sich an die Beschwerdestelle …"): feminine or plural phrases,
whose nominative and accusative are the same. Values are plain text (never markup).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# key -> (what the publisher writes, the neutral fallback when the value is empty)
KEYS: dict[str, tuple[str, str]] = {
    "name": ("The administration, e.g. 'die Stadtverwaltung Musterstadt'.", "Ihre Verwaltung"),
    "beschwerdestelle": (
        "The complaints office under § 13 AGG, with how to reach it.",
        "die Beschwerdestelle nach § 13 AGG Ihrer Verwaltung",
    ),
    "ansprechpersonen": (
        "Contact persons for staff affected or involved (names, roles, how to reach them).",
        "die zuständigen Ansprechpersonen Ihrer Verwaltung, zum Beispiel in der Personalabteilung",
    ),
    "dienstvereinbarung": (
        "The local service agreement (title and date), e.g. on protection against assaults.",
        "die Dienstvereinbarung Ihrer Verwaltung zu diesem Thema (falls vorhanden)",
    ),
    "beratungsstelle": (
        "The local independent advice centre for people affected by discrimination.",
        "eine unabhängige Antidiskriminierungsberatung in Ihrer Nähe",
    ),
}
# The key whose value may be a link target (the service agreement's page on the intranet or web).
LINKS = {"dienstvereinbarung": "dienstvereinbarung_url"}

# A key left empty in YAML (`beratungsstelle:`) is None: the same as '' (the fallback).
Value = Annotated[str, BeforeValidator(lambda v: "" if v is None else v)]

ROLE = re.compile(r"\{kommune\}`([^`<]*?)\s*(?:<([^`>]*)>)?`")


class Kommune(BaseModel):
    """The validated ``kursbuch: kommune:`` block (every key optional; empty means the fallback)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Value = Field(default="", description=KEYS["name"][0])
    beschwerdestelle: Value = Field(default="", description=KEYS["beschwerdestelle"][0])
    ansprechpersonen: Value = Field(default="", description=KEYS["ansprechpersonen"][0])
    dienstvereinbarung: Value = Field(default="", description=KEYS["dienstvereinbarung"][0])
    dienstvereinbarung_url: Value = Field(
        default="",
        pattern=r"^(https?://\S+)?$",
        description="Link to the service agreement (https://…); its text is `dienstvereinbarung`.",
    )
    beratungsstelle: Value = Field(default="", description=KEYS["beratungsstelle"][0])

    def text(self, key: str, fallback: str | None = None) -> str:
        """The configured value of ``key``, else ``fallback``, else the key's neutral fallback;
        ``Key`` (a capital first letter) gives the text a capital first letter."""
        name = key[:1].lower() + key[1:]
        value = str(getattr(self, name, "") or "")
        value = value or (fallback.strip() if fallback and fallback.strip() else KEYS[name][1])
        return value[:1].upper() + value[1:] if key[:1].isupper() else value

    def url(self, key: str) -> str:
        """The link of ``key`` ('' if none is configured)."""
        name = key[:1].lower() + key[1:]
        return str(getattr(self, LINKS[name], "")) if name in LINKS else ""


def known(key: str) -> bool:
    """``key`` names a value (also written with a capital first letter)."""
    return key[:1].lower() + key[1:] in KEYS


def parse(content: str) -> tuple[str, str | None]:
    """``key`` or ``key <own fallback>`` (the text between a role's backticks) -> (key, fallback)."""
    m = re.fullmatch(r"\s*([^<]*?)\s*(?:<([^>]*)>)?\s*", content)
    return (m.group(1), m.group(2)) if m else (content.strip(), None)


def unknown_key_message(key: str) -> str:
    return f"unknown {{kommune}} key {key!r} — use one of {', '.join(KEYS)}"


def substitute(text: str, kommune: Kommune) -> str:
    """``text`` (Markdown of a quiz file) with every ``{kommune}`key``` replaced by its value or fallback;
    a configured link becomes a Markdown link. Unknown keys stay as written (``unknown_keys`` reports them)."""

    def one(m: re.Match[str]) -> str:
        key, fallback = m.group(1).strip(), m.group(2)
        if not known(key):
            return m.group(0)
        value = kommune.text(key, fallback)
        url = kommune.url(key)
        return f"[{value}]({url})" if url else value

    return ROLE.sub(one, text) if "{kommune}" in text else text


def unknown_keys(text: str) -> list[tuple[int, str]]:
    """``(line, key)`` of every ``{kommune}`…``` whose key does not exist."""
    return [
        (n, m.group(1).strip())
        for n, line in enumerate(text.splitlines(), 1)
        for m in ROLE.finditer(line)
        if not known(m.group(1).strip())
    ]


def mentioned(data: Any) -> bool:
    """True when a text anywhere in ``data`` (a model's dump: dicts, lists, strings) uses ``{kommune}``;
    read from the parsed values, so a role written with YAML escapes counts too."""
    if isinstance(data, str):
        return "{kommune}" in data
    if isinstance(data, dict):
        return any(mentioned(v) for v in data.values())
    if isinstance(data, list):
        return any(mentioned(v) for v in data)
    return False


def substitute_model(model: BaseModel, kommune: Kommune) -> BaseModel:
    """A copy of ``model`` (an activity file's model) with :func:`substitute` applied to every string
    inside it; the same object when nothing changes (the loader shares models between loads)."""

    def walk(value: object) -> object:
        if isinstance(value, str):
            return substitute(value, kommune)
        if isinstance(value, BaseModel):
            update = {}
            for name in type(value).model_fields:
                old = getattr(value, name)
                new = walk(old)
                if new is not old:
                    update[name] = new
            return value.model_copy(update=update) if update else value
        if isinstance(value, list):
            items = [walk(v) for v in value]
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        if isinstance(value, dict):
            pairs = {k: walk(v) for k, v in value.items()}
            return pairs if any(pairs[k] is not value[k] for k in value) else value
        return value

    result = walk(model)
    assert isinstance(result, BaseModel)
    return result
