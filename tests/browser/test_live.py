"""The room votes from their phones: ``kursbuch live`` started as a trainer starts it, one presenter
and three phones (chromium contexts) walk a case to an ending by live votes; a phone that drops and
returns keeps its vote, a reloaded presenter view resumes at the same step, a server killed mid-vote
and started again loses nothing; every request stays on 127.0.0.1; axe on the participant page.

The case is read from the built course (its ids stay, its texts change): nothing here depends on
the wording or the answer key of the real content."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from a11y import audit
from livekit import LiveServer
from pagekit import Recorder
from playwright.sync_api import expect

from kursbuch.live.course import load_cases

pytestmark = [pytest.mark.browser, pytest.mark.build]

CASE = "m01-s1"
PHONE = {"viewport": {"width": 375, "height": 740}, "has_touch": True, "is_mobile": True, "locale": "de-DE"}
WAIT = 30_000  # ms: generous for a loaded CI machine; every wait ends on the event itself


@pytest.fixture(scope="module")
def live(built_course: Path, tmp_path_factory: pytest.TempPathFactory):
    server = LiveServer(built_course, CASE, state=tmp_path_factory.mktemp("live") / "sessions.sqlite3")
    try:
        yield server.start()
    finally:
        server.stop()


class Room:
    """Browser contexts of one test, each recording every request and WebSocket it opens."""

    def __init__(self, browser):
        self.browser, self.contexts, self.rec = browser, [], Recorder()

    def page(self, url: str, **kw):
        return self.open(self.context(**kw), url)

    def context(self, **kw):
        ctx = self.browser.new_context(**({"viewport": {"width": 1280, "height": 900}, "locale": "de-DE"} | kw))

        def route(r):
            host = urlparse(r.request.url).hostname
            if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                r.continue_()
            else:
                r.abort()  # the network is cut: nothing may leave this machine

        ctx.route("**/*", route)
        self.contexts.append(ctx)
        return ctx

    def open(self, ctx, url: str):
        pg = ctx.new_page()
        pg.on("request", lambda r: self.rec.requests.append(r.url))
        pg.on("websocket", lambda ws: self.rec.requests.append(ws.url))
        pg.on("pageerror", lambda e: self.rec.errors.append(f"pageerror: {e}"))
        pg.on("console", lambda m: self.rec.errors.append(m.text) if m.type == "error" else None)
        pg.goto(url)
        return pg

    def close(self):
        for ctx in self.contexts:
            ctx.close()

    def check_local(self):
        assert self.rec.requests and all(urlparse(u).hostname == "127.0.0.1" for u in self.rec.requests), [
            u for u in self.rec.requests if urlparse(u).hostname != "127.0.0.1"
        ]
        # A WebSocket that drops while the server is killed is logged by chromium; nothing else may be.
        assert [e for e in self.rec.errors if "WebSocket" not in e and "ERR_CONNECTION_REFUSED" not in e] == []


@pytest.fixture
def room(browser):
    r = Room(browser)
    yield r
    r.close()


def vote(phone, n: int) -> None:
    """Tap choice number ``n`` (the number on the projector) and wait until the server counted it."""
    button = phone.locator("#stage .choice").nth(n - 1)
    button.click()
    expect(phone.locator(".status")).to_contain_text(f"Ihre Stimme: Möglichkeit {n}.", timeout=WAIT)
    expect(button).to_have_attribute("aria-pressed", "true")


def numbering(phone) -> dict[str, str]:
    return {b.get_attribute("data-id"): b.locator(".num").inner_text() for b in phone.locator("#stage .choice").all()}


def expect_counts(dialog, counts: dict[str, int]) -> None:
    for choice, n in counts.items():
        expect(dialog.locator(f'[data-kb-live="{choice}"]')).to_have_text(str(n), timeout=WAIT)


def targets(choice: dict) -> set[str]:
    return {choice.get("next")} | {r["next"] for r in choice.get("routes") or []}


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def test_room_walks_a_case_to_an_ending_by_live_votes(room, live, built_course):
    spec = load_cases(built_course)[CASE].spec
    ending_ids = {n["id"] for n in spec["nodes"] if n.get("ending")}
    presenter = room.page(live.presenter, bypass_csp=True)  # bypass: axe is injected below
    dialog = presenter.get_by_role("dialog")
    expect(dialog.locator(".kb-live-code")).to_contain_text(live.code, timeout=WAIT)
    assert live.join in dialog.locator(".kb-live-url").inner_text()
    assert dialog.locator(".kb-live-qr svg[role=img]").count() == 1
    expect(dialog.locator(".kb-live-conn")).to_have_text("Verbunden.", timeout=WAIT)

    # Three phones. The second lets axe in past the page's Content-Security-Policy (which allows no
    # injected script); the third is behind a proxy that cuts every WebSocket: it falls back to long polling.
    phones = [room.page(live.join, **PHONE), room.page(live.join, bypass_csp=True, **PHONE)]
    blocked = room.context(**PHONE)
    blocked.route_web_socket(re.compile(".*"), lambda ws: ws.close())
    phones.append(room.open(blocked, live.join))
    for phone in phones:
        expect(phone.locator("#stage h2")).to_have_text("Gleich geht es los", timeout=WAIT)
    size = len(phones[0].evaluate("document.documentElement.outerHTML").encode())
    assert size < 30_000, size

    dialog.locator(".kb-present-next").click()  # Fall beginnen
    step = 0
    while not dialog.locator(".kb-present-title").inner_text().startswith("Ende des Falls"):
        step += 1
        expect(dialog.locator(".kb-present-title")).to_contain_text(f"Entscheidung {step}:", timeout=WAIT)
        for phone in phones:
            expect(phone.locator("#decision")).to_contain_text(f"Entscheidung {step}:", timeout=WAIT)
        # The same numbers on every phone as on the projector.
        numbers = numbering(phones[0])
        assert numbers == numbering(phones[2])
        for choice, n in numbers.items():
            assert dialog.locator(f'[data-kb-choice="{choice}"] .kb-present-num').inner_text() == n
        # The group follows a choice that does not end the case at once (where there is one), so the
        # walk passes the tie at step 2; which choice that is, the built course's spec says.
        shown_title = dialog.locator(".kb-present-title").inner_text().split(": ", 1)[1].strip()
        node = next(n for n in spec["nodes"] if not n.get("ending") and plain(n["title"]) == shown_title)
        going = [c["id"] for c in node["choices"] if not ending_ids.intersection(targets(c))]
        first = going[0] if going else node["choices"][0]["id"]
        second = next(c for c in numbers if c != first)
        n1, n2 = int(numbers[first]), int(numbers[second])
        if step == 1:
            first_number = n1

        if step == 1:
            # axe on the participant page while a vote is open, in light and in dark mode
            assert audit(phones[1]) == []
            phones[1].emulate_media(color_scheme="dark")
            assert audit(phones[1]) == []
            vote(phones[0], n1)
            vote(phones[1], n2)
            vote(phones[1], n1)  # a changed vote replaces the first one
            vote(phones[2], n1)
            expect_counts(dialog, {first: 3, second: 0})
            assert audit(presenter) == []  # the presentation mode with the join panel and live counts
            # The first phone loses its connection and comes back (a new page, the same browser): its vote is kept.
            ctx = phones[0].context
            phones[0].close()
            phones[0] = room.open(ctx, live.join)
            expect(phones[0].locator("#stage .choice").nth(n1 - 1)).to_have_attribute(
                "aria-pressed", "true", timeout=WAIT
            )
            expect_counts(dialog, {first: 3, second: 0})
            # The presenter closes the vote: the phones can no longer vote.
            dialog.locator(".kb-present-closevote").click()
            for phone in phones:
                expect(phone.locator("#stage .choice").nth(1)).to_be_disabled(timeout=WAIT)
                expect(phone.locator(".status")).to_contain_text("geschlossen")
            dialog.locator(".kb-present-majority").click()
            expect(dialog.locator(".kb-present-feedback")).to_contain_text("(Mehrheit)", timeout=WAIT)
        elif step == 2:
            # A tie: the trainer picks. Before that, the presenter's page is reloaded mid-vote.
            vote(phones[0], n1)
            vote(phones[1], n2)
            expect_counts(dialog, {first: 1, second: 1})
            presenter.reload()
            dialog = presenter.get_by_role("dialog")
            expect(dialog.locator(".kb-present-title")).to_contain_text("Entscheidung 2:", timeout=WAIT)
            expect_counts(dialog, {first: 1, second: 1})
            dialog.locator(".kb-present-majority").click()
            expect(dialog.locator(".kb-sr")).to_contain_text("Gleichstand", timeout=WAIT)
            dialog.locator(".kb-present-title").focus()
            presenter.keyboard.press(str(n1))
            expect(dialog.locator(".kb-present-feedback")).to_contain_text("(Wahl der Moderation)", timeout=WAIT)
        else:
            for phone in phones:
                vote(phone, n1)
            expect_counts(dialog, {first: 3})
            dialog.locator(".kb-present-majority").click()
            expect(dialog.locator(".kb-present-feedback")).to_contain_text("(Mehrheit)", timeout=WAIT)
        for phone in phones:
            expect(phone.locator(".status")).to_contain_text("Die Gruppe hat entschieden", timeout=WAIT)
        dialog.locator(".kb-present-next").click()
        expect(dialog.locator(".kb-present-title")).not_to_contain_text(f"Entscheidung {step}:", timeout=WAIT)
        assert step < 12, "the case did not end"

    # The end: the group's path with the votes of each decision; the phones say the case ended.
    summary = dialog.locator(".kb-present-summary > li")
    assert summary.count() == step >= 2
    assert f"Möglichkeit {first_number}: 3" in summary.nth(0).inner_text()
    assert "(Wahl der Moderation)" in summary.nth(1).inner_text()
    for phone in phones:
        expect(phone.locator("#stage h2")).to_contain_text("Ende des Falls", timeout=WAIT)
    assert any(f"/api/p/{live.code}/poll" in u for u in room.rec.requests)  # the third phone polled
    room.check_local()
    # The server logged no request, so no address and no user agent; an unknown code gets a German page.
    printed = "\n".join(live.output())
    assert "HTTP/1.1" not in printed and "Mozilla" not in printed and not re.search(r"127\.0\.0\.1:\d+ -", printed)
    unknown = room.page(f"{live.base}/j/ZZZZZZ", **PHONE)
    expect(unknown.locator("#join-problem")).to_be_visible()
    assert unknown.locator("#code").is_visible()


def test_server_killed_mid_vote_and_restarted_loses_nothing(room, live):
    code, presenter_url = live.new_session()
    presenter = room.page(presenter_url)
    dialog = presenter.get_by_role("dialog")
    dialog.locator(".kb-present-next").click()
    phones = [room.page(f"{live.base}/j/{code}", **PHONE) for _ in range(2)]
    expect(phones[0].locator("#decision")).to_contain_text("Entscheidung 1:", timeout=WAIT)
    ids = list(numbering(phones[0]))
    vote(phones[0], 2)
    expect_counts(dialog, {ids[1]: 1})

    live.kill()
    expect(dialog.locator(".kb-live-conn")).to_contain_text("unterbrochen", timeout=WAIT)
    live.start()  # the same port and state file, as a trainer restarts it
    expect(dialog.locator(".kb-live-conn")).to_have_text("Verbunden.", timeout=WAIT)
    expect(dialog.locator(".kb-present-title")).to_contain_text("Entscheidung 1:")
    expect_counts(dialog, {ids[1]: 1})
    expect(phones[0].locator("#stage .choice").nth(1)).to_have_attribute("aria-pressed", "true", timeout=WAIT)
    vote(phones[1], 2)  # the second phone votes after the restart; the first one's vote still counts
    expect_counts(dialog, {ids[1]: 2})
    room.check_local()


def test_refused_messages_change_nothing(live):
    """Malformed, oversized and made-up messages, a participant trying presenter actions, a wrong
    presenter key, a foreign Origin, a flood: each refused with its code, the session unchanged."""
    import http.client
    import json

    from livekit import recv
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    code, presenter_url = live.new_session()
    key = presenter_url.split("#k=", 1)[1]
    with live.ws("m", code) as m, live.ws("p", code) as p:
        m.send(json.dumps({"type": "hello", "key": key}))
        before = recv(m, "state")
        m.send(json.dumps({"type": "start"}))
        state = recv(m, "state")
        assert state["round"] == before["round"] + 1 and state["open"]
        p.send(json.dumps({"type": "vote", "round": state["round"], "choice": state["shown"][0]}))
        assert recv(p, "error")["code"] == "hello"  # no vote before joining
        p.send(json.dumps({"type": "hello"}))
        recv(p, "welcome")
        for raw, want in [
            ("{not json", "malformed"),
            ("[1, 2]", "malformed"),
            (json.dumps({"type": "next"}), "forbidden"),  # presenter actions from a phone
            (json.dumps({"type": "pick", "choice": state["shown"][0]}), "forbidden"),
            (json.dumps({"type": "hello", "key": key}), "invalid"),  # a phone cannot become presenter
            (json.dumps({"type": "vote", "round": state["round"], "choice": "zz"}), "invalid"),
            (json.dumps({"type": "vote", "round": state["round"], "choice": state["shown"][0], "x": 1}), "invalid"),
            (json.dumps({"type": "vote", "round": "1", "choice": state["shown"][0]}), "invalid"),
            (json.dumps({"type": "vote", "round": state["round"] + 5, "choice": state["shown"][0]}), "closed"),
        ]:
            p.send(raw)
            assert recv(p, "error")["code"] == want, raw
        p.send(json.dumps({"type": "vote", "round": state["round"], "choice": state["shown"][0]}))
        recv(p, "voted")
        assert recv(m, "counts")["counts"][state["shown"][0]] == 1
        m.send(json.dumps({"type": "next"}))  # nothing decided yet: refused, the state stays
        assert recv(m, "error")["code"] == "refused"
        m.send(json.dumps({"type": "pick", "choice": "no-such-choice"}))
        assert recv(m, "error")["code"] == "refused"
        # A flood from one connection is cut off by the rate limit.
        codes = set()
        for _ in range(40):
            p.send(json.dumps({"type": "vote", "round": state["round"], "choice": state["shown"][0]}))
        for _ in range(40):
            msg = json.loads(p.recv(timeout=20))
            codes.add(msg.get("code", msg["type"]))
        assert "rate" in codes
        # Oversized: refused and the connection closed (1009).
        p.send(json.dumps({"type": "vote", "round": 1, "choice": "a" * 3000}))
        assert recv(p, "error")["code"] == "too-large"
        with pytest.raises(ConnectionClosed):
            p.recv(timeout=20)
    # The phone's vote is still the one vote counted, the session at its step.
    with live.ws("m", code) as m:
        m.send(json.dumps({"type": "hello", "key": key}))
        after = recv(m, "state")
        assert after["round"] == state["round"] and after["voters"] == 1 and after["path"] == []
    with live.ws("m", code) as m:
        m.send(json.dumps({"type": "hello", "key": "wrong-key"}))
        assert recv(m, "error")["code"] == "key"
        m.send(json.dumps({"type": "next"}))
        assert recv(m, "error")["code"] == "hello"
    # A page of another site cannot open a WebSocket to the session (Origin checked).
    with pytest.raises(InvalidStatus):
        with live.ws("p", code, origin="http://evil.example"):
            pass
    # The fallback refuses oversized bodies and foreign origins too.
    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=20)
    conn.request("POST", f"/api/p/{code}/open", "x" * 5000, {"Content-Type": "application/json"})
    assert conn.getresponse().status == 413
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=20)
    conn.request("POST", f"/api/p/{code}/open", '{"type":"hello"}', {"Origin": "http://evil.example"})
    assert conn.getresponse().status == 403
    conn.close()
