"""Searching the course as a learner: the search field of a module page, the results page, and the
German "hide matches" button on the page a result leads to (the module pages load no search
scripts of their own; the scripts they do load run after parsing, in an order that keeps it German)."""

from __future__ import annotations

import pytest

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
    results = page.locator("#search-results li a")
    results.first.wait_for()
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("modules/" in h for h in hrefs), hrefs
    results.first.click()
    page.wait_for_load_state("load")
    hide = page.locator("#searchbox .highlight-link a, .highlight-link a").first
    hide.wait_for()
    assert hide.inner_text().strip() == "Suchergebnisse ausblenden"
    assert page.locator("span.highlighted").count() > 0
    assert page.recorder.errors == []
    assert page.recorder.outside_requests() == []
