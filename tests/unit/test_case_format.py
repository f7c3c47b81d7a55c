"""Case state in the format: every bad variable, effect and condition is reported with file, line, path
and what to do; the play-through analysis (kursbuch check) finds unreachable endings, dead ends, loops
without exit and conditions that never hold; the lint's rules of judgement find decisions without
consequence, good endings reached through poor choices and the best choice always in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from kursbuch.core import ContentErrors, Course
from kursbuch.core.case_analysis import analyse
from kursbuch.core.course_settings import ScenarioRules
from kursbuch.core.loader import load_module_file
from kursbuch.lint import lint_case_rules

FILE = "quizzes/m09.yml"
# A small case with state: trust grows with good choices, the good ending needs trust 2 and notes.
CASE = """\
module: m09
scenarios:
  - id: m09-s1
    title: Fall
    intro: Erfunden.
    variables:
      vertrauen: {type: number, start: 0, min: 0, max: 3, label: Vertrauen}
      notiert: {type: flag, start: false, label: Notiert}
    start: m09-s1-n1
    nodes:
      - id: m09-s1-n1
        title: Eins
        text: T
        choices:
          - id: a
            text: A
            feedback: F
            rating: poor
            next: m09-s1-n2
          - id: b
            text: B
            feedback: F
            rating: good
            effects: {vertrauen: +1, notiert: true}
            next: m09-s1-n2
      - id: m09-s1-n2
        title: Zwei
        text: T
        variants:
          - when: {notiert: true}
            text: T2
        choices:
          - id: a
            text: A
            feedback: F
            rating: good
            effects: {vertrauen: +1}
            next: m09-s1-e2
            routes:
              - when: {vertrauen: {min: 2}, notiert: true}
                next: m09-s1-e1
          - id: b
            text: B
            feedback: F
            rating: poor
            when: {chose: [m09-s1-n1.a]}
            next: m09-s1-e2
      - id: m09-s1-e1
        title: Gut
        text: T
        ending: {rating: good, debrief: D}
      - id: m09-s1-e2
        title: Mittel
        text: T
        ending:
          rating: mixed
          debrief: D
          variants:
            - when: {vertrauen: 0}
              debrief: D0
