"""myst-nb's executors are imported when a notebook is executed (kursbuch.adapters.lazy_execution)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from kursbuch.adapters import lazy_execution
lazy_execution.install()
import myst_nb.sphinx_ext
from myst_nb.core import execute
heavy = sorted(m for m in ("jupyter_cache", "sqlalchemy", "nbclient") if m in sys.modules)
print("before:", ",".join(heavy) or "none")
import nbformat
from myst_nb.core.config import NbParserConfig
notebook = nbformat.v4.new_notebook()
client = execute.create_client(notebook, "<string>", NbParserConfig(execution_mode="cache"), None)
from jupyter_cache import get_cache  # noqa: F401
real = sys.modules["myst_nb.core.execute.cache"]
print("after:", type(client).__module__, isinstance(client, real.NotebookClientCache), real.__file__.endswith("cache.py"))
print("other names:", sys.modules["myst_nb.core.execute.direct"].single_nb_execution.__module__)
"""


def test_executors_are_imported_on_first_use():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout
    assert "before: none" in out  # myst-nb's Sphinx extension loaded without them
    assert "after: myst_nb.core.execute.cache True True" in out  # the real executor, myst-nb's own file
    assert "other names: jupyter_cache.executors.utils" in out  # any other name: the real module
