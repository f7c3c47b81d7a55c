"""Every message a browser may send to the live server: parsed, size-limited, validated, rate-limited.

A message is one JSON object with a ``type``. What each role may send:

participant  ``hello {token?}``             join (or come back with the token the server gave)
             ``vote {round, choice}``       vote in the open round, or change the vote
presenter    ``hello {key}``                the session's secret presenter key
             ``start`` ``close`` ``reopen`` ``next`` ``back``
             ``majority {hand?}``           close the vote; the majority of live votes + hand counts
             ``pick {choice, hand?}``       the trainer's pick

Anything else (unknown types, a participant sending a presenter action, extra fields, wrong
types, over ``MAX_BYTES``) is refused with :class:`Refused` and a code the browser understands;
nothing of a refused message is stored or logged.
"""

from __future__ import annotations

import json
import time
from typing import Any

MAX_BYTES = {"participant": 1024, "presenter": 4096}
MAX_ID = 64  # choice ids, tokens and keys are short
MAX_HAND = 10_000  # hand counts per choice: a room, not a stadium

PARTICIPANT_TYPES = {"hello", "vote"}
PRESENTER_TYPES = {"hello", "start", "close", "reopen", "next", "back", "majority", "pick"}
# The fields each message may have besides its type; any other field refuses the message.
FIELDS: dict[tuple[str, str], set[str]] = {
    ("participant", "hello"): {"token"},
    ("participant", "vote"): {"round", "choice"},
}
FIELDS |= {("presenter", t): set() for t in PRESENTER_TYPES}
FIELDS |= {
    ("presenter", "hello"): {"key"},
    ("presenter", "pick"): {"choice", "hand"},
    ("presenter", "majority"): {"hand"},
}


class Refused(ValueError):
    """A message that is not accepted; ``code`` is one of: too-large, malformed, forbidden, invalid, rate."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code


def _short_str(value: Any, name: str) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID or not value.isprintable():
        raise Refused("invalid", f"{name} must be a short text")
    return value


def _hand(value: Any) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > 20:
        raise Refused("invalid", "hand must map choice ids to counts")
    out = {}
    for k, v in value.items():
        _short_str(k, "hand key")
        if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= MAX_HAND:
            raise Refused("invalid", f"hand count must be a whole number 0–{MAX_HAND}")
        out[k] = v
    return out


def parse(raw: str | bytes, role: str) -> dict[str, Any]:
    """The validated message in ``raw`` from a browser of ``role`` ("participant" or "presenter")."""
    if len(raw) > MAX_BYTES[role]:
        raise Refused("too-large", f"message over {MAX_BYTES[role]} bytes")
    try:
        msg = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Refused("malformed", "not JSON") from None
    if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
        raise Refused("malformed", "not an object with a type")
    kind = msg["type"]
    allowed = PARTICIPANT_TYPES if role == "participant" else PRESENTER_TYPES
    if kind not in allowed:
        both = PARTICIPANT_TYPES | PRESENTER_TYPES
        raise Refused("forbidden" if kind in both else "invalid", f"{kind!r} is not a {role} message")
    fields: dict[str, Any] = {"type": kind}
    if set(msg) - FIELDS[(role, kind)] - {"type"}:
        raise Refused("invalid", "unknown fields")
    if kind == "hello" and role == "participant":
        token = msg.get("token")
        fields["token"] = None if token is None else _short_str(token, "token")
    elif kind == "hello":
        fields["key"] = _short_str(msg.get("key"), "key")
    elif kind == "vote":
        rnd = msg.get("round")
        if not isinstance(rnd, int) or isinstance(rnd, bool) or not 0 <= rnd < 2**31:
            raise Refused("invalid", "round must be a whole number")
        fields["round"] = rnd
        fields["choice"] = _short_str(msg.get("choice"), "choice")
    elif kind == "pick":
        fields["choice"] = _short_str(msg.get("choice"), "choice")
        fields["hand"] = _hand(msg.get("hand"))
    elif kind == "majority":
        fields["hand"] = _hand(msg.get("hand"))
    return fields


class RateLimit:
    """A token bucket per connection: ``rate`` messages a second on average, bursts up to ``burst``."""

    def __init__(self, rate: float = 5.0, burst: float = 20.0):
        self.rate, self.burst = rate, burst
        self.tokens = burst
        self.at = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


ERRORS_DE = {
    "too-large": "Die Nachricht ist zu groß.",
    "malformed": "Die Nachricht war nicht lesbar.",
    "forbidden": "Das darf nur die Moderation.",
    "invalid": "Die Nachricht passt nicht.",
    "rate": "Zu viele Nachrichten in kurzer Zeit. Bitte einen Moment warten.",
    "closed": "Die Abstimmung ist geschlossen.",
    "unknown": "Diese Sitzung gibt es nicht oder nicht mehr.",
    "key": "Der Moderationsschlüssel stimmt nicht.",
    "hello": "Bitte zuerst anmelden.",
    "refused": "Das passt gerade nicht zum Stand der Präsentation.",
    "unavailable": "Der Server ist kurz nicht erreichbar. Bitte gleich noch einmal versuchen.",
}


def error(code: str) -> dict[str, str]:
    """The error message sent back to a browser (German text for the page to show)."""
    return {"type": "error", "code": code, "message": ERRORS_DE.get(code, ERRORS_DE["invalid"])}
