"""What the command line imports before it knows the command: nothing of the book tool chain."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sphinx", "jupyter_book", "myst_nb", "docutils", "tinycss2", "fontTools", "brotli", "sqlalchemy")


def test_the_command_line_and_the_build_module_import_no_tool_chain():
    script = "import sys, kursbuch.cli, kursbuch.build, kursbuch.slim; print(sorted(m for m in %r if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", script % (HEAVY,)], capture_output=True, text=True, check=True)
    # kursbuch.slim parses style sheets with tinycss2 only when a sheet is not in its cache
    assert out.stdout.strip() == "[]"
