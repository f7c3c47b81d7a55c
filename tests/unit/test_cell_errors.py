"""A failing code cell is reported with its page, its line there, the exception's type and message.

The report is the one myst-nb wrote for a real failing cell (``tests/fixtures/cells/keyerror.err.log``,
colour codes and all); the build test (tests/build/test_cell_errors.py) runs the whole way."""

from __future__ import annotations

from pathlib import Path

from kursbuch.core.cell_errors import cell_error, code_cells

REPORT = (Path(__file__).resolve().parent.parent / "fixtures" / "cells" / "keyerror.err.log").read_text(
    encoding="utf-8"
)
PAGE = """# Titel

```{code-cell} ipython3
:tags: [remove-cell]

x = 1
```

Text.

```{code-cell} ipython3
---
tags: [remove-input]
---
werte = {'a': 1}
werte['b']
```
"""


def test_code_cells_are_found_with_the_line_of_their_source():
    assert code_cells(PAGE) == [(6, "x = 1"), (15, "werte = {'a': 1}\nwerte['b']")]


def test_the_failing_cell_is_located_in_the_page():
    error = cell_error(REPORT, PAGE, "modules/m05.md", "_build/work/reports/modules/m05.err.log")
    assert str(error).startswith("modules/m05.md:16: code cell: KeyError: 'b' — correct the code of this cell")


def test_a_report_without_a_cell_still_names_the_page_and_the_report():
    error = cell_error("Timeout\nCellTimeoutError: A cell timed out", "# T\n", "modules/m05.md", "r/m05.err.log")
    assert str(error).startswith("modules/m05.md: code cell: the notebook stopped while it was executed")
    assert "see r/m05.err.log" in str(error)


def test_a_cell_the_page_no_longer_has_is_reported_without_a_line():
    error = cell_error(REPORT, "# T\n", "modules/m05.md", "r")
    assert str(error).startswith("modules/m05.md: code cell: KeyError: 'b' — ")
