"""The export-target registry: every registered target writes a manifest that validates and equals
its regression file, has checks and data-sheet texts; unknown target names in _config.yml are
located errors; and the seam stays a seam (no code outside a target's own files names a
specific SCORM version, and the exporter loads without Sphinx).

Set KURSBUCH_REGEN=1 to rewrite tests/regression/manifest-*.xml and datenblatt-*.html after an
intended change."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from kbscorm import DEFS, validate
from kbtest import REPO

from kursbuch.assets import ASSET_DIR
from kursbuch.core.errors import ContentErrors
from kursbuch.export import datasheet, targets
from kursbuch.export.package import PORTABLE, check_package
from kursbuch.export.settings import load_settings
from kursbuch.export.target import PackageSpec, Sco, Target

REGRESSION = REPO / "tests" / "regression"
ALL = list(targets.TARGETS.values())
IDS = [t.tag for t in ALL]


def course_spec(target: Target) -> PackageSpec:
    """A whole-course package: a module with a pass mark, one without, one at 100 %."""
    return PackageSpec(
        identifier=f"kursbuch-kurs-{target.tag}",
        title="Kurs & Titel",
        scos=[
            Sco("m01", "Modul 1", "m01/index.html", ["m01/index.html"], 70),
            Sco("m02", "Modul 2", "m02/index.html", ["m02/index.html"], None),
            Sco("m03", "Modul 3", "m03/index.html", ["m03/index.html"], 100),
        ],
        shared_files=["assets/kursbuch-engine.js", "glossar.html"],
    )


def regression(name: str, text: str) -> None:
    path = REGRESSION / name
    if os.environ.get("KURSBUCH_REGEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs (KURSBUCH_REGEN=1 rewrites it)"


@pytest.mark.parametrize("target", ALL, ids=IDS)
def test_manifest_matches_regression_file(target):
    regression(f"manifest-{target.tag}.xml", target.manifest(course_spec(target)).decode("utf-8"))


@pytest.mark.parametrize("target", ALL, ids=IDS)
def test_manifest_validates_against_the_targets_schema(target):
    if not DEFS.is_dir():
        pytest.fail("schemas missing: run bash scripts/setup.sh --test (npm ci in tests/)")
    validate(target.manifest(course_spec(target)), target.name)


@pytest.mark.parametrize("target", ALL, ids=IDS)
def test_sound_package_passes_the_targets_checks_and_a_wrong_pass_mark_fails(target):
    spec = course_spec(target)
    files = {target.manifest_name: target.manifest(spec)}
    files.update({f: b"" for sco in spec.scos for f in sco.files})
    files.update({f: b"" for f in spec.shared_files})
    marks = {s.module: s.pass_percent for s in spec.scos}
    assert check_package(files, marks, target) == []
    problems = check_package(files, {**marks, "m01": 60}, target)
    assert len(problems) == 1 and "m01" in problems[0] and "pass mark 60" in problems[0]
    problems = check_package(files, {**marks, "m02": 50}, target)
    assert len(problems) == 1 and problems[0].endswith(
        "m02: no mastery score although the module has a pass mark of 50"
    )


def sheet_facts(target, **changes) -> datasheet.SheetFacts:
    """The facts of a one-module package of ``target`` (as the module packages have them), with ``changes``."""
    facts = {
        "package_file": "p.zip",
        "course_title": "Kurs",
        "label": target.label,
        "texts": target.sheet,
        "scos": [datasheet.ScoFacts("m01", "Modul 1", "index.html", 70)],
        "completion": ["scenario_ended", "quiz_submitted"],
        "interactions": False,
        "size_bytes": 12345,
        "file_count": 5,
        "content_version": "abcdef123456",
        "date": "01.02.2024",
    }
    return datasheet.SheetFacts(**(facts | changes))


@pytest.mark.parametrize("interactions", [False, True], ids=["", "interactions"])
@pytest.mark.parametrize("target", ALL, ids=IDS)
def test_data_sheet_matches_regression_file(target, interactions):
    facts = sheet_facts(
        target,
        package_file=f"kursbuch-kurs-{target.tag}.zip",
        course_title="Kurs <&> Titel",
        scos=[
            datasheet.ScoFacts("m01", "Modul 1", "m01/index.html", 70),
            datasheet.ScoFacts("m02", "Modul 2", "m02/index.html", None),
        ],
        completion=["visited"] if interactions else ["scenario_ended", "quiz_submitted"],
        interactions=interactions,
        file_count=9,
        course=True,
    )
    regression(f"datenblatt-{target.tag}{'-interactions' if interactions else ''}.html", datasheet.render(facts))


@pytest.mark.parametrize("target", ALL, ids=IDS)
def test_module_data_sheet_matches_regression_file(target):
    """A module package's sheet: the settings and outcomes for one module, not the course's."""
    facts = sheet_facts(target, package_file=f"kursbuch-m01-{target.tag}.zip")
    regression(f"datenblatt-{target.tag}-modul.html", datasheet.render(facts))


MODULE_RULE = "wenn im Wissenscheck mindestens die Bestehensgrenze erreicht ist"


@pytest.mark.parametrize("target", [t for t in ALL if t.course_unit is not None], ids=lambda t: t.tag)
def test_a_one_unit_course_sheet_states_the_course_rule_and_what_learners_see(target):
    """The whole course as one unit (course-sco.js) reports the course, not a module: its sheet says the
    course's rule (every module completed, the mean against the course's pass mark) and the course result
    line learners see; a module package's sheet keeps the module's rule."""
    from bs4 import BeautifulSoup

    def text(course: bool) -> str:
        facts = sheet_facts(
            target,
            scos=[datasheet.ScoFacts("kurs", "Kurs", "index.html", 70)],
            size_bytes=1,
            file_count=1,
            content_version="x",
            course=course,
        )
        return " ".join(BeautifulSoup(datasheet.render(facts), "html.parser").get_text().split())

    course, module = text(True), text(False)
    assert MODULE_RULE not in course and "unter dem Wissenscheck" not in course
    assert "Durchschnitt" in course and "Bestehensgrenze des Kurses" in course
    for shown in ("Kursergebnis: noch offen", "Kursergebnis: bestanden", "Kursergebnis: nicht bestanden"):
        assert shown in course, shown
    assert MODULE_RULE in module and "Kursergebnis" not in module and "„Bestanden“ unter dem Wissenscheck" in module


@pytest.mark.parametrize("target", ALL, ids=IDS)
def test_target_is_complete(target):
    assert PORTABLE.match(target.tag) and target.label and target.manifest_name
    for name in target.scripts:
        assert PORTABLE.match(name) and (ASSET_DIR / name).is_file(), name
    # The browser file that defines the target object is the target's own, not only shared plumbing.
    assert "KursbuchTarget" in (ASSET_DIR / target.scripts[-1]).read_text(encoding="utf-8")
    assert target.runtime.get("target") == target.tag
    texts = target.sheet
    for field in ("format_row", "units_row", "mastery", "status", "score", "bookmark", "session_time"):
        assert getattr(texts, field).strip(), field
    assert texts.platforms and all(items for _, items in texts.platforms)
    assert texts.course_platforms and all(items for _, items in texts.course_platforms)


def test_names_and_tags_are_unique_and_defaults_exist(tmp_path):
    assert len({t.name for t in ALL}) == len({t.tag for t in ALL}) == len(ALL)
    assert targets.defaults()
    assert load_settings_from("title: T\n", tmp_path)[0].scorm.versions == targets.defaults()


def load_settings_from(config: str, folder: Path):
    (folder / "_config.yml").write_text(config, encoding="utf-8")
    return load_settings(folder)


def test_unknown_target_in_config_is_a_located_error(tmp_path):
    config = 'title: T\nkursbuch:\n  scorm:\n    versions:\n      - "1.2"\n      - "3.0"\n'
    with pytest.raises(ContentErrors) as info:
        load_settings_from(config, tmp_path)
    (error,) = info.value.errors
    assert (error.file, error.line, error.path) == ("_config.yml", 6, ("kursbuch", "scorm", "versions", 1))
    assert error.message == f"'3.0' is not an export target — use one of {', '.join(repr(n) for n in targets.names())}"


def test_unknown_target_name_in_code_lists_the_registered_ones():
    with pytest.raises(targets.UnknownTarget, match="use one of '1.2', '2004', 'cmi5'"):
        targets.get("xapi")


# What only a target's own files may name: SCORM editions, their API objects and data models.
VERSION_SPECIFIC = re.compile(
    r"\b2004\b|[\"']1\.2[\"']|SCORM 1\.2|\bscorm_?12\b|\bscorm_?2004\b|is2004|API_1484_11|cmi\.core\b|lesson_status"
)


def version_mentions(files: list[Path], base: Path = REPO) -> list[str]:
    found = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if VERSION_SPECIFIC.search(line):
                found.append(f"{path.relative_to(base)}:{n}: {line.strip()}")
    return found


def test_no_version_branching_outside_the_targets():
    """Generic code names no SCORM edition: a new target cannot fall into another one's branch."""
    python = [
        p for p in (REPO / "kursbuch").rglob("*.py") if (REPO / "kursbuch" / "export" / "targets") not in p.parents
    ]
    javascript = [p for p in ASSET_DIR.rglob("*.js") if not p.name.startswith("target-")]
    assert python and javascript
    assert version_mentions(python + javascript) == []


