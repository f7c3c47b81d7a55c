"""``kursbuch report`` on recorded statements: one real session of the m01 cmi5 package with "cmi5
allowed" statements switched on, recorded from Ralph (tests/fixtures/statements/m01-session.json,
actor, registration and activity id replaced by fixed values), copied for more learners with
other answers. Shares, difficulty, first answer per learner, the minimum group size, and bad
files. The end-to-end run against the LRS is in tests/browser/test_cmi5_runtime.py."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from kbtest import SOURCE

from kursbuch.cli import main
from kursbuch.core.project import Course
from kursbuch.report import ReportError, read_file, render, tally

RECORDED = Path(__file__).resolve().parent.parent / "fixtures" / "statements" / "m01-session.json"


def recorded() -> list[dict]:
    return json.loads(RECORDED.read_text(encoding="utf-8"))


def learners(n: int, change=None) -> list[dict]:
    """The recorded session as ``n`` learners; ``change(k, statement)`` may alter learner k's."""
    out = []
    for k in range(n):
        for st in recorded():
            st = copy.deepcopy(st)
            st["actor"]["account"]["name"] = f"lernende-{k}"
            if change:
                change(k, st)
            out.append(st)
    return out


def answered(statements, item):
    return [s for s in statements if s["object"]["id"].endswith(f"/items/{item}")]


def test_the_recording_holds_answers_and_decisions_as_ids():
    st = recorded()
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in st]
    assert verbs.count("answered") >= 5 and verbs.count("selected") >= 1
    items, decisions = tally(st)
    assert len(items) == verbs.count("answered") and len(decisions) == verbs.count("selected")
    # The recorded learner answered the first item wrong (on purpose) and the others right.
    assert sum(1 for t in items.values() for _, ok in t.learners.values() if ok is False) == 1


def test_shares_and_difficulty_with_a_first_answer_per_learner():
    first = answered(recorded(), "m01-q01")[0]
    wrong = first["result"]["response"]

    def change(k, st):
        if st["object"]["id"] == first["object"]["id"] and k < 3:  # three of six answer it right
            st["result"].update(response="RICHTIG", success=True)

    statements = learners(6, change)
    # A later second answer of learner 0 does not count: the first one does.
    again = copy.deepcopy(answered(statements, "m01-q01")[0])
    again["timestamp"] = "2999-01-01T00:00:00Z"
    again["result"].update(response=wrong, success=False)
    items, _ = tally([*statements, again])
    t = items["m01-q01"]
    assert len(t.learners) == 6 and sum(1 for _, ok in t.learners.values() if ok) == 3
    text = render(Course.load(SOURCE), [*statements, again], min_group=5)
    block = text.split("Frage m01-q01: 6 Lernende\n", 1)[1].split("Frage ", 1)[0]
    assert "Schwierigkeit: 50 % richtig, 50 % nicht richtig" in block
    assert f"gewählt {wrong}: 50 %" in block and "gewählt RICHTIG: 50 %" in block
    assert "lernende-" not in text  # nobody is named


def test_decisions_show_the_share_of_each_choice():
    node_id = tally(recorded())[1].popitem()[0]
    course = Course.load(SOURCE)
    node = next((n for m in course.modules.values() for s in m.scenarios for n in s.nodes if n.id == node_id), None)
    if node is None:
        pytest.skip(f"{node_id} is no longer in the course")
    choices = [c.id for c in node.choices]

    def change(k, st):
        if st["object"]["id"].endswith(f"/decisions/{node_id}"):
            st["result"]["response"] = choices[0] if k < 4 else choices[-1]

    text = render(course, learners(5, change), min_group=5)
    block = text.split(f"Entscheidung {node_id} ", 1)[1].split("\nEntscheidung ", 1)[0].split("\nFrage ", 1)[0]
    assert f"  {choices[0]}: 80 %" in block and f"  {choices[-1]}: 20 %" in block


def test_nothing_is_shown_below_the_minimum_group():
    text = render(Course.load(SOURCE), learners(4), min_group=5)
    assert "Frage m01-q01: 4 Lernende\n  zu wenige Lernende (4, mindestens 5): nicht angezeigt" in text
    assert "Schwierigkeit" not in text and "gewählt" not in text and " %" not in text.split("\n", 1)[1]


def test_cli_reads_a_file_and_refuses_bad_input(tmp_path, capsys):
    path = tmp_path / "statements.json"
    path.write_text(json.dumps({"statements": learners(5)}), encoding="utf-8")
    assert main(["--root", str(SOURCE), "report", str(path)]) == 0
    assert "Frage m01-q01: 5 Lernende" in capsys.readouterr().out
    lines = tmp_path / "lines.jsonl"
    lines.write_text("\n".join(json.dumps(s) for s in learners(1)) + "\n{kaputt\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"lines\.jsonl:\d+: \(statement\): not JSON \(.*\) — give"):
        read_file(lines)
    assert main(["--root", str(SOURCE), "report", str(lines)]) == 1
    assert "give a JSON array of statements" in capsys.readouterr().err
