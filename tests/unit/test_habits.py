"""Code habits as tests: ruff (lint and format), mypy over the core and the exporters, eslint over
the shipped browser files. Each tool runs over the repository as it is (read-only) and must report
nothing; its own output is the failure message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from kbtest import REPO

BIN = Path(sys.executable).parent
ESLINT = REPO / "tests" / "node_modules" / ".bin" / "eslint"


def _run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True)


@pytest.mark.parametrize(
    "args",
    [
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--no-cache", "--check", "."],
        ["mypy", "--no-incremental", "--cache-dir", "/dev/null"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_python_tool_is_clean(args):
    result = _run([str(BIN / args[0]), *args[1:]])
    assert result.returncode == 0, result.stdout + result.stderr


def test_eslint_is_clean():
    assert ESLINT.exists(), "eslint missing: run bash scripts/setup.sh --test"
    result = _run(
        [str(ESLINT), "--max-warnings=0", "--config", "tests/eslint.config.mjs", "kursbuch/assets", "kursbuch/items"]
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_eslint_finds_a_planted_problem(tmp_path):
    """The eslint run above really lints the assets: a file with a loose comparison fails it."""
    planted = REPO / "kursbuch" / "assets" / "_planted_by_test.js"
    # Lint from stdin under the assets' path, so nothing is written into the repository.
    result = subprocess.run(
        [str(ESLINT), "--config", "tests/eslint.config.mjs", "--stdin", "--stdin-filename", str(planted)],
        cwd=REPO,
        input="var x = 1; if (x == 2) { x = 3; }\n",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "eqeqeq" in result.stdout, result.stdout + result.stderr
