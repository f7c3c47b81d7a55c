"""What the SCORM targets share: the IMS content package (``imsmanifest.xml``), its checks, and
the data-sheet texts for Moodle and ILIAS. Not a target itself.

A SCORM target module describes its edition as an :class:`Edition` (namespaces, schema
locations, the ``schemaversion`` text, the spelling of ``adlcp:scormType``, how an item carries
the pass mark and how that element is checked) and builds its :class:`~..target.Target` with
:func:`scorm_target`. Nothing here branches on the edition: every difference is a value or a
function the edition supplies.

The manifest: one organization; one item and one SCO resource per module; one shared asset
resource that every SCO depends on. Identifiers are built from content ids (valid, unique XML
names). Output is byte-identical for the same input.

The checks do what the SCORM XSDs cannot: every ``identifierref`` resolves, every listed file
exists and every file is listed, identifiers are unique XML names, the manifest sits at the zip
root, a SCO has a launch file, and (through the edition) the mastery element equals the
content's pass mark.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from ..datasheet import SheetTexts
from ..target import CourseUnit, PackageSpec, PassMarks, Sco, Target

XSI = "http://www.w3.org/2001/XMLSchema-instance"
MANIFEST = "imsmanifest.xml"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


class Builder:
    """Elements in one manifest's namespaces: ``el(parent, "item", "imsss", text=..., attr=...)``."""

    def __init__(self, namespaces: Mapping[str, str]):
        self.ns = namespaces

    def q(self, prefix: str, tag: str) -> str:
        return f"{{{self.ns[prefix]}}}{tag}"

    def el(
        self, parent: ET.Element | None, tag: str, prefix: str = "", text: str | None = None, **attrs: str
    ) -> ET.Element:
        name = self.q(prefix, tag)
        node = ET.SubElement(parent, name) if parent is not None else ET.Element(name)
        for k, v in attrs.items():
            node.set(k, v)
        if text is not None:
            node.text = text
        return node


@dataclass(frozen=True)
class Edition:
    namespaces: Mapping[str, str]  # prefix -> URI; "" is the content-package namespace
    schema_locations: str
    schema_version: str  # text of metadata/schemaversion
    scorm_type: str  # local name of the adlcp attribute that marks SCOs and assets
    add_mastery: Callable[[Builder, ET.Element, Sco], None]  # puts the pass mark into an item
    check_mastery: Callable[[str, ET.Element, int | None], list[str]]  # (module, item, pass mark) -> problems


def write_manifest(edition: Edition, spec: PackageSpec) -> bytes:
    b = Builder(edition.namespaces)
    for prefix, uri in edition.namespaces.items():
        ET.register_namespace(prefix, uri)
    ET.register_namespace("xsi", XSI)

    root = b.el(None, "manifest", identifier=spec.identifier, version="1")
    root.set(f"{{{XSI}}}schemaLocation", edition.schema_locations)
    meta = b.el(root, "metadata")
    b.el(meta, "schema", text="ADL SCORM")
    b.el(meta, "schemaversion", text=edition.schema_version)

    orgs = b.el(root, "organizations", default="ORG-kursbuch")
    org = b.el(orgs, "organization", identifier="ORG-kursbuch")
    b.el(org, "title", text=spec.title)
    for sco in spec.scos:
        item = b.el(org, "item", identifier=f"ITEM-{sco.module}", identifierref=f"RES-{sco.module}")
        b.el(item, "title", text=sco.title)
        if sco.pass_percent is not None:
            edition.add_mastery(b, item, sco)

    resources = b.el(root, "resources")
    for sco in spec.scos:
        res = b.el(resources, "resource", identifier=f"RES-{sco.module}", type="webcontent", href=sco.launch)
        res.set(b.q("adlcp", edition.scorm_type), "sco")
        for f in sco.files:
            b.el(res, "file", href=f)
        b.el(res, "dependency", identifierref="RES-shared")
    shared = b.el(resources, "resource", identifier="RES-shared", type="webcontent")
    shared.set(b.q("adlcp", edition.scorm_type), "asset")
    for f in spec.shared_files:
        b.el(shared, "file", href=f)

    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def first_text(item: ET.Element, name: str) -> str | None:
    """Text of the first element called ``name`` (any namespace) inside ``item``."""
    return next((n.text or "" for n in item.iter() if local(n.tag) == name), None)


