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


# Edits by structure, not by wording, so the tests hold while authors rewrite the modules.


def section_text(page, name):
    text = page.read_text(encoding="utf-8")
    rest = text.split(f"\n## {name}\n", 1)[1]
    ends = [i for i in (rest.find("\n## "), rest.find("\n```{trainer-notes}")) if i >= 0]
    return rest[: min(ends)] if ends else rest


def set_section(page, name, body):
    text = page.read_text(encoding="utf-8")
    old = f"\n## {name}\n" + section_text(page, name)
    page.write_text(text.replace(old, f"\n## {name}\n\n{body}", 1), encoding="utf-8")


def add_to_section(page, name, line):
    set_section(page, name, section_text(page, name).strip("\n") + "\n\n" + line + "\n")


def remove_section(page, name):
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(f"\n## {name}\n" + section_text(page, name), "", 1), encoding="utf-8")


def yaml_edit(path, change):
    """Load an activity file, let ``change`` edit the data, write it back (comments and quotes kept)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def case(data):
    return data["scenarios"][0]


def quiz(data):
    return next(q for q in data["quizzes"] if q["id"].endswith("-wissen"))


def test_missing_section(course_copy):
    edit(course_copy / "modules" / "m01.md", "## Das Wichtigste in Kürze", "## Zusammenfassung")
    assert re.search(
        r"modules/m01\.md: sections: found .* — write these sections, in this order: ", problems(course_copy)
    )


def test_learning_objectives_count(course_copy):
    page = course_copy / "modules" / "m01.md"
    set_section(page, "Lernziele", "Nach diesem Modul können Sie\n\n- nur eins\n")
    assert re.search(r"modules/m01\.md:\d+: Lernziele: 1 objectives — write 3 to 5", problems(course_copy))


def test_trainer_minutes_must_add_up_to_90(course_copy):
    page = course_copy / "modules" / "m01.md"
    with_trainer_notes(page, NOTES.replace("(10 Min.)", "(20 Min.)"))
    assert re.search(
        r"modules/m01\.md:\d+: trainer notes: the phases add up to 100 minutes — plan them for a workshop block of 90",
        problems(course_copy),
    )


def test_undefined_glossary_term(course_copy):
    add_to_section(course_copy / "modules" / "m01.md", "Einstieg", "Siehe {term}`Gibtsnicht`.")
    assert "glossary: the term 'Gibtsnicht' is not defined in glossar.md — add it there" in problems(course_copy)


def test_fictional_case_must_say_so(course_copy):
    yaml_edit(course_copy / "quizzes" / "m01.yml", lambda d: case(d).__setitem__("intro", "Eine Kollegin ruft an."))
    assert (
        "quizzes/m01.yml: m01-s1: the intro does not say that the case is fictional — say so in the intro"
        in problems(course_copy)
    )


def test_violence_needs_a_content_note(course_copy):
    yaml_edit(course_copy / "quizzes" / "m01.yml", lambda d: case(d).pop("content_note"))
    assert "m01-s1: the case describes violence, threats or insults — add a content_note" in problems(course_copy)


def test_quiz_too_small(course_copy):
    def keep_five(data):
        items = quiz(data)["items"]
        del items[5:]

    yaml_edit(course_copy / "quizzes" / "m01.yml", keep_five)
    found = problems(course_copy)
    assert re.search(
        r"m01-wissen: 5 scored items in \d types — a Wissenscheck has at least 8 items in at least 3", found
    )


def test_scenario_needs_two_kinds_of_ending(course_copy):
    def all_good(data):
        for node in case(data)["nodes"]:
            if "ending" in node:
                node["ending"]["rating"] = "good"

    yaml_edit(course_copy / "quizzes" / "m01.yml", all_good)
    assert re.search(
        r"m01-s1: \d+ endings with 1 different ratings — write at least 3 endings with different ratings",
        problems(course_copy),
    )


def test_review_file_required_and_rows_traced(course_copy):
    review = course_copy / "docs" / "reviews" / "m01.md"
    rows = [f"| {n} | Aussage {n} | Hintergrund | AGG § {n} |" for n in range(1, 5)]
    rows.append("| 5 | Eine Kollegin darf sich beschweren | Hintergrund | (noch offen) |")
    table = "| # | Aussage | Stelle im Modul | Quelle |\n|---|---|---|---|\n" + "\n".join(rows)
    review.write_text(table + "\n\n## Zweite, unabhängige Prüfung (2026-12-01)\n\n- Befund 1: keiner.\n", "utf-8")
    found = problems(course_copy)
    assert re.search(
        r"docs/reviews/m01\.md:\d+: table: untraced statement: Eine Kollegin darf sich beschweren.* — name its "
        "source in the last column",
        found,
    )
    assert "docs/reviews/m01.md: table: only" not in found
    review.unlink()
    assert "docs/reviews/m01.md: (top level): the review is missing — write it" in problems(course_copy)


def test_sources_section_must_cite(course_copy):
    page = course_copy / "modules" / "m01.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.split("## Quellen")[0] + "## Quellen\n\nDer Fall ist erfunden.\n", encoding="utf-8")
    assert re.search(
        r"modules/m01\.md:\d+: Quellen: names no seed document or law — cite what the module uses",
        problems(course_copy),
    )


def test_denylist_matches_normalised_and_inflected_forms(monkeypatch):
    test_hash = word_hash("Testwort")  # stands in for a slur; the real list is never spelt out
    hits = denied_words("Ein TESTWORT, zwei Testworte und Testwörter? Nein: Testwortschatz.", {test_hash})
    assert hits == ["TESTWORT", "Testworte"]
    assert normalise("Übergröße") == "uebergroesse"


def test_denylist_hit_fails_the_lint(course_copy):
    # The course's own list (kursbuch: lint: denylist), here holding a stand-in word of the module.
    (course_copy / "docs" / "denylist.txt").write_text(word_hash("Lernziele") + "\n", encoding="utf-8")
    lines = (course_copy / "modules" / "m01.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if re.search(r"\bLernziele\b", text))  # located, never quoted
    assert (
        f"modules/m01.md:{line}: language: a word on the deny-list of slurs appears (9 letters) — describe, never quote"
        in problems(course_copy)
    )
    quiz = (course_copy / "quizzes" / "m01.yml").read_text(encoding="utf-8")
    page = "\n".join(lines)
    only_there = next(
        w for w in sorted(set(re.findall(r"[^\W\d_]{6,}", quiz))) if not denied_words(page, {word_hash(w)})
    )
    (course_copy / "docs" / "denylist.txt").write_text(word_hash(only_there) + "\n", encoding="utf-8")
    at = next(n for n, text in enumerate(quiz.splitlines(), 1) if re.search(rf"\b{only_there}\b", text))
    assert f"quizzes/m01.yml:{at}: language: a word on the deny-list of slurs appears" in problems(course_copy)


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
    assert "— a Wissenscheck has at least 20 items in at least 3 types: write more" in problems(course_copy)


def test_sections_can_be_listed_instead_of_the_template(course_copy):
    set_lint_rules(course_copy, "  lint:\n", "  lint:\n    sections: [Lernziele, Zusammenfassung]\n")
    assert (
        "modules/m01.md: sections: found Lernziele — write these sections, in this order: Lernziele, Zusammenfassung"
        in problems(course_copy)
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
    add_to_section(course_copy / "modules" / "m01.md", "Einstieg", "Siehe {term}`Gibtsnicht`.")
    assert "glossary: the term 'Gibtsnicht' is not defined in glossar.md — add it there" in problems(course_copy)


def best_choice_first(data):
    """Every decision of the case with its good choice written first (a guessable case)."""
    for node in case(data)["nodes"]:
        if "choices" in node:
            node["choices"].sort(key=lambda c: c.get("rating") != "good")


def test_case_rules_warn_by_default_and_fail_when_set_to_error(course_copy):
    from kursbuch.lint import lint_report

    yaml_edit(course_copy / "quizzes" / "m01.yml", best_choice_first)
    guessable = "quizzes/m01.yml: m01-s1: the best choice is always choice a"
    assert any(p.startswith(guessable) for p in lint_course(course_copy))  # this course: rule_level: error
    assert run_kursbuch("lint", cwd=course_copy).returncode == 1
    set_lint_rules(course_copy, "      rule_level: error\n", "")
    errors, warnings = lint_report(course_copy)
    assert errors == []
    assert any(w.startswith(guessable) for w in warnings)
    result = run_kursbuch("lint", cwd=course_copy)
    assert result.returncode == 0
    assert any(line.startswith(guessable) and line.endswith(" (warning)") for line in result.stderr.splitlines())


# The rules of the curriculum's case and quiz sections (issue 13): each fails on a fixture and passes on another.


def warnings_of(root):
    from kursbuch.lint import lint_report

    return "\n".join(lint_report(root)[1])


def test_recommended_sections_warn_when_missing_and_keep_their_place(course_copy):
    page = course_copy / "modules" / "m01.md"
    body = section_text(page, "Arbeitshilfe")
    set_lint_rules(course_copy, "  lint:\n", "  lint:\n    recommended_sections: [Arbeitshilfe]\n")
    assert problems(course_copy) == "" and "Arbeitshilfe" not in warnings_of(course_copy)
    remove_section(page, "Arbeitshilfe")
    assert problems(course_copy) == ""
    assert (
        "modules/m01.md: sections: recommended sections missing: Arbeitshilfe — add them where the template has them"
        in warnings_of(course_copy)
    )
    # In the wrong place: an error.
    edit(page, "## Einstieg", "## Arbeitshilfe\n\n" + body + "\n## Einstieg")
    assert "write these sections, in this order: Lernziele, Einstieg, Hintergrund, Recht und Praxis" in problems(
        course_copy
    )
    # Required once the course removes it from recommended_sections.
    set_lint_rules(course_copy, "    recommended_sections: [Arbeitshilfe]\n", "")
    remove_section(page, "Arbeitshilfe")
    assert "Wissenscheck, Arbeitshilfe, Wenn Sie selbst betroffen sind" in problems(course_copy)


def test_case_decisions_and_endings(course_copy):
    assert problems(course_copy) == ""
    set_lint_rules(course_copy, "min_decisions: 4", "min_decisions: 40")
    set_lint_rules(course_copy, "min_endings: 3", "min_endings: 40")
    found = problems(course_copy)
    assert re.search(r"quizzes/m01\.yml: m01-s1: the longest path has \d+ decision points — make it at least 40", found)
    assert re.search(
        r"quizzes/m01\.yml: m01-s1: \d+ endings with \d+ different ratings — write at least 40 endings with different "
        "ratings",
        found,
    )


def test_judgement_items_counted(course_copy):
    def without_judgement(data):
        items = quiz(data)["items"]
        items[:] = [i for i in items if i["type"] != "judgement"]

    yaml_edit(course_copy / "quizzes" / "m01.yml", without_judgement)
    found = problems(course_copy)
    assert "m01-wissen: 0 situational-judgement items (type: judgement) — write at least 2" in found
    assert "m02-wissen: 0 situational-judgement" not in found


def test_transfer_and_project_items_are_counted_by_their_tags(course_copy):
    def untagged(data):
        for item in quiz(data)["items"]:
            item.pop("kind", None)

    f = course_copy / "quizzes" / "m01.yml"
    yaml_edit(f, untagged)
    assert "m01-wissen: 0 items tagged 'kind: transfer' — write at least 6" in problems(course_copy)

    def two_about_the_project(data):
        items = quiz(data)["items"]
        for item in items:
            item["kind"] = "transfer"
        items[0]["kind"] = items[1]["kind"] = "project"

    yaml_edit(f, two_about_the_project)
    found = problems(course_copy)
    assert "m01-wissen: 0 items tagged" not in found
    assert re.search(
        r"m01-wissen: 2 items about the project or its documents \(m01-\w+, m01-\w+\) — keep at most 1: ask", found
    )


def test_objectives_as_short_sentences(course_copy):
    page = course_copy / "modules" / "m01.md"
    long = "- benennen, welche Pflicht die Arbeitgeberin hat, wenn Beschäftigte im Dienst von Dritten angegriffen und beleidigt werden."
    set_section(page, "Lernziele", f"Nach diesem Modul können Sie\n\n{long}\n- helfen.\n- melden.\n")
    line = page.read_text(encoding="utf-8").splitlines().index("## Lernziele") + 1
    found = problems(course_copy)
    assert f"modules/m01.md:{line}: Lernziele: an objective has 16 words (benennen, welche Pflicht" in found
    assert "…) — write short sentences of at most 15 words" in found
    set_lint_rules(course_copy, "max_words: 15", "max_words: 40")
    assert "an objective has" not in problems(course_copy)


def test_reading_ease_of_the_background_section(course_copy):
    page = course_copy / "modules" / "m01.md"
    hard = (
        "Die Gewährleistung diskriminierungssensibler Verwaltungsverfahrensabläufe erfordert "
        "personalvertretungsrechtliche Mitbestimmungsbeteiligungen und dienstrechtliche Fürsorgeverpflichtungen.\n"
    )
    set_section(page, "Hintergrund", hard)
    assert re.search(
        r"modules/m01\.md:\d+: Hintergrund: reads at Amstad -?\d+ \(.*\) — write shorter sentences",
        problems(course_copy),
    )
    easy = "Ein Kollege wird im Dienst angegriffen. Die Leitung hilft ihm sofort. Sie fragt, was er braucht.\n"
    set_section(page, "Hintergrund", easy)
    assert "Hintergrund: reads at" not in problems(course_copy)


NOTES = """```{trainer-notes}
**Zeitbedarf:** 90 Minuten (2 UE).

**Ablauf:** Einstieg (10 Min.), Fall (50 Min.), Auswertung (30 Min.).

**Methoden:** Abstimmung im Präsentationsmodus.

**Diskussionsimpulse und erwartete Antworten:** Wer hilft zuerst? Erwartet: die Teamleitung.

**Wenn jemand eigene Erfahrungen schildert:** danken, nicht nachfragen.

**Ko-Moderation:** eine Person leitet, eine beobachtet den Raum.

**Achtsamkeit:** niemand muss etwas teilen.
```"""


def with_trainer_notes(page, notes):
    text = page.read_text(encoding="utf-8")
    head, rest = text.split("```{trainer-notes}", 1)
    page.write_text(head + notes + rest.split("```", 1)[1], encoding="utf-8")


def m01_lines(root):
    return [line for line in lint_course(root) if line.startswith("modules/m01.md")]


def test_trainer_notes_need_every_part(course_copy):
    page = course_copy / "modules" / "m01.md"
    with_trainer_notes(page, NOTES)
    assert not [line for line in m01_lines(course_copy) if "trainer notes" in line]
    with_trainer_notes(page, NOTES.replace("**Ko-Moderation:** eine Person leitet, eine beobachtet den Raum.\n", ""))
    assert re.search(
        r"modules/m01\.md:\d+: trainer notes: the part \*\*Ko-Moderation:\*\* is missing — add it \(see the template\)",
        "\n".join(m01_lines(course_copy)),
    )
    with_trainer_notes(page, NOTES.replace("danken, nicht nachfragen.", ""))
    assert any(
        "trainer notes: the part **Wenn jemand eigene Erfahrungen schildert:** is empty — write" in line
        for line in m01_lines(course_copy)
    )
    text = page.read_text(encoding="utf-8")
    page.write_text(text.split("```{trainer-notes}")[0] + text.split("```{trainer-notes}")[1].split("```", 1)[1])
    assert any("trainer notes: missing — add a ```{trainer-notes} block" in line for line in m01_lines(course_copy))


def test_time_is_stated_once_under_the_title(course_copy):
    page = course_copy / "modules" / "m01.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("*Modul 1 "))
    good = "*Modul 1 · Selbststudium: etwa 35 Minuten · Workshop: 2 UE (90 Minuten) · Fallbeispiel*"
    lines[at] = good
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not [line for line in m01_lines(course_copy) if "time of the module" in line]
    page.write_text("\n".join(lines) + "\n\n" + good + "\n", encoding="utf-8")
    twice = [line for line in m01_lines(course_copy) if "time of the module" in line]
    assert len(twice) == 1 and f"time of the module: 2 lines ({at + 1}, {len(lines) + 2}) match" in twice[0]
    lines[at] = "*Modul 1 · etwa 25 Minuten*"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any(
        re.search(r"time of the module: 0 lines match .* — state it once, under the title", line)
        for line in m01_lines(course_copy)
    )


def test_review_needs_a_second_pass(course_copy):
    review = course_copy / "docs" / "reviews" / "m01.md"
    text = review.read_text(encoding="utf-8").split("\n## Zweite, unabhängige Prüfung")[0]
    review.write_text(text, encoding="utf-8")
    missing = "docs/reviews/m01.md: (top level): no second review — add a section '## Zweite, unabhängige Prüfung …'"
    assert any(line.startswith(missing) for line in lint_course(course_copy))
    review.write_text(text + "\n## Zweite, unabhängige Prüfung (2026-12-01)\n\n- Befund 1: keiner.\n", encoding="utf-8")
    assert not any(line.startswith(missing) for line in lint_course(course_copy))
