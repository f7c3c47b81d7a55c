"""The legal pages' settings and texts (kursbuch.legal), without a build: located errors for missing or
dishonest configuration, the sign-language page with and without a configured video, an enforcement
body the package cannot name reported as missing configuration."""

from __future__ import annotations

import re

import pytest

from kursbuch import legal
from kursbuch.core.errors import ContentErrors


def edit(root, old: str, new: str) -> None:
    config = root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root, needle: str) -> int:
    lines = (root / "_config.yml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_course_configuration_is_complete(course_copy):
    settings = legal.load(course_copy)
    assert legal.problems(course_copy) == []
    assert settings.publisher.body() is not None


def test_missing_contact_is_a_located_error(course_copy):
    line = line_of(course_copy, "    email:")
    edit(course_copy, (course_copy / "_config.yml").read_text(encoding="utf-8").splitlines()[line - 1] + "\n", "")
    with pytest.raises(ContentErrors) as caught:
        legal.load(course_copy)
    report = caught.value.report()
    assert re.search(
        r"^_config\.yml:\d+: kursbuch\.publisher\.email: required field 'email' is missing — add it", report, re.M
    )


def test_full_conformance_with_known_barriers_is_refused(course_copy):
    edit(course_copy, "status: teilweise vereinbar", "status: vollständig vereinbar")
    with pytest.raises(ContentErrors) as caught:
        legal.load(course_copy)
    assert (
        f"_config.yml:{line_of(course_copy, '  accessibility:')}: kursbuch.accessibility: status 'vollständig vereinbar'"
        in caught.value.report()
    )


def test_a_video_from_another_host_is_refused(course_copy):
    edit(course_copy, 'sign_language_video: ""', 'sign_language_video: "https://video.example/dgs.mp4"')
    with pytest.raises(ContentErrors) as caught:
        legal.load(course_copy)
    assert (
        f"_config.yml:{line_of(course_copy, 'sign_language_video')}: kursbuch.accessibility.sign_language_video"
        in caught.value.report()
    )


def test_sign_language_page_without_and_with_a_video(course_copy):
    without = legal.render("gebaerdensprache", legal.load(course_copy), title="Kurs")
    assert "gibt es für diesen Kurs noch nicht" in without and "<video" not in without
    (course_copy / "media").mkdir()
    (course_copy / "media" / "dgs.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")  # a tiny local stand-in
    edit(course_copy, 'sign_language_video: ""', 'sign_language_video: "media/dgs.mp4"')
    settings = legal.load(course_copy)
    page = legal.render("gebaerdensprache", settings, title="Kurs", video="_static/kursbuch-media/dgs.mp4")
    assert '<video class="kb-dgs-video" controls preload="metadata" src="_static/kursbuch-media/dgs.mp4">' in page
    assert "noch nicht" not in page
    assert legal.video_target(settings).as_posix() == "_static/kursbuch-media/dgs.mp4"


def test_missing_video_file_is_a_located_error(course_copy):
    edit(course_copy, 'sign_language_video: ""', 'sign_language_video: "media/fehlt.mp4"')
    with pytest.raises(ContentErrors) as caught:
        legal.load(course_copy)
    assert "'media/fehlt.mp4' does not exist" in caught.value.report()


def test_unknown_enforcement_body_shows_a_placeholder_and_is_reported(course_copy):
    edit(course_copy, "land: NW", "land: BY")
    problems = legal.problems(course_copy)
    assert len(problems) == 1 and "kursbuch.publisher.enforcement" in str(problems[0]) and "BY" in str(problems[0])
    statement = legal.render("barrierefreiheit", legal.load(course_copy), title="Kurs")
    assert "[Platzhalter: Die Durchsetzungs- oder Ombudsstelle des Landes Bayern ist noch nicht" in statement


def test_statement_names_status_barriers_contact_and_body(course_copy):
    settings = legal.load(course_copy)
    text = legal.render("barrierefreiheit", settings, title="Kurs")
    assert "**teilweise vereinbar**" in text and "Richtlinie (EU) 2016/2102" in text
    assert text.count("Grund:") == len(settings.accessibility.known_barriers)
    assert f"<{settings.publisher.email}>" in text and "innerhalb eines Monats" in text
    assert "Ombudsstelle für barrierefreie Informationstechnik" in text
    privacy = " ".join(legal.render("datenschutz", settings, title="Kurs").split())
    for key in ("kursbuch:v1:", "kursbuch:scorm:", "cmi.suspend_data", "„Meine Daten in diesem Browser löschen“"):
        assert key in privacy, key
    assert privacy.count("Diese Meldung ist für diesen Kurs ausgeschaltet.") == 2  # SCORM and cmi5


def test_privacy_page_follows_the_answer_switches_of_scorm_and_cmi5(course_copy):
    settings = legal.load(course_copy)
    on = "Diese Meldung ist für diesen Kurs eingeschaltet."
    scorm = " ".join(legal.render("datenschutz", settings, title="Kurs", interactions=True).split())
    cmi5 = " ".join(legal.render("datenschutz", settings, title="Kurs", cmi5_answers=True).split())
    assert "(`cmi.interactions`): je geprüfter Frage" in scorm and scorm.count(on) == 1
    assert "je Entscheidung im Fallbeispiel die gewählte Möglichkeit" in cmi5 and cmi5.count(on) == 1
    assert "je Entscheidung im Fallbeispiel" not in scorm


def test_kursbuch_check_reports_the_legal_settings(course_copy):
    """`kursbuch check` stops with the located message, not only the build."""
    from kbtest import run_kursbuch

    line = line_of(course_copy, "    email:")
    edit(course_copy, (course_copy / "_config.yml").read_text(encoding="utf-8").splitlines()[line - 1] + "\n", "")
    result = run_kursbuch("check", cwd=course_copy)
    assert result.returncode == 1
    assert re.search(
        r"^_config\.yml:\d+: kursbuch\.publisher\.email: required field", result.stderr + result.stdout, re.M
    )


def test_an_impossible_date_and_a_tab_before_a_comment_are_located_errors(course_copy):
    """libyaml reads the settings first; what only the line-keeping parser refuses (a tab before a
    comment) and a date no calendar has are reported with file and line, never as a traceback."""
    config = course_copy / "_config.yml"
    original = config.read_text(encoding="utf-8")
    audit = next(line for line in original.splitlines() if line.strip().startswith("audit_date:"))
    edit(course_copy, audit, audit.split(":")[0] + ": 2026-02-30")
    with pytest.raises(ContentErrors) as caught:
        legal.load(course_copy)
    n = line_of(course_copy, audit.split(":")[0] + ":")
    assert f"_config.yml:{n}: (top level): '2026-02-30' is not a date — write a day of the calendar as YYYY-MM-DD" in (
        caught.value.report()
    )
    config.write_text(original, encoding="utf-8")
    land = next(line for line in original.splitlines() if line.strip().startswith("land:"))
    email = next(line for line in original.splitlines() if line.strip().startswith("email:"))
    tabbed = land.split("#")[0].rstrip() + "\t# Land"
    edit(course_copy, land, tabbed)
    edit(course_copy, email + "\n", "")  # an error that needs a line: the file is parsed with lines
    with pytest.raises(ContentErrors) as caught:
        legal.load(course_copy)
    report = caught.value.report()
    assert f"_config.yml:{line_of(course_copy, tabbed)}: (top level): YAML syntax error: " in report, report


def test_the_privacy_page_reads_the_answer_switches_as_the_exporter_does(course_copy):
    """``no`` and ``off`` are off for the packages (the export settings' model): the page says so too."""
    from kbtest import set_config

    from kursbuch.adapters.legal_pages import answer_switches

    config = course_copy / "_config.yml"
    text = config.read_text(encoding="utf-8")
    set_config(course_copy, "kursbuch.scorm.interactions", True)
    set_config(course_copy, "kursbuch.cmi5.allowed_statements", True)
    assert answer_switches(course_copy) == (True, True)
    config.write_text(
        config.read_text(encoding="utf-8")
        .replace("interactions: true", "interactions: no")
        .replace("allowed_statements: true", "allowed_statements: off"),
        encoding="utf-8",
    )
    assert "interactions: no" in config.read_text(encoding="utf-8") != text
    assert answer_switches(course_copy) == (False, False)
