"""Tests wait for events, never for time: no fixed pause and no one-shot frame lookup anywhere in
tests/ (a loaded machine makes any fixed pause too short, and a lookup of a frame by name returns
None until the frame's first navigation has committed). Wait for the element, the frame's load,
the process output or the request instead; see ``pagekit.loaded_iframe`` and ``kbtest.Lines``."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent

# Spelled in pieces so that this file does not match itself.
FORBIDDEN = {
    "time." + "sleep(": "a fixed pause",
    "wait_for_" + "timeout(": "a fixed pause in the browser",
    ".frame(" + "name=": "a one-shot frame lookup that may return None",
}
PATTERN = re.compile("|".join(re.escape(k) for k in FORBIDDEN))


def test_no_fixed_pauses_or_one_shot_lookups():
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for match in PATTERN.finditer(code):
                found.append(f"{path.relative_to(TESTS)}:{number}: {FORBIDDEN[match.group()]}: {line.strip()}")
    assert found == [], "wait for the event instead:\n" + "\n".join(found)