def check_content_package(edition: Edition, files: dict[str, bytes], pass_marks: PassMarks) -> list[str]:
    """Problems of a SCORM package given as {path in zip: content}; empty when it is sound."""
    problems: list[str] = []
    if MANIFEST not in files:
        return [f"{MANIFEST} is not at the root of the package"]
    root = ET.fromstring(files[MANIFEST])
    ids: dict[str, int] = {}
    for node in root.iter():
        ident = node.get("identifier")
        if ident is not None:
            ids[ident] = ids.get(ident, 0) + 1
            if not NCNAME.match(ident):
                problems.append(f"identifier {ident!r} is not a valid XML name")
    problems += [f"identifier {i!r} is used {n} times" for i, n in ids.items() if n > 1]
    resources = {r.get("identifier"): r for r in root.iter() if local(r.tag) == "resource"}
    listed: set[str] = set()
    for node in root.iter():
        ref = node.get("identifierref")
        if ref is not None and ref not in resources:
            who = f"{local(node.tag)} {node.get('identifier')}" if node.get("identifier") else local(node.tag)
            problems.append(f"{who} refers to missing resource {ref!r}")
        if local(node.tag) == "file":
            listed.add(node.get("href") or "")
    orgs = next((n for n in root.iter() if local(n.tag) == "organizations"), None)
    if orgs is not None and orgs.get("default") not in ids:
        problems.append(f"organizations/@default {orgs.get('default')!r} names no organization")
    for ident, res in resources.items():
        href = res.get("href")
        scorm_type = next((v for k, v in res.attrib.items() if local(k).lower() == "scormtype"), None)
        if scorm_type == "sco" and not href:
            problems.append(f"resource {ident} is a SCO without href")
        if href and href not in files:
            problems.append(f"resource {ident} launches {href!r}, which is not in the package")
    for name in sorted(listed - set(files)):
        problems.append(f"manifest lists {name!r}, which is not in the package")
    for name in sorted(set(files) - listed - {MANIFEST}):
        problems.append(f"{name!r} is in the package but not listed in the manifest")
    for item in (n for n in root.iter() if local(n.tag) == "item"):
        module = item.get("identifier", "").removeprefix("ITEM-")
        problems += edition.check_mastery(module, item, pass_marks.get(module))
    return problems


def no_mastery(module: str, expected: int | None) -> list[str]:
    """The problem of an item without a mastery element (none when the module has no pass mark)."""
    if expected is None:
        return []
    return [f"item {module}: no mastery score although the module has a pass mark of {expected}"]


# ------------------------------------------------------------------ LMS settings and outcomes
# What the data sheet recommends is data: the texts are written from it and the tests run exactly
# these settings in their emulation of Moodle's rules (tests/kbmoodle.py, tests/lms/moodle_player.js).

GRADEMETHODS = {
    "highest": "Höchste Bewertung",
    "average": "Durchschnittliche Bewertung",
    "sum": "Summe der Bewertungen",
    "scoes": "Lernobjekte",
}
STATUS_BOXES = {"passed": "Bestanden", "completed": "Abgeschlossen"}
STATUS_WORDS = {
    "passed": "bestanden",
    "failed": "nicht bestanden",
    "completed": "abgeschlossen",
    "incomplete": "unvollständig",
    "unknown": "unbekannt",
}


@dataclass(frozen=True)
class MoodleSetup:
    """The Moodle settings recommended for one kind of package (module or whole course)."""

    grademethod: str  # key of GRADEMETHODS ("Bewertungsmethode")
    status_required: tuple[str, ...]  # ticked boxes of "Status erforderlich" (keys of STATUS_BOXES)
    all_scos: bool  # "Alle SCOs müssen Status zurückgeben" (completionstatusallscos)
    alternatives: str = ""  # what the other choices of "Status erforderlich" would do (German)
    grade_note: str = ""  # what the grade is with this method, if not the default words (German)


@dataclass(frozen=True)
class Outcome:
    """What one way through a package leaves in Moodle with the recommended settings."""

    case: str  # "passed", "failed" or "unfinished"
    status: tuple[str, ...]  # the stored status values (keys of STATUS_WORDS)
    grade: str  # "score" (the score in percent), "count" (passed modules) or "none"
    complete: bool  # Moodle's activity completion is met


