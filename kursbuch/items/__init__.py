"""The item-type registry: the one table of quiz item types.

Each entry names a folder ``kursbuch/items/<type>/`` whose ``__init__.py`` defines ``TYPE`` (a
:class:`kursbuch.core.itemtype.ItemType`) and whose ``item.js`` (and optional ``item.css``)
registers the same type with the engine. The order here is the order of the format reference,
the JSON Schema's union and the engine bundle. Adding a type = a new folder + one line here.
"""

from __future__ import annotations

from importlib import import_module

from ..core.itemtype import ItemType

# The table. Scenario logic is not an item type: it lives in the engine core and core.model.
NAMES = [
    "single",
    "multiple",
    "truefalse",
    "matching",
    "ordering",
    "judgement",
    "reflection",
    "selfassessment",
]

TYPES: list[ItemType] = [import_module(f"{__name__}.{name}").TYPE for name in NAMES]
BY_NAME: dict[str, ItemType] = {t.name: t for t in TYPES}
SCORED_TYPES: tuple[str, ...] = tuple(t.name for t in TYPES if t.scored)


def item_type(name: str) -> ItemType | None:
    return BY_NAME.get(name)
