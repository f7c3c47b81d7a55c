"""The content lint passes for every module, and it fails for each rule it enforces."""

from __future__ import annotations

import hashlib
import re

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
    assert "m01-wissen: 5 scored items in 5 types; a Wissenscheck has at least 8 items in at least 3 types" in problems(
        course_copy
    )


def test_scenario_needs_two_kinds_of_ending(course_copy):
    f = course_copy / "quizzes" / "m01.yml"
    edit(f, "rating: mixed", "rating: good", -1)
    edit(f, "rating: poor", "rating: good", -1)
    assert "m01-s1: needs at least 3 endings with different ratings" in problems(course_copy)


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
    set_lint_rules(course_copy, "quiz: {required: true, min_items: 8,", "quiz: {required: true, min_items: 20,")
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


# The rules of the curriculum's case and quiz sections (issue 13): each fails on a fixture and passes on another.


def warnings_of(root):
    from kursbuch.lint import lint_report

    return "\n".join(lint_report(root)[1])


def test_recommended_sections_warn_when_missing_and_keep_their_place(course_copy):
    # The course requires every section of its template; here it lists three as only recommended,
    # and m01 (which has them all) loses them.
    set_lint_rules(
        course_copy, "  lint:\n", "  lint:\n    recommended_sections: [Recht und Praxis, Arbeitshilfe, Wenn Sie selbst betroffen sind]\n"
    )
    page = course_copy / "modules" / "m01.md"
    text = page.read_text(encoding="utf-8")
    for start, end in (("## Recht und Praxis", "## Fallbeispiel"), ("## Arbeitshilfe", "## Reflexion")):
        text = text[: text.index(start)] + text[text.index(end) :]
    page.write_text(text, encoding="utf-8")
    assert "modules/m01.md: recommended sections missing: Recht und Praxis, Arbeitshilfe" in warnings_of(course_copy)
    # Added where the template has it: no warning for it, no error.
    edit(page, "## Reflexion", "## Arbeitshilfe\n\n- Vorfall notieren\n\n## Reflexion")
    assert problems(course_copy) == ""
    assert "missing: Recht und Praxis, Wenn Sie selbst betroffen sind" in warnings_of(course_copy)
    # In the wrong place: an error.
    edit(page, "## Arbeitshilfe\n\n- Vorfall notieren\n\n", "")
    edit(page, "## Einstieg", "## Arbeitshilfe\n\n- Vorfall notieren\n\n## Einstieg")
    assert (
        "sections must be, in this order: Lernziele, Einstieg, Hintergrund, Fallbeispiel, Wissenscheck, Arbeitshilfe"
        in (problems(course_copy))
    )
    # Required once the course removes it from recommended_sections.
    set_lint_rules(course_copy, "Arbeitshilfe, Wenn Sie", "Wenn Sie")
    edit(page, "## Arbeitshilfe\n\n- Vorfall notieren\n\n", "")
    assert "Wissenscheck, Arbeitshilfe, Reflexion" in problems(course_copy)


def test_case_decisions_and_endings(course_copy):
    assert problems(course_copy) == ""  # m01's case: 5 decisions on its longest path, 4 endings
    set_lint_rules(course_copy, "min_decisions: 4", "min_decisions: 6")
    set_lint_rules(course_copy, "min_endings: 3", "min_endings: 5")
    found = problems(course_copy)
    assert "quizzes/m01.yml: m01-s1: the longest path has fewer than 6 decision points" in found
    assert "quizzes/m01.yml: m01-s1: needs at least 5 endings with different ratings" in found


def quiz_rules(root, rules):
    set_lint_rules(
        root,
        "quiz: {required: true, min_items: 8, min_types: 3, reflection: true, min_judgement: 2, min_transfer: 6, max_project: 1}",
        "quiz: " + rules,
    )