CASES = {
    "passed": ("Bestanden", "Wissenscheck mit mindestens der Bestehensgrenze ausgewertet, Fallbeispiel beendet"),
    "failed": ("Nicht bestanden", "Wissenscheck unter der Bestehensgrenze ausgewertet, Fallbeispiel beendet"),
    "unfinished": ("Nicht beendet", "Fallbeispiel oder Wissenscheck offen, Modul verlassen"),
}
COURSE_CASES = {
    "passed": ("Bestanden", "jedes Modul bestanden"),
    "failed": ("Nicht bestanden", "ein Modul nicht bestanden, die anderen bestanden"),
    "unfinished": ("Nicht beendet", "ein Modul nicht beendet, die anderen bestanden"),
}
LEARNER_SEES = {
    "passed": "„Bestanden“ unter dem Wissenscheck; beim nächsten Öffnen alle Antworten wieder",
    "failed": "„Nicht bestanden“ und „Falsch beantwortete Fragen wiederholen“; ein neuer Versuch zählt, "
    "sobald er beendet ist",
    "unfinished": "beim nächsten Öffnen die eigenen Antworten und die Stelle im Fall",
}
GRADE_WORDS = {
    "score": "die Punktzahl in Prozent (0–100)",
    "count": "die Zahl der bestandenen Module (von allen)",
    "none": "keine",
}


def moodle_items(setup: MoodleSetup | None, *, course: bool, instead: str) -> tuple[str, ...]:
    """The data sheet's Moodle list, written from ``setup`` (None: this package is not for Moodle)."""
    if setup is None:
        return (
            "<strong>Dieses Paket nicht in Moodle verwenden.</strong> Moodles Player ruft alle Lerneinheiten eines "
            "Pakets über ein Schnittstellenobjekt auf, das nach dem Beenden der ersten Lerneinheit keine weitere "
            "annimmt (Fehler 104): Nur das zuerst geöffnete Modul würde gespeichert. "
            f"Verwenden Sie in Moodle {instead}.",
        )
    boxes = " und ".join(f"„{STATUS_BOXES[b]}“" for b in setup.status_required)
    others = [STATUS_BOXES[b] for b in STATUS_BOXES if b not in setup.status_required]
    unticked = f"; „{others[0]}“ nicht ankreuzen" if others else ""
    items = [
        "Aktivität „SCORM-Paket“ anlegen und diese ZIP-Datei hochladen.",
        "Darstellung: „Aktuelles Fenster“ oder „Neues Fenster“; das Paket funktioniert in beiden.",
        f"Bewertung: Bewertungsmethode „{GRADEMETHODS[setup.grademethod]}“"
        + (
            f" ({setup.grade_note})."
            if setup.grade_note
            else " (die Bewertung ist die Zahl der bestandenen Module; „Höchste Bewertung“ würde das beste einzelne "
            "Modul zeigen, „Durchschnittliche Bewertung“ nur den Durchschnitt der begonnenen Module)."
            if course
            else " (die Punktzahl des Moduls in Prozent)."
        ),
        "Versuche: „Unbegrenzt“, Versuchsbewertung „Höchster Versuch“, „Neuen Versuch erzwingen“: Nein.\n"
        "So setzen Lernende nach einer Pause an derselben Stelle fort.",
        "„Mastery-Score überschreibt Status“ (masteryoverride): Ja oder Nein, beides ergibt dasselbe, weil das "
        "Paket eine Punktzahl erst meldet, wenn "
        + ("der Kurs" if course and setup.grade_note else "das Modul")
        + " beendet ist.",
        "Kompatibilität: „Abschluss erzwingen“: Nein; „Automatisch fortsetzen“: Nein.",
        f"Aktivitätsabschluss: „Status erforderlich“: {boxes}{unticked}. Moodle verlangt jeden angekreuzten Status"
        + (f"; {setup.alternatives}." if setup.alternatives else "."),
    ]
    if setup.all_scos:
        items.append(
            "Aktivitätsabschluss: „Alle SCOs müssen Status zurückgeben“ (completionstatusallscos) ankreuzen; "
            "sonst gilt der Kurs schon nach dem ersten bestandenen Modul als abgeschlossen."
        )
    return tuple(items)


# ILIAS ("Lernmodul SCORM/AICC", its SCORM 1.2 player): the settings and labels as ILIAS's form and
# language file name them (Modules/ScormAicc/classes/class.ilObjSCORMLearningModuleGUI.php
# initPropertiesForm, lang/ilias_de.lang); tests/unit/test_ilias_rules.py runs exactly these settings
# through an emulation of the player (tests/lms/ilias_player.js) and its learning-progress rules
# (tests/kbilias.py).

