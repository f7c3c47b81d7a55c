"""A trainer runs the m01 case and quiz live in JupyterLab: the same engine renders as a
widget, and the decisions and answers made in the browser are readable from Python."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from kbtest import Lines, kursbuch_env, wait_until
from learner import answer, decide

pytestmark = pytest.mark.browser

CELLS = [
    'from kursbuch import quiz, scenario\nw = scenario("m01-s1")\nw',
    'q = quiz("m01-wissen")\nq',
    'print("STATE", w.path, w.variables["vertrauen"], q.answers.get("m01-q10"), q.result.points)',
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
        # A workspace of its own: JupyterLab restores the last layout from ~/.jupyter/lab/workspaces,
        # which opened the previous test's notebook beside this one (its hidden cells matched first).
        f"--LabApp.workspaces_dir={course_copy.parent / 'lab-workspaces'}",
    ]
    proc = subprocess.Popen(
        cmd, cwd=course_copy, env=kursbuch_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    log = Lines(proc.stderr)  # read all along: a full pipe would block the server
    base = f"http://127.0.0.1:{port}"
    try:
        log.wait_for(lambda line: "is running at" in line, "JupyterLab to start", timeout=120)
        # The port is bound on the server's first turn of its event loop, just after that line.
        wait_until(lambda: accepts(port), 30, f"JupyterLab to accept connections on port {port}")
    except AssertionError as exc:
        proc.kill()
        pytest.fail(f"JupyterLab did not start: {exc}")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False


# Records, in the page, every message JupyterLab sends to a kernel (JSON text or the binary
# v1.kernel.websocket.jupyter.org frame: offset count, offsets, then channel, header, parent
# header, metadata, content), so a test can wait until a widget's state has actually been sent.
RECORD_KERNEL_MESSAGES = """
(() => {
  const sent = (window.__kbSent = []);
  const text = new TextDecoder();
  function decode(data) {
    if (typeof data === "string") {
      const m = JSON.parse(data);
      return { type: m.header.msg_type, content: m.content };
    }
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = Number(view.getBigUint64(0, true));
    const at = (i) => Number(view.getBigUint64(8 * (i + 1), true));
    const part = (i) => JSON.parse(text.decode(bytes.subarray(at(i), at(i + 1))));
    return { type: part(1).msg_type, content: part(4), parts: n };
  }
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try { sent.push(decode(data)); } catch (e) { sent.push({ type: "undecoded", error: String(e) }); }
    return send.call(this, data);
  };
})();
"""

# True once the widgets' state with the decision and the answer has gone to the kernel: the kernel
# handles its messages in order, so a cell run after that reads this state.
STATE_SENT = """
() => {
  const states = window.__kbSent
    .filter((m) => m.type === "comm_msg" && m.content.data && m.content.data.state && m.content.data.state.state)
    .map((m) => m.content.data.state.state);
  const decided = states.some((s) => (s.path || []).some((p) => p.node === "m01-s1-n1" && p.choice === "b"));
  const answered = states.some((s) => s.answers && s.answers["m01-q10"] === "a");
  return decided && answered;
}
"""


def run_cell(page, index: int) -> None:
    page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")


def test_case_and_quiz_run_live_and_sync_to_python(page, lab):
    page.set_default_timeout(60_000)
    page.add_init_script(RECORD_KERNEL_MESSAGES)
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
    answer(page, "m01-q10", "single", "a")
    page.locator("#kb-m01-q10").get_by_role("button", name="Antwort prüfen").click()
    assert "Richtig." in page.locator("#kb-m01-q10 .kb-feedback").inner_text()

    page.wait_for_function(STATE_SENT)  # widget state reaches the kernel asynchronously (and throttled)
    run_cell(page, 2)
    out = page.locator(".jp-Notebook .jp-Cell").nth(2).locator(".jp-OutputArea-output")
    out.filter(has_text="m01-s1-n1").wait_for()
    assert "STATE [('m01-s1-n1', 'b')] 1 a 1.0" in out.inner_text()  # the case's variables too
    assert page.recorder.outside_requests() == []


def test_live_session_from_a_cell_shows_the_presenter_view(page, lab, course_copy):
    """``live_session("m01-s1")`` in a cell starts the live server in the kernel: its output shows
    the QR code, the join code and address, and the presenter view (the presentation mode connected
    to that server) in a frame."""
    from playwright.sync_api import expect

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell('from kursbuch.live import live_session\nlive_session("m01-s1")')]
    nbformat.write(nb, course_copy / "modules" / "live-session.ipynb")
    page.set_default_timeout(60_000)
    page.goto(f"{lab}/lab/tree/modules/live-session.ipynb")
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.get_by_text("Python 3 | Idle").wait_for()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator("li[data-command='runmenu:run-all']").click()
    cell = page.locator(".kb-live-cell")
    cell.wait_for()
    code = cell.get_attribute("data-kb-live-code")
    assert code and cell.locator("svg[role=img]").count() == 1 and f"/j/{code}" in cell.inner_text()
    frame = page.frame_locator(".kb-live-frame")
    expect(frame.locator(".kb-live-conn")).to_have_text("Verbunden.")
    expect(frame.locator(".kb-live-code")).to_contain_text(code)
    frame.locator(".kb-present-next").focus()  # Fall beginnen (by keyboard: the frame runs below the fold)
    page.keyboard.press("Enter")
    expect(frame.locator(".kb-present-title")).to_contain_text("Entscheidung 1:")
    assert page.recorder.outside_requests() == []
