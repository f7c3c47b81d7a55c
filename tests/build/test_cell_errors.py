"""A module cell that raises: the build names the page, the cell's line, the exception's type and
message, keeps the last good course, and says so again when built once more unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from kbtest import run_kursbuch

from kursbuch.scaffold import new_course

pytestmark = pytest.mark.build

CELL = "```{code-cell} ipython3\nwerte = {'a': 1}\nwerte['b']\n```\n\n"


def test_a_failing_cell_is_located_and_the_last_good_course_stays(tmp_path: Path):
    root = new_course(tmp_path / "kurs", "Testkurs")
    # The last good course, as a build left it (a build of its own would double this test's time).
    (root / "_build" / "html").mkdir(parents=True)
    (root / "_build" / "html" / "index.html").write_text("<p>letzter guter Stand</p>", encoding="utf-8")
    published = {p: p.read_bytes() for p in (root / "_build" / "html").rglob("*")}
    page = root / "modules" / "m01.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("## Einstieg", CELL + "## Einstieg", 1)
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index("werte['b']") + 1
    for _ in range(2):  # the second time nothing changed: Sphinx must not take the failed page as read
        result = run_kursbuch("build", cwd=root)
        assert result.returncode == 1
        assert f"modules/m01.md:{line}: code cell: KeyError: 'b' — correct the code of this cell" in result.stderr, (
            result.stdout[-2000:] + result.stderr[-2000:]
        )
        assert "Traceback" not in result.stderr
        assert {p: p.read_bytes() for p in (root / "_build" / "html").rglob("*")} == published
