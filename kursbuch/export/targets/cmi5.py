"""cmi5: xAPI statements to the LMS's Learning Record Store (ILIAS "xAPI/cmi5" object, Moodle plugins).

The package's descriptor is ``cmi5.xml`` (the cmi5 course structure, at the zip root): the course
and one assignable unit (AU) per module with a relative launch URL, ``launchMethod="AnyWindow"``
(the runtime works in a frame and in a window), and the unit's ``moveOn``: a module with a scored
quiz is ``CompletedAndPassed`` with ``masteryScore`` = pass mark ÷ 100 (the runtime sends
"passed" exactly when the module's result reaches it, and "completed" when the course's
completion rule holds); a module without one is ``Completed``. Course and AU ids are IRIs built
from ``kursbuch: cmi5: course_id`` (default ``urn:kursbuch:<title slug>``): ``<id>/<module>`` for
a unit, the same in the module's own package and in the whole-course package, so reports can
put both together.

The checks do what a schema cannot (no registry package ships the official
``CourseStructure.xsd``; the rules of the cmi5 specification, sections 13 and 14, are checked
here): ``cmi5.xml`` at the root, in the course-structure namespace, elements in the schema's
order; ids absolute IRIs and unique; every AU with title, description and a relative URL to a
file in the package; ``moveOn`` one of the five values; ``masteryScore`` a decimal 0–1 equal to
the content's pass mark, and ``moveOn`` requiring "passed" exactly when there is one.

In the browser ``kursbuch/assets/target-cmi5.js`` implements the AU: launch parameters, the
fetch URL, ``LMS.LaunchData``, learner preferences, the statements, the State API and the queue.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from urllib.parse import urlsplit

from ..datasheet import SheetTexts
from ..target import PackageSpec, PassMarks, Target

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
MANIFEST = "cmi5.xml"
LANG = "de-DE"
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
AU_CHILDREN = ("title", "description", "objectives", "url", "launchParameters", "entitlementKey")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
URL_CHARS = re.compile(r"^[A-Za-z0-9$\-_.+!*'(),;/?:@=&%~]+$")  # RFC 1738, relative


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "kurs"


def course_iri(options: Mapping[str, object]) -> str:
    """The IRI every id of the course's cmi5 packages starts with."""
    block = options.get("cmi5")
    given = block.get("course_id") if isinstance(block, Mapping) else None
    if isinstance(given, str) and given:
        return given.rstrip("/")
    return f"urn:kursbuch:{slug(str(options.get('title') or 'kurs'))}"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _langstring(parent: ET.Element, tag: str, text: str) -> None:
    node = ET.SubElement(parent, _q(tag))
    ET.SubElement(node, _q("langstring"), lang=LANG).text = text


