"""Malformed content: every problem is reported with file, line, path and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from kursbuch.core import ContentErrors, Course
from kursbuch.items import NAMES

VALID = """\
module: m09
quizzes:
  - id: m09-quiz
    title: Test
    items:
      - id: m09-q1
        type: single
        prompt: Frage?
        options:
          - id: a
            text: A
            feedback: FA
          - id: b
            text: B
            feedback: FB
        answer: a
        explanation: E1
      - id: m09-q2
        type: matching
        prompt: Zuordnen
        categories:
          - {id: x, label: X}
          - {id: y, label: Y}
        entries:
          - {id: e1, text: E1, category: x, feedback: F}
          - {id: e2, text: E2, category: y, feedback: F}
        explanation: E2
scenarios:
  - id: m09-s1
    title: Fall
    intro: Fiktiv.
    start: m09-s1-n1
    nodes:
      - id: m09-s1-n1
        title: Start
        text: Situation
        choices:
          - {id: a, text: A, feedback: F, rating: good, next: m09-s1-n2}
          - {id: b, text: B, feedback: F, rating: poor, next: m09-s1-e2}
      - id: m09-s1-n2
        title: Mitte
        text: Situation
        choices:
          - {id: a, text: A, feedback: F, rating: good, next: m09-s1-e1}
          - {id: b, text: B, feedback: F, rating: poor, next: m09-s1-e2}
      - id: m09-s1-e1
        title: Ende 1
        text: T
        ending: {rating: good, debrief: D}
      - id: m09-s1-e2
        title: Ende 2
        text: T
        ending: {rating: poor, debrief: D}
