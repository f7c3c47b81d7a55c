"""The course-wide page ``quellen.md`` says exactly what each module's own "## Quellen" section names.

Every law or regulation named with its abbreviation in parentheses, every seed document and every court
decision (by file number) in a module's "## Quellen" must have its entry on ``quellen.md``, and that entry
must link the module; conversely an entry may link only modules that name it. When a module's sources
change, update ``quellen.md`` in the same commit: this test fails until both agree.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "modules").glob("m*.md"))
PAGE = ROOT / "quellen.md"

# A law's abbreviation as the module pages write it: "(AGG)", "(SGB VII)", "(BeamtStG)", "(EU)".
ABBR = re.compile(r"\(([A-Z][A-Za-z]*[A-Z][A-Za-z]*(?: [IVX]+)?)\)")
# Court decisions by file number: "2 BvE 1/16", "10 C 6.16".
FILE_NO = re.compile(r"\b\d+ (?:BvE|BvR|BvL|BvF|C|B|AZR|ABR) \d+[./]\d+\b")
# The five seed documents, by a phrase of their title that every module's Quellen uses.
SEEDS = {
    "000": "Kommunen für alle?",
    "001": "Projektvorstellung",
    "002": "Einladung zu den digitalen Transferworkshops",
    "003": "Pressemitteilung zur Ergebniskonferenz",
    "004": "Vernetzung von Mitarbeitenden mit Rassismuserfahrungen",
}
LINK = re.compile(r"<modules/(m\d\d)>")


def sources_section(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    m = re.search(r"^## Quellen\s*$(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert m, f"{page.name} has no '## Quellen' section"
    return " ".join(m.group(1).split())


def page_entries() -> list[tuple[str, set[str]]]:
    """The definition-list entries of quellen.md: (heading, modules the entry links)."""
    entries = []
    for block in re.split(r"\n\s*\n", PAGE.read_text(encoding="utf-8")):
        lines = block.strip().splitlines()
        if len(lines) >= 2 and lines[1].startswith(": ") and not lines[0].startswith(("#", ":")):
            entries.append((" ".join(lines[0].split()), set(LINK.findall("\n".join(lines[1:])))))
    return entries


def module_names(name: str) -> dict[str, set[str]]:
    """For each module, the abbreviations / file numbers / seeds its Quellen names."""
    out = {}
    for page in MODULES:
        text = sources_section(page)
        if name == "abbr":
            out[page.stem] = set(ABBR.findall(text))
        elif name == "file_no":
            out[page.stem] = set(FILE_NO.findall(text))
        else:
            out[page.stem] = {seed for seed, phrase in SEEDS.items() if phrase in text}
    return out


def entry_for(key: str, entries, kind: str) -> tuple[str, set[str]] | None:
    for heading, linked in entries:
        if kind == "abbr" and f"({key})" in heading:
            return heading, linked
        if kind == "file_no" and key in heading:
            return heading, linked
        if kind == "seed" and SEEDS[key] in heading:
            return heading, linked
    return None


def test_the_modules_have_sources_sections():
    assert len(MODULES) >= 8
    names = module_names("abbr")
    assert all(names.values()), "every module names at least one law in its Quellen"


@pytest.mark.parametrize("kind", ["abbr", "file_no", "seed"])
def test_every_source_named_in_a_module_is_on_the_page_with_that_module(kind):
    entries = page_entries()
    named = module_names(kind)
    problems = []
    for module, keys in named.items():
        for key in sorted(keys):
            found = entry_for(key, entries, kind)
            if found is None:
                problems.append(f"{module}: {key!r} has no entry on quellen.md")
            elif module not in found[1]:
                problems.append(f"{module}: the entry {found[0]!r} on quellen.md does not link {module}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", ["abbr", "file_no", "seed"])
def test_the_page_links_a_module_only_where_the_module_names_the_source(kind):
    entries = page_entries()
    named = module_names(kind)
    keys = set().union(*named.values()) | (set(SEEDS) if kind == "seed" else set())
    problems = []
    for key in sorted(keys):
        found = entry_for(key, entries, kind)
        if found is None:
            continue
        for module in sorted(found[1]):
            if key not in named.get(module, set()):
                problems.append(f"quellen.md: {found[0]!r} links {module}, whose Quellen does not name {key!r}")
    assert not problems, "\n".join(problems)
