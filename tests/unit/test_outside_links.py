"""Links to other hosts: a learner may follow them, everywhere marked the same way, listed on the data sheet.

Quiz and case texts (core Markdown), module pages (the Sphinx adapter's marking, as kept for the
packages) and package pages (export) give every link to another host ``target="_blank"``,
``rel="noopener noreferrer"`` and the visible marker; links inside the course stay as they are.
"""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from kursbuch.adapters.content_security import mark_external
from kursbuch.core.content_security import EXTERNAL_MARK_TEXT
from kursbuch.core.markdown import markdown
from kursbuch.export import datasheet
from kursbuch.export.pages import PageSource, outside_links, rewrite_body

OUT = "https://beispiel.example/info?a=1&b=2"


def links(html_text: str) -> dict[str, dict]:
    soup = BeautifulSoup(html_text, "html.parser")
    return {a["href"]: {"rel": a.get("rel"), "target": a.get("target"), "text": a.get_text()} for a in soup("a")}


def assert_marked(link: dict) -> None:
    assert link["rel"] == ["noopener", "noreferrer"]
    assert link["target"] == "_blank"
    assert link["text"].count(EXTERNAL_MARK_TEXT) == 1


def test_quiz_text_marks_links_to_other_hosts_only():
    found = links(
        markdown(f"Siehe [AGG]({OUT}), <https://a.example/>, [Glossar](../glossar.html#t) und [B](//b.example/)", False)
    )
    for href in (OUT, "https://a.example/", "//b.example/"):
        assert_marked(found[href])
    assert found["../glossar.html#t"] == {"rel": None, "target": None, "text": "Glossar"}


def test_the_course_page_and_the_quiz_text_mark_a_link_alike():
    course = mark_external(f'<p><a class="reference external" href="{OUT.replace("&", "&amp;")}">AGG</a></p>')
    quiz = markdown(f"[AGG]({OUT})", True)
    assert links(course) == links(quiz)
    assert_marked(links(course)[OUT])


def page_with_links() -> PageSource:
    spec = {"kind": "quiz", "items": [{"prompt": markdown(f"Lesen Sie [das]({OUT}).", False)}]}
    body = (
        mark_external(
            '<p><a class="reference external" href="https://gesetz.example/agg">AGG</a> '
            '<a class="reference internal" href="../quellen.html">Quellen</a> '
            '<a class="reference external" href="mailto:a@b.example">a@b.example</a></p>'
        )
        + '<div class="kb-activity"><script type="application/json" class="kb-spec">'
        + json.dumps(spec).replace("<", "\\u003c")
        + "</script></div>"
    )
    return PageSource("modules/m01", "Modul", body)


def test_a_package_page_keeps_links_to_other_hosts_marked_and_drops_course_links():
    body = rewrite_body(page_with_links(), "index.html", {"modules/m01": "index.html"})
    found = links(body)
    assert_marked(found["https://gesetz.example/agg"])  # marked once, though the adapter marked it already
    assert "../quellen.html" not in found and "Quellen" in BeautifulSoup(body, "html.parser").get_text()
    assert "mailto:a@b.example" not in found and "(a@b.example)" not in body  # its text is the address
    assert BeautifulSoup(body, "html.parser").get_text().count("a@b.example") == 1


def test_a_package_page_shows_a_mail_address_once_and_decoded():
    """A mailto link becomes plain text: the link text, and the decoded address after a name."""
    page = PageSource(
        "barrierefreiheit",
        "Erklärung",
        '<p><a class="reference external" href="mailto:barrierefreiheit%40musterstadt.example">'
        "barrierefreiheit@musterstadt.example</a>; "
        '<a class="reference external" href="mailto:info%40stelle.example?subject=Hallo">Die Stelle</a></p>',
    )
    text = BeautifulSoup(rewrite_body(page, "barrierefreiheit.html", {}), "html.parser").get_text()
    assert text == "barrierefreiheit@musterstadt.example; Die Stelle (info@stelle.example)"


def test_outside_links_lists_page_and_quiz_links_once():
    page = page_with_links()
    assert outside_links(page.body + page.body) == ["https://gesetz.example/agg", OUT]


def facts(**kw) -> datasheet.SheetFacts:
    from kursbuch.export import targets

    target = targets.get("1.2")
    return datasheet.SheetFacts(
        package_file="p.zip",
        course_title="Kurs",
        label=target.label,
        texts=target.sheet,
        scos=[],
        completion=["visited"],
        interactions=False,
        size_bytes=1,
        file_count=1,
        content_version="v",
        date="1.1.2026",
        **kw,
    )


def test_the_data_sheet_lists_the_outside_links():
    sheet = datasheet.render(facts(outside_links=(OUT,)))
    section = sheet.split("<h2>Links zu anderen Websites</h2>")[1]
    assert "https://beispiel.example/info?a=1&amp;b=2" in section
    assert "Keine" in datasheet.render(facts()).split("<h2>Links zu anderen Websites</h2>")[1]
