"""nbval over every module notebook.

Each MyST notebook is converted with jupytext into a temporary copy of the course,
executed once with nbconvert to record reference outputs, then re-run by nbval in a
fresh kernel, which compares every cell's output with the reference (widget model ids
are random by nature and nbval skips them; the static text/html rendering is compared).
So the test fails when a cell errors or when its output is not deterministic.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from kbtest import REPO, kursbuch_env
from nbconvert.preprocessors import ExecutePreprocessor

from kursbuch.core.project import CALL_RE

MODULES = sorted((REPO / "modules").glob("*.md"))


def test_there_are_module_notebooks():
    assert MODULES, "no modules/*.md found"


@pytest.mark.parametrize("source", MODULES, ids=lambda p: p.stem)
def test_module_notebook_runs_deterministically(source: Path, course_copy: Path):
    nb = jupytext.read(source)
    target = course_copy / "modules" / f"{source.stem}.ipynb"
    ExecutePreprocessor(timeout=120, kernel_name="python3").preprocess(nb, {"metadata": {"path": str(target.parent)}})
    nbformat.write(nb, target)

    calls = len(CALL_RE.findall(source.read_text(encoding="utf-8")))
    html_outputs = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if "text/html" in o.get("data", {})
    ]
    assert len(html_outputs) == calls, "every activity call must produce its static HTML rendering"

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider", "-q", str(target)],
        cwd=course_copy,
        env=kursbuch_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