ILIAS_SCO_WORDS = {  # the status of one SCO in ILIAS's tree (cont_sc_stat_*)
    "passed": "Bestanden",
    "failed": "Nicht bestanden",
    "incomplete": "Nicht vollständig",
    "completed": "Abgeschlossen",
}
ILIAS_LP_WORDS = {  # the learning-progress status (trac_*)
    "completed": "Bearbeitet",
    "failed": "Nicht bestanden",
    "in_progress": "In Bearbeitung",
}
ILIAS_PERCENT_WORDS = {
    "all": "100 %",
    "none": "0 %",
    "share": "Anteil der bestandenen Module",
}
ILIAS_REVIEW_SEES = " (bestandene Module im „Übungsmodus“: üben ja, das Ergebnis bleibt)"
ILIAS_SCORE_WORDS = {
    "score": "Punktzahl in Prozent (Protokolldaten, „score.raw“)",
    "scores": "je beendetem Modul die Punktzahl in Prozent (Protokolldaten, „score.raw“)",
    "none": "keine",
}


@dataclass(frozen=True)
class IliasSetup:
    """The ILIAS settings recommended for one kind of package (module or whole course)."""

    mode: str = (
        "normal"  # "Nutzungsdaten aufzeichnen" (cont_def_lesson_mode): "normal" Lernmodus, "browse" Vorschaumodus
    )
    credit: str = "credit"  # cont_credit_mode under "Lernmodus": "credit" or "no-credit"
    auto_review: bool = (
        True  # "Datenaufzeichnung beenden": "Ab Status „vollständig bearbeitet” oder „bestanden”", else "Nie"
    )
    all_scos: bool = False  # learning progress "je SCO" with every SCO of the package selected


@dataclass(frozen=True)
class IliasOutcome:
    """What one way through a package leaves in ILIAS with the recommended settings."""

    case: str  # "passed", "failed" or "unfinished"
    status: str  # the lesson_status of the module in question (keys of ILIAS_SCO_WORDS)
    lp: str  # the learning-progress status (keys of ILIAS_LP_WORDS)
    percent: str  # keys of ILIAS_PERCENT_WORDS
    score: str  # keys of ILIAS_SCORE_WORDS


def ilias_items(setup: IliasSetup | None, *, course: bool, instead: str) -> tuple[str, ...]:
    """The data sheet's ILIAS list, written from ``setup`` (None: this package is not for ILIAS)."""
    if setup is None:
        return (f"In ILIAS empfehlen wir {instead}; dieses Paket ist für ILIAS nicht erprobt.",)
    review = (
        "„Ab Status „vollständig bearbeitet” oder „bestanden”“"
        if setup.auto_review
        else "„Nie (entspricht SCORM-Spezifikation)“"
    )
    scos = "alle SCOs (alle Module) auswählen" if setup.all_scos else "das SCO des Moduls auswählen"
    return (
        "Objekt „Lernmodul SCORM“ anlegen und diese ZIP-Datei importieren.",
        "Abschnitt „Datenerhebung“, „Nutzungsdaten aufzeichnen“ (ältere ILIAS-Versionen: „Modus für SCO-Nutzung“): "
        + ("„Lernmodus“ (normal)" if setup.mode == "normal" else "„Vorschaumodus“ (browse)")
        + ". Im „Vorschaumodus“ speichert ILIAS nichts von dem, was das Paket meldet; das Paket zeigt dann "
        "„Übungsmodus“ und meldet für ein nie begonnenes Modul „browsed“, damit ILIAS es beim Beenden nicht als "
        "„completed“ speichert.",
        "„Bewertung / Steuerung der Lerneraktivitäten“ (unter „Lernmodus“): "
        + (
            "„Mit Bewertung (bestanden | nicht bestanden)“ (credit), nicht „Ohne Bewertung“ (no-credit)"
            if setup.credit == "credit"
            else "„Ohne Bewertung“ (no-credit)"
        )
        + ". Ohne Bewertung verwirft ILIAS Status und Punktzahl; das Paket schreibt dann nichts, ein "
        "gespeichertes Ergebnis bleibt. ILIAS selbst speichert aber beim Beenden für jedes noch nie "
        "begonnene Modul den Status „completed“: Der Lernfortschritt würde „Bearbeitet“, ohne dass etwas "
        "bearbeitet wurde.",
        f"„Datenaufzeichnung beenden“: {review}. "
        + (
            "Ein bestandenes Modul öffnet ILIAS danach zum Ansehen (review): Lernende können üben, das "
            "Ergebnis bleibt. Ein nicht bestandenes Modul öffnet normal, ein neuer Durchgang zählt, sobald "
            "er beendet ist. Mit „Nie“ ersetzte jeder beendete neue Durchgang das Ergebnis, auch ein "
            "schlechterer („bestanden“ → „nicht bestanden“)."
            if setup.auto_review
            else "Jeder beendete neue Durchgang ersetzt das Ergebnis, auch ein schlechterer."
        ),
        "Mastery Score des Lernmoduls (in neueren ILIAS-Versionen; ersetzt „adlcp:masteryscore“ aus dem Manifest): "
        "leer lassen oder beliebig; ILIAS vergleicht Punktzahl und Mastery Score nur beim Status „completed“, den das Paket "
        "nie zusammen mit einer Punktzahl meldet. Bestanden entscheidet das Paket mit der Bestehensgrenze.",
        "Lernfortschritt (in ILIAS für SCORM-Lernmodule zunächst deaktiviert): Modus „Status wird anhand einer "
        f"Auswahl von SCORM-Kapiteln bestimmt (je SCO)“ und {scos}. "
        + (
            "Der Status ist „Bearbeitet“, wenn jedes ausgewählte Modul bestanden ist, „Nicht bestanden“, "
            "sobald eines nicht bestanden ist. Werden nur einige SCOs ausgewählt, zählen nur diese. "
            if course
            else ""
        )
        + "Mit „Lernfortschritt ist deaktiviert“ zeigt ILIAS keinen Status. (Den Modus „Status wird vom "
        "SCORM-Paket bestimmt“ gibt es in ILIAS nur für SCORM 2004.)",
        "„Vom SCO geschickte Werte prüfen“: ein oder aus; alle Werte des Pakets bestehen die Prüfung, auch die "
        "Interaktionen, wenn sie eingeschaltet sind (dann in ILIAS die Speicherung der Interaktionen einschalten). "
        "„Abruf vorhandener Lernstandsdaten sicherstellen“ ist nicht nötig: Das Paket setzt beim Verlassen "
        "immer „suspend“, damit der Lernstand erhalten bleibt.",
    )


