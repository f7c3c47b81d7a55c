"""SCORM 1.2: the safe default for Moodle and ILIAS, the only whole-course package for Moodle.

The manifest carries the pass mark as ``adlcp:masteryscore`` (Moodle and ILIAS recompute
passed/failed from it, so it must equal the content's pass mark, 0 to 100; the runtime reports a
score only with a finished result, so that recomputation always agrees with the package). No inline 1.2
metadata: its schema (``imsmd_rootv1p2p1.xsd``) violates UPA. In the browser
``kursbuch/assets/target-scorm12.js`` talks to ``window.API`` (``LMS…`` calls, ``cmi.core.*``
elements, ``suspend_data`` at most 4096 characters).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..target import Sco
from . import scorm

NAMESPACES = {
    "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}
LOCATIONS = (
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd"
)


def add_mastery(b: scorm.Builder, item: ET.Element, sco: Sco) -> None:
    b.el(item, "masteryscore", "adlcp", text=str(sco.pass_percent))


def check_mastery(module: str, item: ET.Element, expected: int | None) -> list[str]:
    mastery = scorm.first_text(item, "masteryscore")
    if mastery is None:
        return scorm.no_mastery(module, expected)
    if not re.fullmatch(r"\d+(\.\d+)?", mastery.strip()):
        return [f"item {module}: masteryscore {mastery!r} is not a number"]
    problems = []
    if not 0 <= float(mastery) <= 100:
        problems.append(f"item {module}: masteryscore {mastery} is not between 0 and 100")
    if expected is None or float(mastery) != expected:
        problems.append(f"item {module}: masteryscore {mastery} differs from the pass mark {expected}")
    return problems


# Moodle: a single status element, so "Status erforderlich" must be "Bestanden" alone (with both
# boxes ticked Moodle waits for "completed" too, which a graded module never reports).
ALTERNATIVES = (
    "mit beiden Kästchen oder nur mit „Abgeschlossen“ schlösse niemand ab, der den Wissenscheck macht "
    "(SCORM 1.2 hat ein einziges Statusfeld, das Paket meldet dann „passed“ oder „failed“, nie „completed“)"
)
MOODLE_MODULE = scorm.MoodleSetup(
    grademethod="highest", status_required=("passed",), all_scos=False, alternatives=ALTERNATIVES
)
MOODLE_COURSE = scorm.MoodleSetup(
    grademethod="scoes", status_required=("passed",), all_scos=True, alternatives=ALTERNATIVES
)
OUTCOMES_MODULE = (
    scorm.Outcome("passed", ("passed",), "score", True),
    scorm.Outcome("failed", ("failed",), "score", False),
    scorm.Outcome("unfinished", ("incomplete",), "none", False),
)
OUTCOMES_COURSE = (
    scorm.Outcome("passed", ("passed",), "count", True),
    scorm.Outcome("failed", ("failed",), "count", False),
    scorm.Outcome("unfinished", ("incomplete",), "count", False),
)

# ILIAS: one status element per SCO, learning progress "je SCO" over the package's SCOs; a passed
# module is locked by "Datenaufzeichnung beenden" (review afterwards), a failed one can be retried.
ILIAS_MODULE = scorm.IliasSetup(mode="normal", credit="credit", auto_review=True, all_scos=False)
ILIAS_COURSE = scorm.IliasSetup(mode="normal", credit="credit", auto_review=True, all_scos=True)
ILIAS_OUTCOMES_MODULE = (
    scorm.IliasOutcome("passed", "passed", "completed", "all", "score"),
    scorm.IliasOutcome("failed", "failed", "failed", "none", "score"),
    scorm.IliasOutcome("unfinished", "incomplete", "in_progress", "none", "none"),
)
ILIAS_OUTCOMES_COURSE = (
    scorm.IliasOutcome("passed", "passed", "completed", "all", "scores"),
    scorm.IliasOutcome("failed", "failed", "failed", "share", "scores"),
    scorm.IliasOutcome("unfinished", "incomplete", "in_progress", "share", "scores"),
)

TARGET = scorm.scorm_target(
    name="1.2",
    tag="scorm12",
    label="SCORM 1.2",
    default=True,
    edition=scorm.Edition(
        namespaces=NAMESPACES,
        schema_locations=LOCATIONS,
        schema_version="1.2",
        scorm_type="scormtype",
        add_mastery=add_mastery,
        check_mastery=check_mastery,
    ),
    script="target-scorm12.js",
    sheet=scorm.sheet(
        mastery="Mastery Score (<code>adlcp:masteryscore</code>) je Lerneinheit = Bestehensgrenze",
        status="<code>cmi.core.lesson_status</code>: „incomplete“ vom ersten Start an (nie „not attempted“), bis die "
        "Abschlussregel erfüllt ist; dann „passed“ oder „failed“ (mit ausgewertetem Wissenscheck), sonst „completed“",
        score="<code>cmi.core.score.raw</code> 0–100 (Prozent der Punkte, Dezimalpunkt), min 0, max 100",
        bookmark="cmi.core.lesson_location",
        session_time="cmi.core.session_time",
        moodle=(MOODLE_MODULE, MOODLE_COURSE),
        outcomes=(OUTCOMES_MODULE, OUTCOMES_COURSE),
        ilias=(True, True),
        instead="",
        ilias_setups=(ILIAS_MODULE, ILIAS_COURSE),
        ilias_outcomes=(ILIAS_OUTCOMES_MODULE, ILIAS_OUTCOMES_COURSE),
    ),
)
