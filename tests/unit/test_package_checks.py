"""check_package finds what the XSDs cannot: broken references, missing or unlisted files,
bad identifiers, non-portable names, mastery scores that disagree with the pass mark."""

from __future__ import annotations

import pytest

from kursbuch.export import package as packages
from kursbuch.export import targets
from kursbuch.export.target import PackageSpec, Sco

SCORM_12, SCORM_2004 = targets.get("1.2"), targets.get("2004")


def package(target=SCORM_12, pass_percent=70, launch="index.html"):
    spec = PackageSpec(
        identifier=f"kursbuch-m09-{target.tag}",
        title="T",
        scos=[Sco("m09", "Modul", launch, [launch], pass_percent)],
        shared_files=["assets/a.js"],
    )
    return {"imsmanifest.xml": target.manifest(spec), launch: b"<html></html>", "assets/a.js": b""}


def check_package(files, pass_marks, target=SCORM_12):
    return packages.check_package(files, pass_marks, target)


@pytest.mark.parametrize("target", [SCORM_12, SCORM_2004], ids=["1.2", "2004"])
def test_sound_package_has_no_problems(target):
    assert check_package(package(target), {"m09": 70}, target) == []


def test_missing_manifest():
    files = package()
    del files["imsmanifest.xml"]
    assert check_package(files, {"m09": 70}) == ["imsmanifest.xml is not at the root of the package"]


def test_listed_file_missing_and_unlisted_file_present():
    files = package()
    del files["assets/a.js"]
    files["extra.html"] = b""
    assert check_package(files, {"m09": 70}) == [
        "manifest lists 'assets/a.js', which is not in the package",
        "'extra.html' is in the package but not listed in the manifest",
    ]


def test_dangling_identifierref_and_bad_identifier():
    files = package()
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(
        b'identifierref="RES-shared"', b'identifierref="RES-gone"'
    )
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(b'identifier="ORG-kursbuch"', b'identifier="1 org"')
    problems = check_package(files, {"m09": 70})
    assert "dependency refers to missing resource 'RES-gone'" in problems
    assert "identifier '1 org' is not a valid XML name" in problems
    assert "organizations/@default 'ORG-kursbuch' names no organization" in problems


def test_duplicate_identifier():
    files = package()
    files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(b'identifier="RES-shared"', b'identifier="RES-m09"')
    assert "identifier 'RES-m09' is used 2 times" in check_package(files, {"m09": 70})


def test_non_portable_file_name():
    files = package(launch="Modul 1.html")
    assert "file name 'Modul 1.html' is not portable (lowercase ASCII letters, digits, . _ - / only)" in check_package(
        files, {"m09": 70}
    )


@pytest.mark.parametrize("target", [SCORM_12, SCORM_2004], ids=["1.2", "2004"])
def test_mastery_score_must_equal_the_pass_mark(target):
    files = package(target, pass_percent=80)
    problems = check_package(files, {"m09": 70}, target)
    assert len(problems) == 1 and "differs from the pass mark 70" in problems[0]


def test_mastery_score_out_of_range_and_not_a_number():
    files = package()
    bad = files["imsmanifest.xml"].replace(b">70<", b">170<")
    assert "item m09: masteryscore 170 is not between 0 and 100" in check_package(
        {**files, "imsmanifest.xml": bad}, {"m09": 170}
    )
    bad = files["imsmanifest.xml"].replace(b">70<", b">x70<")
    assert "item m09: masteryscore 'x70' is not a number" in check_package(
        {**files, "imsmanifest.xml": bad}, {"m09": 70}
    )


def test_missing_mastery_score_when_the_content_has_a_pass_mark():
    files = package(pass_percent=None)
    assert check_package(files, {"m09": 70}) == ["item m09: no mastery score although the module has a pass mark of 70"]


def test_sco_without_launch_file():
    files = package()
    del files["index.html"]
    problems = check_package(files, {"m09": 70})
    assert "resource RES-m09 launches 'index.html', which is not in the package" in problems
