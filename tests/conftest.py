"""Shared fixtures. Tests never write into the repository: every project and build
lives in a temporary copy (``course_copy``), and the built course is made once per
session (``built_course``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = ["_config.yml", "_toc.yml", "index.md", "modules", "quizzes"]


def copy_course(dest: Path) -> Path:
    """Copy the course sources (not builds, not the venv) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def kursbuch_env() -> dict[str, str]:
    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def run_kursbuch(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kursbuch", *args],
        cwd=cwd,
        env=kursbuch_env(),
        capture_output=True,
        text=True,
    )


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    return copy_course(tmp_path / "course")


@pytest.fixture(scope="session")
def built_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course built once from a temporary copy; returns its ``_build/html``."""
    root = copy_course(tmp_path_factory.mktemp("built") / "course")
    result = run_kursbuch("build", cwd=root)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    # -W makes Sphinx warnings fail the build; this also catches warnings printed by notebook execution.
    assert "WARNING" not in log, [line for line in log.splitlines() if "WARNING" in line]
    return root / "_build" / "html"
