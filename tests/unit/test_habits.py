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
        [
            str(ESLINT),
            "--max-warnings=0",
            "--config",
            "tests/eslint.config.mjs",
            "kursbuch/assets",
            "kursbuch/items",
            "kursbuch/live/static",
        ]
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


def _imported_top_modules() -> set[str]:
    import ast

    names: set[str] = set()
    for path in (REPO / "kursbuch").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_pyproject_declares_every_imported_library():
    """Every third-party distribution that kursbuch/ imports is a declared dependency (or an extra)."""
    import importlib.metadata
    import re
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *sum(project.get("optional-dependencies", {}).values(), [])]

    def norm(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    declared_names = {norm(re.split(r"[<>=!~ \[;]", d, maxsplit=1)[0]) for d in declared}
    owners = importlib.metadata.packages_distributions()
    missing = {}
    for module in sorted(_imported_top_modules() - set(sys.stdlib_module_names) - {"kursbuch"}):
        dists = {norm(d) for d in owners.get(module, [])}
        assert dists, f"kursbuch imports {module}, which no installed distribution provides"
        if not dists & declared_names:
            missing[module] = sorted(dists)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
