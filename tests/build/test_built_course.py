"""Properties of the built HTML course, read from the files (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kbtest import REPO, trainer_note_probes

pytestmark = pytest.mark.build

OUTSIDE = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//(?!127\.0\.0\.1)""", re.I)


def pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def test_every_page_is_german(built_course):
    for page in pages(built_course):
        assert '<html lang="de"' in page.read_text(encoding="utf-8"), page


def test_no_page_loads_anything_from_another_host(built_course):
    for page in pages(built_course):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
            assert not OUTSIDE.search(tag), f"{page.name}: {tag}"


def test_no_thebe_no_widget_cdn_no_widget_state(built_course):
    text = (built_course / "modules" / "m01.html").read_text(encoding="utf-8")
    # not in the inline style rules: the theme's rule for a thebe button the page does not have loads nothing
    text = re.sub(r"<style data-kb-from=[^>]*>.*?</style>", "", text, flags=re.S)
    for needle in ("thebe", "require.js", "html-manager", "widget-state+json", "widget-view+json", "mathjax"):
        assert needle not in text.lower(), needle


def test_engine_only_on_pages_with_activities(built_course):
    """Pages with an activity carry the engine inline, exactly as shipped; the others carry none."""
    from bs4 import BeautifulSoup

    from kursbuch import assets

    engine = assets.read(assets.ENGINE_JS)
    for page in pages(built_course):
        text = page.read_text(encoding="utf-8")
        inline = [
            s.string
            for s in BeautifulSoup(text, "html.parser").find_all("script")
            if s.string and "KursbuchEngine" in s.string
        ]
        if "kb-activity" in text:
            assert inline == [assets.inline_script(engine)], page
        else:
            assert inline == [], page
    assert "kb-activity" in (built_course / "modules" / "m01.html").read_text(encoding="utf-8")
    assert not (built_course / "_static" / "kursbuch-engine.js").exists()  # no page loads it


def test_no_script_holds_up_parsing_after_a_style_sheet(built_course):
    """Activities mount when the body is parsed: the (inline) engine comes before every style sheet, and
    every later script in the head is deferred (a blocking one would wait for the theme's CSS)."""
    from bs4 import BeautifulSoup

    for page in pages(built_course):
        if page.name == "search.html":
            continue  # the theme's search page loads its search scripts itself, in its own order
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        tags = head.find_all(["script", "link", "style"])
        # a style sheet: linked, or inline reduced to what the page uses (kursbuch.slim)
        sheets = [
            i
            for i, t in enumerate(tags)
            if (t.name == "link" and "stylesheet" in (t.get("rel") or [])) or t.has_attr("data-kb-from")
        ]
        assert sheets, page
        for tag in tags[sheets[0] :]:
            if tag.name == "script":
                assert tag.has_attr("defer") or tag.has_attr("async") or tag.get("type") == "module", (page, tag)
        engine = [i for i, t in enumerate(tags) if t.name == "script" and "KursbuchEngine" in (t.string or "")]
        if "kb-activity" in page.read_text(encoding="utf-8"):
            assert engine and engine[0] < sheets[0], page


def test_search_scripts_only_on_the_search_page(built_course):
    assert "searchindex.js" in (built_course / "search.html").read_text(encoding="utf-8")
    for page in pages(built_course):
        if page.name != "search.html":
            assert "searchindex.js" not in page.read_text(encoding="utf-8"), page


def test_module_code_is_hidden_from_learners(built_course):
    text = (built_course / "modules" / "m01.html").read_text(encoding="utf-8")
    assert "from kursbuch import" not in text
    assert 'quiz("m01-wissen")' not in text and "quiz(&quot;m01-wissen&quot;)" not in text


def test_trainer_notes_never_reach_the_learner_edition(built_course):
    probes = trainer_note_probes()
    index = (built_course / "searchindex.js").read_text(encoding="utf-8")
    for page in pages(built_course):
        text = page.read_text(encoding="utf-8")
        assert "kb-trainer-notes" not in text, page
        for probe in probes:
            assert probe not in text, (page, probe)
    for probe in probes:
        assert probe[:20] not in index, probe


def test_fragments_in_page_equal_the_renderer(built_course):
    from kursbuch.core.project import Course
    from kursbuch.core.render import fragment

    course = Course.load(REPO)
    text = (built_course / "modules" / "m01.html").read_text(encoding="utf-8")
    for act in course.modules["m01"].activities():
        assert fragment(act) in text, act.id
