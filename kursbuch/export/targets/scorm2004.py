"""SCORM 2004 4th edition: completion and success reported separately.

The whole-course package is ONE unit with its own module navigation (``course_unit``, see
:mod:`kursbuch.export.course_sco`): Moodle's player keeps one ``API_1484_11`` object per player page
and refuses ``Initialize`` after a unit's ``Terminate`` (error 104), so a package of one unit per
module would store one module per visit. The shell keeps every module's data in the one
``cmi.suspend_data`` (64,000 characters in the 4th edition; the export checks the course fits),
the bookmark as ``module#position`` in ``cmi.location``, and reports the course result (completed
when every module is; score = mean of the module scores; passed against the one
``minNormalizedMeasure``).

The manifest carries the pass mark as the primary objective's ``imsss:minNormalizedMeasure``
(pass mark ÷ 100, ``satisfiedByMeasure="true"``). In the browser
``kursbuch/assets/target-scorm2004.js`` talks to ``window.API_1484_11`` (``cmi.*`` elements,
``cmi.score.scaled``, ISO 8601 session time, ``[,]``/``[.]`` in interaction responses).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..target import CourseUnit, Sco
from . import scorm

NAMESPACES = {
    "": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
}
LOCATIONS = (
    "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd "
    "http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd "
    "http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd"
)


def measure(percent: int) -> str:
    """A pass mark as a normalized measure with a decimal point: 70 -> 0.7, 100 -> 1.0."""
    return f"{percent / 100:.2f}".rstrip("0").rstrip(".") if percent % 100 else ("1.0" if percent else "0.0")


def add_mastery(b: scorm.Builder, item: ET.Element, sco: Sco) -> None:
    assert sco.pass_percent is not None  # the writer adds a mastery element only for a pass mark
    seq = b.el(item, "sequencing", "imsss")
    objectives = b.el(seq, "objectives", "imsss")
    primary = b.el(objectives, "primaryObjective", "imsss", objectiveID=f"OBJ-{sco.module}", satisfiedByMeasure="true")
    b.el(primary, "minNormalizedMeasure", "imsss", text=measure(sco.pass_percent))


def check_mastery(module: str, item: ET.Element, expected: int | None) -> list[str]:
    value = scorm.first_text(item, "minNormalizedMeasure")
    if value is None:
        return scorm.no_mastery(module, expected)
    try:
        agrees = expected is not None and abs(float(value) * 100 - expected) <= 1e-9
    except ValueError:
        agrees = False
    return [] if agrees else [f"item {module}: minNormalizedMeasure {value} differs from the pass mark {expected}"]


# Moodle counts status values over all tracks and completes only when the collected ones equal the
# ticked ones: completion_status "completed" is stored before success_status, so "Bestanden" alone
# never completes; both boxes mean "passed", "Abgeschlossen" alone means "finished".
MOODLE_MODULE = scorm.MoodleSetup(
    grademethod="highest",
    status_required=("passed", "completed"),
    all_scos=False,
    alternatives="nur „Abgeschlossen“: abgeschlossen, sobald das Modul beendet ist, auch wenn nicht bestanden; "
    "nur „Bestanden“: schlösse nie ab (Moodle sammelt „completed“ aus cmi.completion_status mit ein)",
)
OUTCOMES_MODULE = (
    scorm.Outcome("passed", ("completed", "passed"), "score", True),
    scorm.Outcome("failed", ("completed", "failed"), "score", False),
    scorm.Outcome("unfinished", ("incomplete", "unknown"), "none", False),
)

# The whole course as one unit: Moodle's grade is that unit's score (the mean of the modules), so
# "Höchste Bewertung"; the status rules are the module package's (one completion and one success value).
MOODLE_COURSE = scorm.MoodleSetup(
    grademethod="highest",
    status_required=("passed", "completed"),
    all_scos=False,
    alternatives="nur „Abgeschlossen“: abgeschlossen, sobald alle Module beendet sind, auch wenn nicht bestanden; "
    "nur „Bestanden“: schlösse nie ab (Moodle sammelt „completed“ aus cmi.completion_status mit ein)",
    grade_note="das Paket ist eine Lerneinheit; die Bewertung ist die Punktzahl des Kurses in Prozent, der "
    "Durchschnitt der Module mit Wissenscheck, gemeldet, sobald alle Module beendet sind",
)
OUTCOMES_COURSE = OUTCOMES_MODULE  # one unit reports the course as a module package reports a module
COURSE_CASES = {
    "passed": ("Bestanden", "jedes Modul beendet, Durchschnitt mindestens die Bestehensgrenze"),
    "failed": ("Nicht bestanden", "jedes Modul beendet, Durchschnitt unter der Bestehensgrenze"),
    "unfinished": ("Nicht beendet", "ein Modul nicht beendet, die anderen bestanden"),
}
# What learners see of the course result in the course package (course-sco.js): a line in the header of
# its launch page, and each module's state in words after its link in the module menu.
COURSE_SEES = {
    "passed": "„Kursergebnis: bestanden“ mit dem Mittel der Wissenschecks oben auf der Seite; beim nächsten "
    "Öffnen alle Antworten wieder",
    "failed": "„Kursergebnis: nicht bestanden“ mit dem Mittel der Wissenschecks oben auf der Seite; ein neuer "
    "Versuch in einem Modul zählt, sobald er beendet ist",
    "unfinished": "„Kursergebnis: noch offen“ mit der Zahl der abgeschlossenen Module; beim nächsten Öffnen die "
    "eigenen Antworten und die Stelle im Fall",
}
COURSE_PASSED = (
    "Bestanden: wenn jedes Modul abgeschlossen ist und der Durchschnitt der Punktzahlen der Module mit bewertetem "
    "Wissenscheck mindestens die Bestehensgrenze des Kurses erreicht; ein Modul unter seiner eigenen "
    "Bestehensgrenze schließt das nicht aus. Hat kein Modul einen bewerteten Wissenscheck, meldet das Paket "
    "„completed“ ohne Punktzahl und ohne „passed“ oder „failed“"
)
COURSE_SEEN = (
    "oben auf der Startseite eine Zeile zum Kursergebnis, zum Beispiel „Kursergebnis: noch offen – 3 von 8 "
    "Modulen abgeschlossen.“; sobald jedes Modul abgeschlossen ist „Kursergebnis: bestanden – 85 % im Mittel der "
    "Wissenschecks (Bestehensgrenze 70 %).“, „Kursergebnis: nicht bestanden – 62 % im Mittel der Wissenschecks "
    "(Bestehensgrenze 70 %).“ oder, ohne bewerteten Wissenscheck, „Kursergebnis: abgeschlossen.“; im Modulmenü "
    "hinter jedem Modul seinen Stand in Worten (zum Beispiel „begonnen“, „bestanden“). Im Modul zeigt der "
    "Wissenscheck das Ergebnis des Moduls"
)
SUSPEND_LIMIT = 64000  # cmi.suspend_data in the 4th edition (SPM: characters)

TARGET = scorm.scorm_target(
    name="2004",
    tag="scorm2004",
    label="SCORM 2004 (4. Edition)",
    default=True,
    edition=scorm.Edition(
        namespaces=NAMESPACES,
        schema_locations=LOCATIONS,
        schema_version="2004 4th Edition",
        scorm_type="scormType",
        add_mastery=add_mastery,
        check_mastery=check_mastery,
    ),
    script="target-scorm2004.js",
    course_unit=CourseUnit(suspend_limit=SUSPEND_LIMIT),
    sheet=scorm.sheet(
        mastery="<code>imsss:minNormalizedMeasure</code> je Lerneinheit = Bestehensgrenze ÷ 100, "
        '<code>satisfiedByMeasure="true"</code>',
        status="<code>cmi.completion_status</code> (incomplete/completed) und getrennt davon "
        "<code>cmi.success_status</code> (unknown/passed/failed); „completed“ und „passed“/„failed“ erst, "
        "wenn die Abschlussregel erfüllt ist",
        score="<code>cmi.score.raw</code> 0–100, <code>cmi.score.scaled</code> 0–1, min 0, max 100 (Dezimalpunkt)",
        bookmark="cmi.location",
        session_time="cmi.session_time",
        moodle=(MOODLE_MODULE, MOODLE_COURSE),
        outcomes=(OUTCOMES_MODULE, OUTCOMES_COURSE),
        course_cases=COURSE_CASES,
        course_sees=COURSE_SEES,
        course_passed=COURSE_PASSED,
        course_seen=COURSE_SEEN,
        course_result="Der ganze Kurs ist <em>eine</em> Lerneinheit mit eigenem Modulmenü: "
        "<code>cmi.completion_status</code> „completed“, sobald die Abschlussregel in jedem Modul erfüllt ist; "
        "dann <code>cmi.score.raw</code> = Durchschnitt der Punktzahlen der Module mit Wissenscheck (abgerundet auf "
        "zwei Stellen) und <code>cmi.success_status</code> „passed“, wenn er mindestens die Bestehensgrenze des Kurses "
        "(das Mittel der Bestehensgrenzen der Module, abgerundet; im Manifest <code>imsss:minNormalizedMeasure</code>) "
        "erreicht, sonst „failed“. Die Daten aller Module stehen in einem <code>cmi.suspend_data</code>, das "
        "Lesezeichen (<code>cmi.location</code>) nennt Modul und Stelle; Interaktionen sind über alle Module "
        "durchnummeriert",
        # Not tried in ILIAS's SCORM 2004 player: the 1.2 packages are recommended there.
        ilias=(False, False),
        instead="die SCORM-1.2-Pakete (<code>kursbuch-kurs-scorm12.zip</code> für den ganzen Kurs "
        "oder die Modulpakete <code>…-scorm12.zip</code>)",
    ),
)