def test_judgement_items_counted(course_copy):
    quiz_rules(course_copy, "{min_judgement: 3}")
    assert "m01-wissen: 2 situational-judgement items (type: judgement); write at least 3" in problems(course_copy)
    quiz_file = course_copy / "quizzes" / "m01.yml"
    text = quiz_file.read_text(encoding="utf-8")
    judgement = """      - id: m01-q13
        type: judgement
        prompt: Wie geeignet sind diese Reaktionen?
        situation: Eine Kollegin wird im Außendienst beleidigt.
        responses:
          - {id: a, text: Sie fragen sie nach ihren Wünschen., expert: sehr geeignet, feedback: Sie entscheidet.}
          - {id: b, text: Sie raten ihr zu schweigen., expert: ungeeignet, feedback: Das lässt sie allein.}
          - {id: c, text: Sie melden den Vorfall ungefragt., expert: eher ungeeignet, feedback: Fragen Sie zuerst.}
        explanation: Die Betroffene entscheidet mit.

"""
    quiz_file.write_text(text.replace("  - id: m01-reflexion\n", judgement + "  - id: m01-reflexion\n"), "utf-8")
    assert "m01-wissen: 3 situational-judgement" not in problems(course_copy)
    assert "m01-wissen: 2 situational-judgement" not in problems(course_copy)
    assert re.search(r"m02-wissen: [0-2] situational-judgement", problems(course_copy))


def test_transfer_and_project_items_are_counted_by_their_tags(course_copy):
    quiz_rules(course_copy, "{min_transfer: 2, max_project: 0}")
    f = course_copy / "quizzes" / "m01.yml"
    assert "m01-wissen: 0 items tagged" not in problems(course_copy)  # m01 tags its transfer items
    edit(f, "        kind: transfer\n", "", -1)
    assert "m01-wissen: 0 items tagged 'kind: transfer'; write at least 2" in problems(course_copy)
    edit(f, "      - id: m01-q02\n", "      - id: m01-q02\n        kind: transfer\n")
    edit(f, "      - id: m01-q03\n", "      - id: m01-q03\n        kind: transfer\n")
    assert "m01-wissen: 0 items tagged" not in problems(course_copy)
    assert "m01-wissen: 1 items tagged" not in problems(course_copy)
    edit(f, "      - id: m01-q12\n        type: single\n        kind: recall\n", "      - id: m01-q12\n        type: single\n        kind: project\n")
    assert "m01-wissen: 1 items about the project or its documents (m01-q12); at most 0" in problems(course_copy)


def test_objectives_as_short_sentences(course_copy):
    set_lint_rules(
        course_copy,
        "objectives: {section: Lernziele, min: 3, max: 5, max_words: 15}",
        "objectives: {min: 3, max: 5, max_words: 12}",
    )
    found = problems(course_copy)
    assert "modules/m01.md:27: an objective has 13 words (nach einem Übergriff zuerst" in found
    assert "write short sentences of at most 12 words" in found
    set_lint_rules(course_copy, "max_words: 12", "max_words: 40")
    assert problems(course_copy) == ""


def test_reading_ease_of_the_background_section(course_copy):
    set_lint_rules(course_copy, "reading_ease: {section: Hintergrund, min: 45}", "reading_ease: {section: Hintergrund, min: 70}")
    found = problems(course_copy)
    assert re.search(r"modules/m01\.md:\d+: Hintergrund reads at Amstad \d+ \(.*\); write shorter sentences", found)
    page = course_copy / "modules" / "m01.md"
    text = page.read_text(encoding="utf-8")
    head, rest = text.split("## Hintergrund\n", 1)
    tail = rest[rest.index("\n## ") :]
    easy = "Ein Kollege wird im Dienst angegriffen. Die {term}`Fürsorgepflicht` gilt. Die Leitung hilft ihm sofort.\n"
    page.write_text(head + "## Hintergrund\n\n" + easy + tail, encoding="utf-8")
    assert "modules/m01.md" not in problems(course_copy)
    assert "modules/m02.md" in problems(course_copy)
