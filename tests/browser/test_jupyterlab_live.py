"""A trainer runs the m01 case and quiz live in JupyterLab: the same engine renders as a
widget, and the decisions and answers made in the browser are readable from Python."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from kbtest import kursbuch_env
from learner import answer, decide

pytestmark = pytest.mark.browser

CELLS = [
    'from kursbuch import quiz, scenario\nw = scenario("m01-s1")\nw',
    'q = quiz("m01-wissen")\nq',
    'print("STATE", w.path, w.variables["vertrauen"], q.answers.get("m01-q07"), q.result.points)',
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(course_copy: Path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nbformat.write(nb, course_copy / "modules" / "live.ipynb")
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={course_copy}",
        "--LabApp.news_url=None",  # no news feed from the internet
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",  # no package index queries
    ]
    proc = subprocess.Popen(cmd, cwd=course_copy, env=kursbuch_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("JupyterLab did not start: " + proc.stderr.read().decode()[-2000:])
            time.sleep(0.5)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def run_cell(page, index: int) -> None:
    page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")


def test_case_and_quiz_run_live_and_sync_to_python(page, lab):
    page.set_default_timeout(60_000)
    page.goto(f"{lab}/lab/tree/modules/live.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.get_by_text("Python 3 | Idle").wait_for()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator("li[data-command='runmenu:run-all']").click()
    page.wait_for_function("document.querySelectorAll('.jp-OutputArea .kb-root').length === 2")
    first = page.locator(".jp-Notebook .jp-Cell").nth(2).locator(".jp-OutputArea-output")
    first.filter(has_text="STATE").wait_for()
    assert "STATE [] 0 None 0.0" in first.inner_text()

    # The same engine, live: decide in the case, answer a quiz item.
    assert "Zuerst kommt die Fürsorge" in decide(page, "m01-s1", "Sie nehmen sich Zeit")
    answer(page, "m01-q07", "single", "a")
    page.locator("#kb-m01-q07").get_by_role("button", name="Antwort prüfen").click()
    assert "Richtig." in page.locator("#kb-m01-q07 .kb-feedback").inner_text()

    page.wait_for_timeout(500)  # widget messages reach the kernel asynchronously
    run_cell(page, 2)
    out = page.locator(".jp-Notebook .jp-Cell").nth(2).locator(".jp-OutputArea-output")
    out.filter(has_text="m01-s1-n1").wait_for()
    assert "STATE [('m01-s1-n1', 'b')] 1 a 1.0" in out.inner_text()  # the case's variables too
    assert page.recorder.outside_requests() == []