"""
FILE = "quizzes/m09.yml"


def project(tmp_path: Path, text: str, page: str | None = None, extra: dict[str, str] | None = None) -> Path:
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "modules").mkdir()
    (tmp_path / FILE).write_text(text, encoding="utf-8")
    for name, content in (extra or {}).items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    if page is not None:
        (tmp_path / "modules" / "m09.md").write_text(page, encoding="utf-8")
    return tmp_path


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def errors_for(tmp_path: Path, text: str, **kw) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        Course.load(project(tmp_path, text, **kw))
    return [str(e) for e in info.value.errors]


def test_valid_file_loads(tmp_path):
    course = Course.load(project(tmp_path, VALID, page='quiz("m09-quiz")\nscenario("m09-s1")\n'))
    assert [a.id for a in course.modules["m09"].activities()] == ["m09-quiz", "m09-s1"]


def test_answer_not_an_option(tmp_path):
    text = VALID.replace("        answer: a\n", "        answer: e\n")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'answer: e')}: quizzes[0].items[0].answer: "
        "'e' is not one of the options a, b — name an existing option id"
    ]


def test_missing_required_field(tmp_path):
    text = VALID.replace("        explanation: E1\n", "")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, '- id: m09-q1')}: quizzes[0].items[0].explanation: "
        "required field 'explanation' is missing — add it"
    ]


def test_misspelt_field_reports_unknown_and_missing(tmp_path):
    text = VALID.replace("            feedback: FA\n", "            fedback: FA\n")
    line = line_of(text, "fedback")
    option_line = line_of(text, "- id: a")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{option_line}: quizzes[0].items[0].options[0].feedback: required field 'feedback' is missing — add it",
        f"{FILE}:{line}: quizzes[0].items[0].options[0].fedback: unknown field 'fedback' — remove it or correct its spelling",
    ]


def test_unknown_item_type(tmp_path):
    text = VALID.replace("type: single", "type: essay")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'type: essay')}: quizzes[0].items[0].type: unknown item type 'essay' — use one of "
        + ", ".join(NAMES)  # every registered type, in the registry's order
    ]
    assert NAMES[:5] == ["single", "multiple", "truefalse", "matching", "ordering"]


def test_wrong_value_type(tmp_path):
    text = VALID.replace("        answer: a\n", "        answer: a\n        points: viele\n")
    (msg,) = errors_for(tmp_path, text)
    assert msg.startswith(f"{FILE}:{line_of(text, 'points: viele')}: quizzes[0].items[0].points: ")
    assert "is not a whole number — write one" in msg and "'viele'" in msg


def test_yaml_syntax_error(tmp_path):
    text = VALID.replace("    title: Test\n", "    title: Test: kaputt\n")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'Test: kaputt')}: (top level): YAML syntax error: mapping values are not allowed "
        "here — fix the YAML syntax (indentation, quotes, ':')"
    ]


def test_duplicate_key_in_yaml(tmp_path):
    text = VALID.replace("    title: Test\n", "    title: Test\n    title: Nochmal\n")
    (msg,) = errors_for(tmp_path, text)
    assert msg.startswith(f"{FILE}:{line_of(text, 'title: Nochmal')}: (top level): YAML syntax error: ")
    assert "duplicate" in msg and "remove or rename the repeated key" in msg


def test_duplicate_option_id(tmp_path):
    text = VALID.replace("          - id: b\n            text: B\n", "          - id: a\n            text: B\n")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, '- id: a', 2)}: quizzes[0].items[0].options[1].id: "
        "option id 'a' is used twice here — give each option id its own id"
    ]


def test_duplicate_ids_across_files(tmp_path):
    other = VALID.replace("m09", "m08").replace("- id: m08-q2", "- id: m09-q2")
    msgs = errors_for(tmp_path, VALID, extra={"quizzes/m08.yml": other})
    first = f"quizzes/m08.yml:{line_of(other, '- id: m09-q2')}"
    assert (
        f"{FILE}:{line_of(VALID, '- id: m09-q2')}: quizzes[0].items[1].id: id 'm09-q2' is already used at {first} — give it an id of its own (ids are unique in the course)"
        in msgs
    )
    assert f"{first}: quizzes[0].items[1].id: item id 'm09-q2' must start with 'm08-' — rename it, e.g. m08-q01" in msgs


def test_unknown_matching_category(tmp_path):
    text = VALID.replace("category: y", "category: z")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'category: z')}: quizzes[0].items[1].entries[1].category: "
        "'z' is not one of the categories x, y — name an existing category id"
    ]


def test_dangling_next(tmp_path):
    text = VALID.replace("next: m09-s1-n2}", "next: m09-s1-n7}")
    msgs = errors_for(tmp_path, text)
    assert (
        f"{FILE}:{line_of(text, 'next: m09-s1-n7')}: scenarios[0].nodes[0].choices[0].next: "
        "'m09-s1-n7' is not a node of scenario m09-s1 — point 'next' to one of its node ids"
    ) in msgs
    # n2 is now reachable from nowhere, and that is reported too.
    assert any("scenarios[0].nodes[1].id: node 'm09-s1-n2' cannot be reached from the start" in m for m in msgs)


def test_unreachable_node(tmp_path):
    text = VALID.replace("next: m09-s1-e1}", "next: m09-s1-e2}")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, '- id: m09-s1-e1')}: scenarios[0].nodes[2].id: node 'm09-s1-e1' cannot be "
        "reached from the start — let a choice lead to it or remove it"
    ]


def test_path_that_never_ends(tmp_path):
    text = VALID.replace(
        "          - {id: a, text: A, feedback: F, rating: good, next: m09-s1-e1}\n          - {id: b, text: B, feedback: F, rating: poor, next: m09-s1-e2}\n",
        "          - {id: a, text: A, feedback: F, rating: good, next: m09-s1-n2}\n          - {id: b, text: B, feedback: F, rating: poor, next: m09-s1-n2}\n",
    )
    msgs = errors_for(tmp_path, text)
    assert (
        f"{FILE}:{line_of(text, '- id: m09-s1-n2')}: scenarios[0].nodes[1].id: from node 'm09-s1-n2' no path "
        "reaches an ending (a loop without exit) — add a choice towards an ending"
    ) in msgs


def test_scenario_without_ending(tmp_path):
    text = VALID.split("      - id: m09-s1-e1\n")[0].replace("m09-s1-e1", "m09-s1-n1").replace("m09-s1-e2", "m09-s1-n2")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'nodes:')}: scenarios[0].nodes: the scenario has no ending — give at least one node 'ending:'"
    ]


def test_ending_node_with_choices(tmp_path):
    text = VALID.replace(
        "        ending: {rating: poor, debrief: D}\n",
        "        ending: {rating: poor, debrief: D}\n        choices:\n          - {id: a, text: A, feedback: F, rating: good, next: m09-s1-n1}\n",
    )
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'choices:', 3)}: scenarios[0].nodes[3].choices: an ending node has no choices — "
        "remove 'choices' or 'ending'"
    ]


def test_bad_rating(tmp_path):
    text = VALID.replace("ending: {rating: poor", "ending: {rating: awful")
    (msg,) = errors_for(tmp_path, text)
    assert msg.startswith(
        f"{FILE}:{line_of(text, 'rating: awful')}: scenarios[0].nodes[3].ending.rating: 'awful' is not allowed"
    )
    assert "'good', 'mixed' or 'poor'" in msg


def test_module_id_must_match_file(tmp_path):
    text = VALID.replace("module: m09", "module: m10")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:1: module: module 'm10' does not match the file name — write module: m09"
    ]


def test_id_must_start_with_module(tmp_path):
    text = VALID.replace("- id: m09-quiz", "- id: quiz-eins")
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'quiz-eins')}: quizzes[0].id: id 'quiz-eins' must start with 'm09-' (the module id) — rename it"
    ]


def test_invalid_id_characters(tmp_path):
    text = VALID.replace("- id: m09-q1", "- id: M09 Frage 1")
    (msg,) = errors_for(tmp_path, text)
    assert msg == (
        f"{FILE}:{line_of(text, 'M09 Frage 1')}: quizzes[0].items[0].id: 'M09 Frage 1' is not a valid id — "
        "use lowercase letters, digits and '-' (e.g. m01-q03, or a, b, c inside an item)"
    )


def test_multiple_choice_with_unknown_answer(tmp_path):
    text = (
        VALID.replace("type: single", "type: multiple")
        .replace("        answer: a\n", "        answer: [a, q]\n")
        .replace(
            "          - id: b\n            text: B\n            feedback: FB\n",
            "          - id: b\n            text: B\n            feedback: FB\n          - id: c\n            text: C\n            feedback: FC\n",
        )
    )
    assert errors_for(tmp_path, text) == [
        f"{FILE}:{line_of(text, 'answer: [a, q]')}: quizzes[0].items[0].answer[1]: "
        "'q' is not one of the options a, b, c — name an existing option id"
    ]


def test_page_calls_unknown_activity(tmp_path):
    page = '# Modul\n\n```{code-cell} ipython3\nquiz("m09-nichtda")\n```\n\nscenario("m09-quiz")\n'
    msgs = errors_for(tmp_path, VALID, page=page)
    assert msgs == [
        "modules/m09.md:4: quiz(): no quiz with id 'm09-nichtda' in quizzes/*.yml — check the id",
        "modules/m09.md:7: scenario(): 'm09-quiz' is a quiz — call quiz('m09-quiz')",
    ]


def test_not_utf8(tmp_path):
    root = project(tmp_path, VALID)
    (root / FILE).write_bytes("module: m09\ntitle: Übung\n".encode("latin-1"))
    with pytest.raises(ContentErrors) as info:
        Course.load(root)
    assert str(info.value.errors[0]) == (
        f"{FILE}:2: (top level): byte 0xDC is not UTF-8: the file looks like Latin-1/Windows-1252 text — "
        "save it as UTF-8 (als UTF-8 speichern)"
    )


def test_all_problems_of_all_files_at_once(tmp_path):
    broken = VALID.replace("        answer: a\n", "        answer: e\n")
    other = VALID.replace("m09", "m08").replace("rating: poor", "rating: awful")
    msgs = errors_for(tmp_path, broken, extra={"quizzes/m08.yml": other})
    assert any(m.startswith("quizzes/m08.yml:") for m in msgs)
    assert any(m.startswith("quizzes/m09.yml:") for m in msgs)


def test_fast_loader_is_the_round_trip_loader(monkeypatch):
    """libyaml and the round-trip loader give the same model for every quiz file of the course."""
    from kbtest import SOURCE

    from kursbuch.core import loader
    from kursbuch.core.loader import _UNREAD, _fast_load, load_module_file

    files = sorted((SOURCE / "quizzes").glob("*.yml"))
    assert files
    for path in files:
        assert _fast_load(path.read_text(encoding="utf-8")) is not _UNREAD, f"{path.name}: libyaml not used"
    fast = [load_module_file(p, p.name)[0] for p in files]
    monkeypatch.setattr(loader, "_fast_load", lambda text: _UNREAD)
    monkeypatch.setattr(loader, "_LOADED", {})  # parse again, not from this process's cache
    slow = [load_module_file(p, p.name)[0] for p in files]
    assert fast == slow


def test_problems_found_after_the_fast_load_have_lines(tmp_path):
    """A file libyaml reads without complaint still gets the line of a model or check problem."""
    bad = VALID.replace("answer: a\n", "answer: z\n").replace("category: y, feedback", "category: q, feedback")
    with pytest.raises(ContentErrors) as info:
        Course.load(project(tmp_path, bad))
    lines = sorted(e.line for e in info.value.errors)
    assert lines == [line_of(bad, "answer: z"), line_of(bad, "category: q")], info.value.report()


def test_a_changed_file_is_read_again_even_at_the_same_size(tmp_path):
    """Files are reused within a process by their text (``kursbuch watch``), never by size or time."""
    root = project(tmp_path, VALID, page='quiz("m09-quiz")\nscenario("m09-s1")\n')
    assert Course.load(root).activity("m09-quiz").items[0].prompt == "Frage?"
    quiz = root / "quizzes" / "m09.yml"
    quiz.write_text(VALID.replace("prompt: Frage?", "prompt: Frage!"), encoding="utf-8")  # same size
    assert Course.load(root).activity("m09-quiz").items[0].prompt == "Frage!"


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        (
            "          - id: a\n            text: A\n",
            "          - id: constructor\n            text: A\n",
            "options[0].id",
        ),
        ("          - {id: e1,", "          - {id: prototype,", "entries[0].id"),
    ],
)
def test_ids_that_javascript_objects_already_use_are_refused(tmp_path, old, new, path):
    """An answer stored under "constructor" or "prototype" would be lost in the browser: the format refuses them."""
    text = VALID.replace(old, new, 1).replace("answer: a\n", "answer: b\n", 1)
    word = "constructor" if "constructor" in new else "prototype"
    item = 0 if word == "constructor" else 1
    (msg,) = errors_for(tmp_path, text)
    assert msg == (
        f"{FILE}:{line_of(text, word)}: quizzes[0].items[{item}].{path}: '{word}' cannot be used as an id: "
        f"browsers use this name internally, the answer would be lost; choose another id (e.g. {word}1)"
    )


def test_a_case_variable_called_constructor_is_refused(tmp_path):
    text = VALID.replace(
        "    start: m09-s1-n1\n",
        "    variables:\n      constructor: {type: flag, start: false, label: L}\n    start: m09-s1-n1\n",
    )
    (msg,) = errors_for(tmp_path, text)
    assert msg.startswith(f"{FILE}:{line_of(text, 'constructor')}: scenarios[0].variables")
    assert "'constructor' cannot be used as an id" in msg


def test_proto_is_not_an_id(tmp_path):
    text = VALID.replace("- id: m09-q1", "- id: __proto__")
    (msg,) = errors_for(tmp_path, text)
    assert msg.startswith(f"{FILE}:{line_of(text, '__proto__')}: quizzes[0].items[0].id: '__proto__' is not a valid id")