def write_manifest(spec: PackageSpec) -> bytes:
    ET.register_namespace("", NS)
    base = course_iri(spec.options)
    root = ET.Element(_q("courseStructure"))
    course = ET.SubElement(root, _q("course"), id=f"{base}/{spec.identifier.removesuffix('-' + TAG)}")
    _langstring(course, "title", spec.title)
    _langstring(course, "description", spec.title)
    for sco in spec.scos:
        attrs = {"id": f"{base}/{sco.module}", "launchMethod": "AnyWindow"}
        if sco.pass_percent is None:
            attrs["moveOn"] = "Completed"
        else:
            attrs["moveOn"] = "CompletedAndPassed"
            attrs["masteryScore"] = _decimal(sco.pass_percent / 100)
        au = ET.SubElement(root, _q("au"), attrs)
        _langstring(au, "title", sco.title)
        _langstring(au, "description", sco.title)
        ET.SubElement(au, _q("url")).text = sco.launch
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _decimal(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") if x else "0"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _has_langstring(node: ET.Element, tag: str) -> bool:
    child = node.find(_q(tag))
    return child is not None and any((s.text or "").strip() for s in child.findall(_q("langstring")))


def check_structure(files: dict[str, bytes], pass_marks: PassMarks) -> list[str]:
    """Problems of a cmi5 package given as {path in zip: content}; empty when it is sound."""
    if MANIFEST not in files:
        return [f"{MANIFEST} is not at the root of the package"]
    try:
        root = ET.fromstring(files[MANIFEST])
    except ET.ParseError as exc:
        return [f"{MANIFEST} is not well-formed XML: {exc}"]
    if root.tag != _q("courseStructure"):
        return [f"{MANIFEST}: the root element is {root.tag}, not courseStructure in the namespace {NS}"]
    problems: list[str] = []
    children = list(root)
    if not children or children[0].tag != _q("course"):
        problems.append(f"{MANIFEST}: the first element must be <course>")
    ids: dict[str, int] = {}
    for node in root.iter():
        if _local(node.tag) in ("course", "au", "block") and node.tag.startswith(f"{{{NS}}}"):
            ident = node.get("id") or ""
            ids[ident] = ids.get(ident, 0) + 1
            if not IRI.match(ident):
                problems.append(f"{_local(node.tag)} id {ident!r} is not an absolute IRI")
            for tag in ("title", "description"):
                if not _has_langstring(node, tag):
                    problems.append(f"{_local(node.tag)} {ident}: no <{tag}> with a <langstring>")
        elif not node.tag.startswith(f"{{{NS}}}"):
            problems.append(f"{MANIFEST}: element {node.tag} is not in the course-structure namespace")
    problems += [f"id {i!r} is used {n} times" for i, n in ids.items() if n > 1]
    aus = [n for n in root.iter(_q("au"))]
    if not aus:
        problems.append(f"{MANIFEST} has no <au>")
    for au in aus:
        ident = au.get("id") or ""
        module = ident.rsplit("/", 1)[-1]
        order = [_local(c.tag) for c in au]
        known = [c for c in order if c in AU_CHILDREN]
        if known != sorted(known, key=AU_CHILDREN.index) or len(set(order)) != len(order):
            problems.append(f"au {module}: elements {order} are not in the schema's order {list(AU_CHILDREN)}")
        url = (au.findtext(_q("url")) or "").strip()
        parts = urlsplit(url)
        if not url:
            problems.append(f"au {module}: no <url>")
        elif parts.scheme or parts.netloc or url.startswith("/"):
            problems.append(f"au {module}: url {url!r} must be relative inside the package")
        elif not URL_CHARS.match(url):
            problems.append(f"au {module}: url {url!r} has characters RFC 1738 does not allow")
        elif parts.path not in files:
            problems.append(f"au {module}: url {url!r} is not in the package")
        problems += _check_move_on(module, au, pass_marks.get(module))
        method = au.get("launchMethod", "AnyWindow")
        if method not in ("AnyWindow", "OwnWindow"):
            problems.append(f"au {module}: launchMethod {method!r} is neither AnyWindow nor OwnWindow")
    return problems


def _check_move_on(module: str, au: ET.Element, expected: int | None) -> list[str]:
    move_on = au.get("moveOn", "NotApplicable")
    mastery = au.get("masteryScore")
    if move_on not in MOVE_ON:
        return [f"au {module}: moveOn {move_on!r} is not one of {', '.join(MOVE_ON)}"]
    if mastery is None:
        if expected is not None:
            return [f"au {module}: no mastery score although the module has a pass mark of {expected}"]
        return [] if move_on == "Completed" else [f"au {module}: moveOn {move_on!r}, but the module has no pass mark"]
    if not re.fullmatch(r"(0(\.\d+)?|1(\.0+)?)", mastery):
        return [f"au {module}: masteryScore {mastery!r} is not a decimal between 0 and 1"]
    problems = []
    if expected is None or abs(float(mastery) * 100 - expected) > 1e-9:
        problems.append(f"au {module}: masteryScore {mastery} differs from the pass mark {expected}")
    if move_on != "CompletedAndPassed":
        problems.append(f"au {module}: moveOn {move_on!r} with a pass mark must be 'CompletedAndPassed'")
    return problems


def page_settings(options: Mapping[str, object]) -> Mapping[str, object]:
    block = options.get("cmi5")
    allowed = bool(block.get("allowed_statements")) if isinstance(block, Mapping) else False
    return {"interactions": allowed}


TAG = "cmi5"

PLATFORMS = (
    (
        "ILIAS",
        (
            "Neues Objekt „xAPI/cmi5“ anlegen (in ILIAS 9 und 10 im Kern), als cmi5-Modul, und diese ZIP-Datei "
            "hochladen; zuvor richtet die Administration in der xAPI/cmi5-Administration einen LRS-Typ ein "
            "(Endpunkt, Schlüssel und Geheimnis des Learning Record Store).",
            'Startmethode: „Neues Fenster“ oder eingebettet; das Paket (<code>launchMethod="AnyWindow"</code>) '
            "funktioniert in beiden.",
            "Datenschutz: bei der Benutzer-Identifikation die pseudonymisierte Kennung wählen und keinen "
            "Benutzernamen übermitteln (empfohlen; das LRS sieht dann nur eine Kennung, keinen Namen und keine "
            "E-Mail-Adresse); Lernende sehen nur ihre eigenen Daten.",
            "Lernfortschritt: nach den cmi5-Regeln der Lerneinheiten (<code>moveOn</code> aus <code>cmi5.xml</code>: "
            "<code>CompletedAndPassed</code> bei Wissenscheck, sonst <code>Completed</code>).",
            "Statements: ILIAS leitet die Statements des Pakets über seinen eigenen Proxy an das LRS weiter; "
            "das Paket bekommt keine LRS-Zugangsdaten, nur ein Sitzungs-Token.",
        ),
    ),
    (
        "Moodle",
        (
            "Moodle kann cmi5 nicht ohne Erweiterung: Plugin „cmi5 launch link“ (<code>mod_cmi5launch</code>) "
            "installieren und ein externes LRS (z. B. Ralph) samt Zugangsdaten in den Plugin-Einstellungen eintragen.",
            "Aktivität „cmi5 launch link“ anlegen und diese ZIP-Datei hochladen.",
            "Datenschutz: Nutzer-Kennung im LRS als Konto (<code>account</code>) mit pseudonymer ID statt "
            "E-Mail-Adresse, soweit das Plugin es anbietet.",
            "Bewertung und Abschluss: nach „moveOn“ der Lerneinheiten wie in <code>cmi5.xml</code>.",
        ),
    ),
)

STATEMENTS = (
    ("initialized", "beim Start jeder Sitzung", "—"),
    (
        "completed",
        "einmal je Registrierung, sobald die Abschlussregel erfüllt ist",
        "<code>result.completion</code> = true, <code>result.duration</code>",
    ),
    (
        "passed / failed",
        "sobald der Wissenscheck ausgewertet ist (höchstens eines von beiden je Sitzung, „passed“ einmal je "
        "Registrierung, nach „passed“ kein „failed“)",
        "<code>result.success</code>, <code>result.score.scaled</code> (0–1), <code>raw</code>/<code>min</code>/"
        "<code>max</code> (0–100), <code>result.duration</code>; Kontext-Erweiterung <code>masteryscore</code>",
    ),
    ("terminated", "beim Verlassen (Schließen, Weiternavigieren)", "<code>result.duration</code>"),
)


def _sent() -> str:
    rows = "".join(f"<tr><td>{verb}</td><td>{when}</td><td>{fields}</td></tr>\n" for verb, when, fields in STATEMENTS)
    return f"""<h2>Statements an das Learning Record Store (xAPI)</h2>
<p>Jedes Statement enthält: eine zufällige Statement-ID, den Zeitstempel (UTC), den Akteur genau so, wie die
Lernplattform ihn übergibt (bei Pseudonymisierung nur eine Kennung), das Verb, die Lerneinheit
(<code>activityId</code> der Lernplattform) und den Kontext der Lernplattform (<code>contextTemplate</code>
aus <code>LMS.LaunchData</code>: Registrierung, Sitzungs-ID, Publisher-ID), dazu die Kategorie „cmi5“ und bei
Ergebnissen „moveon“.</p>
<table>
<thead><tr><th scope="col">Verb</th><th scope="col">Wann</th><th scope="col">Felder im Ergebnis</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
<ul>
<li>Im Modus „Browse“ oder „Review“ werden nur „initialized“ und „terminated“ gesendet, keine Ergebnisse,
und der gespeicherte Lernstand bleibt unverändert.</li>
<li>Zusätzlich, nur wenn eingeschaltet (<code>kursbuch: cmi5: allowed_statements: true</code>): je geprüfter
Frage ein „answered“ (<code>http://adlnet.gov/expapi/verbs/answered</code>: Frage-ID, gewählte
Antwort-IDs, richtig/falsch) und je Entscheidung im Fallbeispiel ein „selected“
(<code>http://id.tincanapi.com/verb/selected</code>: Entscheidungs-ID und ID der gewählten Option).</li>
<li>Lernstand: über die State API des LRS (Dokument <code>kursbuch-state</code> je Registrierung):
Antworten auf bewertete Fragen, der Weg durch das Fallbeispiel, das Lesezeichen, welche Ergebnisse schon
gemeldet sind.</li>
<li>Gelesen werden <code>LMS.LaunchData</code> (nie verändert) und die Lernenden-Einstellungen
<code>cmi5LearnerPreferences</code> (Sprache; der Kurs ist deutsch).</li>
<li>Ist das LRS nicht erreichbar oder antwortet es mit Fehlern, bleiben die Statements im Browser in einer
Warteschlange und werden gesendet, sobald es wieder antwortet; die Seite funktioniert weiter.</li>
<li>Es wird nie Freitext gesendet: keine Reflexionen, keine Selbsteinschätzungen, keine Namen.</li>
</ul>

"""


TARGET = Target(
    name="cmi5",
    tag=TAG,
    label="cmi5 (xAPI)",
    default=True,
    manifest_name=MANIFEST,
    manifest=write_manifest,
    check=check_structure,
    scripts=("target-cmi5.js",),
    runtime={"target": TAG},
    page_settings=page_settings,
    sheet=SheetTexts(
        format_row="Format",
        units_row="Lerneinheiten (AUs)",
        mastery="<code>masteryScore</code> je AU in <code>cmi5.xml</code> = Bestehensgrenze ÷ 100, "
        '<code>moveOn="CompletedAndPassed"</code> (ohne Wissenscheck: <code>Completed</code>)',
        status="Statements „completed“ (Abschlussregel erfüllt) und „passed“/„failed“ (Wissenscheck ausgewertet)",
        score="<code>result.score.scaled</code> 0–1 und <code>raw</code> 0–100 mit <code>min</code> 0, "
        "<code>max</code> 100 in „passed“/„failed“",
        bookmark="State API, Dokument kursbuch-state, Feld b",
        session_time="result.duration (ISO 8601) in completed, passed, failed, terminated",
        suspend_data="State API, Dokument kursbuch-state, Feld s",
        interactions="Protokoll der answered/selected-Statements",
        platforms=PLATFORMS,
        course_platforms=PLATFORMS,  # one AU per module: the same settings for the whole-course package
        interactions_switch="kursbuch: cmi5: allowed_statements: true",
        sent=_sent(),
        # cmi5's own words for what the shared layout says of results (no SCORM manifest, attempts or modes).
        mastery_where="In der Kursstruktur",
        score_note="Sie wird erst gemeldet, wenn die Abschlussregel erfüllt ist; vorher sendet das Paket weder "
        "„completed“ noch „passed“ oder „failed“. Die Punktzahl ist auf zwei Stellen abgerundet und "
        "<code>scaled</code> = <code>raw</code> ÷ 100; „passed“ heißt genau: <code>scaled</code> erreicht den "
        "<code>masteryScore</code> aus <code>LMS.LaunchData</code>. So kommt eine Lernplattform, die nach "
        "<code>moveOn</code> selbst vergleicht, zum selben Ergebnis wie das Paket.",
        kept="Ein gemeldetes Ergebnis nimmt das Paket nicht zurück: „completed“ und „passed“ gehen je Registrierung "
        "einmal hinaus, nach „passed“ folgt kein „failed“. Beginnt die lernende Person in derselben Registrierung "
        "neu, bleibt das gemeldete Ergebnis stehen.",
        practice="Start im Modus „Browse“ oder „Review“ (<code>launchMode</code> in <code>LMS.LaunchData</code>): "
        "Das Paket sendet dann nur „initialized“ und „terminated“, keine Ergebnisse, und ändert den gespeicherten "
        "Lernstand nicht, weder im LRS noch im Browser; Lernende können üben und sehen auf der Seite den Hinweis "
        "„Übungsmodus“ (nichts wird gespeichert, das Ergebnis ändert sich nicht). Im Modus „Normal“ gilt "
        "<code>moveOn</code> wie oben.",
        answers=(
            "Einzelne Antworten: <strong>eingeschaltet</strong>, je geprüfter Frage ein Statement „answered“ und je "
            "Entscheidung ein „selected“, nur mit IDs (siehe unten).",
            "Einzelne Antworten: ausgeschaltet, keine „answered“- oder „selected“-Statements (einschaltbar in "
            "<code>_config.yml</code>, <code>kursbuch: cmi5: allowed_statements: true</code>).",
        ),
    ),
)


def structure_problems(manifest: bytes) -> list[str]:
    """The specification's rules for ``cmi5.xml`` alone (what the official XSD and section 13 say),
    without the package: the launch files are taken as present and the pass marks as written."""
    try:
        root = ET.fromstring(manifest)
    except ET.ParseError as exc:
        return [f"{MANIFEST} is not well-formed XML: {exc}"]
    files: dict[str, bytes] = {MANIFEST: manifest}
    marks: dict[str, int | None] = {}
    for au in root.iter(_q("au")):
        url = (au.findtext(_q("url")) or "").strip()
        if url and not urlsplit(url).scheme:
            files[urlsplit(url).path] = b""
        score = au.get("masteryScore")
        module = (au.get("id") or "").rsplit("/", 1)[-1]
        marks[module] = round(float(score) * 100) if score and re.fullmatch(r"[01](\.\d+)?", score) else None
    return check_structure(files, marks)
