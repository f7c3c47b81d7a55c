"""Reading ease of German text: the Amstad score (Toni Amstad's German adaptation of Flesch, 1978).

    Amstad = 180 − ASL − 58.5 × ASW

ASL is the mean sentence length in words, ASW the mean number of syllables per word. Higher is
easier: 60–70 is "mittelschwer", 45 is the course's lower bound for background texts (curriculum),
below 30 is "sehr schwer". ``reading_ease(text)`` measures Markdown of a module page section.

Everything here is simple and deterministic, so that the lint gives the same score on every machine:

- **Syllables** are counted as vowel groups (a, e, i, o, u, ä, ö, ü, y; the diphthongs and long
  vowels ei, ey, ai, ay, au, äu, eu, ie, aa, ee, oo count once), at least one per word. pyphen's de_DE
  hyphenation points (+ 1) were tried and rejected: hyphenation leaves out syllables it would never
  split off ("Über-griff", "Abend" unsplit), and with its minimum lengths lowered it splits
  non-syllables ("Mit-a-r-bei-ten-de"); vowel groups miss only rare hiatus cases ("Studie").
- **Words** are runs of letters (a hyphenated compound is one word; numbers and "§" are not words).
- **Sentences** end at ".", "!" or "?" followed by a space or the end of the text (not at a colon
  or semicolon), and at the end of every paragraph, heading and list item (a list item is read as one
  sentence). A period after a common abbreviation ("z. B.", "Abs.", "Nr.") or a number ("1.") ends
  no sentence.
- **Markdown** is reduced to its text first: roles (``{term}`Wort```), links, emphasis, code and
  directive fences (code cells) are dropped or unwrapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VOWEL_GROUP = re.compile(r"ei|ey|ai|ay|au|äu|eu|ie|aa|ee|oo|[aeiouäöüy]", re.I)
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
ABBREVIATIONS = (
    "z. B.",
    "d. h.",
    "u. a.",
    "z. T.",
    "o. Ä.",
    "s. o.",
    "s. u.",
    "bzw.",
    "ggf.",
    "usw.",
    "vgl.",
    "Abs.",
    "Nr.",
    "Art.",
    "ca.",
    "evtl.",
    "inkl.",
    "insb.",
    "S.",
    "Str.",
    "Tel.",
    "Dr.",
    "Min.",
    "etc.",
)
END = re.compile(r"[.!?]+(?=\s|$)")


@dataclass(frozen=True)
class Score:
    """The measured text: sentences, words, syllables and the Amstad reading ease."""

    sentences: int
    words: int
    syllables: int

    @property
    def asl(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def asw(self) -> float:
        return self.syllables / self.words if self.words else 0.0

    @property
    def amstad(self) -> float:
        return 180 - self.asl - 58.5 * self.asw


def syllables(word: str) -> int:
    """The syllables of one German word, counted as vowel groups (see the module docstring), at least 1."""
    return max(1, len(VOWEL_GROUP.findall(word)))


def plain_text(markdown: str) -> str:
    """The text of a Markdown section: fences (code cells, directives) dropped, roles and links unwrapped."""
    text = re.sub(r"^(```|~~~|:::).*?^\1\s*$", "", markdown, flags=re.M | re.S)
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^`>]*>)?`", r"\1", text)  # {term}`Wort <Ziel>` -> Wort
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [Text](Ziel) -> Text
    text = re.sub(r"[*_`]+", "", text)
    return text


def sentences(markdown: str) -> list[str]:
    """The sentences of a Markdown section (see the module docstring)."""
    out = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)|\n(?=#)", plain_text(markdown)):
        block = re.sub(r"^\s*(?:#+|[-*+]|\d+\.)\s+", "", block.strip())
        block = " ".join(block.split())
        for abbr in ABBREVIATIONS:  # their periods end no sentence
            block = block.replace(abbr, abbr.replace(".", "\x00"))
        block = re.sub(r"(\d)\.(?=\s)", "\\1\x00", block)  # "1. Januar", "§ 13."
        out += [s.replace("\x00", ".").strip() for s in END.split(block)]
    return [s for s in out if WORD.search(s)]


def reading_ease(markdown: str) -> Score:
    """The Amstad score of a Markdown section (0 sentences: a score of 180, nothing to read)."""
    found = sentences(markdown)
    words = [w for s in found for w in WORD.findall(s)]
    return Score(sentences=len(found), words=len(words), syllables=sum(syllables(w) for w in words))