WHICH_PACKAGE = (
    "<strong>Moodle:</strong> für den ganzen Kurs das SCORM-2004-Kurspaket (<code>kursbuch-kurs-scorm2004.zip</code>: "
    "eine Lerneinheit mit eigenem Modulmenü, die eine Sitzung für den ganzen Besuch hält; Bewertung = Durchschnitt "
    "der Module, sobald alle beendet sind) oder das SCORM-1.2-Kurspaket (<code>kursbuch-kurs-scorm12.zip</code>: je "
    "Modul eine Lerneinheit; Bewertung = Zahl der bestandenen Module), oder die Modulpakete (SCORM 1.2 oder 2004), "
    "je Modul eine Aktivität. Ein SCORM-2004-Paket mit je einer Lerneinheit pro Modul gibt es nicht: Moodles Player "
    "nimmt nach der ersten Lerneinheit keine weitere an (Fehler 104). "
    "<strong>ILIAS:</strong> die SCORM-1.2-Pakete als „Lernmodul SCORM“: je Modul ein Modulpaket oder das "
    "SCORM-1.2-Kurspaket (alle Module in einem Lernmodul, Lernfortschritt über alle SCOs). ILIAS bestimmt den "
    "Lernfortschritt eines SCORM-1.2-Lernmoduls aus dem Status je SCO; genau so sind diese Pakete in einer "
    "Nachbildung des SCORM-1.2-Players von ILIAS und seiner Lernfortschrittsregeln erprobt. Die SCORM-2004-Pakete "
    "laufen in ILIAS in einem anderen Player, den die Tests nicht nachbilden: dort nicht erprobt. Die "
    "Empfehlungen für Moodle und ILIAS sind genau die Einstellungen, mit denen die Tests des Pakets die Regeln "
    "der Lernplattform für Status, Bewertung und Abschluss nachbilden."
)


