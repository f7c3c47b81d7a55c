"""A learner works through module m01 in chromium: quiz right and wrong, the case to two
endings, a reload that keeps everything, starting over; no request leaves 127.0.0.1."""

from __future__ import annotations

import pytest
from learner import M01_RIGHT, answer, check, decide, item, stage_title

pytestmark = [pytest.mark.browser, pytest.mark.build]


@pytest.fixture
def m01(page, served):
    page.goto(f"{served}/modules/m01.html")
    page.wait_for_selector("#kb-m01-wissen .kb-item")
    page.wait_for_selector("#kb-m01-s1 .kb-node-title")
    yield page
    assert page.recorder.outside_requests() == []
    assert page.recorder.errors == []


def test_page_is_german_and_all_activities_mount(m01):
    assert m01.locator("html").get_attribute("lang") == "de"
    assert m01.locator(".kb-activity[data-kb-mounted]").count() == 3
    assert m01.locator("#kb-m01-wissen .kb-item").count() == 11
    assert "Fiktiver Fall" in m01.locator("#kb-m01-s1").inner_text()
    assert "Inhaltshinweis" in m01.locator("#kb-m01-s1 .kb-content-note").inner_text()
    # Real form semantics: the question is the legend of its fieldset, inputs have labels.
    legend = m01.locator("#kb-m01-q01 fieldset legend").inner_text()
    assert "Frage 1 von 11" in legend and "Welche Vorschrift" in legend
    assert m01.get_by_label("§ 12 Abs. 4 AGG").count() == 1


def test_wrong_answer_then_retry_right(m01):
    answer(m01, "m01-q01", "single", "b")
    fb = check(m01, "m01-q01")
    assert fb.startswith("Nicht richtig. 0 von 1 Punkt.")
    assert (
        "§ 13 AGG regelt das Recht, sich bei der zuständigen Stelle zu beschweren" in fb
    )  # the chosen option's feedback
    assert "Erläuterung" in fb
    assert item(m01, "m01-q01").locator("input").first.is_disabled()
    # The verdict is announced: it sits in the item's live region (the full feedback is not queued).
    live = item(m01, "m01-q01").locator(".kb-item-live")
    assert live.get_attribute("role") == "status" and live.inner_text() == "Nicht richtig. 0 von 1 Punkt."
    item(m01, "m01-q01").get_by_role("button", name="Erneut versuchen").click()
    answer(m01, "m01-q01", "single", "a")
    assert check(m01, "m01-q01").startswith("Richtig. 1 von 1 Punkt.")


def test_partial_credit_is_shown(m01):
    answer(m01, "m01-q02", "multiple", ["a"])
    assert check(m01, "m01-q02").startswith("Teilweise richtig. 0,5 von 1 Punkt.")
    item(m01, "m01-q02").get_by_role("button", name="Erneut versuchen").click()
    # One right and one wrong choice cancel out: (1 - 1) / 2 correct options = 0.
    answer(m01, "m01-q02", "multiple", ["a", "c"])
    assert check(m01, "m01-q02").startswith("Nicht richtig. 0 von 1 Punkt.")


def test_submit_requires_all_items(m01):
    answer(m01, "m01-q01", "single", "a")
    m01.locator("#kb-m01-wissen").get_by_role("button", name="Ergebnis anzeigen").click()
    result = m01.locator("#kb-m01-wissen .kb-result").inner_text()
    assert "Bitte beantworten Sie zuerst alle Fragen. Noch offen: Frage 2, Frage 3" in result


def test_all_right_passes_with_full_score(m01):
    for item_id, (kind, value) in M01_RIGHT.items():
        answer(m01, item_id, kind, value)
    m01.locator("#kb-m01-wissen").get_by_role("button", name="Ergebnis anzeigen").click()
    result = m01.locator("#kb-m01-wissen .kb-result").inner_text()
    assert "Sie haben 14 von 14 Punkten erreicht (100 %)." in result
    assert "Bestanden. Die Bestehensgrenze liegt bei 70 %." in result
    assert "Richtig. 3 von 3 Punkten." in item(m01, "m01-q03").inner_text()
    assert "Richtig. 1 von 1 Punkt." in item(m01, "m01-q04").inner_text()


