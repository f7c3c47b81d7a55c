"""Searching the course as a learner: the search field of a module page, the results page, and the
German "hide matches" button on the page a result leads to (the module pages load no search
scripts of their own; the scripts they do load run after parsing, in an order that keeps it German)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_search_from_a_module_page_finds_modules_and_marks_the_matches(page, served):
    page.goto(f"{served}/modules/m01.html")
    page.wait_for_selector(".kb-activity[data-kb-mounted]")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill("Beschwerdestelle")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=Beschwerdestelle*")
    # Sphinx adds the results one by one (a timer each) and turns its heading from "Suche läuft"
    # into "Suchergebnisse" after the last one.
    expect(page.locator("#search-results > h2")).to_have_text("Suchergebnisse", timeout=60_000)
    results = page.locator("#search-results li a")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("modules/" in h for h in hrefs), hrefs
    with page.expect_navigation(wait_until="load"):
        results.first.click()
    hide = page.locator("#searchbox .highlight-link a, .highlight-link a").first
    hide.wait_for()
    assert hide.inner_text().strip() == "Suchergebnisse ausblenden"
    assert page.locator("span.highlighted").count() > 0
    assert page.recorder.errors == []
    assert page.recorder.outside_requests() == []
