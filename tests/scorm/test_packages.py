"""The exported packages as an LMS admin receives them: valid against the official XSDs,
self-contained, portable, deterministic, and described truthfully by their data sheets."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from posixpath import dirname, join, normpath
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from kbscorm import read_zip, target_of, validate, version_of
from kbtest import SOURCE as REPO
from kbtest import run_kursbuch, trainer_note_probes

from kursbuch import legal
from kursbuch.core.content_security import EXTERNAL_MARK_TEXT, is_web_link
from kursbuch.core.project import Course, toc_modules
from kursbuch.export import course_sco
from kursbuch.export.package import check_package
from kursbuch.export.targets import TARGETS

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def zips(exported):
    found = sorted(exported.glob("*.zip"))
    modules = toc_modules(REPO)
    expected = {f"kursbuch-{m}-{t.tag}.zip" for m in [*modules, "kurs"] for t in TARGETS.values() if t.default}
    assert {z.name for z in found} == expected
    return found


def test_zip_names_are_portable(zips):
    for z in zips:
        assert re.fullmatch(r"[a-z0-9-]+\.zip", z.name), z.name


def test_every_manifest_is_valid_against_the_official_xsd(zips):
    for z in zips:
        files = read_zip(z)
        name = target_of(z.name).manifest_name
        assert next(iter(files)) == name  # at the root, and first
        validate(files[name], version_of(z.name))


def test_every_package_passes_the_checks_xsds_cannot_do(zips):
    course = Course.load(REPO)
    for z in zips:
        files = read_zip(z)
        marks = {}
        for m in toc_modules(REPO):
            scored = [q for q in course.modules[m].quizzes if q.scored_items] if m in course.modules else []
            marks[m] = scored[0].settings.pass_percent if scored else None
        # A course package that is one unit (kursbuch/export/course_sco.py) carries the course's pass mark.
        marks[course_sco.UNIT] = course_sco.course_pass_mark(list(marks.values()))
        assert check_package(files, marks, target_of(z.name)) == [], z.name


def test_packages_are_self_contained(zips):
    """No resource leads out of the package or to a missing file; a link a learner may follow to another
    host opens in a new window without a referrer and is marked as external."""
    for z in zips:
        files = read_zip(z)
        for name, data in files.items():
            if not name.endswith(".html"):
                continue
            soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
            for tag in soup.find_all(True):
                for attr in ("href", "src"):
                    value = tag.get(attr)
                    if not value or value.startswith(("#", "data:")):
                        continue
                    if tag.name == "a" and is_web_link(value):
                        assert tag.get("target") == "_blank" and tag.get("rel") == ["noopener", "noreferrer"]
                        assert EXTERNAL_MARK_TEXT in tag.get_text(), f"{z.name}/{name}: {value}"
                        continue
                    parts = urlsplit(value)
                    assert not parts.scheme and not parts.netloc, f"{z.name}/{name}: {tag.name} {attr}={value}"
                    target = normpath(join(dirname(name), parts.path))
                    assert target in files, f"{z.name}/{name}: {value} -> {target} is missing"


def test_module_package_holds_only_its_module(zips):
    for z in zips:
        if "-kurs-" in z.name:
            continue
        module = z.name.split("-")[1]
        files = read_zip(z)
        html_files = sorted(n for n in files if n.endswith(".html") and n not in LEGAL_FILES)
        assert html_files in (["index.html"], ["glossar.html", "index.html"]), html_files
        page = files["index.html"].decode("utf-8")
        assert f'data-kb-id="{module}-' in page
        for other in toc_modules(REPO):
            if other != module:
                assert f'data-kb-id="{other}-' not in page


LEGAL_FILES = {f"{name}.html" for name in legal.PAGES}


def test_every_package_brings_the_legal_pages_linked_from_every_footer(zips, built_course):
    """A learner who meets the course only in an LMS reaches the Erklärung zur Barrierefreiheit, the
    Datenschutzhinweise and the Leichte Sprache: the course's pages travel in every package (at its root)
    and the footer of each of its pages links to them (test_packages_are_self_contained: the links resolve)."""
    statement = BeautifulSoup((built_course / "barrierefreiheit.html").read_text(encoding="utf-8"), "html.parser")
    heading = statement.select_one("article h1").get_text(" ", strip=True).removesuffix("#").strip()
    for z in zips:
        files = read_zip(z)
        assert LEGAL_FILES <= set(files), f"{z.name}: {sorted(LEGAL_FILES - set(files))} missing"
        assert heading in files["barrierefreiheit.html"].decode("utf-8"), z.name
        for page in ("barrierefreiheit.html", "datenschutz.html"):  # mail addresses readable, once each
            text = BeautifulSoup(files[page].decode("utf-8"), "html.parser").get_text()
            assert "%40" not in text and not re.search(r"(\S+@\S+) \(\1\)", text), (z.name, page)
        privacy = BeautifulSoup(files["datenschutz.html"].decode("utf-8"), "html.parser").get_text()
        assert "kursbuch:scorm:" in privacy and "„Meine Daten in diesem Browser löschen“" in privacy, z.name
        for name, data in files.items():
            if not name.endswith(".html"):
                continue
            nav = BeautifulSoup(data.decode("utf-8"), "html.parser").select_one("footer nav.kb-legal-links")
            assert nav is not None, f"{z.name}/{name}: no legal links in the footer"
            links = {normpath(join(dirname(name), a["href"])): a.get_text() for a in nav.find_all("a")}
            assert links.get("barrierefreiheit.html") == "Erklärung zur Barrierefreiheit", (z.name, name, links)
            assert links.get("datenschutz.html") == "Datenschutz", (z.name, name, links)


def test_trainer_notes_are_not_in_any_package(zips):
    probes = trainer_note_probes()
    for z in zips:
        for name, data in read_zip(z).items():
            if name.endswith(".html"):
                text = data.decode("utf-8")
                assert "kb-trainer-notes" not in text, f"{z.name}/{name}"
                for probe in probes:
                    assert probe not in text, f"{z.name}/{name}: {probe}"


def test_export_is_deterministic(exported, zips):
    before = {z.name: z.read_bytes() for z in zips}
    result = run_kursbuch("export", cwd=exported.parent.parent)
    assert result.returncode == 0, result.stderr
    after = {z.name: z.read_bytes() for z in sorted(exported.glob("*.zip"))}
    assert before == after


def test_datasheets_match_the_manifests(zips):
    for z in zips:
        sheet = (z.parent / f"{z.stem}-datenblatt.html").read_text(encoding="utf-8")
        files = read_zip(z)
        target = target_of(z.name)
        root = ET.fromstring(files[target.manifest_name])
        text = BeautifulSoup(sheet, "html.parser").get_text(" ")
        assert z.name in text
        assert target.label in text
        for au in (a for a in root.iter() if a.tag.endswith("}au")):  # cmi5: the AU's url and mastery score
            url = next(n.text for n in au if n.tag.endswith("}url"))
            row = re.search(rf"{au.get('id').rsplit('/', 1)[-1]} .*?(\d+ %|keine)", re.sub(r"\s+", " ", text))
            assert url in text and row
            score = au.get("masteryScore")
            assert row.group(1) == (f"{round(float(score) * 100)} %" if score else "keine")
        assert f"{z.stat().st_size} Byte" in text and f"Dateien {len(files)}" in re.sub(r"\s+", " ", text)
        for res in (r for r in root.iter() if r.tag.endswith("resource") and r.get("href")):
            assert res.get("href") in text
        for item in (i for i in root.iter() if i.tag.endswith("}item")):
            module = item.get("identifier").removeprefix("ITEM-")
            mastery = next((n.text for n in item.iter() if n.tag.endswith("masteryscore")), None)
            measure = next((n.text for n in item.iter() if n.tag.endswith("minNormalizedMeasure")), None)
            row = re.search(rf"{module} .*?(\d+ %|keine)", re.sub(r"\s+", " ", text))
            assert row, module
            if mastery is not None:
                assert row.group(1) == f"{mastery} %"
            elif measure is not None:
                assert row.group(1) == f"{round(float(measure) * 100)} %"
            else:
                assert row.group(1) == "keine"
        assert "Reflexionen (Freitext) und Selbsteinschätzungen" in text
        assert "ausgeschaltet" in text  # interactions are off by default


def test_packages_are_light(zips):
    for z in zips:
        if "-kurs-" not in z.name:
            assert z.stat().st_size < 500_000, f"{z.name}: {z.stat().st_size} bytes"


def test_launch_pages_have_no_script_to_fetch(zips):
    """Usable at first paint: every script of a launch page is inline (nothing holds up parsing)."""
    for z in zips:
        for name, data in read_zip(z).items():
            if not name.endswith("index.html"):
                continue
            soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
            assert soup.find("script", src=True) is None, f"{z.name}/{name}"
            assert soup.find(id="kb-scorm-config") and soup.find(id="kb-forget"), f"{z.name}/{name}"
        assert not any(n.endswith(".js") for n in read_zip(z)), z.name


def table_after(sheet: BeautifulSoup, heading: str) -> list[list[str]] | None:
    """The rows of the table under the h2 that starts with ``heading``; None when there is none."""
    h2 = next((h for h in sheet.find_all("h2") if h.get_text().startswith(heading)), None)
    if h2 is None:
        return None
    return [[td.get_text() for td in tr.find_all("td")] for tr in h2.find_next("table").find_all("tr")[1:]]


def test_datasheets_recommend_exactly_the_settings_the_lms_tests_run(zips):
    """The sheet's Moodle and ILIAS settings and outcome tables are written from the targets'
    MoodleSetup/Outcome and IliasSetup/IliasOutcome data, which tests/unit/test_lms_rules.py and
    tests/unit/test_ilias_rules.py run in the emulations of Moodle's and ILIAS's SCORM rules (cmi5
    packages go to Moodle's cmi5 plugin and ILIAS's xAPI/cmi5 object: checked in test_cmi5_runtime.py and test_cmi5_sheet.py)."""
    for z in (z for z in zips if "-scorm" in z.name):
        texts = target_of(z.name).sheet
        course = "-kurs-" in z.name
        sheet = BeautifulSoup((z.parent / f"{z.stem}-datenblatt.html").read_text(encoding="utf-8"), "html.parser")
        shown = " ".join(sheet.get_text(" ").split())
        for _, items in texts.course_platforms if course else texts.platforms:
            for item in items:
                assert " ".join(BeautifulSoup(item, "html.parser").get_text(" ").split()) in shown, (z.name, item)
        expected = texts.course_outcomes if course else texts.outcomes
        rows = table_after(sheet, "Was Lernende und Administrator*innen sehen (Moodle")
        if expected:
            assert rows == [list(r) for r in expected], z.name
        else:
            assert rows is None and "Dieses Paket nicht in Moodle verwenden." in shown, z.name
        expected = texts.ilias_course_outcomes if course else texts.ilias_outcomes
        rows = table_after(sheet, "Was Lernende und Administrator*innen sehen (ILIAS")
        if "-scorm12" in z.name:  # the packages the sheets recommend for ILIAS, run in its emulated player
            assert expected and rows == [list(r) for r in expected], z.name
            assert "Status wird anhand einer Auswahl von SCORM-Kapiteln bestimmt (je SCO)" in shown, z.name
        else:
            assert rows is None and "dieses Paket ist für ILIAS nicht erprobt" in shown, z.name
        assert "Meine Daten in diesem Browser löschen" in shown and "Welches Paket für welche Lernplattform" in shown
