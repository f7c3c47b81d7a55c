"""The "Import-Datenblatt" for LMS admins: one German HTML page beside each package.

It states what the manifest and the runtime do (format, launch file, mastery score,
completion rule), which Moodle and ILIAS settings fit, what is tracked and what is not,
and size, file count, content version and date. Its facts come from the same objects the
manifest is written from; a test compares the two.

This module is the layout, the same for every export target. What differs between targets
(element names, the mastery rule in the manifest, platform settings) each target states in its
:class:`SheetTexts`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

# The SCORM editions' sentences of "Bewertung und Abschluss"; other targets give their own (SheetTexts).
SCORM_SCORE_NOTE = (
    "Sie wird erst gemeldet, wenn die Abschlussregel erfüllt ist; vorher meldet das Paket\n„unvollständig“ ohne "
    "Punktzahl. Die Punktzahl ist auf zwei Stellen abgerundet, damit eine Lernplattform, die\n„bestanden“ selbst aus "
    "Punktzahl und Bestehensgrenze berechnet (in Moodle „Mastery-Score überschreibt Status“),\nzum selben Ergebnis "
    "kommt wie das Paket."
)
SCORM_KEPT = (
    "Ein beendetes Ergebnis nimmt das Paket nicht zurück: Beginnt die lernende Person im selben Versuch neu,\n"
    "bleibt das gespeicherte Ergebnis stehen, bis der neue Durchgang beendet ist."
)
SCORM_PRACTICE = (
    "Ansehen, Durchblättern und Versuche ohne Bewertung (Modus „review“ oder „browse“, „no-credit“): Das Paket\n"
    "schreibt dann nichts an die Lernplattform und nichts in den Browser (nur ein nie begonnenes Modul, das\n"
    "durchgeblättert wird, meldet es als „browsed“, wo das Format diesen Status kennt, damit die Lernplattform es nicht\n"
    "als abgeschlossen speichert); Lernende können üben und lesen auf der Seite, dass dieser Versuch nicht gespeichert\n"
    "wird."
)

RULES = {
    "scenario_ended": "das Fallbeispiel bis zu einem Ende bearbeitet",
    "quiz_submitted": "im Wissenscheck das Ergebnis angezeigt (alle bewerteten Fragen beantwortet)",
    "visited": "das Modul geöffnet",
}


@dataclass(frozen=True)
class SheetTexts:
    """What the data sheet says about one export target, in German; values marked HTML are
    inserted as they are (they hold ``<code>`` elements), the others are escaped."""

    format_row: str  # row label of the format, e.g. "SCORM-Version"
    units_row: str  # row label of the number of launchable units, e.g. "Lerneinheiten (SCOs)"
    mastery: str  # HTML: how the manifest carries the pass mark
    status: str  # HTML: which status values the runtime sends, and when
    score: str  # HTML: how the score is sent
    bookmark: str  # data-model element of the bookmark
    session_time: str  # data-model element of the session time
    suspend_data: str  # data-model element of the resume data
    interactions: str  # data-model element of per-question records
    platforms: tuple[tuple[str, tuple[str, ...]], ...]  # module packages: (LMS, recommended settings as HTML items)
    course_platforms: tuple[tuple[str, tuple[str, ...]], ...]  # the same for the whole-course package
    # The target's own sentences of "Bewertung und Abschluss" (defaults: the SCORM editions' wording).
    mastery_where: str = "Im Manifest"  # where the pass mark is written, before ``mastery``
    score_note: str = SCORM_SCORE_NOTE  # HTML: when the score is sent, and how it is rounded
    kept: str = SCORM_KEPT  # HTML: a reported result is not taken back
    practice: str = SCORM_PRACTICE  # HTML: what launches without credit (review, browse) send and keep
    # HTML: the item on single answers when per-question records are (on, off); empty: the SCORM wording
    answers: tuple[str, str] = ("", "")
    # (case, what the learner sees, status, grade, completion) in Moodle with the recommended
    # settings, as the tests exercise them; empty when the package is not for Moodle.
    which: str = ""  # HTML: which package to use in which LMS, and why
    outcomes: tuple[tuple[str, ...], ...] = ()
    course_outcomes: tuple[tuple[str, ...], ...] = ()
    # (case, what the learner sees, status of the module, learning progress, percentage, score) in
    # ILIAS with the recommended settings, as the tests exercise them; empty when not for ILIAS.
    ilias_outcomes: tuple[tuple[str, ...], ...] = ()
    ilias_course_outcomes: tuple[tuple[str, ...], ...] = ()
    interactions_switch: str = "kursbuch: scorm: interactions: true"  # the _config.yml key that enables them
    sent: str = ""  # HTML: a section of its own on what is sent, e.g. every statement of an xAPI target
    # HTML: how the whole-course package's one unit reports the course (kursbuch/export/course_sco.py);
    # empty for a target whose course package has one unit per module.
    course_result: str = ""
    # HTML, for that one-unit course package: when the course counts as passed (instead of the module's
    # rule) and what learners see of the course result.
    course_passed: str = ""
    course_sees: str = ""


@dataclass(frozen=True)
class ScoFacts:
    module: str
    title: str
    launch: str
    pass_percent: int | None


@dataclass(frozen=True)
class SheetFacts:
    package_file: str
    course_title: str
    label: str  # the export target's label
    texts: SheetTexts
    scos: list[ScoFacts]
    completion: list[str]
    interactions: bool
    size_bytes: int
    file_count: int
    content_version: str
    date: str
    course: bool = False  # the whole-course package (one unit per module)
    outside_links: tuple[str, ...] = ()  # addresses of other hosts a learner can follow (pages.outside_links)
    # The modules behind a whole-course package's one unit (its own module navigation); empty otherwise.
    modules: list[ScoFacts] = field(default_factory=list)


def outcome_table(lms: str, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> str:
    """The table of what learners and admins see in ``lms`` for each case, with the recommended settings."""
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n" for row in rows)
    return (
        f"<h2>Was Lernende und Administrator*innen sehen ({lms}, Einstellungen wie oben)</h2>\n<table>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n\n"
    )


def _row(label: str, value: str) -> str:
    return f'<tr><th scope="row">{html.escape(label)}</th><td>{value}</td></tr>\n'


def render(f: SheetFacts) -> str:
    e = html.escape
    t = f.texts
    rule = " und ".join(RULES[r] for r in f.completion)
    sco_rows = "".join(
        f"<tr><td>{e(s.module)}</td><td>{e(s.title)}</td><td><code>{e(s.launch)}</code></td>"
        f"<td>{'keine (kein bewerteter Wissenscheck)' if s.pass_percent is None else f'{s.pass_percent} %'}</td></tr>\n"
        for s in f.scos
    )
    interactions = (
        f"<strong>eingeschaltet</strong>: je geprüfter Frage ein Eintrag in <code>{e(t.interactions)}</code> "
        "(Frage-ID, Antwort, richtig/falsch)"
        if f.interactions
        else f"ausgeschaltet (<code>{e(t.interactions)}</code> bleibt leer; einschaltbar in <code>_config.yml</code>, "
        f"<code>{e(t.interactions_switch)}</code>)"
    )
    links = (
        "<ul>\n" + "".join(f"<li><code>{e(u)}</code></li>\n" for u in f.outside_links) + "</ul>\n"
        if f.outside_links
        else "<p>Keine: Das Paket enthält keinen Link zu einer anderen Website.</p>\n"
    )
    platforms = "".join(
        f"<h2>Empfohlene Einstellungen in {e(lms)}</h2>\n<ul>\n"
        + "".join(f"<li>{item}</li>\n" for item in items)
        + "</ul>\n\n"
        for lms, items in (t.course_platforms if f.course else t.platforms)
    )
    outcomes = t.course_outcomes if f.course else t.outcomes
    shell = ""
    if f.modules:
        shell = (
            "<h2>Module in diesem Kurspaket</h2>\n<p>Das Paket ist eine einzige Lerneinheit. Ihre Startseite zeigt "
            "ein Menü der Module und das gewählte Modul darunter; die Lernplattform sieht eine Sitzung für den "
            "ganzen Besuch.</p>\n<table>\n"
            '<thead><tr><th scope="col">Modul</th><th scope="col">Titel</th><th scope="col">Seite</th>'
            '<th scope="col">Bestehensgrenze des Moduls</th></tr></thead>\n<tbody>\n'
            + "".join(
                f"<tr><td>{e(m.module)}</td><td>{e(m.title)}</td><td><code>{e(m.launch)}</code></td>"
                f"<td>{'keine (kein bewerteter Wissenscheck)' if m.pass_percent is None else f'{m.pass_percent} %'}</td></tr>\n"
                for m in f.modules
            )
            + "</tbody>\n</table>\n\n"
        )
    one_unit = f.course and bool(t.course_result)  # the whole course reports as one unit: the course's rule
    course_result = f"<li>{t.course_result}</li>\n" if one_unit else ""
    if one_unit:
        completion = (
            f"Abschlussregel: Ein Modul gilt als abgeschlossen, wenn die lernende Person {e(rule)}; "
            "der Kurs, wenn jedes Modul abgeschlossen ist."
        )
        passed = f"{t.course_passed}. {t.mastery_where}: {t.mastery}."
        passed += f"</li>\n<li>Lernende sehen: {t.course_sees}." if t.course_sees else ""
    else:
        completion = f"Abschlussregel: Eine Lerneinheit gilt als abgeschlossen, wenn die lernende Person {e(rule)}."
        passed = f"Bestanden: wenn im Wissenscheck mindestens die Bestehensgrenze erreicht ist. {t.mastery_where}: {t.mastery}."
    if outcomes:
        platforms += outcome_table(
            "Moodle", ("Fall", "Lernende sehen", "Status in Moodle", "Bewertung", "Aktivitätsabschluss"), outcomes
        )
    ilias = t.ilias_course_outcomes if f.course else t.ilias_outcomes
    if ilias:
        platforms += outcome_table(
            "ILIAS",
            ("Fall", "Lernende sehen", "Status des Moduls in ILIAS", "Lernfortschritt", "Prozent", "Punkte"),
            ilias,
        )
    return f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Import-Datenblatt: {e(f.package_file)}</title>
<style>
body {{ font-family: system-ui, "DejaVu Sans", sans-serif; line-height: 1.5; color: #1f2328; background: #fff; max-width: 60rem; margin: 0 auto; padding: 1rem; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }}
th, td {{ border: 1px solid #6b7280; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }}
code {{ overflow-wrap: anywhere; }}
/* Narrow screens: the tables keep their structure and their words wrap (WCAG 1.4.10). */
table {{ table-layout: fixed; }}
td, th {{ overflow-wrap: anywhere; hyphens: auto; }}
</style>
</head>
<body>
<main>
<h1>Import-Datenblatt</h1>
<p>Für Administrator*innen von Lernplattformen: was dieses Paket enthält, wie Sie es
einrichten und was es an die Lernplattform meldet.</p>

<h2>Paket</h2>
<table>
<tbody>
{_row("Datei", f"<code>{e(f.package_file)}</code>")}{_row("Kurs", e(f.course_title))}{_row(t.format_row, e(f.label))}{_row(t.units_row, str(len(f.scos)))}{_row("Größe", f"{f.size_bytes} Byte ({f.size_bytes / 1024:.0f} KB)")}{_row("Dateien", str(f.file_count))}{_row("Inhaltsversion", f"<code>{e(f.content_version)}</code>")}{_row("Erstellt am", e(f.date))}</tbody>
</table>

<h2>Lerneinheiten</h2>
<table>
<thead><tr><th scope="col">Modul</th><th scope="col">Titel</th><th scope="col">Startdatei</th><th scope="col">Bestehensgrenze</th></tr></thead>
<tbody>
{sco_rows}</tbody>
</table>

{shell}<h2>Bewertung und Abschluss</h2>
<ul>
{course_result}<li>{completion}</li>
<li>{passed}</li>
<li>Status: {t.status}.</li>
<li>Punktzahl: {t.score}. {t.score_note}</li>
<li>{t.kept}</li>
<li>{t.practice}</li>
</ul>

{f"<h2>Welches Paket für welche Lernplattform</h2>{chr(10)}<p>{t.which}</p>{chr(10)}{chr(10)}" if t.which else ""}{platforms}<h2>Was erfasst wird</h2>
<ul>
<li>Status und Punktzahl wie oben.</li>
<li>Lesezeichen (<code>{e(t.bookmark)}</code>): die zuletzt bearbeitete Übung.</li>
<li>Bearbeitungszeit der Sitzung (<code>{e(t.session_time)}</code>).</li>
<li>Fortsetzungsdaten (<code>{e(t.suspend_data)}</code>, kompakt, versioniert): Antworten auf bewertete
Fragen und der Weg durch das Fallbeispiel, damit Lernende fortsetzen können.</li>
<li>{t.answers[0 if f.interactions else 1] or f"Einzelne Antworten als Interaktionen: {interactions}."}</li>
</ul>

{t.sent}<h2>Was nicht erfasst wird</h2>
<ul>
<li>Reflexionen (Freitext) und Selbsteinschätzungen: Sie bleiben im Browser der lernenden Person und
werden nie an die Lernplattform gesendet.</li>
<li>Im Browser wird die Kopie je lernender Person getrennt gespeichert: unter einem Prüfwert (SHA-256) der
Kennung, die die Lernplattform übergibt, nie unter der Kennung selbst. Auf gemeinsam genutzten Rechnern sieht
so niemand die Antworten oder Reflexionen einer anderen Person. Mit der Schaltfläche „Meine Daten in diesem
Browser löschen“ entfernen Lernende ihre Kopie; was die Lernplattform gespeichert hat, bleibt dort.</li>
<li>Keine Anfragen an andere Server, keine Schriftarten oder Skripte aus dem Internet, keine Statistikdienste.</li>
</ul>

<h2>Links zu anderen Websites</h2>
<p>Diese Adressen öffnen sich nur, wenn Lernende einen Link anklicken, in einem neuen Fenster und ohne
Angabe der Herkunftsseite; sie sind im Text als „externer Link“ gekennzeichnet.</p>
{links}</main>
</body>
</html>
"""