def test_wrong_answers_fail_with_explanations(m01):
    wrong = dict(M01_RIGHT)
    wrong["m01-q01"] = ("single", "c")
    wrong["m01-q03"] = ("truefalse", {"s1": True, "s2": False, "s3": True})
    wrong["m01-q05"] = ("matching", {"e1": "ma", "e2": "fk", "e3": "politik", "e4": "fk"})
    for item_id, (kind, value) in wrong.items():
        answer(m01, item_id, kind, value)
    m01.locator("#kb-m01-wissen").get_by_role("button", name="Ergebnis anzeigen").click()
    result = m01.locator("#kb-m01-wissen .kb-result").inner_text()
    # q01 0 + q02 1 + q03 1 (1 of 3 statements) + q04 1 + q05 0.5 + q06 1 + q08–q12 5 = 9.5 of 14
    assert "Sie haben 9,5 von 14 Punkten erreicht (68 %)." in result
    assert "Noch nicht bestanden." in result
    q5 = item(m01, "m01-q05").inner_text()
    assert "Teilweise richtig. 0,5 von 2 Punkten." in q5
    assert "nicht richtig zugeordnet, richtig ist: Verwaltungsspitze" in q5


def test_scenario_good_ending(m01):
    sid = "m01-s1"
    assert stage_title(m01, sid).startswith("Entscheidung 1: Zurück vom Einsatz")
    assert "Zuerst kommt die Fürsorge" in decide(m01, sid, "Sie nehmen sich Zeit")
    # Focus moves to the new situation.
    assert m01.evaluate("document.activeElement.classList.contains('kb-node-title')")
    assert stage_title(m01, sid).startswith("Entscheidung 2: Den Vorfall festhalten")
    decide(m01, sid, "Sie dokumentieren gemeinsam")
    assert "§ 194 Abs. 3 StGB" in decide(m01, sid, "Sie erklären ihr den Unterschied")
    decide(m01, sid, "Sie werten den Fall mit dem Team aus")
    text = m01.locator(f"#kb-{sid}").inner_text()
    assert stage_title(m01, sid) == "Ende des Falls: Aus dem Einzelfall wird ein Verfahren"
    assert "Bewertung: günstiger Ausgang" in text
    assert m01.locator(f"#kb-{sid} .kb-path li").count() == 4
    assert "Ihre Entscheidung: Sie dokumentieren gemeinsam" in text


def test_scenario_poor_ending_then_back_and_restart(m01):
    sid = "m01-s1"
    assert "verharmlost" in decide(m01, sid, "Sie sagen, das sei sicher nicht")
    assert stage_title(m01, sid).startswith("Entscheidung 2: Frau Y. zieht sich zurück")
    # Leaving her alone does not end the case early: the open questions still come (four decisions or more).
    decide(m01, sid, "Sie lassen Frau Y. in Ruhe")
    assert stage_title(m01, sid).startswith("Entscheidung 3: Den Vorfall festhalten")
    assert "keinen großen Aufwand" in m01.locator(f"#kb-{sid} .kb-node-text").inner_text()
    decide(m01, sid, "Sie raten Frau Y., sich für sich selbst Notizen")
    decide(m01, sid, "Sie raten ab.")
    decide(m01, sid, "Sie schlagen vor, Frau Y. vorerst nur noch im Innendienst")
    assert stage_title(m01, sid) == "Ende des Falls: Allein gelassen"
    text = m01.locator(f"#kb-{sid}").inner_text()
    assert "Bewertung: ungünstiger Ausgang" in text
    # The debrief names what this learner left undone: no report, the deadline missed.
    assert "Hier blieb der Vorfall ungemeldet, die Frist für den Strafantrag verstrich" in text
    m01.locator(f"#kb-{sid}").get_by_role("button", name="Einen Schritt zurück").click()
    assert stage_title(m01, sid).startswith("Entscheidung 5: Wie geht es weiter?")
    for _ in range(3):
        m01.locator(f"#kb-{sid}").get_by_role("button", name="Einen Schritt zurück").click()
    assert stage_title(m01, sid).startswith("Entscheidung 2: Frau Y. zieht sich zurück")
    decide(m01, sid, "Sie suchen das Gespräch")
    assert stage_title(m01, sid).startswith("Entscheidung 3: Den Vorfall festhalten")
    m01.locator(f"#kb-{sid}").get_by_role("button", name="Fall neu starten").click()
    assert stage_title(m01, sid).startswith("Entscheidung 1: Zurück vom Einsatz")


