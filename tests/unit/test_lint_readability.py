"""The Amstad reading ease (kursbuch.lint_readability): syllables, sentences and scores of known texts."""

from __future__ import annotations

import pytest

from kursbuch.lint_readability import reading_ease, sentences, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("Amt", 1),
        ("Abend", 2),
        ("Idee", 2),
        ("Übergriff", 3),
        ("Verwaltung", 3),
        ("Aufenthalt", 3),
        ("Mitarbeitende", 5),
        ("Beschwerdestelle", 5),
        ("AGG", 1),  # an abbreviation without vowels is one word of one syllable
    ],
)
def test_syllables_are_vowel_groups(word, count):
    assert syllables(word) == count


def test_sentences_keep_abbreviations_and_numbers():
    text = "Nach § 13 Abs. 1 AGG gilt z. B. Folgendes. Am 1. Mai beginnt es!\n\n- ein Punkt\n- noch einer\n\n### Titel"
    assert sentences(text) == [
        "Nach § 13 Abs. 1 AGG gilt z. B. Folgendes",
        "Am 1. Mai beginnt es",
        "ein Punkt",
        "noch einer",
        "Titel",
    ]


def test_markdown_is_reduced_to_its_text():
    text = "Die {term}`Fürsorgepflicht <Fürsorge>` gilt **immer**, siehe [AGG](https://example.org).\n\n```{code-cell}\nquiz('x')\n```"
    assert sentences(text) == ["Die Fürsorgepflicht gilt immer, siehe AGG"]


def test_known_scores():
    # 2 sentences, 6 words, 7 syllables: 180 − 3 − 58.5 × 7/6 = 108.75
    easy = reading_ease("Der Hund bellt. Die Katze schläft.")
    assert (easy.sentences, easy.words, easy.syllables) == (2, 6, 7)
    assert easy.amstad == pytest.approx(108.75)
    # One long sentence of administrative German: 32 words, 63 syllables: 180 − 32 − 58.5 × 63/32 ≈ 32.8
    hard = reading_ease(
        "Die Beschäftigten haben nach § 13 Abs. 1 AGG das Recht, sich bei den zuständigen Stellen des Betriebs, "
        "des Unternehmens oder der Dienststelle zu beschweren, wenn sie sich im Zusammenhang mit ihrem "
        "Beschäftigungsverhältnis benachteiligt fühlen."
    )
    assert (hard.sentences, hard.words, hard.syllables) == (1, 32, 63)
    assert hard.amstad == pytest.approx(180 - 32 - 58.5 * 63 / 32)
    assert hard.amstad < 45 < easy.amstad
    assert reading_ease("").words == 0
