"""The menu as a registry: each app adds its own entries in its ``AppConfig.ready``.

Core knows no feature app: ``register(MenuEntry(...))`` puts an entry in the main bar
(``section="main"``) or under the office's 管理 menu (``section="office"``), at ``order``. For every
request ``core.context_processors.navigation`` asks each entry for its URL given a ``MenuRequest``
(``url`` returns None to hide the entry from this person), then keeps only the pages that let the
person in (``core.navigation.page_allows``), so an entry cannot lead to a 404. Adding an app touches
no core file: the app registers its entries, its to-do providers (``campaigns.todos.register``),
its evidence kinds (``assignments.evidence.register_provider``) and its audit labels.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.functional import Promise

Section = Literal["main", "office"]


@dataclass
class MenuRequest:
    """What an entry may ask about the person the menu is for. ``cache`` lets entries share a value
    computed once per request (the officer units, whether the person is the office)."""

    user: Any
    cache: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


@dataclass(frozen=True)
class MenuEntry:
    key: str  # unique: "orgs.tree"
    label: str | Promise
    icon: str  # a Bootstrap icon name without "bi-"
    url: Callable[[MenuRequest], str | None]  # None: not for this person
    order: int
    section: Section = "main"
    badge: Callable[[MenuRequest], int] | None = None


_entries: dict[str, MenuEntry] = {}


def register(*entries: MenuEntry) -> None:
    """Add (or, under the same key, replace) menu entries."""
    for entry in entries:
        _entries[entry.key] = entry


def entries(section: Section) -> list[MenuEntry]:
    return sorted((e for e in _entries.values() if e.section == section), key=lambda e: (e.order, e.key))
