"""Local adaptation (``kursbuch: kommune:``): values or neutral fallbacks in pages, quiz texts and handouts."""

from __future__ import annotations

import pytest
from kbtest import set_config

from kursbuch.adapters.kommune import kommune_nodes
from kursbuch.core.course_settings import load_course_settings
from kursbuch.core.errors import ContentErrors
from kursbuch.core.kommune import KEYS, Kommune, substitute
from kursbuch.core.project import Course

VALUES = {
    "name": "die Stadtverwaltung Musterstadt",
    "beschwerdestelle": "die Beschwerdestelle im Personalamt, Raum 2.14",
    "dienstvereinbarung": "die Dienstvereinbarung „Schutz bei Übergriffen“ (2025)",
    "dienstvereinbarung_url": "https://intranet.musterstadt.example/dv-uebergriffe",
}


def rendered(kommune: Kommune, content: str) -> str:
    return "".join(n.astext() for n in kommune_nodes(kommune, content))


def test_role_prints_the_value_or_a_neutral_fallback():
    empty, filled = Kommune(), Kommune(**VALUES)
    assert rendered(empty, "beschwerdestelle") == "die Beschwerdestelle nach § 13 AGG Ihrer Verwaltung"
    assert rendered(filled, "beschwerdestelle") == "die Beschwerdestelle im Personalamt, Raum 2.14"
    assert rendered(empty, "name") == "Ihre Verwaltung"
    # A use's own fallback (another grammatical form) and a capital for the start of a sentence.
    assert rendered(empty, "beschwerdestelle <der Beschwerdestelle Ihrer Verwaltung>") == (
        "der Beschwerdestelle Ihrer Verwaltung"
    )
    assert rendered(filled, "beschwerdestelle <der Beschwerdestelle>") == VALUES["beschwerdestelle"]
    assert rendered(empty, "Beratungsstelle") == "Eine unabhängige Antidiskriminierungsberatung in Ihrer Nähe"
    # Every key has a fallback: no empty text in any sentence.
    assert all(rendered(empty, key) == KEYS[key][1] for key in KEYS)


def test_role_links_the_service_agreement_and_refuses_unknown_keys():
    (node,) = kommune_nodes(Kommune(**VALUES), "dienstvereinbarung")
    assert node["refuri"] == VALUES["dienstvereinbarung_url"] and node.astext() == VALUES["dienstvereinbarung"]
    (plain,) = kommune_nodes(Kommune(), "dienstvereinbarung")
    assert "refuri" not in plain.attributes
    with pytest.raises(KeyError, match="unknown {kommune} key 'beschwerde' — use one of name, beschwerdestelle"):
        kommune_nodes(Kommune(), "beschwerde")


def test_quiz_texts_use_the_values(course_copy):
    quiz = course_copy / "quizzes" / "m01.yml"
    text = quiz.read_text(encoding="utf-8")
    marker = '    title: "'
    assert marker in text
    quiz.write_text(text.replace(marker, marker + "{kommune}`Name`: ", 1), encoding="utf-8")
    first = Course.load(course_copy).activity("m01-s1")
    assert first.title.startswith("Ihre Verwaltung: Nach dem Einsatz")
    set_config(course_copy, "kursbuch.kommune.name", VALUES["name"])
    first = Course.load(course_copy).activity("m01-s1")
    assert first.title.startswith("Die Stadtverwaltung Musterstadt: Nach dem Einsatz")
    assert substitute("an {kommune}`dienstvereinbarung`", Kommune(**VALUES)) == (
        f"an [{VALUES['dienstvereinbarung']}]({VALUES['dienstvereinbarung_url']})"
    )


def test_unknown_key_in_a_page_or_quiz_is_located(course_copy):
    page = course_copy / "modules" / "m01.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "Wenden Sie sich an {kommune}`beschwerdestele`.")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as exc:
        Course.load(course_copy)
    assert [str(e) for e in exc.value.errors] == [
        "modules/m01.md:21: {kommune}: unknown {kommune} key 'beschwerdestele' — use one of "
        "name, beschwerdestelle, ansprechpersonen, dienstvereinbarung, beratungsstelle"
    ]


def test_settings_are_validated_with_file_and_line(tmp_path):
    (tmp_path / "_config.yml").write_text(
        "kursbuch:\n  kommune:\n    name: die Stadt\n    beschwerdestele: x\n    dienstvereinbarung_url: intranet/dv\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentErrors) as exc:
        load_course_settings(tmp_path)
    found = [str(e) for e in exc.value.errors]
    assert (
        "_config.yml:4: kursbuch.kommune.beschwerdestele: unknown field 'beschwerdestele' — remove it or correct its spelling"
        in found
    )
    assert any(m.startswith("_config.yml:5: kursbuch.kommune.dienstvereinbarung_url: ") for m in found)
    (tmp_path / "_config.yml").write_text(
        "kursbuch:\n  kommune:\n    name: ''\n    beratungsstelle:\n", encoding="utf-8"
    )
    assert load_course_settings(tmp_path).kommune == Kommune()  # empty values: the fallbacks


def test_this_course_ships_the_block_empty():
    from kbtest import SOURCE

    assert load_course_settings(SOURCE).kommune == Kommune()
    assert '\n  kommune:\n    name: ""' in (SOURCE / "_config.yml").read_text(encoding="utf-8")


def test_a_role_written_with_yaml_escapes_is_filled_in_too(course_copy):
    """Whether a quiz file uses local values is read from its parsed texts, not its raw text."""
    quiz = course_copy / "quizzes" / "m01.yml"
    text = quiz.read_text(encoding="utf-8")
    marker = '    title: "'
    assert marker in text and "{kommune}" not in text
    quiz.write_text(text.replace(marker, marker + "\\u007Bkommune}`Name`: ", 1), encoding="utf-8")
    set_config(course_copy, "kursbuch.kommune.name", VALUES["name"])
    assert Course.load(course_copy).activity("m01-s1").title.startswith("Die Stadtverwaltung Musterstadt: ")
