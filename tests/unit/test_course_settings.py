"""Course settings (``kursbuch:`` in _config.yml): neutral defaults, this course's values, located errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest import SOURCE, run_kursbuch

from kursbuch.core.course_settings import CourseSettings, load_course_settings
from kursbuch.core.errors import ContentErrors
from kursbuch.core.project import Course
from kursbuch.core.render import spec


def course(tmp_path: Path, config: str) -> Path:
    (tmp_path / "_config.yml").write_text(config, encoding="utf-8")
    return tmp_path


def errors(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as exc:
        load_course_settings(root)
    return [str(e) for e in exc.value.errors]


def test_defaults_are_neutral(tmp_path):
    for root in (tmp_path, course(tmp_path, 'title: "Ein Kurs"\n')):  # no file, then a file without the block
        s = load_course_settings(root)
        assert s == CourseSettings()
        assert s.scenario_badge is None
        assert s.required_sections(root) == []
        assert s.lint.denylist is None and s.lint.objectives is None and s.lint.reviews is None
        assert not (s.lint.scenario.required or s.lint.quiz.required or s.lint.glossary.required)


def test_this_course_sets_its_own_rules():
    s = load_course_settings(SOURCE)
    assert s.scenario_badge == "Fiktiver Fall"
    assert s.required_sections(SOURCE) == [
        "Lernziele",
        "Einstieg",
        "Hintergrund",
        "Recht und Praxis",
        "Fallbeispiel",
        "Wissenscheck",
        "Arbeitshilfe",
        "Wenn Sie selbst betroffen sind",
        "Reflexion",
        "Das Wichtigste in Kürze",
        "{trainer-notes}",
        "Quellen",
    ]
    assert (s.lint.quiz.min_items, s.lint.quiz.min_types, s.lint.trainer_minutes) == (8, 3, 90)
    assert (s.lint.quiz.min_judgement, s.lint.quiz.min_transfer, s.lint.quiz.max_project) == (2, 6, 1)
    assert s.lint.scenario.rule_level == "error" and s.lint.reading_ease and s.lint.reading_ease.min == 45
    assert "Wenn jemand eigene Erfahrungen schildert" in s.lint.trainer_parts and s.lint.time_line
    assert s.handouts.participant_before == ["Lernziele", "Das Wichtigste in Kürze"]
    assert s.handouts.participant_after == ["Arbeitshilfe", "Quellen"] and s.handouts.trainer == [
        "{trainer-notes}",
        "Lernziele",
    ]


def test_handouts_reprint_the_sections_the_course_names(tmp_path):
    """The handouts' sections come from the course: a neutral default reprints only the trainer notes."""
    from kursbuch.handouts import participant_html, trainer_html

    sections = {"Ziele": "<p>ZIEL-TEXT</p>", "Quellen": "<p>QUELLEN-TEXT</p>", "{trainer-notes}": "<p>NOTIZ</p>"}
    root = course(tmp_path, "kursbuch:\n  handouts:\n    participant_before: [Ziele]\n    trainer: [Ziele]\n")
    (root / "quizzes").mkdir()
    (root / "quizzes" / "m01.yml").write_text("module: m01\n", encoding="utf-8")
    loaded = Course.load(root)
    participant = participant_html("T", sections, loaded, "m01")
    assert "<h2>Ziele</h2><p>ZIEL-TEXT</p>" in participant and "QUELLEN-TEXT" not in participant
    trainer = trainer_html("T", sections, loaded, "m01")
    assert "ZIEL-TEXT" in trainer and "NOTIZ" not in trainer
    default = CourseSettings().handouts
    assert (default.participant_before, default.participant_after, default.trainer) == ([], [], ["{trainer-notes}"])


def test_scorm_block_is_left_to_the_exporter(tmp_path):
    root = course(tmp_path, "kursbuch:\n  scorm:\n    versions: ['1.2']\n  scenario_badge: Übung\n")
    assert load_course_settings(root).scenario_badge == "Übung"


def test_unknown_key_names_file_line_and_fix(tmp_path):
    root = course(tmp_path, "title: x\nkursbuch:\n  lint:\n    quiz:\n      min_item: 3\n")
    assert errors(root) == [
        "_config.yml:5: kursbuch.lint.quiz.min_item: unknown field 'min_item' — remove it or correct its spelling"
    ]


def test_wrong_type_is_located(tmp_path):
    root = course(tmp_path, "kursbuch:\n  lint:\n    trainer_minutes: neunzig\n")
    (message,) = errors(root)
    assert message.startswith("_config.yml:3: kursbuch.lint.trainer_minutes: ")
    assert "neunzig" in message


def test_missing_file_bad_pattern_and_range(tmp_path):
    root = course(
        tmp_path,
        "kursbuch:\n"
        "  module_template: vorlagen/mXX.md\n"
        "  lint:\n"
        "    fiction_pattern: 'erfunden|('\n"
        "    objectives: {section: Ziele, min: 5, max: 3}\n"
        "    denylist: fehlt.txt\n",
    )
    found = errors(root)
    assert (
        "_config.yml:2: kursbuch.module_template: file 'vorlagen/mXX.md' not found — "
        "give a path relative to the course folder, or remove the key"
    ) in found
    assert any(m.startswith("_config.yml:4: kursbuch.lint.fiction_pattern: not a regular expression") for m in found)
    assert "_config.yml:5: kursbuch.lint.objectives.min: is larger than max — set min ≤ max" in found
    assert any(m.startswith("_config.yml:6: kursbuch.lint.denylist: file 'fehlt.txt' not found") for m in found)


def test_block_must_be_a_mapping(tmp_path):
    root = course(tmp_path, "kursbuch: ja\n")
    assert errors(root) == [
        "_config.yml:1: kursbuch: is not a mapping — write the settings as key: value lines, indented under kursbuch:"
    ]


def test_badge_reaches_the_case_spec(course_copy):
    assert spec(Course.load(course_copy).activity("m01-s1"))["badge"] == "Fiktiver Fall"
    quiz_file = course_copy / "quizzes" / "m01.yml"
    text = quiz_file.read_text(encoding="utf-8")
    quiz_file.write_text(text.replace("  - id: m01-s1\n", "  - id: m01-s1\n    badge: Übungsfall\n", 1), "utf-8")
    assert spec(Course.load(course_copy).activity("m01-s1"))["badge"] == "Übungsfall"  # the case's own wins
    config = course_copy / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('  scenario_badge: "Fiktiver Fall"\n', ""), "utf-8")
    assert "badge" not in spec(Course.load(course_copy).activity("m02-s1"))


def test_check_reports_a_bad_setting(course_copy):
    config = course_copy / "_config.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    n = lines.index('  scenario_badge: "Fiktiver Fall"')
    lines[n] = "  scenario_bagde: Fiktiver Fall"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_kursbuch("check", cwd=course_copy)
    assert result.returncode == 1
    assert (
        f"_config.yml:{n + 1}: kursbuch.scenario_bagde: unknown field 'scenario_bagde' — "
        "remove it or correct its spelling" in result.stderr
    )
