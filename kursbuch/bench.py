"""``kursbuch bench``: build, rebuild, export, package and page figures, each beside its target.

Every figure is the median of several runs in temporary copies of the course (nothing is written
into the project). What is measured:

- clean build of the course plus all exports, and the same book built by plain
  ``jupyter-book build`` (Jupyter Book's default configuration, without this project's Sphinx
  extension, checks, publishing and export), as a ratio from the same run;
- rebuild after editing one module's text and after editing one quiz file, each by a new
  ``kursbuch build`` process and inside a running ``kursbuch watch`` (from the edit until it reports
  "Course built"; three edits of each kind per session, the median of all);
- the export alone; every package's size and file count;
- in headless chromium, a module page's transferred bytes, request count and the time from
  navigation start until every activity is mounted (``performance.mark("kursbuch-interactive")``);
- scaling: clean builds of 8, 32 and 64 generated modules (copies of a real one with new ids),
  reported as time per module.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from .paths import BuildPaths

# docs/ holds files the course settings name (module template, deny-list): kursbuch check needs them.
SOURCES = ["_config.yml", "_toc.yml", "modules", "quizzes", "docs"]


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None

    def line(self) -> str:
        verdict = "" if self.ok is None else ("  OK" if self.ok else "  MISSED")
        target = f"  (target {self.target})" if self.target else ""
        return f"{self.name:<62} {self.value:>10.3f} {self.unit:<6}{target}{verdict}"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return env


def _copy(root: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in [*SOURCES, *(p.name for p in root.glob("*.md") if p.name != "README.md")]:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def _run(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    took = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return took


def _kb(*args: str) -> list[str]:
    return [sys.executable, "-m", "kursbuch", *args]


def _plain_config(root: Path) -> None:
    """Jupyter Book's defaults: drop this project's sphinx block (extension list, overrides)."""
    yaml = YAML()
    cfg = yaml.load((root / "_config.yml").read_text(encoding="utf-8"))
    cfg.pop("sphinx", None)
    cfg.pop("kursbuch", None)
    with (root / "_config.yml").open("w", encoding="utf-8") as f:
        yaml.dump(cfg, f)


def generated_course(root: Path, dest: Path, count: int, template: str = "m01") -> Path:
    """A course of ``count`` copies of module ``template`` with fresh ids (m10, m11, …)."""
    _copy(root, dest)
    for f in (dest / "modules").glob("*.md"):
        f.unlink()
    for f in (dest / "quizzes").glob("*.yml"):
        f.unlink()
    page = (root / "modules" / f"{template}.md").read_text(encoding="utf-8")
    quiz = (root / "quizzes" / f"{template}.yml").read_text(encoding="utf-8")
    chapters = []
    for i in range(count):
        mid = f"m{10 + i:02d}"
        (dest / "modules" / f"{mid}.md").write_text(page.replace(template, mid), encoding="utf-8")
        (dest / "quizzes" / f"{mid}.yml").write_text(quiz.replace(template, mid), encoding="utf-8")
        chapters.append(f"  - file: modules/{mid}\n")
    pages = [p.stem for p in dest.glob("*.md") if p.stem != "index"]
    chapters += [f"  - file: {p}\n" for p in sorted(pages)]
    (dest / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n" + "".join(chapters), encoding="utf-8")
    quellen = dest / "quellen.md"
    if quellen.exists():  # it links the real modules, which this course does not have
        quellen.write_text("# Quellen\n\nSiehe die Module.\n", encoding="utf-8")
    return dest


def _edit_text(module: Path, i: int) -> None:
    with module.open("a", encoding="utf-8") as f:
        f.write(f"\nEin zusätzlicher Satz für die Messung {i}.\n")


def _edit_quiz(quiz: Path, i: int) -> None:
    quiz.write_text(quiz.read_text(encoding="utf-8") + f"\n# Messung {i}\n", encoding="utf-8")


def watch_rebuilds(course: Path, module: Path, quiz: Path, i: int, rounds: int = 3) -> tuple[list[float], list[float]]:
    """Seconds from an edit until ``kursbuch watch`` reports the course built, for ``rounds`` text
    edits of ``module`` and edits of ``quiz``, alternating, in one watch session as an author makes
    them (the first edit of a session included; the watcher's start and first build are not)."""
    import queue
    import signal
    import threading

    proc = subprocess.Popen(
        _kb("watch"), cwd=course, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()

    def until(prefix: str) -> None:
        end = time.monotonic() + 300
        while time.monotonic() < end:
            line = lines.get(timeout=max(0.1, end - time.monotonic()))
            if line.startswith("Not built"):
                raise RuntimeError(f"kursbuch watch in {course}: {line}")
            if line.startswith(prefix):
                return
        raise RuntimeError(f"kursbuch watch in {course}: no line {prefix!r} within 300 s")

    try:
        until("Watching")
        text, quizzes = [], []
        for r in range(rounds):
            for edit, target, took in ((_edit_text, module, text), (_edit_quiz, quiz, quizzes)):
                start = time.perf_counter()
                edit(target, 100 * (i + 1) + r)
                until("Course built")
                took.append(time.perf_counter() - start)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    return text, quizzes


def _median(values: list[float]) -> float:
    return statistics.median(values)


def measure(root: Path, runs: int = 3, sizes: tuple[int, ...] = (8, 32, 64), scale_runs: int = 1) -> list[Figure]:
    figures: list[Figure] = []
    work = Path(tempfile.mkdtemp(prefix="kursbuch-bench-"))
    try:
        ours, plain, text_edit, quiz_edit, export, watch_text, watch_quiz = [], [], [], [], [], [], []
        last = None
        for i in range(runs):
            course = _copy(root, work / f"ours{i}")
            t_build = _run(_kb("build"), course)
            t_export = _run(_kb("export"), course)
            ours.append(t_build + t_export)
            export.append(_run(_kb("export"), course))
            module = sorted((course / "modules").glob("*.md"))[len(list((course / "modules").glob("*.md"))) // 2]
            _edit_text(module, i)
            text_edit.append(_run(_kb("build"), course))
            quiz = course / "quizzes" / f"{module.stem}.yml"
            _edit_quiz(quiz, i)
            quiz_edit.append(_run(_kb("build"), course))
            watched = watch_rebuilds(course, module, quiz, i)
            watch_text += watched[0]
            watch_quiz += watched[1]
            p = _copy(root, work / f"plain{i}")
            _plain_config(p)
            plain.append(_run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(p)], p))
            last = course
        clean = _median(ours)
        figures += [
            Figure("clean build + all exports", clean, "s"),
            Figure("plain jupyter-book build of the same book", _median(plain), "s"),
            Figure(
                "overhead ratio (ours / plain)", clean / _median(plain), "x", "<= 1.3", clean / _median(plain) <= 1.3
            ),
        ]
        for label, values in (
            ("rebuild after editing one module's text, `kursbuch build`", text_edit),
            ("rebuild after editing one quiz file, `kursbuch build`", quiz_edit),
            ("rebuild after editing one module's text, `kursbuch watch`", watch_text),
            ("rebuild after editing one quiz file, `kursbuch watch`", watch_quiz),
        ):
            share = _median(values) / clean
            figures += [
                Figure(label, _median(values), "s"),
                Figure("  as share of a clean build", share * 100, "%", "<= 15", share <= 0.15),
            ]
        figures += [
            Figure("export alone", _median(export), "s"),
        ]
        for z in sorted(BuildPaths(last).scorm.glob("*.zip")):
            with zipfile.ZipFile(z) as zf:
                count = len(zf.namelist())
            kb = z.stat().st_size / 1000
            module_pkg = "-kurs-" not in z.name
            figures.append(
                Figure(
                    f"package {z.name} ({count} files)",
                    kb,
                    "KB",
                    "<= 500" if module_pkg else "",
                    kb <= 500 if module_pkg else None,
                )
            )
        figures += page_figures(BuildPaths(last).published(), runs)
        per_module = {}
        for n in sizes:
            times = []
            for r in range(scale_runs):
                course = generated_course(root, work / f"scale{n}-{r}", n)
                times.append(_run(_kb("build"), course))
                shutil.rmtree(course)
            per_module[n] = _median(times) / n
            figures.append(Figure(f"clean build, {n} generated modules: time per module", per_module[n], "s"))
        if len(sizes) >= 2:
            ratio = per_module[sizes[-1]] / per_module[sizes[0]]
            figures.append(
                Figure(f"time per module at {sizes[-1]} / at {sizes[0]}", ratio, "x", "<= 1.2", ratio <= 1.2)
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return figures


def page_figures(html: Path, runs: int) -> list[Figure]:
    """Transferred bytes, requests and time to interactive of a module page in headless chromium."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as every web server an LMS runs behind

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(html)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/modules/m01.html"
    sizes, counts, ready = [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                ],
            )
            for _ in range(max(3 * runs, 9)):  # page timings vary more than build times
                ctx = browser.new_context()  # a cold cache each time
                page = ctx.new_page()
                finished = []
                page.on("requestfinished", finished.append)
                page.goto(url, wait_until="load")
                page.wait_for_function("performance.getEntriesByName('kursbuch-interactive').length > 0")
                page.wait_for_load_state("networkidle")
                ready.append(page.evaluate("performance.getEntriesByName('kursbuch-interactive')[0].startTime"))
                sizes.append(sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished))
                counts.append(len(finished))
                ctx.close()
            browser.close()
    finally:
        httpd.shutdown()
    kb = _median(sizes) / 1000
    return [
        Figure("module page m01: transferred", kb, "KB", "<= 1000", kb <= 1000),
        Figure("module page m01: requests", _median(counts), "", "<= 30", _median(counts) <= 30),
        Figure("module page m01: load to interactive", _median(ready), "ms", "<= 300", _median(ready) <= 300),
    ]


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def main(root: Path, runs: int, sizes: tuple[int, ...], scale_runs: int, json_out: Path | None) -> int:
    print(f"Kursbuch benchmark on {machine()}: median of {runs} runs (scaling: {scale_runs})", flush=True)
    figures = measure(root, runs, sizes, scale_runs)
    for f in figures:
        print(f.line())
    if json_out:
        json_out.write_text(json.dumps([f.__dict__ for f in figures], indent=2) + "\n", encoding="utf-8")
    missed = [f for f in figures if f.ok is False]
    print(f"{len(missed)} target(s) missed." if missed else "Every target met.")
    return 0
