"""Shared fixtures. Tests never write into the repository: every project and build
lives in a temporary copy (``course_copy``), and the built course is made once per
session (``built_course``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest import copy_course, run_kursbuch


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


@pytest.fixture(scope="session")
def exported(built_course: Path) -> Path:
    """SCORM packages and data sheets exported from the session's built course (``_build/scorm``)."""
    root = built_course.parent.parent
    result = run_kursbuch("export", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "_build" / "scorm"


@pytest.fixture(scope="session")
def trainer_edition(built_course: Path) -> Path:
    """``kursbuch trainer`` run once beside the session's learner edition: returns ``_build/trainer``
    (the PDF handouts are in ``_build/handouts`` beside it). Checks of the run itself:
    tests/build/test_trainer_edition.py."""
    root = built_course.parent.parent
    learner_index = (built_course / "index.html").read_bytes()
    result = run_kursbuch("trainer", cwd=root)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "WARNING" not in log
    assert "Executing notebook" not in log  # module notebooks need no kernel (a shared cache: test_incremental)
    assert (built_course / "index.html").read_bytes() == learner_index  # its own folder, the learner edition untouched
    return root / "_build" / "trainer"
