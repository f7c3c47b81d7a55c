"""Figure numbering from kept skeletons (kursbuch.adapters.figure_numbers): the same numbers as
Sphinx's own walk, and unchanged pages' doctrees are not unpickled again for it."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

PAGES = {
    "index.rst": "Kurs\n====\n\n.. toctree::\n\n   a\n   b\n",
    "a.rst": """A
=

.. table:: Erste Tabelle

   ===  ===
   x    y
   ===  ===

Teil
----

.. code-block:: python
   :caption: Ein Beispiel

   print(1)

.. code-block:: python

   print("ohne Titel: nicht nummeriert")

.. list-table:: Zweite Tabelle

   * - z

.. note::

   .. table:: In einem Hinweis

      ===  ===
      p    q
      ===  ===
""",
    "b.rst": "B\n=\n\n.. table:: In B\n\n   ===  ===\n   u    v\n   ===  ===\n",
}
EDIT = "\n.. code-block:: text\n   :caption: Neu in B\n\n   neu\n"


def _project(folder: Path, with_skeletons: bool) -> Path:
    folder.mkdir()
    extensions = ["kursbuch.adapters.figure_numbers"] if with_skeletons else []
    (folder / "conf.py").write_text(f"numfig = True\nextensions = {extensions!r}\n", encoding="utf-8")
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _build(src: Path) -> dict:
    app = Sphinx(str(src), str(src), str(src / "_build"), str(src / "_build" / ".doctrees"), "html", status=None)
    app.build()
    return app.env.toc_fignumbers


def test_numbers_are_sphinxs_own_after_an_edit(tmp_path, monkeypatch):
    ours, plain = _project(tmp_path / "ours", True), _project(tmp_path / "plain", False)
    first = _build(ours)
    assert first == _build(plain)
    assert first["a"]["table"] and first["a"]["code-block"]  # there is something to number
    assert (ours / "_build" / ".doctrees" / "kursbuch-figure-skeletons.pickle").is_file()

    unpickled: list[str] = []
    real = BuildEnvironment.get_doctree

    def counting(self: BuildEnvironment, docname: str):
        unpickled.append(docname)
        return real(self, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", counting)
    for project in (ours, plain):
        with (project / "b.rst").open("a", encoding="utf-8") as f:
            f.write(EDIT)
    unpickled.clear()
    again = _build(ours)
    assert "a" not in unpickled  # unchanged, not written again: its skeleton was kept
    assert again == _build(plain)
    assert again["b"]["code-block"]  # the new captioned block is numbered


def test_a_lost_skeleton_file_is_made_again(tmp_path):
    ours = _project(tmp_path / "ours", True)
    _build(ours)
    kept = ours / "_build" / ".doctrees" / "kursbuch-figure-skeletons.pickle"
    kept.write_bytes(b"not a pickle")
    (ours / "b.rst").write_text(PAGES["b.rst"] + EDIT, encoding="utf-8")
    numbers = _build(ours)
    plain = _project(tmp_path / "plain", False)
    shutil.copy(ours / "b.rst", plain / "b.rst")
    assert numbers == _build(plain)


def test_a_skeleton_holds_no_reference_to_its_page(tmp_path):
    import pickle

    from kursbuch.adapters import figure_numbers

    ours = _project(tmp_path / "ours", True)
    _build(ours)
    _, table = pickle.loads((ours / "_build" / ".doctrees" / figure_numbers.FILE).read_bytes())
    for _, kept in table.values():
        assert all(node.document is None for node in kept.findall())
