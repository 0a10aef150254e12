"""The menu as a registry: each app adds its own entries in its ``AppConfig.ready``.

Core knows no feature app: ``register(MenuEntry(...))`` puts an entry in the main bar
(``section="main"``) or under the office's 管理 menu (``section="office"``), at ``order``. For every
request ``core.context_processors.navigation`` asks each entry for its URL given a ``MenuRequest``
(``url`` returns None to hide the entry from this person), then keeps only the pages that let the
person in (``core.navigation.page_allows``), so an entry cannot lead to a 404. Adding an app touches
no core file: the app registers its entries, its to-do providers (``campaigns.todos.register``),
its evidence kinds (``assignments.evidence.register_provider``) and its audit labels.

Related main-bar entries share one dropdown so that the bar stays one line on a desktop: an app
registers the group once (``register_group(MenuGroup(...))``; registering it again under the same
key replaces it, so two apps may both name it) and its entries say ``group="<key>"``. ``arrange``
decides, for the entries one person sees, what the bar shows: a group in its own place, holding its
entries in their order; a group of which the person sees a single entry shows that entry plainly,
in the group's place; a group of which the person sees none is not shown.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from django.utils.functional import Promise

Section = Literal["main", "office"]
T = TypeVar("T")


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
    group: str | None = None  # a MenuGroup's key: shown in that dropdown of the main bar

    def __post_init__(self) -> None:
        if self.group is not None and self.section != "main":
            raise ValueError(f"menu entry {self.key}: only main-bar entries are grouped")


@dataclass(frozen=True)
class MenuGroup:
    """A dropdown of the main bar: ``label`` on its toggle (and as the heading of its list in the
    phone menu), ``icon`` beside it in the phone menu, ``order`` its place among the entries."""

    key: str  # unique: "honours"
    label: str | Promise
    icon: str
    order: int


_entries: dict[str, MenuEntry] = {}
_groups: dict[str, MenuGroup] = {}


def register(*entries: MenuEntry) -> None:
    """Add (or, under the same key, replace) menu entries."""
    for entry in entries:
        _entries[entry.key] = entry


def register_group(*groups: MenuGroup) -> None:
    """Add (or, under the same key, replace) main-bar groups."""
    for group in groups:
        _groups[group.key] = group


def entries(section: Section) -> list[MenuEntry]:
    return sorted((e for e in _entries.values() if e.section == section), key=lambda e: (e.order, e.key))


def groups() -> list[MenuGroup]:
    return sorted(_groups.values(), key=lambda g: (g.order, g.key))


def arrange(shown: Sequence[tuple[MenuEntry, T]]) -> list[tuple[MenuGroup | None, list[T]]]:
    """The main bar for the entries one person sees, each with what the caller made of it (``T``,
    the rendered item), in ``entries`` order: a list of slots ``(group, items)``, in order of the
    entry's or the group's ``order``. A slot of an entry on its own is ``(None, [item])``; a group's
    slot holds two items or more. An entry whose group was never registered stands on its own (a
    test checks that every group named is registered)."""
    grouped: dict[str, list[tuple[MenuEntry, T]]] = {}
    slots: list[tuple[tuple[int, str], MenuGroup | None, list[T]]] = []
    for entry, item in shown:
        if entry.group is not None and entry.group in _groups:
            grouped.setdefault(entry.group, []).append((entry, item))
        else:
            slots.append(((entry.order, entry.key), None, [item]))
    for key, members in grouped.items():
        group = _groups[key]
        place = (group.order, key)
        if len(members) == 1:
            slots.append((place, None, [members[0][1]]))
        else:
            members.sort(key=lambda pair: (pair[0].order, pair[0].key))
            slots.append((place, group, [item for _, item in members]))
    slots.sort(key=lambda slot: slot[0])
    return [(group, items) for _, group, items in slots]
