"""A corpus of malformed and hostile inputs (``tests/fixtures/hostile/cases.json``): each one gives
``kursbuch check`` exit 1 and one located message ``file:line: where: what is wrong — what to do``,
never a traceback; the harmless look-alikes pass. Runs in-process on a fresh ``kursbuch new`` course."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kursbuch.cli import main
from kursbuch.scaffold import new_course

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
CASES = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))


def generate(kind: str) -> str:
    if kind == "deep_flow":
        return "module: " + "[" * 5000 + "]" * 5000 + "\n"
    if kind == "deep_block":
        return "module: m01\nquizzes:\n" + "".join("  " * i + "- \n" for i in range(1, 120)) + "  " * 120 + "- x\n"
    if kind == "large":
        return "module: m01\n" + "# Füllzeile\n" * 100_000
    raise ValueError(kind)


def apply(case: dict, root: Path) -> str:
    """Change the course as the case says (``also``: more files); returns the final text of the first file."""
    path = root / case["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if "fixture" in case:
        text = (FIXTURES / case["fixture"]).read_text(encoding="utf-8")
    if "generate" in case:
        text = generate(case["generate"])
    if "write" in case:
        text = case["write"]
    if "replace" in case:
        old, new = case["replace"]
        assert old in text, f"{case['name']}: {old!r} not in {case['file']}"
        text = text.replace(old, new, 1)
    if "sub" in case:  # a regular expression, for a change over several lines
        pattern, new = case["sub"]
        text, n = re.subn(pattern, new, text, count=1)
        assert n == 1, f"{case['name']}: {pattern!r} not in {case['file']}"
    if "append" in case:
        text += case["append"]
    path.write_bytes(text.encode(case.get("encode", "utf-8"), errors="replace"))
    for other in case.get("also", []):  # a second file the case changes as well
        apply({"name": case["name"], **other}, root)
    return text


@pytest.fixture(scope="module")
def fresh_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_course(tmp_path_factory.mktemp("hostile") / "kurs", "Testkurs")


def test_the_corpus_is_large_enough():
    assert len([c for c in CASES if c.get("exit", 1) == 1]) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_input(case: dict, fresh_course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    root = shutil.copytree(fresh_course, tmp_path / "kurs")
    text = apply(case, root)
    code = main(["--root", str(root), "check"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert code == case.get("exit", 1), out.err
    if code == 0:
        return
    first = out.err.splitlines()[0]
    if "line_of" in case:
        line = next(n for n, s in enumerate(text.splitlines(), 1) if case["line_of"] in s)
    elif case.get("line") == "first_non_ascii":  # where a file saved in another encoding stops being UTF-8
        line = next(n for n, s in enumerate(text.splitlines(), 1) if not s.isascii())
    else:
        line = case.get("line")
    where = f"{case['file']}:{line}: " if line is not None else f"{case['file']}: "
    assert first.startswith(where), out.err[:2000]
    # file:line: where: what is wrong — what to do
    assert re.match(r"^[^:]+(:\d+)?: [^:]+: .+ — .+$", first), first
    todo = first.split(" — ", 1)[1]
    assert case["todo"] in todo, first
    assert len(first) <= case.get("max_chars", 500), first[:600]


def test_a_failed_export_leaves_no_staging_folder(tmp_path: Path):
    from kursbuch.export.run import Exporter, ExportError
    from kursbuch.paths import BuildPaths

    exporter = object.__new__(Exporter)  # only what write() needs: a package that fails its checks
    exporter.paths = BuildPaths(tmp_path)

    def failing() -> list:
        raise ExportError("package kursbuch-m01-scorm12 failed its checks")

    exporter.packages = failing  # type: ignore[method-assign]
    (tmp_path / "_build" / "scorm").mkdir(parents=True)
    (tmp_path / "_build" / "scorm" / "alt.zip").write_bytes(b"old")
    with pytest.raises(ExportError):
        exporter.write()
    assert not exporter.paths.staging(exporter.paths.scorm).exists()
    assert (tmp_path / "_build" / "scorm" / "alt.zip").read_bytes() == b"old"


def test_an_embedded_file_in_the_glossary_is_an_export_error_not_a_traceback():
    from kursbuch.export.pages import PageSource
    from kursbuch.export.run import Exporter, ExportError

    exporter = object.__new__(Exporter)
    exporter.glossary = "glossar"
    exporter.course_title = "Kurs"
    exporter.legal = []
    exporter.pages = {"glossar": PageSource("glossar", "Glossar", '<p><img src="_images/a.png" alt="a"></p>')}
    with pytest.raises(ExportError, match="glossar"):
        exporter._extra_page("glossar", "glossar.html", {})


def test_a_failed_handout_run_leaves_no_staging_folder_and_keeps_the_last_handouts(tmp_path: Path):
    from kursbuch.export.run import ExportError
    from kursbuch.handouts import build_handouts
    from kursbuch.paths import BuildPaths

    root = new_course(tmp_path / "kurs", "Testkurs")
    paths = BuildPaths(root)
    paths.pages("trainer").mkdir(parents=True)  # a trainer edition without the module's page
    paths.handouts.mkdir(parents=True)
    (paths.handouts / "m01-teilnehmende.pdf").write_bytes(b"old")
    with pytest.raises(ExportError, match="modules/m01"):
        build_handouts(root)
    assert not paths.staging(paths.handouts).exists()
    assert (paths.handouts / "m01-teilnehmende.pdf").read_bytes() == b"old"
