"""The cmi5 rules for the statements one AU sent, checked on what the LRS stored, and the xAPI
validator from npm (``xapi-validation``), for the cmi5 tests.

``session_problems`` checks one session's statements (the launcher's "launched" first, then what
the AU sent) against the cmi5 specification's statement rules (sections 7.1, 9.2–9.6): order
(initialized first, terminated last, allowed statements in between), verbs, the object (the
launch's activity id), the context template (registration, session id extension, publisher id in
grouping, cmi5 category only on cmi5-defined statements, moveon only with success/completion),
results (duration where required, success/completion/score only where allowed, the score against
the mastery score), the actor, statement ids and UTC timestamps. ``registration_problems`` adds
the rules across sessions (completed and passed at most once, no failed after passed)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from kblrs import SESSION_EXT, Launch

TESTS = Path(__file__).resolve().parent
ADL = "http://adlnet.gov/expapi/verbs/"
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
DEFINED = {"initialized", "completed", "passed", "failed", "terminated"}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DURATION = re.compile(r"^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$")


def verb(st: dict) -> str:
    return st["verb"]["id"].rsplit("/", 1)[-1]


def is_defined(st: dict) -> bool:
    return any(a.get("id") == CMI5 for a in st.get("context", {}).get("contextActivities", {}).get("category", []))


def verbs(statements: list[dict]) -> list[str]:
    return [verb(s) for s in statements]


def session_of(statements: list[dict], launch: Launch) -> list[dict]:
    return [s for s in statements if s.get("context", {}).get("extensions", {}).get(SESSION_EXT) == launch.session]


def session_problems(statements: list[dict], launch: Launch, mastery: float | None) -> list[str]:
    p: list[str] = []
    au = [s for s in session_of(statements, launch) if verb(s) != "launched"]
    if not au:
        return ["no statement of the AU in this session"]
    names = verbs(au)
    if names[0] != "initialized":
        p.append(f"the first statement is {names[0]}, not initialized")
    if names[-1] != "terminated":
        p.append(f"the last statement is {names[-1]}, not terminated")
    defined = [verb(s) for s in au if is_defined(s)]
    for v in DEFINED:
        if defined.count(v) > 1:
            p.append(f"{v} is sent {defined.count(v)} times in one session")
    if "passed" in defined and "failed" in defined:
        p.append("passed and failed in one session")
    for n, st in enumerate(au):
        v, where = verb(st), f"statement {n} ({verb(st)})"
        ctx = st.get("context", {})
        acts = ctx.get("contextActivities", {})
        result = st.get("result", {})
        if not UUID.match(st.get("id", "")):
            p.append(f"{where}: id {st.get('id')!r} is not a UUID")
        if not str(st.get("timestamp", "")).endswith(("Z", "+00:00")):
            p.append(f"{where}: timestamp {st.get('timestamp')!r} is not UTC")
        if st["actor"].get("account") != launch.actor["account"]:
            p.append(f"{where}: actor {st['actor']} is not the launch's actor")
        if ctx.get("registration") != launch.registration:
            p.append(f"{where}: registration {ctx.get('registration')!r} is not the launch's")
        if ctx.get("extensions", {}).get(SESSION_EXT) != launch.session:
            p.append(f"{where}: no session id of this launch")
        if {"id": launch.publisher} not in acts.get("grouping", []):
            p.append(f"{where}: the publisher id is missing from grouping (context template)")
        moveon = any(a.get("id") == MOVEON for a in acts.get("category", []))
        if is_defined(st):
            if v not in DEFINED:
                p.append(f"{where}: the cmi5 category on a verb cmi5 does not define")
            if st["object"].get("id") != launch.activity:
                p.append(f"{where}: object {st['object'].get('id')} is not the launch's activityId")
            if moveon != ("success" in result or "completion" in result):
                p.append(f"{where}: the moveon category must be there exactly with success or completion")
            if v in ("completed", "passed", "failed", "terminated") and not DURATION.match(result.get("duration", "")):
                p.append(f"{where}: no ISO 8601 duration")
            if ("score" in result or "success" in result) != (v in ("passed", "failed")):
                p.append(f"{where}: score/success only in passed and failed")
            if ("completion" in result) != (v == "completed"):
                p.append(f"{where}: completion only in completed")
            if v in ("passed", "failed"):
                score = result.get("score", {})
                if result.get("success") is not (v == "passed"):
                    p.append(f"{where}: success {result.get('success')!r}")
                if "raw" in score and not ("min" in score and "max" in score):
                    p.append(f"{where}: raw without min and max")
                scaled = score.get("scaled")
                if mastery is not None:
                    if ctx.get("extensions", {}).get(MASTERY) != mastery:
                        p.append(f"{where}: no masteryscore extension {mastery}")
                    if scaled is None or (scaled >= mastery) != (v == "passed"):
                        p.append(f"{where}: scaled score {scaled} against the mastery score {mastery}")
        else:
            if v in DEFINED:
                p.append(f"{where}: a cmi5-defined verb without the cmi5 category")
            if moveon:
                p.append(f"{where}: the moveon category on a cmi5 allowed statement")
    return p


def registration_problems(statements: list[dict]) -> list[str]:
    defined = [verb(s) for s in statements if is_defined(s)]
    p = [
        f"{v} is sent {defined.count(v)} times in one registration"
        for v in ("completed", "passed")
        if defined.count(v) > 1
    ]
    if "passed" in defined and "failed" in defined[defined.index("passed") :]:
        p.append("failed after passed in one registration")
    return p


def validator_problems(statements: list[dict]) -> list[str]:
    """What npm xapi-validation finds in each statement (empty when all are valid)."""
    script = TESTS / "js" / "validate_xapi.js"
    out = subprocess.run(
        ["node", str(script)], input=json.dumps(statements), capture_output=True, text=True, check=True
    )
    return [
        f"{verb(s)} {s.get('id')}: {e}"
        for s, errs in zip(statements, json.loads(out.stdout), strict=True)
        for e in errs
    ]