"""


def load(tmp_path: Path, text: str) -> Course:
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "quizzes").mkdir(exist_ok=True)
    (tmp_path / "modules").mkdir(exist_ok=True)
    (tmp_path / FILE).write_text(text, encoding="utf-8")
    return Course.load(tmp_path)


def errors_for(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load(tmp_path, text)
    return [str(e) for e in info.value.errors]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    return [i for i, line in enumerate(text.splitlines(), 1) if needle in line][nth - 1]


def edit(old: str, new: str) -> str:
    assert old in CASE, old
    return CASE.replace(old, new, 1)


def test_the_case_loads_and_is_sound(tmp_path):
    s = load(tmp_path, CASE).modules["m09"].scenarios[0]
    result = analyse(s)
    assert result.reached == {n.id for n in s.nodes}
    assert not (result.dead_ends or result.no_exit or result.never_held or result.too_many)


# ----------------------------------------------------------------- format errors, located


@pytest.mark.parametrize(
    ("old", "new", "needle", "path", "message"),
    [
        (
            "effects: {vertrauen: +1, notiert: true}",
            "effects: {vertraun: +1, notiert: true}",
            "effects: {vertraun",
            "scenarios[0].nodes[0].choices[1].effects.vertraun",
            "unknown variable 'vertraun' — declare it under the scenario's variables: (known: notiert, vertrauen)",
        ),
        (
            "effects: {vertrauen: +1, notiert: true}",
            "effects: {vertrauen: true, notiert: true}",
            "effects: {vertrauen: true",
            "scenarios[0].nodes[0].choices[1].effects.vertrauen",
            "vertrauen is a number — add to it, e.g. +1 or -1",
        ),
        (
            "effects: {vertrauen: +1, notiert: true}",
            "effects: {vertrauen: +1, notiert: 1}",
            "effects: {vertrauen: +1, notiert: 1}",
            "scenarios[0].nodes[0].choices[1].effects.notiert",
            "notiert is a flag — set it to true or false",
        ),
        (
            "notiert: {type: flag, start: false, label: Notiert}",
            "notiert: {type: flag, start: 0, label: Notiert}",
            "notiert: {type: flag",
            "scenarios[0].variables.notiert.start",
            "notiert is a flag — start it with true or false",
        ),
        (
            "vertrauen: {type: number, start: 0, min: 0, max: 3, label: Vertrauen}",
            "vertrauen: {type: number, start: 5, min: 0, max: 3, label: Vertrauen}",
            "vertrauen: {type: number",
            "scenarios[0].variables.vertrauen.start",
            "start 5 lies outside min/max — start within the range",
        ),
        (
            "- when: {notiert: true}",
            "- when: {notiert: ja}",
            "- when: {notiert: ja}",
            "scenarios[0].nodes[1].variants[0].when.notiert",
            "notiert is a flag — compare it with true or false",
        ),
        (
            "- when: {notiert: true}",
            "- when: {gelesen: true}",
            "- when: {gelesen",
            "scenarios[0].nodes[1].variants[0].when.gelesen",
            "unknown variable 'gelesen' — declare it under the scenario's variables: or correct its spelling "
            "(known: notiert, vertrauen; keywords: all, any, not, chose)",
        ),
        (
            "- when: {vertrauen: {min: 2}, notiert: true}",
            "- when: {vertrauen: {min: 3, max: 1}, notiert: true}",
            "- when: {vertrauen: {min: 3, max: 1}",
            "scenarios[0].nodes[1].choices[0].routes[0].when.vertrauen",
            "can never hold: min 3 is larger than max 1 — swap them",
        ),
        (
            "- when: {vertrauen: {min: 2}, notiert: true}",
            "- when: {vertrauen: {min: 4}, notiert: true}",
            "- when: {vertrauen: {min: 4}",
            "scenarios[0].nodes[1].choices[0].routes[0].when.vertrauen",
            "can never hold: vertrauen never exceeds its max 3 — lower the test or raise max",
        ),
        (
            "- when: {vertrauen: {min: 2}, notiert: true}",
            "- when: {vertrauen: hoch, notiert: true}",
            "- when: {vertrauen: hoch",
            "scenarios[0].nodes[1].choices[0].routes[0].when.vertrauen",
            "vertrauen is a number — compare it with a number (e.g. 2) or a range (e.g. {min: 2})",
        ),
        (
            "when: {chose: [m09-s1-n1.a]}",
            "when: {chose: [m09-s1-n1.x]}",
            "when: {chose: [m09-s1-n1.x]}",
            "scenarios[0].nodes[1].choices[1].when.chose[0]",
            "'m09-s1-n1.x' is not a choice of this scenario — write <node id>.<choice id>, e.g. m09-s1-n1.a",
        ),
        (
            "when: {chose: [m09-s1-n1.a]}",
            "when: {any: []}",
            "when: {any: []}",
            "scenarios[0].nodes[1].choices[1].when.any",
            "any takes a list of conditions — write e.g. any: [{vertrauen: {min: 1}}, {…}]",
        ),
        (
            "when: {chose: [m09-s1-n1.a]}",
            "when: {}",
            "when: {}",
            "scenarios[0].nodes[1].choices[1].when",
            "the condition is empty — add a test (e.g. dokumentiert: true) or remove it",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("scenarios") else None,
)
def test_bad_state_is_located(tmp_path, old, new, needle, path, message):
    text = edit(old, new)
    assert f"{FILE}:{line_of(text, needle)}: {path}: {message}" in errors_for(tmp_path, text)


def test_rating_is_required(tmp_path):
    text = CASE.replace("            rating: poor\n            next: m09-s1-n2\n", "            next: m09-s1-n2\n", 1)
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, '- id: a')}: scenarios[0].nodes[0].choices[0].rating: "
        "required field 'rating' is missing — add it"
    ]


def test_route_into_nowhere(tmp_path):
    text = edit("                next: m09-s1-e1\n", "                next: m09-s1-e9\n")
    assert (
        f"{FILE}:{line_of(text, 'next: m09-s1-e9')}: scenarios[0].nodes[1].choices[0].routes[0].next: "
        "'m09-s1-e9' is not a node of scenario m09-s1 — point 'next' to one of its node ids"
    ) in errors_for(tmp_path, text)


# ------------------------------------------------------------ the play-through (kursbuch check)


def test_ending_that_conditions_never_reach(tmp_path):
    # Trust can reach 2 only through choice b; requiring notiert false as well closes the way.
    text = edit("- when: {vertrauen: {min: 2}, notiert: true}", "- when: {vertrauen: {min: 2}, notiert: false}")
    msgs = errors_for(tmp_path, text)
    assert (
        f"{FILE}:{line_of(text, '- id: m09-s1-e1')}: scenarios[0].nodes[2].id: ending 'm09-s1-e1' can never be "
        "reached: the conditions on the way to it never let a learner through — loosen them or change the routes"
    ) in msgs
    assert (
        f"{FILE}:{line_of(text, 'notiert: false}')}: scenarios[0].nodes[1].choices[0].routes[0].when: "
        "this condition never holds on any way through the case — correct it or remove it"
    ) in msgs


def test_dead_end(tmp_path):
    # After choice b of n1, choice b of n2 is hidden; hiding a as well leaves nothing to choose.
    text = edit(
        "            effects: {vertrauen: +1}\n            next: m09-s1-e2\n",
        "            effects: {vertrauen: +1}\n            when: {notiert: false}\n            next: m09-s1-e2\n",
    )
    assert (
        f"{FILE}:{line_of(text, 'choices:', 2)}: scenarios[0].nodes[1].choices: dead end: after m09-s1-n1.b no "
        "choice of 'm09-s1-n2' is shown — add a choice without 'when' or loosen the conditions"
    ) in errors_for(tmp_path, text)


def test_loop_without_exit_that_only_the_state_shows(tmp_path):
    # n2's choice a loops back to n1 once notiert is set; after b (notiert) there is no way out.
    text = edit(
        "            rating: poor\n            when: {chose: [m09-s1-n1.a]}\n            next: m09-s1-e2\n",
        "            rating: poor\n            when: {notiert: false}\n            next: m09-s1-e2\n",
    )
    text = text.replace(
        "            next: m09-s1-e2\n            routes:\n              - when: {vertrauen: {min: 2}, notiert: true}\n"
        "                next: m09-s1-e1\n",
        "            next: m09-s1-e2\n            routes:\n              - when: {notiert: true}\n"
        "                next: m09-s1-n1\n              - when: {vertrauen: 3}\n                next: m09-s1-e1\n",
    )
    msgs = errors_for(tmp_path, text)
    assert any("no way out: after m09-s1-n1.b no ending can be reached from 'm09-s1-n2'" in m for m in msgs), msgs


def test_numbers_without_bounds_in_a_loop_are_reported(tmp_path):
    text = CASE.replace("min: 0, max: 3, ", "").replace(
        "            next: m09-s1-e2\n            routes:\n",
        "            next: m09-s1-e2\n            routes:\n              - when: {notiert: true}\n"
        "                next: m09-s1-n1\n",
    )
    msgs = errors_for(tmp_path, text)
    assert any(
        "scenarios[0].variables: the case has too many states to check — give number variables a min and max" in m
        for m in msgs
    ), msgs


# ------------------------------------------------------------------ the lint's rules of judgement


def scenario(tmp_path: Path, text: str):
    """The model alone: the lint judges cases that kursbuch check may still reject for other reasons."""
    path = tmp_path / "m09.yml"
    path.write_text(text, encoding="utf-8")
    return load_module_file(path, FILE)[0].scenarios[0]


def test_good_case_passes_the_rules(tmp_path):
    assert lint_case_rules("m09", scenario(tmp_path, CASE), ScenarioRules()) == []


def test_decision_without_consequence(tmp_path):
    text = edit("            effects: {vertrauen: +1, notiert: true}\n", "").replace(
        "when: {chose: [m09-s1-n1.a]}", "when: {vertrauen: 0}"
    )
    text = text.replace("- when: {vertrauen: {min: 2}, notiert: true}", "- when: {vertrauen: {min: 1}}")
    text = text.replace("        variants:\n          - when: {notiert: true}\n            text: T2\n", "")
    rules = ScenarioRules()
    msgs = lint_case_rules("m09", scenario(tmp_path, text), rules)
    assert (
        "quizzes/m09.yml: m09-s1: m09-s1-n1: every choice leads to m09-s1-n2 and changes nothing — let each choice "
        "change the path or the case's state (effects), or give same_outcome_reason"
    ) in msgs
    reasoned = text.replace(
        "        title: Eins\n", "        title: Eins\n        same_outcome_reason: Nur ein Einstieg.\n"
    )
    assert not any("changes nothing" in m for m in lint_case_rules("m09", scenario(tmp_path, reasoned), rules))


def test_a_choice_a_condition_asks_about_is_a_consequence(tmp_path):
    # n1's choices differ only in what they are remembered as: CASE's n2 asks about n1.a.
    text = edit("            effects: {vertrauen: +1, notiert: true}\n", "")
    text = text.replace("- when: {vertrauen: {min: 2}, notiert: true}", "- when: {vertrauen: {min: 1}}")
    assert not any("changes nothing" in m for m in lint_case_rules("m09", scenario(tmp_path, text), ScenarioRules()))


def test_good_ending_through_poor_choices_prints_the_path(tmp_path):
    # Without the route the good ending is the plain next, reachable after a poor first choice and a poor second.
    text = edit(
        "            rating: poor\n            when: {chose: [m09-s1-n1.a]}\n            next: m09-s1-e2\n",
        "            rating: poor\n            when: {chose: [m09-s1-n1.a]}\n            next: m09-s1-e1\n",
    )
    msgs = lint_case_rules("m09", scenario(tmp_path, text), ScenarioRules())
    assert (
        "quizzes/m09.yml: m09-s1: the good ending m09-s1-e1 is reached with 2 poor choices: m09-s1-n1.a → "
        "m09-s1-n2.b — allow at most 1 (route the case by its state, e.g. a route with when:)"
    ) in msgs
    assert not any(
        "poor choices" in m for m in lint_case_rules("m09", scenario(tmp_path, text), ScenarioRules(max_poor_to_good=2))
    )


def test_best_choice_always_in_one_place(tmp_path):
    text = CASE.replace(
        "            rating: poor\n            next: m09-s1-n2\n",
        "            rating: good\n            next: m09-s1-n2\n",
        1,
    )
    msgs = lint_case_rules("m09", scenario(tmp_path, text), ScenarioRules())
    assert (
        "quizzes/m09.yml: m09-s1: the best choice is always choice a (position 1) at all 2 decisions — vary its position"
        in msgs
    )
    assert lint_case_rules("m09", scenario(tmp_path, text), ScenarioRules(best_choice_position=False)) == []


# ------------------------------------------------------------------------- the decision map


def test_decision_map_shows_ratings_effects_and_conditions(tmp_path):
    from kursbuch.core.decision_map import svg, text_alternative

    s = scenario(tmp_path, CASE)
    text = text_alternative(s)
    assert "Der Fall merkt sich: Vertrauen (Zahl, Start: 0); Notiert (ja/nein, Start: nein)." in text
    assert (
        "Möglichkeit 2: B → weiter bei Schritt 2 („Zwei“); Bewertung: günstig; Wirkung: Vertrauen +1, Notiert: ja"
        in text
    )
    assert (
        "Bewertung: günstig; Wirkung: Vertrauen +1; wenn Vertrauen mindestens 2 und Notiert: ja: "
        "weiter bei Schritt 4 („Gut“)"
    ) in text
    assert "Bewertung: ungünstig; nur sichtbar, wenn bei „Eins“ Möglichkeit 1 gewählt" in text
    assert "Eigene Fassung des Texts, wenn Notiert: ja" in text
    assert "Eigene Fassung der Auswertung, wenn Vertrauen genau 0" in text
    picture = svg(s)
    assert ">1 (bedingt)</text>" in picture and 'stroke-dasharray="6 4"' in picture
    assert (
        "<title>Möglichkeit 1: ungünstig; Möglichkeit 2: günstig; Wirkung: Vertrauen +1, Notiert: ja</title>" in picture
    )