def test_the_seam_check_finds_a_planted_branch(tmp_path):
    planted = tmp_path / "kursbuch" / "x.py"
    planted.parent.mkdir()
    planted.write_text('tag = "scorm12" if version == "1.2" else "scorm2004"\n', encoding="utf-8")
    js = tmp_path / "kursbuch" / "x.js"
    js.write_text('var is2004 = cfg.version === "2004";\n', encoding="utf-8")
    assert len(version_mentions([planted, js], tmp_path)) == 2


def test_the_exporter_loads_without_sphinx():
    code = (
        "import sys, kursbuch.export, kursbuch.export.run, kursbuch.export.targets; "
        "assert not any(m.startswith('sphinx') for m in sys.modules), sorted(m for m in sys.modules if 'sphinx' in m)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_cmi5_settings_are_located_and_reach_the_ids_and_the_page(tmp_path):
    config = "title: Straße & Kurs\nkursbuch:\n  cmi5:\n    course_id: kein iri\n"
    with pytest.raises(ContentErrors) as info:
        load_settings_from(config, tmp_path)
    (error,) = info.value.errors
    assert (error.file, error.line, error.path) == ("_config.yml", 4, ("kursbuch", "cmi5", "course_id"))
    settings, title = load_settings_from("title: Straße & Kurs\n", tmp_path)
    options = {**settings.model_dump(), "title": title}
    cmi5 = targets.get("cmi5")
    manifest = cmi5.manifest(PackageSpec("kursbuch-m01-cmi5", "T", course_spec(cmi5).scos[:1], options=options))
    assert (
        b'id="urn:kursbuch:strasse-kurs/m01"' in manifest and b'id="urn:kursbuch:strasse-kurs/kursbuch-m01"' in manifest
    )
    assert cmi5.page_settings(options) == {"interactions": False}
    on = load_settings_from(
        "title: T\nkursbuch:\n  cmi5:\n    course_id: https://bildung.example/kurs\n    allowed_statements: true\n",
        tmp_path,
    )[0]
    options = {**on.model_dump(), "title": "T"}
    assert cmi5.page_settings(options) == {"interactions": True}
    manifest = cmi5.manifest(PackageSpec("kursbuch-kurs-cmi5", "T", course_spec(cmi5).scos, options=options))
    assert b'<au id="https://bildung.example/kurs/m03"' in manifest
    # The SCORM targets keep their own switch (kursbuch: scorm: interactions).
    assert all(t.page_settings(options) == {} for t in ALL if t is not cmi5)
