"""A code cell that failed while the book executed a module notebook, located in its MyST page.

myst-nb reports a failing notebook as "Executing notebook failed: CellExecutionError" and writes the
traceback to a report file (``reports/<page>.err.log`` in the Sphinx output). That report quotes the
cell's source between two dashed lines, the line inside the cell (``Cell In[3], line 2``) and ends
with the exception (``KeyError: 'b'``). :func:`cell_error` finds the cell among the page's
``{code-cell}`` blocks and returns one :class:`ContentError` in the one message form::

    modules/m01.md:24: code cell: KeyError: 'b' — correct the code of this cell …

A report it cannot read (a timeout, a dead kernel) still names the page and the report file.
"""

from __future__ import annotations

import re

from .errors import ContentError
from .source_text import shorten

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL = re.compile(r"executing the following cell:\n-{6,}\n(.*?)\n-{6,}\n", re.S)
_LINE_IN_CELL = re.compile(r"^Cell In\[\d+\], line (\d+)", re.M)
_EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*): ?(.*)$")
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*\{code-cell\}")
TODO = "correct the code of this cell and build again (the last good course was left as it was)"


def code_cells(page: str) -> list[tuple[int, str]]:
    """``(line of the first source line, source)`` of every ``{code-cell}`` block of a MyST page."""
    lines = page.splitlines()
    cells = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence = m.group(1)
        j = i + 1
        if j < len(lines) and lines[j].strip() == "---":  # options as a YAML block
            j += 1
            while j < len(lines) and lines[j].strip() != "---":
                j += 1
            j += 1
        while j < len(lines) and lines[j].startswith(":"):  # options as :key: value lines
            j += 1
        if j < len(lines) and not lines[j].strip() and j > i + 1:
            j += 1  # the blank line after the options
        end = j
        while end < len(lines) and not lines[end].startswith(fence):
            end += 1
        cells.append((j + 1, "\n".join(lines[j:end])))
        i = end + 1
    return cells


def cell_error(report: str, page: str, shown: str, report_name: str) -> ContentError:
    """The failing cell of ``page`` (shown as ``shown``) that the report ``report`` describes."""
    text = _ANSI.sub("", report)
    source = _CELL.search(text)
    last = next((line.strip() for line in reversed(text.splitlines()) if line.strip()), "")
    exception = _EXCEPTION.match(last)
    if source is None or exception is None:
        return ContentError(
            shown,
            None,
            ("code cell",),
            f"the notebook stopped while it was executed ({shorten(last, 120)}) — see {report_name}, then {TODO}",
        )
    line = None
    wanted = source.group(1).strip()
    for start, body in code_cells(page):
        if body.strip() == wanted:
            inside = _LINE_IN_CELL.search(text)
            leading = len(body) - len(body.lstrip("\n"))  # blank lines before the code
            line = start + body[:leading].count("\n") + (int(inside.group(1)) - 1 if inside else 0)
            break
    name, message = exception.groups()
    message = message if len(message) <= 200 else message[:199] + "…"
    return ContentError(shown, line, ("code cell",), f"{name}: {message} — {TODO}")