def sheet(
    *,
    mastery: str,
    status: str,
    score: str,
    bookmark: str,
    session_time: str,
    moodle: tuple[MoodleSetup | None, MoodleSetup | None],
    outcomes: tuple[tuple[Outcome, ...], tuple[Outcome, ...]],
    ilias: tuple[bool, bool],
    instead: str,
    ilias_setups: tuple[IliasSetup | None, IliasSetup | None] = (None, None),
    ilias_outcomes: tuple[tuple[IliasOutcome, ...], tuple[IliasOutcome, ...]] = ((), ()),
    course_cases: Mapping[str, tuple[str, str]] = COURSE_CASES,
    course_sees: Mapping[str, str] = LEARNER_SEES,
    course_result: str = "",
    course_passed: str = "",
    course_seen: str = "",
) -> SheetTexts:
    """A SCORM edition's data-sheet texts: its own elements and rules, the shared rest.
    ``moodle``, ``outcomes`` and ``ilias`` are given for (module packages, the course package);
    ``ilias`` says whether the package is for ILIAS at all, ``ilias_setups`` and ``ilias_outcomes``
    what the sheet recommends there and what follows (a usable package without a setup gets the
    default :class:`IliasSetup`). ``course_sees``: what learners see in each case of the course package
    (its outcome table); ``course_result``, ``course_passed`` and ``course_seen``: the sheet's sentences for
    a course package that is one unit (see :class:`SheetTexts`)."""

    def ilias_setup(i: int) -> IliasSetup | None:
        return (ilias_setups[i] or IliasSetup(all_scos=i == 1)) if ilias[i] else None

    def ilias_rows(found: tuple[IliasOutcome, ...], course: bool) -> tuple[tuple[str, ...], ...]:
        cases = COURSE_CASES if course else CASES
        setup = ilias_setup(1 if course else 0)
        review = setup is not None and setup.auto_review
        return tuple(
            (
                cases[o.case][0] + ": " + cases[o.case][1],
                (course_sees if course else LEARNER_SEES)[o.case]
                + (ILIAS_REVIEW_SEES if review and o.case == "passed" else ""),
                f"„{ILIAS_SCO_WORDS[o.status]}“",
                f"„{ILIAS_LP_WORDS[o.lp]}“",
                ILIAS_PERCENT_WORDS[o.percent],
                ILIAS_SCORE_WORDS[o.score],
            )
            for o in found
        )

    def rows(found: tuple[Outcome, ...], setup: MoodleSetup | None, course: bool) -> tuple[tuple[str, ...], ...]:
        if setup is None:
            return ()
        cases = course_cases if course else CASES
        sees = course_sees if course else LEARNER_SEES
        return tuple(
            (
                cases[o.case][0] + ": " + cases[o.case][1],
                sees[o.case],
                " / ".join(f"„{STATUS_WORDS[s]}“" for s in o.status),
                GRADE_WORDS[o.grade],
                "erfüllt" if o.complete else "nicht erfüllt",
            )
            for o in found
        )

    return SheetTexts(
        format_row="SCORM-Version",
        units_row="Lerneinheiten (SCOs)",
        mastery=mastery,
        status=status,
        score=score,
        bookmark=bookmark,
        session_time=session_time,
        suspend_data="cmi.suspend_data",
        interactions="cmi.interactions",
        platforms=(
            ("Moodle", moodle_items(moodle[0], course=False, instead=instead)),
            ("ILIAS", ilias_items(ilias_setup(0), course=False, instead=instead)),
        ),
        course_platforms=(
            ("Moodle", moodle_items(moodle[1], course=True, instead=instead)),
            ("ILIAS", ilias_items(ilias_setup(1), course=True, instead=instead)),
        ),
        which=WHICH_PACKAGE,
        outcomes=rows(outcomes[0], moodle[0], False),
        course_outcomes=rows(outcomes[1], moodle[1], True),
        ilias_outcomes=ilias_rows(ilias_outcomes[0], False),
        ilias_course_outcomes=ilias_rows(ilias_outcomes[1], True),
        course_result=course_result,
        course_passed=course_passed,
        course_sees=course_seen,
    )


SHARED_SCRIPT = "target-scorm.js"  # the SCORM API plumbing both editions' browser files use


def scorm_target(
    *,
    name: str,
    tag: str,
    label: str,
    default: bool,
    edition: Edition,
    script: str,
    sheet: SheetTexts,
    course_unit: CourseUnit | None = None,
) -> Target:
    """A SCORM edition as an export target: the content package, its checks, its browser file."""
    return Target(
        name=name,
        tag=tag,
        label=label,
        default=default,
        manifest_name=MANIFEST,
        manifest=partial(write_manifest, edition),
        check=partial(check_content_package, edition),
        scripts=(SHARED_SCRIPT, script),
        runtime={"target": tag},
        sheet=sheet,
        course_unit=course_unit,
    )
