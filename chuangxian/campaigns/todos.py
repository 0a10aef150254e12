"""What a user personally still has to do, shown on the home page.

Feature apps register a provider at start-up (in their ``AppConfig.ready``); each provider returns the
items it knows about. A provider that serves a role whose pages are still to come (``core.roles.
ROLE_OUTLOOK``: judges, the handling office, representatives) says so with ``serves=``; until one
does, the holders of that role are told what it will let them do instead of an empty list.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.core.actors import Actor
from chuangxian.core.roles import ROLE_OUTLOOK, Role
from chuangxian.orgs.permissions import roles_of


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    due: date | None = None
    detail: str = ""


@dataclass(frozen=True)
class RoleOutlook:
    """A role of the user whose pages are still to come: what it will let them do, and the
    campaign's phases in which that happens (``name``, first day, last day), if the campaign has
    any."""

    role: str
    label: str
    text: str
    phases: tuple[tuple[str, date, date], ...] = ()


TodoProvider = Callable[[Actor, Campaign], list[TodoItem]]
_providers: list[TodoProvider] = []
_served: dict[TodoProvider, frozenset[str]] = {}

# The phase action in which a role's work falls, for the roles whose work is tied to one.
ROLE_PHASE_ACTIONS: dict[str, str] = {Role.JUDGE: PhaseAction.NOMINATION}


def register(provider: TodoProvider, *, serves: Iterable[str] = ()) -> TodoProvider:
    """Add ``provider`` to every user's to-do list. ``serves`` names the roles of ``ROLE_OUTLOOK``
    whose to-dos it lists, so their holders stop seeing the notice of what is to come."""
    if provider not in _providers:
        _providers.append(provider)
    _served[provider] = frozenset(serves)
    return provider


def unregister(provider: TodoProvider) -> None:
    """Remove ``provider`` (tests that register a provider of their own take it out again)."""
    if provider in _providers:
        _providers.remove(provider)
    _served.pop(provider, None)


def role_outlook_for(user: Actor, campaign: Campaign | None) -> list[RoleOutlook]:
    """For each role of ``user`` in ``ROLE_OUTLOOK`` that no registered provider serves yet, what it
    will let them do (in the order of ``core.roles.Role``); no query beyond the user's cached roles
    and the campaign's prefetched phases."""
    served = frozenset().union(*_served.values())
    held = roles_of(user)
    outlook = []
    for role in Role:
        if role not in held or role not in ROLE_OUTLOOK or role in served:
            continue
        action = ROLE_PHASE_ACTIONS.get(role)
        phases: tuple[tuple[str, date, date], ...] = ()
        if campaign is not None and action is not None:
            phases = tuple(
                (p.name, p.starts_on, p.ends_on) for p in campaign.phases.all() if action in p.actions
            )
        outlook.append(
            RoleOutlook(role=role, label=str(role.label), text=str(ROLE_OUTLOOK[role]), phases=phases)
        )
    return outlook


def todos_for(user: Actor, campaign: Campaign) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in _providers:
        items.extend(provider(user, campaign))
    return sorted(items, key=lambda item: (item.due is None, item.due or date.max, item.title))
