"""Hostile content that passes ``kursbuch check`` runs no script and makes no request to another host.

One build of a one-module course carries every payload at once (browser time stays small): a course
title with markup and script, quiz texts with script, event handlers and an image from another host
written as text, a module page with script in code and a link to another host. In chromium, the
course page shows them as text: no dialog opened, no payload set its marker, no request left
127.0.0.1, and the outside link is marked and opens without a referrer."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest import one_module_course, run_kursbuch
from pagekit import serve

RAN = "window.__kbHostile = 1"
TITLE = f"Kurs <script>{RAN}</script><img src=x onerror='{RAN}'> & Co"
QUIZ_TEXT = f"Was tun Sie <script>{RAN}</script> <img src=//evil.example/a.png onerror='{RAN}'> zuerst?"
PAGE_TEXT = (
    f'\nIm Code: `<script>{RAN}</script>` und `<svg onload="{RAN}">`.\n\n'
    "Mehr bei [Beispiel](https://evil.example/info).\n"
)


@pytest.fixture(scope="module")
def hostile_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = one_module_course(tmp_path_factory.mktemp("hostile") / "course")
    config = root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("\ntitle: ") + 1
    end = text.index("\n", start)
    title = TITLE.replace('"', '\\"')
    config.write_text(f'{text[:start]}title: "{title}"{text[end:]}', encoding="utf-8")
    quiz = root / "quizzes" / "m01.yml"
    quiz.write_text(
        quiz.read_text(encoding="utf-8").replace(
            "prompt: Was tun Sie zuerst?", "prompt: " + QUIZ_TEXT.replace('"', '\\"').join('""'), 1
        ),
        encoding="utf-8",
    )
    with (root / "modules" / "m01.md").open("a", encoding="utf-8") as f:
        f.write(PAGE_TEXT)
    result = run_kursbuch("build", cwd=root)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return root / "_build" / "html"


def test_hostile_text_runs_no_script_and_calls_no_other_host(hostile_course: Path, page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve(hostile_course) as url:
        page.goto(f"{url}/modules/m01.html", wait_until="load")
        page.wait_for_selector("#kb-m01-s1 .kb-node-title")  # the engine mounted the case
        assert page.evaluate("window.__kbHostile") is None
        assert dialogs == []
        assert page.recorder.outside_requests() == []
        # The title and the quiz text are shown as text.
        assert "<script>" in page.inner_text(".logo__title")
        assert page.get_by_text("Was tun Sie <script>", exact=False).count() >= 1
        link = page.locator('a[href="https://evil.example/info"]')
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert "(externer Link, öffnet in neuem Fenster)" in link.inner_text()
        assert link.get_attribute("target") == "_blank"
        page.goto(f"{url}/index.html", wait_until="load")
        assert page.evaluate("window.__kbHostile") is None
        assert page.recorder.outside_requests() == []
