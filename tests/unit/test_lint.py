"""The content lint passes for every module, and it fails for each rule it enforces."""

from __future__ import annotations

import hashlib

from kbtest import SOURCE, run_kursbuch

from kursbuch.lint import denied_words, lint_course, load_denylist, normalise, word_hash


def test_every_module_follows_the_template_and_the_rules():
    assert lint_course(SOURCE) == []


def test_lint_command(course_copy):
    result = run_kursbuch("lint", cwd=course_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:")


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(root):
    return "\n".join(lint_course(root))


def test_missing_section(course_copy):
    edit(course_copy / "modules" / "m01.md", "## Das Wichtigste in Kürze", "## Zusammenfassung")
    assert "modules/m01.md: sections must be, in this order:" in problems(course_copy)


def test_learning_objectives_count(course_copy):
    page = course_copy / "modules" / "m01.md"
    text = page.read_text(encoding="utf-8")
    head, rest = text.split("## Lernziele", 1)
    goals, tail = rest.split("## Einstieg", 1)
    page.write_text(head + "## Lernziele\n\n- nur eins\n\n## Einstieg" + tail, encoding="utf-8")
    assert "Lernziele has 1 objectives; write 3 to 5" in problems(course_copy)


def test_trainer_minutes_must_add_up_to_90(course_copy):
    edit(course_copy / "modules" / "m01.md", "(10 Min.)", "(20 Min.)")
    assert "modules/m01.md: trainer-notes phases add up to 100 minutes" in problems(course_copy)


def test_undefined_glossary_term(course_copy):
    edit(course_copy / "modules" / "m01.md", "{term}`Fürsorgepflicht`", "{term}`Fürsorgepflichten`")
    assert "glossary term 'Fürsorgepflichten' is not defined in glossar.md" in problems(course_copy)


def test_fictional_case_must_say_so(course_copy):
    edit(course_copy / "quizzes" / "m01.yml", "Der Fall ist erfunden; er folgt", "Er folgt")
    assert "quizzes/m01.yml: m01-s1: the intro must say that the case is fictional" in problems(course_copy)


def test_violence_needs_a_content_note(course_copy):
    f = course_copy / "quizzes" / "m01.yml"
    text = f.read_text(encoding="utf-8")
    start = text.index("    content_note: >-")
    end = text.index("    intro: >-")
    f.write_text(text[:start] + text[end:], encoding="utf-8")
    assert "m01-s1: the case describes violence, threats or insults: add a content_note" in problems(course_copy)


def test_quiz_too_small(course_copy):
    f = course_copy / "quizzes" / "m01.yml"
    text = f.read_text(encoding="utf-8")
    start, end = text.index("      - id: m01-q06\n"), text.index("  - id: m01-reflexion\n")
    f.write_text(text[:start] + text[end:], encoding="utf-8")
    assert "m01-wissen: 5 scored items in 5 types; a Wissenscheck has at least 6 items in at least 3 types" in problems(
        course_copy
    )


def test_scenario_needs_two_kinds_of_ending(course_copy):
    f = course_copy / "quizzes" / "m01.yml"
    edit(f, "rating: mixed", "rating: good", -1)
    edit(f, "rating: poor", "rating: good", -1)
    assert "m01-s1: needs at least 2 endings with different ratings" in problems(course_copy)


def test_review_file_required_and_rows_traced(course_copy):
    review = course_copy / "docs" / "reviews" / "m01.md"
    edit(review, "| AGG § 13 Abs. 1 |", "| (noch offen) |")
    assert "docs/reviews/m01.md: untraced statement: Recht, sich bei der zuständigen Stelle zu beschweren" in problems(
        course_copy
    )
    review.unlink()
    assert "docs/reviews/m01.md: missing" in problems(course_copy)


def test_sources_section_must_cite(course_copy):
    page = course_copy / "modules" / "m01.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.split("## Quellen")[0] + "## Quellen\n\nDer Fall ist erfunden.\n", encoding="utf-8")
    assert "modules/m01.md: Quellen names no seed document or law" in problems(course_copy)


def test_denylist_matches_normalised_and_inflected_forms(monkeypatch):
    test_hash = word_hash("Testwort")  # stands in for a slur; the real list is never spelt out
    hits = denied_words("Ein TESTWORT, zwei Testworte und Testwörter? Nein: Testwortschatz.", {test_hash})
    assert hits == ["TESTWORT", "Testworte"]
    assert normalise("Übergröße") == "uebergroesse"


def test_denylist_hit_fails_the_lint(course_copy):
    # The course's own list (kursbuch: lint: denylist), here holding a stand-in word of the module.
    (course_copy / "docs" / "denylist.txt").write_text(word_hash("Außendienst") + "\n", encoding="utf-8")
    assert "a word on the deny-list of slurs appears (11 letters): describe, never quote" in problems(course_copy)


def test_denylist_is_hashes_only():
    hashes = load_denylist(SOURCE / "docs" / "denylist.txt")
    assert len(hashes) >= 10
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in hashes)
    assert hashlib.sha256(b"").hexdigest() not in hashes


def set_lint_rules(root, old, new):
    """Edit the course's own rules (kursbuch: lint: in _config.yml)."""
    edit(root / "_config.yml", old, new)


def test_rules_come_from_the_course(course_copy):
    set_lint_rules(course_copy, "quiz: {required: true, min_items: 6,", "quiz: {required: true, min_items: 20,")
    assert "a Wissenscheck has at least 20 items in at least 3 types" in problems(course_copy)


def test_sections_can_be_listed_instead_of_the_template(course_copy):
    set_lint_rules(course_copy, "  lint:\n", "  lint:\n    sections: [Lernziele, Zusammenfassung]\n")
    assert "modules/m01.md: sections must be, in this order: Lernziele, Zusammenfassung; found: Lernziele" in problems(
        course_copy
    )


def test_without_rules_only_what_every_course_needs_is_checked(course_copy):
    config = course_copy / "_config.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("# Kursbuch settings of this course"), text.index("\nexecute:\n")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(course_copy / "modules" / "m01.md", "## Das Wichtigste in Kürze", "## Zusammenfassung")
    docs = course_copy / "docs"
    (docs / "reviews" / "m01.md").unlink()
    assert lint_course(course_copy) == []
    # An undefined glossary term is a broken link in any course.
    edit(course_copy / "modules" / "m01.md", "{term}`Fürsorgepflicht`", "{term}`Fürsorgepflichten`")
    assert "glossary term 'Fürsorgepflichten' is not defined in glossar.md" in problems(course_copy)


def test_case_rules_warn_by_default_and_fail_when_set_to_error(course_copy):
    from kursbuch.lint import lint_report

    errors, warnings = lint_report(course_copy)
    assert errors == []
    assert any("the best choice is always choice a" in w for w in warnings)
    assert not any("m01.yml" in w for w in warnings)  # the demonstration case meets every rule
    result = run_kursbuch("lint", cwd=course_copy)
    assert result.returncode == 0 and "warning: quizzes/m00.yml: m00-s1:" in result.stderr
    edit(
        course_copy / "_config.yml",
        "    scenario:\n      required: true\n",
        "    scenario:\n      rule_level: error\n      required: true\n",
    )
    assert any("the best choice is always choice a" in p for p in lint_course(course_copy))
    assert run_kursbuch("lint", cwd=course_copy).returncode == 1
