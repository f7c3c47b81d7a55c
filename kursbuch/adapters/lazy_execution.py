"""myst-nb's notebook executors are imported when a notebook is executed, not at every start.

``myst_nb.core.execute`` imports its three executors at once: the cache executor and the direct
one import jupyter-cache, and with it SQLAlchemy; the inline one nbclient. That took a third of a
second of CPU in every ``kursbuch build``, also when every notebook of the course is rendered
without a kernel (``activity_cells``) and nothing is executed.

:func:`install` (called by ``kursbuch.build`` before Jupyter Book is imported) puts a placeholder
module in ``sys.modules`` for each executor module. Its executor class, when myst-nb instantiates
it, imports the real module (the file myst-nb ships, unchanged) and returns an instance of the real
class, which it is from then on; any other name asked of the placeholder imports the real module
too. A process that already imported myst-nb's executors keeps them.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import types
from typing import Any

EXECUTORS = {
    "myst_nb.core.execute.cache": "NotebookClientCache",
    "myst_nb.core.execute.direct": "NotebookClientDirect",
    "myst_nb.core.execute.inline": "NotebookClientInline",
}


class _Placeholder(types.ModuleType):
    """Stands for one executor module until something of it is used."""

    def __getattr__(self, name: str) -> Any:  # only for names the placeholder does not hold
        if name.startswith("__"):  # the import system asks for __path__ and the like: a plain module has none
            raise AttributeError(name)
        return getattr(real_module(self.__name__), name)


def real_module(name: str) -> types.ModuleType:
    """The executor module ``name`` itself, imported now if only its placeholder was."""
    module = sys.modules.get(name)
    if module is not None and not isinstance(module, _Placeholder):
        return module
    package_name, _, short = name.rpartition(".")
    package = importlib.import_module(package_name)
    spec = importlib.machinery.PathFinder.find_spec(name, package.__path__)
    if spec is None or spec.loader is None:
        raise ImportError(f"{name}: not found beside {package_name}", name=name)
    real = importlib.util.module_from_spec(spec)
    sys.modules[name] = real
    try:
        spec.loader.exec_module(real)
    except BaseException:
        if module is not None:
            sys.modules[name] = module
        raise
    setattr(package, short, real)
    return real


def _placeholder(name: str, class_name: str) -> _Placeholder:
    module = _Placeholder(name, f"Placeholder of {name} (kursbuch.adapters.lazy_execution).")

    def create(cls: type, *args: Any, **kwargs: Any) -> Any:
        return getattr(real_module(name), class_name)(*args, **kwargs)

    module.__dict__[class_name] = type(class_name, (), {"__new__": create, "__module__": name})
    return module


def install() -> None:
    """Placeholders for the executor modules, unless myst-nb's executors are imported already."""
    if "myst_nb.core.execute" in sys.modules:
        return
    for name, class_name in EXECUTORS.items():
        sys.modules.setdefault(name, _placeholder(name, class_name))