def test_reload_keeps_answers_and_position_until_start_over(m01):
    answer(m01, "m01-q01", "single", "b")
    check(m01, "m01-q01")
    answer(m01, "m01-q05", "matching", {"e1": "ma"})
    m01.locator("#kb-m01-r01-text").fill("Das bleibt nur bei mir.")
    m01.locator("#kb-m01-r02-4").check()
    decide(m01, "m01-s1", "Sie nehmen sich Zeit")
    m01.locator("#kb-m01-s1 .kb-node-form label", has_text="Sie dokumentieren gemeinsam").click()
    m01.locator("#kb-m01-s1").get_by_role("button", name="Entscheiden").click()

    m01.reload()
    m01.wait_for_selector("#kb-m01-s1 .kb-node-title")
    assert m01.locator("#kb-m01-q01-b").is_checked()
    assert item(m01, "m01-q01").locator(".kb-feedback").inner_text().startswith("Nicht richtig.")
    assert m01.locator("#kb-m01-q05-e1").input_value() == "ma"
    assert m01.locator("#kb-m01-r01-text").input_value() == "Das bleibt nur bei mir."
    assert m01.locator("#kb-m01-r02-4").is_checked()
    assert stage_title(m01, "m01-s1").startswith("Entscheidung 2: Den Vorfall festhalten")
    # The decision taken before the reload is still shown with its consequence.
    assert "Eine sachliche, gemeinsame Dokumentation" in m01.locator("#kb-m01-s1 .kb-stage .kb-feedback").inner_text()

    m01.locator("#kb-m01-wissen").get_by_role("button", name="Alle Antworten löschen und neu beginnen").click()
    m01.locator("#kb-m01-wissen").get_by_role("button", name="Ja, alle Antworten löschen").click()
    m01.locator("#kb-m01-s1").get_by_role("button", name="Fall neu starten").click()
    m01.reload()
    m01.wait_for_selector("#kb-m01-s1 .kb-node-title")
    assert not m01.locator("#kb-m01-q01-b").is_checked()
    assert m01.locator("#kb-m01-q05-e1").input_value() == ""
    assert stage_title(m01, "m01-s1").startswith("Entscheidung 1:")
    # Reflection lives in its own activity and is cleared only by its own button.
    assert m01.locator("#kb-m01-r01-text").input_value() == "Das bleibt nur bei mir."


def test_nothing_is_sent_anywhere(m01, served):
    """Answering stores in the browser only: no request at all follows an answer."""
    m01.clock.install()  # timers the answers start are fake: run_for fires them without waiting
    before = len(m01.recorder.requests)
    answer(m01, "m01-q01", "single", "a")
    check(m01, "m01-q01")
    m01.locator("#kb-m01-r01-text").fill("privat")
    decide(m01, "m01-s1", "Sie nehmen sich Zeit")
    m01.clock.run_for(60_000)  # anything the page would send within a minute is sent now
    # A request of our own comes after any the page made: once it is recorded, so are they.
    marker = f"{served}/index.html?kb-test-marker"
    with m01.expect_request(marker):
        m01.evaluate("url => fetch(url).catch(() => null)", marker)
    assert m01.recorder.requests[before:] == [marker]
    stored = m01.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kursbuch:')).sort()")
    assert stored == ["kursbuch:v1:m01-reflexion", "kursbuch:v1:m01-s1", "kursbuch:v1:m01-wissen"]


def test_works_from_file_url(page, built_course):
    page.goto((built_course / "modules" / "m01.html").as_uri())
    page.wait_for_selector("#kb-m01-s1 .kb-node-title")
    decide(page, "m01-s1", "Sie nehmen sich Zeit")
    assert stage_title(page, "m01-s1").startswith("Entscheidung 2:")
    answer(page, "m01-q06", "single", "a")
    assert check(page, "m01-q06").startswith("Richtig.")
    assert [u for u in page.recorder.requests if not u.startswith("file:")] == []
    assert page.recorder.errors == []
